//! Recording change events in the transaction of the change they describe. Every event names
//! its object, the object's project and — for an audience that may read the participant — the
//! participant, never anything personal.

use askel_domain::{
    EventType, NewEvent, OrganisationId, Participant, ProjectId, Referral, ReferralStatus,
};
use askel_persistence::Tx;

use crate::clock::now;
use crate::error::ApiError;

/// Records `event_type` about `participant` for its owner and its project's administrator,
/// plus `also` (e.g. a previous owner).
pub async fn participant(
    tx: &Tx,
    participant: &Participant,
    event_type: EventType,
    also: &[OrganisationId],
) -> Result<(), ApiError> {
    let administrator = tx
        .projects()
        .project_administrator(participant.project_id)
        .await?;
    participant_for_administrator(tx, participant, administrator, event_type, also).await
}

/// [`participant`], with the project's administrator already known.
pub async fn participant_for_administrator(
    tx: &Tx,
    participant: &Participant,
    administrator: OrganisationId,
    event_type: EventType,
    also: &[OrganisationId],
) -> Result<(), ApiError> {
    let audience = [participant.owner_id, administrator]
        .into_iter()
        .chain(also.iter().copied());
    about_participant(
        tx,
        participant,
        event_type,
        participant.id.as_uuid(),
        audience,
    )
    .await
}

/// `event_type` about `participant` for its owner and its project's administrator, for a
/// write that stores its events itself.
pub fn for_participant_and_administrator(
    participant: &Participant,
    administrator: OrganisationId,
    event_type: EventType,
) -> NewEvent {
    event_about(
        participant,
        event_type,
        participant.id.as_uuid(),
        [participant.owner_id, administrator],
    )
}

/// `event_type` about `resource` — a participant or a part of its record — for `audience`,
/// naming the project and the participant.
fn event_about(
    participant: &Participant,
    event_type: EventType,
    resource: uuid::Uuid,
    audience: impl IntoIterator<Item = OrganisationId>,
) -> NewEvent {
    NewEvent::new(event_type, resource, now(), audience)
        .about(participant.project_id, Some(participant.id))
}

/// Records `event_type` about `resource` — a participant or a part of its record — for
/// `audience`.
async fn about_participant(
    tx: &Tx,
    participant: &Participant,
    event_type: EventType,
    resource: uuid::Uuid,
    audience: impl IntoIterator<Item = OrganisationId>,
) -> Result<(), ApiError> {
    tx.events()
        .insert_events(&[event_about(participant, event_type, resource, audience)])
        .await?;
    Ok(())
}

/// Records `event_type` about a part of a participant's record (a goal, an assessment, a
/// follow-up: `resource`) for those who read the participant.
pub async fn part_of(
    tx: &Tx,
    participant: &Participant,
    event_type: EventType,
    resource: uuid::Uuid,
) -> Result<(), ApiError> {
    let administrator = tx
        .projects()
        .project_administrator(participant.project_id)
        .await?;
    about_participant(
        tx,
        participant,
        event_type,
        resource,
        [participant.owner_id, administrator],
    )
    .await
}

/// Records `event_type` about a participant for organisations that no longer see it (e.g. a
/// previous owner): `participant.removed` asks their mirror to delete its copy.
pub async fn participant_gone(
    tx: &Tx,
    participant: &Participant,
    audience: &[OrganisationId],
) -> Result<(), ApiError> {
    if audience.is_empty() {
        return Ok(());
    }
    about_participant(
        tx,
        participant,
        EventType::ParticipantRemoved,
        participant.id.as_uuid(),
        audience.iter().copied(),
    )
    .await
}

/// Records `event_type` about a project's object (an activity) for organisations, as given.
pub async fn in_project(
    tx: &Tx,
    event_type: EventType,
    resource: uuid::Uuid,
    project: ProjectId,
    audience: &[OrganisationId],
) -> Result<(), ApiError> {
    tx.events()
        .insert_events(&[
            NewEvent::new(event_type, resource, now(), audience.iter().copied())
                .about(project, None),
        ])
        .await?;
    Ok(())
}

/// What a referral's target learns of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForTarget {
    /// Nothing: a draft is the sender's alone.
    Nothing,
    /// `referral.received`: the referral has just reached it.
    Received,
    /// The same event as the sending side.
    Same,
}

impl ForTarget {
    /// What the target learns when a referral moves from `from` to `to`.
    pub fn of_move(from: ReferralStatus, to: ReferralStatus) -> Self {
        match (from, to) {
            (ReferralStatus::Draft, ReferralStatus::Sent) => Self::Received,
            (ReferralStatus::Draft, _) => Self::Nothing,
            _ => Self::Same,
        }
    }
}

/// Records a referral event for its sending side — the sender and the project's administrator,
/// who read the participant — and, as `for_target` says, for its target (without the
/// participant, whom the target does not read).
pub async fn referral(
    tx: &Tx,
    referral: &Referral,
    event_type: EventType,
    for_target: ForTarget,
) -> Result<(), ApiError> {
    let administrator = tx
        .projects()
        .project_administrator(referral.project_id)
        .await?;
    let at = now();
    let mut events = vec![
        NewEvent::new(
            event_type,
            referral.id,
            at,
            [referral.sender_id, administrator],
        )
        .about(referral.project_id, Some(referral.participant_id)),
    ];
    let target_type = match for_target {
        ForTarget::Nothing => None,
        ForTarget::Received => Some(EventType::ReferralReceived),
        ForTarget::Same => Some(event_type),
    };
    if let Some(t) = target_type {
        events.push(
            NewEvent::new(t, referral.id, at, [referral.target_id])
                .about(referral.project_id, None),
        );
    }
    tx.events().insert_events(&events).await?;
    Ok(())
}

/// Records `referral.updated` for every referral of a participant whose referrals changed
/// otherwise than by a move (anonymised, or handed to a new owner), on both sides.
pub async fn referrals_changed(
    tx: &Tx,
    participant: askel_domain::ParticipantId,
) -> Result<(), ApiError> {
    for r in tx.referrals().referrals_of(participant).await? {
        let for_target = if r.status == ReferralStatus::Draft {
            ForTarget::Nothing
        } else {
            ForTarget::Same
        };
        referral(tx, &r, EventType::ReferralUpdated, for_target).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_learns_of_a_referral_when_it_is_sent_and_of_every_move_after() {
        use ReferralStatus::{Accepted, Cancelled, Draft, Sent};
        assert_eq!(ForTarget::of_move(Draft, Sent), ForTarget::Received);
        assert_eq!(ForTarget::of_move(Draft, Cancelled), ForTarget::Nothing);
        assert_eq!(ForTarget::of_move(Sent, Accepted), ForTarget::Same);
        assert_eq!(ForTarget::of_move(Sent, Cancelled), ForTarget::Same);
    }
}
