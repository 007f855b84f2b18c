//! `/v1/projects`.

use actix_web::http::header;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, patch, post, put};
use askel_domain::{NewProject, ProjectChanges, ProjectId};
use askel_openapi::ListQuery;
use askel_openapi::document::tags;
use askel_openapi::projects::{CreateProject, Project, ProjectPage, UpdateProject};
use askel_openapi::retention::RetentionInput;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, etag};
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::projects as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(update)
        .service(retention);
}

/// Create a project.
///
/// Platform operator (`admin`) only. Names the administrator organisation (hallinnoija),
/// whose managers may then change the project. Funding parts must add up: the ESF amount is
/// the ESF share of the total eligible cost, and ESF + own share + co-funders = total.
#[utoipa::path(
    tag = tags::PROJECTS,
    operation_id = "createProject",
    request_body = CreateProject,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe: the same key returns the first response.")),
    responses(
        (status = 201, description = "Created.", body = Project,
            headers(("Location" = String, description = "The new project's URL."), ("ETag" = String, description = "The project's version."))),
        (status = 409, description = "Another project has this code.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/projects")]
async fn create(
    op: IdempotentCreate,
    body: JsonBody<CreateProject>,
) -> Result<HttpResponse, ApiError> {
    let fields = NewProject::try_from(body.value)?;
    op.run(body.digest, async move |work| {
        let p = service::create(work, ProjectId::new(), fields).await?;
        let (location, tag) = (format!("/v1/projects/{}", p.id), etag(p.version));
        Ok(Created::new(&Project::from(p), location)?.with_etag(tag))
    })
    .await
}

/// List projects.
///
/// Projects are public facts; every authenticated caller may list them.
#[utoipa::path(
    tag = tags::PROJECTS,
    operation_id = "listProjects",
    params(ListQuery),
    responses((status = 200, description = "A page of projects.", body = ProjectPage))
)]
#[get("/projects")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::list(work, &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ProjectPage::from_page(page, Project::from)))
}

/// Read a project.
#[utoipa::path(
    tag = tags::PROJECTS,
    operation_id = "getProject",
    params(("id" = Uuid, Path, description = "Project id.")),
    responses((status = 200, description = "The project.", body = Project, headers(("ETag" = String, description = "The project's version."))))
)]
#[get("/projects/{id}")]
async fn get_one(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let p = crate::transaction::read(&state, &principal, async |work| {
        service::get(work, ProjectId::from_uuid(*id)).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(Project::from(p)))
}

/// Change a project.
///
/// The administrator organisation's `manager` (or the platform operator). Send `If-Match`
/// with the `ETag` you read: if someone changed the project since, the answer is 412 and
/// nothing changes. Fields left out stay; `null` clears an optional field; lists and funding
/// are replaced whole.
#[utoipa::path(
    tag = tags::PROJECTS,
    operation_id = "updateProject",
    request_body = UpdateProject,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        ("If-Match" = Option<String>, Header, description = "The ETag last read, e.g. \"3\"."),
    ),
    responses(
        (status = 200, description = "Changed.", body = Project, headers(("ETag" = String, description = "The new version."))),
        (status = 412, description = "The project changed since the ETag in If-Match.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/projects/{id}")]
async fn update(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody<UpdateProject>,
) -> Result<HttpResponse, ApiError> {
    let changes = ProjectChanges::try_from(body.value)?;
    let p = crate::transaction::write(&state, &principal, async |work| {
        service::update(work, ProjectId::from_uuid(*id), changes, if_match.0).await
    })
    .await?;
    tracing::info!(project = %p.id, version = p.version, "project changed");
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(Project::from(p)))
}

/// Set the project's retention end.
///
/// The last day its participants' personal data may be kept, by the funding rules (check them
/// with your funder; the README cites each programme period's). After it, `askel retention`
/// — and the server daily when `ASKEL_RETENTION=on` — anonymises the project's participants as
/// `POST /v1/participants/{id}/anonymise` does: identifying data gone, figures unchanged, the
/// audit trail kept. The project's administrator only; `null` clears it.
#[utoipa::path(
    tag = tags::PROJECTS,
    operation_id = "setProjectRetention",
    request_body = RetentionInput,
    params(("id" = Uuid, Path, description = "Project id.")),
    responses((status = 200, description = "Set.", body = Project, headers(("ETag" = String, description = "The new version."))))
)]
#[put("/projects/{id}/retention")]
async fn retention(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    body: JsonBody<RetentionInput>,
) -> Result<HttpResponse, ApiError> {
    let p = crate::transaction::write(&state, &principal, async |work| {
        crate::services::retention::set_end(
            work,
            ProjectId::from_uuid(*id),
            body.value.retention_end,
        )
        .await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(Project::from(p)))
}
