//! The dispatcher: a task on every instance that finds subscriptions due for delivery, leases
//! one at a time (so two instances never deliver a subscription at once), reads the
//! organisation's feed after the subscription's cursor — the same gap-free feed as
//! `GET /v1/events` — and POSTs each event in order, moving the cursor only once the receiver
//! answered 2xx. A failure stops the subscription's deliveries (to keep the order) until its
//! retry time; a run of failures as long as the policy allows pauses it. Nothing is lost across
//! restarts: the cursor is in the database, and an event whose success was not recorded is
//! sent again (at least once).

use std::sync::Arc;
use std::time::Instant;

use askel_domain::Event;
use askel_domain::webhook::{AfterFailure, Subscription, WebhookPayload, WebhookStatus};
use askel_persistence::{Database, DeliveryRecord, StoreError, StoredSubscription};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::WebhookSettings;
use super::address::{AddressPolicy, CheckedResolver};
use super::signing;
use crate::crypto::DataKey;
use crate::transaction::outside::{read_in, write_in};

/// Events sent per lease before the lease is given back.
const BATCH: u64 = 50;

/// What a delivery's body holds: the feed's event, ids only.
#[derive(Debug, Serialize)]
pub struct Payload {
    /// The event type.
    #[serde(rename = "type")]
    pub event_type: askel_openapi::enums::EventType,
    /// When it happened.
    pub timestamp: DateTime<Utc>,
    /// The event as the feed gives it.
    pub data: askel_openapi::events::Event,
}

/// What the dispatcher needs.
#[derive(Clone, Debug)]
pub struct Dispatcher {
    db: Database,
    key: Option<Arc<DataKey>>,
    settings: WebhookSettings,
    client: reqwest::Client,
}

/// The outcome of one POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// What went wrong, in words with no personal data; none on a 2xx.
    pub error: Option<String>,
    /// How long it took.
    pub millis: i32,
}

impl Attempt {
    fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

impl Dispatcher {
    /// A dispatcher over `db`, opening secrets with `key`.
    pub fn new(
        db: Database,
        key: Option<Arc<DataKey>>,
        settings: WebhookSettings,
    ) -> Result<Self, reqwest::Error> {
        crate::install_tls_provider();
        let client = reqwest::Client::builder()
            .dns_resolver(CheckedResolver(AddressPolicy::of(&settings)))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(settings.timeout)
            .user_agent("Askel-Webhooks/1")
            .build()?;
        Ok(Self {
            db,
            key,
            settings,
            client,
        })
    }

    /// Runs for ever: every poll interval, delivers what is due.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match self.tick().await {
                    // A full batch went out: more may be waiting.
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "webhook dispatch round failed"),
                }
                tokio::time::sleep(self.settings.poll).await;
            }
        })
    }

    /// How long a lease lasts: three delivery timeouts, so a batch never outlives it.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.settings.timeout * 3)
            .unwrap_or_else(|_| chrono::Duration::seconds(30))
    }

    /// One round: every due subscription this instance can lease; `true` when one of them
    /// had a full batch to deliver.
    pub async fn tick(&self) -> Result<bool, StoreError> {
        let now = Utc::now();
        let due = read_in(&self.db, async |tx| {
            tx.webhooks().due_subscriptions(now, 20).await
        })
        .await?;
        let mut busy = false;
        for id in due {
            match self.deliver_subscription(id).await {
                Ok(full) => busy |= full,
                Err(e) => tracing::warn!(subscription = %id, error = %e, "webhook delivery failed"),
            }
        }
        Ok(busy)
    }

    async fn deliver_subscription(&self, id: Uuid) -> Result<bool, StoreError> {
        let now = Utc::now();
        let until = now + self.lease();
        let won = write_in(&self.db, async |tx| {
            tx.webhooks().lease_subscription(id, now, until).await
        })
        .await?;
        if !won {
            return Ok(false);
        }
        let result = self.deliver_leased(id).await;
        write_in(&self.db, async |tx| {
            tx.webhooks().release_subscription(id).await
        })
        .await?;
        result
    }

    /// Delivers a leased subscription's next batch, in order, stopping at the first failure;
    /// the log and the cursor are written once for the batch (a crash before that sends the
    /// batch again: at least once). `true` when the batch was full.
    async fn deliver_leased(&self, id: Uuid) -> Result<bool, StoreError> {
        let started = Instant::now();
        let (stored, events) = read_in(&self.db, async |tx| {
            let stored = tx.webhooks().subscription(id).await?;
            let s = &stored.subscription;
            let events = tx
                .events()
                .events(
                    s.organisation_id,
                    s.cursor,
                    BATCH,
                    s.project_id,
                    &s.event_types,
                )
                .await?;
            let events = addressed_only(tx, &stored.subscription, events).await?;
            Ok::<_, StoreError>((stored, events))
        })
        .await?;
        if stored.subscription.status != WebhookStatus::Active {
            return Ok(false);
        }
        let full = u64::try_from(events.len()).unwrap_or(0) == BATCH;
        let secrets = self.secrets(&stored);
        let mut s = stored.subscription;
        let mut records = Vec::new();
        let mut stopped = false;
        for (event, matches) in events {
            if !matches {
                // Not what the subscription's criteria ask for: passed over, nothing sent.
                s.cursor = event.position;
                continue;
            }
            let attempt = self.post(&s, &secrets, &event).await;
            let now = Utc::now();
            let record = DeliveryRecord {
                id: Uuid::now_v7(),
                subscription_id: s.id,
                event_id: event.id,
                event_type: event.event_type,
                attempt: s.failures + 1,
                status_code: attempt.status.map(i32::from),
                delivered: attempt.delivered(),
                error: attempt.error.clone(),
                duration_ms: attempt.millis,
                at: now,
            };
            let delivered = attempt.delivered();
            crate::metrics::webhook_delivery(delivered, (now - event.occurred_at).as_seconds_f64());
            records.push(record);
            if delivered {
                s.cursor = event.position;
                s.failures = 0;
                s.failing_since = None;
                s.next_attempt_at = None;
            } else {
                failed(&mut s, &self.settings, &attempt, now);
            }
            if !delivered || started.elapsed() > self.settings.timeout {
                stopped = true;
                break;
            }
        }
        if !records.is_empty() {
            write_in(&self.db, async |tx| {
                tx.webhooks().insert_deliveries(&records).await?;
                tx.webhooks().save_subscription(&s).await
            })
            .await?;
        }
        Ok(full && !stopped)
    }

    /// The settings it delivers by.
    pub fn settings(&self) -> &WebhookSettings {
        &self.settings
    }

    /// The secrets that sign now: the current one, and the previous one during its overlap.
    pub fn secrets(&self, stored: &StoredSubscription) -> Vec<String> {
        let Some(key) = &self.key else {
            return Vec::new();
        };
        let mut out: Vec<String> = key.open(&stored.secret_cipher).into_iter().collect();
        if let Some((cipher, until)) = &stored.previous_secret
            && *until > Utc::now()
            && let Ok(previous) = key.open(cipher)
        {
            out.push(previous);
        }
        out
    }

    /// POSTs one event to subscription `s`, signed, in the form it asks for.
    pub async fn post(&self, s: &Subscription, secrets: &[String], event: &Event) -> Attempt {
        let url = s.url.as_str();
        let started = Instant::now();
        let millis = || i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        let refused = |error: &str| Attempt {
            status: None,
            error: Some(error.to_owned()),
            millis: millis(),
        };
        if let Err(why) = AddressPolicy::of(&self.settings).check(url) {
            return refused(&format!("the URL {why}"));
        }
        if secrets.is_empty() {
            return refused("no signing secret (ASKEL_DATA_KEY is not configured)");
        }
        let (content_type, body) = match s.payload {
            WebhookPayload::Askel => (
                "application/json",
                serde_json::to_vec(&Payload {
                    event_type: event.event_type.into(),
                    timestamp: event.occurred_at,
                    data: event.clone().into(),
                }),
            ),
            WebhookPayload::FhirIdOnly => (
                askel_openapi::fhir::FHIR_JSON,
                serde_json::to_vec(&askel_openapi::fhir::id_only_notification(
                    s.id,
                    event.id,
                    event.resource_id,
                    event.occurred_at,
                    Utc::now(),
                )),
            ),
        };
        let body = body.unwrap_or_default();
        let id = event.id.to_string();
        let timestamp = Utc::now().timestamp();
        let sent = self
            .client
            .post(url)
            .header("content-type", content_type)
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signing::header(secrets, &id, timestamp, &body),
            )
            .body(body)
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => Attempt {
                status: Some(r.status().as_u16()),
                error: None,
                millis: millis(),
            },
            Ok(r) => Attempt {
                status: Some(r.status().as_u16()),
                error: Some(format!(
                    "the receiver answered HTTP {}",
                    r.status().as_u16()
                )),
                millis: millis(),
            },
            Err(e) if e.is_timeout() => refused("no answer within the timeout"),
            Err(e) if e.is_connect() => refused("could not connect to the receiver"),
            Err(_) => refused("the request failed"),
        }
    }
}

/// Each event with whether the subscription's criteria take it: every event for Askel's own
/// payload; for a FHIR Subscription on `ServiceRequest?performer=` its organisation, only the
/// events of referrals addressed to it.
async fn addressed_only(
    tx: &askel_persistence::Tx,
    s: &Subscription,
    events: Vec<Event>,
) -> Result<Vec<(Event, bool)>, StoreError> {
    if s.payload == WebhookPayload::Askel {
        return Ok(events.into_iter().map(|e| (e, true)).collect());
    }
    let ids: Vec<Uuid> = events.iter().map(|e| e.resource_id).collect();
    let addressed = tx
        .referrals()
        .referrals_addressed_to(s.organisation_id, &ids)
        .await?;
    Ok(events
        .into_iter()
        .map(|e| {
            let matches = addressed.contains(&e.resource_id);
            (e, matches)
        })
        .collect())
}

/// A failed attempt: retry later by the policy, or pause once failures have lasted too long.
fn failed(s: &mut Subscription, settings: &WebhookSettings, attempt: &Attempt, now: DateTime<Utc>) {
    s.failures += 1;
    let since = *s.failing_since.get_or_insert(now);
    match settings.retry.after_failure(s.failures, since, now) {
        AfterFailure::RetryAt(at) => s.next_attempt_at = Some(at),
        AfterFailure::Pause => {
            s.status = WebhookStatus::Paused;
            s.version += 1;
            s.updated_at = now;
            s.paused_reason = Some(format!(
                "deliveries kept failing from {} (last: {})",
                since.format("%Y-%m-%dT%H:%M:%SZ"),
                attempt.error.as_deref().unwrap_or("unknown")
            ));
            s.next_attempt_at = None;
        }
    }
}
