//! `/v1/organisations`.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use askel_domain::{NewOrganisation, OrganisationId};
use askel_openapi::ListQuery;
use askel_openapi::document::tags;
use askel_openapi::organisations::{CreateOrganisation, Organisation, OrganisationPage};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::organisations as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(get_one);
}

/// Register an organisation.
///
/// Platform operator (`admin`) only. The business ID's check digit is verified; two
/// organisations cannot share one.
#[utoipa::path(
    tag = tags::ORGANISATIONS,
    operation_id = "createOrganisation",
    request_body = CreateOrganisation,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe: the same key returns the first response.")),
    responses(
        (status = 201, description = "Registered.", body = Organisation, headers(("Location" = String, description = "The new organisation's URL."))),
        (status = 409, description = "Another organisation has this business ID.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
async fn create(
    op: IdempotentCreate,
    body: JsonBody<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    let fields = NewOrganisation::try_from(body.value)?;
    op.run(body.digest, async move |work| {
        let o = service::create(work, OrganisationId::new(), fields).await?;
        Created::new(
            &Organisation::from(o.clone()),
            format!("/v1/organisations/{}", o.id),
        )
    })
    .await
}

/// List organisations.
///
/// Every authenticated caller may read organisations: they are public facts.
#[utoipa::path(
    tag = tags::ORGANISATIONS,
    operation_id = "listOrganisations",
    params(ListQuery),
    responses((status = 200, description = "A page of organisations.", body = OrganisationPage))
)]
#[get("/organisations")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::list(work, &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(OrganisationPage::from_page(page, Organisation::from)))
}

/// Read an organisation.
#[utoipa::path(
    tag = tags::ORGANISATIONS,
    operation_id = "getOrganisation",
    params(("id" = Uuid, Path, description = "Organisation id.")),
    responses((status = 200, description = "The organisation.", body = Organisation))
)]
#[get("/organisations/{id}")]
async fn get_one(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let o = crate::transaction::read(&state, &principal, async |work| {
        service::get(work, OrganisationId::from_uuid(*id)).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(Organisation::from(o)))
}
