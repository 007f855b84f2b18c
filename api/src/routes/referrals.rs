//! `/v1/participants/{id}/referrals`, `/v1/referrals` and transitions.

use actix_web::http::header;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use askel_domain::{ParticipantId, ReferralInput, TransitionRequest};
use askel_openapi::document::tags;
use askel_openapi::referrals::{
    CreateReferral, Referral, ReferralPage, ReferralQuery, RoleFilter, TransitionInput,
};
use askel_persistence::ReferralFilter;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::fhir::Wanted;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::referrals as service;
use crate::state::AppState;
use crate::transaction;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(move_to);
}

/// Refer a participant onwards.
///
/// Service guidance (step 4): to an actor of the project (the wellbeing services county, a TE
/// office, …) or an educational institution. A referral to another organisation needs the
/// participant's consent for that kind of organisation: without it 409 names the missing
/// consent, and nothing is stored. Choose in `share` what the target sees. A draft stays
/// yours until sent (`send: true` sends at once).
#[utoipa::path(
    tag = tags::REFERRALS,
    operation_id = "createReferral",
    request_body = CreateReferral,
    params(("id" = Uuid, Path, description = "Participant id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses(
        (status = 201, description = "Created.", body = Referral, headers(("Location" = String, description = "The referral's URL."))),
        (status = 409, description = "A consent the referral needs is missing.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/referrals")]
async fn create(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateReferral>,
) -> Result<HttpResponse, ApiError> {
    let input = ReferralInput::try_from(body.value)?;
    let participant = ParticipantId::from_uuid(*id);
    let data_key = op.state().data_key.clone();
    op.run_personal(body.digest, async move |work| {
        let referral = service::create(work, data_key.as_deref(), participant, input).await?;
        let location = format!("/v1/referrals/{}", referral.id);
        let transitions = work.referrals().transitions(referral.id).await?;
        let (id, about) = (referral.id, referral.participant_id);
        Ok(Created::new(
            &Referral::new(
                referral,
                askel_domain::Side::Sender,
                transitions,
                None,
                None,
            ),
            location,
        )?
        .about_referral(id, about))
    })
    .await
}

/// List referrals: a county's inbox, a partner's outbox.
///
/// Your organisation sees the referrals it sent and those addressed to it — never others;
/// drafts only their sender. `role=target` is the inbox. Mirror changes with `updated_since`
/// (items in `(updated_at, id)` order; no change is skipped) or follow `/v1/events`. List items
/// carry no transitions and no identity code: read the referral for those.
#[utoipa::path(
    tag = tags::REFERRALS,
    operation_id = "listReferrals",
    params(ReferralQuery),
    responses(
        (status = 200, description = "A page of referrals.", body = ReferralPage),
        (status = 406, description = "Asked for FHIR or XML: search /fhir/ServiceRequest instead.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/referrals")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    query: Query<ReferralQuery>,
) -> Result<HttpResponse, ApiError> {
    if crate::fhir::wanted(&req) != Wanted::Json {
        return Err(ApiError::NotAcceptable(
            "this list is served as application/json; FHIR clients search /fhir/ServiceRequest",
        ));
    }
    let page = query.list_query().page_request()?;
    let filter = ReferralFilter {
        organisation: askel_domain::OrganisationId::from_uuid(Uuid::nil()),
        side: query.role.map(|r| match r {
            RoleFilter::Target => askel_domain::Side::Target,
            RoleFilter::Sender => askel_domain::Side::Sender,
        }),
        statuses: query.status.map(|s| vec![s.into()]),
        sender: None,
        target: None,
        service_kind: query.service_kind.map(Into::into),
        project: query.project.map(Into::into),
    };
    let found = transaction::read_audited(&state, &principal, async |work| {
        service::list(work, filter, &page).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(ReferralPage::from_page(found, |(r, side)| {
            Referral::new(r, side, Vec::new(), None, None)
        })))
}

/// Read a referral.
///
/// For its sender and its target. The target sees the details shared with it (the identity
/// code too, when shared; that read is recorded in the participant's access log). With
/// `Accept: application/fhir+json` the answer is a FHIR R4 ServiceRequest with its version as
/// a weak ETag (the FHIR facade at `/fhir` serves it too); XML is not served (406).
#[utoipa::path(
    tag = tags::REFERRALS,
    operation_id = "getReferral",
    params(("id" = Uuid, Path, description = "Referral id.")),
    responses(
        (status = 200, description = "The referral.", content(
            (Referral = "application/json"),
            (serde_json::Value = "application/fhir+json"),
        )),
        (status = 406, description = "Asked for XML: only JSON is served.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/referrals/{id}")]
async fn get_one(
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    if crate::fhir::wanted(&req) == Wanted::Neither {
        return Err(ApiError::NotAcceptable(
            "this referral is served as application/json or application/fhir+json",
        ));
    }
    let (referral, side, transitions, identity, contact) =
        transaction::read_audited(&state, &principal, async |work| {
            service::get(work, *id).await
        })
        .await?;
    let contact = contact.and_then(|text| serde_json::from_str(&text).ok());
    let wire = Referral::new(referral, side, transitions, identity, contact);
    match crate::fhir::wanted(&req) {
        Wanted::Json => Ok(HttpResponse::Ok().insert_header(NO_STORE).json(wire)),
        Wanted::FhirJson => Ok(HttpResponse::Ok()
            .insert_header(NO_STORE)
            .insert_header((header::ETAG, format!("W/\"{}\"", wire.version)))
            .content_type(askel_openapi::fhir::FHIR_JSON)
            .json(wire.to_fhir())),
        Wanted::Neither => Err(ApiError::NotAcceptable(
            "this referral is served as application/json or application/fhir+json",
        )),
    }
}

/// Move a referral.
///
/// The sender sends and cancels (any time before completion); the target receives, accepts,
/// declines (with a reason code) and completes (optionally with the outcome). Any other move
/// answers 409 naming the moves allowed now. Every move is kept with its time and actor.
#[utoipa::path(
    tag = tags::REFERRALS,
    operation_id = "transitionReferral",
    request_body = TransitionInput,
    params(("id" = Uuid, Path, description = "Referral id."), ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first answer.")),
    responses(
        (status = 200, description = "Moved.", body = Referral),
        (status = 409, description = "Not a move allowed now; the problem names the allowed ones.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/referrals/{id}/transitions")]
async fn move_to(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<TransitionInput>,
) -> Result<HttpResponse, ApiError> {
    let request = TransitionRequest::try_from(body.value)?;
    let referral_id = *id;
    op.run_personal(body.digest, async move |work| {
        let moved = service::move_to(work, referral_id, request, None).await?;
        let transitions = work.referrals().transitions(referral_id).await?;
        let about = moved.referral.participant_id;
        let wire = Referral::new(moved.referral, moved.side, transitions, None, None);
        Ok(Created::ok(&wire)?.about_referral(referral_id, about))
    })
    .await
}
