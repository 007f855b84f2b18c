//! Creates that happen once: with an `Idempotency-Key`, a retry gets the first response and a
//! reuse of the key for another request answers 422.
//!
//! A key belongs to the caller's organisation and subject and to the operation, so no other
//! caller can replay it. A stored response that holds a participant's data is replayed only
//! after the caller's access to that participant is checked again, and the replay is audited as
//! a read: a transfer or a lost role since the first request answers 404, as a read would.
//!
//! The key is stored in the same transaction as the resource. Two concurrent requests with one
//! key: on PostgreSQL the second waits on the key's unique index and then replays the first's
//! response; on SQLite write transactions queue, so the second finds the key already stored.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use askel_domain::{Action, AuditAction, ParticipantId};
use askel_persistence::{Conflict, FORGOTTEN, IdempotencyScope, StoreError, StoredResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::extract::IdempotencyKey;
use crate::services::participant_access::load_for;
use crate::services::referrals;
use crate::state::AppState;
use crate::transaction::{Work, settle};

/// A created resource's response.
#[derive(Debug)]
pub struct Created {
    status: u16,
    body: String,
    /// What a replay answers, when it must differ from the first answer (a secret shown once).
    replay_body: Option<String>,
    location: Option<String>,
    etag: Option<String>,
    participant: Option<ParticipantId>,
    referral: Option<uuid::Uuid>,
}

impl Created {
    /// `201 Created` with `body` at `location`.
    pub fn new(body: &impl Serialize, location: String) -> Result<Self, ApiError> {
        Ok(Self {
            status: 201,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            replay_body: None,
            location: Some(location),
            etag: None,
            participant: None,
            referral: None,
        })
    }

    /// `200 OK` with `body`: for a create-like request whose answer is a report (a batch).
    pub fn ok(body: &impl Serialize) -> Result<Self, ApiError> {
        Ok(Self {
            status: 200,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            replay_body: None,
            location: None,
            etag: None,
            participant: None,
            referral: None,
        })
    }

    /// Holding the data of `participant`: a replay re-checks the caller's access to it.
    pub fn about(mut self, participant: ParticipantId) -> Self {
        self.participant = Some(participant);
        self
    }

    /// A side's view of referral `id` about `participant`: a replay re-checks the caller's side.
    pub fn about_referral(mut self, id: uuid::Uuid, participant: ParticipantId) -> Self {
        self.referral = Some(id);
        self.participant = Some(participant);
        self
    }

    /// Replayed as `body` instead of the first answer: for an answer holding a secret that is
    /// shown once and never stored in the clear.
    pub fn replayed_as(mut self, body: &impl Serialize) -> Result<Self, ApiError> {
        self.replay_body = Some(serde_json::to_string(body).map_err(ApiError::internal)?);
        Ok(self)
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

    pub(crate) fn into_response(self) -> HttpResponse {
        Self::response(self.status, self.body, self.location, self.etag)
    }
}

/// The stored response for a retry: refused if the key was used for another request; for a
/// response about a participant, only while the caller may still read it, and audited so.
async fn replay(
    work: Work<'_>,
    state: &AppState,
    stored: StoredResponse,
    fingerprint: &str,
) -> Result<HttpResponse, ApiError> {
    if stored.request_hash != fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    if stored.status == FORGOTTEN {
        return Err(ApiError::Conflict(
            "what this Idempotency-Key created has since been anonymised; nothing was repeated"
                .into(),
        ));
    }
    if let Some(participant) = stored.participant {
        let checked = async {
            let (resource, id, participant) = match stored.referral {
                Some(referral) => (
                    "referral",
                    referral,
                    referrals::may_read(&work, referral).await?,
                ),
                None => {
                    load_for(
                        &work,
                        participant,
                        Action::ReadParticipant,
                        AuditAction::Read,
                    )
                    .await?;
                    ("participant", participant.as_uuid(), participant)
                }
            };
            audit::record_allowed(&work, AuditAction::Read, resource, id, participant).await?;
            Ok::<_, ApiError>(())
        }
        .await;
        if let Err(e) = checked {
            drop(work);
            return Err(settle(state, e).await);
        }
        work.commit().await?;
    }
    Ok(Created::response(
        stored.status,
        stored.body,
        stored.location,
        stored.etag,
    ))
}

/// The caller's, the operation's and the request's key.
fn scope(principal: &Principal, req: &HttpRequest, key: String) -> IdempotencyScope {
    IdempotencyScope {
        organisation: principal
            .organisation
            .map(|o| o.to_string())
            .unwrap_or_default(),
        subject: principal.client.clone(),
        operation: format!(
            "{} {}",
            req.method(),
            req.match_pattern().unwrap_or_else(|| req.path().to_owned())
        ),
        key,
    }
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
    F: AsyncFnOnce(&Work) -> Result<Created, ApiError>,
{
    let work = crate::transaction::begin_write(state, principal).await?;
    let Some(key) = key else {
        let created = match create(&work).await {
            Ok(c) => c,
            Err(e) => {
                drop(work);
                return Err(settle(state, e).await);
            }
        };
        work.commit().await?;
        return Ok(created.into_response());
    };
    let scope = scope(principal, req, key);
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.path());
    hasher.update(b"\n");
    hasher.update(body_digest);
    let fingerprint = hex::encode(hasher.finalize());

    if let Some(stored) = work.idempotency().idempotent_response(&scope).await? {
        return replay(work, state, stored, &fingerprint).await;
    }
    let created = match create(&work).await {
        Ok(c) => c,
        Err(e) => {
            // A concurrent request with this key may have created the same thing first.
            drop(work);
            let e = settle(state, e).await;
            let work = crate::transaction::begin_write(state, principal).await?;
            return match work.idempotency().idempotent_response(&scope).await? {
                Some(stored) => replay(work, state, stored, &fingerprint).await,
                None => Err(e),
            };
        }
    };
    let stored = StoredResponse {
        request_hash: fingerprint.clone(),
        status: created.status,
        body: created
            .replay_body
            .clone()
            .unwrap_or_else(|| created.body.clone()),
        location: created.location.clone(),
        etag: created.etag.clone(),
        participant: created.participant,
        referral: created.referral,
    };
    match work
        .idempotency()
        .insert_idempotent_response(&scope, &stored, now())
        .await
    {
        Ok(()) => {
            work.commit().await?;
            Ok(created.into_response())
        }
        Err(StoreError::Conflict(Conflict::IdempotencyKey)) => {
            drop(work);
            let work = crate::transaction::begin_write(state, principal).await?;
            let stored = work
                .idempotency()
                .idempotent_response(&scope)
                .await?
                .ok_or_else(|| {
                    ApiError::Conflict(
                        "a request with this Idempotency-Key is being processed; retry".into(),
                    )
                })?;
            replay(work, state, stored, &fingerprint).await
        }
        Err(e) => Err(e.into()),
    }
}
