//! Askel's storage: SeaORM entities, migrations and repositories on SQLite and PostgreSQL.
//!
//! The only crate that knows SeaORM. Callers open a [`Database`], begin a [`Tx`], call its
//! repositories (`tx.participants()`, `tx.path()` …, listed in `repositories.rs`; their methods
//! in one file per concept) and commit; they get domain types back.
//! (The API crate opens transactions only in `api/src/transaction.rs`, by clippy's
//! `disallowed-methods`; this crate and the tests open their own.)
#![allow(clippy::disallowed_methods)]

mod entities;
mod migrations;

mod activities;
mod actors;
mod aggregates;
mod anonymise;
mod api_clients;
mod audit;
mod bulk;
mod database;
mod error;
mod events;
mod figure_cache;
mod figure_cache_reset;
mod figure_parts;
mod figures;
mod figures_joined;
mod figures_scope;
mod figures_windows;
mod follow_ups;
mod goals;
mod idempotency;
mod instruments;
mod kept_connections;
mod maintenance;
mod organisations;
mod paging;
mod participant_read;
mod participant_rows;
mod participants;
mod path;
mod path_moves;
mod pending;
mod projects;
mod referrals;
mod repositories;
mod staff;
mod statements;
mod step_if_unchanged;
pub mod testing;
mod together;
mod turns;
mod webhooks;

pub use actors::StoredActor;
pub use api_clients::ClientStanding;
pub use audit::StoredAudit;
pub use bulk::LoadedParticipant;
pub use database::{Backend, Database, PoolStats, Tx};
pub use error::{Conflict, StoreError};
pub use figure_cache::FeedHorizon;
pub use figure_parts::{ChangeSums, ProjectFigures, ReportFigures};
pub use figures::{ParticipantCounts, Period};
pub use figures_scope::FundedProject;
pub use figures_windows::DimensionChangeFigure;
pub use follow_ups::StoredFollowUp;
pub use idempotency::{FORGOTTEN, IdempotencyScope, StoredResponse};
pub use participant_read::{ParticipantForCaller, WithAdministrator};
pub use participants::{IdentityHolder, ParticipantFilter, SealedIdentity, StoredParticipant};
pub use path_moves::PathMove;
pub use projects::PastRetention;
pub use referrals::ReferralFilter;
pub use repositories::{
    Activities, Assessments, Clients, Events, Figures, Goals, Idempotency, Organisations,
    Participants, Path, Projects, Referrals, Statements, Webhooks,
};
pub use statements::ConfidentialVisibility;
pub use step_if_unchanged::IfUnchanged;
pub use webhooks::{DeliveryRecord, StoredSubscription};
