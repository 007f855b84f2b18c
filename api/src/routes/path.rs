//! `/v1/participants/{id}/steps`, `/exit` and `/re-entry`.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get, post, put};
use askel_domain::StepInput;
use askel_domain::{Exit as DomainExit, ParticipantId};
use askel_openapi::document::tags;
use askel_openapi::path::{EnterStep, Exit, ExitInput, ReEntry, StepEntry, StepHistory};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::path as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(enter_step)
        .service(steps)
        .service(exit)
        .service(re_enter);
}

/// Record entering a step.
///
/// Forward by one step needs nothing; skipping a step or moving back needs a `reason` (422
/// without one). An exited participant takes no new steps until re-entered (409).
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "enterStep",
    request_body = EnterStep,
    params(("id" = Uuid, Path, description = "Participant id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses(
        (status = 201, description = "Recorded.", body = StepEntry),
        (status = 409, description = "The participant has exited.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/steps")]
async fn enter_step(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<EnterStep>,
) -> Result<HttpResponse, ApiError> {
    let input = StepInput::try_from(body.value)?;
    let participant = ParticipantId::from_uuid(*id);
    let created = |entry| {
        Ok::<_, ApiError>(
            Created::new(
                &StepEntry::from(entry),
                format!("/v1/participants/{participant}/steps"),
            )?
            .about(participant),
        )
    };
    let first_try = input.clone();
    op.run_personal_unlocked(
        body.digest,
        async |state, principal| {
            service::enter_step_if_unchanged(state, principal, participant, first_try)
                .await?
                .map(created)
                .transpose()
        },
        async move |work| created(service::enter_step(work, participant, input).await?),
    )
    .await
}

/// Read the participant's path.
///
/// Every step entry of every episode, in the order recorded; never overwritten.
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "listSteps",
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "The path.", body = StepHistory))
)]
#[get("/participants/{id}/steps")]
async fn steps(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let entries = crate::transaction::read_audited(&state, &principal, async |work| {
        service::steps(work, ParticipantId::from_uuid(*id)).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(StepHistory {
            items: entries.into_iter().map(StepEntry::from).collect(),
        }))
}

/// Record the participant's exit.
///
/// Ends the current episode with the situation on leaving (mapped to the EURA 2021 exit form).
/// Sent again, it corrects the exit of the same episode.
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "recordExit",
    request_body = ExitInput,
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses((status = 200, description = "Recorded.", body = Exit))
)]
#[put("/participants/{id}/exit")]
async fn exit(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    body: JsonBody<ExitInput>,
) -> Result<HttpResponse, ApiError> {
    let input = DomainExit::try_from(body.value)?;
    let recorded = crate::transaction::write(&state, &principal, async |work| {
        service::exit(work, ParticipantId::from_uuid(*id), input).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(Exit::new(recorded.episode, recorded.exit)))
}

/// Re-enter an exited participant.
///
/// Opens a new episode from the given date; the earlier episodes and their steps are kept.
#[utoipa::path(
    tag = tags::PATH,
    operation_id = "reEnterParticipant",
    request_body = ReEntry,
    params(("id" = Uuid, Path, description = "Participant id.")),
    responses(
        (status = 204, description = "A new episode is open."),
        (status = 409, description = "The participant has not exited.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/re-entry")]
async fn re_enter(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    body: JsonBody<ReEntry>,
) -> Result<HttpResponse, ApiError> {
    crate::transaction::write(&state, &principal, async |work| {
        service::re_enter(work, ParticipantId::from_uuid(*id), body.value.entry_date).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
