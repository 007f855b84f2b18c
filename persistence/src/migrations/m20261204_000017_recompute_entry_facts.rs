//! Entry facts from the first entry, and six-month results only from follow-ups of about six
//! months (issue 26). Migration 11 gave re-entrants back their first entry date but kept the age
//! and long-term unemployment computed from the later one; here both are computed again from the
//! entry date, by the same domain rules the writes use. And a follow-up of the final exit dated
//! more than four weeks after its due date (which the write now refuses) no longer counts as a
//! six-month result: the participant's copy of it is cleared; the follow-up itself stays on
//! record.

use askel_domain::participant::{age_on, long_term_unemployed};
use askel_domain::{
    Education, EntryFacts, Gender, LabourMarketStatus, SensitiveFacts, Urbanisation,
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Statement, Value};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let backend = conn.get_database_backend();
        let rows = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, birth_date, entry_date, labour_market_status, unemployed_since, \
                        age_at_entry, long_term_unemployed \
                   FROM participants WHERE episode > 1"
                    .to_owned(),
            ))
            .await?;
        for row in rows {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let birth: NaiveDate = row.try_get("", "birth_date")?;
            let entry: NaiveDate = row.try_get("", "entry_date")?;
            let status: String = row.try_get("", "labour_market_status")?;
            let since: Option<NaiveDate> = row.try_get("", "unemployed_since")?;
            let Ok(status) = status.parse::<LabourMarketStatus>() else {
                continue;
            };
            // Only the birth date, the status and its start decide long-term unemployment;
            // the other facts are placeholders the rule does not read.
            let facts = EntryFacts {
                gender: Gender::NotStated,
                birth_date: birth,
                labour_market_status: status,
                unemployed_since: since,
                education: Education::Isced3To4,
                urbanisation: Urbanisation::NotKnown,
                sensitive: SensitiveFacts::default(),
            };
            let (age, ltu) = (age_on(birth, entry), long_term_unemployed(&facts, entry));
            let placeholder = |n: usize| match backend {
                sea_orm::DbBackend::Postgres => format!("${n}"),
                _ => "?".to_owned(),
            };
            conn.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "UPDATE participants SET age_at_entry = {}, long_term_unemployed = {} WHERE id = {}",
                    placeholder(1),
                    placeholder(2),
                    placeholder(3)
                ),
                [Value::from(age), Value::from(ltu), Value::from(id)],
            ))
            .await?;
        }
        let rows = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT p.id, p.last_exit_date, f.date FROM participants p \
                   JOIN participant_follow_ups f \
                     ON f.participant_id = p.id AND f.episode = p.episode \
                  WHERE p.follow_up_employed IS NOT NULL AND p.last_exit_date IS NOT NULL"
                    .to_owned(),
            ))
            .await?;
        for row in rows {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let exit: NaiveDate = row.try_get("", "last_exit_date")?;
            let date: NaiveDate = row.try_get("", "date")?;
            let latest = askel_domain::follow_up::due_on(exit)
                + chrono::Duration::days(askel_domain::follow_up::LATEST_DAYS_AFTER_DUE);
            if date > latest {
                let sql = match backend {
                    sea_orm::DbBackend::Postgres => {
                        "UPDATE participants SET follow_up_employed = NULL, follow_up_improved = NULL WHERE id = $1"
                    }
                    _ => {
                        "UPDATE participants SET follow_up_employed = NULL, follow_up_improved = NULL WHERE id = ?"
                    }
                };
                conn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    sql,
                    [Value::from(id)],
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // Corrected facts are not made wrong again.
        Ok(())
    }
}
