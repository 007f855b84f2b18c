//! The derived facts figures are counted by, stored on the participant at write time (computed
//! by the rules in `domain`), so reports are single `GROUP BY` queries.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Participants {
    Table,
    AgeAtEntry,
    LongTermUnemployed,
    LastExitDate,
    LastExitOption,
    LastQualificationGained,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            integer_null(Participants::AgeAtEntry),
            boolean_null(Participants::LongTermUnemployed),
            date_null(Participants::LastExitDate),
            string_len_null(Participants::LastExitOption, 30),
            boolean_null(Participants::LastQualificationGained),
        ] {
            let mut column = column;
            m.alter_table(
                Table::alter()
                    .table(Participants::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_participants_project_entry")
                .table(Participants::Table)
                .col(Alias::new("project_id"))
                .col(Alias::new("entry_date"))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Participants::AgeAtEntry.into_iden(),
            Participants::LongTermUnemployed.into_iden(),
            Participants::LastExitDate.into_iden(),
            Participants::LastExitOption.into_iden(),
            Participants::LastQualificationGained.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Participants::Table)
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
