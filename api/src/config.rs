//! Settings: one typed struct, loaded once at start from the environment, with defaults that
//! run out of the box. Secrets never print.

use std::fmt;
use std::path::PathBuf;

use crate::client_address::TrustedProxies;

/// A secret that never appears in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    /// The secret itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where token keys come from.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    /// HS256 shared secret (`ASKEL_JWT_SECRET`), at least 32 bytes.
    pub secret: Option<Secret>,
    /// Asymmetric signing: `EdDSA` or `RS256` (`ASKEL_JWT_ALGORITHM`).
    pub algorithm: Option<String>,
    /// PEM private key for signing (`ASKEL_JWT_PRIVATE_KEY_FILE`).
    pub private_key_file: Option<PathBuf>,
    /// PEM public key matching it (`ASKEL_JWT_PUBLIC_KEY_FILE`).
    pub public_key_file: Option<PathBuf>,
    /// Key id written to the token header (`ASKEL_JWT_KID`).
    pub kid: String,
    /// More verification keys, `kid=ALG:path` separated by `;` (`ASKEL_JWT_TRUSTED_KEYS`):
    /// retired signing keys during rotation and partners' identity providers.
    pub trusted_keys: Option<String>,
    /// `iss` written and required (`ASKEL_JWT_ISSUER`).
    pub issuer: String,
    /// `aud` written and required (`ASKEL_JWT_AUDIENCE`).
    pub audience: String,
    /// Lifetime of tokens from `POST /v1/auth/token`, seconds (`ASKEL_TOKEN_TTL`).
    pub token_ttl_seconds: u64,
    /// The longest lifetime of any token Askel accepts, seconds (`ASKEL_JWT_MAX_LIFETIME`).
    pub max_lifetime_seconds: u64,
}

/// Everything the server is configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (`ASKEL_BIND`).
    pub bind: String,
    /// Database URL (`ASKEL_DATABASE_URL`): `sqlite://file.db?mode=rwc` or `postgres://…`.
    pub database_url: String,
    /// Connections in the pool (`ASKEL_DATABASE_MAX_CONNECTIONS`).
    pub database_max_connections: u32,
    /// Log filter (`ASKEL_LOG`).
    pub log_filter: String,
    /// Log format (`ASKEL_LOG_FORMAT`: `text` or `json`).
    pub log_format: LogFormat,
    /// Token keys.
    pub jwt: JwtSettings,
    /// Worker threads (`ASKEL_WORKERS`); the number of cores when unset.
    pub workers: Option<usize>,
    /// The smallest count shown to roles without access to personal data
    /// (`ASKEL_SUPPRESSION_THRESHOLD`): 5 withholds counts from 1 to 4.
    pub suppression_threshold: i64,
    /// Whether report parts are kept between reports (`ASKEL_REPORT_CACHE`, on unless `off`):
    /// off, every report counts every participant again.
    pub report_cache: bool,
    /// Requests per second each API client may send on average (`ASKEL_RATE_LIMIT`, 0 turns
    /// the limit off); also the token endpoint's limit per peer address.
    pub rate_limit_per_second: u32,
    /// Requests a client may send at once above the average (`ASKEL_RATE_LIMIT_BURST`).
    pub rate_limit_burst: u32,
    /// The key that encrypts identity codes at rest (`ASKEL_DATA_KEY`, base64 of 32 bytes).
    /// Without it identity codes are refused.
    pub data_key: Option<Secret>,
    /// Failed authentications allowed per client address, and per `client_id` at the token
    /// endpoint, per minute (`ASKEL_AUTH_FAILURE_LIMIT`, 0 turns the limit off).
    pub auth_failure_limit: u32,
    /// Identity-code look-ups (each code checked for a duplicate) per API client per minute
    /// (`ASKEL_IDENTITY_LOOKUP_LIMIT`, 0 turns the limit off).
    pub identity_lookup_limit: u32,
    /// Client secrets verified at once (`ASKEL_SECRET_VERIFICATIONS`); half the cores when
    /// unset, at least one.
    pub secret_verifications: usize,
    /// Reports, batch imports and exports run at once (`ASKEL_HEAVY_WORK`); half the cores
    /// when unset, at least one.
    pub heavy_work: usize,
    /// Reverse proxies whose `X-Forwarded-For` gives the client address for the limits
    /// (`ASKEL_TRUSTED_PROXIES`, comma-separated IP addresses).
    pub trusted_proxies: TrustedProxies,
    /// The address clients reach Askel at (`ASKEL_PUBLIC_URL`, e.g.
    /// `https://askel.example.fi`), for links in answers (FHIR's `fullUrl`, `next`, the
    /// CapabilityStatement); unset, the `Host` connected to.
    pub public_url: Option<String>,
    /// Webhook delivery (`ASKEL_WEBHOOKS`, `ASKEL_WEBHOOK_*`; see `webhooks::settings`).
    pub webhooks: crate::webhooks::WebhookSettings,
    /// Browser origins allowed to call the API (`ASKEL_CORS_ORIGINS`, comma-separated exact
    /// origins).
    pub cors_origins: crate::cors::CorsOrigins,
    /// Partners' identity providers (`ASKEL_OIDC_ISSUERS`, `ASKEL_OIDC_ALLOW_HTTP_LOOPBACK`,
    /// `ASKEL_OIDC_REFRESH_MIN_SECONDS`).
    pub oidc: crate::auth::oidc::OidcSettings,
    /// Whether the server runs retention daily (`ASKEL_RETENTION`, `on` or `off`, default off).
    pub retention_daily: bool,
    /// Where Prometheus metrics are served (`ASKEL_METRICS_BIND`, e.g. `127.0.0.1:9464`; off
    /// when unset; keep it off the public address).
    pub metrics_bind: Option<String>,
    /// Where traces are exported over OTLP/HTTP (`ASKEL_OTLP_ENDPOINT`, the collector's traces
    /// URL, e.g. `http://127.0.0.1:4318/v1/traces`; off when unset).
    pub otlp_endpoint: Option<String>,
    /// The service name traces carry (`ASKEL_OTLP_SERVICE_NAME`, default `askel`).
    pub otlp_service_name: String,
}

/// Half the machine's cores, at least one: the share of the CPU that heavy work may take.
fn half_the_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    /// The variable.
    pub name: &'static str,
    /// What is wrong.
    pub problem: String,
}

/// The default database: a SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://askel.db?mode=rwc";
/// The default log filter: sqlx would log every query at info.
pub const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn";

impl Settings {
    /// Reads the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads settings through `var`, for tests that must not touch the process environment.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let parse_num = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            var(name).map_or(Ok(default), |v| {
                v.parse().map_err(|_| ConfigError {
                    name,
                    problem: format!("{v:?} is not a whole number"),
                })
            })
        };
        let log_format = match var("ASKEL_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    name: "ASKEL_LOG_FORMAT",
                    problem: format!("{other:?} is neither text nor json"),
                });
            }
        };
        let workers = match var("ASKEL_WORKERS") {
            None => None,
            Some(_) => Some(
                usize::try_from(parse_num("ASKEL_WORKERS", 1)?)
                    .unwrap_or(1)
                    .max(1),
            ),
        };
        Ok(Self {
            bind: var("ASKEL_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            database_url: var("ASKEL_DATABASE_URL")
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            database_max_connections: u32::try_from(parse_num(
                "ASKEL_DATABASE_MAX_CONNECTIONS",
                10,
            )?)
            .unwrap_or(10)
            .max(1),
            log_filter: var("ASKEL_LOG").unwrap_or_else(|| DEFAULT_LOG_FILTER.to_owned()),
            log_format,
            jwt: JwtSettings {
                secret: var("ASKEL_JWT_SECRET").map(Secret::new),
                algorithm: var("ASKEL_JWT_ALGORITHM"),
                private_key_file: var("ASKEL_JWT_PRIVATE_KEY_FILE").map(PathBuf::from),
                public_key_file: var("ASKEL_JWT_PUBLIC_KEY_FILE").map(PathBuf::from),
                kid: var("ASKEL_JWT_KID").unwrap_or_else(|| "askel-1".to_owned()),
                trusted_keys: var("ASKEL_JWT_TRUSTED_KEYS"),
                issuer: var("ASKEL_JWT_ISSUER").unwrap_or_else(|| "askel".to_owned()),
                audience: var("ASKEL_JWT_AUDIENCE").unwrap_or_else(|| "askel-api".to_owned()),
                token_ttl_seconds: parse_num("ASKEL_TOKEN_TTL", 3600)?,
                max_lifetime_seconds: parse_num("ASKEL_JWT_MAX_LIFETIME", 86_400)?.max(60),
            },
            workers,
            data_key: var("ASKEL_DATA_KEY").map(Secret::new),
            rate_limit_per_second: u32::try_from(parse_num("ASKEL_RATE_LIMIT", 100)?)
                .unwrap_or(u32::MAX),
            rate_limit_burst: u32::try_from(parse_num("ASKEL_RATE_LIMIT_BURST", 500)?)
                .unwrap_or(u32::MAX),
            suppression_threshold: i64::try_from(parse_num("ASKEL_SUPPRESSION_THRESHOLD", 5)?)
                .unwrap_or(5)
                .max(1),
            report_cache: !var("ASKEL_REPORT_CACHE").is_some_and(|v| v == "off" || v == "false"),
            auth_failure_limit: u32::try_from(parse_num("ASKEL_AUTH_FAILURE_LIMIT", 20)?)
                .unwrap_or(u32::MAX),
            identity_lookup_limit: u32::try_from(parse_num("ASKEL_IDENTITY_LOOKUP_LIMIT", 2_000)?)
                .unwrap_or(u32::MAX),
            secret_verifications: match var("ASKEL_SECRET_VERIFICATIONS") {
                None => half_the_cores(),
                Some(_) => usize::try_from(parse_num("ASKEL_SECRET_VERIFICATIONS", 1)?)
                    .unwrap_or(1)
                    .max(1),
            },
            heavy_work: match var("ASKEL_HEAVY_WORK") {
                None => half_the_cores(),
                Some(_) => usize::try_from(parse_num("ASKEL_HEAVY_WORK", 1)?)
                    .unwrap_or(1)
                    .max(1),
            },
            trusted_proxies: TrustedProxies::parse(
                &var("ASKEL_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|problem| ConfigError {
                name: "ASKEL_TRUSTED_PROXIES",
                problem,
            })?,
            public_url: crate::client_address::parse_public_url(
                &var("ASKEL_PUBLIC_URL").unwrap_or_default(),
            )
            .map_err(|problem| ConfigError {
                name: "ASKEL_PUBLIC_URL",
                problem,
            })?,
            webhooks: crate::webhooks::WebhookSettings::read(&var, parse_num)?,
            cors_origins: crate::cors::CorsOrigins::parse(
                &var("ASKEL_CORS_ORIGINS").unwrap_or_default(),
            )
            .map_err(|problem| ConfigError {
                name: "ASKEL_CORS_ORIGINS",
                problem,
            })?,
            oidc: crate::auth::oidc::OidcSettings::parse(
                &var("ASKEL_OIDC_ISSUERS").unwrap_or_default(),
                var("ASKEL_OIDC_ALLOW_HTTP_LOOPBACK").is_some_and(|v| v == "true" || v == "on"),
                std::time::Duration::from_secs(parse_num("ASKEL_OIDC_REFRESH_MIN_SECONDS", 30)?),
            )
            .map_err(|problem| ConfigError {
                name: "ASKEL_OIDC_ISSUERS",
                problem,
            })?,
            retention_daily: var("ASKEL_RETENTION").is_some_and(|v| v == "on" || v == "true"),
            metrics_bind: var("ASKEL_METRICS_BIND"),
            otlp_endpoint: var("ASKEL_OTLP_ENDPOINT"),
            otlp_service_name: var("ASKEL_OTLP_SERVICE_NAME").unwrap_or_else(|| "askel".to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_out_of_the_box() {
        let s = Settings::from_lookup(|_| None).unwrap();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(s.log_format, LogFormat::Text);
        assert_eq!(s.jwt.token_ttl_seconds, 3600);
    }

    #[test]
    fn secrets_never_print() {
        let s = Settings::from_lookup(|n| {
            (n == "ASKEL_JWT_SECRET").then(|| "hunter2-hunter2".to_owned())
        })
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn bad_values_name_their_variable() {
        let err = Settings::from_lookup(|n| (n == "ASKEL_TOKEN_TTL").then(|| "soon".to_owned()))
            .unwrap_err();
        assert_eq!(err.name, "ASKEL_TOKEN_TTL");
        let err = Settings::from_lookup(|n| (n == "ASKEL_LOG_FORMAT").then(|| "xml".to_owned()))
            .unwrap_err();
        assert_eq!(err.name, "ASKEL_LOG_FORMAT");
    }
}
