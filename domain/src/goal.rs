//! Goals of a participant's individual plan.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::text::Text;
use crate::{ParticipantId, Step};

code_list! {
    /// Where a goal stands.
    pub enum GoalStatus ("goal_statuses", "Statuses of a goal") {
        Open = "open", "avoin", "öppen", "open";
        Achieved = "achieved", "saavutettu", "uppnådd", "achieved";
        Dropped = "dropped", "luovuttu", "slopad", "dropped";
    }
}

/// A goal's wording.
pub type GoalText = Text<2000>;

/// A goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// Its id.
    pub id: Uuid,
    /// Whose.
    pub participant_id: ParticipantId,
    /// What.
    pub text: GoalText,
    /// The step it belongs to.
    pub step: Step,
    /// By when.
    pub target_date: Option<NaiveDate>,
    /// Status.
    pub status: GoalStatus,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A change to a goal: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalChanges {
    /// New wording.
    pub text: Option<GoalText>,
    /// New step.
    pub step: Option<Step>,
    /// New target date (`Some(None)` clears it).
    pub target_date: Option<Option<NaiveDate>>,
    /// New status.
    pub status: Option<GoalStatus>,
}

impl Goal {
    /// The goal after a change.
    pub fn apply(&self, c: GoalChanges) -> Self {
        Self {
            text: c.text.unwrap_or_else(|| self.text.clone()),
            step: c.step.unwrap_or(self.step),
            target_date: c.target_date.unwrap_or(self.target_date),
            status: c.status.unwrap_or(self.status),
            ..self.clone()
        }
    }
}

/// A command to add a goal to a participant's plan.
#[derive(Debug, Clone)]
pub struct GoalInput {
    /// What the participant aims at.
    pub text: GoalText,
    /// The step it belongs to.
    pub step: Step,
    /// When it should be reached.
    pub target_date: Option<NaiveDate>,
    /// Its status (open unless told).
    pub status: GoalStatus,
}
