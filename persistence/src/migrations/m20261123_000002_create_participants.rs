//! Participants with their path (steps, episodes) and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
    ProjectId,
    OwnerId,
    ExternalRef,
    EntryDate,
    HomeMunicipality,
    Gender,
    BirthDate,
    LabourMarketStatus,
    UnemployedSince,
    Education,
    Disability,
    ForeignBackground,
    ThirdCountryNational,
    Minority,
    Homeless,
    EuraState,
    Consents,
    Notes,
    IdentityCipher,
    IdentityHash,
    Anonymised,
    Episode,
    CurrentStep,
    CurrentStepSince,
    Exited,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ParticipantSteps {
    Table,
    Id,
    ParticipantId,
    Episode,
    Step,
    EnteredOn,
    Reason,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum ParticipantEpisodes {
    Table,
    ParticipantId,
    Number,
    EntryDate,
    ExitDate,
    ExitSituation,
    QualificationGained,
    FollowOnPlan,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Client,
    OrganisationId,
    ActingFor,
    Action,
    Resource,
    ResourceId,
    ParticipantId,
    Outcome,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Participants::Table)
                .col(pk_uuid(Participants::Id))
                .col(uuid(Participants::ProjectId))
                .col(uuid(Participants::OwnerId))
                .col(string_len_null(Participants::ExternalRef, 100))
                .col(date(Participants::EntryDate))
                .col(string_len_null(Participants::HomeMunicipality, 3))
                .col(string_len(Participants::Gender, 20))
                .col(date(Participants::BirthDate))
                .col(string_len(Participants::LabourMarketStatus, 30))
                .col(date_null(Participants::UnemployedSince))
                .col(string_len(Participants::Education, 20))
                .col(string_len(Participants::Disability, 20))
                .col(string_len(Participants::ForeignBackground, 20))
                .col(string_len(Participants::ThirdCountryNational, 20))
                .col(string_len(Participants::Minority, 20))
                .col(string_len(Participants::Homeless, 20))
                .col(string_len(Participants::EuraState, 20))
                .col(json_binary(Participants::Consents))
                .col(text_null(Participants::Notes))
                .col(blob_null(Participants::IdentityCipher))
                .col(string_len_null(Participants::IdentityHash, 64))
                .col(boolean(Participants::Anonymised))
                .col(integer(Participants::Episode))
                .col(string_len_null(Participants::CurrentStep, 30))
                .col(date_null(Participants::CurrentStepSince))
                .col(boolean(Participants::Exited))
                .col(integer(Participants::Version))
                .col(timestamp_with_time_zone(Participants::CreatedAt))
                .col(timestamp_with_time_zone(Participants::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_participant_project")
                        .from(Participants::Table, Participants::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_participant_owner")
                        .from(Participants::Table, Participants::OwnerId)
                        .to(Organisations::Table, Organisations::Id),
                )
                .take(),
        )
        .await?;
        // The partner's own id is unique per project and owner; an identity code once per project.
        m.create_index(
            Index::create()
                .name("ux_participants_external_ref")
                .table(Participants::Table)
                .col(Participants::ProjectId)
                .col(Participants::OwnerId)
                .col(Participants::ExternalRef)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_participants_identity")
                .table(Participants::Table)
                .col(Participants::ProjectId)
                .col(Participants::IdentityHash)
                .unique()
                .take(),
        )
        .await?;
        // Lists read a project's (or one owner's) participants in (updated_at, id) order.
        m.create_index(
            Index::create()
                .name("ix_participants_project_sync")
                .table(Participants::Table)
                .col(Participants::ProjectId)
                .col(Participants::UpdatedAt)
                .col(Participants::Id)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_participants_owner_sync")
                .table(Participants::Table)
                .col(Participants::ProjectId)
                .col(Participants::OwnerId)
                .col(Participants::UpdatedAt)
                .col(Participants::Id)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ParticipantSteps::Table)
                .col(pk_uuid(ParticipantSteps::Id))
                .col(uuid(ParticipantSteps::ParticipantId))
                .col(integer(ParticipantSteps::Episode))
                .col(string_len(ParticipantSteps::Step, 30))
                .col(date(ParticipantSteps::EnteredOn))
                .col(text_null(ParticipantSteps::Reason))
                .col(text_null(ParticipantSteps::Note))
                .col(string_len(ParticipantSteps::RecordedBy, 200))
                .col(timestamp_with_time_zone(ParticipantSteps::RecordedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_step_participant")
                        .from(ParticipantSteps::Table, ParticipantSteps::ParticipantId)
                        .to(Participants::Table, Participants::Id),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_participant_steps_participant")
                .table(ParticipantSteps::Table)
                .col(ParticipantSteps::ParticipantId)
                .col(ParticipantSteps::Id)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ParticipantEpisodes::Table)
                .col(uuid(ParticipantEpisodes::ParticipantId))
                .col(integer(ParticipantEpisodes::Number))
                .col(date(ParticipantEpisodes::EntryDate))
                .col(date_null(ParticipantEpisodes::ExitDate))
                .col(string_len_null(ParticipantEpisodes::ExitSituation, 40))
                .col(boolean_null(ParticipantEpisodes::QualificationGained))
                .col(text_null(ParticipantEpisodes::FollowOnPlan))
                .primary_key(
                    Index::create()
                        .col(ParticipantEpisodes::ParticipantId)
                        .col(ParticipantEpisodes::Number),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_episode_participant")
                        .from(
                            ParticipantEpisodes::Table,
                            ParticipantEpisodes::ParticipantId,
                        )
                        .to(Participants::Table, Participants::Id),
                )
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string_len(AuditLog::Client, 200))
                .col(uuid_null(AuditLog::OrganisationId))
                .col(string_len_null(AuditLog::ActingFor, 200))
                .col(string_len(AuditLog::Action, 30))
                .col(string_len(AuditLog::Resource, 30))
                .col(uuid(AuditLog::ResourceId))
                .col(uuid_null(AuditLog::ParticipantId))
                .col(string_len(AuditLog::Outcome, 20))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_participant")
                .table(AuditLog::Table)
                .col(AuditLog::ParticipantId)
                .col(AuditLog::Id)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            ParticipantEpisodes::Table.into_iden(),
            ParticipantSteps::Table.into_iden(),
            Participants::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
