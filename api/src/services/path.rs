//! A participant's path: entering steps, leaving, coming back.

use askel_domain::{
    Action, AuditAction, EventType, Exit, ParticipantId, PathError, PathState, StepEntry, StepInput,
};
use chrono::NaiveDate;

use super::participant_access::{for_update, load_found, read_part};
use super::participants::recorded_by;
use askel_persistence::{PathMove, Tx};

use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;

/// A refused move: a bad field (422), or a conflict with where the path stands (409).
fn refused(e: PathError) -> ApiError {
    match e.field() {
        Some(field) => ApiError::invalid(field, e.to_string()),
        None => ApiError::Conflict(e.to_string()),
    }
}

/// Records entering a step, by the path's rules in `domain` (`path_change.rs`).
pub async fn enter_step(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
    input: StepInput,
) -> Result<(StepEntry, PathState), ApiError> {
    let found = load_found(
        tx,
        principal,
        id,
        Action::UpdateParticipant,
        AuditAction::Update,
    )
    .await?;
    let current = found.stored;
    let path = current.state;
    let next = path
        .enter(
            current.participant.fields.entry_date,
            input.step,
            input.entered_on,
            input.reason.is_some(),
        )
        .map_err(refused)?
        .state();
    let entry = StepEntry {
        id: uuid::Uuid::now_v7(),
        participant_id: id,
        episode: path.episode,
        step: input.step,
        entered_on: input.entered_on,
        reason: input.reason,
        note: input.note,
        recorded_by: recorded_by(principal),
        recorded_at: now(),
    };
    tx.path()
        .store(id, PathMove::Entered(&entry), entry.recorded_at)
        .await?;
    audit::record_allowed(tx, principal, AuditAction::Update, "step", entry.id, id).await?;
    let administrator = match found.project_administrator {
        Some(known) => known,
        None => {
            tx.projects()
                .project_administrator(current.participant.project_id)
                .await?
        }
    };
    crate::events::participant_for_administrator(
        tx,
        &current.participant,
        administrator,
        EventType::StepEntered,
        &[],
    )
    .await?;
    Ok((entry, next))
}

/// Every step entry of every episode.
pub async fn steps(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
) -> Result<Vec<StepEntry>, ApiError> {
    read_part(tx, principal, id, "steps").await?;
    let entries = tx.path().steps(id).await?;
    Ok(entries)
}

/// Records the exit that ends the current episode (or corrects it, if already recorded).
pub async fn exit(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
    exit: Exit,
) -> Result<(i32, Exit), ApiError> {
    let current = for_update(tx, principal, id).await?;
    let path = current.state;
    let next = path
        .exit(current.participant.fields.entry_date, exit.date)
        .map_err(refused)?
        .state();
    let change = PathMove::Exited {
        episode: path.episode,
        exit: &exit,
        state: &next,
    };
    tx.path().store(id, change, now()).await?;
    audit::record_allowed(tx, principal, AuditAction::Update, "exit", id.as_uuid(), id).await?;
    crate::events::participant(tx, &current.participant, EventType::ParticipantExited, &[]).await?;
    Ok((path.episode, exit))
}

/// Opens a new episode for an exited participant.
pub async fn re_enter(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
    entry_date: NaiveDate,
) -> Result<PathState, ApiError> {
    let current = for_update(tx, principal, id).await?;
    let path = current.state;
    if !path.exited {
        // Refused before the episodes are read.
        return Err(refused(PathError::NotExited));
    }
    let last_exit = tx
        .path()
        .episodes(id)
        .await?
        .into_iter()
        .filter_map(|e| e.exit)
        .map(|e| e.date)
        .max();
    let next = path
        .re_enter(last_exit, entry_date)
        .map_err(refused)?
        .state();
    let change = PathMove::ReEntered {
        episode: next.episode,
        on: entry_date,
    };
    tx.path().store(id, change, now()).await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Update,
        "episode",
        id.as_uuid(),
        id,
    )
    .await?;
    crate::events::participant(
        tx,
        &current.participant,
        EventType::ParticipantReEntered,
        &[],
    )
    .await?;
    Ok(next)
}
