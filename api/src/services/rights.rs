//! A person's rights and a partner leaving: who has accessed the data, everything held as
//! one document, anonymisation, and transfer to another implementer.

use askel_domain::{Action, AuditAction, EventType, Page, PageRequest, ParticipantId};
use askel_persistence::{StoredAudit, StoredParticipant, Tx};

use super::participant_access::load_for;
use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::state::AppState;

/// Who has accessed the participant's data, oldest first.
pub async fn access_log(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
    page: &PageRequest,
) -> Result<Page<StoredAudit>, ApiError> {
    let _ = load_for(tx, principal, id, Action::ReadAccessLog, AuditAction::Read).await?;
    let log = tx.audit_log(id, page).await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Read,
        "access_log",
        id.as_uuid(),
        id,
    )
    .await?;
    Ok(log)
}

/// Hands a participant to another implementer of the project (the administrator's manager).
/// The history stays; the old owner loses access at once, to the referrals it sent about the
/// participant too: they are the new owner's to follow.
pub async fn transfer(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
    to: askel_domain::OrganisationId,
) -> Result<StoredParticipant, ApiError> {
    let mut stored = load_for(
        tx,
        principal,
        id,
        Action::TransferParticipant,
        AuditAction::Transfer,
    )
    .await?;
    let project = stored.participant.project_id;
    if !tx
        .projects()
        .roles_in_project(project, to)
        .await?
        .iter()
        .any(|r| r.implements())
    {
        return Err(ApiError::invalid(
            "to_organisation_id",
            "the new owner must be an implementer of the project",
        ));
    }
    if to == stored.participant.owner_id {
        return Err(ApiError::invalid(
            "to_organisation_id",
            "the participant already belongs to this organisation",
        ));
    }
    let at = now();
    let old_owner = stored.participant.owner_id;
    tx.participants().set_participant_owner(id, to, at).await?;
    tx.referrals().move_referrals(id, old_owner, to, at).await?;
    let moved = askel_domain::Participant {
        owner_id: to,
        ..stored.participant.clone()
    };
    if tx
        .projects()
        .project_administrator(moved.project_id)
        .await?
        != old_owner
    {
        crate::events::participant_gone(tx, &moved, &[old_owner]).await?;
    }
    crate::events::participant(tx, &moved, EventType::ParticipantTransferredIn, &[]).await?;
    crate::events::referrals_changed(tx, id).await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Transfer,
        "participant",
        id.as_uuid(),
        id,
    )
    .await?;
    tracing::info!(participant = %id, "participant transferred");
    stored.participant.owner_id = to;
    stored.participant.version += 1;
    stored.participant.updated_at = at;
    Ok(stored)
}

/// Removes identifying data wherever it is kept (identity code, external reference, notes,
/// the free text of steps, goals, exits and referrals, what referrals shared, stored
/// idempotent responses) and keeps the facts the figures need, so reports do not change.
pub async fn anonymise(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
) -> Result<StoredParticipant, ApiError> {
    let _ = load_for(
        tx,
        principal,
        id,
        Action::AnonymiseParticipant,
        AuditAction::Anonymise,
    )
    .await?;
    let stored = anonymise_checked(tx, principal, id).await?;
    tracing::info!(participant = %id, "participant anonymised");
    Ok(stored)
}

/// Anonymises a participant the caller was allowed to: the data, the audit record and the
/// events for both sides' mirrors. Shared by the operation and by retention.
pub(crate) async fn anonymise_checked(
    tx: &Tx,
    principal: &Principal,
    id: ParticipantId,
) -> Result<StoredParticipant, ApiError> {
    tx.participants().anonymise_participant(id, now()).await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Anonymise,
        "participant",
        id.as_uuid(),
        id,
    )
    .await?;
    let stored = tx.participants().participant(id).await?;
    crate::events::participant(
        tx,
        &stored.participant,
        EventType::ParticipantAnonymised,
        &[],
    )
    .await?;
    crate::events::referrals_changed(tx, id).await?;
    Ok(stored)
}

/// Everything held about a participant. Its `Debug` names only the participant: the
/// identity code must never reach a log.
pub struct Export {
    /// The participant.
    pub participant: StoredParticipant,
    /// The identity code, if stored.
    pub identity: Option<String>,
    /// Episodes.
    pub episodes: Vec<askel_domain::Episode>,
    /// Steps.
    pub steps: Vec<askel_domain::StepEntry>,
    /// Goals.
    pub goals: Vec<askel_domain::Goal>,
    /// Assessments.
    pub assessments: Vec<askel_domain::Assessment>,
    /// Attendance marks.
    pub attendance: Vec<(uuid::Uuid, askel_domain::AttendanceStatus)>,
    /// Follow-ups six months after leaving.
    pub follow_ups: Vec<askel_persistence::StoredFollowUp>,
    /// The access log, this export included.
    pub access_log: Vec<StoredAudit>,
}

impl std::fmt::Debug for Export {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Export")
            .field("participant", &self.participant.participant.id)
            .finish_non_exhaustive()
    }
}

/// Everything held about a participant, as one document; the export itself is audited.
pub async fn export(
    tx: &Tx,
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
) -> Result<Export, ApiError> {
    let participant = load_for(
        tx,
        principal,
        id,
        Action::ExportParticipant,
        AuditAction::Export,
    )
    .await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Export,
        "participant",
        id.as_uuid(),
        id,
    )
    .await?;
    let identity = match (
        tx.participants().identity_cipher(id).await?,
        &state.data_key,
    ) {
        (Some(cipher), Some(key)) => Some(key.open(&cipher).map_err(ApiError::internal)?),
        _ => None,
    };
    let episodes = tx.path().episodes(id).await?;
    let steps = tx.path().steps(id).await?;
    let goals = tx.goals().goals(id).await?;
    let assessments = tx.assessments().assessments(id).await?;
    let attendance = tx.activities().attendance_of(id).await?;
    let follow_ups = tx.path().follow_ups(id).await?;
    let mut access_log = Vec::new();
    let mut page = PageRequest {
        limit: askel_domain::Limit::new(500).map_err(ApiError::internal)?,
        ..Default::default()
    };
    loop {
        let chunk = tx.audit_log(id, &page).await?;
        access_log.extend(chunk.items);
        match chunk.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    Ok(Export {
        participant,
        identity,
        episodes,
        steps,
        goals,
        assessments,
        attendance,
        follow_ups,
        access_log,
    })
}
