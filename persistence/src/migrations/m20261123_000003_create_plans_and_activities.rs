//! Goals, activities with attendance, assessment instruments and assessments.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Goals {
    Table,
    Id,
    ParticipantId,
    Text,
    Step,
    TargetDate,
    Status,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    ProjectId,
    Kind,
    Title,
    Step,
    Date,
    DurationMinutes,
    OrganiserId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attendance {
    Table,
    ActivityId,
    ParticipantId,
    Status,
    RecordedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Instruments {
    Table,
    Id,
    Code,
    Version,
    Definition,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    ParticipantId,
    InstrumentId,
    Phase,
    Date,
    Scores,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Goals::Table)
                .col(pk_uuid(Goals::Id))
                .col(uuid(Goals::ParticipantId))
                .col(text(Goals::Text))
                .col(string_len(Goals::Step, 30))
                .col(date_null(Goals::TargetDate))
                .col(string_len(Goals::Status, 20))
                .col(integer(Goals::Version))
                .col(timestamp_with_time_zone(Goals::CreatedAt))
                .col(timestamp_with_time_zone(Goals::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_goal_participant",
                    (Goals::Table, Goals::ParticipantId),
                    (Participants::Table, Participants::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_goals_participant")
                .table(Goals::Table)
                .col(Goals::ParticipantId)
                .col(Goals::Id)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Activities::Table)
                .col(pk_uuid(Activities::Id))
                .col(uuid(Activities::ProjectId))
                .col(string_len(Activities::Kind, 40))
                .col(text(Activities::Title))
                .col(string_len_null(Activities::Step, 30))
                .col(date(Activities::Date))
                .col(integer(Activities::DurationMinutes))
                .col(uuid(Activities::OrganiserId))
                .col(timestamp_with_time_zone(Activities::CreatedAt))
                .col(timestamp_with_time_zone(Activities::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_activity_project",
                    (Activities::Table, Activities::ProjectId),
                    (Projects::Table, Projects::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_activity_org",
                    (Activities::Table, Activities::OrganiserId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_activities_project_sync")
                .table(Activities::Table)
                .col(Activities::ProjectId)
                .col(Alias::new("updated_at"))
                .col(Alias::new("id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Attendance::Table)
                .col(uuid(Attendance::ActivityId))
                .col(uuid(Attendance::ParticipantId))
                .col(string_len(Attendance::Status, 30))
                .col(string_len(Attendance::RecordedBy, 200))
                .col(timestamp_with_time_zone(Attendance::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(Attendance::ActivityId)
                        .col(Attendance::ParticipantId),
                )
                .foreign_key(&mut fk(
                    "fk_attendance_activity",
                    (Attendance::Table, Attendance::ActivityId),
                    (Activities::Table, Activities::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_attendance_participant",
                    (Attendance::Table, Attendance::ParticipantId),
                    (Participants::Table, Participants::Id),
                ))
                .take(),
        )
        .await?;
        // Participation hours sum a person's attendance.
        m.create_index(
            Index::create()
                .name("ix_attendance_participant")
                .table(Attendance::Table)
                .col(Attendance::ParticipantId)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Instruments::Table)
                .col(pk_uuid(Instruments::Id))
                .col(string_len(Instruments::Code, 50))
                .col(integer(Instruments::Version))
                .col(json_binary(Instruments::Definition))
                .col(timestamp_with_time_zone(Instruments::CreatedAt))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_instruments_version")
                .table(Instruments::Table)
                .col(Instruments::Code)
                .col(Instruments::Version)
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Assessments::Table)
                .col(pk_uuid(Assessments::Id))
                .col(uuid(Assessments::ParticipantId))
                .col(uuid(Assessments::InstrumentId))
                .col(string_len(Assessments::Phase, 20))
                .col(date(Assessments::Date))
                .col(json_binary(Assessments::Scores))
                .col(string_len(Assessments::RecordedBy, 200))
                .col(timestamp_with_time_zone(Assessments::RecordedAt))
                .foreign_key(&mut fk(
                    "fk_assessment_participant",
                    (Assessments::Table, Assessments::ParticipantId),
                    (Participants::Table, Participants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_assessment_instrument",
                    (Assessments::Table, Assessments::InstrumentId),
                    (Instruments::Table, Instruments::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_assessments_participant")
                .table(Assessments::Table)
                .col(Assessments::ParticipantId)
                .col(Assessments::Id)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Assessments::Table.into_iden(),
            Instruments::Table.into_iden(),
            Attendance::Table.into_iden(),
            Activities::Table.into_iden(),
            Goals::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
