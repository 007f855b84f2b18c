//! The one place transactions are opened (clippy's `disallowed-methods` refuses
//! `Database::read`, `write`, `read_for_report` and `Tx::insert_audit` anywhere else in the API
//! crate): running an application function as one unit of [`Work`] — commit on success, roll
//! back on failure, and for a refused access to personal data, write the audit record of the
//! attempt after the rollback (so it is kept) and answer with the refusal. Each runner says how
//! the work's audit records are kept.
#![allow(clippy::disallowed_methods)]

pub mod outside;
mod work;

pub use work::Work;

/// A heavy-work slot, held until dropped.
pub type HeavySlot = tokio::sync::OwnedSemaphorePermit;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs `f` for `principal` in a write transaction; its audit records are written with the
/// change.
pub async fn write<T>(
    state: &AppState,
    principal: &Principal,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    run(state, begin_write(state, principal).await?, f).await
}

/// Runs `f` for `principal` in a read transaction, for data that is not personal (nothing to
/// audit but refusals).
pub async fn read<T>(
    state: &AppState,
    principal: &Principal,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let tx = state.db.read().await?;
    run(
        state,
        Work::with_the_change(tx, principal, state.data_key.clone()),
        f,
    )
    .await
}

/// Runs `f` for `principal` in a read transaction sized for a report's aggregates, holding a
/// heavy-work slot (503 when none came free in time). The slot is handed back with the value,
/// so the caller holds it until the rest of the heavy work is done (keeping the report's
/// freshly counted parts: a second report waiting for the slot then reads them instead of
/// counting them again).
pub async fn read_for_report<T>(
    state: &AppState,
    principal: &Principal,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<(T, HeavySlot), ApiError> {
    let slot = state.heavy.slot().await?;
    let tx = state.db.read_for_report().await?;
    let value = run(
        state,
        Work::with_the_change(tx, principal, state.data_key.clone()),
        f,
    )
    .await?;
    Ok((value, slot))
}

/// Runs `f` for `principal` in a write transaction that is always rolled back: a dry run
/// checks everything a write would and stores nothing.
pub async fn dry_run<T>(
    state: &AppState,
    principal: &Principal,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let work = begin_write(state, principal).await?;
    let result = f(&work).await;
    drop(work);
    match result {
        Ok(value) => Ok(value),
        Err(e) => Err(settle(state, e).await),
    }
}

/// A write the caller commits itself ([`Work::commit`]): for the idempotent create, which
/// decides between storing a new answer and replaying a stored one inside it.
pub async fn begin_write<'p>(
    state: &AppState,
    principal: &'p Principal,
) -> Result<Work<'p>, ApiError> {
    Ok(Work::with_the_change(
        state.db.write().await?,
        principal,
        state.data_key.clone(),
    ))
}

/// Runs `f`, a read of personal data for `principal`, in a read transaction; its audit
/// records are committed in a group with other reads' before the value is returned (so before
/// anyone sees it). A failure discards them, as a rolled-back write would; a refusal is
/// recorded on its own.
pub async fn read_audited<T>(
    state: &AppState,
    principal: &Principal,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let work = Work::group_committed(state.db.read().await?, principal, state.data_key.clone());
    let result = f(&work).await;
    let records = work.into_audit_records();
    match result {
        Ok(value) => {
            state.audit.record(records).await?;
            Ok(value)
        }
        Err(e) => Err(settle(state, e).await),
    }
}

/// Runs `f` in `work`, then commits it when `f` gave a value; else rolls it back and settles
/// the error.
async fn run<T>(
    state: &AppState,
    work: Work<'_>,
    f: impl AsyncFnOnce(&Work) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match f(&work).await {
        Ok(value) => {
            work.commit().await?;
            Ok(value)
        }
        Err(e) => {
            drop(work);
            Err(settle(state, e).await)
        }
    }
}

/// The error to answer with, after writing the audit record a refusal carries in a
/// transaction of its own.
pub async fn settle(state: &AppState, error: ApiError) -> ApiError {
    match error {
        ApiError::Refused {
            error,
            audit: record,
        } => {
            let participant = record.participant_id;
            // A failure to record is logged, not hidden: the answer to the request stands.
            if let Err(e) = state.db.append_audit(&[*record]).await {
                tracing::error!(error = ?e, participant = ?participant, "could not record a refused access");
            }
            *error
        }
        other => other,
    }
}
