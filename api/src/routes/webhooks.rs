//! `/v1/webhooks`: an organisation's subscriptions, their delivery log and redelivery.

use actix_web::http::header;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use askel_domain::webhook::Subscription;
use askel_openapi::document::tags;
use askel_openapi::webhooks::{
    CreateWebhook, Delivery, DeliveryList, UpdateWebhook, Webhook, WebhookList,
};
use askel_persistence::DeliveryRecord;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, etag};
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::webhooks as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update)
        .service(remove)
        .service(deliveries)
        .service(redeliver);
}

/// The wire form of a subscription (with its secret when just made or rotated).
pub(crate) fn wire(s: Subscription, secret: Option<String>) -> Webhook {
    Webhook {
        id: s.id,
        url: s.url,
        event_types: s.event_types.into_iter().map(Into::into).collect(),
        project_id: s.project_id.map(askel_domain::ProjectId::as_uuid),
        status: s.status.into(),
        paused_reason: s.paused_reason,
        payload: s.payload.into(),
        failures: s.failures,
        next_attempt_at: s.next_attempt_at,
        secret,
        version: s.version,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn delivery(d: DeliveryRecord) -> Delivery {
    Delivery {
        id: d.id,
        event_id: d.event_id,
        event_type: d.event_type.into(),
        attempt: d.attempt,
        status_code: d.status_code,
        outcome: if d.delivered { "delivered" } else { "failed" }.to_owned(),
        error: d.error,
        duration_ms: d.duration_ms,
        at: d.at,
    }
}

/// Subscribe to your change feed.
///
/// Every event of your feed (or of `event_types`, or of one project) is POSTed to `url` as it
/// happens, from now on: `{"type", "timestamp", "data"}` with `data` the feed's event (ids
/// only). Deliveries are signed by the Standard Webhooks convention — verify
/// `webhook-signature` with the `secret` in this answer, which is not shown again — arrive at
/// least once and in feed order (deduplicate by `webhook-id`), and a failed one is retried with
/// exponential backoff (5 s doubling to an hour) for 24 hours, then the subscription is paused
/// with the reason. The URL must be `https://` and must not reach a private, loopback or
/// link-local address. With an `Idempotency-Key`, a retry answers the same subscription
/// without its secret (shown once only; rotate it if the first answer was lost).
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "createWebhook",
    request_body = CreateWebhook,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses(
        (status = 201, description = "Subscribed; the secret is in this answer only.", body = Webhook),
        (status = 409, description = "The organisation holds 50 subscriptions already; delete one first.", body = askel_openapi::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The URL or a field is refused.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
async fn create(
    op: IdempotentCreate,
    body: JsonBody<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let input = body.value;
    let types: Vec<askel_domain::EventType> =
        input.event_types.into_iter().map(Into::into).collect();
    let state = op.state();
    let state_ref = &state;
    op.run(body.digest, async move |work| {
        let created = service::create(
            work,
            state_ref,
            service::NewSubscription {
                url: &input.url,
                event_types: types,
                project: input.project_id,
                payload: askel_domain::WebhookPayload::Askel,
                reason: None,
            },
        )
        .await?;
        let s = created.subscription;
        let (location, tag) = (format!("/v1/webhooks/{}", s.id), etag(s.version));
        Created::new(&wire(s.clone(), Some(created.secret)), location)?
            .replayed_as(&wire(s, None))
            .map(|c| c.with_etag(tag))
    })
    .await
    .map(|mut r| {
        r.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        r
    })
}

/// List your subscriptions.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "listWebhooks",
    responses((status = 200, description = "Your subscriptions.", body = WebhookList))
)]
#[get("/webhooks")]
async fn list(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    let found =
        crate::transaction::read(&state, &principal, async |work| service::list(work).await)
            .await?;
    Ok(HttpResponse::Ok().json(WebhookList {
        items: found.into_iter().map(|s| wire(s, None)).collect(),
    }))
}

/// Read a subscription.
///
/// With its status (and why it is paused) and the next retry after a failure.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "getWebhook",
    params(("id" = Uuid, Path, description = "Subscription id.")),
    responses((status = 200, description = "The subscription.", body = Webhook))
)]
#[get("/webhooks/{id}")]
async fn read(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let s = crate::transaction::read(&state, &principal, async |work| {
        service::get(work, *id).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(s.version)))
        .json(wire(s, None)))
}

/// Change a subscription.
///
/// Change its URL, event types or project; `status: active` resumes a paused one from the
/// event where it stopped; `rotate_secret: true` answers a new secret once, the old one signing
/// beside it for 24 hours.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "updateWebhook",
    request_body = UpdateWebhook,
    params(("id" = Uuid, Path, description = "Subscription id."), ("If-Match" = Option<String>, Header, description = "The ETag last read.")),
    responses(
        (status = 200, description = "Changed.", body = Webhook),
        (status = 409, description = "`rotate_secret` while the previous secret still signs (24 hours after a rotation).", body = askel_openapi::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since the ETag in If-Match.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/webhooks/{id}")]
async fn update(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let input = body.value;
    let change = service::Change {
        url: input.url,
        event_types: input
            .event_types
            .map(|t| t.into_iter().map(Into::into).collect()),
        project_id: input.project_id,
        status: input.status.map(Into::into),
        rotate_secret: input.rotate_secret,
    };
    let changed = crate::transaction::write(&state, &principal, async |work| {
        service::update(work, &state, *id, change, if_match.0).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(changed.subscription.version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(wire(changed.subscription, changed.secret)))
}

/// Remove a subscription.
///
/// Nothing more is delivered; its log goes with it.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "deleteWebhook",
    params(("id" = Uuid, Path, description = "Subscription id.")),
    responses((status = 204, description = "Removed."))
)]
#[delete("/webhooks/{id}")]
async fn remove(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    crate::transaction::write(&state, &principal, async |work| {
        service::delete(work, *id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Read the delivery log.
///
/// The latest 100 attempts, newest first: the event, the attempt's number, the receiver's
/// status or what went wrong, and how long it took.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "listWebhookDeliveries",
    params(("id" = Uuid, Path, description = "Subscription id.")),
    responses((status = 200, description = "The latest attempts.", body = DeliveryList))
)]
#[get("/webhooks/{id}/deliveries")]
async fn deliveries(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let found = crate::transaction::read(&state, &principal, async |work| {
        service::deliveries(work, *id).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(DeliveryList {
        items: found.into_iter().map(delivery).collect(),
    }))
}

/// Deliver an event again.
///
/// Sends the logged delivery's event once more, now, signed as before, and answers the new
/// attempt; the subscription's place in the feed does not move.
#[utoipa::path(
    tag = tags::WEBHOOKS,
    operation_id = "redeliverWebhook",
    params(("id" = Uuid, Path, description = "Subscription id."), ("delivery_id" = Uuid, Path, description = "A delivery in its log.")),
    responses((status = 200, description = "The new attempt.", body = Delivery))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
async fn redeliver(
    state: Data<AppState>,
    principal: Principal,
    path: Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let record = service::redeliver(&state, &principal, id, delivery_id).await?;
    Ok(HttpResponse::Ok().json(delivery(record)))
}
