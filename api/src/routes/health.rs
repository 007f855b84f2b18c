//! `/health/live` and `/health/ready` for load balancers.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use askel_openapi::document::tags;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(live).service(ready);
}

/// Health status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the answer is 200.
    pub status: String,
}

/// Is the process up?
///
/// Answers 200 from the moment the port is bound, also while the server migrates the database
/// or loads the demo data.
#[utoipa::path(tag = tags::HEALTH, operation_id = "live", responses((status = 200, description = "The process answers.", body = Health)))]
#[get("/live")]
async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// Can it serve? Checks the database.
///
/// 503 while the server is starting (the problem's `detail` says whether it is migrating the
/// database or loading the demo data; every other operation answers the same 503 until then)
/// and while the database cannot be reached; 200 as soon as it can serve, without a restart.
#[utoipa::path(tag = tags::HEALTH, operation_id = "ready", responses((status = 200, description = "The database answers.", body = Health)))]
#[get("/ready")]
async fn ready(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.db.ping().await.map_err(ApiError::Unavailable)?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
    }))
}
