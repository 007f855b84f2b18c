//! OperationOutcome: every error a FHIR route answers with.

use serde_json::{Value, json};

/// The issue types used (FHIR's `issue-type` value set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueType {
    /// Malformed input.
    Structure,
    /// Input that breaks a rule.
    Invalid,
    /// A search parameter not supported.
    NotSupported,
    /// Not found or not visible.
    NotFound,
    /// Not authenticated.
    Login,
    /// Not permitted.
    Forbidden,
    /// A change that conflicts with the resource's state or version.
    Conflict,
    /// A business rule refused the change.
    BusinessRule,
    /// Too many requests.
    Throttled,
    /// Unavailable for now; retry.
    Transient,
    /// Anything else.
    Exception,
}

impl IssueType {
    fn code(self) -> &'static str {
        match self {
            Self::Structure => "structure",
            Self::Invalid => "invalid",
            Self::NotSupported => "not-supported",
            Self::NotFound => "not-found",
            Self::Login => "login",
            Self::Forbidden => "forbidden",
            Self::Conflict => "conflict",
            Self::BusinessRule => "business-rule",
            Self::Throttled => "throttled",
            Self::Transient => "transient",
            Self::Exception => "exception",
        }
    }
}

/// An OperationOutcome with one error issue per `(diagnostics, expression)`.
pub fn operation_outcome(kind: IssueType, issues: &[(String, Option<String>)]) -> Value {
    let issue: Vec<Value> = issues
        .iter()
        .map(|(diagnostics, expression)| {
            let mut i = json!({
                "severity": "error",
                "code": kind.code(),
                "diagnostics": diagnostics,
            });
            if let Some(e) = expression {
                i["expression"] = json!([e]);
            }
            i
        })
        .collect();
    json!({"resourceType": "OperationOutcome", "issue": issue})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_issue_is_an_error_with_its_expression() {
        let o = operation_outcome(
            IssueType::Invalid,
            &[
                (
                    "is required when declining".into(),
                    Some("Task.statusReason".into()),
                ),
                ("no such status".into(), None),
            ],
        );
        assert_eq!(o["resourceType"], "OperationOutcome");
        assert_eq!(o["issue"][0]["severity"], "error");
        assert_eq!(o["issue"][0]["code"], "invalid");
        assert_eq!(o["issue"][0]["expression"][0], "Task.statusReason");
        assert!(o["issue"][1].get("expression").is_none());
    }
}
