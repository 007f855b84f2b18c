//! An audit record may cover many items — a page listed, a batch created — with one `audit_log`
//! row and, in `audit_items`, one narrow row an item (its own id, the participant, the resource).
//! The view `access_log` reads both as one entry per participant and resource, as each item had
//! its own record before: a participant's access log is the view filtered by participant.
//! Items are written with their record, in the same statement or transaction, and like it never
//! changed; there is no foreign key, since the audit log is only ever appended to and a check an
//! item would cost as much as the item.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table's names (migration 22 uses them too).
#[derive(DeriveIden)]
pub(super) enum AuditItems {
    Table,
    ParticipantId,
    Id,
    AuditId,
    ResourceId,
}

/// Records about one participant, and the items of records that cover many, as one relation.
pub(super) const ACCESS_LOG: &str = "CREATE VIEW access_log AS \
     SELECT id, at, client, organisation_id, acting_for, action, resource, resource_id, \
       participant_id, outcome \
     FROM audit_log WHERE participant_id IS NOT NULL \
     UNION ALL \
     SELECT i.id, a.at, a.client, a.organisation_id, a.acting_for, a.action, a.resource, \
       i.resource_id, i.participant_id, a.outcome \
     FROM audit_items i JOIN audit_log a ON a.id = i.audit_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditItems::Table)
                .col(uuid(AuditItems::ParticipantId))
                .col(uuid(AuditItems::Id))
                .col(uuid(AuditItems::AuditId))
                .col(uuid(AuditItems::ResourceId))
                // A participant's log is read by this key.
                .primary_key(
                    Index::create()
                        .col(AuditItems::ParticipantId)
                        .col(AuditItems::Id),
                )
                .take(),
        )
        .await?;
        m.get_connection().execute_unprepared(ACCESS_LOG).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP VIEW access_log")
            .await?;
        m.drop_table(Table::drop().table(AuditItems::Table).take())
            .await
    }
}
