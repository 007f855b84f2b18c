//! `/v1/participants/{id}/follow-ups`: the situation six months after leaving.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get, post};
use askel_domain::ParticipantId;
use askel_openapi::document::tags;
use askel_openapi::follow_ups::{FollowUp, FollowUpInput, FollowUpList};
use askel_persistence::StoredFollowUp;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::follow_ups as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(record).service(list);
}

pub(super) fn wire(s: StoredFollowUp) -> FollowUp {
    FollowUp {
        id: s.id,
        participant_id: s.participant_id.as_uuid(),
        episode: s.episode,
        situation: s.follow_up.situation.into(),
        improved_situation: s.follow_up.improved_situation,
        source: s.follow_up.source.into(),
        date: s.follow_up.date,
        recorded_by: s.recorded_by,
        recorded_at: s.recorded_at,
    }
}

/// Record the follow-up six months after leaving.
///
/// One per final exit (409 for a second, or before the participant has left): the situation
/// six months after the exit, its source (contact or register data) and the date it refers to
/// (from four weeks before the due date, never in the future). It counts in the longer-term
/// results (ESF+ EECR05–EECR06, ESF 2014–2020 CR06–CR09); a re-entry makes the exit no longer
/// final, and the next exit asks for a follow-up of its own. Leavers whose follow-up falls due
/// soon: `GET /v1/projects/{id}/participants?follow_up_due_within_days=30`.
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "recordFollowUp",
    request_body = FollowUpInput,
    params(("id" = Uuid, Path, description = "Participant id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses(
        (status = 201, description = "Recorded.", body = FollowUp),
        (status = 409, description = "Not left yet, or this exit already has a follow-up.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/follow-ups")]
async fn record(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<FollowUpInput>,
) -> Result<HttpResponse, ApiError> {
    let input = askel_domain::FollowUp::from(body.value);
    let participant = ParticipantId::from_uuid(*id);
    op.run_personal(body.digest, async move |work| {
        let stored = service::record(work, participant, input).await?;
        Ok(Created::new(
            &wire(stored),
            format!("/v1/participants/{participant}/follow-ups"),
        )?
        .about(participant))
    })
    .await
}

/// Read the participant's follow-ups.
///
/// Oldest exit first. For whoever may read the participant's path.
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "listFollowUps",
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "The follow-ups.", body = FollowUpList))
)]
#[get("/participants/{id}/follow-ups")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let found = crate::transaction::read_audited(&state, &principal, async |work| {
        service::list(work, ParticipantId::from_uuid(*id)).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(FollowUpList {
            items: found.into_iter().map(wire).collect(),
        }))
}
