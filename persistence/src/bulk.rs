//! Storing many participants at once (batch import, the generated demo programme):
//! multi-row inserts in chunks, within the caller's transaction.

use crate::repositories::Participants;
use std::collections::HashSet;

use askel_domain::{
    Exit, ExternalRef, OrganisationId, Participant, PathError, PathState, ProjectId, StepEntry,
};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::StoreError;
use crate::aggregates::{left_on, steps_bits};
use crate::entities::{participant, participant_episode, participant_step};
use crate::participant_rows::{fields_model, record_key};

/// A participant with its path, as generated.
#[derive(Debug, Clone)]
pub struct LoadedParticipant {
    /// The participant.
    pub participant: Participant,
    /// Its step entries (episode 1).
    pub steps: Vec<StepEntry>,
    /// Its exit, if it has left.
    pub exit: Option<Exit>,
    /// Its record key for the cell key method, 0–255 (a seeded dataset gives its own, so its
    /// protected figures are the same on every load).
    pub record_key: u8,
}

impl LoadedParticipant {
    /// Where its history leads, by the path's rules ([`PathState::replay`]).
    pub fn state(&self) -> Result<PathState, PathError> {
        PathState::replay(
            self.participant.fields.entry_date,
            self.steps
                .iter()
                .map(|s| (s.step, s.entered_on, s.reason.is_some())),
            self.exit.as_ref().map(|e| e.date),
        )
    }
}

impl Participants<'_> {
    /// Rows per multi-row insert. On PostgreSQL 200, each statement a round trip saved and well
    /// under its limit on bound values; on SQLite, which has no round trips to save, 50: every
    /// pooled connection keeps the statements it prepared, and one of 200 participants (7 000
    /// bound values) held megabytes in each.
    pub(crate) fn rows_per_insert(&self) -> usize {
        match self.conn.get_database_backend() {
            sea_orm::DbBackend::Postgres => 200,
            _ => 50,
        }
    }

    /// Which of `refs` an owner already uses for a participant in `project`, in one query.
    pub async fn known_external_refs(
        &self,
        project: ProjectId,
        owner: OrganisationId,
        refs: &[&ExternalRef],
    ) -> Result<HashSet<String>, StoreError> {
        let mut known = HashSet::new();
        for chunk in refs.chunks(self.rows_per_insert() * 4) {
            let found: Vec<Option<String>> = participant::Entity::find()
                .select_only()
                .column(participant::Column::ExternalRef)
                .filter(participant::Column::ProjectId.eq(project.as_uuid()))
                .filter(participant::Column::OwnerId.eq(owner.as_uuid()))
                .filter(participant::Column::ExternalRef.is_in(chunk.iter().map(|r| r.as_str())))
                .into_tuple()
                .all(&self.conn)
                .await?;
            known.extend(found.into_iter().flatten());
        }
        Ok(known)
    }

    /// Stores new participants (without identity codes) at the start of their first episode.
    pub async fn insert_new_participants(&self, all: &[Participant]) -> Result<(), StoreError> {
        for chunk in all.chunks(self.rows_per_insert()) {
            let rows = chunk.iter().map(|p| {
                let mut row = fields_model(p);
                row.identity_cipher = Set(None);
                row.identity_hash = Set(None);
                row.record_key = Set(record_key());
                row.episode = Set(1);
                row.current_step = Set(None);
                row.current_step_since = Set(None);
                row.exited = Set(false);
                row
            });
            participant::Entity::insert_many(rows)
                .exec_without_returning(&self.conn)
                .await?;
            let episodes = chunk.iter().map(|p| participant_episode::ActiveModel {
                participant_id: Set(p.id.as_uuid()),
                number: Set(1),
                entry_date: Set(p.fields.entry_date),
                exit_date: Set(None),
                exit_situation: Set(None),
                exit_situation_date: Set(None),
                qualification_gained: Set(None),
                follow_on_plan: Set(None),
            });
            participant_episode::Entity::insert_many(episodes)
                .exec_without_returning(&self.conn)
                .await?;
        }
        Ok(())
    }

    /// Stores participants with their first episode, steps and exit, each where the path's
    /// rules say its history leads (refused, with nothing stored, if they refuse one). It
    /// writes no events, so kept report parts are forgotten.
    pub async fn load_participants(&self, all: &[LoadedParticipant]) -> Result<(), StoreError> {
        let states = all
            .iter()
            .map(|l| {
                l.state().map_err(|e| {
                    StoreError::Corrupt(format!(
                        "a participant to load has a path the rules refuse: {e}"
                    ))
                })
            })
            .collect::<Result<Vec<PathState>, StoreError>>()?;
        crate::figure_cache_reset::forget_all(&self.conn).await?;
        let n = self.rows_per_insert();
        for (chunk, states) in all.chunks(n).zip(states.chunks(n)) {
            let rows = chunk.iter().zip(states).map(|(l, state)| {
                let mut row = fields_model(&l.participant);
                row.identity_cipher = Set(None);
                row.identity_hash = Set(None);
                row.record_key = Set(i32::from(l.record_key));
                row.episode = Set(state.episode);
                row.current_step = Set(state.current_step.map(|(s, _)| s.to_string()));
                row.current_step_since = Set(state.current_step.map(|(_, d)| d));
                row.exited = Set(state.exited);
                row.last_exit_date = Set(l.exit.as_ref().map(|e| e.date));
                row.last_exit_option = Set(l.exit.as_ref().map(|e| e.situation.eura().to_string()));
                row.last_qualification_gained =
                    Set(l.exit.as_ref().map(|e| e.qualification_gained));
                row.steps_reached = Set(steps_bits(l.steps.iter().map(|s| &s.step)));
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
                exit_situation_date: Set(l.exit.as_ref().map(|e| e.situation_on)),
                qualification_gained: Set(l.exit.as_ref().map(|e| e.qualification_gained)),
                follow_on_plan: Set(None),
            });
            participant_episode::Entity::insert_many(episodes)
                .exec_without_returning(&self.conn)
                .await?;
        }
        let steps: Vec<(&StepEntry, Option<NaiveDate>)> = all
            .iter()
            .flat_map(|l| {
                let entered: Vec<NaiveDate> = l.steps.iter().map(|s| s.entered_on).collect();
                l.steps
                    .iter()
                    .zip(left_on(&entered, l.exit.as_ref().map(|e| e.date)))
            })
            .collect();
        for chunk in steps.chunks(self.rows_per_insert()) {
            let rows = chunk
                .iter()
                .map(|(s, left)| crate::path::step_row(s, *left));
            participant_step::Entity::insert_many(rows)
                .exec_without_returning(&self.conn)
                .await?;
        }
        Ok(())
    }
}
