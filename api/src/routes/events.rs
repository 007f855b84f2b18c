//! `GET /v1/events`: the change feed.

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, get};
use askel_domain::{EventType, FeedPosition, Limit, ProjectId};
use askel_openapi::Check;
use askel_openapi::document::tags;
use askel_openapi::events::{Event, EventPage, EventQuery, decode_position, encode_position};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::events as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(feed);
}

/// Follow the change feed.
///
/// Everything that changed that your organisation may see — participants registered, updated
/// (consents included), stepping, leaving, coming back, transferred in, anonymised, removed from
/// your sight; goals, assessments, follow-ups, activities and attendance; referrals created
/// (`referral.created` for the sending side, `referral.received` for the target), moved and
/// changed — each with the object's id, its project's id and, where you may read it, the
/// participant's id. Filter with `project_id` and `types`. Process the items, then call again
/// with `after=next_cursor`; you never miss an event, even while writes commit out of order (an
/// event appears once every transaction that could precede it has finished — on PostgreSQL that
/// includes long transactions of other databases on the same server, which can delay, never
/// drop, an event). Events carry no personal data: read the object for that. The README's
/// mirroring recipe says what each type asks a mirror to read again.
#[utoipa::path(
    tag = tags::EVENTS,
    operation_id = "listEvents",
    params(EventQuery),
    responses((status = 200, description = "A page of events.", body = EventPage))
)]
#[get("/events")]
async fn feed(
    state: Data<AppState>,
    principal: Principal,
    query: Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut check = Check::default();
    let after = match query.after.as_deref() {
        None => FeedPosition::default(),
        Some(text) => check
            .field(
                "after",
                decode_position(text).ok_or("is not a cursor this feed issued"),
            )
            .unwrap_or_default(),
    };
    let limit = check
        .field("limit", Limit::new(query.limit.unwrap_or(100)))
        .map_or(100, |l| u64::from(l.get()));
    let types: Vec<EventType> = match query.types.as_deref() {
        None => Vec::new(),
        Some(list) => check
            .field(
                "types",
                list.split(',')
                    .map(|t| t.trim().parse::<EventType>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| "lists event types of the code list event_types"),
            )
            .unwrap_or_default(),
    };
    check.finish(|| Some(()))?;
    let project = query.project_id.map(ProjectId::from_uuid);
    let events = crate::transaction::read(&state, &principal, async |work| {
        service::feed(work, after, limit, project, &types).await
    })
    .await?;
    let next = events.last().map_or(after, |e| e.position);
    Ok(HttpResponse::Ok().json(EventPage {
        items: events.into_iter().map(Event::from).collect(),
        next_cursor: encode_position(next),
    }))
}
