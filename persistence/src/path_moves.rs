//! A participant's path moves, stored one way. The domain decides a move (`PathState::enter`,
//! `exit`, `re_enter` in `path_change.rs`); [`Path::store`] is the one way the move it allowed
//! is written, whichever door it came through: the step entry and its open step ended, an exit
//! with the participant's last exit and state, a new episode.

use askel_domain::{Exit, ParticipantId, PathState, StepEntry};
use chrono::{DateTime, NaiveDate, Utc};

use crate::StoreError;
use crate::repositories::Path;

/// A move along a participant's path that the domain's rules allowed, with what it records.
#[derive(Debug, Clone, Copy)]
pub enum PathMove<'a> {
    /// A step entered (the entry names its participant and episode).
    Entered(&'a StepEntry),
    /// The current episode ended, or its exit was corrected.
    Exited {
        /// The episode that ended.
        episode: i32,
        /// The exit recorded.
        exit: &'a Exit,
        /// The path afterwards.
        state: &'a PathState,
    },
    /// A new episode opened after an exit.
    ReEntered {
        /// The new episode's number.
        episode: i32,
        /// Its entry date.
        on: NaiveDate,
    },
}

impl Path<'_> {
    /// Stores `change` for `participant`, stamped `at` (its version and `updated_at` move once).
    pub async fn store(
        &self,
        participant: ParticipantId,
        change: PathMove<'_>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match change {
            PathMove::Entered(entry) => {
                debug_assert_eq!(entry.participant_id, participant);
                self.record_step(entry).await
            }
            PathMove::Exited {
                episode,
                exit,
                state,
            } => {
                self.set_exit(participant, episode, exit).await?;
                self.set_last_exit(participant, exit).await?;
                self.participants()
                    .set_path_state(participant, state, at)
                    .await
            }
            PathMove::ReEntered { episode, on } => {
                self.participants()
                    .start_episode(participant, episode, on, at)
                    .await
            }
        }
    }
}
