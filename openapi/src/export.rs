//! Everything held about one person, as one document (the data subject's right of access).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use uuid::Uuid;

use crate::assessments::Assessment;
use crate::enums::AttendanceStatus;
use crate::goals::Goal;
use crate::participants::Participant;
use crate::path::{AccessLogEntry, Episode, StepEntry};

/// Everything Askel holds about a participant.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ParticipantExport {
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The participant, with the identity code when one is stored.
    pub participant: Participant,
    /// Every episode with its exit.
    pub episodes: Vec<Episode>,
    /// Every step entry.
    pub steps: Vec<StepEntry>,
    /// The individual plan's goals.
    pub goals: Vec<Goal>,
    /// Every assessment.
    pub assessments: Vec<Assessment>,
    /// Attendance at activities.
    pub attendance: Vec<ExportedAttendance>,
    /// Follow-ups six months after leaving.
    pub follow_ups: Vec<crate::follow_ups::FollowUp>,
    /// Every recorded access to the data.
    pub access_log: Vec<AccessLogEntry>,
}

/// One attendance mark.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ExportedAttendance {
    /// The activity.
    pub activity_id: Uuid,
    /// The mark.
    pub status: AttendanceStatus,
}
