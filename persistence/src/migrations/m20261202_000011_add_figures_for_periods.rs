//! Figures that hold (issue 14): each participant's random record key for the cell key method;
//! "other disadvantaged" for ESF 2014–2020 projects; the current episode's entry date apart from
//! the first entry (re-entry no longer moves the entry date, which the output indicators read);
//! follow-ups six months after leaving, with the final exit's one kept on the participant.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
    RecordKey,
    OtherDisadvantaged,
    EpisodeEntryDate,
    FollowUpEmployed,
    FollowUpImproved,
}

#[derive(DeriveIden)]
enum ParticipantFollowUps {
    Table,
    Id,
    ParticipantId,
    Episode,
    Situation,
    ImprovedSituation,
    Source,
    Date,
    RecordedBy,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            integer(Participants::RecordKey).default(0).take(),
            string(Participants::OtherDisadvantaged)
                .default("not_asked")
                .take(),
            date_null(Participants::EpisodeEntryDate),
            boolean_null(Participants::FollowUpEmployed),
            boolean_null(Participants::FollowUpImproved),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Participants::Table)
                    .add_column(column)
                    .take(),
            )
            .await?;
        }
        let conn = m.get_connection();
        let random_key = match conn.get_database_backend() {
            sea_orm::DbBackend::Postgres => "CAST(floor(random() * 256) AS INTEGER)",
            _ => "abs(random()) % 256",
        };
        conn.execute_unprepared(&format!(
            "UPDATE participants SET record_key = {random_key}"
        ))
        .await?;
        // Re-entry used to overwrite the entry date: the current episode's goes to its own
        // column, and the entry date back to the first participation's.
        conn.execute_unprepared(
            "UPDATE participants SET episode_entry_date = entry_date, entry_date = COALESCE(\
               (SELECT e.entry_date FROM participant_episodes e \
                 WHERE e.participant_id = participants.id AND e.number = 1), entry_date) \
             WHERE episode > 1",
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ParticipantFollowUps::Table)
                .col(uuid(ParticipantFollowUps::Id).primary_key())
                .col(uuid(ParticipantFollowUps::ParticipantId))
                .col(integer(ParticipantFollowUps::Episode))
                .col(string(ParticipantFollowUps::Situation))
                .col(boolean(ParticipantFollowUps::ImprovedSituation))
                .col(string(ParticipantFollowUps::Source))
                .col(date(ParticipantFollowUps::Date))
                .col(string(ParticipantFollowUps::RecordedBy))
                .col(timestamp_with_time_zone(ParticipantFollowUps::RecordedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            ParticipantFollowUps::Table,
                            ParticipantFollowUps::ParticipantId,
                        )
                        .to(Participants::Table, Participants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("participant_follow_ups_one_per_exit")
                .table(ParticipantFollowUps::Table)
                .col(ParticipantFollowUps::ParticipantId)
                .col(ParticipantFollowUps::Episode)
                .unique()
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ParticipantFollowUps::Table).take())
            .await?;
        for column in [
            Participants::RecordKey,
            Participants::OtherDisadvantaged,
            Participants::EpisodeEntryDate,
            Participants::FollowUpEmployed,
            Participants::FollowUpImproved,
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
