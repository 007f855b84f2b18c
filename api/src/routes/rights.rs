//! `/v1/participants/{id}/access-log`, `/export`, `/anonymise` and `/transfer`.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use askel_domain::ParticipantId;
use askel_openapi::ListQuery;
use askel_openapi::document::tags;
use askel_openapi::export::{ExportedAttendance, ParticipantExport};
use askel_openapi::participants::Participant;
use askel_openapi::path::{AccessLogEntry, AccessLogPage, Transfer};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::participants::{answer, wire};
use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::clock::now;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::services::rights as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(access_log)
        .service(transfer)
        .service(anonymise)
        .service(export);
}

/// Who has accessed the participant's data.
///
/// For the owner's and the administrator's managers, to answer a person who asks who has
/// looked at their data. Reading the log is itself recorded.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "getParticipantAccessLog",
    params(("id" = Uuid, Path, description = "Participant id."), ListQuery),
    responses((status = 200, description = "A page of the access log.", body = AccessLogPage))
)]
#[get("/participants/{id}/access-log")]
async fn access_log(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let log = crate::transaction::read_audited(&state, &principal, async |work| {
        service::access_log(work, ParticipantId::from_uuid(*id), &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(AccessLogPage::from_page(log, |s| {
            AccessLogEntry::new(s.entry, s.resource)
        })))
}

/// Hand a participant to another implementer.
///
/// The project administrator's `manager` hands the participant to another lead or
/// co-implementer, e.g. when a partner leaves the project. The history stays; the old owner
/// loses access at once.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "transferParticipant",
    request_body = Transfer,
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "Transferred.", body = Participant))
)]
#[post("/participants/{id}/transfer")]
async fn transfer(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    body: JsonBody<Transfer>,
) -> Result<HttpResponse, ApiError> {
    let stored = crate::transaction::write(&state, &principal, async |work| {
        service::transfer(
            work,
            ParticipantId::from_uuid(*id),
            body.value.to_organisation_id.into(),
        )
        .await
    })
    .await?;
    Ok(answer(stored, None))
}

/// Anonymise a participant.
///
/// The project administrator's `manager` removes identifying data (identity code, external
/// reference, notes, step notes and reasons) while keeping the facts the figures need, so
/// reports do not change.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "anonymiseParticipant",
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "Anonymised.", body = Participant))
)]
#[post("/participants/{id}/anonymise")]
async fn anonymise(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let stored = crate::transaction::write(&state, &principal, async |work| {
        service::anonymise(work, ParticipantId::from_uuid(*id)).await
    })
    .await?;
    crate::services::retention::scrub(&state).await;
    Ok(answer(stored, None))
}

/// Export everything held about a participant.
///
/// One JSON document for the person's right of access: the participant with the identity
/// code, every episode, step and access. The export is itself audited.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "exportParticipant",
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "Everything held about the person.", body = ParticipantExport))
)]
#[get("/participants/{id}/export")]
async fn export(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let _slot = state.heavy.slot().await?;
    let e = crate::transaction::write(&state, &principal, async |work| {
        service::export(work, ParticipantId::from_uuid(*id)).await
    })
    .await?;
    let document = ParticipantExport {
        exported_at: now(),
        participant: wire(e.participant, e.identity),
        episodes: e.episodes.into_iter().map(Into::into).collect(),
        steps: e.steps.into_iter().map(Into::into).collect(),
        goals: e.goals.into_iter().map(Into::into).collect(),
        assessments: e.assessments.into_iter().map(Into::into).collect(),
        attendance: e
            .attendance
            .into_iter()
            .map(|(activity_id, s)| ExportedAttendance {
                activity_id,
                status: s.into(),
            })
            .collect(),
        follow_ups: e
            .follow_ups
            .into_iter()
            .map(super::follow_ups::wire)
            .collect(),
        access_log: e
            .access_log
            .into_iter()
            .map(|s| AccessLogEntry::new(s.entry, s.resource))
            .collect(),
    };
    Ok(HttpResponse::Ok().insert_header(NO_STORE).json(document))
}
