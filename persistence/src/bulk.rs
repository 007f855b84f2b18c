//! Loading many participants at once (the generated demo programme): multi-row inserts in
//! chunks, within the caller's transaction.

use askel_domain::{Exit, Participant, PathState, StepEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;

use crate::entities::{participant, participant_episode, participant_step};
use crate::participants::fields_model;
use crate::{StoreError, Tx};

/// A participant with its path, as generated.
#[derive(Debug, Clone)]
pub struct LoadedParticipant {
    /// The participant.
    pub participant: Participant,
    /// Where it stands.
    pub state: PathState,
    /// Its step entries (episode 1).
    pub steps: Vec<StepEntry>,
    /// Its exit, if it has left.
    pub exit: Option<Exit>,
}

/// Rows per statement: well under both databases' limits on bound values.
const CHUNK: usize = 200;

impl Tx {
    /// Stores participants with their first episode, steps and exit.
    pub async fn load_participants(&self, all: &[LoadedParticipant]) -> Result<(), StoreError> {
        for chunk in all.chunks(CHUNK) {
            let rows = chunk.iter().map(|l| {
                let mut row = fields_model(&l.participant);
                row.identity_cipher = Set(None);
                row.identity_hash = Set(None);
                row.episode = Set(l.state.episode);
                row.current_step = Set(l.state.current_step.map(|(s, _)| s.to_string()));
                row.current_step_since = Set(l.state.current_step.map(|(_, d)| d));
                row.exited = Set(l.state.exited);
                row.last_exit_date = Set(l.exit.as_ref().map(|e| e.date));
                row.last_exit_option = Set(l.exit.as_ref().map(|e| e.situation.eura().to_string()));
                row.last_qualification_gained =
                    Set(l.exit.as_ref().map(|e| e.qualification_gained));
                row
            });
            participant::Entity::insert_many(rows)
                .exec_without_returning(&self.conn)
                .await?;
            let episodes = chunk.iter().map(|l| participant_episode::ActiveModel {
                participant_id: Set(l.participant.id.as_uuid()),
                number: Set(1),
                entry_date: Set(l.participant.fields.entry_date),
                exit_date: Set(l.exit.as_ref().map(|e| e.date)),
                exit_situation: Set(l.exit.as_ref().map(|e| e.situation.to_string())),
                qualification_gained: Set(l.exit.as_ref().map(|e| e.qualification_gained)),
                follow_on_plan: Set(None),
            });
            participant_episode::Entity::insert_many(episodes)
                .exec_without_returning(&self.conn)
                .await?;
        }
        let steps: Vec<&StepEntry> = all.iter().flat_map(|l| &l.steps).collect();
        for chunk in steps.chunks(CHUNK) {
            let rows = chunk.iter().map(|s| participant_step::ActiveModel {
                id: Set(s.id),
                participant_id: Set(s.participant_id.as_uuid()),
                episode: Set(s.episode),
                step: Set(s.step.to_string()),
                entered_on: Set(s.entered_on),
                reason: Set(s.reason.as_ref().map(|r| r.as_str().to_owned())),
                note: Set(None),
                recorded_by: Set(s.recorded_by.clone()),
                recorded_at: Set(s.recorded_at),
            });
            participant_step::Entity::insert_many(rows)
                .exec_without_returning(&self.conn)
                .await?;
        }
        Ok(())
    }
}
