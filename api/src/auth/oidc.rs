//! Partners' own sign-in: tokens from OpenID Connect providers (Entra ID, Keycloak, brokers)
//! configured by their issuer URL. Each issuer speaks for one organisation and maps values of one
//! of its claims (groups or roles) to Askel roles; its signing keys come from the JWKS its
//! discovery document names, cached, and fetched again — at most once per refresh interval, with
//! a timeout, under a lock of that issuer's own — when a token names a key not seen yet (the
//! provider rotated). An unreachable provider delays only its own tokens' first requests.
//!
//! `ASKEL_OIDC_ISSUERS`: `;`-separated, each
//! `ISSUER|org=UUID|audience=AUD|claim=groups|map=idp-value:role,idp-value:role`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use askel_domain::Role;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;
use tokio::sync::Mutex;
use uuid::Uuid;

use super::Claims;

/// One trusted issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The `iss` its tokens carry, and where its discovery document is.
    pub issuer: String,
    /// The organisation it speaks for.
    pub organisation: Uuid,
    /// The `aud` its tokens must carry.
    pub audience: String,
    /// The claim holding groups or roles.
    pub claim: String,
    /// A value of that claim → the Askel role it grants.
    pub map: Vec<(String, Role)>,
}

/// The OIDC settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OidcSettings {
    /// The trusted issuers.
    pub issuers: Vec<Issuer>,
    /// Allow `http://` issuers on loopback (tests and development).
    pub allow_http_loopback: bool,
    /// The shortest time between two fetches of one issuer's keys.
    pub refresh_min: Duration,
}

fn entry(text: &str) -> Result<Issuer, String> {
    let mut parts = text.split('|').map(str::trim);
    let issuer = parts
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    if issuer.is_empty() {
        return Err("an entry names no issuer".into());
    }
    let (mut organisation, mut audience, mut claim, mut map) = (None, None, None, Vec::new());
    for part in parts {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("{part:?} is not key=value"))?;
        match key {
            "org" => {
                organisation =
                    Some(Uuid::parse_str(value).map_err(|_| format!("{value:?} is not a UUID"))?);
            }
            "audience" => audience = Some(value.to_owned()),
            "claim" => claim = Some(value.to_owned()),
            "map" => {
                for pair in value.split(',').filter(|p| !p.is_empty()) {
                    let (from, role) = pair
                        .rsplit_once(':')
                        .ok_or_else(|| format!("{pair:?} is not value:role"))?;
                    let role: Role = role
                        .parse()
                        .map_err(|_| format!("{role:?} is not an Askel role"))?;
                    if role == Role::Admin {
                        return Err("an identity provider cannot grant admin".into());
                    }
                    map.push((from.to_owned(), role));
                }
            }
            other => return Err(format!("{other:?} is not one of org, audience, claim, map")),
        }
    }
    Ok(Issuer {
        issuer,
        organisation: organisation.ok_or("an issuer needs org=")?,
        audience: audience.ok_or("an issuer needs audience=")?,
        claim: claim.unwrap_or_else(|| "groups".to_owned()),
        map,
    })
}

impl OidcSettings {
    /// Parses `ASKEL_OIDC_ISSUERS`.
    pub fn parse(
        text: &str,
        allow_http_loopback: bool,
        refresh_min: Duration,
    ) -> Result<Self, String> {
        let issuers = text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(entry)
            .collect::<Result<Vec<_>, _>>()?;
        for i in &issuers {
            let url = reqwest::Url::parse(&i.issuer)
                .map_err(|_| format!("{:?} is not a URL", i.issuer))?;
            let loopback = url
                .host_str()
                .is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]");
            if url.scheme() != "https" && !(allow_http_loopback && loopback) {
                return Err(format!("{:?} is not an https issuer", i.issuer));
            }
        }
        Ok(Self {
            issuers,
            allow_http_loopback,
            refresh_min,
        })
    }
}

/// One issuer's keys: read under a short lock that no network call is made under; a fetch
/// holds `fetching` instead, which only tokens naming a key not yet seen wait for.
#[derive(Debug, Default)]
struct Cached {
    keys: std::sync::Mutex<KeySet>,
    fetching: Mutex<()>,
}

#[derive(Debug, Default)]
struct KeySet {
    keys: Option<Arc<JwkSet>>,
    fetched: Option<Instant>,
}

impl Cached {
    fn set(&self) -> std::sync::MutexGuard<'_, KeySet> {
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The key set, if it names `kid`.
    fn with(&self, kid: &str) -> Option<Arc<JwkSet>> {
        self.set()
            .keys
            .clone()
            .filter(|keys| keys.find(kid).is_some())
    }
}

/// The issuers and their cached keys.
#[derive(Debug)]
pub struct Oidc {
    settings: OidcSettings,
    cache: HashMap<String, Arc<Cached>>,
    client: reqwest::Client,
}

/// How long a provider may take to answer.
const FETCH_TIMEOUT: Duration = Duration::from_secs(3);

impl Oidc {
    /// The verifier for the settings.
    pub fn new(settings: OidcSettings) -> Self {
        crate::install_tls_provider();
        let cache = settings
            .issuers
            .iter()
            .map(|i| (i.issuer.clone(), Arc::new(Cached::default())))
            .collect();
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap_or_default();
        Self {
            settings,
            cache,
            client,
        }
    }

    /// The issuer a token names, if it is one of ours (read before any check).
    /// Nothing is decoded when no issuer is configured, and only `iss` when one is: this runs
    /// before every request's own check (a whole claims document decoded here was a fortieth of
    /// the participant read's server time).
    pub fn issuer_of(&self, token: &str) -> Option<&Issuer> {
        #[derive(serde::Deserialize)]
        struct Named {
            iss: Option<String>,
        }
        if self.settings.issuers.is_empty() {
            return None;
        }
        let named: Named = jsonwebtoken::dangerous::insecure_decode_claims(token).ok()?;
        let iss = named.iss?;
        let iss = iss.trim_end_matches('/');
        self.settings.issuers.iter().find(|i| i.issuer == iss)
    }

    async fn fetch(&self, issuer: &Issuer) -> Result<JwkSet, &'static str> {
        let discovery: Value = self
            .client
            .get(format!(
                "{}/.well-known/openid-configuration",
                issuer.issuer
            ))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|_| "the token's identity provider could not be reached")?
            .json()
            .await
            .map_err(|_| "the identity provider's discovery document is not valid")?;
        let jwks_uri = discovery
            .get("jwks_uri")
            .and_then(Value::as_str)
            .ok_or("the identity provider names no jwks_uri")?;
        if !same_origin(&issuer.issuer, jwks_uri) {
            return Err("the identity provider's jwks_uri is not on the issuer's own origin");
        }
        self.client
            .get(jwks_uri)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|_| "the identity provider's keys could not be fetched")?
            .json()
            .await
            .map_err(|_| "the identity provider's keys are not valid")
    }

    /// The key `kid` of `issuer`: from the cache, or fetched when unknown (no more often than
    /// the refresh interval). Tokens with a known key never wait for a fetch in progress.
    async fn key(
        &self,
        issuer: &Issuer,
        kid: &str,
    ) -> Result<(DecodingKey, Algorithm), &'static str> {
        let slot = self
            .cache
            .get(&issuer.issuer)
            .ok_or("the token is from an unknown issuer")?;
        let keys = match slot.with(kid) {
            Some(keys) => keys,
            None => {
                // One fetch at a time per issuer; whoever waited looks again first.
                let _fetching = slot.fetching.lock().await;
                match slot.with(kid) {
                    Some(keys) => keys,
                    None => {
                        let may_fetch = slot
                            .set()
                            .fetched
                            .is_none_or(|at| at.elapsed() >= self.settings.refresh_min);
                        if may_fetch {
                            slot.set().fetched = Some(Instant::now());
                            let fetched = Arc::new(self.fetch(issuer).await?);
                            slot.set().keys = Some(Arc::clone(&fetched));
                            fetched
                        } else {
                            slot.set().keys.clone().unwrap_or_default()
                        }
                    }
                }
            }
        };
        let jwk = keys
            .find(kid)
            .ok_or("the token is signed with a key its identity provider does not publish")?;
        let algorithm = jwk
            .common
            .key_algorithm
            .and_then(|a| Algorithm::try_from(a).ok())
            .unwrap_or(Algorithm::RS256);
        let key =
            DecodingKey::from_jwk(jwk).map_err(|_| "the identity provider's key is not usable")?;
        Ok((key, algorithm))
    }

    /// Verifies a token of `issuer`: signature by its published key, `iss`, `aud`, times; then
    /// its organisation and roles by the issuer's binding. The subject becomes
    /// `oidc:<issuer>#<sub>`, which the audit trail records.
    pub async fn verify(
        &self,
        issuer: &Issuer,
        token: &str,
        max_lifetime: u64,
    ) -> Result<Claims, &'static str> {
        let header = super::token_rules::header(token)?;
        let kid = header.kid.clone().ok_or("the token names no key (kid)")?;
        let (key, algorithm) = self.key(issuer, &kid).await?;
        let expected = super::token_rules::Expected {
            issuers: &[&issuer.issuer, &format!("{}/", issuer.issuer)],
            audience: &issuer.audience,
            max_lifetime,
        };
        let claims = super::token_rules::claims(
            token,
            &header,
            &key,
            algorithm,
            expected,
            jsonwebtoken::get_current_timestamp(),
        )?;
        let number = |name: &str| claims.get(name).and_then(Value::as_u64);
        let (exp, iat) = (number("exp").unwrap_or(0), number("iat").unwrap_or(0));
        if let Some(org) = claims.get("org").and_then(Value::as_str)
            && Uuid::parse_str(org).ok() != Some(issuer.organisation)
        {
            return Err("the token names an organisation its identity provider does not speak for");
        }
        let granted: Vec<Role> = values(claims.get(&issuer.claim))
            .iter()
            .filter_map(|v| {
                issuer
                    .map
                    .iter()
                    .find(|(from, _)| from == v)
                    .map(|(_, r)| *r)
            })
            .collect();
        if let Some(asked) = claims.get("roles")
            && issuer.claim != "roles"
            && values(Some(asked))
                .iter()
                .any(|r| r.parse::<Role>().map_or(true, |r| !granted.contains(&r)))
        {
            return Err("the token asks for roles outside its identity provider's mapping");
        }
        if granted.is_empty() {
            return Err("the token grants no Askel role under its identity provider's mapping");
        }
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(Claims {
            sub: format!("oidc:{}#{sub}", issuer.issuer),
            org: Some(issuer.organisation),
            roles: granted.iter().map(ToString::to_string).collect(),
            iss: issuer.issuer.clone(),
            aud: issuer.audience.clone(),
            exp,
            iat,
            act: None,
            nbf: number("nbf"),
            iat_micros: None,
            client_id: None,
        })
    }
}

/// Whether `url` has the scheme, host and port of `issuer` (so keys come only from where the
/// issuer was configured, over the same https or allowed loopback http).
fn same_origin(issuer: &str, url: &str) -> bool {
    match (reqwest::Url::parse(issuer), reqwest::Url::parse(url)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin() && b.username().is_empty(),
        _ => false,
    }
}

/// A claim's values: an array of strings, or one space-separated string.
fn values(claim: Option<&Value>) -> Vec<String> {
    match claim {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
