//! The authenticated caller, extracted from the bearer token of every `/v1` request.

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use askel_domain::policy::{self, Action, Relation};
use askel_domain::{OrganisationId, Role};

use crate::error::ApiError;
use crate::state::AppState;

/// Who is calling: the API client, its organisation, its roles, and the person it acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The API client (`sub`).
    pub client: String,
    /// The client's organisation.
    pub organisation: Option<OrganisationId>,
    /// Roles the token grants (unknown role codes are ignored: least privilege).
    pub roles: Vec<Role>,
    /// The person acted for (`act.sub`).
    pub acting_for: Option<String>,
}

impl Principal {
    /// Whether the policy lets this caller take `action` as `relation`.
    pub fn may(&self, action: Action, relation: Relation) -> bool {
        policy::permits(&self.roles, action, relation)
    }

    /// Refuses with 403 unless the policy lets this caller take `action` as `relation`.
    pub fn require(
        &self,
        action: Action,
        relation: Relation,
        why: &'static str,
    ) -> Result<(), ApiError> {
        if self.may(action, relation) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(why))
        }
    }
}

/// Counts one request against `key`'s rate limit.
pub fn limit(state: &AppState, key: &str) -> Result<(), ApiError> {
    state
        .rate_limit
        .check(key, std::time::Instant::now())
        .map_err(|wait| {
            ApiError::TooManyRequests(
                crate::rate_limit::retry_after_seconds(wait),
                crate::metrics::Limit::Rate,
            )
        })
}

/// The bearer token of `req`, checked: signature, times and binding by the keys, then (for a
/// token issued to an API client) the client's standing. Failed attempts are counted per
/// client address, and an address over its limit is refused before its token is looked at.
async fn authenticate(req: HttpRequest) -> Result<Principal, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?
        .clone();
    let failures_key = format!("bearer-address:{}", state.trusted_proxies.of(&req));
    // A look before, a count only on failure: a partner's many concurrent good requests from
    // one address never use up its allowance of failures.
    let now = std::time::Instant::now();
    if let Err(wait) = state.auth_failures.peek(&failures_key, now) {
        return Err(ApiError::TooManyRequests(
            crate::rate_limit::retry_after_seconds(wait),
            crate::metrics::Limit::AuthFailures,
        ));
    }
    let claims = match verify(&state, &req).await {
        Ok(claims) => claims,
        Err(e) => {
            if matches!(e, ApiError::Unauthorized(_)) {
                let _ = state.auth_failures.check(&failures_key, now);
            }
            return Err(e);
        }
    };
    // Scoped like idempotency keys: two organisations' clients may share a subject.
    let org = claims.org.map(|o| o.to_string()).unwrap_or_default();
    limit(&state, &format!("client:{org}:{}", claims.sub))?;
    Ok(Principal {
        client: claims.sub,
        organisation: claims.org.map(OrganisationId::from_uuid),
        roles: claims.roles.iter().filter_map(|r| r.parse().ok()).collect(),
        acting_for: claims.act.map(|a| a.sub),
    })
}

async fn verify(state: &AppState, req: &HttpRequest) -> Result<super::Claims, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthorized(
            "an Authorization: Bearer token is required",
        ))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized(
            "the Authorization header must be 'Bearer <token>'",
        ))?;
    if let Some(issuer) = state.oidc.issuer_of(token) {
        return state
            .oidc
            .verify(issuer, token, state.max_token_lifetime)
            .await
            .map_err(ApiError::Unauthorized);
    }
    let claims = state.keys.verify(token).map_err(ApiError::Unauthorized)?;
    if let Some(client) = &claims.client_id {
        let id = uuid::Uuid::parse_str(client)
            .map(askel_domain::ApiClientId::from_uuid)
            .map_err(|_| ApiError::Unauthorized("the token names no known API client"))?;
        match state
            .clients
            .check(&state.db, id, claims.iat, claims.iat_micros)
            .await
        {
            Ok(()) => {}
            Err(super::CheckError::Revoked(why)) => {
                return Err(ApiError::Unauthorized(why.reason()));
            }
            Err(super::CheckError::Store(e)) => return Err(e.into()),
        }
    }
    Ok(claims)
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}
