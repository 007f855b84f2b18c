//! Figures kept up to date at write time, so the funder report reads each participant's row
//! (and one row per person and dimension) instead of ordering every step and score:
//! - `participants.steps_reached`: a bit per step the person has ever entered (bit n − 1 for
//!   step n);
//! - `participant_steps.left_on`: when the step was left (the next step entered in the same
//!   episode, or the episode's exit), null while the person is still in it;
//! - `assessment_trends`: each person's first and latest score per instrument dimension and
//!   how many assessments gave one.
//!
//! Existing rows are filled in from the path and the scores already stored, by the statements
//! that also rebuild them on demand (`aggregates::rebuild`). Should these figures' schema ever
//! change, the migration that changes it rebuilds them, and this one gets a frozen copy of the
//! statements it ran.

use sea_orm_migration::{prelude::*, schema::*};

use crate::aggregates::rebuild;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Participants {
    Table,
    StepsReached,
}

#[derive(DeriveIden)]
enum ParticipantSteps {
    Table,
    LeftOn,
}

#[derive(DeriveIden)]
enum AssessmentTrends {
    Table,
    ParticipantId,
    InstrumentId,
    Dimension,
    FirstDate,
    FirstAssessmentId,
    FirstScore,
    LatestDate,
    LatestAssessmentId,
    LatestScore,
    Assessments,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Participants::Table)
                .add_column(integer(Participants::StepsReached).default(0))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ParticipantSteps::Table)
                .add_column(date_null(ParticipantSteps::LeftOn))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AssessmentTrends::Table)
                .col(uuid(AssessmentTrends::ParticipantId))
                .col(uuid(AssessmentTrends::InstrumentId))
                .col(string_len(AssessmentTrends::Dimension, 50))
                .col(date(AssessmentTrends::FirstDate))
                .col(uuid(AssessmentTrends::FirstAssessmentId))
                .col(double(AssessmentTrends::FirstScore))
                .col(date(AssessmentTrends::LatestDate))
                .col(uuid(AssessmentTrends::LatestAssessmentId))
                .col(double(AssessmentTrends::LatestScore))
                .col(integer(AssessmentTrends::Assessments))
                .primary_key(
                    Index::create()
                        .col(AssessmentTrends::ParticipantId)
                        .col(AssessmentTrends::InstrumentId)
                        .col(AssessmentTrends::Dimension),
                )
                .take(),
        )
        .await?;
        rebuild(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AssessmentTrends::Table).take())
            .await?;
        m.alter_table(
            Table::alter()
                .table(ParticipantSteps::Table)
                .drop_column(ParticipantSteps::LeftOn)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Participants::Table)
                .drop_column(Participants::StepsReached)
                .take(),
        )
        .await
    }
}
