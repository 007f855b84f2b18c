//! The degree of urbanisation of a participant's home area (DEGURBA), for participants from
//! rural areas (EECO17). Existing participants are `not_known`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Participants {
    Table,
    Urbanisation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Participants::Table)
                .add_column(string_len(Participants::Urbanisation, 20).default("not_known"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Participants::Table)
                .drop_column(Participants::Urbanisation)
                .take(),
        )
        .await
    }
}
