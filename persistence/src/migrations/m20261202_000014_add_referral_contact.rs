//! A referral may carry the person's contact details for its target, encrypted like the shared
//! identity code.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Referrals {
    Table,
    SharedContactCipher,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Referrals::Table)
                .add_column(blob_null(Referrals::SharedContactCipher))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Referrals::Table)
                .drop_column(Referrals::SharedContactCipher)
                .take(),
        )
        .await
    }
}
