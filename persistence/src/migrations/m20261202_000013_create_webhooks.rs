//! Webhook subscriptions (with their feed cursor, retry state and a lease for one instance at a
//! time) and their delivery log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Id,
    OrganisationId,
    Url,
    EventTypes,
    ProjectId,
    Status,
    PausedReason,
    SecretCipher,
    PreviousSecretCipher,
    PreviousSecretUntil,
    CursorCommitOrder,
    CursorSeq,
    Failures,
    FailingSince,
    NextAttemptAt,
    LeaseUntil,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    SubscriptionId,
    EventId,
    EventType,
    Attempt,
    StatusCode,
    Outcome,
    Error,
    DurationMs,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use WebhookSubscriptions as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(uuid(S::Id).primary_key())
                .col(uuid(S::OrganisationId))
                .col(string_len(S::Url, 2048))
                .col(string_len(S::EventTypes, 2000))
                .col(uuid_null(S::ProjectId))
                .col(string_len(S::Status, 20))
                .col(string_len_null(S::PausedReason, 500))
                .col(blob(S::SecretCipher))
                .col(blob_null(S::PreviousSecretCipher))
                .col(timestamp_with_time_zone_null(S::PreviousSecretUntil))
                .col(big_integer(S::CursorCommitOrder).default(0))
                .col(big_integer(S::CursorSeq).default(0))
                .col(integer(S::Failures).default(0))
                .col(timestamp_with_time_zone_null(S::FailingSince))
                .col(timestamp_with_time_zone_null(S::NextAttemptAt))
                .col(timestamp_with_time_zone_null(S::LeaseUntil))
                .col(integer(S::Version))
                .col(timestamp_with_time_zone(S::CreatedAt))
                .col(timestamp_with_time_zone(S::UpdatedAt))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_subscriptions_due")
                .table(S::Table)
                .col(S::Status)
                .col(S::NextAttemptAt)
                .take(),
        )
        .await?;
        use WebhookDeliveries as D;
        m.create_table(
            Table::create()
                .table(D::Table)
                .col(uuid(D::Id).primary_key())
                .col(uuid(D::SubscriptionId))
                .col(uuid(D::EventId))
                .col(string_len(D::EventType, 40))
                .col(integer(D::Attempt))
                .col(integer_null(D::StatusCode))
                .col(string_len(D::Outcome, 20))
                .col(string_len_null(D::Error, 300))
                .col(integer(D::DurationMs))
                .col(timestamp_with_time_zone(D::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(D::Table, D::SubscriptionId)
                        .to(S::Table, S::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_deliveries_log")
                .table(D::Table)
                .col(D::SubscriptionId)
                .col(D::At)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WebhookDeliveries::Table).take())
            .await?;
        m.drop_table(Table::drop().table(WebhookSubscriptions::Table).take())
            .await
    }
}
