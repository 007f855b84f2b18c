//! Referrals: made by the participant's owner (or the project administrator), followed by
//! both sides through the lifecycle in `domain`, visible to nobody else.

use askel_domain::referral::{required_consent, transition};
use askel_domain::{
    Action, AuditAction, EventType, OrganisationKind, Page, PageRequest, ParticipantId, Referral,
    ReferralInput, ReferralStatus, Relation, SharedDetails, Side, Transition, TransitionRequest,
};
use askel_persistence::{ReferralFilter, StoreError, Tx};
use uuid::Uuid;

use super::participant_access::load_for;
use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::state::AppState;

fn transition_record(
    principal: &Principal,
    from: Option<ReferralStatus>,
    to: ReferralStatus,
) -> Transition {
    Transition {
        from,
        to,
        at: now(),
        client: principal.client.clone(),
        organisation_id: principal.organisation,
        acting_for: principal.acting_for.clone(),
    }
}

/// Refers a participant onwards. A referral to another organisation needs the participant's
/// sharing consent for that kind of organisation (409 naming it otherwise).
pub async fn create(
    tx: &Tx,
    principal: &Principal,
    data_key: Option<&crate::crypto::DataKey>,
    participant_id: ParticipantId,
    input: ReferralInput,
) -> Result<Referral, ApiError> {
    let stored = load_for(
        tx,
        principal,
        participant_id,
        Action::CreateReferral,
        AuditAction::Create,
    )
    .await?;
    let p = &stored.participant;
    let sender = principal
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    let target = match tx.organisations().organisation(input.target).await {
        Ok(o) => o,
        Err(StoreError::NotFound) => {
            return Err(ApiError::invalid(
                "target_organisation_id",
                "no organisation has this id",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let is_actor = !tx
        .projects()
        .roles_in_project(p.project_id, target.id)
        .await?
        .is_empty();
    if !is_actor && target.fields.kind != OrganisationKind::EducationalInstitution {
        return Err(ApiError::invalid(
            "target_organisation_id",
            "the target must be an actor of the project or an educational institution",
        ));
    }
    if target.id != sender {
        let consent = required_consent(target.fields.kind);
        if !p.fields.consents_to(consent) {
            return Err(ApiError::Conflict(format!(
                "the participant has not given the consent {consent} that a referral to this organisation needs"
            )));
        }
    }
    let share = input.share;
    let facts = p.fields.facts;
    let identity = if share.identity_code {
        Some(
            tx.participants()
                .identity_cipher(p.id)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid(
                        "share.identity_code",
                        "no identity code is stored for the participant",
                    )
                })?,
        )
    } else {
        None
    };
    let contact = match (&input.contact, data_key) {
        (None, _) => None,
        (Some(_), _) if target.id == sender => {
            return Err(ApiError::invalid(
                "contact",
                "contact details are shared with another organisation only",
            ));
        }
        (Some(_), None) => {
            return Err(ApiError::Conflict(
                "contact details need ASKEL_DATA_KEY, which encrypts them at rest".into(),
            ));
        }
        (Some(c), Some(key)) => Some(key.encrypt(&serde_json::to_string(c).unwrap_or_default())),
    };
    let at = now();
    let mut referral = Referral {
        id: Uuid::now_v7(),
        project_id: p.project_id,
        participant_id: p.id,
        sender_id: sender,
        target_id: target.id,
        service_kind: input.service_kind,
        reason: input.reason,
        shared: SharedDetails {
            birth_date: share.birth_date.then_some(facts.birth_date),
            gender: share.gender.then_some(facts.gender),
            home_municipality: if share.home_municipality {
                p.fields.home_municipality
            } else {
                None
            },
            labour_market_status: share
                .labour_market_status
                .then_some(facts.labour_market_status),
            education: share.education.then_some(facts.education),
            identity_code: identity.is_some(),
            contact: contact.is_some(),
        },
        status: ReferralStatus::Draft,
        decline: None,
        outcome: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    tx.referrals()
        .insert_referral(&referral, identity, contact)
        .await?;
    tx.referrals()
        .insert_transition(
            referral.id,
            &transition_record(principal, None, ReferralStatus::Draft),
        )
        .await?;
    crate::events::referral(
        tx,
        &referral,
        EventType::ReferralCreated,
        crate::events::ForTarget::Nothing,
    )
    .await?;
    if input.send {
        tx.referrals()
            .insert_transition(
                referral.id,
                &transition_record(principal, Some(ReferralStatus::Draft), ReferralStatus::Sent),
            )
            .await?;
        referral.status = ReferralStatus::Sent;
        referral.version = 2;
        tx.referrals().update_referral(&referral, 1).await?;
        crate::events::referral(
            tx,
            &referral,
            EventType::ReferralStatusChanged,
            crate::events::ForTarget::Received,
        )
        .await?;
    }
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Create,
        "referral",
        referral.id,
        p.id,
    )
    .await?;
    Ok(referral)
}

/// The side the caller is on and its relation, or 404: the sender and the target see a
/// referral (the target not while it is a draft), and so does the project's administrator, who
/// reads the participant (on the sending side, without acting for it).
pub(crate) async fn side_of(
    tx: &Tx,
    principal: &Principal,
    r: &Referral,
) -> Result<(Side, Relation), ApiError> {
    let (side, relation) = match principal.organisation {
        Some(o) if o == r.sender_id => (Side::Sender, Relation::Owner),
        Some(o) if o == r.target_id && r.status != ReferralStatus::Draft => {
            (Side::Target, Relation::Target)
        }
        Some(o) if tx.projects().project_administrator(r.project_id).await? == o => {
            (Side::Sender, Relation::ProjectAdministrator)
        }
        _ => return Err(ApiError::NotFound("referral")),
    };
    if !principal.may(Action::ReadReferral, relation) {
        return Err(ApiError::NotFound("referral"));
    }
    Ok((side, relation))
}

pub(crate) async fn load(tx: &Tx, id: Uuid) -> Result<Referral, ApiError> {
    tx.referrals().referral(id).await.or_not_found("referral")
}

/// Whether the caller may still read referral `id`, for replaying a stored response about it;
/// the participant it concerns, for the audit record of the replay.
pub async fn may_read(tx: &Tx, principal: &Principal, id: Uuid) -> Result<ParticipantId, ApiError> {
    let referral = load(tx, id).await?;
    side_of(tx, principal, &referral).await?;
    Ok(referral.participant_id)
}

/// A referral as its side sees it: with its transitions, for the target the identity code when
/// it was shared, and for the sender and the target the contact details when they were shared
/// (as JSON; each of those reads is recorded in the participant's access log).
pub async fn get(
    tx: &Tx,
    state: &AppState,
    principal: &Principal,
    id: Uuid,
) -> Result<
    (
        Referral,
        Side,
        Vec<Transition>,
        Option<String>,
        Option<String>,
    ),
    ApiError,
> {
    let referral = load(tx, id).await?;
    let (side, relation) = side_of(tx, principal, &referral).await?;
    let mut records = vec![audit::allowed(
        principal,
        AuditAction::Read,
        "referral",
        id,
        referral.participant_id,
    )];
    let identity = if side == Side::Target && referral.shared.identity_code {
        records.push(audit::allowed(
            principal,
            AuditAction::ReadIdentity,
            "referral",
            id,
            referral.participant_id,
        ));
        match (tx.referrals().referral_identity(id).await?, &state.data_key) {
            (Some(cipher), Some(key)) => Some(key.open(&cipher).map_err(ApiError::internal)?),
            _ => None,
        }
    } else {
        None
    };
    // Contact details are the sender's and the target's only, not the administrator's.
    let contact = if referral.shared.contact && relation != Relation::ProjectAdministrator {
        records.push(audit::allowed(
            principal,
            AuditAction::Read,
            "referral_contact",
            id,
            referral.participant_id,
        ));
        match (tx.referrals().referral_contact(id).await?, &state.data_key) {
            (Some(cipher), Some(key)) => Some(key.open(&cipher).map_err(ApiError::internal)?),
            _ => None,
        }
    } else {
        None
    };
    tx.insert_audit(&records).await?;
    let transitions = tx.referrals().transitions(id).await?;
    Ok((referral, side, transitions, identity, contact))
}

/// The referrals the caller's organisation sent or received; each listing is recorded in the
/// participants' access logs.
pub async fn list(
    tx: &Tx,
    principal: &Principal,
    mut filter: ReferralFilter,
    page: &PageRequest,
) -> Result<Page<(Referral, Side)>, ApiError> {
    let org = principal
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    if !principal.may(Action::ReadReferral, Relation::Owner)
        && !principal.may(Action::ReadReferral, Relation::Target)
    {
        return Err(ApiError::Forbidden(
            "your roles do not include reading referrals",
        ));
    }
    filter.organisation = org;
    let found = tx.referrals().referrals(&filter, page).await?;
    let records: Vec<_> = found
        .items
        .iter()
        .map(|r| {
            audit::allowed(
                principal,
                AuditAction::List,
                "referral",
                r.id,
                r.participant_id,
            )
        })
        .collect();
    tx.insert_audit(&records).await?;
    Ok(found.map(|r| {
        // Referrals listed for their project's administrator are on the sending side.
        let side = if r.sender_id == org || r.target_id != org {
            Side::Sender
        } else {
            Side::Target
        };
        (r, side)
    }))
}

/// Moves a referral along its lifecycle (409 naming the allowed moves otherwise); with
/// `expected_version`, only from that version (412 otherwise).
pub async fn move_to(
    tx: &Tx,
    principal: &Principal,
    id: Uuid,
    request: TransitionRequest,
    expected_version: Option<i32>,
) -> Result<(Referral, Side), ApiError> {
    let current = load(tx, id).await?;
    let (side, relation) = side_of(tx, principal, &current).await?;
    if expected_version.is_some_and(|v| v != current.version) {
        return Err(ApiError::PreconditionFailed);
    }
    let (action, why) = match side {
        Side::Sender => (
            Action::ActAsReferralSender,
            "your roles do not let you act for the sender",
        ),
        Side::Target => (
            Action::ActAsReferralTarget,
            "your roles do not let you act for the target",
        ),
    };
    principal.require(action, relation, why)?;
    transition(current.status, request.to, side).map_err(|e| ApiError::Conflict(e.to_string()))?;
    let updated = Referral {
        status: request.to,
        decline: request.decline.or(current.decline.clone()),
        outcome: request.outcome.or(current.outcome.clone()),
        version: current.version + 1,
        updated_at: now(),
        ..current.clone()
    };
    if !tx
        .referrals()
        .update_referral(&updated, current.version)
        .await?
    {
        return Err(ApiError::Conflict(
            "the referral changed at the same moment; read it again".into(),
        ));
    }
    tx.referrals()
        .insert_transition(
            id,
            &transition_record(principal, Some(current.status), request.to),
        )
        .await?;
    // A draft cancelled before it was sent was never the target's to see; a sent draft
    // reaches it as `referral.received`.
    crate::events::referral(
        tx,
        &updated,
        EventType::ReferralStatusChanged,
        crate::events::ForTarget::of_move(current.status, request.to),
    )
    .await?;
    audit::record_allowed(
        tx,
        principal,
        AuditAction::Update,
        "referral",
        id,
        current.participant_id,
    )
    .await?;
    Ok((updated, side))
}
