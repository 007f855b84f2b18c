//! How a participant's path moves: entering a step, leaving, coming back. Each move is checked
//! against where the path stands (the step rule of `step.rs`, the dates) and gives a
//! [`PathChange`]: the new state, and what to record. Every door — `/v1`, FHIR's referral loop
//! does not move paths, the batch import, the demo — asks the same state.

use chrono::NaiveDate;

use crate::step::{self, StepError, StepMove};
use crate::{PathState, Step};

/// A move along the path, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathChange {
    /// A step entered.
    Entered {
        /// The path afterwards.
        state: PathState,
        /// What kind of move it was.
        movement: StepMove,
    },
    /// The current episode ended.
    Exited {
        /// The path afterwards.
        state: PathState,
    },
    /// A new episode opened after an exit.
    ReEntered {
        /// The path afterwards.
        state: PathState,
    },
}

impl PathChange {
    /// The path after the change.
    pub fn state(self) -> PathState {
        match self {
            Self::Entered { state, .. } | Self::Exited { state } | Self::ReEntered { state } => {
                state
            }
        }
    }
}

/// Why a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The step rule refuses it.
    #[error(transparent)]
    Step(#[from] StepError),
    /// A step dated before the episode's entry or the current step.
    #[error(
        "a step is entered on or after {earliest} (the episode's entry date or the current step's date)"
    )]
    StepTooEarly {
        /// The earliest date allowed.
        earliest: NaiveDate,
    },
    /// An exit dated before the episode's entry or the current step.
    #[error(
        "the exit date is on or after {earliest} (the episode's entry date or the current step's date)"
    )]
    ExitTooEarly {
        /// The earliest date allowed.
        earliest: NaiveDate,
    },
    /// Only a participant who has left comes back.
    #[error("the participant has not exited; re-entry opens a new episode after an exit")]
    NotExited,
    /// A new episode begins after the last exit.
    #[error("the new entry date is after the last exit")]
    ReEntryBeforeExit,
}

impl PathError {
    /// The field of the command the refusal is about; none for a refusal by the path's state
    /// (a conflict rather than a bad field).
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Step(StepError::Exited) | Self::NotExited => None,
            Self::Step(StepError::AlreadyThere(_)) => Some("step"),
            Self::Step(StepError::ReasonRequired { .. }) => Some("reason"),
            Self::StepTooEarly { .. } => Some("entered_on"),
            Self::ExitTooEarly { .. } => Some("exit_date"),
            Self::ReEntryBeforeExit => Some("entry_date"),
        }
    }
}

impl PathState {
    /// Where a newly registered participant stands: the first episode open, no step entered.
    pub fn registered() -> Self {
        Self {
            episode: 1,
            current_step: None,
            exited: false,
            episode_entry: None,
        }
    }

    /// Where a first episode's history leads, each move checked as if it were made one at a
    /// time: `steps` in order (the step, the day it was entered, whether a reason was given),
    /// then the exit on `exit`, if any. A bulk load stores the state this gives.
    pub fn replay(
        first_entry: NaiveDate,
        steps: impl IntoIterator<Item = (Step, NaiveDate, bool)>,
        exit: Option<NaiveDate>,
    ) -> Result<Self, PathError> {
        let mut state = Self::registered();
        for (step, on, has_reason) in steps {
            state = state.enter(first_entry, step, on, has_reason)?.state();
        }
        if let Some(on) = exit {
            state = state.exit(first_entry, on)?.state();
        }
        Ok(state)
    }

    /// Entering `to` on `on` (with a reason or not); `first_entry` is the participant's entry
    /// date, which the first episode begins on.
    pub fn enter(
        self,
        first_entry: NaiveDate,
        to: Step,
        on: NaiveDate,
        has_reason: bool,
    ) -> Result<PathChange, PathError> {
        let movement = step::enter(
            self.current_step.map(|(s, _)| s),
            self.exited,
            to,
            has_reason,
        )?;
        let earliest = self.earliest_next(first_entry);
        if on < earliest {
            return Err(PathError::StepTooEarly { earliest });
        }
        Ok(PathChange::Entered {
            state: Self {
                current_step: Some((to, on)),
                ..self
            },
            movement,
        })
    }

    /// Leaving on `on` (or correcting the exit already recorded).
    pub fn exit(self, first_entry: NaiveDate, on: NaiveDate) -> Result<PathChange, PathError> {
        let earliest = self.earliest_next(first_entry);
        if on < earliest {
            return Err(PathError::ExitTooEarly { earliest });
        }
        Ok(PathChange::Exited {
            state: Self {
                exited: true,
                ..self
            },
        })
    }

    /// Coming back on `on`, after the last exit (`last_exit`).
    pub fn re_enter(
        self,
        last_exit: Option<NaiveDate>,
        on: NaiveDate,
    ) -> Result<PathChange, PathError> {
        if !self.exited {
            return Err(PathError::NotExited);
        }
        if last_exit.is_some_and(|d| on <= d) {
            return Err(PathError::ReEntryBeforeExit);
        }
        Ok(PathChange::ReEntered {
            state: Self {
                episode: self.episode + 1,
                current_step: None,
                exited: false,
                episode_entry: Some(on),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const NEW: PathState = PathState {
        episode: 1,
        current_step: None,
        exited: false,
        episode_entry: None,
    };

    #[test]
    fn a_step_moves_the_state_and_keeps_the_episode() {
        let change = NEW
            .enter(d("2018-09-03"), Step::Outreach, d("2018-09-03"), false)
            .unwrap();
        assert_eq!(
            change,
            PathChange::Entered {
                state: PathState {
                    current_step: Some((Step::Outreach, d("2018-09-03"))),
                    ..NEW
                },
                movement: StepMove::First,
            }
        );
    }

    #[test]
    fn a_step_before_the_entry_or_the_current_step_is_refused_on_its_date() {
        assert_eq!(
            NEW.enter(d("2018-09-03"), Step::Outreach, d("2018-09-02"), false),
            Err(PathError::StepTooEarly {
                earliest: d("2018-09-03")
            })
        );
        let on_one = NEW
            .enter(d("2018-09-03"), Step::Outreach, d("2018-10-01"), false)
            .unwrap()
            .state();
        let refused = on_one
            .enter(
                d("2018-09-03"),
                Step::LifeManagement,
                d("2018-09-30"),
                false,
            )
            .unwrap_err();
        assert_eq!(refused.field(), Some("entered_on"));
    }

    #[test]
    fn the_step_rule_refusals_name_their_field_or_none() {
        let skip = NEW
            .enter(
                d("2018-09-03"),
                Step::ResourcesAndGoals,
                d("2018-09-03"),
                false,
            )
            .unwrap_err();
        assert_eq!(skip.field(), Some("reason"));
        let left = NEW.exit(d("2018-09-03"), d("2018-12-01")).unwrap().state();
        let refused = left
            .enter(d("2018-09-03"), Step::Outreach, d("2019-01-01"), false)
            .unwrap_err();
        assert_eq!(refused, PathError::Step(StepError::Exited));
        assert_eq!(
            refused.field(),
            None,
            "a conflict with the state, not a field"
        );
    }

    #[test]
    fn an_exit_is_dated_on_or_after_the_current_step() {
        let on_two = PathState {
            current_step: Some((Step::LifeManagement, d("2018-10-01"))),
            ..NEW
        };
        assert_eq!(
            on_two.exit(d("2018-09-03"), d("2018-09-30")),
            Err(PathError::ExitTooEarly {
                earliest: d("2018-10-01")
            })
        );
        assert!(
            on_two
                .exit(d("2018-09-03"), d("2018-10-01"))
                .unwrap()
                .state()
                .exited
        );
    }

    #[test]
    fn a_re_entry_opens_the_next_episode_after_the_last_exit() {
        assert_eq!(
            NEW.re_enter(None, d("2019-01-01")),
            Err(PathError::NotExited)
        );
        let left = PathState {
            exited: true,
            current_step: Some((Step::ServiceGuidance, d("2018-11-01"))),
            ..NEW
        };
        assert_eq!(
            left.re_enter(Some(d("2018-12-01")), d("2018-12-01")),
            Err(PathError::ReEntryBeforeExit)
        );
        let back = left
            .re_enter(Some(d("2018-12-01")), d("2019-02-01"))
            .unwrap()
            .state();
        assert_eq!(
            back,
            PathState {
                episode: 2,
                current_step: None,
                exited: false,
                episode_entry: Some(d("2019-02-01")),
            }
        );
    }

    #[test]
    fn a_replayed_history_ends_where_its_moves_one_at_a_time_end() {
        use Step::*;
        let entry = d("2025-01-10");
        let steps = [
            (Outreach, d("2025-01-10"), false),
            (LifeManagement, d("2025-02-01"), false),
            (ServiceGuidance, d("2025-03-01"), true),
        ];
        let replayed = PathState::replay(entry, steps, Some(d("2025-04-30"))).unwrap();
        assert_eq!(
            replayed,
            PathState {
                episode: 1,
                current_step: Some((ServiceGuidance, d("2025-03-01"))),
                exited: true,
                episode_entry: None,
            }
        );
        assert_eq!(
            PathState::replay(entry, [], None).unwrap(),
            PathState::registered()
        );
    }

    #[test]
    fn a_replay_refuses_what_a_move_would() {
        use Step::*;
        let entry = d("2025-01-10");
        assert_eq!(
            PathState::replay(entry, [(Outreach, d("2025-01-09"), false)], None),
            Err(PathError::StepTooEarly { earliest: entry })
        );
        assert!(matches!(
            PathState::replay(entry, [(ServiceGuidance, entry, false)], None),
            Err(PathError::Step(_))
        ));
        assert_eq!(
            PathState::replay(entry, [(Outreach, d("2025-02-01"), false)], Some(entry)),
            Err(PathError::ExitTooEarly {
                earliest: d("2025-02-01")
            })
        );
    }
}
