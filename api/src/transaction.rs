//! Running an application function in one write transaction: commit on success, roll back on
//! failure, and for a refused access to personal data, write the audit record of the attempt
//! after the rollback (so it is kept) and answer with the refusal.

use askel_persistence::Tx;

use crate::audit;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs `f` in a write transaction.
pub async fn write<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.write().await?;
    match f(&tx).await {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(e) => {
            drop(tx);
            Err(settle(state, e).await)
        }
    }
}

/// Runs `f`, a read of personal data, in a read transaction; its audit records are committed
/// in a group with other reads' before the value is returned (so before anyone sees it). A
/// failure discards them, as a rolled-back write would; a refusal is recorded on its own.
pub async fn read_audited<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.read_deferring_audit().await?;
    let result = f(&tx).await;
    let records = tx.take_deferred_audit();
    drop(tx);
    match result {
        Ok(value) => {
            state.audit.record(records).await?;
            Ok(value)
        }
        Err(e) => Err(settle(state, e).await),
    }
}

/// The error to answer with, after writing the audit record a refusal carries.
pub async fn settle(state: &AppState, error: ApiError) -> ApiError {
    match error {
        ApiError::Refused {
            error,
            audit: record,
        } => {
            audit::record_alone(state, *record).await;
            *error
        }
        other => other,
    }
}
