//! Why a subscriber asked for a subscription, as it said: a FHIR Subscription's `reason`, kept
//! so that the resource reads back as it was sent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Reason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookSubscriptions::Table)
                .add_column(string_null(WebhookSubscriptions::Reason))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookSubscriptions::Table)
                .drop_column(WebhookSubscriptions::Reason)
                .take(),
        )
        .await
    }
}
