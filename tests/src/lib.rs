//! The test harness: the real server on a random port against a fresh database, and typed
//! helpers to call it as each kind of caller.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use askel_api::auth::{Claims, Keys};
use askel_api::config::Settings;
use askel_api::startup::Application;
use askel_api::state::AppState;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

mod calls;
pub mod receiver;
mod stories;

pub use calls::{Caller, body, failing_fields, id_of, problem};

/// The HS256 secret every test server signs with.
pub const TEST_SECRET: &str = "askel-test-secret-askel-test-secret-0123456789";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the server named by `ASKEL_TEST_POSTGRES_URL`.
    Postgres,
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The server's state (database and keys), for setting up what has no endpoint.
    pub state: AppState,
    /// The port metrics are served on, when `ASKEL_METRICS_BIND` is set.
    pub metrics_port: Option<u16>,
    /// Which database.
    pub db: Db,
    keys: Arc<Keys>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
    database_url: String,
    overrides: Overrides,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp")
            .field("base", &self.base)
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

/// Settings a test changes from the harness's, e.g. `("ASKEL_RATE_LIMIT", "2")`.
pub type Overrides = &'static [(&'static str, &'static str)];

/// The settings every test server runs with, on `database_url`, port 0.
pub fn test_settings(database_url: &str) -> Settings {
    askel_api::install_tls_provider();
    settings(database_url, &[])
}

fn settings(database_url: &str, overrides: Overrides) -> Settings {
    let url = database_url.to_owned();
    Settings::from_lookup(move |name| match name {
        _ if overrides.iter().any(|(n, _)| *n == name) => overrides
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned()),
        "ASKEL_BIND" => Some("127.0.0.1:0".to_owned()),
        "ASKEL_DATABASE_URL" => Some(url.clone()),
        "ASKEL_DATABASE_MAX_CONNECTIONS" => Some("5".to_owned()),
        "ASKEL_JWT_SECRET" => Some(TEST_SECRET.to_owned()),
        "ASKEL_WORKERS" => Some("1".to_owned()),
        // Tests call far faster than partners; the limit has a test of its own.
        "ASKEL_RATE_LIMIT" => Some("0".to_owned()),
        // So are failed authentications and identity look-ups; each limit has tests of its own.
        "ASKEL_AUTH_FAILURE_LIMIT" | "ASKEL_IDENTITY_LOOKUP_LIMIT" => Some("0".to_owned()),
        // base64 of 32 bytes: the data key for identity codes.
        "ASKEL_DATA_KEY" => Some("YXNrZWwtdGVzdC1kYXRhLWtleS0zMi1ieXRlcy0hISE=".to_owned()),
        _ => None,
    })
    .expect("test settings")
}

impl TestApp {
    /// A server on a fresh SQLite file.
    pub async fn sqlite() -> Self {
        Self::sqlite_with(&[]).await
    }

    /// A server on a fresh SQLite file with some settings changed.
    pub async fn sqlite_with(overrides: Overrides) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("askel.db").display()
        );
        Self::start(&url, Db::Sqlite, Some(dir), None, overrides).await
    }

    /// A server on a fresh PostgreSQL database, or `None` when `ASKEL_TEST_POSTGRES_URL` is not
    /// set. When it is set, an unreachable server fails the test: CI asked for PostgreSQL.
    pub async fn postgres() -> Option<Self> {
        Self::postgres_with(&[]).await
    }

    /// A server on a fresh PostgreSQL database with some settings changed.
    pub async fn postgres_with(overrides: Overrides) -> Option<Self> {
        let Ok(server_url) = std::env::var("ASKEL_TEST_POSTGRES_URL") else {
            eprintln!("ASKEL_TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
            return None;
        };
        let name = format!("askel_t_{}", Uuid::now_v7().simple());
        let url = askel_persistence::testing::create_postgres_database(&server_url, &name)
            .await
            .unwrap_or_else(|e| {
                panic!("ASKEL_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
            });
        Some(
            Self::start(
                &url,
                Db::Postgres,
                None,
                Some((server_url, name)),
                overrides,
            )
            .await,
        )
    }

    async fn start(
        url: &str,
        db: Db,
        dir: Option<tempfile::TempDir>,
        postgres: Option<(String, String)>,
        overrides: Overrides,
    ) -> Self {
        let settings = settings(url, overrides);
        let app = Application::build(&settings)
            .await
            .expect("the application starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let metrics_port = app.metrics_port();
        let state = app.state().clone();
        let keys = state.keys.clone();
        let server = tokio::spawn(app.run_until_stopped());
        Self {
            base,
            http: reqwest::Client::new(),
            state,
            metrics_port,
            db,
            keys,
            server,
            _dir: dir,
            postgres,
            database_url: url.to_owned(),
            overrides,
        }
    }

    /// Another instance of the server on the same database, with the same settings (as behind a
    /// load balancer): its port, and the task serving it.
    pub async fn another_instance(&self) -> (u16, tokio::task::JoinHandle<std::io::Result<()>>) {
        let app = self.another_application(self.overrides).await;
        (app.port(), tokio::spawn(app.run_until_stopped()))
    }

    async fn another_application(&self, overrides: Overrides) -> Application {
        Application::build(&settings(&self.database_url, overrides))
            .await
            .expect("another instance starts")
    }

    /// Another instance on the same database with `overrides` instead of this one's: its base
    /// URL, and the task serving it.
    pub async fn another_instance_with(
        &self,
        overrides: Overrides,
    ) -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
        let app = self.another_application(overrides).await;
        (
            format!("http://127.0.0.1:{}", app.port()),
            tokio::spawn(app.run_until_stopped()),
        )
    }

    /// On SQLite, the database file.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self._dir.as_ref().map(|d| d.path().join("askel.db"))
    }

    /// On PostgreSQL, `(server_url, database_name)` of this test's database.
    pub fn postgres_database(&self) -> Option<&(String, String)> {
        self.postgres.as_ref()
    }

    /// Signs arbitrary claims with the server's key.
    pub fn sign(&self, claims: &Claims) -> String {
        self.keys.sign(claims).expect("signing")
    }

    /// Claims for `roles` in `org`, valid for an hour.
    pub fn claims(&self, roles: &[&str], org: Option<Uuid>) -> Claims {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        Claims {
            sub: format!("test-{}", roles.join("+")),
            org,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            iss: self.keys.issuer().to_owned(),
            aud: self.keys.audience().to_owned(),
            exp: now + 3600,
            iat: now,
            act: None,
            nbf: None,
            iat_micros: None,
            client_id: None,
        }
    }

    /// A caller with `roles` in `org`.
    pub fn caller(&self, roles: &[&str], org: Option<Uuid>) -> Caller<'_> {
        Caller {
            app: self,
            token: Some(self.sign(&self.claims(roles, org))),
        }
    }

    /// The platform operator.
    pub fn admin(&self) -> Caller<'_> {
        self.caller(&["admin"], None)
    }

    /// A caller without a token.
    pub fn anonymous(&self) -> Caller<'_> {
        Caller {
            app: self,
            token: None,
        }
    }

    /// A caller with a given bearer token.
    pub fn with_token(&self, token: impl Into<String>) -> Caller<'_> {
        Caller {
            app: self,
            token: Some(token.into()),
        }
    }

    /// Registers an organisation as the platform operator; returns its id.
    pub async fn organisation(&self, name: &str, kind: &str) -> Uuid {
        let r = self
            .admin()
            .post("/v1/organisations", &json!({"name": name, "kind": kind}))
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "creating organisation {name}"
        );
        id_of(&body(r).await)
    }

    /// Creates a minimal project administered by `administrator`; returns its JSON.
    pub async fn project(&self, code: &str, administrator: Uuid) -> Value {
        let r = self
            .admin()
            .post(
                "/v1/projects",
                &json!({"code": code, "name": format!("Hanke {code}"), "programme_period": "esf_plus_2021_2027",
                         "administrator_organisation_id": administrator}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "creating project {code}");
        body(r).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        if let Some((server_url, name)) = self.postgres.take() {
            // Drop has no async; a thread with its own runtime removes the test database.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                if let Err(e) = rt.block_on(askel_persistence::testing::drop_postgres_database(
                    &server_url,
                    &name,
                )) {
                    eprintln!("could not drop test database {name}: {e}");
                }
            })
            .join();
        }
    }
}
