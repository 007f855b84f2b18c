//! Creates that happen once: with an `Idempotency-Key`, a retry gets the first response and a
//! reuse of the key for another request answers 422.
//!
//! The key is stored in the same transaction as the resource. Two concurrent requests with one
//! key: on PostgreSQL the second waits on the key's unique index and then replays the first's
//! response; on SQLite write transactions queue, so the second finds the key already stored.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use askel_persistence::{Conflict, StoreError, StoredResponse, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::extract::IdempotencyKey;
use crate::state::AppState;
use crate::transaction::settle;

/// A created resource's response.
#[derive(Debug)]
pub struct Created {
    status: u16,
    body: String,
    location: Option<String>,
    etag: Option<String>,
}

impl Created {
    /// `201 Created` with `body` at `location`.
    pub fn new(body: &impl Serialize, location: String) -> Result<Self, ApiError> {
        Ok(Self {
            status: 201,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            location: Some(location),
            etag: None,
        })
    }

    /// `200 OK` with `body`: for a create-like request whose answer is a report (a batch).
    pub fn ok(body: &impl Serialize) -> Result<Self, ApiError> {
        Ok(Self {
            status: 200,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            location: None,
            etag: None,
        })
    }

    /// With an `ETag`.
    pub fn with_etag(mut self, etag: String) -> Self {
        self.etag = Some(etag);
        self
    }

    fn response(
        status: u16,
        body: String,
        location: Option<String>,
        etag: Option<String>,
    ) -> HttpResponse {
        let mut r =
            HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED));
        r.content_type("application/json");
        if let Some(l) = location {
            r.insert_header((header::LOCATION, l));
        }
        if let Some(e) = etag {
            r.insert_header((header::ETAG, e));
        }
        r.body(body)
    }

    fn into_response(self) -> HttpResponse {
        Self::response(self.status, self.body, self.location, self.etag)
    }
}

fn replay(stored: StoredResponse, fingerprint: &str) -> Result<HttpResponse, ApiError> {
    if stored.request_hash != fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    Ok(Created::response(
        stored.status,
        stored.body,
        stored.location,
        stored.etag,
    ))
}

async fn stored_response(
    state: &AppState,
    client: &str,
    key: &str,
) -> Result<Option<StoredResponse>, ApiError> {
    let tx = state.db.read().await?;
    Ok(tx.idempotent_response(client, key).await?)
}

/// Runs `create` in a write transaction, once per idempotency key. Nothing is committed
/// unless all of it, the stored response included, succeeded.
pub async fn create_once<F>(
    state: &AppState,
    principal: &Principal,
    req: &HttpRequest,
    IdempotencyKey(key): IdempotencyKey,
    body_digest: [u8; 32],
    create: F,
) -> Result<HttpResponse, ApiError>
where
    F: AsyncFnOnce(&Tx) -> Result<Created, ApiError>,
{
    let tx = state.db.write().await?;
    let Some(key) = key else {
        let created = match create(&tx).await {
            Ok(c) => c,
            Err(e) => {
                drop(tx);
                return Err(settle(state, e).await);
            }
        };
        tx.commit().await?;
        return Ok(created.into_response());
    };
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.path());
    hasher.update(b"\n");
    hasher.update(body_digest);
    let fingerprint = hex::encode(hasher.finalize());

    if let Some(stored) = tx.idempotent_response(&principal.client, &key).await? {
        return replay(stored, &fingerprint);
    }
    let created = match create(&tx).await {
        Ok(c) => c,
        Err(e) => {
            // A concurrent request with this key may have created the same thing first.
            drop(tx);
            let e = settle(state, e).await;
            return match stored_response(state, &principal.client, &key).await? {
                Some(stored) => replay(stored, &fingerprint),
                None => Err(e),
            };
        }
    };
    let stored = StoredResponse {
        request_hash: fingerprint.clone(),
        status: created.status,
        body: created.body.clone(),
        location: created.location.clone(),
        etag: created.etag.clone(),
    };
    match tx
        .insert_idempotent_response(&principal.client, &key, &stored, now())
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(created.into_response())
        }
        Err(StoreError::Conflict(Conflict::IdempotencyKey)) => {
            drop(tx);
            let stored = stored_response(state, &principal.client, &key)
                .await?
                .ok_or_else(|| {
                    ApiError::Conflict(
                        "a request with this Idempotency-Key is being processed; retry".into(),
                    )
                })?;
            replay(stored, &fingerprint)
        }
        Err(e) => Err(e.into()),
    }
}
