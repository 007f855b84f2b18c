//! `/v1/projects/{id}/activities` and `/v1/activities/{id}/attendance`.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post, put};
use askel_domain::{ParticipantId, ProjectId};
use askel_openapi::ListQuery;
use askel_openapi::activities::{
    Activity, ActivityPage, AttendanceList, AttendanceMark, CreateActivity, SetAttendance,
};
use askel_openapi::document::tags;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::cache_control::NO_STORE;
use crate::clock::now;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Created;
use crate::idempotent_create::IdempotentCreate;
use crate::services::activities as service;
use crate::state::AppState;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(set_attendance);
}

/// Record an activity.
///
/// A workshop, course, group, coaching session … of the project; any step, and a person may
/// take part in several at once. The project's administrator and implementers record them.
#[utoipa::path(
    tag = tags::ACTIVITIES,
    operation_id = "createActivity",
    request_body = CreateActivity,
    params(("id" = Uuid, Path, description = "Project id."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create safe.")),
    responses((status = 201, description = "Recorded.", body = Activity))
)]
#[post("/projects/{id}/activities")]
async fn create(
    op: IdempotentCreate,
    id: Path<Uuid>,
    body: JsonBody<CreateActivity>,
) -> Result<HttpResponse, ApiError> {
    let project = ProjectId::from_uuid(*id);
    let activity = body
        .value
        .into_domain(project, op.principal().organisation, now())?;
    op.run(body.digest, async move |work| {
        let created = service::create(work, activity).await?;
        Created::new(
            &Activity::from(created),
            format!("/v1/projects/{project}/activities"),
        )
    })
    .await
}

/// List a project's activities.
///
/// A project's programme is public to every authenticated caller; who attended is not part
/// of it.
#[utoipa::path(
    tag = tags::ACTIVITIES,
    operation_id = "listActivities",
    params(("id" = Uuid, Path, description = "Project id."), ListQuery),
    responses((status = 200, description = "A page of activities.", body = ActivityPage))
)]
#[get("/projects/{id}/activities")]
async fn list(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = crate::transaction::read(&state, &principal, async |work| {
        service::list(work, ProjectId::from_uuid(*id), &query.page_request()?).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ActivityPage::from_page(page, Activity::from)))
}

/// Set attendance.
///
/// Each listed participant's mark (present, excused or unexcused absence) replaces the
/// earlier one. Only participants you may see: any other id answers 422 and nothing is stored.
#[utoipa::path(
    tag = tags::ACTIVITIES,
    operation_id = "setAttendance",
    request_body = SetAttendance,
    params(("id" = Uuid, Path, description = "Activity id.")),
    responses((status = 200, description = "The marks as recorded.", body = AttendanceList))
)]
#[put("/activities/{id}/attendance")]
async fn set_attendance(
    state: Data<AppState>,
    principal: Principal,
    id: Path<Uuid>,
    body: JsonBody<SetAttendance>,
) -> Result<HttpResponse, ApiError> {
    let input = body.value;
    askel_openapi::Check::new(&input).finish(|| Some(()))?;
    let marks = input
        .attendance
        .iter()
        .map(|m| (ParticipantId::from_uuid(m.participant_id), m.status.into()))
        .collect();
    let recorded = crate::transaction::write(&state, &principal, async |work| {
        service::set_attendance(work, *id, marks).await
    })
    .await?;
    let attendance = recorded
        .into_iter()
        .map(|(p, s)| AttendanceMark {
            participant_id: p.as_uuid(),
            status: s.into(),
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(NO_STORE)
        .json(AttendanceList {
            activity_id: *id,
            attendance,
        }))
}
