//! Idempotency keys: the first response to a create, kept so a retry gets it again.
//!
//! The key is inserted in the same transaction as the resource it creates. A concurrent retry
//! with the same key waits on the unique index until the first commits, then finds the stored
//! response; if the first rolls back, the retry proceeds as the first.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

use crate::entities::idempotency_key::{self, Entity};
use crate::{StoreError, Tx};

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
}

impl Tx {
    /// Stores the response given under `(client, key)`; a key already stored is a conflict.
    pub async fn insert_idempotent_response(
        &self,
        client: &str,
        key: &str,
        response: &StoredResponse,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Entity::insert(idempotency_key::ActiveModel {
            client: Set(client.to_owned()),
            key: Set(key.to_owned()),
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

    /// The response stored under `(client, key)`, if any.
    pub async fn idempotent_response(
        &self,
        client: &str,
        key: &str,
    ) -> Result<Option<StoredResponse>, StoreError> {
        let row = Entity::find_by_id((client.to_owned(), key.to_owned()))
            .one(&self.conn)
            .await?;
        Ok(row.map(|m| StoredResponse {
            request_hash: m.request_hash,
            status: u16::try_from(m.status).unwrap_or(200),
            body: m.body,
            location: m.location,
            etag: m.etag,
        }))
    }
}
