//! API clients: registration and the client-credentials grant.

use askel_domain::{ApiClient, ApiClientId, Name, OrganisationId, Role};
use askel_openapi::auth::TokenResponse;
use askel_persistence::StoreError;

use crate::auth::{Acting, Claims, Keys, generate_secret, hash_secret, verify_secret};
use crate::clock::now;
use crate::error::ApiError;
use crate::state::AppState;

/// Signs a token for `sub` with `roles` in `org`, valid for `ttl_seconds`.
pub fn mint(
    keys: &Keys,
    sub: &str,
    org: Option<OrganisationId>,
    roles: &[Role],
    ttl_seconds: u64,
    act: Option<String>,
) -> Result<String, ApiError> {
    let iat = jsonwebtoken::get_current_timestamp();
    let claims = Claims {
        sub: sub.to_owned(),
        org: org.map(OrganisationId::as_uuid),
        roles: roles.iter().map(ToString::to_string).collect(),
        iss: keys.issuer().to_owned(),
        aud: keys.audience().to_owned(),
        exp: iat.saturating_add(ttl_seconds),
        iat,
        act: act.map(|sub| Acting { sub }),
    };
    keys.sign(&claims).map_err(ApiError::internal)
}

/// Registers a client and returns it with its secret, which is shown this once.
pub async fn register(
    state: &AppState,
    name: Name,
    organisation: Option<OrganisationId>,
    roles: Vec<Role>,
) -> Result<(ApiClient, String), ApiError> {
    let secret = generate_secret();
    let client = ApiClient {
        id: ApiClientId::new(),
        name,
        organisation_id: organisation,
        roles,
        secret_hash: hash_secret(&secret).map_err(ApiError::internal)?,
        created_at: now(),
    };
    let tx = state.db.write().await?;
    if let Some(org) = organisation
        && !tx.missing_organisations(&[org]).await?.is_empty()
    {
        return Err(ApiError::Invalid(vec![askel_openapi::FieldError {
            field: "org".into(),
            message: "no organisation has this id".into(),
        }]));
    }
    tx.insert_api_client(&client).await?;
    tx.commit().await?;
    Ok((client, secret))
}

/// The client-credentials grant: a token carrying the client's organisation and roles. An
/// unknown client and a wrong secret get the same answer after the same effort.
pub async fn issue_token(
    state: &AppState,
    client_id: &str,
    secret: &str,
) -> Result<TokenResponse, ApiError> {
    const REFUSED: &str = "unknown client or wrong secret";
    let client = match uuid::Uuid::parse_str(client_id) {
        Ok(id) => {
            let tx = state.db.read().await?;
            match tx.api_client(ApiClientId::from_uuid(id)).await {
                Ok(c) => Some(c),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            }
        }
        Err(_) => None,
    };
    let secret = secret.to_owned();
    let hash = client.as_ref().map(|c| c.secret_hash.clone());
    // Argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let verified = actix_web::web::block(move || verify_secret(&secret, hash.as_deref()))
        .await
        .map_err(ApiError::internal)?;
    let client = client
        .filter(|_| verified)
        .ok_or(ApiError::Unauthorized(REFUSED))?;
    let token = mint(
        &state.keys,
        &client.id.to_string(),
        client.organisation_id,
        &client.roles,
        state.token_ttl_seconds,
        None,
    )?;
    Ok(TokenResponse {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: state.token_ttl_seconds,
    })
}
