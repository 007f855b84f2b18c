//! API clients: registration and the client-credentials grant.

use askel_domain::{ApiClient, ApiClientId, Name, OrganisationId, Role};
use askel_persistence::StoreError;

use crate::auth::{Acting, Busy, Claims, Keys, generate_secret, hash_secret};
use crate::clock::now;
use crate::error::{ApiError, OrNotFound};
use crate::state::AppState;

/// What a token grants: a subject with roles in an organisation, for a time, perhaps on
/// someone's behalf (`act`).
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    /// The subject.
    pub sub: &'a str,
    /// Its organisation (none for the platform operator).
    pub org: Option<OrganisationId>,
    /// Its roles.
    pub roles: &'a [Role],
    /// How long the token is valid.
    pub ttl_seconds: u64,
    /// The person a service acts for.
    pub act: Option<&'a str>,
}

/// Signs a token for what `grant` grants.
pub fn mint(keys: &Keys, grant: Grant<'_>) -> Result<String, ApiError> {
    sign(keys, grant, None)
}

fn sign(keys: &Keys, grant: Grant<'_>, client_id: Option<String>) -> Result<String, ApiError> {
    let issued = chrono::Utc::now();
    let iat = u64::try_from(issued.timestamp()).unwrap_or_default();
    let claims = Claims {
        sub: grant.sub.to_owned(),
        org: grant.org.map(OrganisationId::as_uuid),
        roles: grant.roles.iter().map(ToString::to_string).collect(),
        iss: keys.issuer().to_owned(),
        aud: keys.audience().to_owned(),
        exp: iat.saturating_add(grant.ttl_seconds),
        iat,
        act: grant.act.map(|sub| Acting {
            sub: sub.to_owned(),
        }),
        nbf: None,
        iat_micros: client_id.as_ref().map(|_| issued.timestamp_micros()),
        client_id,
    };
    keys.sign(&claims).map_err(ApiError::internal)
}

/// A client just registered, with its secret in the clear (shown this once).
#[derive(Debug, Clone)]
pub struct Registered {
    /// The client.
    pub client: ApiClient,
    /// Its secret.
    pub secret: String,
}

/// Registers a client and returns it with its secret, which is shown this once.
pub async fn register(
    state: &AppState,
    name: Name,
    organisation: Option<OrganisationId>,
    roles: Vec<Role>,
) -> Result<Registered, ApiError> {
    let secret = generate_secret();
    let client = ApiClient {
        id: ApiClientId::new(),
        name,
        organisation_id: organisation,
        roles,
        secret_hash: hash_secret(&secret).map_err(ApiError::internal)?,
        created_at: now(),
    };
    crate::transaction::outside::write_in(&state.db, async |tx| {
        if let Some(org) = organisation
            && !tx
                .organisations()
                .missing_organisations(&[org])
                .await?
                .is_empty()
        {
            return Err(ApiError::invalid("org", "no organisation has this id"));
        }
        Ok(tx.clients().insert_api_client(&client).await?)
    })
    .await?;
    Ok(Registered { client, secret })
}

/// The client-credentials grant: a token carrying the client's organisation and roles. An
/// unknown client and a wrong secret get the same answer after the same effort.
///
/// Before any hashing, one failure is taken in advance from the caller's address and from the
/// `client_id` (429 when either has none left); a success gives both back. The hashing itself
/// waits for one of a few slots (503 when none comes free in time).
pub async fn issue_token(
    state: &AppState,
    address: &str,
    client_id: &str,
    secret: &str,
) -> Result<IssuedToken, ApiError> {
    const REFUSED: &str = "unknown client or wrong secret";
    let keys = [
        format!("secret-address:{address}"),
        format!("secret-client:{client_id}"),
    ];
    let now = std::time::Instant::now();
    for (i, key) in keys.iter().enumerate() {
        if let Err(wait) = state.auth_failures.check(key, now) {
            for taken in &keys[..i] {
                state.auth_failures.refund(taken);
            }
            return Err(ApiError::TooManyRequests(
                crate::rate_limit::retry_after_seconds(wait),
                crate::metrics::Limit::AuthFailures,
            ));
        }
    }
    let client = match uuid::Uuid::parse_str(client_id) {
        Ok(id) => {
            let id = ApiClientId::from_uuid(id);
            crate::transaction::outside::read_in(&state.db, async |tx| {
                match tx.clients().api_client(id).await {
                    Ok(c) => Ok(Some((c, tx.clients().api_client_standing(id).await?))),
                    Err(StoreError::NotFound) => Ok(None),
                    Err(e) => Err::<_, ApiError>(e.into()),
                }
            })
            .await?
        }
        Err(_) => None,
    };
    let hash = client.as_ref().map(|(c, _)| c.secret_hash.clone());
    let verified = match state.secrets.verify(secret.to_owned(), hash).await {
        Ok(v) => v,
        Err(Busy) => {
            for key in &keys {
                state.auth_failures.refund(key);
            }
            return Err(ApiError::Busy(1));
        }
    };
    let Some((client, standing)) = client.filter(|_| verified) else {
        return Err(ApiError::Unauthorized(REFUSED));
    };
    for key in &keys {
        state.auth_failures.refund(key);
    }
    if standing.disabled {
        return Err(ApiError::Unauthorized("this API client is disabled"));
    }
    let id = client.id.to_string();
    let grant = Grant {
        sub: &id,
        org: client.organisation_id,
        roles: &client.roles,
        ttl_seconds: state.token_ttl_seconds,
        act: None,
    };
    let token = sign(&state.keys, grant, Some(id.clone()))?;
    Ok(IssuedToken {
        token,
        expires_in: state.token_ttl_seconds,
    })
}

/// A bearer token issued to a client.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The signed token (a JWT).
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// Disables client `id`: its tokens are refused at once, and it gets no new ones.
pub async fn disable(state: &AppState, id: ApiClientId) -> Result<(), ApiError> {
    crate::transaction::outside::write_in(&state.db, async |tx| {
        tx.clients()
            .disable_api_client(id, now())
            .await
            .or_not_found("API client")
    })
    .await?;
    state.clients.forget(id);
    Ok(())
}

/// Gives client `id` a new secret, shown this once; the old secret stops working and tokens
/// issued before now are refused.
pub async fn rotate(state: &AppState, id: ApiClientId) -> Result<String, ApiError> {
    let secret = generate_secret();
    let hash = hash_secret(&secret).map_err(ApiError::internal)?;
    crate::transaction::outside::write_in(&state.db, async |tx| {
        tx.clients()
            .rotate_api_client_secret(id, &hash, now())
            .await
            .or_not_found("API client")
    })
    .await?;
    state.clients.forget(id);
    Ok(secret)
}
