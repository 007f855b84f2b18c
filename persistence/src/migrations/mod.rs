//! Schema migrations, applied in order and never edited after they ship.

use sea_orm_migration::prelude::*;

mod keys;
mod m20261123_000001_create_foundation;
mod m20261123_000002_create_participants;
mod m20261123_000003_create_plans_and_activities;
mod m20261123_000004_create_referrals_and_events;
mod m20261123_000005_add_participant_figures;
mod m20261123_000006_create_assessment_scores;
mod m20261123_000007_add_participant_urbanisation;
mod m20261124_000008_add_report_aggregates;
mod m20261201_000009_scope_idempotency_keys;
mod m20261201_000010_add_api_client_status;
mod m20261202_000011_add_figures_for_periods;
mod m20261202_000012_add_event_scope;
mod m20261202_000013_create_webhooks;
mod m20261202_000014_add_referral_contact;
mod m20261202_000015_add_project_retention;
mod m20261202_000016_add_webhook_payload;
mod m20261204_000017_recompute_entry_facts;
mod m20261204_000018_add_exit_situation_date;
mod m20261204_000019_add_webhook_reason;
mod m20261204_000020_add_figure_cache;
mod m20261204_000021_add_audit_items;
mod m20261205_000022_index_audit_by_participant;

#[cfg(test)]
mod audit_items_index_tests;

/// Migration 17, for the test that runs it again on a row written the old way.
pub(crate) use m20261204_000017_recompute_entry_facts::Migration as RecomputeEntryFacts;

/// Every migration in order.
#[derive(Debug)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_foundation::Migration),
            Box::new(m20261123_000002_create_participants::Migration),
            Box::new(m20261123_000003_create_plans_and_activities::Migration),
            Box::new(m20261123_000004_create_referrals_and_events::Migration),
            Box::new(m20261123_000005_add_participant_figures::Migration),
            Box::new(m20261123_000006_create_assessment_scores::Migration),
            Box::new(m20261123_000007_add_participant_urbanisation::Migration),
            Box::new(m20261124_000008_add_report_aggregates::Migration),
            Box::new(m20261201_000009_scope_idempotency_keys::Migration),
            Box::new(m20261201_000010_add_api_client_status::Migration),
            Box::new(m20261202_000011_add_figures_for_periods::Migration),
            Box::new(m20261202_000012_add_event_scope::Migration),
            Box::new(m20261202_000013_create_webhooks::Migration),
            Box::new(m20261202_000014_add_referral_contact::Migration),
            Box::new(m20261202_000015_add_project_retention::Migration),
            Box::new(m20261202_000016_add_webhook_payload::Migration),
            Box::new(m20261204_000017_recompute_entry_facts::Migration),
            Box::new(m20261204_000018_add_exit_situation_date::Migration),
            Box::new(m20261204_000019_add_webhook_reason::Migration),
            Box::new(m20261204_000020_add_figure_cache::Migration),
            Box::new(m20261204_000021_add_audit_items::Migration),
            Box::new(m20261205_000022_index_audit_by_participant::Migration),
        ]
    }
}
