//! Referrals: made by the participant's owner (or the project administrator), followed by
//! both sides through the lifecycle in `domain`, visible to nobody else.

use askel_domain::referral::{required_consent, transition};
use askel_domain::{
    Action, AuditAction, EventType, OrganisationKind, ParticipantId, Referral, ReferralInput,
    ReferralStatus, SharedDetails, Side, Transition, TransitionRequest,
};
use askel_persistence::StoreError;
use uuid::Uuid;

use super::participant_access::load_for;
use super::referral_reads::{SeenReferral, Standing, load, side_of};
pub use super::referral_reads::{get, list, may_read};
use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

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
    work: &Work<'_>,
    data_key: Option<&crate::crypto::DataKey>,
    participant_id: ParticipantId,
    input: ReferralInput,
) -> Result<Referral, ApiError> {
    let stored = load_for(
        work,
        participant_id,
        Action::CreateReferral,
        AuditAction::Create,
    )
    .await?;
    let p = &stored.participant;
    let sender = work
        .principal()
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    let target = match work.organisations().organisation(input.target).await {
        Ok(o) => o,
        Err(StoreError::NotFound) => {
            return Err(ApiError::invalid(
                "target_organisation_id",
                "no organisation has this id",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let is_actor = !work
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
            work.participants()
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
    work.referrals()
        .insert_referral(&referral, identity, contact)
        .await?;
    work.referrals()
        .insert_transition(
            referral.id,
            &transition_record(work.principal(), None, ReferralStatus::Draft),
        )
        .await?;
    crate::events::referral(
        work,
        &referral,
        EventType::ReferralCreated,
        crate::events::ForTarget::Nothing,
    )
    .await?;
    if input.send {
        work.referrals()
            .insert_transition(
                referral.id,
                &transition_record(
                    work.principal(),
                    Some(ReferralStatus::Draft),
                    ReferralStatus::Sent,
                ),
            )
            .await?;
        referral.status = ReferralStatus::Sent;
        referral.version = 2;
        work.referrals().update_referral(&referral, 1).await?;
        crate::events::referral(
            work,
            &referral,
            EventType::ReferralStatusChanged,
            crate::events::ForTarget::Received,
        )
        .await?;
    }
    audit::record_allowed(work, AuditAction::Create, "referral", referral.id, p.id).await?;
    Ok(referral)
}

/// Moves a referral along its lifecycle (409 naming the allowed moves otherwise); with
/// `expected_version`, only from that version (412 otherwise).
pub async fn move_to(
    work: &Work<'_>,
    id: Uuid,
    request: TransitionRequest,
    expected_version: Option<i32>,
) -> Result<SeenReferral, ApiError> {
    let current = load(work, id).await?;
    let Standing { side, relation } = side_of(work, &current).await?;
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
    work.principal().require(action, relation, why)?;
    transition(current.status, request.to, side).map_err(|e| ApiError::Conflict(e.to_string()))?;
    let updated = Referral {
        status: request.to,
        decline: request.decline.or(current.decline.clone()),
        outcome: request.outcome.or(current.outcome.clone()),
        version: current.version + 1,
        updated_at: now(),
        ..current.clone()
    };
    if !work
        .referrals()
        .update_referral(&updated, current.version)
        .await?
    {
        return Err(ApiError::Conflict(
            "the referral changed at the same moment; read it again".into(),
        ));
    }
    work.referrals()
        .insert_transition(
            id,
            &transition_record(work.principal(), Some(current.status), request.to),
        )
        .await?;
    // A draft cancelled before it was sent was never the target's to see; a sent draft
    // reaches it as `referral.received`.
    crate::events::referral(
        work,
        &updated,
        EventType::ReferralStatusChanged,
        crate::events::ForTarget::of_move(current.status, request.to),
    )
    .await?;
    audit::record_allowed(
        work,
        AuditAction::Update,
        "referral",
        id,
        current.participant_id,
    )
    .await?;
    Ok(SeenReferral {
        referral: updated,
        side,
    })
}
