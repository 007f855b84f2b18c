//! Idempotency keys: the first response to a create, kept so a retry gets it again.
//!
//! A key belongs to one caller (organisation and subject) and one operation: two
//! organisations' clients with the same subject, or one client's two operations, never share a
//! stored response. The key is inserted in the same transaction as the resource it creates. A
//! concurrent retry with the same key waits on the unique index until the first commits, then
//! finds the stored response; if the first rolls back, the retry proceeds as the first.

use crate::repositories::Idempotency;
use askel_domain::ParticipantId;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::idempotency_key::{self, Column, Entity};

/// The status kept for a response whose data was removed by anonymisation.
pub const FORGOTTEN: u16 = 0;

/// Whose key it is and for what: the caller's organisation ("" for none), the token's
/// subject, the operation (method and route template) and the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyScope {
    /// The caller's organisation id, "" for the platform operator.
    pub organisation: String,
    /// The token's subject.
    pub subject: String,
    /// Method and route template.
    pub operation: String,
    /// The `Idempotency-Key`.
    pub key: String,
}

/// A response stored under an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// Hash of the request that produced it.
    pub request_hash: String,
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
    /// `Location` header, if any.
    pub location: Option<String>,
    /// `ETag` header, if any.
    pub etag: Option<String>,
    /// The participant whose data the body holds: a replay re-checks access to it.
    pub participant: Option<ParticipantId>,
    /// The referral whose view the body is: a replay re-checks the caller's side of it.
    pub referral: Option<uuid::Uuid>,
}

impl Idempotency<'_> {
    /// Stores the response given under `scope`; a key already stored is a conflict.
    pub async fn insert_idempotent_response(
        &self,
        scope: &IdempotencyScope,
        response: &StoredResponse,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Entity::insert(idempotency_key::ActiveModel {
            organisation: Set(scope.organisation.clone()),
            subject: Set(scope.subject.clone()),
            operation: Set(scope.operation.clone()),
            key: Set(scope.key.clone()),
            participant_id: Set(response.participant.map(ParticipantId::as_uuid)),
            referral_id: Set(response.referral),
            request_hash: Set(response.request_hash.clone()),
            status: Set(i32::from(response.status)),
            body: Set(response.body.clone()),
            location: Set(response.location.clone()),
            etag: Set(response.etag.clone()),
            created_at: Set(now),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// The response stored under `scope`, if any.
    pub async fn idempotent_response(
        &self,
        scope: &IdempotencyScope,
    ) -> Result<Option<StoredResponse>, StoreError> {
        let row = Entity::find_by_id((
            scope.organisation.clone(),
            scope.subject.clone(),
            scope.operation.clone(),
            scope.key.clone(),
        ))
        .one(&self.conn)
        .await?;
        Ok(row.map(|m| StoredResponse {
            request_hash: m.request_hash,
            status: u16::try_from(m.status).unwrap_or(200),
            body: m.body,
            location: m.location,
            etag: m.etag,
            participant: m.participant_id.map(ParticipantId::from_uuid),
            referral: m.referral_id,
        }))
    }

    /// Empties every stored response that holds the participant's data — those recorded as
    /// about it, and any other whose body names it (a batch import's summary) — keeping the
    /// key with [`FORGOTTEN`] as its status, so that a retry neither sees the data nor creates
    /// the person anew.
    pub async fn forget_idempotent_responses(&self, id: ParticipantId) -> Result<(), StoreError> {
        use sea_orm::sea_query::Expr;
        Entity::update_many()
            .col_expr(Column::Status, Expr::value(i32::from(FORGOTTEN)))
            .col_expr(Column::Body, Expr::value(""))
            .col_expr(Column::Location, Expr::value(Option::<String>::None))
            .col_expr(Column::Etag, Expr::value(Option::<String>::None))
            .filter(
                Condition::any()
                    .add(Column::ParticipantId.eq(id.as_uuid()))
                    .add(Column::Body.contains(id.as_uuid().to_string())),
            )
            .exec(&self.conn)
            .await?;
        Ok(())
    }
}
