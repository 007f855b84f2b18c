//! One FHIR Task per referral, owned by its target: the closed loop of FHIR's referral
//! workflow. The county moves the Task; each move is the referral's transition.

use askel_domain::ReferralStatus as D;
use serde_json::{Value, json};

use super::CODE_LIST_SYSTEM;
use crate::enums::{DeclineReason, ReferralStatus};
use crate::referrals::{OutcomeInput, Referral, TransitionInput};

/// The Task status of each referral status.
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

pub fn task_status(s: D) -> &'static str {
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
        "authoredOn": super::date_time(r.created_at),
        "lastModified": super::date_time(r.updated_at),
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
    let same = |k: &str| proposed.get(k).is_none_or(|v| Some(v) == current.get(k));
    if current.get("status").and_then(Value::as_str) == status {
        if !same("statusReason") || !same("output") {
            return Err(vec![issue(
                "the reason and the output change only with the status",
                "Task.status",
            )]);
        }
        return Ok(None);
    }
    // A whole Task sent back keeps what it had: a reason is read only for a rejection, the
    // output only for a completion; any other change of them is refused.
    let (decline_reason, note) = match to {
        D::Declined => decline.unwrap_or((None, None)),
        _ if same("statusReason") => (None, None),
        _ => {
            return Err(vec![issue(
                "is given only when rejecting",
                "Task.statusReason",
            )]);
        }
    };
    let outcome = match to {
        D::Completed => outcome,
        _ if same("output") => None,
        _ => return Err(vec![issue("is given only when completing", "Task.output")]),
    };
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
            Some("started_on") => match o["valueDate"].as_str().map(crate::dates::parse_date) {
                Some(Ok(d)) => started_on = Some(d),
                Some(Err(why)) => issues.push(issue(why, "Task.output.valueDate")),
                None => issues.push(issue("is not a date", "Task.output.valueDate")),
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use askel_domain::CodeList;

    fn current(status: &str) -> Value {
        json!({"resourceType": "Task", "id": "t", "status": status, "intent": "order",
               "owner": {"reference": "Organization/o"}, "focus": {"reference": "ServiceRequest/t"}})
    }

    fn moved(current: &Value, change: Value) -> Result<Option<TransitionInput>, Vec<TaskIssue>> {
        let mut proposed = current.clone();
        for (k, v) in change.as_object().unwrap() {
            proposed[k] = v.clone();
        }
        task_change(current, &proposed)
    }

    #[test]
    fn every_referral_status_has_its_own_task_status() {
        let mut seen: Vec<&str> = D::all().iter().map(|s| task_status(*s)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), D::all().len());
    }

    #[test]
    fn the_status_asked_is_the_move() {
        let c = current("received");
        let m = moved(&c, json!({"status": "accepted"})).unwrap().unwrap();
        assert_eq!(D::from(m.to), D::Accepted);
        assert!(
            moved(&c, json!({})).unwrap().is_none(),
            "no change, no move"
        );
        let e = moved(&c, json!({"status": "on-hold"})).unwrap_err();
        assert_eq!(e[0].1.as_deref(), Some("Task.status"));
    }

    #[test]
    fn a_rejection_reads_its_reason_and_a_completion_its_output() {
        let c = current("received");
        let reason = json!({"coding": [{"system": "urn:askel:code-list:decline_reasons", "code": "no_capacity"}], "text": "Täynnä."});
        let m = moved(&c, json!({"status": "rejected", "statusReason": reason}))
            .unwrap()
            .unwrap();
        assert_eq!(m.decline_reason, Some(DeclineReason::NoCapacity));
        assert_eq!(m.note.as_deref(), Some("Täynnä."));
        let bad =
            json!({"coding": [{"system": "urn:askel:code-list:decline_reasons", "code": "bored"}]});
        assert!(moved(&c, json!({"status": "rejected", "statusReason": bad})).is_err());

        let c = current("in-progress");
        let output = json!([{"type": {"text": "outcome"}, "valueString": "Alkoi."}, {"type": {"text": "started_on"}, "valueDate": "2025-03-03"}]);
        let m = moved(&c, json!({"status": "completed", "output": output}))
            .unwrap()
            .unwrap();
        let o = m.outcome.unwrap();
        assert_eq!(
            (o.description.as_str(), o.started_on.map(|d| d.to_string())),
            ("Alkoi.", Some("2025-03-03".to_owned()))
        );
        assert!(
            moved(&c, json!({"status": "completed", "output": [{"type": {"text": "x"}, "valueString": "y"}]})).is_err()
        );
    }

    #[test]
    fn what_the_task_keeps_is_ignored_and_anything_else_refused() {
        let mut c = current("completed");
        c["output"] = json!([{"type": {"text": "outcome"}, "valueString": "Alkoi."}]);
        // Sent back whole with another status, the output it had is no new outcome.
        let m = moved(&c, json!({"status": "received"})).unwrap().unwrap();
        assert!(m.outcome.is_none());
        let e = moved(&c, json!({"status": "received", "output": [{"type": {"text": "outcome"}, "valueString": "Muu."}]})).unwrap_err();
        assert_eq!(e[0].1.as_deref(), Some("Task.output"));
        for (field, value) in [
            ("owner", json!({"reference": "Organization/x"})),
            ("focus", json!({"reference": "ServiceRequest/x"})),
            ("id", json!("other")),
        ] {
            let e = moved(&c, json!({"status": "received", field: value})).unwrap_err();
            assert_eq!(e[0].1.as_deref(), Some(format!("Task.{field}").as_str()));
        }
        let e = task_change(&c, &json!({"resourceType": "Patient"})).unwrap_err();
        assert_eq!(e[0].1.as_deref(), Some("Task.resourceType"));
    }
}
