//! `/fhir/Subscription`: the county's R4 rest-hook Subscriptions on
//! `ServiceRequest?performer=Organization/{its own id}`, kept as webhook subscriptions of its
//! organisation (listed under `/v1/webhooks` too) whose deliveries are signed id-only
//! notifications. The signing secret is shown once, in the created Subscription.

use actix_web::http::{StatusCode, header};
use actix_web::web::{Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use askel_domain::{EventType, WebhookPayload};
use askel_openapi::fhir::{IssueType, TaskIssue, subscription, subscription_criteria};
use serde_json::Value;

use super::tasks::{content_type, json};
use super::{FhirCaller, FhirError, parse_id, resource};
use crate::error::ApiError;
use crate::routes::webhooks::wire;
use crate::services::webhooks as service;
use crate::state::AppState;
use crate::transaction;

/// The reason a Subscription reads with when none was kept (those created before reasons were).
const REASON: &str = "Referrals addressed to the organisation";

/// The longest reason kept.
const REASON_CHARS: usize = 500;

/// The events a Subscription on the organisation's inbox is notified of.
const EVENTS: [EventType; 3] = [
    EventType::ReferralReceived,
    EventType::ReferralStatusChanged,
    EventType::ReferralUpdated,
];

fn issue(message: &str, at: &str) -> TaskIssue {
    (message.to_owned(), Some(at.to_owned()))
}

/// The endpoint a proposed Subscription asks for, or what is wrong with it.
fn endpoint(s: &Value, organisation: uuid::Uuid) -> Result<String, FhirError> {
    let mut issues = Vec::new();
    if s["resourceType"] != "Subscription" {
        return Err(FhirError::invalid(vec![issue(
            "the body is not a Subscription",
            "Subscription.resourceType",
        )]));
    }
    let criteria = s["criteria"].as_str().unwrap_or("");
    let accepted = [
        subscription_criteria(organisation),
        format!("ServiceRequest?performer={organisation}"),
    ];
    if !accepted.iter().any(|a| a == criteria) {
        issues.push(issue(
            &format!(
                "only {} (your organisation's inbox) is supported",
                accepted[0]
            ),
            "Subscription.criteria",
        ));
    }
    match s["reason"].as_str() {
        None | Some("") => issues.push(issue("is required", "Subscription.reason")),
        Some(r) if r.chars().count() > REASON_CHARS => issues.push(issue(
            &format!("is at most {REASON_CHARS} characters"),
            "Subscription.reason",
        )),
        Some(_) => {}
    }
    let channel = &s["channel"];
    if channel["type"] != "rest-hook" {
        issues.push(issue(
            "only rest-hook is supported",
            "Subscription.channel.type",
        ));
    }
    if !channel["payload"].is_null() && channel["payload"] != askel_openapi::fhir::FHIR_JSON {
        issues.push(issue(
            "notifications are application/fhir+json (id-only)",
            "Subscription.channel.payload",
        ));
    }
    if !channel["header"].is_null() {
        issues.push(issue(
            "is not supported: notifications are signed (Standard Webhooks) instead",
            "Subscription.channel.header",
        ));
    }
    let endpoint = channel["endpoint"].as_str();
    if endpoint.is_none() {
        issues.push(issue("is required", "Subscription.channel.endpoint"));
    }
    match endpoint {
        Some(e) if issues.is_empty() => Ok(e.to_owned()),
        _ => Err(FhirError::invalid(issues)),
    }
}

/// `POST /fhir/Subscription`.
pub async fn create(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, FhirError> {
    content_type(&req, &["application/fhir+json", "application/json"])?;
    let proposed = json(&body)?;
    let org = caller
        .principal
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    let url = endpoint(&proposed, org.as_uuid())?;
    let created = transaction::write(&state, &caller.principal, async |work| {
        service::create(
            work,
            &state,
            service::NewSubscription {
                url: &url,
                event_types: EVENTS.to_vec(),
                project: None,
                payload: WebhookPayload::FhirIdOnly,
                reason: proposed["reason"].as_str().map(str::to_owned),
            },
        )
        .await
    })
    .await
    .map_err(|e| match e {
        ApiError::Invalid(errors) => FhirError::Issues {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: IssueType::Invalid,
            issues: errors
                .into_iter()
                .map(|f| (f.message, Some("Subscription.channel.endpoint".to_owned())))
                .collect(),
        },
        other => other.into(),
    })?;
    let reason = created
        .subscription
        .reason
        .clone()
        .unwrap_or_else(|| REASON.to_owned());
    let w = wire(created.subscription, Some(created.secret));
    let location = format!("{}/Subscription/{}", caller.base, w.id);
    let mut response = resource(
        &subscription(&w, org.as_uuid(), &reason),
        &w.version.to_string(),
    );
    *response.status_mut() = StatusCode::CREATED;
    response.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&location).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// One of the organisation's FHIR Subscriptions (its other webhooks are no Subscriptions).
async fn owned(
    state: &AppState,
    caller: &FhirCaller,
    id: uuid::Uuid,
) -> Result<askel_domain::Subscription, ApiError> {
    let s = crate::transaction::read(state, &caller.principal, async |work| {
        service::get(work, id).await
    })
    .await?;
    if s.payload == WebhookPayload::FhirIdOnly {
        Ok(s)
    } else {
        Err(ApiError::NotFound("subscription"))
    }
}

/// `GET /fhir/Subscription/{id}`.
pub async fn read(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let s = owned(&state, &caller, parse_id(&id, "subscription")?).await?;
    let org = s.organisation_id.as_uuid();
    let reason = s.reason.clone().unwrap_or_else(|| REASON.to_owned());
    let w = wire(s, None);
    Ok(resource(
        &subscription(&w, org, &reason),
        &w.version.to_string(),
    ))
}

/// `DELETE /fhir/Subscription/{id}`: nothing more is sent.
pub async fn delete(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "subscription")?;
    owned(&state, &caller, id).await?;
    transaction::write(&state, &caller.principal, async |work| {
        service::delete(work, id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
