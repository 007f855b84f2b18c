//! HTTP routes: thin handlers that extract the caller and input, call one service and map the
//! result. Paths and methods come from the actix macros, so the OpenAPI document cannot drift.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod activities;
pub mod code_lists;
pub mod events;
pub mod follow_ups;
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
pub mod webhooks;

/// Every `/v1` route.
pub fn v1(cfg: &mut ServiceConfig) {
    // actix matches routes in this order, each dynamic one by a regular expression: the ones
    // partner systems and the county call most come first. (No two modules' paths overlap, so
    // the order changes nothing else; the document sorts its paths.)
    participants::configure(cfg);
    path::configure(cfg);
    follow_ups::configure(cfg);
    referrals::configure(cfg);
    events::configure(cfg);
    webhooks::configure(cfg);
    plan::configure(cfg);
    token::configure(cfg);
    organisations::configure(cfg);
    projects::configure(cfg);
    parties::configure(cfg);
    rights::configure(cfg);
    activities::configure(cfg);
    reports::configure(cfg);
    code_lists::configure(cfg);
}
