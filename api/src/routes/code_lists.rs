//! `/v1/code-lists`.

use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askel_domain::code_list;
use askel_domain::{Action, Relation};
use askel_openapi::code_lists::{CodeList, CodeListSummary};
use askel_openapi::document::tags;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(get_one);
}

/// List the code lists.
#[utoipa::path(
    tag = tags::CODE_LISTS,
    operation_id = "listCodeLists",
    responses((status = 200, description = "Every code list's name and description.", body = Vec<CodeListSummary>))
)]
#[get("/code-lists")]
async fn list(principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(
        Action::ReadCodeLists,
        Relation::Unrelated,
        "your roles do not include reading code lists",
    )?;
    let lists: Vec<_> = code_list::published()
        .into_iter()
        .map(|l| CodeListSummary {
            name: l.name.to_owned(),
            description: l.description.to_owned(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(lists))
}

/// Read a code list.
///
/// Codes with labels in Finnish, Swedish and English, e.g. `steps`, `actor_roles`,
/// `organisation_kinds`, `project_statuses`.
#[utoipa::path(
    tag = tags::CODE_LISTS,
    operation_id = "getCodeList",
    params(("name" = String, Path, description = "Name of the list, e.g. `steps`.")),
    responses((status = 200, description = "The code list.", body = CodeList))
)]
#[get("/code-lists/{name}")]
async fn get_one(principal: Principal, name: Path<String>) -> Result<HttpResponse, ApiError> {
    principal.require(
        Action::ReadCodeLists,
        Relation::Unrelated,
        "your roles do not include reading code lists",
    )?;
    let found = code_list::find(&name).ok_or(ApiError::NotFound("code list"))?;
    Ok(HttpResponse::Ok().json(CodeList::from(found)))
}
