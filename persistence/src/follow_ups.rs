//! Follow-ups six months after leaving: one per exit, appended; the final exit's one is kept on
//! the participant's row for the longer-term results.

use crate::repositories::Path;
use askel_domain::{FollowUp, ParticipantId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{participant, participant_follow_up as row};
use crate::error::corrupt;

/// A stored follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFollowUp {
    /// Its id.
    pub id: Uuid,
    /// Whose.
    pub participant_id: ParticipantId,
    /// The episode whose exit it follows.
    pub episode: i32,
    /// What was learnt.
    pub follow_up: FollowUp,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl Path<'_> {
    /// Stores a follow-up of the final exit and keeps its result on the participant (one
    /// change: version and `updated_at`). A second one for the same exit is a conflict.
    pub async fn insert_follow_up(&self, f: &StoredFollowUp) -> Result<(), StoreError> {
        row::Entity::insert(row::ActiveModel {
            id: Set(f.id),
            participant_id: Set(f.participant_id.as_uuid()),
            episode: Set(f.episode),
            situation: Set(f.follow_up.situation.to_string()),
            improved_situation: Set(f.follow_up.improved_situation),
            source: Set(f.follow_up.source.to_string()),
            date: Set(f.follow_up.date),
            recorded_by: Set(f.recorded_by.clone()),
            recorded_at: Set(f.recorded_at),
        })
        .exec_without_returning(&self.conn)
        .await?;
        participant::Entity::update_many()
            .col_expr(
                participant::Column::FollowUpEmployed,
                Expr::value(f.follow_up.employed()),
            )
            .col_expr(
                participant::Column::FollowUpImproved,
                Expr::value(f.follow_up.improved_situation),
            )
            .col_expr(
                participant::Column::Version,
                Expr::col(participant::Column::Version).add(1),
            )
            .col_expr(participant::Column::UpdatedAt, Expr::value(f.recorded_at))
            .filter(participant::Column::Id.eq(f.participant_id.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// A participant's follow-ups, oldest exit first.
    pub async fn follow_ups(
        &self,
        participant: ParticipantId,
    ) -> Result<Vec<StoredFollowUp>, StoreError> {
        let rows = row::Entity::find()
            .filter(row::Column::ParticipantId.eq(participant.as_uuid()))
            .order_by_asc(row::Column::Episode)
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|m| {
                Ok(StoredFollowUp {
                    id: m.id,
                    participant_id: participant,
                    episode: m.episode,
                    follow_up: FollowUp {
                        situation: m
                            .situation
                            .parse()
                            .map_err(|e| corrupt("follow-up situation", e))?,
                        improved_situation: m.improved_situation,
                        source: m
                            .source
                            .parse()
                            .map_err(|e| corrupt("follow-up source", e))?,
                        date: m.date,
                    },
                    recorded_by: m.recorded_by,
                    recorded_at: m.recorded_at,
                })
            })
            .collect()
    }

    /// Removes what follow-ups recorded in words of a person: the recorder. The situation stays
    /// for the figures.
    pub(crate) async fn anonymise_follow_ups(
        &self,
        participant: ParticipantId,
    ) -> Result<(), StoreError> {
        row::Entity::update_many()
            .col_expr(row::Column::RecordedBy, Expr::value("anonymised"))
            .filter(row::Column::ParticipantId.eq(participant.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }
}
