//! What every handler can reach: the database pool, the token keys and the rate limiter. No
//! data is kept in process memory, so any number of instances can serve behind a load balancer.

use std::sync::Arc;

use askel_persistence::Database;

use crate::audit_queue::AuditQueue;
use crate::auth::Keys;
use crate::crypto::DataKey;
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
    /// The key for identity codes, when configured.
    pub data_key: Option<Arc<DataKey>>,
    /// Requests per client.
    pub rate_limit: Arc<RateLimiter>,
    /// Group commit of the audit records of reads.
    pub audit: AuditQueue,
}
