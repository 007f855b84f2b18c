//! A person's rights and a partner leaving: who has accessed the data, everything held as
//! one document, anonymisation, and transfer to another implementer.

use askel_domain::{Action, AuditAction, EventType, Page, PageRequest, ParticipantId};
use askel_persistence::{StoredAudit, StoredParticipant};

use super::participant_access::load_for;
use crate::audit;
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

/// Who has accessed the participant's data, oldest first.
pub async fn access_log(
    work: &Work<'_>,
    id: ParticipantId,
    page: &PageRequest,
) -> Result<Page<StoredAudit>, ApiError> {
    let _ = load_for(work, id, Action::ReadAccessLog, AuditAction::Read).await?;
    let log = work.audit_log(id, page).await?;
    audit::record_allowed(work, AuditAction::Read, "access_log", id.as_uuid(), id).await?;
    Ok(log)
}

/// Hands a participant to another implementer of the project (the administrator's manager).
/// The history stays; the old owner loses access at once, to the referrals it sent about the
/// participant too: they are the new owner's to follow.
pub async fn transfer(
    work: &Work<'_>,
    id: ParticipantId,
    to: askel_domain::OrganisationId,
) -> Result<StoredParticipant, ApiError> {
    let mut stored = load_for(work, id, Action::TransferParticipant, AuditAction::Transfer).await?;
    let project = stored.participant.project_id;
    if !work
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
    work.participants()
        .set_participant_owner(id, to, at)
        .await?;
    work.referrals()
        .move_referrals(id, old_owner, to, at)
        .await?;
    let moved = askel_domain::Participant {
        owner_id: to,
        ..stored.participant.clone()
    };
    if work
        .projects()
        .project_administrator(moved.project_id)
        .await?
        != old_owner
    {
        crate::events::participant_gone(work, &moved, &[old_owner]).await?;
    }
    crate::events::participant(work, &moved, EventType::ParticipantTransferredIn, &[]).await?;
    crate::events::referrals_changed(work, id).await?;
    audit::record_allowed(work, AuditAction::Transfer, "participant", id.as_uuid(), id).await?;
    tracing::info!(participant = %id, "participant transferred");
    stored.participant.owner_id = to;
    stored.participant.version += 1;
    stored.participant.updated_at = at;
    Ok(stored)
}

/// Removes identifying data wherever it is kept (identity code, external reference, notes,
/// the free text of steps, goals, exits and referrals, what referrals shared, stored
/// idempotent responses) and keeps the facts the figures need, so reports do not change.
pub async fn anonymise(work: &Work<'_>, id: ParticipantId) -> Result<StoredParticipant, ApiError> {
    let _ = load_for(
        work,
        id,
        Action::AnonymiseParticipant,
        AuditAction::Anonymise,
    )
    .await?;
    let stored = anonymise_checked(work, id).await?;
    tracing::info!(participant = %id, "participant anonymised");
    Ok(stored)
}

/// Anonymises a participant the caller was allowed to: the data, the audit record and the
/// events for both sides' mirrors. Shared by the operation and by retention.
pub(crate) async fn anonymise_checked(
    work: &Work<'_>,
    id: ParticipantId,
) -> Result<StoredParticipant, ApiError> {
    work.participants().anonymise_participant(id, now()).await?;
    audit::record_allowed(
        work,
        AuditAction::Anonymise,
        "participant",
        id.as_uuid(),
        id,
    )
    .await?;
    let stored = work.participants().participant(id).await?;
    crate::events::participant(
        work,
        &stored.participant,
        EventType::ParticipantAnonymised,
        &[],
    )
    .await?;
    crate::events::referrals_changed(work, id).await?;
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
pub async fn export(work: &Work<'_>, id: ParticipantId) -> Result<Export, ApiError> {
    let participant = load_for(work, id, Action::ExportParticipant, AuditAction::Export).await?;
    audit::record_allowed(work, AuditAction::Export, "participant", id.as_uuid(), id).await?;
    let identity = work.open(work.participants().identity_cipher(id).await?)?;
    let episodes = work.path().episodes(id).await?;
    let steps = work.path().steps(id).await?;
    let goals = work.goals().goals(id).await?;
    let assessments = work.assessments().assessments(id).await?;
    let attendance = work.activities().attendance_of(id).await?;
    let follow_ups = work.path().follow_ups(id).await?;
    let mut access_log = Vec::new();
    let mut page = PageRequest {
        limit: askel_domain::Limit::new(500).map_err(ApiError::internal)?,
        ..Default::default()
    };
    loop {
        let chunk = work.audit_log(id, &page).await?;
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
