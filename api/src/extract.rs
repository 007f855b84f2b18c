//! Request extractors that answer in problems: a JSON body that names the offending field,
//! `If-Match`, `Idempotency-Key`, and the error handlers for paths and queries.

use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use askel_domain::FieldFault;

use crate::error::ApiError;

mod value_faults;

/// The largest JSON body of one object (a participant with 10 000 characters of notes is
/// under half of it).
pub const OBJECT_BODY_BYTES: usize = 64 * 1024;

/// The largest JSON body of a batch (1 000 participants).
pub const BATCH_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The largest body a route reads unless it declares more: every body extractor (`Bytes`,
/// `String`, FHIR's bodies, the token form) is bound by it through actix's `PayloadConfig`;
/// only a [`JsonBody`] with a larger `LIMIT` (the batch import) reads past it.
pub const DEFAULT_BODY_BYTES: usize = OBJECT_BODY_BYTES;

/// A JSON body: `application/json` only, at most `LIMIT` bytes (refused by its
/// `Content-Length` before it is read), unknown fields and wrong types refused with the field's
/// path. Keeps a digest of the raw bytes for idempotency.
#[derive(Debug)]
pub struct JsonBody<T, const LIMIT: usize = OBJECT_BODY_BYTES> {
    /// The parsed body.
    pub value: T,
    /// SHA-256 of the raw body.
    pub digest: [u8; 32],
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// Maps a body-reading failure to its problem.
pub fn payload_error(e: &actix_web::Error) -> ApiError {
    match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::PayloadTooLarge,
        _ if e.to_string().contains("size limit") || e.to_string().contains("overflow") => {
            ApiError::PayloadTooLarge
        }
        _ => ApiError::BadRequest {
            detail: "the request body could not be read".into(),
            errors: vec![],
        },
    }
}

/// Parses JSON into a type of the contract; when it does not parse, the problem names every
/// fault at once: each value the parser refuses (`value_faults`) and each fault the contract's
/// schema finds (`body_faults`: wrong types, unknown and missing fields).
pub fn parse_body<T: DeserializeOwned + utoipa::ToSchema>(bytes: &[u8]) -> Result<T, ApiError> {
    parse_json(bytes).map_err(|e| match e {
        ApiError::BadRequest { detail, errors } if !errors.is_empty() => {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
                return ApiError::BadRequest { detail, errors };
            };
            // A batch is parsed again only item by item (its route does), never whole.
            let refused = if bytes.len() <= OBJECT_BODY_BYTES {
                value_faults::refused_values::<T>(&value)
            } else {
                Vec::new()
            };
            let found = crate::body_faults::faults(&T::name(), &value);
            if refused.is_empty() && found.is_empty() {
                return ApiError::BadRequest { detail, errors };
            }
            every_fault(errors, refused, found)
        }
        other => other,
    })
}

/// The parser's first fault, its later ones and the schema's, each field once. The parser's
/// message is the more precise where both name a field (a date out of range), except for a
/// code list, which the schema words like every other; the parser names an unknown field by
/// its parent, where the schema names the key, and says "missing field" where the schema says
/// "is required" with the field's path.
fn every_fault(
    first: Vec<FieldFault>,
    later: Vec<FieldFault>,
    schema: Vec<FieldFault>,
) -> ApiError {
    let schema_names_missing = schema.iter().any(|f| f.message == "is required");
    let mut all: Vec<FieldFault> = Vec::new();
    let parser = first
        .into_iter()
        .chain(later)
        .filter(|e| !e.message.starts_with("is not a known field"))
        .filter(|e| !(schema_names_missing && e.message.starts_with("missing field")));
    for f in parser {
        let worded_by_schema = schema
            .iter()
            .find(|s| s.field == f.field && s.message.starts_with("is not one of the allowed"));
        let f = worded_by_schema.cloned().unwrap_or(f);
        if !all.iter().any(|e| e.field == f.field) {
            all.push(f);
        }
    }
    for f in schema {
        if !all.iter().any(|e| e.field == f.field) {
            all.push(f);
        }
    }
    ApiError::BadRequest {
        detail: all
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
        errors: all,
    }
}

/// Parses JSON naming the path of the first offending field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let unknown_field = e.inner().to_string().starts_with("unknown field");
        // An unknown field's path ends in the key the caller sent: name its parent instead.
        let path = if unknown_field {
            let segments: Vec<_> = e.path().iter().cloned().collect();
            let parent = &segments[..segments.len().saturating_sub(1)];
            if parent.is_empty() {
                ".".to_owned()
            } else {
                let mut out = String::new();
                for segment in parent {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => {
                            out.push_str(&format!("[{index}]"));
                        }
                        serde_path_to_error::Segment::Map { key } => {
                            if !out.is_empty() {
                                out.push('.');
                            }
                            out.push_str(key);
                        }
                        _ => out.push_str(".?"),
                    }
                }
                out
            }
        } else {
            e.path().to_string()
        };
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::BadRequest {
                detail: format!(
                    "the body is not valid JSON: {}",
                    crate::redact::without_values(&inner.to_string())
                ),
                errors: vec![],
            };
        }
        let field = if path == "." {
            String::new()
        } else {
            crate::redact::without_values(&path)
        };
        let message = crate::redact::without_values(&inner.to_string());
        ApiError::BadRequest {
            detail: if field.is_empty() {
                message.clone()
            } else {
                format!("{field}: {message}")
            },
            errors: vec![askel_domain::FieldFault { field, message }],
        }
    })?;
    de.end().map_err(|e| ApiError::BadRequest {
        detail: format!(
            "the body is not valid JSON: {}",
            crate::redact::without_values(&e.to_string())
        ),
        errors: vec![],
    })?;
    Ok(value)
}

/// SHA-256 of `bytes`.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

impl<T: DeserializeOwned + utoipa::ToSchema + 'static, const LIMIT: usize> FromRequest
    for JsonBody<T, LIMIT>
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let too_long = declared_length(req).is_some_and(|n| n > LIMIT);
        let body = read_limited(req, payload, LIMIT);
        Box::pin(async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType(
                    "send the body as Content-Type: application/json".into(),
                ));
            }
            if too_long {
                return Err(ApiError::PayloadTooLarge);
            }
            let bytes = body.await?;
            Ok(Self {
                value: parse_body(&bytes)?,
                digest: digest(&bytes),
            })
        })
    }
}

/// Reads a body (decompressed as its `Content-Encoding` says) of at most `limit` bytes,
/// stopping as soon as it passes the limit.
fn read_limited(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> impl std::future::Future<Output = Result<web::Bytes, ApiError>> + 'static {
    use futures_util::StreamExt;
    let mut stream = actix_web::dev::Decompress::from_headers(payload.take(), req.headers());
    async move {
        let mut body = web::BytesMut::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| payload_error(&e.into()))?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

/// The version named by `If-Match` (`"3"` or `W/"3"`); `None` when absent or `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i32>);

fn parse_if_match(req: &HttpRequest) -> Result<IfMatch, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(IfMatch(None));
    };
    let text = value
        .to_str()
        .map_err(|_| ApiError::bad_field("If-Match", "is not readable text"))?
        .trim();
    if text == "*" {
        return Ok(IfMatch(None));
    }
    let tag = text.strip_prefix("W/").unwrap_or(text);
    tag.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i32>().ok())
        .map(|v| IfMatch(Some(v)))
        .ok_or_else(|| {
            ApiError::bad_field("If-Match", "must be an ETag this API issued, e.g. \"3\"")
        })
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_if_match(req))
    }
}

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The `Idempotency-Key` header, when sent: 1 to 200 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

fn parse_idempotency_key(req: &HttpRequest) -> Result<IdempotencyKey, ApiError> {
    let Some(value) = req.headers().get("Idempotency-Key") else {
        return Ok(IdempotencyKey(None));
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()));
    key.map(|k| IdempotencyKey(Some(k.to_owned())))
        .ok_or_else(|| {
            ApiError::bad_field(
                "Idempotency-Key",
                "must be 1 to 200 visible ASCII characters",
            )
        })
}

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_idempotency_key(req))
    }
}

/// Error handler for query strings: 400 naming the problem.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    req: &HttpRequest,
) -> actix_web::Error {
    if let Some(named) = bad_date_parameter(req.query_string()) {
        return ApiError::BadRequest {
            detail: format!("{}: {}", named.field, named.message),
            errors: vec![named],
        }
        .into();
    }
    let message = err.to_string();
    let message = crate::redact::without_values(
        message
            .strip_prefix("Query deserialize error: ")
            .unwrap_or(&message),
    );
    ApiError::BadRequest {
        detail: format!("query string: {message}"),
        errors: vec![],
    }
    .into()
}

/// The query parser names no parameter; the date and timestamp parameters are named here by
/// reading them again (a timestamp: `updated_since`; dates: `from`, `to`, `entered_from`,
/// `entered_to`).
fn bad_date_parameter(query: &str) -> Option<askel_domain::FieldFault> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs.into_iter().find_map(|(name, value)| {
        let message = match name.as_str() {
            "updated_since" => match value.parse::<chrono::DateTime<chrono::Utc>>() {
                Ok(at) if askel_domain::calendar::accepts_timestamp(at) => return None,
                Ok(_) => askel_domain::calendar::RANGE,
                Err(_) => "is not an RFC 3339 timestamp (2026-01-31T12:00:00Z)",
            },
            "from" | "to" | "entered_from" | "entered_to" => {
                match askel_openapi::dates::parse_date(&value) {
                    Ok(_) => return None,
                    Err(why) => why,
                }
            }
            _ => return None,
        };
        Some(askel_domain::FieldFault {
            field: name,
            message: message.to_owned(),
        })
    })
}

/// Error handler for path segments: a malformed id names nothing that exists, so 404.
pub fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound("object").into()
}

#[cfg(test)]
mod tests;
