//! RFC 9457 problem details: every error Askel answers is one of these.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::FieldError;

/// What went wrong, with a stable `type` per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Malformed JSON, a wrong type, an unknown field, a bad query parameter.
    BadRequest,
    /// Well-formed input that breaks a rule; `errors` lists every failing field.
    Validation,
    /// No valid bearer token (or wrong client credentials).
    Unauthorized,
    /// The caller may see the object but not do this to it.
    Forbidden,
    /// No such object, or one the caller may not see.
    NotFound,
    /// Method not supported on this path.
    MethodNotAllowed,
    /// The requested representation is not offered.
    NotAcceptable,
    /// The request conflicts with what is stored (a duplicate, a missing consent).
    Conflict,
    /// `If-Match` named a version that is no longer current.
    PreconditionFailed,
    /// The body is larger than the route accepts.
    PayloadTooLarge,
    /// The body is not `application/json` (or a form where one is accepted).
    UnsupportedMediaType,
    /// An `Idempotency-Key` was reused with a different request.
    IdempotencyKeyReused,
    /// The client sent more requests than its rate limit allows; `Retry-After` says when to
    /// try again.
    TooManyRequests,
    /// The database cannot be reached just now.
    Unavailable,
    /// A fault on Askel's side; the log has the details, the response does not.
    Internal,
}

impl ProblemKind {
    /// Every kind, for documentation.
    pub const ALL: [Self; 15] = [
        Self::BadRequest,
        Self::Validation,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::NotAcceptable,
        Self::Conflict,
        Self::PreconditionFailed,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::IdempotencyKeyReused,
        Self::TooManyRequests,
        Self::Unavailable,
        Self::Internal,
    ];

    /// `(slug, title, status)`.
    const fn parts(self) -> (&'static str, &'static str, u16) {
        match self {
            Self::BadRequest => ("bad-request", "The request is malformed", 400),
            Self::Validation => ("validation", "The request breaks a rule", 422),
            Self::Unauthorized => ("unauthorized", "Authentication is required", 401),
            Self::Forbidden => ("forbidden", "Not permitted", 403),
            Self::NotFound => ("not-found", "Not found", 404),
            Self::MethodNotAllowed => ("method-not-allowed", "Method not allowed", 405),
            Self::NotAcceptable => ("not-acceptable", "Representation not available", 406),
            Self::Conflict => ("conflict", "Conflict with the current state", 409),
            Self::PreconditionFailed => ("precondition-failed", "The resource has changed", 412),
            Self::PayloadTooLarge => ("payload-too-large", "The request body is too large", 413),
            Self::UnsupportedMediaType => ("unsupported-media-type", "Unsupported media type", 415),
            Self::IdempotencyKeyReused => (
                "idempotency-key-reused",
                "Idempotency key reused with another request",
                422,
            ),
            Self::TooManyRequests => ("too-many-requests", "Too many requests", 429),
            Self::Unavailable => ("unavailable", "Service temporarily unavailable", 503),
            Self::Internal => ("internal", "Internal error", 500),
        }
    }

    /// The stable problem type URI.
    pub fn type_uri(self) -> String {
        format!("urn:askel:problem:{}", self.parts().0)
    }

    /// The HTTP status.
    pub const fn status(self) -> u16 {
        self.parts().2
    }

    /// The short title.
    pub const fn title(self) -> &'static str {
        self.parts().1
    }
}

/// An RFC 9457 problem: `type` is stable per kind of error, `detail` explains this occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:askel:problem:validation",
    "title": "The request breaks a rule",
    "status": 422,
    "detail": "2 fields are invalid",
    "errors": [
        {"field": "business_id", "message": "the check digit does not match; the expected check digit is 2"},
        {"field": "home_municipality", "message": "a municipality code is three digits, e.g. 091 or 905"}
    ]
}))]
pub struct Problem {
    /// URI identifying the kind of problem, e.g. `urn:askel:problem:validation`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong this time. Never contains personal data.
    pub detail: String,
    /// For validation problems: every failing field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of `kind` with `detail`.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            problem_type: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// The same problem listing `errors`.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uris_are_unique_and_statuses_are_errors() {
        let mut uris: Vec<_> = ProblemKind::ALL.iter().map(|k| k.type_uri()).collect();
        uris.sort();
        uris.dedup();
        assert_eq!(uris.len(), ProblemKind::ALL.len());
        assert!(
            ProblemKind::ALL
                .iter()
                .all(|k| (400..600).contains(&k.status()))
        );
    }

    #[test]
    fn serialises_type_and_omits_empty_errors() {
        let json =
            serde_json::to_value(Problem::new(ProblemKind::NotFound, "no such project")).unwrap();
        assert_eq!(json["type"], "urn:askel:problem:not-found");
        assert_eq!(json["status"], 404);
        assert!(json.get("errors").is_none());
    }
}
