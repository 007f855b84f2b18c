//! Goals, assessments and instruments.

use actix_web::http::header;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, patch, post};
use askel_domain::{AssessmentInput, GoalInput};
use askel_domain::{GoalChanges, ParticipantId};
use askel_openapi::ListQuery;
use askel_openapi::assessments::{
    Assessment, AssessmentList, CreateAssessment, DefineInstrument, Instrument, InstrumentList,
};
use askel_openapi::document::tags;
use askel_openapi::goals::{CreateGoal, Goal, GoalList, UpdateGoal};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, etag};
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::plan as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(add_goal)
        .service(goals)
        .service(update_goal)
        .service(instruments)
        .service(define_instrument)
        .service(add_assessment)
        .service(assessments);
}

/// Set a goal.
///
/// A goal of the participant's individual plan, tied to a step.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "addGoal",
    request_body = CreateGoal,
    params(("id" = Uuid, Path, description = "Participant id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses((status = 201, description = "Set.", body = Goal, headers(("ETag" = String, description = "Version."))))
)]
#[post("/participants/{id}/goals")]
async fn add_goal(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateGoal>,
) -> Result<HttpResponse, ApiError> {
    let input = GoalInput::try_from(body.value)?;
    let participant = ParticipantId::from_uuid(*id);
    op.run_personal(body.digest, async move |work| {
        let goal = service::add_goal(work, participant, input).await?;
        let (location, tag) = (format!("/v1/goals/{}", goal.id), etag(goal.version));
        Ok(Created::new(&Goal::from(goal), location)?
            .with_etag(tag)
            .about(participant))
    })
    .await
}

/// List a participant's goals.
///
/// Paged in `(updated_at, id)` order; with `updated_since`, only goals changed since — a
/// mirror reads the page after each `goal.created` or `goal.updated` event.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "listGoals",
    params(("id" = Uuid, Path, description = "Participant id."), ListQuery),
    responses((status = 200, description = "A page of goals.", body = GoalList))
)]
#[get("/participants/{id}/goals")]
async fn goals(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.page_request()?;
    let goals = crate::transaction::read_audited(&state, &principal, async |work| {
        service::goals(work, ParticipantId::from_uuid(*id), &page).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(GoalList::from_page(goals, Goal::from)))
}

/// Change a goal.
///
/// E.g. mark it achieved. Send `If-Match` with the ETag you read; a stale one answers 412.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "updateGoal",
    request_body = UpdateGoal,
    params(("id" = Uuid, Path, description = "Goal id."), ("If-Match" = Option<String>, Header, description = "The ETag last read.")),
    responses(
        (status = 200, description = "Changed.", body = Goal, headers(("ETag" = String, description = "The new version."))),
        (status = 412, description = "Changed since the ETag in If-Match.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/goals/{id}")]
async fn update_goal(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody<UpdateGoal>,
) -> Result<HttpResponse, ApiError> {
    let changes = GoalChanges::try_from(body.value)?;
    let goal = crate::transaction::write(&state, &principal, async |work| {
        service::update_goal(work, *id, changes, if_match.0).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .insert_header((header::ETAG, etag(goal.version)))
        .json(Goal::from(goal)))
}

/// List assessment instruments.
///
/// Every version of every instrument: Kykyviisari, the adult social work wellbeing meter and
/// those an administrator defined. Assessments name the version they were made with.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "listInstruments",
    responses((status = 200, description = "Every instrument version.", body = InstrumentList))
)]
#[get("/instruments")]
async fn instruments(
    state: Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let all = crate::transaction::read(&state, &principal, async |work| {
        service::instruments(work).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(InstrumentList {
        items: all.into_iter().map(Instrument::from).collect(),
    }))
}

/// Define an instrument.
///
/// Platform operator only. Given a code already in use, the definition becomes that code's
/// next version; earlier assessments keep their version.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "defineInstrument",
    request_body = DefineInstrument,
    responses((status = 201, description = "Defined.", body = Instrument))
)]
#[post("/instruments")]
async fn define_instrument(
    state: Data<AppState>,
    principal: Principal,
    body: JsonBody<DefineInstrument>,
) -> Result<HttpResponse, ApiError> {
    // Checked as a definition here; its version is the code's next, set where it is stored.
    let definition = body.value.into_domain(1, crate::clock::now())?;
    let instrument = crate::transaction::write(&state, &principal, async |work| {
        service::define_instrument(work, definition).await
    })
    .await?;
    Ok(HttpResponse::Created().json(Instrument::from(instrument)))
}

/// Record an assessment.
///
/// Scores for every item of the instrument version, each on its scale; a missing item or a
/// score off the scale answers 422 naming `scores.<item>`.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "addAssessment",
    request_body = CreateAssessment,
    params(("id" = Uuid, Path, description = "Participant id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses((status = 201, description = "Recorded.", body = Assessment))
)]
#[post("/participants/{id}/assessments")]
async fn add_assessment(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateAssessment>,
) -> Result<HttpResponse, ApiError> {
    let participant = ParticipantId::from_uuid(*id);
    let input = AssessmentInput::try_from(body.value)?;
    op.run_personal(body.digest, async move |work| {
        let assessment = service::add_assessment(work, participant, input).await?;
        Ok(Created::new(
            &Assessment::from(assessment),
            format!("/v1/participants/{participant}/assessments"),
        )?
        .about(participant))
    })
    .await
}

/// List a participant's assessments.
///
/// Paged in `(recorded_at, id)` order (assessments are never changed; `updated_since` means
/// recorded since), with, per instrument version, each dimension's first and latest score and
/// the change over every assessment.
#[utoipa::path(
    tag = tags::PLAN,
    operation_id = "listAssessments",
    params(("id" = Uuid, Path, description = "Participant id."), ListQuery),
    responses((status = 200, description = "Assessments and their summary.", body = AssessmentList))
)]
#[get("/participants/{id}/assessments")]
async fn assessments(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.page_request()?;
    let listing = crate::transaction::write(&state, &principal, async |work| {
        service::assessments(work, ParticipantId::from_uuid(*id), &page).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(AssessmentList::new(
            listing.page,
            &listing.all,
            &listing.instruments,
        )))
}
