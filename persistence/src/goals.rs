//! Goals of participants' individual plans.

use crate::repositories::Goals;
use askel_domain::{Goal, GoalText, ParticipantId};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::goal::{self, Column, Entity};
use crate::error::corrupt;

fn row(g: &Goal) -> goal::ActiveModel {
    goal::ActiveModel {
        id: Set(g.id),
        participant_id: Set(g.participant_id.as_uuid()),
        text: Set(g.text.as_str().to_owned()),
        step: Set(g.step.to_string()),
        target_date: Set(g.target_date),
        status: Set(g.status.to_string()),
        version: Set(g.version),
        created_at: Set(g.created_at),
        updated_at: Set(g.updated_at),
    }
}

impl Goals<'_> {
    /// Stores a goal.
    pub async fn insert_goal(&self, g: &Goal) -> Result<(), StoreError> {
        Entity::insert(row(g))
            .exec_without_returning(&self.conn)
            .await?;
        Ok(())
    }

    /// Replaces a goal if still at `expected_version`; `Ok(false)` when another change came first.
    pub async fn update_goal(&self, g: &Goal, expected_version: i32) -> Result<bool, StoreError> {
        let r = Entity::update_many()
            .set(row(g))
            .filter(Column::Id.eq(g.id))
            .filter(Column::Version.eq(expected_version))
            .exec(&self.conn)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// One goal.
    pub async fn goal(&self, id: Uuid) -> Result<Goal, StoreError> {
        Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .map(to_domain)
            .ok_or(StoreError::NotFound)?
    }

    /// A participant's goals in the order set.
    /// A page of a participant's goals, in `(updated_at, id)` order.
    pub async fn goals_page(
        &self,
        participant: ParticipantId,
        req: &askel_domain::PageRequest,
    ) -> Result<askel_domain::Page<Goal>, StoreError> {
        let select = Entity::find().filter(Column::ParticipantId.eq(participant.as_uuid()));
        crate::paging::read_page(self, select, req, to_domain).await
    }

    /// Every goal of a participant, in the order set.
    pub async fn goals(&self, participant: ParticipantId) -> Result<Vec<Goal>, StoreError> {
        let rows = Entity::find()
            .filter(Column::ParticipantId.eq(participant.as_uuid()))
            .order_by_asc(Column::Id)
            .all(&self.conn)
            .await?;
        rows.into_iter().map(to_domain).collect()
    }
}

fn to_domain(m: goal::Model) -> Result<Goal, StoreError> {
    Ok(Goal {
        id: m.id,
        participant_id: ParticipantId::from_uuid(m.participant_id),
        text: GoalText::parse(&m.text).map_err(|e| corrupt("goal text", e))?,
        step: m.step.parse().map_err(|e| corrupt("goal step", e))?,
        target_date: m.target_date,
        status: m.status.parse().map_err(|e| corrupt("goal status", e))?,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}
