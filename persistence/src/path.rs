//! A participant's path: step entries and episodes, appended to and never overwritten.

use askel_domain::{Description, Episode, Exit, ParticipantId, Reason, StepEntry};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{participant_episode as episode, participant_step as step};
use crate::error::corrupt;
use crate::{StoreError, Tx};

impl Tx {
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
                    reason: m
                        .reason
                        .as_deref()
                        .map(Reason::parse)
                        .transpose()
                        .map_err(|e| corrupt("reason", e))?,
                    note: m
                        .note
                        .as_deref()
                        .map(Description::parse)
                        .transpose()
                        .map_err(|e| corrupt("note", e))?,
                    recorded_by: m.recorded_by,
                    recorded_at: m.recorded_at,
                })
            })
            .collect()
    }

    /// Removes the notes of a participant's steps (anonymisation).
    pub async fn clear_step_notes(&self, participant: ParticipantId) -> Result<(), StoreError> {
        step::Entity::update_many()
            .col_expr(
                step::Column::Note,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .col_expr(
                step::Column::Reason,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(step::Column::ParticipantId.eq(participant.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
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
            qualification_gained: Set(None),
            follow_on_plan: Set(None),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// Records (or corrects) the exit that ends episode `number`.
    pub async fn set_exit(
        &self,
        participant: ParticipantId,
        number: i32,
        exit: &Exit,
    ) -> Result<(), StoreError> {
        episode::Entity::update_many()
            .set(episode::ActiveModel {
                exit_date: Set(Some(exit.date)),
                exit_situation: Set(Some(exit.situation.to_string())),
                qualification_gained: Set(Some(exit.qualification_gained)),
                follow_on_plan: Set(exit.follow_on_plan.as_ref().map(|p| p.as_str().to_owned())),
                ..Default::default()
            })
            .filter(episode::Column::ParticipantId.eq(participant.as_uuid()))
            .filter(episode::Column::Number.eq(number))
            .exec(&self.conn)
            .await?;
        self.leave_last_step(participant, number, exit.date).await
    }

    /// Keeps the participant's last exit on its row, for results on leaving.
    pub async fn set_last_exit(
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
                        situation: situation
                            .parse()
                            .map_err(|e| corrupt("exit situation", e))?,
                        qualification_gained: m.qualification_gained.unwrap_or(false),
                        follow_on_plan: m
                            .follow_on_plan
                            .as_deref()
                            .map(Description::parse)
                            .transpose()
                            .map_err(|e| corrupt("plan", e))?,
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
