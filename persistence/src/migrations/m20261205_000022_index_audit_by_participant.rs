//! Audit items indexed by participant alone, not keyed by (participant, id). A participant's
//! access log is read by participant only (ordered by the records' time, which the key never
//! gave), and every page the county lists writes fifty items: a key of two ids is twice the
//! index, checked for uniqueness on every insert, while an index of the participant alone
//! keeps each participant's items as one posting list (PostgreSQL's deduplication) — measured
//! with pgbench, a record of 50 items: 2 000–2 400 → 2 900–3 200 a second, its WAL
//! 15–18 → 11 KB. Item ids stay unique as they are made (UUID v7); a record written again
//! after a cut-off commit writes its items only with the record itself
//! (`Database::append_audit_again`).
//!
//! The records about one participant likewise: `ix_audit_log_participant` on (participant, id)
//! becomes an index of the participant alone, over the records that name one (a page's record
//! names none) — 149 → 27 MB for a million reads' records, and those inserts 7–19 % faster
//! (pgbench, groups of ten).

use sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261204_000021_add_audit_items::{ACCESS_LOG, AuditItems};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The index a participant's items are found by.
const INDEX: &str = "ix_audit_items_participant";

/// The records about one participant, by participant.
const RECORDS_BY_PARTICIPANT: &str = "CREATE INDEX ix_audit_log_participant \
     ON audit_log (participant_id) WHERE participant_id IS NOT NULL";

/// As they were before: by (participant, id), every record.
const RECORDS_BY_PARTICIPANT_AND_ID: &str =
    "CREATE INDEX ix_audit_log_participant ON audit_log (participant_id, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too (on one connection): a table made again is all or
    /// nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("ALTER TABLE audit_items DROP CONSTRAINT audit_items_pkey")
                .await?;
        } else {
            // SQLite keeps a table's key for its life: the table is made again without it.
            rebuild(m, false).await?;
        }
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(AuditItems::Table)
                .col(AuditItems::ParticipantId)
                .take(),
        )
        .await?;
        records_index(m, RECORDS_BY_PARTICIPANT).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        records_index(m, RECORDS_BY_PARTICIPANT_AND_ID).await?;
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(AuditItems::Table)
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("ALTER TABLE audit_items ADD PRIMARY KEY (participant_id, id)")
                .await
                .map(drop)
        } else {
            rebuild(m, true).await
        }
    }
}

/// `ix_audit_log_participant` made again by `create`.
async fn records_index(m: &SchemaManager<'_>, create: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared("DROP INDEX ix_audit_log_participant")
        .await?;
    db.execute_unprepared(create).await.map(drop)
}

/// SQLite: `audit_items` made again, keyed by (participant, id) or not, with its rows and the
/// view that reads it.
async fn rebuild(m: &SchemaManager<'_>, keyed: bool) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared("DROP VIEW access_log").await?;
    let new = Alias::new("audit_items_new");
    let mut table = Table::create();
    table
        .table(new.clone())
        .col(uuid(AuditItems::ParticipantId))
        .col(uuid(AuditItems::Id))
        .col(uuid(AuditItems::AuditId))
        .col(uuid(AuditItems::ResourceId));
    if keyed {
        table.primary_key(
            Index::create()
                .col(AuditItems::ParticipantId)
                .col(AuditItems::Id),
        );
    }
    m.create_table(table).await?;
    db.execute_unprepared(
        "INSERT INTO audit_items_new (participant_id, id, audit_id, resource_id) \
         SELECT participant_id, id, audit_id, resource_id FROM audit_items",
    )
    .await?;
    m.drop_table(Table::drop().table(AuditItems::Table).take())
        .await?;
    m.rename_table(Table::rename().table(new, AuditItems::Table).take())
        .await?;
    db.execute_unprepared(ACCESS_LOG).await?;
    Ok(())
}
