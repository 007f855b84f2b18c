//! Opening one participant for a caller: the one-statement load, how the caller's organisation
//! stands to it, and the access check whose refusal carries the audit record of the attempt.

use askel_domain::{Action, AuditAction, ParticipantId, Relation};
use askel_persistence::{ParticipantForCaller, StoredParticipant, WithAdministrator};

use crate::audit;
use crate::auth::Principal;
use crate::error::{ApiError, OrNotFound};
use crate::transaction::Work;

/// Loads a participant for `action`, in `work`. A participant the caller may not read answers
/// 404, one it may read but not act on 403; either refusal carries the audit record of the
/// attempt, which the transaction runner writes after rolling back.
pub async fn load_for(
    work: &Work<'_>,
    id: ParticipantId,
    action: Action,
    audit_action: AuditAction,
) -> Result<StoredParticipant, ApiError> {
    load_found(work, id, action, audit_action, WithAdministrator::No)
        .await
        .map(|found| found.stored)
}

/// The participant, for a caller who may change its record ([`load_for`] with
/// `Action::UpdateParticipant`; a refusal is audited as an attempted update).
pub async fn for_update(work: &Work<'_>, id: ParticipantId) -> Result<StoredParticipant, ApiError> {
    load_for(work, id, Action::UpdateParticipant, AuditAction::Update).await
}

/// [`load_for`], with the caller's roles and, when asked, the participant's project
/// administrator (one query in all).
pub async fn load_found(
    work: &Work<'_>,
    id: ParticipantId,
    action: Action,
    audit_action: AuditAction,
    administrator: WithAdministrator,
) -> Result<ParticipantForCaller, ApiError> {
    let found = work
        .participants()
        .participant_for(id, work.principal().organisation, administrator)
        .await
        .or_not_found("participant")?;
    permit(
        work.principal(),
        relation_of(work.principal(), &found),
        id,
        action,
        audit_action,
    )?;
    Ok(found)
}

/// How the caller's organisation stands to a participant it has read.
pub fn relation_of(principal: &Principal, found: &ParticipantForCaller) -> Relation {
    match principal.organisation {
        Some(org) => askel_domain::participant_relation(
            askel_domain::project_relation(&found.caller_roles),
            org,
            found.stored.participant.owner_id,
        ),
        None => Relation::Unrelated,
    }
}

/// Whether a caller in `relation` to participant `id` may take `action` on it: one who may not
/// read it gets 404, one who may read but not act 403, each refusal carrying its audit record.
pub fn permit(
    principal: &Principal,
    relation: Relation,
    id: ParticipantId,
    action: Action,
    audit_action: AuditAction,
) -> Result<(), ApiError> {
    let refusal = if !principal.may(Action::ReadParticipant, relation) {
        ApiError::NotFound("participant")
    } else if !principal.may(action, relation) {
        ApiError::Forbidden("your roles do not permit this on the participant")
    } else {
        return Ok(());
    };
    Err(ApiError::Refused {
        error: Box::new(refusal),
        audit: Box::new(audit::denied(principal, audit_action, id)),
    })
}

/// Opens part of a participant's record (`resource`: its steps, goals, …) for a caller who
/// may read the participant, and records the read.
pub async fn read_part(
    work: &Work<'_>,
    id: ParticipantId,
    resource: &'static str,
) -> Result<StoredParticipant, ApiError> {
    let stored = load_for(work, id, Action::ReadParticipant, AuditAction::Read).await?;
    work.audit(&[audit::allowed(
        work.principal(),
        AuditAction::Read,
        resource,
        id.as_uuid(),
        id,
    )])
    .await?;
    Ok(stored)
}
