//! Writing audit records: who (client, organisation, acting person), what (action, resource,
//! id), when, and whether it was allowed. Allowed accesses are recorded in the transaction
//! that reads or writes the data; refusals in a transaction of their own (`transaction::settle`),
//! so they are kept even though the request fails.

use askel_domain::{AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, ParticipantId};
use uuid::Uuid;

use crate::auth::Principal;
use crate::clock::now;
use crate::transaction::Work;

/// An audit record of `principal` doing `action` to `resource` `id` about `participant`.
pub fn entry(
    principal: &Principal,
    action: AuditAction,
    resource: &'static str,
    id: Uuid,
    participant: Option<ParticipantId>,
    outcome: AuditOutcome,
) -> AuditEntry {
    AuditEntry {
        id: AuditId::new(),
        at: now(),
        client: principal.client.clone(),
        organisation_id: principal.organisation,
        acting_for: principal.acting_for.clone(),
        action,
        resource,
        resource_id: id,
        participant_id: participant,
        outcome,
        items: Vec::new(),
    }
}

/// An allowed access to a participant's data.
pub fn allowed(
    principal: &Principal,
    action: AuditAction,
    resource: &'static str,
    id: Uuid,
    participant: ParticipantId,
) -> AuditEntry {
    entry(
        principal,
        action,
        resource,
        id,
        Some(participant),
        AuditOutcome::Allowed,
    )
}

/// One allowed access to many items at once — a page listed, a batch created: one record,
/// with each item (its resource id and participant) listed in that participant's access log as
/// an entry of its own.
fn covering(
    principal: &Principal,
    action: AuditAction,
    resource: &'static str,
    items: impl IntoIterator<Item = (Uuid, ParticipantId)>,
) -> AuditEntry {
    let id = AuditId::new();
    let mut record = entry(
        principal,
        action,
        resource,
        id.as_uuid(),
        None,
        AuditOutcome::Allowed,
    );
    record.id = id;
    record.items = items
        .into_iter()
        .map(|(resource_id, participant_id)| AuditItem {
            id: AuditId::new(),
            participant_id,
            resource_id,
        })
        .collect();
    record
}

/// Records one [`covering`] record of `items` in `work` (as its runner keeps audit records),
/// if there are any.
pub async fn record_covering(
    work: &Work<'_>,
    action: AuditAction,
    resource: &'static str,
    items: impl IntoIterator<Item = (Uuid, ParticipantId)>,
) -> Result<(), askel_persistence::StoreError> {
    let record = covering(work.principal(), action, resource, items);
    if record.items.is_empty() {
        return Ok(());
    }
    work.audit(&[record]).await
}

/// Records in `work` (as its runner keeps audit records) that its principal did `action` on
/// `resource` `id` of `participant`.
pub async fn record_allowed(
    work: &Work<'_>,
    action: AuditAction,
    resource: &'static str,
    id: Uuid,
    participant: ParticipantId,
) -> Result<(), askel_persistence::StoreError> {
    work.audit(&[allowed(work.principal(), action, resource, id, participant)])
        .await
}

/// A refused attempt on a participant's data.
pub fn denied(
    principal: &Principal,
    action: AuditAction,
    participant: ParticipantId,
) -> AuditEntry {
    entry(
        principal,
        action,
        "participant",
        participant.as_uuid(),
        Some(participant),
        AuditOutcome::Denied,
    )
}
