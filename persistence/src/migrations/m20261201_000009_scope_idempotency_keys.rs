//! Idempotency keys scoped to the caller's organisation, subject and operation, and tied to the
//! participant whose data a stored response holds (so a replay re-checks access and
//! anonymisation removes it). Keys stored before were scoped by subject alone, which two
//! organisations' clients can share: they are dropped rather than carried over under a scope
//! nobody can prove, so a retry across this upgrade creates anew.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Organisation,
    Subject,
    Operation,
    Key,
    ParticipantId,
    ReferralId,
    RequestHash,
    Status,
    Body,
    Location,
    Etag,
    CreatedAt,
    Client,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IdempotencyKeys::Table).take())
            .await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                // The caller's organisation id, or "" for the platform operator.
                .col(string_len(IdempotencyKeys::Organisation, 36))
                .col(string_len(IdempotencyKeys::Subject, 200))
                // Method and route template, e.g. `POST /v1/projects/{id}/participants`.
                .col(string_len(IdempotencyKeys::Operation, 200))
                .col(string_len(IdempotencyKeys::Key, 200))
                .col(uuid_null(IdempotencyKeys::ParticipantId))
                // The referral whose view the stored response is, if any.
                .col(uuid_null(IdempotencyKeys::ReferralId))
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(integer(IdempotencyKeys::Status))
                .col(text(IdempotencyKeys::Body))
                .col(text_null(IdempotencyKeys::Location))
                .col(text_null(IdempotencyKeys::Etag))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(IdempotencyKeys::Organisation)
                        .col(IdempotencyKeys::Subject)
                        .col(IdempotencyKeys::Operation)
                        .col(IdempotencyKeys::Key),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_idempotency_keys_participant")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::ParticipantId)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IdempotencyKeys::Table).take())
            .await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(string_len(IdempotencyKeys::Client, 200))
                .col(string_len(IdempotencyKeys::Key, 200))
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(integer(IdempotencyKeys::Status))
                .col(text(IdempotencyKeys::Body))
                .col(text_null(IdempotencyKeys::Location))
                .col(text_null(IdempotencyKeys::Etag))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(IdempotencyKeys::Client)
                        .col(IdempotencyKeys::Key),
                )
                .take(),
        )
        .await
    }
}
