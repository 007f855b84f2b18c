//! The `askel` command: serve the API (optionally with demo data), mint development tokens,
//! register API clients, print the OpenAPI document.

use std::process::ExitCode;

use askel_api::config::Settings;
use askel_api::services::clients;
use askel_api::startup::build_state;
use askel_api::startup::starting::{Phase, Starting};
use askel_api::{demo, telemetry};
use askel_domain::{ApiClientId, Name, OrganisationId, Role};
use clap::{Parser, Subcommand};
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(
    name = "askel",
    version,
    about = "Askel: the system of record for ESF social-inclusion projects"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default). Configured by ASKEL_* environment variables.
    Serve {
        /// Load the demo dataset into an empty database and print a token for each demo role.
        #[arg(long)]
        demo: bool,
    },
    /// Print a signed JWT for development and tests, with the key the server uses.
    Token {
        /// Roles, comma separated: admin, manager, worker, reporter, referral_handler.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// The organisation the token acts for.
        #[arg(long)]
        org: Option<Uuid>,
        /// The client name written as `sub`.
        #[arg(long, default_value = "cli")]
        sub: String,
        /// The person acted for (`act.sub`).
        #[arg(long)]
        act: Option<String>,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 3600)]
        ttl: u64,
    },
    /// Manage API clients.
    Client {
        #[command(subcommand)]
        command: ClientCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Anonymise the participants of projects past their retention end (as the anonymise
    /// operation does); with --dry-run, only list how many each project has.
    Retention {
        /// List, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the SQLite database, consistently, into a new file while the server runs (restore:
    /// stop the server and point ASKEL_DATABASE_URL at the copy). PostgreSQL: use pg_dump.
    Backup {
        /// The new file.
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ClientCommand {
    /// Register a client and print its id and secret (shown this once).
    Create {
        /// The organisation it acts for (omit for a platform operator client).
        #[arg(long)]
        org: Option<Uuid>,
        /// Roles, comma separated.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// A name to recognise it by.
        #[arg(long, default_value = "API client")]
        name: String,
    },
    /// Disable a client: its tokens are refused at once (within a second on every instance)
    /// and it gets no new ones.
    Disable {
        /// The client's `client_id`.
        client_id: Uuid,
    },
    /// Give a client a new secret (printed once): the old secret stops working and tokens
    /// issued before now are refused.
    Rotate {
        /// The client's `client_id`.
        client_id: Uuid,
    },
}

/// The SQLite file a database URL names (`sqlite://askel.db?mode=rwc` → `askel.db`), if any.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(':')).then(|| path.into())
}

/// On SQLite, an exclusive lock on `<file>.lock` for as long as this server runs: a second
/// `askel serve` on the same file is refused, saying why. PostgreSQL takes any number.
fn serving_lock(url: &str) -> Result<Option<std::fs::File>, String> {
    let Some(file) = sqlite_file(url) else {
        return Ok(None);
    };
    let mut name = file.clone().into_os_string();
    name.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&name)
        .map_err(|e| format!("{}: {e}", std::path::Path::new(&name).display()))?;
    match lock.try_lock() {
        Ok(()) => Ok(Some(lock)),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "another askel server is serving {} already; stop it first (several instances need PostgreSQL)",
            file.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("{}: {e}", file.display())),
    }
}

fn parse_roles(codes: &[String]) -> Result<Vec<Role>, String> {
    use askel_domain::CodeList;
    let allowed = || {
        Role::all()
            .iter()
            .map(|r| r.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    codes
        .iter()
        .map(|c| {
            c.trim()
                .parse::<Role>()
                .map_err(|e| format!("{e}; the roles are {}", allowed()))
        })
        .collect()
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut settings = Settings::from_env().map_err(|e| e.to_string())?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            if demo {
                for warning in demo::settings(&mut settings) {
                    eprintln!("askel: {warning}");
                }
            }
            // One server per SQLite file: a second would share the write lock unawares.
            let _serving = serving_lock(&settings.database_url)?;
            let tracing = telemetry::init(&settings)?;
            let started = std::time::Instant::now();
            // Listening comes first: the process is live while it migrates and loads, and
            // `/health/ready` says which it is doing until the API takes the socket over.
            let starting = Starting::bind(&settings).map_err(|e| e.to_string())?;
            let base = format!(
                "http://{}",
                settings
                    .bind
                    .replace(":0", &format!(":{}", starting.port()))
            );
            tracing::info!(address = %base, elapsed_ms = started.elapsed().as_millis(), "askel is listening; migrating");
            let state = build_state(&settings).await.map_err(|e| e.to_string())?;
            let loaded = if demo {
                starting.enter(Phase::LoadingDemo);
                Some(demo::load(&state).await.map_err(|e| e.to_string())?)
            } else {
                None
            };
            let app = starting
                .hand_over(&settings, state)
                .map_err(|e| e.to_string())?;
            tracing::info!(address = %base, elapsed_ms = started.elapsed().as_millis(), "askel is serving");
            if let Some(loaded) = loaded {
                println!(
                    "{}",
                    if loaded {
                        "Demo data loaded."
                    } else {
                        "The database already holds data; demo data not loaded again."
                    }
                );
                println!("API docs: {base}/docs/");
                println!(
                    "Tokens for the demo roles (valid 12 hours; paste one into Authorize in the docs):"
                );
                let tokens = demo::tokens(app.state(), 12 * 3600).map_err(|e| e.to_string())?;
                for ((label, token), hint) in tokens.into_iter().zip(demo::hints()) {
                    println!("\n  {label}; try first: {hint}\n  {token}");
                }
                println!();
            }
            let stopped = app.run_until_stopped().await.map_err(|e| e.to_string());
            tracing.shutdown();
            stopped
        }
        Command::Token {
            roles,
            org,
            sub,
            act,
            ttl,
        } => {
            let keys =
                askel_api::auth::Keys::from_settings(&settings.jwt).map_err(|e| e.to_string())?;
            if keys.ephemeral {
                eprintln!(
                    "warning: no ASKEL_JWT_SECRET or key files configured; this token will not verify on a server"
                );
            }
            let roles = parse_roles(&roles)?;
            let grant = clients::Grant {
                sub: &sub,
                org: org.map(OrganisationId::from_uuid),
                roles: &roles,
                ttl_seconds: ttl,
                act: act.as_deref(),
            };
            let token = clients::mint(&keys, grant).map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        Command::Client {
            command: ClientCommand::Create { org, roles, name },
        } => {
            let roles = parse_roles(&roles)?;
            let name = Name::parse(&name).map_err(|e| format!("--name {e}"))?;
            let state = build_state(&settings).await.map_err(|e| e.to_string())?;
            let registered =
                clients::register(&state, name, org.map(OrganisationId::from_uuid), roles)
                    .await
                    .map_err(|e| e.to_string())?;
            println!("client_id:     {}", registered.client.id);
            println!("client_secret: {}", registered.secret);
            println!("(the secret is shown only now; Askel keeps only its hash)");
            Ok(())
        }
        Command::Client {
            command: ClientCommand::Disable { client_id },
        } => {
            let state = build_state(&settings).await.map_err(|e| e.to_string())?;
            clients::disable(&state, ApiClientId::from_uuid(client_id))
                .await
                .map_err(|e| e.to_string())?;
            println!("client {client_id} disabled; its tokens are refused from now on");
            Ok(())
        }
        Command::Client {
            command: ClientCommand::Rotate { client_id },
        } => {
            let state = build_state(&settings).await.map_err(|e| e.to_string())?;
            let secret = clients::rotate(&state, ApiClientId::from_uuid(client_id))
                .await
                .map_err(|e| e.to_string())?;
            println!("client_id:     {client_id}");
            println!("client_secret: {secret}");
            println!(
                "(the new secret is shown only now; the old one and its tokens no longer work)"
            );
            Ok(())
        }
        Command::Retention { dry_run } => {
            let state = askel_api::startup::build_state(&settings)
                .await
                .map_err(|e| e.to_string())?;
            let today = chrono::Utc::now().date_naive();
            let due = askel_api::services::retention::due(&state, today)
                .await
                .map_err(|e| e.to_string())?;
            for d in &due {
                println!(
                    "{}: {} participants past the retention end",
                    d.project_code, d.participants
                );
            }
            if due.is_empty() {
                println!("no project is past its retention end");
            } else if !dry_run {
                let n = askel_api::services::retention::run(&state, today)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("anonymised {n} participants");
            }
            Ok(())
        }
        Command::Backup { file } => {
            let db = askel_persistence::Database::connect(&settings.database_url, 1)
                .await
                .map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            db.backup_into(&file).await?;
            println!(
                "backed up into {} in {} ms",
                file.display(),
                started.elapsed().as_millis()
            );
            Ok(())
        }
        Command::Openapi => {
            let doc = askel_api::openapi()
                .to_pretty_json()
                .map_err(|e| e.to_string())?;
            println!("{doc}");
            Ok(())
        }
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("askel: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_server_on_one_sqlite_file_is_refused() {
        assert_eq!(
            sqlite_file("sqlite://askel.db?mode=rwc"),
            Some("askel.db".into())
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://postgres@127.0.0.1/test"), None);
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("askel.db").display()
        );
        let first = serving_lock(&url).unwrap();
        assert!(first.is_some());
        let second = serving_lock(&url).unwrap_err();
        assert!(second.contains("another askel server"), "{second}");
        drop(first);
        assert!(
            serving_lock(&url).unwrap().is_some(),
            "free once the first stops"
        );
        assert!(
            serving_lock("postgres://postgres@127.0.0.1/test")
                .unwrap()
                .is_none()
        );
    }
}
