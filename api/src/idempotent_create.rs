//! A create operation as a route declares it: `IdempotentCreate` extracts what every create
//! needs — the state, the caller, the request and its `Idempotency-Key` — as the routes took
//! them before (the same extractors, polled in the same order, so the same fault answers), and
//! runs the create once per key (`idempotency::create_once`). The route keeps only its own
//! part: reading the body into a domain command and mapping the result to the wire.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::IdempotencyKey;
use crate::idempotency::{Created, create_once};
use crate::state::AppState;
use crate::transaction::Work;

/// The context of a create: who asks, in which request, under which idempotency key.
#[derive(Debug)]
pub struct IdempotentCreate {
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    key: IdempotencyKey,
}

impl FromRequest for IdempotentCreate {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let parts = <(Data<AppState>, Principal, IdempotencyKey)>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let (state, principal, key) = parts.await?;
            Ok(Self {
                state,
                principal,
                req,
                key,
            })
        })
    }
}

impl IdempotentCreate {
    /// Who asks.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The server's state (a shared handle).
    pub fn state(&self) -> Data<AppState> {
        self.state.clone()
    }

    /// Runs `create` once for the request's idempotency key (`body_digest` tells a reused key
    /// with another body): a retried request gets the stored answer.
    pub async fn run(
        self,
        body_digest: [u8; 32],
        create: impl AsyncFnOnce(&Work) -> Result<Created, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        let Self {
            state,
            principal,
            req,
            key,
        } = self;
        create_once(&state, &principal, &req, key, body_digest, create).await
    }

    /// [`Self::run_personal`], trying `unlocked` first when the request carries no key (so has
    /// no answer to keep with its change): a create that stores itself outside the runner, in
    /// one write on condition that nothing changed since it read (`None` when something had;
    /// then `create` runs as usual).
    pub async fn run_personal_unlocked(
        self,
        body_digest: [u8; 32],
        unlocked: impl AsyncFnOnce(&AppState, &Principal) -> Result<Option<Created>, ApiError>,
        create: impl AsyncFnOnce(&Work) -> Result<Created, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        if self.key.0.is_none()
            && let Some(created) = unlocked(&self.state, &self.principal).await?
        {
            return Ok(crate::cache_control::no_store(created.into_response()));
        }
        self.run_personal(body_digest, create).await
    }

    /// [`Self::run`] for an answer holding personal data, which caches must not keep.
    pub async fn run_personal(
        self,
        body_digest: [u8; 32],
        create: impl AsyncFnOnce(&Work) -> Result<Created, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        self.run(body_digest, create)
            .await
            .map(crate::cache_control::no_store)
    }
}
