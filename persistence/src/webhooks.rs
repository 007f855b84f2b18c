//! Webhook subscriptions and their delivery log. A subscription keeps its own cursor in the
//! organisation's feed, so what it has delivered survives restarts; an instance leases a
//! subscription before delivering it, so several instances on one database never deliver the
//! same subscription at once.

use crate::repositories::Webhooks;
use askel_domain::webhook::{Subscription, WebhookStatus};
use askel_domain::{EventType, FeedPosition, OrganisationId, ProjectId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::event;
use crate::entities::webhook_delivery as delivery;
use crate::entities::webhook_subscription::{self as sub, Column, Entity};
use crate::error::corrupt;

/// A subscription with its signing secrets, encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubscription {
    /// The subscription.
    pub subscription: Subscription,
    /// The current secret.
    pub secret_cipher: Vec<u8>,
    /// The secret before the last rotation, and until when it still signs.
    pub previous_secret: Option<(Vec<u8>, DateTime<Utc>)>,
}

/// One attempt to deliver one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// Its id.
    pub id: Uuid,
    /// The subscription.
    pub subscription_id: Uuid,
    /// The event delivered.
    pub event_id: Uuid,
    /// Its type.
    pub event_type: EventType,
    /// The attempt's number for this event (1 for the first).
    pub attempt: i32,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// Whether the receiver took it (a 2xx).
    pub delivered: bool,
    /// What went wrong, in words that carry no personal data.
    pub error: Option<String>,
    /// How long the attempt took.
    pub duration_ms: i32,
    /// When.
    pub at: DateTime<Utc>,
}

fn to_domain(m: sub::Model) -> Result<StoredSubscription, StoreError> {
    let event_types = m
        .event_types
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().map_err(|e| corrupt("event type", e)))
        .collect::<Result<Vec<EventType>, _>>()?;
    Ok(StoredSubscription {
        subscription: Subscription {
            id: m.id,
            organisation_id: OrganisationId::from_uuid(m.organisation_id),
            url: m.url,
            event_types,
            project_id: m.project_id.map(ProjectId::from_uuid),
            status: m.status.parse().map_err(|e| corrupt("webhook status", e))?,
            paused_reason: m.paused_reason,
            cursor: FeedPosition {
                commit_order: m.cursor_commit_order,
                seq: m.cursor_seq,
            },
            failures: m.failures,
            failing_since: m.failing_since,
            next_attempt_at: m.next_attempt_at,
            payload: m
                .payload
                .parse()
                .map_err(|e| corrupt("webhook payload", e))?,
            reason: m.reason,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        },
        secret_cipher: m.secret_cipher,
        previous_secret: m.previous_secret_cipher.zip(m.previous_secret_until),
    })
}

fn types_text(types: &[EventType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Webhooks<'_> {
    /// Stores a new subscription.
    pub async fn insert_subscription(
        &self,
        s: &Subscription,
        secret_cipher: Vec<u8>,
    ) -> Result<(), StoreError> {
        Entity::insert(sub::ActiveModel {
            id: Set(s.id),
            organisation_id: Set(s.organisation_id.as_uuid()),
            url: Set(s.url.clone()),
            event_types: Set(types_text(&s.event_types)),
            project_id: Set(s.project_id.map(ProjectId::as_uuid)),
            status: Set(s.status.to_string()),
            paused_reason: Set(s.paused_reason.clone()),
            secret_cipher: Set(secret_cipher),
            previous_secret_cipher: Set(None),
            previous_secret_until: Set(None),
            cursor_commit_order: Set(s.cursor.commit_order),
            cursor_seq: Set(s.cursor.seq),
            failures: Set(s.failures),
            failing_since: Set(s.failing_since),
            next_attempt_at: Set(s.next_attempt_at),
            lease_until: Set(None),
            version: Set(s.version),
            created_at: Set(s.created_at),
            updated_at: Set(s.updated_at),
            payload: Set(s.payload.to_string()),
            reason: Set(s.reason.clone()),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A subscription.
    pub async fn subscription(&self, id: Uuid) -> Result<StoredSubscription, StoreError> {
        let m = Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        to_domain(m)
    }

    /// An organisation's subscriptions, oldest first.
    pub async fn subscriptions_of(
        &self,
        org: OrganisationId,
    ) -> Result<Vec<Subscription>, StoreError> {
        Entity::find()
            .filter(Column::OrganisationId.eq(org.as_uuid()))
            .order_by_asc(Column::CreatedAt)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|m| to_domain(m).map(|s| s.subscription))
            .collect()
    }

    /// Writes a subscription's changeable fields (what it follows, its status, its cursor and
    /// retry state, version and `updated_at`).
    pub async fn save_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        Entity::update_many()
            .col_expr(Column::Url, Expr::value(s.url.clone()))
            .col_expr(Column::EventTypes, Expr::value(types_text(&s.event_types)))
            .col_expr(
                Column::ProjectId,
                Expr::value(s.project_id.map(ProjectId::as_uuid)),
            )
            .col_expr(Column::Status, Expr::value(s.status.to_string()))
            .col_expr(Column::PausedReason, Expr::value(s.paused_reason.clone()))
            .col_expr(
                Column::CursorCommitOrder,
                Expr::value(s.cursor.commit_order),
            )
            .col_expr(Column::CursorSeq, Expr::value(s.cursor.seq))
            .col_expr(Column::Failures, Expr::value(s.failures))
            .col_expr(Column::FailingSince, Expr::value(s.failing_since))
            .col_expr(Column::NextAttemptAt, Expr::value(s.next_attempt_at))
            .col_expr(Column::Version, Expr::value(s.version))
            .col_expr(Column::UpdatedAt, Expr::value(s.updated_at))
            .filter(Column::Id.eq(s.id))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Replaces the signing secret; the old one keeps signing until `overlap_until`.
    pub async fn rotate_secret(
        &self,
        id: Uuid,
        new_cipher: Vec<u8>,
        overlap_until: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let current = self.subscription(id).await?;
        Entity::update_many()
            .col_expr(Column::SecretCipher, Expr::value(new_cipher))
            .col_expr(
                Column::PreviousSecretCipher,
                Expr::value(Some(current.secret_cipher)),
            )
            .col_expr(
                Column::PreviousSecretUntil,
                Expr::value(Some(overlap_until)),
            )
            .filter(Column::Id.eq(id))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Removes a subscription and its log.
    pub async fn delete_subscription(&self, id: Uuid) -> Result<(), StoreError> {
        Entity::delete_by_id(id).exec(&self.conn).await?;
        Ok(())
    }

    /// The position of the organisation's latest event a reader may see now: a new
    /// subscription starts after it.
    pub async fn feed_end(&self, org: OrganisationId) -> Result<FeedPosition, StoreError> {
        let mut select =
            event::Entity::find().filter(event::Column::OrganisationId.eq(org.as_uuid()));
        if self.conn.get_database_backend() == DbBackend::Postgres {
            select = select.filter(Expr::col(event::Column::CommitOrder).lt(Expr::cust(
                "pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            )));
        }
        let last = select
            .order_by_desc(event::Column::CommitOrder)
            .order_by_desc(event::Column::Seq)
            .limit(1)
            .one(&self.conn)
            .await?;
        Ok(last.map_or(FeedPosition::default(), |e| FeedPosition {
            commit_order: e.commit_order,
            seq: e.seq,
        }))
    }

    /// Active subscriptions due for delivery at `now` and not leased, up to `limit`: only those
    /// with an event of their organisation waiting past their cursor that they follow (its
    /// project and type), so subscriptions with nothing to deliver never take a turn from those
    /// that have; the furthest behind first, so every one gets its turn.
    pub async fn due_subscriptions(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<Uuid>, StoreError> {
        let waiting = Expr::cust(
            "EXISTS (SELECT 1 FROM events e \
               WHERE e.organisation_id = webhook_subscriptions.organisation_id \
                 AND (e.commit_order > webhook_subscriptions.cursor_commit_order \
                      OR (e.commit_order = webhook_subscriptions.cursor_commit_order \
                          AND e.seq > webhook_subscriptions.cursor_seq)) \
                 AND (webhook_subscriptions.project_id IS NULL \
                      OR e.project_id = webhook_subscriptions.project_id) \
                 AND (webhook_subscriptions.event_types = '' \
                      OR ',' || webhook_subscriptions.event_types || ',' \
                         LIKE '%,' || e.event_type || ',%'))",
        );
        Ok(Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::Status.eq(WebhookStatus::Active.to_string()))
            .filter(
                Condition::any()
                    .add(Column::NextAttemptAt.is_null())
                    .add(Column::NextAttemptAt.lte(now)),
            )
            .filter(
                Condition::any()
                    .add(Column::LeaseUntil.is_null())
                    .add(Column::LeaseUntil.lt(now)),
            )
            .filter(waiting)
            .order_by_asc(Column::CursorCommitOrder)
            .order_by_asc(Column::CursorSeq)
            .limit(limit)
            .into_tuple()
            .all(&self.conn)
            .await?)
    }

    /// Leases a subscription until `until` if no other instance holds it: `true` when this one
    /// now does. One statement, so two instances cannot both win.
    pub async fn lease_subscription(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = Entity::update_many()
            .col_expr(Column::LeaseUntil, Expr::value(Some(until)))
            .filter(Column::Id.eq(id))
            .filter(
                Condition::any()
                    .add(Column::LeaseUntil.is_null())
                    .add(Column::LeaseUntil.lt(now)),
            )
            .exec(&self.conn)
            .await?;
        Ok(done.rows_affected == 1)
    }

    /// Gives a lease back.
    pub async fn release_subscription(&self, id: Uuid) -> Result<(), StoreError> {
        Entity::update_many()
            .col_expr(
                Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(Column::Id.eq(id))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Logs a delivery attempt.
    pub async fn insert_delivery(&self, d: &DeliveryRecord) -> Result<(), StoreError> {
        self.insert_deliveries(std::slice::from_ref(d)).await
    }

    /// Logs delivery attempts, in one statement.
    pub async fn insert_deliveries(&self, all: &[DeliveryRecord]) -> Result<(), StoreError> {
        if all.is_empty() {
            return Ok(());
        }
        delivery::Entity::insert_many(all.iter().map(|d| delivery::ActiveModel {
            id: Set(d.id),
            subscription_id: Set(d.subscription_id),
            event_id: Set(d.event_id),
            event_type: Set(d.event_type.to_string()),
            attempt: Set(d.attempt),
            status_code: Set(d.status_code),
            outcome: Set(if d.delivered { "delivered" } else { "failed" }.to_owned()),
            error: Set(d.error.clone()),
            duration_ms: Set(d.duration_ms),
            at: Set(d.at),
        }))
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A subscription's latest delivery attempts, newest first.
    pub async fn deliveries(
        &self,
        subscription: Uuid,
        limit: u64,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        delivery::Entity::find()
            .filter(delivery::Column::SubscriptionId.eq(subscription))
            .order_by_desc(delivery::Column::At)
            .order_by_desc(delivery::Column::Id)
            .limit(limit)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(delivery_of)
            .collect()
    }

    /// One delivery attempt.
    pub async fn delivery(&self, id: Uuid) -> Result<DeliveryRecord, StoreError> {
        let m = delivery::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        delivery_of(m)
    }
}

fn delivery_of(m: delivery::Model) -> Result<DeliveryRecord, StoreError> {
    Ok(DeliveryRecord {
        id: m.id,
        subscription_id: m.subscription_id,
        event_id: m.event_id,
        event_type: m.event_type.parse().map_err(|e| corrupt("event type", e))?,
        attempt: m.attempt,
        status_code: m.status_code,
        delivered: m.outcome == "delivered",
        error: m.error,
        duration_ms: m.duration_ms,
        at: m.at,
    })
}
