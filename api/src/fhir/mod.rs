//! `/fhir`: a small FHIR R4 server over the referrals, for the county's case and integration
//! systems — ServiceRequest (read, search), Task (read, search, update, patch: the closed
//! loop), Organization (read) and the CapabilityStatement. Same data, access rules and audit
//! as `/v1`; every error an OperationOutcome; JSON only (XML answers 406).

mod error;
mod organizations;
mod search;
mod service_requests;
mod subscriptions;
mod tasks;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use askel_openapi::fhir::{FHIR_JSON, capability_statement};
use serde_json::Value;

pub use error::FhirError;

use crate::auth::Principal;

/// Registers the `/fhir` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/fhir")
            .route("/metadata", web::get().to(metadata))
            .route("/ServiceRequest", web::get().to(service_requests::search))
            .route(
                "/ServiceRequest/{id}",
                web::get().to(service_requests::read),
            )
            .route("/Task", web::get().to(tasks::search))
            .route("/Task/{id}", web::get().to(tasks::read))
            .route("/Task/{id}", web::put().to(tasks::update))
            .route("/Task/{id}", web::patch().to(tasks::patch))
            .route("/Organization/{id}", web::get().to(organizations::read))
            .route("/Subscription", web::post().to(subscriptions::create))
            .route("/Subscription/{id}", web::get().to(subscriptions::read))
            .route(
                "/Subscription/{id}",
                web::delete().to(subscriptions::delete),
            )
            .default_service(web::to(unrouted)),
    );
}

/// The formats a client may ask for with `_format` or `Accept`.
fn acceptable(media: &str) -> bool {
    let media = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        media.as_str(),
        "" | "*/*"
            | "application/*"
            | "json"
            | "application/json"
            | "application/fhir+json"
            | "application/json+fhir"
    )
}

/// Refuses a request for anything but JSON: `_format` when given decides, else `Accept`.
fn negotiate(req: &HttpRequest) -> Result<(), FhirError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    if let Some((_, format)) = pairs.iter().find(|(k, _)| k == "_format") {
        return if acceptable(format) {
            Ok(())
        } else {
            Err(FhirError::NotAcceptable)
        };
    }
    let Some(accept) = req.headers().get(header::ACCEPT) else {
        return Ok(());
    };
    let accept = accept.to_str().map_err(|_| FhirError::NotAcceptable)?;
    if accept.split(',').any(acceptable) {
        Ok(())
    } else {
        Err(FhirError::NotAcceptable)
    }
}

/// What a `/v1` referral read asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Askel's JSON.
    Json,
    /// FHIR JSON (`Accept: application/fhir+json` or `_format=json`).
    FhirJson,
    /// Something not served (XML): 406.
    Neither,
}

/// What a `/v1` request asks for with `_format` or `Accept`.
pub fn wanted(req: &HttpRequest) -> Wanted {
    if negotiate(req).is_err() {
        return Wanted::Neither;
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if pairs.iter().any(|(k, _)| k == "_format") || accept.contains(FHIR_JSON) {
        Wanted::FhirJson
    } else {
        Wanted::Json
    }
}

/// The facade's base URL, e.g. `https://askel.example.fi/fhir`: from `ASKEL_PUBLIC_URL`, a
/// trusted proxy's forwarding headers, or the `Host` connected to (never a header anyone else
/// sends).
fn base_url(req: &HttpRequest) -> String {
    let origin = req
        .app_data::<web::Data<crate::state::AppState>>()
        .map(|state| {
            state
                .trusted_proxies
                .origin(req, state.public_url.as_deref())
        })
        .unwrap_or_default();
    format!("{origin}/fhir")
}

/// An authenticated FHIR request in a format served.
#[derive(Debug)]
pub struct FhirCaller {
    /// Who calls.
    pub principal: Principal,
    /// The facade's base URL.
    pub base: String,
}

impl FromRequest for FhirCaller {
    type Error = FhirError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, FhirError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let negotiated = negotiate(req);
        let base = base_url(req);
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            negotiated?;
            Ok(Self {
                principal: principal.await?,
                base,
            })
        })
    }
}

/// A resource, with its version as a weak ETag; never cached (it may hold personal data).
fn resource(value: &Value, version: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(FHIR_JSON)
        .insert_header((header::ETAG, format!("W/\"{version}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(value)
}

/// A Bundle; never cached.
fn bundle(value: &Value) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(FHIR_JSON)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(value)
}

/// The id in a path: an id Askel never issued is simply not found.
fn parse_id(raw: &str, what: &'static str) -> Result<uuid::Uuid, FhirError> {
    uuid::Uuid::parse_str(raw).map_err(|_| FhirError::Api(crate::error::ApiError::NotFound(what)))
}

/// `GET /fhir/metadata`: the CapabilityStatement (no token needed).
async fn metadata(req: HttpRequest) -> Result<HttpResponse, FhirError> {
    negotiate(&req)?;
    let statement = capability_statement(
        &base_url(&req),
        env!("CARGO_PKG_VERSION"),
        &crate::clock::now().date_naive().to_string(),
    );
    Ok(HttpResponse::Ok().content_type(FHIR_JSON).json(statement))
}

/// An OperationOutcome for an error actix answered itself (a body over the limit).
pub fn outcome(status: actix_web::http::StatusCode, detail: &str) -> HttpResponse {
    error::outcome_response(status, None, &[(detail.to_owned(), None)], None)
}

/// No route matched under `/fhir`: 405 for a known resource path, else 404.
async fn unrouted(req: HttpRequest) -> HttpResponse {
    let path = req.path().trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').skip(2).collect();
    let allow = match segments.as_slice() {
        ["metadata"] | ["ServiceRequest" | "Task"] | ["ServiceRequest" | "Organization", _] => {
            Some("GET")
        }
        ["Task", _] => Some("GET, PUT, PATCH"),
        ["Subscription"] => Some("POST"),
        ["Subscription", _] => Some("GET, DELETE"),
        _ => None,
    };
    match allow {
        Some(allow) => {
            let mut r = error::outcome_response(
                actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                None,
                &[(format!("this path takes {allow}"), None)],
                None,
            );
            r.headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static(allow));
            r
        }
        None => error::outcome_response(
            actix_web::http::StatusCode::NOT_FOUND,
            None,
            &[(
                "no such resource type or interaction here; see /fhir/metadata".into(),
                None,
            )],
            None,
        ),
    }
}
