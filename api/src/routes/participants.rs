//! `/v1/projects/{id}/participants` and `/v1/participants/{id}`. Personal data: every
//! response is `Cache-Control: no-store`, and every access is audited.

use actix_web::http::header;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, patch, post};
use askel_domain::{FieldFault, ParticipantId, ProjectId};
use askel_openapi::batch::{BatchImport, BatchQuery, BatchSummary, ItemOutcome, ItemResult};
use askel_openapi::document::tags;
use askel_openapi::participants::{
    CreateParticipant, IncludeQuery, Participant, ParticipantPage, ParticipantQuery,
    ParticipantStatus, UpdateParticipant, step_of,
};
use askel_persistence::{ParticipantFilter, StoredParticipant};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::extract::{BATCH_BODY_BYTES, IfMatch, JsonBody, etag};
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::import as import_service;
use crate::services::participants as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(register)
        .service(list)
        .service(get_one)
        .service(update)
        .service(import);
}

/// Personal data must not be kept by caches.
use crate::cache_control::NO_STORE;

pub(crate) fn wire(stored: StoredParticipant, identity: Option<String>) -> Participant {
    Participant::new(
        stored.participant,
        stored.state,
        stored.participation_minutes,
        now().date_naive(),
        identity,
    )
}

/// 200 with the participant, its version as the `ETag`, kept by no cache.
pub(super) fn answer(stored: StoredParticipant, identity: Option<String>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(NO_STORE)
        .insert_header((header::ETAG, etag(stored.participant.version)))
        .json(wire(stored, identity))
}

/// Register a participant.
///
/// A `manager` or `worker` of one of the project's implementers (or its administrator)
/// registers a person reached by the project; the caller's organisation owns the data. The
/// identity code is optional; given, it is stored encrypted, and a person already registered in
/// the project answers 409.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "registerParticipant",
    request_body = CreateParticipant,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe."),
    ),
    responses(
        (status = 201, description = "Registered.", body = Participant,
            headers(("Location" = String, description = "The participant's URL."), ("ETag" = String, description = "Version."))),
        (status = 409, description = "This person, or this external_ref, is already registered in the project.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/projects/{id}/participants")]
async fn register(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateParticipant>,
) -> Result<HttpResponse, ApiError> {
    let new = body
        .value
        .into_domain(&service::recorded_by(op.principal()))?;
    let project = ProjectId::from_uuid(*id);
    let state = op.state();
    let state_ref = &state;
    op.run_personal(body.digest, async move |work| {
        let stored = service::register(work, state_ref, project, new).await?;
        let (location, tag) = (
            format!("/v1/participants/{}", stored.participant.id),
            etag(stored.participant.version),
        );
        let about = stored.participant.id;
        Ok(Created::new(&wire(stored, None), location)?
            .with_etag(tag)
            .about(about))
    })
    .await
}

/// List a project's participants.
///
/// The project's administrator sees every participant; an implementer only its own. Funders,
/// steering groups and reporters get 403: they see figures, never persons. Filters: current
/// step, status, owner, entry-date range, `updated_since`, and leavers whose follow-up six
/// months after leaving falls due soon (`follow_up_due_within_days`).
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "listParticipants",
    params(("id" = Uuid, Path, description = "Project id."), ParticipantQuery),
    responses((status = 200, description = "A page of participants.", body = ParticipantPage))
)]
#[get("/projects/{id}/participants")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ParticipantQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.list_query().page_request()?;
    let step = match query.step {
        Some(n) => {
            Some(step_of(n).ok_or_else(|| ApiError::invalid("step", "must be from 1 to 5"))?)
        }
        None => None,
    };
    let filter = ParticipantFilter {
        owner: query.owner.map(Into::into),
        step,
        exited: query.status.map(|s| s == ParticipantStatus::Exited),
        entered_from: query.entered_from,
        entered_to: query.entered_to,
        follow_up_due: match query.follow_up_due_within_days {
            None => None,
            Some(days) if (1..=366).contains(&days) => Some(
                askel_domain::follow_up::exits_due_within(crate::clock::now().date_naive(), days),
            ),
            Some(_) => {
                return Err(ApiError::invalid(
                    "follow_up_due_within_days",
                    "must be from 1 to 366",
                ));
            }
        },
    };
    let found = crate::transaction::read_audited(&state, &principal, async |work| {
        service::list(work, ProjectId::from_uuid(*id), filter, &page).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(ParticipantPage::from_page(found, |s| wire(s, None))))
}

/// Read a participant.
///
/// The owner and the project administrator only; anyone else gets 404. With
/// `?include=identity` the personal identity code is included; that read is audited separately.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "getParticipant",
    params(("id" = Uuid, Path, description = "Participant id."), IncludeQuery),
    responses((status = 200, description = "The participant.", body = Participant, headers(("ETag" = String, description = "Version."))))
)]
#[get("/participants/{id}")]
async fn get_one(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<IncludeQuery>,
) -> Result<HttpResponse, ApiError> {
    let include_identity = match query.include.as_deref() {
        None => false,
        Some("identity") => true,
        Some(_) => return Err(ApiError::bad_field("include", "the only value is identity")),
    };
    let read = crate::services::participant_read::get(
        &state,
        &principal,
        ParticipantId::from_uuid(*id),
        include_identity,
    )
    .await?;
    Ok(answer(read.stored, read.identity_code))
}

/// Change a participant.
///
/// Send `If-Match` with the ETag you read; a stale one answers 412 and changes nothing.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "updateParticipant",
    request_body = UpdateParticipant,
    params(("id" = Uuid, Path, description = "Participant id."), ("If-Match" = Option<String>, Header, description = "The ETag last read.")),
    responses(
        (status = 200, description = "Changed.", body = Participant, headers(("ETag" = String, description = "The new version."))),
        (status = 412, description = "Changed since the ETag in If-Match.", body = askel_openapi::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}")]
async fn update(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody<UpdateParticipant>,
) -> Result<HttpResponse, ApiError> {
    let recorded_by = service::recorded_by(&principal);
    let change = body.value;
    let stored = crate::transaction::write(&state, &principal, async |work| {
        service::update(
            work,
            &state,
            ParticipantId::from_uuid(*id),
            if_match.0,
            |current| Ok(change.apply(current, &recorded_by)?),
        )
        .await
    })
    .await?;
    Ok(answer(stored, None))
}

/// Import participants in a batch.
///
/// Up to 1 000 participants, each validated and stored on its own, with a result per item:
/// created, updated (an `external_ref` you already use in the project), or failed with its
/// problems. `?dry_run=true` validates and reports without storing. A retried batch creates no
/// duplicates: give each item an `external_ref`, or send an `Idempotency-Key`.
#[utoipa::path(
    tag = tags::PARTICIPANTS,
    operation_id = "importParticipants",
    request_body = BatchImport,
    params(
        ("id" = Uuid, Path, description = "Project id."),
        BatchQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first summary."),
    ),
    responses((status = 200, description = "The import summary.", body = BatchSummary))
)]
#[post("/projects/{id}/participants/batch")]
async fn import(
    op: IdempotentCreate,
    id: Path<Uuid>,
    query: Query<BatchQuery>,
    body: JsonBody<BatchImport, BATCH_BODY_BYTES>,
) -> Result<HttpResponse, ApiError> {
    let input = body.value;
    askel_openapi::Check::new(&input).finish(|| Some(()))?;
    let items = batch_items(input.items, &service::recorded_by(op.principal()));
    let project = ProjectId::from_uuid(*id);
    let state = op.state();
    let _slot = state.heavy.slot().await?;
    if query.dry_run.unwrap_or(false) {
        // Everything is checked inside a transaction that is then rolled back.
        let summary = crate::transaction::dry_run(&state, op.principal(), async |work| {
            import_service::import(work, &state, project, items, true).await
        })
        .await?;
        return Ok(HttpResponse::Ok()
            .insert_header(NO_STORE)
            .json(batch_summary(summary)));
    }
    let state_ref = &state;
    op.run_personal(body.digest, async move |work| {
        let summary = import_service::import(work, state_ref, project, items, false).await?;
        Created::ok(&batch_summary(summary))
    })
    .await
}

/// Reads each batch item into a participant, or into the fault that stops it: a fault fails
/// its item only.
fn batch_items(values: Vec<serde_json::Value>, recorded_by: &str) -> Vec<import_service::Item> {
    values
        .into_iter()
        .map(|value| {
            let external_ref = value
                .get("external_ref")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            let parsed = serde_path_to_error::deserialize::<_, CreateParticipant>(value)
                .map_err(|e| {
                    let field = e.path().to_string();
                    let message = e.into_inner().to_string();
                    ApiError::BadRequest {
                        detail: message.clone(),
                        errors: vec![FieldFault {
                            field: if field == "." { String::new() } else { field },
                            message,
                        }],
                    }
                })
                .and_then(|item| Ok(item.into_domain(recorded_by)?));
            import_service::Item {
                external_ref,
                parsed,
            }
        })
        .collect()
}

/// An import's summary on the wire.
fn batch_summary(s: import_service::Summary) -> BatchSummary {
    BatchSummary {
        dry_run: s.dry_run,
        received: s.received,
        created: s.created,
        updated: s.updated,
        failed: s.failed,
        items: s
            .items
            .into_iter()
            .map(|i| ItemResult {
                index: i.index,
                outcome: match i.outcome {
                    import_service::Outcome::Created => ItemOutcome::Created,
                    import_service::Outcome::Updated => ItemOutcome::Updated,
                    import_service::Outcome::Failed => ItemOutcome::Failed,
                },
                participant_id: i.participant_id.map(ParticipantId::as_uuid),
                external_ref: i.external_ref,
                problems: i.problems.into_iter().map(Into::into).collect(),
                detail: i.detail,
            })
            .collect(),
    }
}
