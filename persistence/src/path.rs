//! A participant's path: step entries and episodes, appended to and never overwritten (but
//! for when a step was left, kept for figures; see `aggregates`).

use crate::repositories::Path;
use askel_domain::{Description, Episode, Exit, ParticipantId, Reason, StepEntry};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QueryTrait,
};

use crate::StoreError;
use crate::aggregates::step_bit;
use crate::entities::{participant, participant_episode as episode, participant_step as step};
use crate::error::{corrupt, parse_stored};
use crate::step_if_unchanged::{STEP_MOVE, step_move_values};

impl Path<'_> {
    /// Records a step entry: ends the episode's open step (if any) on the day the new one is
    /// entered, appends it, and makes it the participant's current step (one change: version
    /// and `updated_at`; the step's bit in `steps_reached`). One statement on PostgreSQL (the
    /// updates in a `WITH`, `STEP_MOVE`), three given together on SQLite (`together.rs`).
    pub(crate) async fn record_step(&self, s: &StepEntry) -> Result<(), StoreError> {
        let backend = self.conn.get_database_backend();
        if backend == sea_orm::DbBackend::Postgres {
            // The participant's row is locked by this transaction's read: no version to check.
            self.conn
                .execute_raw(sea_orm::Statement::from_sql_and_values(
                    backend,
                    format!("WITH {STEP_MOVE} SELECT COUNT(*) FROM moved"),
                    step_move_values(s, None),
                ))
                .await?;
            return Ok(());
        }
        let left = step::Entity::update_many()
            .col_expr(step::Column::LeftOn, Expr::value(s.entered_on))
            .filter(step::Column::ParticipantId.eq(s.participant_id.as_uuid()))
            .filter(step::Column::Episode.eq(s.episode))
            .filter(step::Column::LeftOn.is_null())
            .build(backend);
        let entered = step::Entity::insert(step_row(s, None)).build(backend);
        let moved = participant::Entity::update_many()
            .col_expr(
                participant::Column::CurrentStep,
                Expr::value(s.step.to_string()),
            )
            .col_expr(
                participant::Column::CurrentStepSince,
                Expr::value(s.entered_on),
            )
            .col_expr(
                participant::Column::StepsReached,
                Expr::col(participant::Column::StepsReached).bit_or(step_bit(s.step)),
            )
            .col_expr(
                participant::Column::Version,
                Expr::col(participant::Column::Version).add(1),
            )
            .col_expr(participant::Column::UpdatedAt, Expr::value(s.recorded_at))
            .filter(participant::Column::Id.eq(s.participant_id.as_uuid()))
            .build(backend);
        self.execute_together(vec![left, entered, moved]).await?;
        Ok(())
    }

    /// Every step entry of a participant, in the order recorded.
    pub async fn steps(&self, participant: ParticipantId) -> Result<Vec<StepEntry>, StoreError> {
        let rows = step::Entity::find()
            .filter(step::Column::ParticipantId.eq(participant.as_uuid()))
            .order_by_asc(step::Column::Id)
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|m| {
                Ok(StepEntry {
                    id: m.id,
                    participant_id: participant,
                    episode: m.episode,
                    step: m.step.parse().map_err(|e| corrupt("step", e))?,
                    entered_on: m.entered_on,
                    reason: parse_stored(m.reason.as_deref(), "reason", Reason::parse)?,
                    note: parse_stored(m.note.as_deref(), "note", Description::parse)?,
                    recorded_by: m.recorded_by,
                    recorded_at: m.recorded_at,
                })
            })
            .collect()
    }

    /// Opens episode `number`.
    pub async fn insert_episode(
        &self,
        participant: ParticipantId,
        number: i32,
        entry_date: NaiveDate,
    ) -> Result<(), StoreError> {
        episode::Entity::insert(episode::ActiveModel {
            participant_id: Set(participant.as_uuid()),
            number: Set(number),
            entry_date: Set(entry_date),
            exit_date: Set(None),
            exit_situation: Set(None),
            exit_situation_date: Set(None),
            qualification_gained: Set(None),
            follow_on_plan: Set(None),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// Records (or corrects) the exit that ends episode `number`.
    pub(crate) async fn set_exit(
        &self,
        participant: ParticipantId,
        number: i32,
        exit: &Exit,
    ) -> Result<(), StoreError> {
        episode::Entity::update_many()
            .set(episode::ActiveModel {
                exit_date: Set(Some(exit.date)),
                exit_situation: Set(Some(exit.situation.to_string())),
                exit_situation_date: Set(Some(exit.situation_on)),
                qualification_gained: Set(Some(exit.qualification_gained)),
                follow_on_plan: Set(exit.follow_on_plan.as_ref().map(|p| p.as_str().to_owned())),
                ..Default::default()
            })
            .filter(episode::Column::ParticipantId.eq(participant.as_uuid()))
            .filter(episode::Column::Number.eq(number))
            .exec(&self.conn)
            .await?;
        self.figures()
            .leave_last_step(participant, number, exit.date)
            .await
    }

    /// Keeps the participant's last exit on its row, for results on leaving.
    pub(crate) async fn set_last_exit(
        &self,
        participant: ParticipantId,
        exit: &Exit,
    ) -> Result<(), StoreError> {
        use crate::entities::participant;
        use sea_orm::sea_query::Expr;
        participant::Entity::update_many()
            .col_expr(participant::Column::LastExitDate, Expr::value(exit.date))
            .col_expr(
                participant::Column::LastExitOption,
                Expr::value(exit.situation.eura().to_string()),
            )
            .col_expr(
                participant::Column::LastQualificationGained,
                Expr::value(exit.qualification_gained),
            )
            .filter(participant::Column::Id.eq(participant.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Every episode of a participant, in order.
    pub async fn episodes(&self, participant: ParticipantId) -> Result<Vec<Episode>, StoreError> {
        let rows = episode::Entity::find()
            .filter(episode::Column::ParticipantId.eq(participant.as_uuid()))
            .order_by_asc(episode::Column::Number)
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|m| {
                let exit = match (m.exit_date, m.exit_situation) {
                    (Some(date), Some(situation)) => Some(Exit {
                        date,
                        situation_on: m.exit_situation_date.unwrap_or(date),
                        situation: situation
                            .parse()
                            .map_err(|e| corrupt("exit situation", e))?,
                        qualification_gained: m.qualification_gained.unwrap_or(false),
                        follow_on_plan: parse_stored(
                            m.follow_on_plan.as_deref(),
                            "plan",
                            Description::parse,
                        )?,
                    }),
                    _ => None,
                };
                Ok(Episode {
                    number: m.number,
                    entry_date: m.entry_date,
                    exit,
                })
            })
            .collect()
    }
}

/// The row of step entry `s`, left on `left_on` (none while it is the current step): the one
/// shape a step entry is stored in, by a move ([`Path::store`]) and by the bulk load.
pub(crate) fn step_row(s: &StepEntry, left_on: Option<NaiveDate>) -> step::ActiveModel {
    step::ActiveModel {
        id: Set(s.id),
        participant_id: Set(s.participant_id.as_uuid()),
        episode: Set(s.episode),
        step: Set(s.step.to_string()),
        entered_on: Set(s.entered_on),
        reason: Set(s.reason.as_ref().map(|r| r.as_str().to_owned())),
        note: Set(s.note.as_ref().map(|n| n.as_str().to_owned())),
        recorded_by: Set(s.recorded_by.clone()),
        recorded_at: Set(s.recorded_at),
        left_on: Set(left_on),
    }
}
