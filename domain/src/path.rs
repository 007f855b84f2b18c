//! A participant's path: step entries and episodes, a history that is never overwritten.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::text::{Description, Text};
use crate::{Exit, ParticipantId, Step};

/// Why a step was skipped or moved back.
pub type Reason = Text<1000>;

/// Entering a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepEntry {
    /// Its id.
    pub id: Uuid,
    /// Whose path.
    pub participant_id: ParticipantId,
    /// The episode (1 for the first entry into the project, 2 after a re-entry, …).
    pub episode: i32,
    /// The step entered.
    pub step: Step,
    /// When.
    pub entered_on: NaiveDate,
    /// Why, for a skip or a move back.
    pub reason: Option<Reason>,
    /// A note.
    pub note: Option<Description>,
    /// The worker who recorded it (`act.sub`), or the API client.
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// One stay in the project, from entry to exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// 1, 2, … in order.
    pub number: i32,
    /// Entry date.
    pub entry_date: NaiveDate,
    /// The exit, once recorded.
    pub exit: Option<Exit>,
}

/// Where a participant stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathState {
    /// The current episode's number.
    pub episode: i32,
    /// The step last entered in this episode and since when.
    pub current_step: Option<(Step, NaiveDate)>,
    /// Whether the current episode has ended.
    pub exited: bool,
    /// When the current episode began, if after a re-entry (the participant's entry date, which
    /// the output indicators read, stays the first participation's).
    pub episode_entry: Option<NaiveDate>,
}

impl PathState {
    /// The earliest date the next step or the exit may carry: the current step's date, else
    /// the current episode's entry (`first_entry` in the first episode).
    pub fn earliest_next(&self, first_entry: NaiveDate) -> NaiveDate {
        self.current_step
            .map(|(_, since)| since)
            .or(self.episode_entry)
            .unwrap_or(first_entry)
    }

    /// Days in the current step on `today` (0 on the day of entry); none once the participant
    /// has left (the last step ended with the exit, it does not go on counting).
    pub fn days_in_step(&self, today: NaiveDate) -> Option<i64> {
        self.current_step
            .filter(|_| !self.exited)
            .map(|(_, since)| (today - since).num_days().max(0))
    }
}

/// A command to enter a step, as a caller asked for it (checked for shape; the step rule is
/// applied against the participant's path).
#[derive(Debug, Clone)]
pub struct StepInput {
    /// The step.
    pub step: Step,
    /// When.
    pub entered_on: NaiveDate,
    /// Why (required to skip a step or go back).
    pub reason: Option<Reason>,
    /// A note.
    pub note: Option<Description>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_step_count_from_the_entry_day() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let state = PathState {
            episode: 1,
            current_step: Some((Step::LifeManagement, d("2025-03-01"))),
            exited: false,
            episode_entry: None,
        };
        assert_eq!(state.days_in_step(d("2025-03-01")), Some(0));
        assert_eq!(state.days_in_step(d("2025-03-31")), Some(30));
        assert_eq!(PathState::default().days_in_step(d("2025-03-31")), None);
        let left = PathState {
            exited: true,
            ..state
        };
        assert_eq!(
            left.days_in_step(d("2025-03-31")),
            None,
            "a leaver is in no step"
        );
    }

    #[test]
    fn the_next_date_follows_the_current_step_else_the_episode_entry() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let first = d("2024-01-10");
        assert_eq!(PathState::default().earliest_next(first), first);
        let re_entered = PathState {
            episode: 2,
            episode_entry: Some(d("2025-02-01")),
            ..PathState::default()
        };
        assert_eq!(re_entered.earliest_next(first), d("2025-02-01"));
        let stepped = PathState {
            current_step: Some((Step::Outreach, d("2025-03-01"))),
            ..re_entered
        };
        assert_eq!(stepped.earliest_next(first), d("2025-03-01"));
    }
}
