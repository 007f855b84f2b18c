//! Events name the object's project and, where the reader may read it, the participant, so a
//! feed can be filtered by project and a mirror knows whose plan changed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    ProjectId,
    ParticipantId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Events::ProjectId, Events::ParticipantId] {
            m.alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(uuid_null(column))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Events::ProjectId, Events::ParticipantId] {
            m.alter_table(
                Table::alter()
                    .table(Events::Table)
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
