//! The county's FHIR R4 Subscriptions (rest-hook on `ServiceRequest?performer=…`), kept as
//! webhook subscriptions, and their id-only notifications.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::enums::WebhookStatus;
use crate::webhooks::Webhook;

/// The only criteria served: the referrals addressed to `organisation`.
pub fn subscription_criteria(organisation: Uuid) -> String {
    format!("ServiceRequest?performer=Organization/{organisation}")
}

/// The subscription as a FHIR Subscription; with `secret` (only when it was made), the signing
/// secret in an extension, shown this once.
pub fn subscription(w: &Webhook, organisation: Uuid, reason: &str) -> Value {
    let mut s = json!({
        "resourceType": "Subscription",
        "id": w.id,
        "meta": {"versionId": w.version.to_string(), "lastUpdated": w.updated_at},
        "status": match w.status {
            WebhookStatus::Active => "active",
            WebhookStatus::Paused => "error",
        },
        "reason": reason,
        "criteria": subscription_criteria(organisation),
        "channel": {
            "type": "rest-hook",
            "endpoint": w.url,
            "payload": super::FHIR_JSON,
        },
    });
    if let Some(why) = &w.paused_reason {
        s["error"] = json!(why);
    }
    if let Some(secret) = &w.secret {
        s["extension"] = json!([{"url": SECRET_EXTENSION, "valueString": secret}]);
    }
    s
}

/// The extension that carries the signing secret once.
pub const SECRET_EXTENSION: &str = "urn:askel:webhook-signing-secret";

/// An id-only notification (the shape of the R4 Subscriptions Backport): a `history` Bundle
/// whose one entry is the subscription's status, naming the ServiceRequest that changed.
pub fn id_only_notification(
    subscription: Uuid,
    event: Uuid,
    referral: Uuid,
    occurred_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Value {
    json!({
        "resourceType": "Bundle",
        "type": "history",
        "timestamp": super::date_time(now),
        "entry": [{
            "fullUrl": format!("urn:uuid:{event}"),
            "resource": {
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "subscription", "valueReference": {"reference": format!("Subscription/{subscription}")}},
                    {"name": "status", "valueCode": "active"},
                    {"name": "type", "valueCode": "event-notification"},
                    {"name": "notification-event", "part": [
                        {"name": "event-number", "valueString": event.to_string()},
                        {"name": "timestamp", "valueInstant": super::date_time(occurred_at)},
                        {"name": "focus", "valueReference": {"reference": format!("ServiceRequest/{referral}")}}
                    ]}
                ]
            },
            "request": {"method": "GET", "url": format!("Subscription/{subscription}/$status")},
            "response": {"status": "200"}
        }]
    })
}
