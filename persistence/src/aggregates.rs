//! Figures kept up to date in the same transaction as the writes they summarise, so reports
//! read one row per person instead of ordering every step and score: the steps a person has
//! reached (a bit per step on the participant), when each step was left, and each person's
//! first and latest score per instrument dimension.

use crate::repositories::Figures;
use std::collections::BTreeMap;

use askel_domain::{Assessment, CodeList, ParticipantId, Step};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::StoreError;
use crate::entities::participant_step as step;

/// The bit a step sets in `participants.steps_reached`: bit n − 1 for step n.
pub(crate) fn step_bit(s: Step) -> i32 {
    1 << (s.number() - 1)
}

/// The bits of every step in `steps`.
pub(crate) fn steps_bits<'a>(steps: impl IntoIterator<Item = &'a Step>) -> i32 {
    steps.into_iter().fold(0, |bits, s| bits | step_bit(*s))
}

/// When each of one participant's step entries (in recording order, all of one episode) was
/// left: when the next was entered, the last at `exit` (or never, while still in it).
pub(crate) fn left_on(entered: &[NaiveDate], exit: Option<NaiveDate>) -> Vec<Option<NaiveDate>> {
    entered
        .iter()
        .skip(1)
        .map(|d| Some(*d))
        .chain(entered.first().map(|_| exit))
        .collect()
}

const TRENDS: &str = "assessment_trends";

/// Steps reached from the step entries stored: the sum of each distinct step's bit.
fn steps_reached_from_steps() -> String {
    let cases: String = Step::all()
        .iter()
        .map(|s| format!(" WHEN '{}' THEN {}", s.code(), step_bit(*s)))
        .collect();
    format!(
        "UPDATE participants SET steps_reached = COALESCE((\
           SELECT SUM(DISTINCT CASE s.step{cases} ELSE 0 END) FROM participant_steps s \
           WHERE s.participant_id = participants.id), 0)"
    )
}

/// A step was left when the next one (in recording order) in its episode was entered, or else
/// at the episode's exit.
const LEFT_ON_FROM_PATH: &str = "UPDATE participant_steps SET left_on = COALESCE(\
    (SELECT n.entered_on FROM participant_steps n \
      WHERE n.participant_id = participant_steps.participant_id \
        AND n.episode = participant_steps.episode AND n.id > participant_steps.id \
      ORDER BY n.id LIMIT 1), \
    (SELECT e.exit_date FROM participant_episodes e \
      WHERE e.participant_id = participant_steps.participant_id \
        AND e.number = participant_steps.episode))";

/// First and latest (by date, then assessment) score per person and dimension.
const TRENDS_FROM_SCORES: &str = "INSERT INTO assessment_trends (participant_id, instrument_id, \
    dimension, first_date, first_assessment_id, first_score, latest_date, latest_assessment_id, \
    latest_score, assessments) \
  SELECT participant_id, instrument_id, dimension, first_date, first_assessment_id, first_score, \
    latest_date, latest_assessment_id, latest_score, n FROM ( \
    SELECT sc.participant_id, sc.instrument_id, sc.dimension, \
      FIRST_VALUE(sc.date) OVER w AS first_date, \
      FIRST_VALUE(sc.assessment_id) OVER w AS first_assessment_id, \
      FIRST_VALUE(sc.score) OVER w AS first_score, \
      LAST_VALUE(sc.date) OVER w AS latest_date, \
      LAST_VALUE(sc.assessment_id) OVER w AS latest_assessment_id, \
      LAST_VALUE(sc.score) OVER w AS latest_score, \
      COUNT(*) OVER w AS n, \
      ROW_NUMBER() OVER w AS rn \
    FROM assessment_scores sc \
    WINDOW w AS (PARTITION BY sc.participant_id, sc.instrument_id, sc.dimension \
      ORDER BY sc.date, sc.assessment_id \
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) \
  ) ordered WHERE rn = 1";

/// Computes every kept figure again from the path and the scores stored (the migration that
/// introduced them; a check that what writes keep is what the records say).
pub(crate) async fn rebuild(conn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    conn.execute_unprepared(&steps_reached_from_steps()).await?;
    conn.execute_unprepared(LEFT_ON_FROM_PATH).await?;
    conn.execute_unprepared("DELETE FROM assessment_trends")
        .await?;
    conn.execute_unprepared(TRENDS_FROM_SCORES).await?;
    Ok(())
}

/// `assessment_trends.<column>`: the stored row's value in an upsert's update.
fn stored(column: &str) -> Expr {
    Expr::col((Alias::new(TRENDS), Alias::new(column)))
}

/// `excluded.<column>`: the value offered by the insert.
fn offered(column: &str) -> Expr {
    Expr::col((Alias::new("excluded"), Alias::new(column)))
}

/// The offered score comes before the stored first one (by date, then assessment), or after
/// the stored latest one.
fn offered_is(first: bool) -> Cond {
    let (date, id) = if first {
        ("first_date", "first_assessment_id")
    } else {
        ("latest_date", "latest_assessment_id")
    };
    let ((earlier, later), (earlier_id, later_id)) = if first {
        ((offered(date), stored(date)), (offered(id), stored(id)))
    } else {
        ((stored(date), offered(date)), (stored(id), offered(id)))
    };
    Cond::any()
        .add(earlier.clone().lt(later.clone()))
        .add(earlier.eq(later).and(earlier_id.lt(later_id)))
}

impl Figures<'_> {
    /// Computes every figure kept at write time again from the records (see `rebuild`).
    pub async fn rebuild_report_aggregates(&self) -> Result<(), StoreError> {
        rebuild(&self.conn).await?;
        Ok(crate::figure_cache_reset::forget_all(&self.conn).await?)
    }

    /// The episode's last step was left at its exit (recorded or corrected).
    pub(crate) async fn leave_last_step(
        &self,
        participant: ParticipantId,
        episode: i32,
        exit_date: NaiveDate,
    ) -> Result<(), StoreError> {
        let last: Option<uuid::Uuid> = step::Entity::find()
            .select_only()
            .column(step::Column::Id)
            .filter(step::Column::ParticipantId.eq(participant.as_uuid()))
            .filter(step::Column::Episode.eq(episode))
            .order_by_desc(step::Column::Id)
            .into_tuple()
            .one(&self.conn)
            .await?;
        if let Some(id) = last {
            step::Entity::update_many()
                .col_expr(step::Column::LeftOn, Expr::value(exit_date))
                .filter(step::Column::Id.eq(id))
                .exec(&self.conn)
                .await?;
        }
        Ok(())
    }

    /// Adds an assessment's dimension scores to each person's first and latest per dimension.
    pub(crate) async fn add_to_trends(
        &self,
        a: &Assessment,
        dimension_scores: &BTreeMap<String, f64>,
    ) -> Result<(), StoreError> {
        if dimension_scores.is_empty() {
            return Ok(());
        }
        let columns = [
            "participant_id",
            "instrument_id",
            "dimension",
            "first_date",
            "first_assessment_id",
            "first_score",
            "latest_date",
            "latest_assessment_id",
            "latest_score",
            "assessments",
        ];
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(TRENDS))
            .columns(columns.map(Alias::new));
        for (dimension, score) in dimension_scores {
            insert.values_panic([
                a.participant_id.as_uuid().into(),
                a.instrument_id.into(),
                dimension.clone().into(),
                a.date.into(),
                a.id.into(),
                (*score).into(),
                a.date.into(),
                a.id.into(),
                (*score).into(),
                1.into(),
            ]);
        }
        let mut on_conflict =
            OnConflict::columns(["participant_id", "instrument_id", "dimension"].map(Alias::new));
        for (end, first) in [("first", true), ("latest", false)] {
            for part in ["date", "assessment_id", "score"] {
                let column = format!("{end}_{part}");
                on_conflict.value(
                    Alias::new(&column),
                    Expr::case(offered_is(first), offered(&column)).finally(stored(&column)),
                );
            }
        }
        on_conflict.value(Alias::new("assessments"), stored("assessments").add(1));
        insert.on_conflict(on_conflict);
        let statement = self.conn.get_database_backend().build(&insert);
        self.conn.execute_raw(statement).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).expect("a date")
    }

    #[test]
    fn each_step_has_a_bit_of_its_own() {
        let bits: Vec<i32> = Step::all().iter().map(|s| step_bit(*s)).collect();
        assert_eq!(bits, vec![1, 2, 4, 8, 16]);
        assert_eq!(
            steps_bits(&[Step::Outreach, Step::ServiceGuidance, Step::Outreach]),
            9
        );
        assert_eq!(steps_bits(&[]), 0);
    }

    #[test]
    fn a_step_is_left_when_the_next_is_entered_and_the_last_at_the_exit() {
        assert_eq!(
            left_on(&[d(1), d(5), d(9)], Some(d(20))),
            vec![Some(d(5)), Some(d(9)), Some(d(20))]
        );
        assert_eq!(left_on(&[d(1), d(5)], None), vec![Some(d(5)), None]);
        assert_eq!(left_on(&[], Some(d(20))), Vec::<Option<NaiveDate>>::new());
    }
}
