//! `POST /v1/auth/token`: OAuth 2.0 client credentials, as JSON or as a form.

use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, post};
use askel_openapi::auth::{TokenRequest, TokenResponse};
use askel_openapi::document::tags;
use base64::Engine;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::extract::parse_json;
use crate::services::clients;
use crate::state::AppState;

/// A token request is a few hundred bytes.
const TOKEN_BODY_BYTES: usize = 8 * 1024;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(token);
}

/// `client_id:client_secret` from HTTP Basic authentication, if sent.
fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn parse_request(req: &HttpRequest, body: &[u8]) -> Result<TokenRequest, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "application/json" => parse_json(body),
        "application/x-www-form-urlencoded" => {
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::BadRequest {
                detail: format!(
                    "the form is not valid: {}",
                    crate::redact::without_values(&e.to_string())
                ),
                errors: vec![],
            })
        }
        _ => Err(ApiError::UnsupportedMediaType(
            "send application/json or application/x-www-form-urlencoded".into(),
        )),
    }
}

/// Get an access token.
///
/// OAuth 2.0 client credentials for registered API clients (`askel client create` registers
/// one). Send `grant_type=client_credentials` with `client_id` and `client_secret` as JSON, as
/// a form, or the id and secret in HTTP Basic authentication. An unknown client and a wrong
/// secret get the same 401. Failed attempts are limited per client address and per
/// `client_id` (429 with `Retry-After`), and secrets are verified a few at a time (503 with
/// `Retry-After` when the server is at that limit).
#[utoipa::path(
    tag = tags::AUTH,
    operation_id = "issueToken",
    request_body(content(
        (TokenRequest = "application/json"),
        (TokenRequest = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "A bearer token.", body = TokenResponse),
        (status = 429, description = "Too many failed attempts from this address or for this client_id.", body = askel_openapi::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 503, description = "Secret verification is at its limit just now.", body = askel_openapi::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
    security(())
)]
#[post("/auth/token")]
async fn token(
    state: Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    let address = state.trusted_proxies.of(&req);
    crate::auth::limit(&state, &format!("peer:{address}"))?;
    if body.len() > TOKEN_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    let request = parse_request(&req, &body)?;
    let mut check = askel_openapi::Check::new(&request);
    if request.grant_type != "client_credentials" {
        check.fail("grant_type", "only client_credentials is supported");
    }
    check.finish(|| Some(()))?;
    let (client_id, secret) = match (
        request.client_id,
        request.client_secret,
        basic_credentials(&req),
    ) {
        (Some(id), Some(secret), _) => (id, secret),
        (_, _, Some(basic)) => basic,
        _ => {
            return Err(ApiError::Unauthorized(
                "client_id and client_secret are required",
            ));
        }
    };
    let issued = clients::issue_token(&state, &address, &client_id, &secret).await?;
    let token = TokenResponse {
        access_token: issued.token,
        token_type: "Bearer".to_owned(),
        expires_in: issued.expires_in,
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(token))
}
