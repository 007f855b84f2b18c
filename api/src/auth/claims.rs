//! The claims Askel writes and reads.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The person a partner system acts for (`act.sub`), e.g. the worker at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acting {
    /// The person's identifier in the partner's system.
    pub sub: String,
}

/// JWT claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The API client.
    pub sub: String,
    /// The client's organisation; absent for the platform operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// Role codes.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issued at.
    #[serde(default)]
    pub iat: u64,
    /// The person acted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Acting>,
    /// Not before, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// When the token was issued, in microseconds since the epoch: Askel's own client tokens
    /// carry it so that a secret rotated in the same second as `iat` still revokes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat_micros: Option<i64>,
    /// The API client the token was issued to by `POST /v1/auth/token` (RFC 9068): while it
    /// holds, the client's standing is checked (disabled, rotated). Only Askel's own keys'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

#[cfg(test)]
impl Claims {
    /// Claims of an `admin` client expiring `exp_offset` seconds from now, for the keys' tests.
    pub(crate) fn admin_expiring_in(exp_offset: i64) -> Self {
        let now = jsonwebtoken::get_current_timestamp();
        Self {
            sub: "client".into(),
            org: None,
            roles: vec!["admin".into()],
            iss: "askel".into(),
            aud: "askel-api".into(),
            exp: now.saturating_add_signed(exp_offset),
            iat: now,
            act: None,
            nbf: None,
            iat_micros: None,
            client_id: None,
        }
    }
}
