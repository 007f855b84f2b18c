//! Each assessment's dimension scores (the mean of the dimension's items, computed by `domain`)
//! in a table of their own, so figures can compare first and latest by `GROUP BY`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AssessmentScores {
    Table,
    AssessmentId,
    ParticipantId,
    InstrumentId,
    Dimension,
    Date,
    Score,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AssessmentScores::Table)
                .col(uuid(AssessmentScores::AssessmentId))
                .col(uuid(AssessmentScores::ParticipantId))
                .col(uuid(AssessmentScores::InstrumentId))
                .col(string_len(AssessmentScores::Dimension, 50))
                .col(date(AssessmentScores::Date))
                .col(double(AssessmentScores::Score))
                .primary_key(
                    Index::create()
                        .col(AssessmentScores::AssessmentId)
                        .col(AssessmentScores::Dimension),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_assessment_scores_participant")
                .table(AssessmentScores::Table)
                .col(AssessmentScores::ParticipantId)
                .col(AssessmentScores::InstrumentId)
                .col(AssessmentScores::Dimension)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AssessmentScores::Table).take())
            .await?;
        Ok(())
    }
}
