//! `/fhir/Task`: one Task per referral, owned by its target. Reading and searching show the
//! referral's state; `PUT` and `PATCH` with `If-Match` move it, as
//! `POST /v1/referrals/{id}/transitions` does — the same rules, audit and events.

use actix_web::http::{StatusCode, header};
use actix_web::web::{Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use askel_openapi::fhir::{IssueType, task, task_change, task_expression, task_status};
use askel_openapi::referrals::{Referral, TransitionRequest};
use serde_json::Value;

use super::search::{ReferralResource, search_referrals};

use super::{FhirCaller, FhirError, parse_id, resource};
use crate::services::{referral_tasks, referrals as service};
use crate::state::AppState;
use crate::transaction;

/// A referral's Task.
pub async fn read(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "task")?;
    let (referral, side) = transaction::read_audited(&state, async |tx| {
        referral_tasks::task(tx, &caller.principal, id).await
    })
    .await?;
    let wire = Referral::new(referral, side, Vec::new(), None, None);
    Ok(resource(&task(&wire), &wire.version.to_string()))
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
            json_patch::patch(&mut doc, &p).map_err(|e| {
                FhirError::invalid(vec![(format!("the patch does not apply: {e}"), None)])
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
    let principal = &caller.principal;
    // A proposal the Task's rules refuse is answered after the read is committed (its audit
    // record kept); nothing else is written then.
    let moved = transaction::write(state, async |tx| {
        let (referral, side) = referral_tasks::task(tx, principal, id).await?;
        if referral.version != version {
            return Err(crate::error::ApiError::PreconditionFailed);
        }
        let current = task(&Referral::new(
            referral.clone(),
            side,
            Vec::new(),
            None,
            None,
        ));
        let request = match requested_move(&current, proposal) {
            Ok(Some(request)) => request,
            Ok(None) => return Ok(Ok((referral, side))),
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(service::move_to(
            tx,
            principal,
            id,
            request,
            Some(version),
        )
        .await?))
    })
    .await??;
    let (referral, side) = moved;
    let wire = Referral::new(referral, side, Vec::new(), None, None);
    Ok(resource(&task(&wire), &wire.version.to_string()))
}

/// `PUT /fhir/Task/{id}` with the whole Task and `If-Match`.
pub async fn update(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "task")?;
    content_type(&req, &["application/fhir+json", "application/json"])?;
    let version = if_match(&req)?;
    let proposed = json(&body)?;
    change(&state, &caller, id, version, Proposal::Whole(proposed)).await
}

/// `PATCH /fhir/Task/{id}` with a JSON Patch and `If-Match`.
pub async fn patch(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "task")?;
    content_type(&req, &["application/json-patch+json"])?;
    let version = if_match(&req)?;
    let patch = serde_json::from_value(json(&body)?)
        .map_err(|_| FhirError::bad("is not a JSON Patch (RFC 6902)", "body"))?;
    change(&state, &caller, id, version, Proposal::Patch(patch)).await
}
