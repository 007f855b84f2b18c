//! An organisation's webhook subscriptions: created, changed, resumed, rotated and removed by
//! its own integration staff; another organisation's answer 404.

use askel_domain::webhook::{Subscription, WebhookPayload, WebhookStatus};
use askel_domain::{Action, EventType, OrganisationId, ProjectId, Relation};
use askel_persistence::{DeliveryRecord, StoreError};
use uuid::Uuid;

use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::Work;
use crate::webhooks::address::AddressPolicy;
use crate::webhooks::signing;

/// How long a rotated-out secret keeps signing beside the new one.
const ROTATION_OVERLAP_HOURS: i64 = 24;

/// The caller's organisation, if its roles manage webhooks.
fn owner(principal: &Principal) -> Result<OrganisationId, ApiError> {
    principal.require(
        Action::ManageWebhooks,
        Relation::Owner,
        "only an organisation's managers and referral handlers manage its webhooks",
    )?;
    principal
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))
}

/// The longest URL a subscription keeps (as sent and as normalised).
pub const MAX_URL_CHARS: usize = 2048;

/// The most event types a subscription names (each type once).
pub const MAX_EVENT_TYPES: usize = 50;

/// The most subscriptions one organisation holds: the dispatcher shares its time among them.
pub const MAX_SUBSCRIPTIONS_PER_ORGANISATION: usize = 50;

/// Checks a URL against the length and address rules, resolving its host. Every door that
/// sets a delivery URL (`/v1/webhooks`, FHIR Subscriptions) passes here.
async fn checked_url(state: &AppState, url: &str) -> Result<String, ApiError> {
    let too_long =
        || ApiError::invalid("url", format!("must be at most {MAX_URL_CHARS} characters"));
    if url.chars().count() > MAX_URL_CHARS {
        return Err(too_long());
    }
    let policy = AddressPolicy::of(state.webhooks.settings());
    let parsed = policy
        .check(url)
        .map_err(|why| ApiError::invalid("url", why))?;
    if parsed.as_str().len() > MAX_URL_CHARS {
        return Err(too_long());
    }
    policy
        .resolve(&parsed)
        .await
        .map_err(|why| ApiError::invalid("url", why))?;
    Ok(parsed.to_string())
}

/// The event types (at most [`MAX_EVENT_TYPES`] sent), each kept once.
fn checked_types(sent: Vec<EventType>) -> Result<Vec<EventType>, ApiError> {
    if sent.len() > MAX_EVENT_TYPES {
        return Err(ApiError::invalid(
            "event_types",
            format!("names at most {MAX_EVENT_TYPES} event types"),
        ));
    }
    let mut types = Vec::new();
    for t in sent {
        if !types.contains(&t) {
            types.push(t);
        }
    }
    Ok(types)
}

async fn checked_project(
    work: &Work<'_>,
    project: Option<uuid::Uuid>,
) -> Result<Option<ProjectId>, ApiError> {
    let Some(id) = project.map(ProjectId::from_uuid) else {
        return Ok(None);
    };
    match work.projects().project(id).await {
        Ok(_) => Ok(Some(id)),
        Err(StoreError::NotFound) => Err(ApiError::invalid("project_id", "no such project")),
        Err(e) => Err(e.into()),
    }
}

/// A signing secret in the clear (shown once) and encrypted with the data key (stored).
struct NewSecret {
    clear: String,
    cipher: Vec<u8>,
}

/// A subscription with its signing secret, in the clear, when this change made one.
#[derive(Debug, Clone)]
pub struct WithSecret<S> {
    /// The subscription.
    pub subscription: Subscription,
    /// The secret: shown this once.
    pub secret: S,
}

/// A new secret, encrypted with the data key (and in the clear, to show once).
fn new_secret(state: &AppState) -> Result<NewSecret, ApiError> {
    let key = state.data_key.as_ref().ok_or_else(|| {
        ApiError::Conflict(
            "webhooks need ASKEL_DATA_KEY, which encrypts their signing secrets at rest".into(),
        )
    })?;
    let clear = signing::new_secret();
    let cipher = key.encrypt(&clear);
    Ok(NewSecret { clear, cipher })
}

/// What a new subscription asks for.
#[derive(Debug)]
pub struct NewSubscription<'a> {
    /// Where deliveries go.
    pub url: &'a str,
    /// Only these event types; every type when empty.
    pub event_types: Vec<EventType>,
    /// Only this project's events.
    pub project: Option<uuid::Uuid>,
    /// What deliveries carry.
    pub payload: WebhookPayload,
    /// Why the subscriber asks for it (a FHIR Subscription's `reason`).
    pub reason: Option<String>,
}

/// Creates a subscription starting at the feed's end: the events from now on.
pub async fn create(
    work: &Work<'_>,
    state: &AppState,
    new: NewSubscription<'_>,
) -> Result<WithSecret<String>, ApiError> {
    let NewSubscription {
        url,
        event_types,
        project,
        payload,
        reason,
    } = new;
    let org = owner(work.principal())?;
    if work.webhooks().subscriptions_of(org).await?.len() >= MAX_SUBSCRIPTIONS_PER_ORGANISATION {
        return Err(ApiError::Conflict(format!(
            "an organisation holds at most {MAX_SUBSCRIPTIONS_PER_ORGANISATION} webhook subscriptions; delete one first"
        )));
    }
    // Checked before the URL, whose host is looked up.
    let event_types = checked_types(event_types)?;
    let url = checked_url(state, url).await?;
    let project_id = checked_project(work, project).await?;
    let secret = new_secret(state)?;
    let at = now();
    let s = Subscription {
        id: Uuid::now_v7(),
        organisation_id: org,
        url,
        event_types,
        project_id,
        status: WebhookStatus::Active,
        paused_reason: None,
        cursor: work.webhooks().feed_end(org).await?,
        failures: 0,
        failing_since: None,
        next_attempt_at: None,
        payload,
        reason,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    work.webhooks()
        .insert_subscription(&s, secret.cipher)
        .await?;
    tracing::info!(subscription = %s.id, "webhook subscription created");
    Ok(WithSecret {
        subscription: s,
        secret: secret.clear,
    })
}

/// The organisation's subscriptions.
pub async fn list(work: &Work<'_>) -> Result<Vec<Subscription>, ApiError> {
    let org = owner(work.principal())?;
    Ok(work.webhooks().subscriptions_of(org).await?)
}

/// One of the organisation's subscriptions with its secrets, or 404.
async fn owned(
    work: &Work<'_>,
    id: Uuid,
) -> Result<askel_persistence::StoredSubscription, ApiError> {
    let org = owner(work.principal())?;
    match work.webhooks().subscription(id).await {
        Ok(s) if s.subscription.organisation_id == org => Ok(s),
        Ok(_) | Err(StoreError::NotFound) => Err(ApiError::NotFound("webhook")),
        Err(e) => Err(e.into()),
    }
}

/// One of the organisation's subscriptions, or 404.
pub async fn get(work: &Work<'_>, id: Uuid) -> Result<Subscription, ApiError> {
    Ok(owned(work, id).await?.subscription)
}

/// What a change asks for.
#[derive(Debug, Default)]
pub struct Change {
    /// New URL.
    pub url: Option<String>,
    /// New event types.
    pub event_types: Option<Vec<EventType>>,
    /// New project (`Some(None)`: every project).
    pub project_id: Option<Option<uuid::Uuid>>,
    /// Resume or pause.
    pub status: Option<WebhookStatus>,
    /// Make a new secret.
    pub rotate_secret: bool,
}

/// Changes a subscription; with `if_match`, only at that version. Resuming clears the run of
/// failures and delivers from where it stopped.
pub async fn update(
    work: &Work<'_>,
    state: &AppState,
    id: Uuid,
    change: Change,
    if_match: Option<i32>,
) -> Result<WithSecret<Option<String>>, ApiError> {
    let stored = owned(work, id).await?;
    if if_match.is_some_and(|v| v != stored.subscription.version) {
        return Err(ApiError::PreconditionFailed);
    }
    // The previous secret signs for a day after a rotation; a second rotation then would end
    // that day at once for receivers not yet moved over, so it waits.
    if change.rotate_secret
        && let Some((_, until)) = &stored.previous_secret
        && *until > now()
    {
        return Err(ApiError::Conflict(format!(
            "the previous secret signs beside the current one until {}; rotate again after that, or delete the subscription and create a new one to stop a leaked secret at once",
            until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    let mut s = stored.subscription;
    if let Some(types) = change.event_types {
        s.event_types = checked_types(types)?;
    }
    if let Some(url) = change.url {
        s.url = checked_url(state, &url).await?;
    }
    if let Some(project) = change.project_id {
        s.project_id = checked_project(work, project).await?;
    }
    match change.status {
        Some(WebhookStatus::Active) => {
            s.status = WebhookStatus::Active;
            s.paused_reason = None;
            s.failures = 0;
            s.failing_since = None;
            s.next_attempt_at = None;
        }
        Some(WebhookStatus::Paused) => {
            s.status = WebhookStatus::Paused;
            s.paused_reason = Some("paused by the organisation".into());
        }
        None => {}
    }
    let secret = if change.rotate_secret {
        let secret = new_secret(state)?;
        work.webhooks()
            .rotate_secret(
                id,
                secret.cipher,
                now() + chrono::Duration::hours(ROTATION_OVERLAP_HOURS),
            )
            .await?;
        Some(secret.clear)
    } else {
        None
    };
    s.version += 1;
    s.updated_at = now();
    work.webhooks().save_subscription(&s).await?;
    Ok(WithSecret {
        subscription: s,
        secret,
    })
}

/// Removes a subscription and its log.
pub async fn delete(work: &Work<'_>, id: Uuid) -> Result<(), ApiError> {
    get(work, id).await?;
    work.webhooks().delete_subscription(id).await?;
    Ok(())
}

/// The latest delivery attempts.
pub async fn deliveries(work: &Work<'_>, id: Uuid) -> Result<Vec<DeliveryRecord>, ApiError> {
    get(work, id).await?;
    Ok(work.webhooks().deliveries(id, 100).await?)
}

/// Sends a logged delivery's event again now, and logs the attempt; the cursor does not move.
pub async fn redeliver(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    delivery_id: Uuid,
) -> Result<DeliveryRecord, ApiError> {
    let (stored, earlier, event) = crate::transaction::read(state, principal, async |work| {
        let stored = owned(work, id).await?;
        let earlier = match work.webhooks().delivery(delivery_id).await {
            Ok(d) if d.subscription_id == id => d,
            Ok(_) | Err(StoreError::NotFound) => return Err(ApiError::NotFound("delivery")),
            Err(e) => return Err(e.into()),
        };
        let event = work
            .events()
            .event_of(stored.subscription.organisation_id, earlier.event_id)
            .await?;
        Ok((stored, earlier, event))
    })
    .await?;
    let s = &stored.subscription;
    let secrets = state.webhooks.secrets(&stored);
    let attempt = state.webhooks.post(s, &secrets, &event).await;
    let record = DeliveryRecord {
        id: Uuid::now_v7(),
        subscription_id: id,
        event_id: event.id,
        event_type: event.event_type,
        attempt: earlier.attempt + 1,
        status_code: attempt.status.map(i32::from),
        delivered: attempt.error.is_none(),
        error: attempt.error,
        duration_ms: attempt.millis,
        at: now(),
    };
    crate::transaction::write(state, principal, async |work| {
        Ok(work.webhooks().insert_delivery(&record).await?)
    })
    .await?;
    Ok(record)
}
