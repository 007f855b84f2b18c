//! One FHIR Task per referral, owned by its target: the closed loop of FHIR's referral
//! workflow. The county moves the Task; each move is the referral's transition.

use askel_domain::ReferralStatus as D;
use serde_json::{Value, json};

use super::CODE_LIST_SYSTEM;
use crate::enums::{DeclineReason, ReferralStatus};
use crate::referrals::{OutcomeInput, Referral, TransitionInput};

/// The Task status of a referral status, and back.
const STATUSES: &[(D, &str)] = &[
    (D::Draft, "draft"),
    (D::Sent, "requested"),
    (D::Received, "received"),
    (D::Accepted, "accepted"),
    (D::InProgress, "in-progress"),
    (D::Declined, "rejected"),
    (D::Completed, "completed"),
    (D::Cancelled, "cancelled"),
];

fn task_status(s: D) -> &'static str {
    STATUSES
        .iter()
        .find(|(d, _)| *d == s)
        .map_or("requested", |(_, t)| t)
}

/// The referral's Task.
pub fn task(r: &Referral) -> Value {
    let status = D::from(r.status);
    let mut t = json!({
        "resourceType": "Task",
        "id": r.id,
        "meta": {"versionId": r.version.to_string(), "lastUpdated": r.updated_at},
        "basedOn": [{"reference": format!("ServiceRequest/{}", r.id)}],
        "status": task_status(status),
        "businessStatus": {"coding": [{"system": format!("{CODE_LIST_SYSTEM}referral_statuses"), "code": code(&r.status)}]},
        "intent": "order",
        "focus": {"reference": format!("ServiceRequest/{}", r.id)},
        "authoredOn": r.created_at,
        "lastModified": r.updated_at,
        "requester": {"reference": format!("Organization/{}", r.sender_organisation_id)},
        "owner": {"reference": format!("Organization/{}", r.target_organisation_id)},
    });
    if let Some(d) = &r.decline {
        let mut reason = json!({"coding": [{"system": format!("{CODE_LIST_SYSTEM}decline_reasons"), "code": code(&d.reason)}]});
        if let Some(n) = &d.note {
            reason["text"] = json!(n);
        }
        t["statusReason"] = reason;
    }
    if let Some(o) = &r.outcome {
        let mut output = vec![json!({"type": {"text": "outcome"}, "valueString": o.description})];
        if let Some(d) = o.started_on {
            output.push(json!({"type": {"text": "started_on"}, "valueDate": d}));
        }
        t["output"] = json!(output);
    }
    t
}

/// A wire enum's code.
pub(super) fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// An element of a proposed Task that is wrong: what, and where (a FHIRPath).
pub type TaskIssue = (String, Option<String>);

fn issue(message: &str, at: &str) -> TaskIssue {
    (message.to_owned(), Some(at.to_owned()))
}

/// The move a proposed Task asks of the current one: `None` when its status is the current
/// one. Only `status`, `statusReason` and `output` may differ; the rest must be left as they
/// are (or left out). Where a field of the move is wrong, the issue's expression names its
/// place in the Task ([`task_expression`]).
pub fn task_change(
    current: &Value,
    proposed: &Value,
) -> Result<Option<TransitionInput>, Vec<TaskIssue>> {
    let mut issues = Vec::new();
    if proposed.get("resourceType").and_then(Value::as_str) != Some("Task") {
        issues.push(issue("the body is not a Task", "Task.resourceType"));
        return Err(issues);
    }
    if proposed.get("id").is_some_and(|id| id != &current["id"]) {
        issues.push(issue(
            "the id differs from the Task's in the URL",
            "Task.id",
        ));
    }
    for fixed in [
        "basedOn",
        "focus",
        "intent",
        "requester",
        "owner",
        "authoredOn",
    ] {
        if proposed.get(fixed).is_some_and(|v| v != &current[fixed]) {
            issues.push(issue("cannot be changed", &format!("Task.{fixed}")));
        }
    }
    let status = proposed.get("status").and_then(Value::as_str);
    let to = match status.and_then(|s| STATUSES.iter().find(|(_, t)| *t == s)) {
        Some((d, _)) => Some(*d),
        None => {
            issues.push(issue(
                "must be one of requested, received, accepted, rejected, in-progress, completed, cancelled",
                "Task.status",
            ));
            None
        }
    };
    let decline = decline_of(proposed.get("statusReason"), &mut issues);
    let outcome = outcome_of(proposed.get("output"), &mut issues);
    if !issues.is_empty() {
        return Err(issues);
    }
    let Some(to) = to else { return Err(issues) };
    if current.get("status").and_then(Value::as_str) == status {
        let same = |k: &str| proposed.get(k).is_none_or(|v| Some(v) == current.get(k));
        if !same("statusReason") || !same("output") {
            return Err(vec![issue(
                "the reason and the output change only with the status",
                "Task.status",
            )]);
        }
        return Ok(None);
    }
    let (decline_reason, note) = decline.unwrap_or((None, None));
    Ok(Some(TransitionInput {
        to: ReferralStatus::from(to),
        decline_reason,
        note,
        outcome,
    }))
}

type Decline = (Option<DeclineReason>, Option<String>);

fn decline_of(reason: Option<&Value>, issues: &mut Vec<TaskIssue>) -> Option<Decline> {
    let reason = reason?;
    let system = format!("{CODE_LIST_SYSTEM}decline_reasons");
    let code = reason["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["system"] == system.as_str())
        .and_then(|c| c["code"].as_str());
    let parsed = match code {
        Some(c) => match serde_json::from_value::<DeclineReason>(json!(c)) {
            Ok(r) => Some(r),
            Err(_) => {
                issues.push(issue(
                    "is not a code of the decline_reasons code list",
                    "Task.statusReason.coding.code",
                ));
                None
            }
        },
        None => None,
    };
    let note = reason["text"].as_str().map(str::to_owned);
    Some((parsed, note))
}

fn outcome_of(output: Option<&Value>, issues: &mut Vec<TaskIssue>) -> Option<OutcomeInput> {
    let outputs = output?.as_array()?;
    let mut description = None;
    let mut started_on = None;
    for o in outputs {
        let kind = o["type"]["text"]
            .as_str()
            .or_else(|| o["type"]["coding"][0]["code"].as_str());
        match kind {
            Some("outcome") => description = o["valueString"].as_str().map(str::to_owned),
            Some("started_on") => {
                match o["valueDate"]
                    .as_str()
                    .map(|d| d.parse::<chrono::NaiveDate>())
                {
                    Some(Ok(d)) => started_on = Some(d),
                    _ => issues.push(issue("is not a date", "Task.output.valueDate")),
                }
            }
            _ => issues.push(issue(
                "each output is of type outcome (valueString) or started_on (valueDate)",
                "Task.output.type",
            )),
        }
    }
    match description {
        Some(description) => Some(OutcomeInput {
            description,
            started_on,
        }),
        None => {
            issues.push(issue(
                "an outcome needs its valueString",
                "Task.output.valueString",
            ));
            None
        }
    }
}

/// Where in a Task a field of the transition input lives.
pub fn task_expression(field: &str) -> String {
    match field {
        "to" => "Task.status",
        "decline_reason" => "Task.statusReason.coding",
        "note" => "Task.statusReason.text",
        "outcome" | "outcome.description" => "Task.output.valueString",
        "outcome.started_on" => "Task.output.valueDate",
        _ => "Task",
    }
    .to_owned()
}
