//! The application's state built from settings: the database opened and migrated, the keys
//! loaded, the audit writer and the webhook dispatcher on connections of their own.

use std::sync::Arc;

use askel_persistence::Database;

use super::StartError;
use crate::audit_queue::AuditQueue;
use crate::auth::{ClientStatuses, Keys, SecretVerifier};
use crate::config::Settings;
use crate::crypto::DataKey;
use crate::heavy::HeavyWork;
use crate::rate_limit::RateLimiter;
use crate::state::AppState;

/// How long a token request waits for a secret-verification slot before 503.
const SECRET_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens the database and applies pending migrations.
pub async fn open_database(settings: &Settings) -> Result<Database, StartError> {
    let db = Database::connect(&settings.database_url, settings.database_max_connections).await?;
    db.migrate().await?;
    crate::reference::ensure(&db).await?;
    Ok(db)
}

/// The application's state from settings: database opened and migrated, keys loaded.
pub async fn build_state(settings: &Settings) -> Result<AppState, StartError> {
    let keys = Keys::from_settings(&settings.jwt)?;
    if keys.ephemeral {
        tracing::warn!(
            "no ASKEL_JWT_SECRET or key files configured: using a random key; tokens will not survive a restart"
        );
    }
    let data_key = match &settings.data_key {
        Some(k) => Some(Arc::new(
            DataKey::from_base64(k.expose()).map_err(StartError::DataKey)?,
        )),
        None => {
            tracing::warn!("no ASKEL_DATA_KEY configured: personal identity codes will be refused");
            None
        }
    };
    let db = open_database(settings).await?;
    // The audit writer has a connection of its own, so its group commits never queue for a
    // connection behind the reads that wait for them.
    let audit_db = Database::connect(&settings.database_url, 1).await?;
    // The dispatcher polls on connections of its own, never queueing for the requests' pool.
    let webhook_db = Database::connect(&settings.database_url, 2).await?;
    let webhooks = crate::webhooks::dispatcher::Dispatcher::new(
        webhook_db,
        data_key.clone(),
        settings.webhooks.clone(),
    )
    .map_err(|e| StartError::Webhooks(e.to_string()))?;
    Ok(AppState {
        oidc: Arc::new(crate::auth::oidc::Oidc::new(settings.oidc.clone())),
        max_token_lifetime: settings.jwt.max_lifetime_seconds,
        webhooks: Arc::new(webhooks),
        audit: AuditQueue::start(audit_db),
        db,
        keys: Arc::new(keys),
        token_ttl_seconds: settings.jwt.token_ttl_seconds,
        suppression_threshold: settings.suppression_threshold,
        report_cache: settings.report_cache,
        data_key,
        rate_limit: Arc::new(RateLimiter::new(
            settings.rate_limit_per_second,
            settings.rate_limit_burst,
        )),
        auth_failures: Arc::new(RateLimiter::per_minute(settings.auth_failure_limit)),
        identity_lookups: Arc::new(RateLimiter::per_minute(settings.identity_lookup_limit)),
        secrets: Arc::new(SecretVerifier::new(
            settings.secret_verifications,
            SECRET_WAIT,
        )),
        heavy: HeavyWork::new(settings.heavy_work),
        trusted_proxies: Arc::new(settings.trusted_proxies.clone()),
        public_url: settings.public_url.as_deref().map(Arc::from),
        clients: Arc::new(ClientStatuses::default()),
    })
}
