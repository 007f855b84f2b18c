//! HTTP routes: thin handlers that extract the caller and input, call one service and map the
//! result. Paths and methods come from the actix macros, so the OpenAPI document cannot drift.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod activities;
pub mod code_lists;
pub mod events;
pub mod health;
pub mod organisations;
pub mod participants;
pub mod parties;
pub mod path;
pub mod plan;
pub mod projects;
pub mod referrals;
pub mod reports;
pub mod rights;
pub mod token;

/// Every `/v1` route.
pub fn v1(cfg: &mut ServiceConfig) {
    token::configure(cfg);
    organisations::configure(cfg);
    projects::configure(cfg);
    parties::configure(cfg);
    participants::configure(cfg);
    path::configure(cfg);
    plan::configure(cfg);
    rights::configure(cfg);
    activities::configure(cfg);
    referrals::configure(cfg);
    events::configure(cfg);
    reports::configure(cfg);
    code_lists::configure(cfg);
}
