//! `/fhir/Task`: one Task per referral, owned by its target. Reading and searching show the
//! referral's state; `PUT` and `PATCH` with `If-Match` move it, as
//! `POST /v1/referrals/{id}/transitions` does — the same rules, audit and events.

use actix_web::http::{StatusCode, header};
use actix_web::web::{Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use askel_domain::TransitionRequest;
use askel_openapi::fhir::{IssueType, task, task_change, task_expression, task_status};
use askel_openapi::referrals::Referral;
use serde_json::Value;

use super::search::{ReferralResource, search_referrals};

use super::{FhirCaller, FhirError, parse_id, resource};
use crate::services::referral_reads::SeenReferral;
use crate::services::{referral_tasks, referrals as service};
use crate::state::AppState;
use crate::transaction;

/// The Task of `referral` as `side` sees it, with its version as the `ETag`.
fn task_resource(seen: SeenReferral) -> HttpResponse {
    let wire = Referral::new(seen.referral, seen.side, Vec::new(), None, None);
    resource(&task(&wire), &wire.version.to_string())
}

/// A referral's Task.
pub async fn read(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "task")?;
    let seen = transaction::read_audited(&state, &caller.principal, async |work| {
        referral_tasks::task(work, id).await
    })
    .await?;
    Ok(task_resource(seen))
}

/// The Tasks of the referrals the caller's organisation sent or received, by `owner`,
/// `requester`, `status` and `_lastUpdated`.
pub async fn search(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
) -> Result<HttpResponse, FhirError> {
    search_referrals(state, caller, req, &TASK).await
}

const TASK: ReferralResource = ReferralResource {
    resource_type: "Task",
    target_param: "owner",
    status_of: task_status,
    render: task,
};

/// The version `If-Match` names: `W/"3"` or `"3"`.
fn if_match(req: &HttpRequest) -> Result<i32, FhirError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(FhirError::PreconditionRequired)?
        .to_str()
        .unwrap_or("");
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map_err(|_| FhirError::bad("must be W/\"{versionId}\"", "If-Match"))
}

/// Refuses a body that is not of `expected` media types (415).
pub(super) fn content_type(req: &HttpRequest, expected: &[&str]) -> Result<(), FhirError> {
    let given = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if expected.contains(&given.as_str()) {
        return Ok(());
    }
    Err(FhirError::Issues {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        kind: IssueType::NotSupported,
        issues: vec![(format!("send {}", expected.join(" or ")), None)],
    })
}

pub(super) fn json(body: &Bytes) -> Result<Value, FhirError> {
    serde_json::from_slice(body).map_err(|e| {
        FhirError::bad(
            format!(
                "the body is not JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
            "body",
        )
    })
}

/// How the proposed Task is made from the current one.
enum Proposal {
    /// The whole Task (`PUT`).
    Whole(Value),
    /// A JSON Patch on the current Task (`PATCH`).
    Patch(json_patch::Patch),
}

/// The move a proposal asks of the current Task: `None` when it asks none.
fn requested_move(
    current: &Value,
    proposal: Proposal,
) -> Result<Option<TransitionRequest>, FhirError> {
    let proposed = match proposal {
        Proposal::Whole(v) => v,
        Proposal::Patch(p) => {
            let mut doc = current.clone();
            // The error names the operation by its number, never the path sent.
            json_patch::patch(&mut doc, &p).map_err(|e| {
                FhirError::invalid(vec![(
                    format!(
                        "operation {} of the patch does not apply to the Task",
                        e.operation + 1
                    ),
                    None,
                )])
            })?;
            doc
        }
    };
    let Some(input) = task_change(current, &proposed).map_err(FhirError::invalid)? else {
        return Ok(None);
    };
    TransitionRequest::try_from(input)
        .map(Some)
        .map_err(|invalid| {
            FhirError::invalid(
                invalid
                    .0
                    .into_iter()
                    .map(|f| (f.message, Some(task_expression(&f.field))))
                    .collect(),
            )
        })
}

/// Moves the Task as proposed, from the version `If-Match` names.
async fn change(
    state: &AppState,
    caller: &FhirCaller,
    id: uuid::Uuid,
    version: i32,
    proposal: Proposal,
) -> Result<HttpResponse, FhirError> {
    // A proposal the Task's rules refuse is answered after the read is committed (its audit
    // record kept); nothing else is written then.
    let moved = transaction::write(state, &caller.principal, async |work| {
        let seen = referral_tasks::task(work, id).await?;
        if seen.referral.version != version {
            return Err(crate::error::ApiError::PreconditionFailed);
        }
        let current = task(&Referral::new(
            seen.referral.clone(),
            seen.side,
            Vec::new(),
            None,
            None,
        ));
        let request = match requested_move(&current, proposal) {
            Ok(Some(request)) => request,
            Ok(None) => return Ok(Ok(seen)),
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(service::move_to(work, id, request, Some(version)).await?))
    })
    .await??;
    Ok(task_resource(moved))
}

/// `PUT /fhir/Task/{id}` with the whole Task and `If-Match`.
pub async fn update(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> Result<HttpResponse, FhirError> {
    let types = ["application/fhir+json", "application/json"];
    let proposal = || Ok(Proposal::Whole(json(&body)?));
    requested_change(&state, &caller, &req, &id, &types, proposal).await
}

/// `PATCH /fhir/Task/{id}` with a JSON Patch and `If-Match`.
pub async fn patch(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> Result<HttpResponse, FhirError> {
    let types = ["application/json-patch+json"];
    let proposal = || Ok(Proposal::Patch(task_patch(json(&body)?)?));
    requested_change(&state, &caller, &req, &id, &types, proposal).await
}

/// A change as requested: the Task's id, a body of one of `types`, the version `If-Match`
/// names, then the body read as a proposal, each checked in that order.
async fn requested_change(
    state: &AppState,
    caller: &FhirCaller,
    req: &HttpRequest,
    id: &str,
    types: &[&str],
    proposal: impl FnOnce() -> Result<Proposal, FhirError>,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(id, "task")?;
    content_type(req, types)?;
    let version = if_match(req)?;
    change(state, caller, id, version, proposal()?).await
}

/// The most operations one patch of a Task may hold: a move needs at most a few.
pub const MAX_PATCH_OPERATIONS: usize = 16;

/// The Task elements a patch may change; everything else is fixed by the referral.
const PATCHABLE: &[&str] = &["status", "statusReason", "output", "note"];

/// A JSON Patch of a Task, checked before it is applied: at most [`MAX_PATCH_OPERATIONS`]
/// operations, only `add`, `remove`, `replace` and `test`, and changes only under the
/// [`PATCHABLE`] elements (a `test` may look anywhere). `copy` and `move` are refused: they
/// are never needed to move a Task and let a small body grow the document without bound.
/// Problems name the operation by its number, never the path sent.
fn task_patch(body: Value) -> Result<json_patch::Patch, FhirError> {
    let not_a_patch = || FhirError::bad("is not a JSON Patch (RFC 6902)", "body");
    let ops = body.as_array().ok_or_else(not_a_patch)?;
    if ops.len() > MAX_PATCH_OPERATIONS {
        return Err(FhirError::invalid(vec![(
            format!("a patch holds at most {MAX_PATCH_OPERATIONS} operations"),
            None,
        )]));
    }
    for (n, op) in ops.iter().enumerate() {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let allowed = match kind {
            "test" => true,
            "add" | "remove" | "replace" => patchable(path),
            _ => {
                return Err(FhirError::invalid(vec![(
                    format!(
                        "operation {}: only add, remove, replace and test are accepted",
                        n + 1
                    ),
                    None,
                )]));
            }
        };
        if !allowed {
            return Err(FhirError::invalid(vec![(
                format!(
                    "operation {}: a patch may change only {}",
                    n + 1,
                    PATCHABLE.join(", ")
                ),
                None,
            )]));
        }
    }
    serde_json::from_value(body).map_err(|_| not_a_patch())
}

/// Whether a JSON Pointer lies at or under an element a patch may change.
fn patchable(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let element = rest.split('/').next().unwrap_or("");
    PATCHABLE.contains(&element)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(body: Value) -> String {
        match task_patch(body) {
            Err(FhirError::Issues { issues, .. }) => issues[0].0.clone(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_status_move_passes() {
        let p = task_patch(json!([
            {"op": "test", "path": "/meta/versionId", "value": "2"},
            {"op": "replace", "path": "/status", "value": "accepted"},
            {"op": "add", "path": "/output/0", "value": {}},
            {"op": "remove", "path": "/statusReason"}
        ]))
        .unwrap();
        assert_eq!(p.0.len(), 4);
    }

    #[test]
    fn copy_and_move_are_refused_before_anything_is_applied() {
        for op in ["copy", "move"] {
            let message = refused(json!([{"op": op, "from": "", "path": "/x1"}]));
            assert!(
                message.contains("only add, remove, replace and test"),
                "{message}"
            );
        }
    }

    #[test]
    fn too_many_operations_are_refused() {
        let ops: Vec<Value> = (0..=MAX_PATCH_OPERATIONS)
            .map(|_| json!({"op": "test", "path": "/status", "value": "requested"}))
            .collect();
        assert!(refused(Value::Array(ops)).contains("at most 16"));
    }

    #[test]
    fn fixed_elements_are_refused_without_echoing_the_path() {
        for path in ["/owner", "/250583-111K", "", "/statusX", "status"] {
            let message = refused(json!([{"op": "replace", "path": path, "value": 1}]));
            assert!(!message.contains("250583"), "{message}");
            assert!(message.contains("may change only"), "{message}");
        }
    }

    #[test]
    fn a_body_that_is_not_a_patch_is_refused() {
        assert!(refused(json!({"op": "replace"})).contains("JSON Patch"));
        assert!(refused(json!([{"op": "replace", "path": "/status"}])).contains("JSON Patch"));
    }
}
