//! Participants: registration, lists and changes (reading one is `participant_read`, the
//! access check `participant_access`). A participant the caller may not read answers 404, and
//! the attempt is recorded.

use askel_domain::{
    Action, AuditAction, EventType, NewParticipant, OrganisationId, Page, PageRequest, Participant,
    ParticipantId, PersonalIdentityCode, ProjectId, Relation,
};
use askel_persistence::{IdentityHolder, ParticipantFilter, SealedIdentity, StoredParticipant};

use super::access::{load_project, permitted_project, project_relation};
use super::participant_access::for_update;
use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::Work;

/// Who records things: the acting person when the token names one, else the API client.
pub fn recorded_by(principal: &Principal) -> String {
    principal
        .acting_for
        .clone()
        .unwrap_or_else(|| principal.client.clone())
}

/// `code` sealed with the data key, once no other participant of `project` but `myself` holds
/// it (see [`refuse_duplicate`]); nothing when no code is given.
async fn seal_unique(
    work: &Work<'_>,
    state: &AppState,
    project: ProjectId,
    code: Option<&PersonalIdentityCode>,
    myself: Option<ParticipantId>,
) -> Result<Option<SealedIdentity>, ApiError> {
    let Some(code) = code else {
        return Ok(None);
    };
    let key = work.data_key().ok_or_else(|| {
        ApiError::invalid(
            "identity_code",
            "this server has no data key (ASKEL_DATA_KEY) and cannot store identity codes",
        )
    })?;
    let sealed = key.seal(code);
    refuse_duplicate(work, state, project, &sealed, myself).await?;
    Ok(Some(sealed))
}

/// Refuses a second registration of one person in a project; the existing id is named only to
/// a caller who may read that participant. Every look-up counts against the caller's limit of
/// identity-code look-ups, and a match is recorded in the matched participant's access log as
/// a look-up by the caller, kept whether or not this transaction commits (a dry run, a refused
/// create): a duplicate check must not be a free way to learn who takes part.
async fn refuse_duplicate(
    work: &Work<'_>,
    state: &AppState,
    project: ProjectId,
    sealed: &SealedIdentity,
    myself: Option<ParticipantId>,
) -> Result<(), ApiError> {
    let org = work
        .principal()
        .organisation
        .map(|o| o.to_string())
        .unwrap_or_default();
    if let Err(wait) = state.identity_lookups.check(
        &format!("{org}:{}", work.principal().client),
        std::time::Instant::now(),
    ) {
        return Err(ApiError::TooManyRequests(
            crate::rate_limit::retry_after_seconds(wait),
            crate::metrics::Limit::IdentityLookups,
        ));
    }
    let Some(IdentityHolder {
        id: existing,
        owner,
    }) = work
        .participants()
        .participant_by_identity(project, &sealed.hash)
        .await?
    else {
        return Ok(());
    };
    if Some(existing) == myself {
        return Ok(());
    }
    state.audit.record_soon(vec![audit::allowed(
        work.principal(),
        AuditAction::IdentityLookup,
        "participant",
        existing.as_uuid(),
        existing,
    )]);
    let relation = match project_relation(work, project).await? {
        Relation::ProjectAdministrator => Relation::ProjectAdministrator,
        _ if work.principal().organisation == Some(owner) => Relation::Owner,
        other => other,
    };
    Err(ApiError::Conflict(
        if work.principal().may(Action::ReadParticipant, relation) {
            format!("this person is already registered in the project as participant {existing}")
        } else {
            "this person is already registered in the project by another organisation".to_owned()
        },
    ))
}

/// What the project decides of a participant's fields: the entry date falls in the project's
/// dates, and "other disadvantaged" is answered only where the programme period asks it.
pub(crate) fn check_against_project(
    project: &askel_domain::Project,
    fields: &askel_domain::ParticipantFields,
) -> Result<(), ApiError> {
    let dates = project.fields.dates;
    let entry = fields.entry_date;
    if dates.start().is_some_and(|s| entry < s) || dates.end().is_some_and(|e| entry > e) {
        let bound = |d: Option<chrono::NaiveDate>| d.map_or("open".to_owned(), |d| d.to_string());
        return Err(ApiError::invalid(
            "entry_date",
            format!(
                "the entry date is outside the project's period ({} to {})",
                bound(dates.start()),
                bound(dates.end())
            ),
        ));
    }
    if !project.fields.programme_period.asks_other_disadvantaged()
        && fields.facts.sensitive.other_disadvantaged != askel_domain::SensitiveAnswer::NotAsked
    {
        return Err(ApiError::invalid(
            "other_disadvantaged",
            "is asked only in ESF 2014–2020 projects; leave it out (not_asked)",
        ));
    }
    Ok(())
}

/// Where a registration goes: the project and the owner-to-be (the caller's organisation).
#[derive(Debug, Clone)]
pub struct RegistrationTarget {
    /// The project.
    pub project: askel_domain::Project,
    /// The organisation that will own the participants.
    pub owner: OrganisationId,
}

/// Checks that the caller may register participants in the project; returns the project and
/// the owner-to-be (the caller's organisation).
pub async fn registration_target(
    work: &Work<'_>,
    project_id: ProjectId,
) -> Result<RegistrationTarget, ApiError> {
    let project = permitted_project(
        work,
        project_id,
        Action::RegisterParticipant,
        "only the project's implementers register participants",
    )
    .await?
    .project;
    let owner = work
        .principal()
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    Ok(RegistrationTarget { project, owner })
}

/// Stores a new participant owned by `owner`, after the checks only storage can make.
pub async fn create(
    work: &Work<'_>,
    state: &AppState,
    project: &askel_domain::Project,
    owner: OrganisationId,
    new: NewParticipant,
) -> Result<StoredParticipant, ApiError> {
    check_against_project(project, &new.fields)?;
    let sealed = seal_unique(work, state, project.id, new.identity_code.as_ref(), None).await?;
    let at = now();
    let participant = Participant {
        id: ParticipantId::new(),
        project_id: project.id,
        owner_id: owner,
        fields: new.fields,
        has_identity_code: sealed.is_some(),
        anonymised: false,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    work.participants()
        .insert_participant(&participant, sealed.as_ref())
        .await?;
    recorded(
        work,
        &participant,
        AuditAction::Create,
        EventType::ParticipantRegistered,
    )
    .await?;
    Ok(StoredParticipant {
        participant,
        state: askel_domain::PathState::registered(),
        participation_minutes: 0,
    })
}

/// Replaces an owned participant's fields with imported ones: consents are added to the
/// history, an identity code is set when given.
pub async fn replace(
    work: &Work<'_>,
    state: &AppState,
    project: &askel_domain::Project,
    current: StoredParticipant,
    new: NewParticipant,
) -> Result<StoredParticipant, ApiError> {
    let p = &current.participant;
    check_against_project(project, &new.fields)?;
    let sealed = seal_unique(
        work,
        state,
        project.id,
        new.identity_code.as_ref(),
        Some(p.id),
    )
    .await?;
    let mut consents = p.fields.consents.clone();
    for c in new.fields.consents.iter() {
        if !consents
            .iter()
            .any(|old| old.kind == c.kind && old.date == c.date && old.given == c.given)
        {
            consents.push(c.clone());
        }
    }
    let fields = askel_domain::ParticipantFields {
        consents,
        ..new.fields
    };
    store_change(work, current, fields, sealed)
        .await?
        .ok_or_else(|| {
            ApiError::Conflict("the participant changed during the import; retry".into())
        })
}

/// Registers a participant; the caller's organisation, an implementer of the project, owns it.
pub async fn register(
    work: &Work<'_>,
    state: &AppState,
    project_id: ProjectId,
    new: NewParticipant,
) -> Result<StoredParticipant, ApiError> {
    let RegistrationTarget { project, owner } = registration_target(work, project_id).await?;
    create(work, state, &project, owner, new).await
}

/// A page of a project's participants: the administrator sees all, an implementer its own.
/// Each listed participant's access log records the listing.
pub async fn list(
    work: &Work<'_>,
    project: ProjectId,
    mut filter: ParticipantFilter,
    page: &PageRequest,
) -> Result<Page<StoredParticipant>, ApiError> {
    let relation = permitted_project(
        work,
        project,
        Action::ListParticipants,
        "only the project's administrator and implementers list its participants",
    )
    .await?
    .relation;
    if relation != Relation::ProjectAdministrator {
        if filter
            .owner
            .is_some_and(|o| Some(o) != work.principal().organisation)
        {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
        filter.owner = work.principal().organisation;
    }
    let found = work
        .participants()
        .participants(project, &filter, page)
        .await?;
    audit::record_covering(
        work,
        AuditAction::List,
        "participant",
        found
            .items
            .iter()
            .map(|s| (s.participant.id.as_uuid(), s.participant.id)),
    )
    .await?;
    Ok(found)
}

/// Changes a participant's own fields. `change` turns the current fields into the new ones.
pub async fn update(
    work: &Work<'_>,
    state: &AppState,
    id: ParticipantId,
    if_match: Option<i32>,
    change: impl FnOnce(&askel_domain::ParticipantFields) -> Result<NewParticipant, ApiError>,
) -> Result<StoredParticipant, ApiError> {
    let current = for_update(work, id).await?;
    let p = &current.participant;
    if if_match.is_some_and(|v| v != p.version) {
        return Err(ApiError::PreconditionFailed);
    }
    let new = change(&p.fields)?;
    if new.fields.entry_date != p.fields.entry_date
        || new.fields.facts.sensitive.other_disadvantaged
            != p.fields.facts.sensitive.other_disadvantaged
    {
        check_against_project(&load_project(work, p.project_id).await?, &new.fields)?;
    }
    let sealed = seal_unique(
        work,
        state,
        p.project_id,
        new.identity_code.as_ref(),
        Some(id),
    )
    .await?;
    store_change(work, current, new.fields, sealed)
        .await?
        .ok_or(ApiError::PreconditionFailed)
}

/// Stores a participant's new fields if nobody changed it since `current` was read (`None`
/// if somebody did), and records the change in the audit log and the feed.
async fn store_change(
    work: &Work<'_>,
    current: StoredParticipant,
    fields: askel_domain::ParticipantFields,
    sealed: Option<SealedIdentity>,
) -> Result<Option<StoredParticipant>, ApiError> {
    let p = &current.participant;
    let updated = Participant {
        fields,
        has_identity_code: p.has_identity_code || sealed.is_some(),
        version: p.version + 1,
        updated_at: now(),
        ..p.clone()
    };
    if !work
        .participants()
        .update_participant(&updated, p.version, sealed.as_ref())
        .await?
    {
        return Ok(None);
    }
    recorded(
        work,
        &updated,
        AuditAction::Update,
        EventType::ParticipantUpdated,
    )
    .await?;
    Ok(Some(StoredParticipant {
        participant: updated,
        ..current
    }))
}

/// Records a participant's creation or change in the audit log and in the feed.
async fn recorded(
    work: &Work<'_>,
    participant: &Participant,
    action: AuditAction,
    event: EventType,
) -> Result<(), ApiError> {
    audit::record_allowed(
        work,
        action,
        "participant",
        participant.id.as_uuid(),
        participant.id,
    )
    .await?;
    crate::events::participant(work, participant, event, &[]).await
}
