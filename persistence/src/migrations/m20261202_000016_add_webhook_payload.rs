//! What a webhook delivery carries: Askel's event (`askel`, every subscription so far) or a FHIR
//! R4 id-only notification (`fhir_id_only`, the county's FHIR Subscriptions).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Payload,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookSubscriptions::Table)
                .add_column(string(WebhookSubscriptions::Payload).default("askel"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookSubscriptions::Table)
                .drop_column(WebhookSubscriptions::Payload)
                .take(),
        )
        .await
    }
}
