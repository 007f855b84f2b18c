//! The token endpoint's shapes (OAuth 2.0 client credentials).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A token request: `grant_type=client_credentials` with the client's id and secret, as JSON
/// or as a form. The id and secret may instead come in HTTP Basic authentication.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "grant_type": "client_credentials",
    "client_id": "0193a0c2-7d4e-7c3a-9f1e-2b8c4d5e6f70",
    "client_secret": "the-secret-printed-once-at-registration"
}))]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[schema(pattern = "^client_credentials$")]
    pub grant_type: String,
    /// The client's id.
    #[validate(length(max = 100))]
    pub client_id: Option<String>,
    /// The client's secret.
    #[validate(length(max = 200))]
    pub client_secret: Option<String>,
    /// Ignored; tokens carry the client's registered roles.
    #[validate(length(max = 1000))]
    pub scope: Option<String>,
}

/// An issued access token.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct TokenResponse {
    /// The bearer token (a JWT).
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}
