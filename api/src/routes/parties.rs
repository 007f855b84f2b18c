//! `/v1/projects/{id}/actors`, `/staff` and `/statements`.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use askel_domain::{ProjectActor, ProjectId};
use askel_openapi::ListQuery;
use askel_openapi::actors::{Actor, ActorPage, AddActor};
use askel_openapi::document::tags;
use askel_openapi::staff::{AddStaffMember, StaffMember, StaffPage};
use askel_openapi::statements::{CreateStatement, Statement, StatementPage};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::parties as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(add_actor)
        .service(actors)
        .service(add_staff)
        .service(staff)
        .service(add_statement)
        .service(statements);
}

/// Add an actor to a project.
///
/// The project administrator's `manager` (or the platform operator) adds an organisation as
/// lead implementer, co-implementer, co-funder, steering group member or cooperation partner.
/// The administrator and funder are fields of the project itself.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "addProjectActor",
    request_body = AddActor,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe."),
    ),
    responses(
        (status = 201, description = "Added.", body = Actor, headers(("Location" = String, description = "The project's actors."))),
        (status = 409, description = "The organisation already has this role.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/projects/{id}/actors")]
async fn add_actor(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<AddActor>,
) -> Result<HttpResponse, ApiError> {
    let project = ProjectId::from_uuid(*id);
    let actor = ProjectActor {
        project_id: project,
        organisation_id: body.value.organisation_id.into(),
        role: body.value.role.into(),
    };
    op.run(body.digest, async move |work| {
        let stored = service::add_actor(work, actor).await?;
        Created::new(
            &Actor::new(stored.actor, stored.created_at),
            format!("/v1/projects/{project}/actors"),
        )
    })
    .await
}

/// List a project's actors.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "listProjectActors",
    params(("id" = Uuid, Path, description = "Project id."), ListQuery),
    responses((status = 200, description = "A page of actors, the administrator and funder included.", body = ActorPage))
)]
#[get("/projects/{id}/actors")]
async fn actors(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::actors(work, ProjectId::from_uuid(*id), &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ActorPage::from_page(page, |s| {
        Actor::new(s.actor, s.created_at)
    })))
}

/// Add a staff member to a project.
///
/// Staff appear by title and role; the employing organisation must be an actor of the project.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "addProjectStaffMember",
    request_body = AddStaffMember,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe."),
    ),
    responses((status = 201, description = "Added.", body = StaffMember, headers(("Location" = String, description = "The project's staff."))))
)]
#[post("/projects/{id}/staff")]
async fn add_staff(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<AddStaffMember>,
) -> Result<HttpResponse, ApiError> {
    let project = ProjectId::from_uuid(*id);
    let member = body.value.into_domain(project)?;
    op.run(body.digest, async move |work| {
        let m = service::add_staff(work, member).await?;
        Created::new(
            &StaffMember::from(m),
            format!("/v1/projects/{project}/staff"),
        )
    })
    .await
}

/// List a project's staff.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "listProjectStaff",
    params(("id" = Uuid, Path, description = "Project id."), ListQuery),
    responses((status = 200, description = "A page of staff.", body = StaffPage))
)]
#[get("/projects/{id}/staff")]
async fn staff(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::staff(work, ProjectId::from_uuid(*id), &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(StaffPage::from_page(page, StaffMember::from)))
}

/// Record a statement (lausunto) on a project.
///
/// A `manager` gives statements in the name of their own organisation, e.g. a wellbeing
/// services county on a project application; the platform operator may record one for any
/// organisation.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "createProjectStatement",
    request_body = CreateStatement,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe."),
    ),
    responses((status = 201, description = "Recorded.", body = Statement, headers(("Location" = String, description = "The project's statements."))))
)]
#[post("/projects/{id}/statements")]
async fn add_statement(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateStatement>,
) -> Result<HttpResponse, ApiError> {
    let project = ProjectId::from_uuid(*id);
    let statement = body.value.into_domain(project)?;
    op.run(body.digest, async move |work| {
        let s = service::add_statement(work, statement).await?;
        Created::new(
            &Statement::from(s),
            format!("/v1/projects/{project}/statements"),
        )
    })
    .await
}

/// List a project's statements.
///
/// Public statements are listed to every caller; confidential ones only to the project's
/// actors and to the organisation that gave them.
#[utoipa::path(
    tag = tags::PROJECT_PARTIES,
    operation_id = "listProjectStatements",
    params(("id" = Uuid, Path, description = "Project id."), ListQuery),
    responses((status = 200, description = "A page of statements.", body = StatementPage))
)]
#[get("/projects/{id}/statements")]
async fn statements(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::statements(work, ProjectId::from_uuid(*id), &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(StatementPage::from_page(page, Statement::from)))
}
