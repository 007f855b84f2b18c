//! Application services: load, check the access policy, apply the domain rule, save, in one
//! transaction. Handlers call exactly one of these.

pub mod access;
pub mod activities;
pub mod clients;
pub mod events;
pub mod follow_ups;
pub mod import;
pub mod import_bulk;
pub mod import_results;
pub mod organisations;
pub mod participant_access;
pub mod participant_read;
pub mod participants;
pub mod parties;
pub mod path;
pub mod plan;
pub mod projects;
pub mod referral_reads;
pub mod referral_tasks;
pub mod referrals;
pub mod report_figures;
pub mod reports;
pub mod retention;
pub mod rights;
pub mod webhooks;
