//! What every handler can reach: the database pool, the token keys, the limits. No data is kept
//! in process memory, so any number of instances can serve behind a load balancer; what is kept
//! (rate-limit buckets, verified tokens, API clients' status for a second) is per instance and
//! only ever makes a request wait or be refused.

use std::sync::Arc;

use askel_persistence::Database;

use crate::audit_queue::AuditQueue;
use crate::auth::{ClientStatuses, Keys, SecretVerifier};
use crate::client_address::TrustedProxies;
use crate::crypto::DataKey;
use crate::heavy::HeavyWork;
use crate::rate_limit::RateLimiter;

/// Shared application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: Database,
    /// Token keys.
    pub keys: Arc<Keys>,
    /// Lifetime of issued tokens in seconds.
    pub token_ttl_seconds: u64,
    /// Small-number protection threshold.
    pub suppression_threshold: i64,
    /// Whether report parts are kept between reports.
    pub report_cache: bool,
    /// The key for identity codes, when configured.
    pub data_key: Option<Arc<DataKey>>,
    /// Requests per client.
    pub rate_limit: Arc<RateLimiter>,
    /// Group commit of the audit records of reads.
    pub audit: AuditQueue,
    /// Failed authentications per client address and per `client_id`.
    pub auth_failures: Arc<RateLimiter>,
    /// Identity-code look-ups (duplicate checks) per API client.
    pub identity_lookups: Arc<RateLimiter>,
    /// Client-secret verification, bounded.
    pub secrets: Arc<SecretVerifier>,
    /// Slots for reports, batch imports and exports.
    pub heavy: HeavyWork,
    /// Whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<TrustedProxies>,
    /// `ASKEL_PUBLIC_URL`, when set.
    pub public_url: Option<Arc<str>>,
    /// Whether API clients are disabled or rotated, checked for their tokens.
    pub clients: Arc<ClientStatuses>,
    /// Partners' identity providers and their cached keys.
    pub oidc: Arc<crate::auth::oidc::Oidc>,
    /// The longest token lifetime accepted, seconds.
    pub max_token_lifetime: u64,
    /// Webhook delivery: its settings and the dispatcher (also for redeliveries).
    pub webhooks: Arc<crate::webhooks::dispatcher::Dispatcher>,
}
