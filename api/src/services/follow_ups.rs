//! Follow-ups six months after leaving: recorded once per final exit, by whoever may update
//! the participant; read by whoever may read its path.

use askel_domain::{AuditAction, EventType, FollowUp, FollowUpError, ParticipantId};
use askel_persistence::StoredFollowUp;

use super::participant_access::{for_update, read_part};
use super::participants::recorded_by;
use crate::audit;
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

/// Records the follow-up of the participant's final exit.
pub async fn record(
    work: &Work<'_>,
    id: ParticipantId,
    follow_up: FollowUp,
) -> Result<StoredFollowUp, ApiError> {
    let current = for_update(work, id).await?;
    let path = current.state;
    if !path.exited {
        return Err(ApiError::Conflict(
            "the participant has not left; a follow-up follows the final exit".into(),
        ));
    }
    let exit_date = work
        .path()
        .episodes(id)
        .await?
        .into_iter()
        .find(|e| e.number == path.episode)
        .and_then(|e| e.exit)
        .map(|e| e.date)
        .ok_or(ApiError::Conflict(
            "the participant's exit is not recorded".into(),
        ))?;
    let at = now();
    follow_up
        .check(exit_date, at.date_naive())
        .map_err(|e: FollowUpError| ApiError::invalid("date", e.to_string()))?;
    let stored = StoredFollowUp {
        id: uuid::Uuid::now_v7(),
        participant_id: id,
        episode: path.episode,
        follow_up,
        recorded_by: recorded_by(work.principal()),
        recorded_at: at,
    };
    work.path().insert_follow_up(&stored).await?;
    audit::record_allowed(work, AuditAction::Update, "follow_up", stored.id, id).await?;
    crate::events::part_of(
        work,
        &current.participant,
        EventType::FollowUpRecorded,
        stored.id,
    )
    .await?;
    Ok(stored)
}

/// The participant's follow-ups.
pub async fn list(work: &Work<'_>, id: ParticipantId) -> Result<Vec<StoredFollowUp>, ApiError> {
    read_part(work, id, "follow_ups").await?;
    Ok(work.path().follow_ups(id).await?)
}
