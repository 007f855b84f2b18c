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
