//! Kept report parts (`figure_cache`): each project's figures for one period and programme,
//! with the feed position from which a change to the project makes them stale; and the index that finds a project's events after a position.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FigureCache {
    Table,
    ProjectId,
    Scope,
    Horizon,
    Body,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    ProjectId,
    CommitOrder,
    Seq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FigureCache::Table)
                .col(uuid(FigureCache::ProjectId))
                .col(string_len(FigureCache::Scope, 120))
                .col(big_integer(FigureCache::Horizon))
                .col(text(FigureCache::Body))
                .primary_key(
                    Index::create()
                        .col(FigureCache::ProjectId)
                        .col(FigureCache::Scope),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_events_project_position")
                .table(Events::Table)
                .col(Events::ProjectId)
                .col(Events::CommitOrder)
                .col(Events::Seq)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_events_project_position")
                .table(Events::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(FigureCache::Table).take())
            .await
    }
}
