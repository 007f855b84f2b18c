//! Activities of a project and who attended them. Activities may belong to any step, and a
//! person may take part in several at once.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::text::Name;
use crate::{OrganisationId, ProjectId, Step};

code_list! {
    /// Kinds of activity the seed projects run.
    pub enum ActivityKind ("activity_kinds", "Kinds of activity") {
        Workshop = "workshop", "työpaja", "verkstad", "workshop";
        Course = "course", "kurssi", "kurs", "course";
        Excursion = "excursion", "retki", "utflykt", "excursion";
        Group = "group", "ryhmä", "grupp", "group";
        PeerSupportGroup = "peer_support_group", "vertaistukiryhmä", "kamratstödsgrupp", "peer support group";
        IndividualCoaching = "individual_coaching", "yksilövalmennus", "individuell coachning", "individual coaching";
        IndividualInterview = "individual_interview", "yksilöhaastattelu", "individuell intervju", "individual interview";
        ExperienceExpertTraining = "experience_expert_training", "kokemusasiantuntijakoulutus", "erfarenhetsexpertutbildning", "experience-expert training";
        PeerInstructor = "peer_instructor", "vertaisohjaajatoiminta", "kamrathandledarverksamhet", "peer instructor activity";
        NetworkMeeting = "network_meeting", "verkostopalaveri", "nätverksmöte", "network meeting";
        Other = "other", "muu", "annan", "other";
    }
}

code_list! {
    /// Whether a participant attended.
    pub enum AttendanceStatus ("attendance_statuses", "Attendance") {
        Present = "present", "läsnä", "närvarande", "present";
        ExcusedAbsence = "excused_absence", "poissa (ilmoitettu)", "frånvarande (anmält)", "excused absence";
        UnexcusedAbsence = "unexcused_absence", "poissa (ilmoittamatta)", "frånvarande (oanmält)", "unexcused absence";
    }
}

/// Minutes an activity may last: from one minute to a day.
pub const MAX_DURATION_MINUTES: i32 = 24 * 60;

/// An activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Its id.
    pub id: Uuid,
    /// The project.
    pub project_id: ProjectId,
    /// Kind.
    pub kind: ActivityKind,
    /// Title.
    pub title: Name,
    /// The step it serves, if one.
    pub step: Option<Step>,
    /// Date.
    pub date: NaiveDate,
    /// Duration in minutes, 1 to 1440.
    pub duration_minutes: i32,
    /// The organising organisation.
    pub organiser_id: OrganisationId,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Participation hours from minutes attended, to two decimals.
pub fn hours(minutes: i64) -> f64 {
    // Minutes of a person's participation fit easily in f64's exact integer range.
    #[allow(clippy::cast_precision_loss)]
    let h = minutes as f64 / 60.0;
    (h * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_to_two_decimals() {
        assert!((hours(90) - 1.5).abs() < f64::EPSILON);
        assert!((hours(100) - 1.67).abs() < 1e-9);
        assert!(hours(0).abs() < f64::EPSILON);
    }
}
