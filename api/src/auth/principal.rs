//! The authenticated caller, extracted from the bearer token of every `/v1` request.

use std::future::{Ready, ready};

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
        .map_err(|wait| ApiError::TooManyRequests(crate::rate_limit::retry_after_seconds(wait)))
}

fn authenticate(req: &HttpRequest) -> Result<Principal, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
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
    let claims = state.keys.verify(token).map_err(ApiError::Unauthorized)?;
    limit(state, &format!("client:{}", claims.sub))?;
    Ok(Principal {
        client: claims.sub,
        organisation: claims.org.map(OrganisationId::from_uuid),
        roles: claims.roles.iter().filter_map(|r| r.parse().ok()).collect(),
        acting_for: claims.act.map(|a| a.sub),
    })
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}
