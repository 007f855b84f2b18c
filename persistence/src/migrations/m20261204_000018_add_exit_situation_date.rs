//! The day an exit's situation refers to (issue 26): the situation upon leaving is the one
//! within four weeks of leaving. Exits recorded before have none; they read as the exit date.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ParticipantEpisodes {
    Table,
    ExitSituationDate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ParticipantEpisodes::Table)
                .add_column(date_null(ParticipantEpisodes::ExitSituationDate))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ParticipantEpisodes::Table)
                .drop_column(ParticipantEpisodes::ExitSituationDate)
                .take(),
        )
        .await
    }
}
