//! Every FHIR route's errors as OperationOutcomes: the same statuses, headers, logging and
//! audit as `/v1`'s problems, in FHIR's own shape.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use askel_openapi::fhir::{FHIR_JSON, IssueType, TaskIssue, operation_outcome};

use crate::error::ApiError;

/// What a FHIR request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum FhirError {
    /// Any error `/v1` answers with.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Only JSON is served.
    #[error("not acceptable")]
    NotAcceptable,
    /// A change without `If-Match`.
    #[error("precondition required")]
    PreconditionRequired,
    /// Input that is wrong at these places.
    #[error("{status}: {} issues", issues.len())]
    Issues {
        /// The status to answer with.
        status: StatusCode,
        /// The kind of issue.
        kind: IssueType,
        /// What is wrong, and where.
        issues: Vec<TaskIssue>,
    },
}

impl FhirError {
    /// A 400 for a malformed search parameter or body.
    pub fn bad(message: impl Into<String>, at: impl Into<String>) -> Self {
        Self::Issues {
            status: StatusCode::BAD_REQUEST,
            kind: IssueType::Structure,
            issues: vec![(message.into(), Some(at.into()))],
        }
    }

    /// A 400 for a search parameter the server does not support.
    pub fn unsupported(message: impl Into<String>, at: impl Into<String>) -> Self {
        Self::Issues {
            status: StatusCode::BAD_REQUEST,
            kind: IssueType::NotSupported,
            issues: vec![(message.into(), Some(at.into()))],
        }
    }

    /// A 422 for a change the resource's rules refuse, at these places.
    pub fn invalid(issues: Vec<TaskIssue>) -> Self {
        Self::Issues {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: IssueType::Invalid,
            issues,
        }
    }
}

fn issue_type(status: StatusCode) -> IssueType {
    match status.as_u16() {
        400 => IssueType::Structure,
        401 => IssueType::Login,
        403 => IssueType::Forbidden,
        404 | 410 => IssueType::NotFound,
        405 | 406 | 413 | 415 => IssueType::NotSupported,
        409 => IssueType::BusinessRule,
        412 | 428 => IssueType::Conflict,
        422 => IssueType::Invalid,
        429 => IssueType::Throttled,
        503 => IssueType::Transient,
        _ => IssueType::Exception,
    }
}

/// An OperationOutcome response with `status`, keeping the headers of `base` (a problem
/// response's `WWW-Authenticate`, `Retry-After`, `Allow`).
pub fn outcome_response(
    status: StatusCode,
    kind: Option<IssueType>,
    issues: &[TaskIssue],
    base: Option<&HttpResponse>,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    if let Some(base) = base {
        for (name, value) in base.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                response.insert_header((name.clone(), value.clone()));
            }
        }
    }
    response.content_type(FHIR_JSON).json(operation_outcome(
        kind.unwrap_or_else(|| issue_type(status)),
        issues,
    ))
}

impl ResponseError for FhirError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Api(e) => e.status_code(),
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::Issues { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Api(e) => {
                // The problem response logs and counts as on /v1; its headers are kept.
                let base = e.error_response();
                let problem = e.problem();
                let issues: Vec<TaskIssue> = if problem.errors.is_empty() {
                    vec![(problem.detail, None)]
                } else {
                    problem
                        .errors
                        .into_iter()
                        .map(|f| {
                            let at = (!f.field.is_empty()).then_some(f.field);
                            (f.message, at)
                        })
                        .collect()
                };
                outcome_response(base.status(), None, &issues, Some(&base))
            }
            Self::NotAcceptable => outcome_response(
                StatusCode::NOT_ACCEPTABLE,
                None,
                &[(
                    "only JSON is served: ask for application/fhir+json (or _format=json)".into(),
                    None,
                )],
                None,
            ),
            Self::PreconditionRequired => outcome_response(
                StatusCode::PRECONDITION_REQUIRED,
                None,
                &[(
                    "a change needs If-Match: W/\"{versionId}\" of the version you read".into(),
                    None,
                )],
                None,
            ),
            Self::Issues {
                status,
                kind,
                issues,
            } => outcome_response(*status, Some(*kind), issues, None),
        }
    }
}
