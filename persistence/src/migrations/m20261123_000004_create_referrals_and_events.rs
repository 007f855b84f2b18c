//! Referrals with their transitions, and the change feed.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    ProjectId,
    ParticipantId,
    SenderId,
    TargetId,
    ServiceKind,
    Reason,
    Shared,
    SharedIdentityCipher,
    Status,
    DeclineReason,
    DeclineNote,
    OutcomeDescription,
    OutcomeStartedOn,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReferralTransitions {
    Table,
    Id,
    ReferralId,
    FromStatus,
    ToStatus,
    At,
    Client,
    OrganisationId,
    ActingFor,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Seq,
    CommitOrder,
    EventId,
    OrganisationId,
    EventType,
    ResourceId,
    OccurredAt,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(pk_uuid(Referrals::Id))
                .col(uuid(Referrals::ProjectId))
                .col(uuid(Referrals::ParticipantId))
                .col(uuid(Referrals::SenderId))
                .col(uuid(Referrals::TargetId))
                .col(string_len(Referrals::ServiceKind, 40))
                .col(text(Referrals::Reason))
                .col(json_binary(Referrals::Shared))
                .col(blob_null(Referrals::SharedIdentityCipher))
                .col(string_len(Referrals::Status, 20))
                .col(string_len_null(Referrals::DeclineReason, 40))
                .col(text_null(Referrals::DeclineNote))
                .col(text_null(Referrals::OutcomeDescription))
                .col(date_null(Referrals::OutcomeStartedOn))
                .col(integer(Referrals::Version))
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_referral_participant")
                        .from(Referrals::Table, Referrals::ParticipantId)
                        .to(Participants::Table, Participants::Id),
                )
                .take(),
        )
        .await?;
        // Each side reads its referrals in (updated_at, id) order: the county's inbox, the sender's outbox.
        for (name, side) in [
            ("ix_referrals_target_sync", Referrals::TargetId),
            ("ix_referrals_sender_sync", Referrals::SenderId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Referrals::Table)
                    .col(side)
                    .col(Referrals::UpdatedAt)
                    .col(Referrals::Id)
                    .take(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_referrals_participant")
                .table(Referrals::Table)
                .col(Referrals::ParticipantId)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReferralTransitions::Table)
                .col(pk_uuid(ReferralTransitions::Id))
                .col(uuid(ReferralTransitions::ReferralId))
                .col(string_len_null(ReferralTransitions::FromStatus, 20))
                .col(string_len(ReferralTransitions::ToStatus, 20))
                .col(timestamp_with_time_zone(ReferralTransitions::At))
                .col(string_len(ReferralTransitions::Client, 200))
                .col(uuid_null(ReferralTransitions::OrganisationId))
                .col(string_len_null(ReferralTransitions::ActingFor, 200))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_transition_referral")
                        .from(ReferralTransitions::Table, ReferralTransitions::ReferralId)
                        .to(Referrals::Table, Referrals::Id),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_referral_transitions_referral")
                .table(ReferralTransitions::Table)
                .col(ReferralTransitions::ReferralId)
                .col(ReferralTransitions::Id)
                .take(),
        )
        .await?;

        // The feed: one row per event and organisation that may see it. `commit_order` is the
        // writing transaction's id on PostgreSQL (so readers can wait for every earlier
        // transaction to finish) and 0 on SQLite, where writes are serialised anyway.
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        let seq = if postgres {
            big_pk_auto(Events::Seq)
        } else {
            pk_auto(Events::Seq)
        };
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(seq)
                .col(big_integer(Events::CommitOrder).default(0))
                .col(uuid(Events::EventId))
                .col(uuid(Events::OrganisationId))
                .col(string_len(Events::EventType, 40))
                .col(uuid(Events::ResourceId))
                .col(timestamp_with_time_zone(Events::OccurredAt))
                .take(),
        )
        .await?;
        if postgres {
            m.get_connection()
                .execute_unprepared("ALTER TABLE events ALTER COLUMN commit_order SET DEFAULT (pg_current_xact_id()::text::bigint)")
                .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_events_feed")
                .table(Events::Table)
                .col(Events::OrganisationId)
                .col(Events::CommitOrder)
                .col(Events::Seq)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Events::Table.into_iden(),
            ReferralTransitions::Table.into_iden(),
            Referrals::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
