//! Organisations, projects with their actors, co-funders, staff and statements, API clients
//! and idempotency keys.

use sea_orm_migration::{prelude::*, schema::*};

use super::keys::{fk, sync_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Name,
    Kind,
    BusinessId,
    HomeMunicipality,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Code,
    Name,
    Description,
    ProgrammePeriod,
    PriorityAxis,
    SpecificObjective,
    StartDate,
    EndDate,
    Status,
    TargetAreas,
    TargetGroups,
    TotalEligibleCostCents,
    EsfRateBasisPoints,
    EsfAmountCents,
    OwnShareCents,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectActors {
    Table,
    Id,
    ProjectId,
    OrganisationId,
    Role,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectCoFunders {
    Table,
    ProjectId,
    OrganisationId,
    AmountCents,
    Position,
}

#[derive(DeriveIden)]
enum StaffMembers {
    Table,
    Id,
    ProjectId,
    OrganisationId,
    Title,
    Role,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Statements {
    Table,
    Id,
    ProjectId,
    IssuingOrganisationId,
    DiaryNumber,
    Date,
    Publicity,
    Summary,
    CommitsToCooperation,
    AllocatesMoney,
    AllocatesStaff,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiClients {
    Table,
    Id,
    Name,
    OrganisationId,
    Roles,
    SecretHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Client,
    Key,
    RequestHash,
    Status,
    Body,
    Location,
    Etag,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organisations::Table)
                .col(pk_uuid(Organisations::Id))
                .col(text(Organisations::Name))
                .col(string_len(Organisations::Kind, 40))
                .col(string_len_null(Organisations::BusinessId, 9))
                .col(string_len_null(Organisations::HomeMunicipality, 3))
                .col(timestamp_with_time_zone(Organisations::CreatedAt))
                .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                .take(),
        )
        .await?;
        m.create_index(sync_index(
            "ix_organisations_sync",
            Organisations::Table,
            None::<Alias>,
        ))
        .await?;
        m.create_index(
            Index::create()
                .name("ux_organisations_business_id")
                .table(Organisations::Table)
                .col(Organisations::BusinessId)
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Projects::Table)
                .col(pk_uuid(Projects::Id))
                .col(string_len(Projects::Code, 50))
                .col(text(Projects::Name))
                .col(text_null(Projects::Description))
                .col(string_len(Projects::ProgrammePeriod, 40))
                .col(text_null(Projects::PriorityAxis))
                .col(text_null(Projects::SpecificObjective))
                .col(date_null(Projects::StartDate))
                .col(date_null(Projects::EndDate))
                .col(string_len(Projects::Status, 20))
                .col(json_binary(Projects::TargetAreas))
                .col(json_binary(Projects::TargetGroups))
                .col(big_integer_null(Projects::TotalEligibleCostCents))
                .col(integer_null(Projects::EsfRateBasisPoints))
                .col(big_integer_null(Projects::EsfAmountCents))
                .col(big_integer_null(Projects::OwnShareCents))
                .col(integer(Projects::Version))
                .col(timestamp_with_time_zone(Projects::CreatedAt))
                .col(timestamp_with_time_zone(Projects::UpdatedAt))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_projects_code")
                .table(Projects::Table)
                .col(Projects::Code)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(sync_index(
            "ix_projects_sync",
            Projects::Table,
            None::<Alias>,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ProjectActors::Table)
                .col(pk_uuid(ProjectActors::Id))
                .col(uuid(ProjectActors::ProjectId))
                .col(uuid(ProjectActors::OrganisationId))
                .col(string_len(ProjectActors::Role, 40))
                .col(timestamp_with_time_zone(ProjectActors::CreatedAt))
                .col(timestamp_with_time_zone(ProjectActors::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_actor_project",
                    (ProjectActors::Table, ProjectActors::ProjectId),
                    (Projects::Table, Projects::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_actor_org",
                    (ProjectActors::Table, ProjectActors::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_project_actors_role")
                .table(ProjectActors::Table)
                .col(ProjectActors::ProjectId)
                .col(ProjectActors::OrganisationId)
                .col(ProjectActors::Role)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(sync_index(
            "ix_project_actors_sync",
            ProjectActors::Table,
            Some(ProjectActors::ProjectId),
        ))
        .await?;
        m.create_index(
            Index::create()
                .name("ix_project_actors_org")
                .table(ProjectActors::Table)
                .col(ProjectActors::OrganisationId)
                .take(),
        )
        .await?;
        // A project has exactly one administrator and at most one funder; the same partial-index
        // syntax works on SQLite and PostgreSQL.
        let conn = m.get_connection();
        conn.execute_unprepared(
            "CREATE UNIQUE INDEX ux_project_single_administrator ON project_actors (project_id) WHERE role = 'administrator'",
        )
        .await?;
        conn.execute_unprepared("CREATE UNIQUE INDEX ux_project_single_funder ON project_actors (project_id) WHERE role = 'funder'")
            .await?;

        m.create_table(
            Table::create()
                .table(ProjectCoFunders::Table)
                .col(uuid(ProjectCoFunders::ProjectId))
                .col(uuid(ProjectCoFunders::OrganisationId))
                .col(big_integer(ProjectCoFunders::AmountCents))
                .col(integer(ProjectCoFunders::Position))
                .primary_key(
                    Index::create()
                        .col(ProjectCoFunders::ProjectId)
                        .col(ProjectCoFunders::OrganisationId),
                )
                .foreign_key(&mut fk(
                    "fk_cofunder_project",
                    (ProjectCoFunders::Table, ProjectCoFunders::ProjectId),
                    (Projects::Table, Projects::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_cofunder_org",
                    (ProjectCoFunders::Table, ProjectCoFunders::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StaffMembers::Table)
                .col(pk_uuid(StaffMembers::Id))
                .col(uuid(StaffMembers::ProjectId))
                .col(uuid(StaffMembers::OrganisationId))
                .col(text(StaffMembers::Title))
                .col(string_len(StaffMembers::Role, 40))
                .col(timestamp_with_time_zone(StaffMembers::CreatedAt))
                .col(timestamp_with_time_zone(StaffMembers::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_staff_project",
                    (StaffMembers::Table, StaffMembers::ProjectId),
                    (Projects::Table, Projects::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_staff_org",
                    (StaffMembers::Table, StaffMembers::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(sync_index(
            "ix_staff_members_sync",
            StaffMembers::Table,
            Some(StaffMembers::ProjectId),
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Statements::Table)
                .col(pk_uuid(Statements::Id))
                .col(uuid(Statements::ProjectId))
                .col(uuid(Statements::IssuingOrganisationId))
                .col(string_len(Statements::DiaryNumber, 60))
                .col(date(Statements::Date))
                .col(string_len(Statements::Publicity, 20))
                .col(text(Statements::Summary))
                .col(boolean(Statements::CommitsToCooperation))
                .col(boolean(Statements::AllocatesMoney))
                .col(boolean(Statements::AllocatesStaff))
                .col(timestamp_with_time_zone(Statements::CreatedAt))
                .col(timestamp_with_time_zone(Statements::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_statement_project",
                    (Statements::Table, Statements::ProjectId),
                    (Projects::Table, Projects::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_statement_org",
                    (Statements::Table, Statements::IssuingOrganisationId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(sync_index(
            "ix_statements_sync",
            Statements::Table,
            Some(Statements::ProjectId),
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ApiClients::Table)
                .col(pk_uuid(ApiClients::Id))
                .col(text(ApiClients::Name))
                .col(uuid_null(ApiClients::OrganisationId))
                .col(json_binary(ApiClients::Roles))
                .col(text(ApiClients::SecretHash))
                .col(timestamp_with_time_zone(ApiClients::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_client_org",
                    (ApiClients::Table, ApiClients::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(string_len(IdempotencyKeys::Client, 200))
                .col(string_len(IdempotencyKeys::Key, 200))
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(integer(IdempotencyKeys::Status))
                .col(text(IdempotencyKeys::Body))
                .col(text_null(IdempotencyKeys::Location))
                .col(text_null(IdempotencyKeys::Etag))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(IdempotencyKeys::Client)
                        .col(IdempotencyKeys::Key),
                )
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            ApiClients::Table.into_iden(),
            Statements::Table.into_iden(),
            StaffMembers::Table.into_iden(),
            ProjectCoFunders::Table.into_iden(),
            ProjectActors::Table.into_iden(),
            Projects::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
