//! The one place transactions are opened (clippy's `disallowed-methods` refuses
//! `Database::read`, `write`, `read_for_report` and `read_deferring_audit` anywhere else in the
//! API crate): running an application function in one transaction — commit on success, roll back
//! on failure, and for a refused access to personal data, write the audit record of the attempt
//! after the rollback (so it is kept) and answer with the refusal.
#![allow(clippy::disallowed_methods)]

use askel_persistence::Tx;

pub mod outside;

use crate::audit;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs `f` in a write transaction.
pub async fn write<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.write().await?;
    let result = f(&tx).await;
    finish(state, tx, result).await
}

/// Runs `f` in a read transaction.
pub async fn read<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.read().await?;
    let result = f(&tx).await;
    finish(state, tx, result).await
}

/// Runs `f` in a read transaction sized for a report's aggregates.
pub async fn read_for_report<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.read_for_report().await?;
    let result = f(&tx).await;
    finish(state, tx, result).await
}

/// Runs `f` in a write transaction that is always rolled back: a dry run checks everything a
/// write would and stores nothing.
pub async fn dry_run<T>(
    state: &AppState,
    f: impl AsyncFnOnce(&Tx) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.write().await?;
    let result = f(&tx).await;
    drop(tx);
    match result {
        Ok(value) => Ok(value),
        Err(e) => Err(settle(state, e).await),
    }
}

/// A write transaction the caller commits itself: for the idempotent create, which decides
/// between storing a new answer and replaying a stored one inside it.
pub async fn begin_write(state: &AppState) -> Result<Tx, ApiError> {
    Ok(state.db.write().await?)
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

/// Commits `tx` when `result` is a value; else rolls it back and settles the error.
async fn finish<T>(state: &AppState, tx: Tx, result: Result<T, ApiError>) -> Result<T, ApiError> {
    match result {
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
