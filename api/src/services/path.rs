//! A participant's path: entering steps, leaving, coming back.

use askel_domain::{
    Action, AuditAction, EventType, Exit, ParticipantId, PathState, StepEntry, StepError,
    StepInput, step,
};
use chrono::NaiveDate;

use super::participant_access::{for_update, load_found, read_part};
use super::participants::recorded_by;
use askel_persistence::Tx;

use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;

/// Records entering a step, by the step rule in `domain`.
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
    step::enter(
        path.current_step.map(|(s, _)| s),
        path.exited,
        input.step,
        input.reason.is_some(),
    )
    .map_err(|e| match e {
        StepError::Exited => ApiError::Conflict(e.to_string()),
        StepError::AlreadyThere(_) => ApiError::invalid("step", e.to_string()),
        StepError::ReasonRequired { .. } => ApiError::invalid("reason", e.to_string()),
    })?;
    let earliest = path.earliest_next(current.participant.fields.entry_date);
    if input.entered_on < earliest {
        return Err(ApiError::invalid(
            "entered_on",
            format!(
                "a step is entered on or after {earliest} (the episode's entry date or the current step's date)"
            ),
        ));
    }
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
    let next = PathState {
        current_step: Some((input.step, input.entered_on)),
        ..path
    };
    tx.path().record_step(&entry).await?;
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
    let earliest: NaiveDate = path.earliest_next(current.participant.fields.entry_date);
    if exit.date < earliest {
        return Err(ApiError::invalid(
            "exit_date",
            format!(
                "the exit date is on or after {earliest} (the episode's entry date or the current step's date)"
            ),
        ));
    }
    tx.path().set_exit(id, path.episode, &exit).await?;
    tx.path().set_last_exit(id, &exit).await?;
    tx.participants()
        .set_path_state(
            id,
            &PathState {
                exited: true,
                ..path
            },
            now(),
        )
        .await?;
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
        return Err(ApiError::Conflict(
            "the participant has not exited; re-entry opens a new episode after an exit".into(),
        ));
    }
    let last_exit = tx
        .path()
        .episodes(id)
        .await?
        .into_iter()
        .filter_map(|e| e.exit)
        .map(|e| e.date)
        .max();
    if last_exit.is_some_and(|d| entry_date <= d) {
        return Err(ApiError::invalid(
            "entry_date",
            "the new entry date is after the last exit",
        ));
    }
    let next = PathState {
        episode: path.episode + 1,
        current_step: None,
        exited: false,
        episode_entry: Some(entry_date),
    };
    tx.participants()
        .start_episode(id, next.episode, entry_date, now())
        .await?;
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
