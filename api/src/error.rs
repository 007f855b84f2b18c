//! One error type for the API, mapped to RFC 9457 problems in one place.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askel_domain::FieldFault;
use askel_openapi::{FieldError, Invalid, Problem, ProblemKind};
use askel_persistence::{Conflict, StoreError};

/// Everything a request can fail with. `Display` goes to the log; the response carries only
/// the problem's fixed title and a detail that never holds personal data.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed input.
    #[error("bad request: {detail}")]
    BadRequest {
        /// What is wrong.
        detail: String,
        /// Offending fields, when known.
        errors: Vec<FieldFault>,
    },
    /// Input that breaks rules; every failing field.
    #[error("validation failed")]
    Invalid(Vec<FieldFault>),
    /// No valid credentials.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// Visible but not permitted.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Absent or not visible to the caller.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Conflicts with stored state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The representation asked for is not served.
    #[error("not acceptable: {0}")]
    NotAcceptable(&'static str),
    /// `If-Match` is stale.
    #[error("precondition failed")]
    PreconditionFailed,
    /// Body too large.
    #[error("payload too large")]
    PayloadTooLarge,
    /// Wrong content type.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// Idempotency key reused with another request.
    #[error("idempotency key reused with another request")]
    IdempotencyKeyReused,
    /// Over a limit; retry after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64, crate::metrics::Limit),
    /// Work of this kind is at its concurrency limit; retry after this many seconds.
    #[error("busy")]
    Busy(u64),
    /// The audit record of a read could not be committed, so the read is not answered.
    #[error("the access could not be recorded")]
    AuditNotRecorded,
    /// Database unreachable.
    #[error("database unavailable")]
    Unavailable(#[source] StoreError),
    /// A refused access to personal data, carrying the audit record of the attempt: the runner
    /// that owns the transaction rolls it back, writes the record on its own, and answers with
    /// `error`.
    #[error("refused: {error}")]
    Refused {
        /// The answer to give.
        error: Box<ApiError>,
        /// The record of the attempt.
        audit: Box<askel_domain::AuditEntry>,
    },
    /// Anything else; the cause goes to the log only.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// A 422 naming one failing field and what is wrong with it.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldFault::new(field, message)])
    }

    /// An internal error from any cause.
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(e.into())
    }

    /// A bad request naming one field.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let (field, message) = (field.into(), message.into());
        Self::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldFault { field, message }],
        }
    }

    fn kind(&self) -> ProblemKind {
        match self {
            Self::BadRequest { .. } => ProblemKind::BadRequest,
            Self::Invalid(_) => ProblemKind::Validation,
            Self::Unauthorized(_) => ProblemKind::Unauthorized,
            Self::Forbidden(_) => ProblemKind::Forbidden,
            Self::NotFound(_) => ProblemKind::NotFound,
            Self::Conflict(_) => ProblemKind::Conflict,
            Self::NotAcceptable(_) => ProblemKind::NotAcceptable,
            Self::PreconditionFailed => ProblemKind::PreconditionFailed,
            Self::PayloadTooLarge => ProblemKind::PayloadTooLarge,
            Self::UnsupportedMediaType(_) => ProblemKind::UnsupportedMediaType,
            Self::IdempotencyKeyReused => ProblemKind::IdempotencyKeyReused,
            Self::TooManyRequests(..) => ProblemKind::TooManyRequests,
            Self::Unavailable(_) | Self::AuditNotRecorded | Self::Busy(_) => {
                ProblemKind::Unavailable
            }
            Self::Internal(_) => ProblemKind::Internal,
            Self::Refused { error, .. } => error.kind(),
        }
    }

    pub(crate) fn problem(&self) -> Problem {
        let kind = self.kind();
        match self {
            Self::BadRequest { detail, errors } => {
                Problem::new(kind, detail.clone()).with_errors(wire(errors))
            }
            Self::Invalid(errors) => {
                let detail = match errors.as_slice() {
                    [one] if one.field.is_empty() => one.message.clone(),
                    [one] => format!("{}: {}", one.field, one.message),
                    many => format!("{} fields are invalid", many.len()),
                };
                Problem::new(kind, detail).with_errors(wire(errors))
            }
            Self::Unauthorized(why) => Problem::new(kind, *why),
            Self::Forbidden(why) => Problem::new(kind, *why),
            Self::NotFound(what) => {
                Problem::new(kind, format!("no {what} with this id is visible to you"))
            }
            Self::Conflict(why) => Problem::new(kind, why.clone()),
            Self::NotAcceptable(why) => Problem::new(kind, *why),
            Self::PreconditionFailed => Problem::new(
                kind,
                "If-Match does not name the current version; read the resource again and retry",
            ),
            Self::PayloadTooLarge => Problem::new(
                kind,
                "the request body is larger than this operation accepts",
            ),
            Self::UnsupportedMediaType(why) => Problem::new(kind, why.clone()),
            Self::IdempotencyKeyReused => Problem::new(
                kind,
                "this Idempotency-Key was used for a different request; use a new key",
            ),
            Self::TooManyRequests(seconds, _) => Problem::new(
                kind,
                format!("too many requests from this client or address; retry in {seconds} s"),
            ),
            Self::Busy(seconds) => Problem::new(
                kind,
                format!("the server is at its limit for this kind of work; retry in {seconds} s"),
            ),
            Self::AuditNotRecorded => Problem::new(
                kind,
                "the access could not be recorded just now, so nothing is shown; retry shortly",
            ),
            Self::Unavailable(_) => Problem::new(
                kind,
                "the database cannot be reached just now; retry shortly",
            ),
            Self::Internal(_) => {
                Problem::new(kind, "an internal error occurred; it has been logged")
            }
            Self::Refused { error, .. } => error.problem(),
        }
    }
}

/// A problem response.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.content_type("application/problem+json");
    if status == StatusCode::UNAUTHORIZED {
        response.insert_header((
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"askel\""),
        ));
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
    }
    response.json(problem)
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.kind().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::TooManyRequests(_, limit) => crate::metrics::refused(*limit),
            Self::Busy(_) => crate::metrics::refused(crate::metrics::Limit::Busy),
            _ => {}
        }
        match self {
            Self::Internal(_) => tracing::error!(error = ?self, "request failed"),
            Self::Unavailable(_) => tracing::warn!(error = ?self, "database unavailable"),
            _ => tracing::debug!(error = %self, "request refused"),
        }
        let mut response = problem_response(&self.problem());
        if let Self::TooManyRequests(seconds, _) | Self::Busy(seconds) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
        }
        response
    }
}

/// The faults as a problem's `errors`.
fn wire(faults: &[FieldFault]) -> Vec<FieldError> {
    faults.iter().cloned().map(FieldError::from).collect()
}

impl From<Invalid> for ApiError {
    fn from(Invalid(errors): Invalid) -> Self {
        Self::Invalid(errors.into_iter().map(FieldFault::from).collect())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound("object"),
            StoreError::Conflict(c) => Self::Conflict(
                match c {
                    Conflict::ProjectCode => "another project already has this code",
                    Conflict::BusinessId => "another organisation already has this business ID",
                    Conflict::ActorRole => "the organisation already has this role in the project",
                    Conflict::IdempotencyKey => {
                        "a request with this Idempotency-Key is being processed; retry"
                    }
                    Conflict::IdentityCode => {
                        "a person with this identity code is already registered in the project"
                    }
                    Conflict::ExternalRef => {
                        "you already have a participant with this external_ref in the project"
                    }
                    Conflict::FollowUp => "this exit already has a follow-up",
                    Conflict::Other => "the change conflicts with stored data",
                }
                .to_owned(),
            ),
            StoreError::MissingReference => Self::Invalid(vec![FieldFault::new(
                "",
                "a referenced object does not exist",
            )]),
            StoreError::Unavailable(_) => Self::Unavailable(e),
            other => Self::internal(other),
        }
    }
}

/// Names what was not found: a store's `NotFound` becomes the 404 for `what`; every other
/// store error maps as usual.
pub trait OrNotFound<T> {
    /// The result, with `NotFound` as the 404 for `what`.
    fn or_not_found(self, what: &'static str) -> Result<T, ApiError>;
}

impl<T> OrNotFound<T> for Result<T, StoreError> {
    fn or_not_found(self, what: &'static str) -> Result<T, ApiError> {
        self.map_err(|e| match e {
            StoreError::NotFound => ApiError::NotFound(what),
            other => other.into(),
        })
    }
}
