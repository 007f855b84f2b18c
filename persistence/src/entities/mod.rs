//! SeaORM entities, one module per table. They never leave this crate.

pub mod access_log;
pub mod activity;
pub mod api_client;
pub mod assessment;
pub mod attendance;
pub mod audit_item;
pub mod audit_log;
pub mod event;
pub mod goal;
pub mod idempotency_key;
pub mod instrument;
pub mod organisation;
pub mod participant;
pub mod participant_episode;
pub mod participant_follow_up;
pub mod participant_step;
pub mod project;
pub mod project_actor;
pub mod project_co_funder;
pub mod referral;
pub mod referral_transition;
pub mod staff_member;
pub mod statement;
pub mod webhook_delivery;
pub mod webhook_subscription;
