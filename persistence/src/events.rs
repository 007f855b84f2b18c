//! The change feed. Readers see an event only once every transaction that could still write
//! an earlier one has finished, so following the cursor never skips an event, even when
//! commits finish out of order.

use crate::repositories::Events;
use askel_domain::{
    Event, EventType, FeedPosition, NewEvent, OrganisationId, ParticipantId, ProjectId,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::StoreError;
use crate::entities::event::{self, Column, Entity};
use crate::error::corrupt;

/// An event's rows: one per organisation that may see it.
pub(crate) fn rows(e: &NewEvent) -> impl Iterator<Item = event::ActiveModel> + '_ {
    e.audience.iter().map(move |org| event::ActiveModel {
        seq: NotSet,
        commit_order: NotSet,
        event_id: Set(e.id),
        organisation_id: Set(org.as_uuid()),
        event_type: Set(e.event_type.to_string()),
        resource_id: Set(e.resource_id),
        project_id: Set(e.project_id.map(ProjectId::as_uuid)),
        participant_id: Set(e.participant_id.map(ParticipantId::as_uuid)),
        occurred_at: Set(e.occurred_at),
    })
}

impl Events<'_> {
    /// Records events, one row per organisation that may see each, with the audit records
    /// appended so far.
    pub async fn insert_events(&self, events: &[NewEvent]) -> Result<(), StoreError> {
        self.write_pending(events).await
    }

    /// Up to `limit` events for `organisation` after `after`, in commit order, only of
    /// `project` and of `types` when given.
    ///
    /// On PostgreSQL only events of transactions below the snapshot's xmin are returned: every
    /// transaction with a lower id has finished, so no event can later appear before the
    /// returned ones. SQLite serialises writers, so insertion order is commit order.
    pub async fn events(
        &self,
        organisation: OrganisationId,
        after: FeedPosition,
        limit: u64,
        project: Option<ProjectId>,
        types: &[EventType],
    ) -> Result<Vec<Event>, StoreError> {
        let mut select = Entity::find()
            .filter(Column::OrganisationId.eq(organisation.as_uuid()))
            .filter(
                Condition::any()
                    .add(Column::CommitOrder.gt(after.commit_order))
                    .add(
                        Condition::all()
                            .add(Column::CommitOrder.eq(after.commit_order))
                            .add(Column::Seq.gt(after.seq)),
                    ),
            );
        if let Some(project) = project {
            select = select.filter(Column::ProjectId.eq(project.as_uuid()));
        }
        if !types.is_empty() {
            select = select.filter(Column::EventType.is_in(types.iter().map(ToString::to_string)));
        }
        if self.conn.get_database_backend() == DbBackend::Postgres {
            select = select.filter(Expr::col(Column::CommitOrder).lt(Expr::cust(
                "pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            )));
        }
        let rows = select
            .order_by_asc(Column::CommitOrder)
            .order_by_asc(Column::Seq)
            .limit(limit)
            .all(&self.conn)
            .await?;
        rows.into_iter().map(event_of_row).collect()
    }

    /// One of an organisation's events, by the event's id.
    pub async fn event_of(
        &self,
        organisation: OrganisationId,
        id: uuid::Uuid,
    ) -> Result<Event, StoreError> {
        let m = Entity::find()
            .filter(Column::OrganisationId.eq(organisation.as_uuid()))
            .filter(Column::EventId.eq(id))
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        event_of_row(m)
    }
}

fn event_of_row(m: event::Model) -> Result<Event, StoreError> {
    Ok(Event {
        id: m.event_id,
        event_type: m.event_type.parse().map_err(|e| corrupt("event type", e))?,
        resource_id: m.resource_id,
        project_id: m.project_id.map(ProjectId::from_uuid),
        participant_id: m.participant_id.map(ParticipantId::from_uuid),
        occurred_at: m.occurred_at,
        position: FeedPosition {
            commit_order: m.commit_order,
            seq: m.seq,
        },
    })
}
