//! A project's activities and attendance at them.

use askel_domain::FieldFault;
use askel_domain::{
    Action, Activity, AttendanceStatus, AuditAction, EventType, NewEvent, Page, PageRequest,
    ParticipantId, ProjectId, Relation,
};

use super::access::{load_project, permitted_project, project_relation, require_organisations};
use super::participants::recorded_by;

use crate::audit;
use crate::clock::now;
use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::transaction::Work;

/// Records an activity of the project (its administrator or implementers).
pub async fn create(work: &Work<'_>, activity: Activity) -> Result<Activity, ApiError> {
    permitted_project(
        work,
        activity.project_id,
        Action::ManageActivities,
        "only the project's administrator and implementers record activities",
    )
    .await?;
    require_organisations(
        work,
        &[(
            "organiser_organisation_id".to_owned(),
            activity.organiser_id,
        )],
    )
    .await?;
    if work
        .projects()
        .roles_in_project(activity.project_id, activity.organiser_id)
        .await?
        .is_empty()
    {
        return Err(ApiError::invalid(
            "organiser_organisation_id",
            "the organiser must be an actor of the project",
        ));
    }
    work.activities().insert_activity(&activity).await?;
    let administrator = work
        .projects()
        .project_administrator(activity.project_id)
        .await?;
    let audience: Vec<_> = [
        Some(administrator),
        Some(activity.organiser_id),
        work.principal().organisation,
    ]
    .into_iter()
    .flatten()
    .collect();
    crate::events::in_project(
        work,
        EventType::ActivityCreated,
        activity.id,
        activity.project_id,
        &audience,
    )
    .await?;
    Ok(activity)
}

/// A page of the project's activities (not personal data: every role may read them).
pub async fn list(
    work: &Work<'_>,
    project: ProjectId,
    page: &PageRequest,
) -> Result<Page<Activity>, ApiError> {
    work.principal().require(
        Action::ReadActivities,
        Relation::Unrelated,
        "your roles do not include reading activities",
    )?;
    load_project(work, project).await?;
    Ok(work.activities().activities(project, page).await?)
}

/// Sets attendance for participants the caller may see (owner or administrator); any other id
/// is refused as if it did not exist, and nothing is stored.
pub async fn set_attendance(
    work: &Work<'_>,
    activity_id: uuid::Uuid,
    marks: Vec<(ParticipantId, AttendanceStatus)>,
) -> Result<Vec<(ParticipantId, AttendanceStatus)>, ApiError> {
    let activity = work
        .activities()
        .activity(activity_id)
        .await
        .or_not_found("activity")?;
    let relation = project_relation(work, activity.project_id).await?;
    work.principal().require(
        Action::ManageActivities,
        relation,
        "only the project's administrator and implementers record attendance",
    )?;
    let ids: Vec<_> = marks.iter().map(|(p, _)| *p).collect();
    let found = work.participants().participants_by_ids(&ids).await?;
    let visible = |p: &ParticipantId| {
        found.iter().any(|s| {
            s.participant.id == *p
                && s.participant.project_id == activity.project_id
                && (relation == Relation::ProjectAdministrator
                    || work.principal().organisation == Some(s.participant.owner_id))
        })
    };
    let errors: Vec<_> = marks
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| !visible(p))
        .map(|(i, _)| FieldFault {
            field: format!("attendance[{i}].participant_id"),
            message: "no participant of this project with this id is visible to you".into(),
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let at = now();
    work.activities()
        .set_attendance(activity_id, &marks, &recorded_by(work.principal()), at)
        .await?;
    audit::record_covering(
        work,
        AuditAction::Update,
        "attendance",
        ids.iter().map(|p| (activity_id, *p)),
    )
    .await?;
    let administrator = work
        .projects()
        .project_administrator(activity.project_id)
        .await?;
    let events: Vec<NewEvent> = found
        .iter()
        .filter(|s| ids.contains(&s.participant.id))
        .map(|s| {
            NewEvent::new(
                EventType::AttendanceRecorded,
                activity_id,
                at,
                [s.participant.owner_id, administrator],
            )
            .about(activity.project_id, Some(s.participant.id))
        })
        .collect();
    work.events().insert_events(&events).await?;
    let recorded = work.activities().attendance(activity_id, &ids).await?;
    Ok(recorded)
}
