//! Webhook subscriptions and their delivery log on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{EventType, WebhookPayload, WebhookStatus};

/// A new subscription.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "http://127.0.0.1:9000/askel/webhooks", "event_types": ["referral.received", "referral.status_changed", "referral.updated"]}))]
pub struct CreateWebhook {
    /// Where deliveries go: `https://`, not to a private, loopback or link-local address. (The
    /// example is the demo's local receiver: `serve --demo` allows plain `http` on 127.0.0.1,
    /// as `ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK=true` does.)
    #[schema(max_length = 2048)]
    #[validate(length(max = 2048))]
    pub url: String,
    /// Only these event types; every type when left out or empty.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub event_types: Vec<EventType>,
    /// Only this project's events.
    pub project_id: Option<Uuid>,
}

/// A change to a subscription: fields left out stay.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "active"}))]
pub struct UpdateWebhook {
    /// New URL.
    #[schema(max_length = 2048)]
    #[validate(length(max = 2048))]
    pub url: Option<String>,
    /// New event types (empty: every type).
    #[validate(length(max = 50))]
    pub event_types: Option<Vec<EventType>>,
    /// New project; `null` for every project.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<Uuid>)]
    pub project_id: Option<Option<Uuid>>,
    /// `active` resumes a paused subscription (from where it stopped); `paused` pauses it.
    pub status: Option<WebhookStatus>,
    /// `true` makes a new signing secret, shown once in the answer; the old one keeps signing
    /// beside it for 24 hours, during which another rotation answers 409.
    #[serde(default)]
    pub rotate_secret: bool,
}

/// A subscription.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Webhook {
    /// Its id.
    pub id: Uuid,
    /// Where deliveries go.
    pub url: String,
    /// The event types delivered; every type when empty.
    pub event_types: Vec<EventType>,
    /// Only this project's events, when set.
    pub project_id: Option<Uuid>,
    /// `active` or `paused`.
    pub status: WebhookStatus,
    /// Why it is paused.
    pub paused_reason: Option<String>,
    /// What deliveries carry: `askel` (the event, as in `/v1/events`) or `fhir_id_only` (a FHIR
    /// R4 id-only notification: a subscription made at `/fhir/Subscription`).
    pub payload: WebhookPayload,
    /// Failed attempts in a row at the next event.
    pub failures: i32,
    /// When the next attempt is due after a failure.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The signing secret (`whsec_…`): only in the answer that created it or rotated it; keep
    /// it, it is not shown again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The organisation's subscriptions.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct WebhookList {
    /// Oldest first.
    pub items: Vec<Webhook>,
}

/// One attempt to deliver one event.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Delivery {
    /// Its id.
    pub id: Uuid,
    /// The event (its `webhook-id`).
    pub event_id: Uuid,
    /// The event's type.
    pub event_type: EventType,
    /// The attempt's number for the event.
    pub attempt: i32,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// `delivered` (a 2xx) or `failed`.
    pub outcome: String,
    /// What went wrong.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i32,
    /// When.
    pub at: DateTime<Utc>,
}

/// A subscription's latest delivery attempts.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct DeliveryList {
    /// Newest first, at most 100.
    pub items: Vec<Delivery>,
}
