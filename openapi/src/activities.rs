//! Activities and attendance on the wire.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{ActivityKind, AttendanceStatus, Step};
use crate::participants::step_of;
use crate::{Check, Invalid, page_of};

/// A new activity.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "peer_support_group", "title": "Nuorten miesten vertaisryhmä", "step": 2, "date": "2018-10-10",
                          "duration_minutes": 120, "organiser_organisation_id": "01941f29-7c03-7503-8000-000000000003"}))]
pub struct CreateActivity {
    /// Kind.
    pub kind: ActivityKind,
    /// Title.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The step it serves, 1–5, if one.
    #[schema(minimum = 1, maximum = 5)]
    pub step: Option<u8>,
    /// Date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Duration in minutes, 1 to 1440.
    #[schema(minimum = 1, maximum = 1440)]
    pub duration_minutes: i32,
    /// The organising organisation; an actor of the project. Your own when left out.
    pub organiser_organisation_id: Option<Uuid>,
}

impl CreateActivity {
    /// The activity this input describes in `project`, organised by `default_organiser` unless named.
    pub fn into_domain(
        self,
        project: d::ProjectId,
        default_organiser: Option<d::OrganisationId>,
        now: DateTime<Utc>,
    ) -> Result<d::Activity, Invalid> {
        let mut c = Check::default();
        let title = c.field("title", d::Name::parse(&self.title));
        let step = c.optional("step", self.step, |n| {
            step_of(n).ok_or("must be from 1 to 5")
        });
        if !(1..=d::activity::MAX_DURATION_MINUTES).contains(&self.duration_minutes) {
            c.fail("duration_minutes", "must be from 1 to 1440");
        }
        let organiser = self
            .organiser_organisation_id
            .map(Into::into)
            .or(default_organiser);
        if organiser.is_none() {
            c.fail(
                "organiser_organisation_id",
                "is required when your token names no organisation",
            );
        }
        c.finish(|| {
            Some(d::Activity {
                id: Uuid::now_v7(),
                project_id: project,
                kind: self.kind.into(),
                title: title?,
                step: step?,
                date: self.date,
                duration_minutes: self.duration_minutes,
                organiser_id: organiser?,
                created_at: now,
                updated_at: now,
            })
        })
    }
}

/// An activity.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Activity {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// Kind.
    pub kind: ActivityKind,
    /// Title.
    pub title: String,
    /// Step number, if one.
    pub step: Option<u8>,
    /// Step code, if one.
    pub step_code: Option<Step>,
    /// Date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Duration in minutes.
    pub duration_minutes: i32,
    /// The organising organisation.
    pub organiser_organisation_id: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed (attendance included).
    pub updated_at: DateTime<Utc>,
}

impl From<d::Activity> for Activity {
    fn from(a: d::Activity) -> Self {
        Self {
            id: a.id,
            project_id: a.project_id.as_uuid(),
            kind: a.kind.into(),
            title: a.title.into_string(),
            step: a.step.map(d::Step::number),
            step_code: a.step.map(Into::into),
            date: a.date,
            duration_minutes: a.duration_minutes,
            organiser_organisation_id: a.organiser_id.as_uuid(),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

page_of!(ActivityPage, Activity, "A page of a project's activities.");

/// One participant's attendance.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    /// The participant.
    pub participant_id: Uuid,
    /// Whether they attended.
    pub status: AttendanceStatus,
}

/// Attendance to set: each listed participant's mark replaces the earlier one; participants
/// left out keep theirs.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"attendance": [{"participant_id": "01941f29-7cc9-75c9-8000-0000000000c9", "status": "present"}]}))]
pub struct SetAttendance {
    /// The marks; only participants you may see.
    #[validate(length(min = 1, max = 1000))]
    pub attendance: Vec<AttendanceMark>,
}

/// Attendance as recorded, for the participants you may see.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AttendanceList {
    /// The activity.
    pub activity_id: Uuid,
    /// The marks.
    pub attendance: Vec<AttendanceMark>,
}
