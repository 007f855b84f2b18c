//! An API client can be disabled, and its secret rotated: tokens issued before the later of
//! the two stop being accepted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiClients {
    Table,
    DisabledAt,
    TokensValidFrom,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [ApiClients::DisabledAt, ApiClients::TokensValidFrom] {
            m.alter_table(
                Table::alter()
                    .table(ApiClients::Table)
                    .add_column(timestamp_with_time_zone_null(column))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [ApiClients::DisabledAt, ApiClients::TokensValidFrom] {
            m.alter_table(
                Table::alter()
                    .table(ApiClients::Table)
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
