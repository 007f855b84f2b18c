//! A participant's path: entering steps, leaving, coming back.

use askel_domain::{
    Action, AuditAction, EventType, Exit, ParticipantId, PathError, PathState, StepEntry, StepInput,
};
use chrono::NaiveDate;

use super::participant_access::{for_update, load_found, permit, read_part, relation_of};
use super::participants::recorded_by;
use askel_persistence::{IfUnchanged, PathMove, StoredParticipant, WithAdministrator};

use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::{ApiError, OrNotFound};
use crate::state::AppState;
use crate::transaction::{Work, settle};

/// A refused move: a bad field (422), or a conflict with where the path stands (409).
fn refused(e: PathError) -> ApiError {
    match e.field() {
        Some(field) => ApiError::invalid(field, e.to_string()),
        None => ApiError::Conflict(e.to_string()),
    }
}

/// The entry `input` makes on `current`'s path, by the path's rules in `domain`
/// (`path_change.rs`), recorded by `principal`.
fn entry_for(
    principal: &Principal,
    current: &StoredParticipant,
    input: StepInput,
) -> Result<StepEntry, ApiError> {
    let path = current.state;
    path.enter(
        current.participant.fields.entry_date,
        input.step,
        input.entered_on,
        input.reason.is_some(),
    )
    .map_err(refused)?;
    Ok(StepEntry {
        id: uuid::Uuid::now_v7(),
        participant_id: current.participant.id,
        episode: path.episode,
        step: input.step,
        entered_on: input.entered_on,
        reason: input.reason,
        note: input.note,
        recorded_by: recorded_by(principal),
        recorded_at: now(),
    })
}

/// Records entering a step in `work`, with the participant's row locked until it commits.
pub async fn enter_step(
    work: &Work<'_>,
    id: ParticipantId,
    input: StepInput,
) -> Result<StepEntry, ApiError> {
    let found = load_found(
        work,
        id,
        Action::UpdateParticipant,
        AuditAction::Update,
        WithAdministrator::Yes,
    )
    .await?;
    let current = found.stored;
    let entry = entry_for(work.principal(), &current, input)?;
    work.path()
        .store(id, PathMove::Entered(&entry), entry.recorded_at)
        .await?;
    audit::record_allowed(work, AuditAction::Update, "step", entry.id, id).await?;
    let administrator = match found.project_administrator {
        Some(known) => known,
        None => {
            work.projects()
                .project_administrator(current.participant.project_id)
                .await?
        }
    };
    crate::events::participant_for_administrator(
        work,
        &current.participant,
        administrator,
        EventType::StepEntered,
        &[],
    )
    .await?;
    Ok(entry)
}

/// Records entering a step with no lock held across round trips: the participant read on its
/// own, the same access check and rules as [`enter_step`], and the entry stored with its audit
/// record and event in one write that holds only if the participant has not changed since it
/// was read (`Database::enter_step_if_unchanged`). Nothing when it had (or its project has no
/// administrator to tell): the caller then runs [`enter_step`], which locks. A refusal is
/// recorded on its own, as the runner records it.
pub async fn enter_step_if_unchanged(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    input: StepInput,
) -> Result<Option<StepEntry>, ApiError> {
    let attempt = async {
        let found = state
            .db
            .participant_for(id, principal.organisation, WithAdministrator::Yes)
            .await
            .or_not_found("participant")?;
        permit(
            principal,
            relation_of(principal, &found),
            id,
            Action::UpdateParticipant,
            AuditAction::Update,
        )?;
        let Some(administrator) = found.project_administrator else {
            return Ok(None);
        };
        let current = found.stored;
        let entry = entry_for(principal, &current, input)?;
        let audit = audit::allowed(principal, AuditAction::Update, "step", entry.id, id);
        let event = crate::events::for_participant_and_administrator(
            &current.participant,
            administrator,
            EventType::StepEntered,
        );
        let stored = state
            .db
            .enter_step_if_unchanged(current.participant.version, &entry, &[audit], &[event])
            .await?;
        Ok((stored == IfUnchanged::Stored).then_some(entry))
    };
    match attempt.await {
        Ok(entry) => Ok(entry),
        Err(e) => Err(settle(state, e).await),
    }
}

/// Every step entry of every episode.
pub async fn steps(work: &Work<'_>, id: ParticipantId) -> Result<Vec<StepEntry>, ApiError> {
    read_part(work, id, "steps").await?;
    let entries = work.path().steps(id).await?;
    Ok(entries)
}

/// An exit as recorded: the episode it ended.
#[derive(Debug, Clone)]
pub struct RecordedExit {
    /// The episode's number.
    pub episode: i32,
    /// The exit.
    pub exit: Exit,
}

/// Records the exit that ends the current episode (or corrects it, if already recorded).
pub async fn exit(
    work: &Work<'_>,
    id: ParticipantId,
    exit: Exit,
) -> Result<RecordedExit, ApiError> {
    let current = for_update(work, id).await?;
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
    work.path().store(id, change, now()).await?;
    audit::record_allowed(work, AuditAction::Update, "exit", id.as_uuid(), id).await?;
    crate::events::participant(
        work,
        &current.participant,
        EventType::ParticipantExited,
        &[],
    )
    .await?;
    Ok(RecordedExit {
        episode: path.episode,
        exit,
    })
}

/// Opens a new episode for an exited participant.
pub async fn re_enter(
    work: &Work<'_>,
    id: ParticipantId,
    entry_date: NaiveDate,
) -> Result<PathState, ApiError> {
    let current = for_update(work, id).await?;
    let path = current.state;
    if !path.exited {
        // Refused before the episodes are read.
        return Err(refused(PathError::NotExited));
    }
    let last_exit = work
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
    work.path().store(id, change, now()).await?;
    audit::record_allowed(work, AuditAction::Update, "episode", id.as_uuid(), id).await?;
    crate::events::participant(
        work,
        &current.participant,
        EventType::ParticipantReEntered,
        &[],
    )
    .await?;
    Ok(next)
}
