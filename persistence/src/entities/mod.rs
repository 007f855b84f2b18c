//! SeaORM entities, one module per table. They never leave this crate.

pub mod api_client;
pub mod audit_log;
pub mod idempotency_key;
pub mod organisation;
pub mod participant;
pub mod participant_episode;
pub mod participant_step;
pub mod project;
pub mod project_actor;
pub mod project_co_funder;
pub mod staff_member;
pub mod statement;
