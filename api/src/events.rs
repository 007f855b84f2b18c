//! Recording change events in the transaction of the change they describe.

use askel_domain::{EventType, NewEvent, OrganisationId, Participant, Referral, ReferralStatus};
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
    let administrator = tx.project_administrator(participant.project_id).await?;
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
    tx.insert_events(&[NewEvent::new(
        event_type,
        participant.id.as_uuid(),
        now(),
        audience,
    )])
    .await?;
    Ok(())
}

/// Records `event_type` for organisations, as given.
pub async fn for_organisations(
    tx: &Tx,
    event_type: EventType,
    resource: uuid::Uuid,
    audience: &[OrganisationId],
) -> Result<(), ApiError> {
    tx.insert_events(&[NewEvent::new(
        event_type,
        resource,
        now(),
        audience.iter().copied(),
    )])
    .await?;
    Ok(())
}

/// Records a referral event for its sender, and for its target once it has been sent (a
/// draft is the sender's alone).
pub async fn referral(
    tx: &Tx,
    referral: &Referral,
    event_type: EventType,
    target_has_seen_it: bool,
) -> Result<(), ApiError> {
    let mut audience = vec![referral.sender_id];
    if referral.status != ReferralStatus::Draft && target_has_seen_it {
        audience.push(referral.target_id);
    }
    for_organisations(tx, event_type, referral.id, &audience).await
}
