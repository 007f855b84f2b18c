//! Participants. The path projection (episode, current step, exited) is kept on the row in the
//! same transaction as the step and exit records it summarises, so lists filter by it in one
//! query.

use crate::repositories::Participants;
use askel_domain::{
    ExternalRef, OrganisationId, Page, PageRequest, Participant, ParticipantId, PathState,
    ProjectId, Step,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::StoreError;
use crate::entities::participant::{Column, Entity};
use crate::paging::read_page;
pub use crate::participant_rows::StoredParticipant;
use crate::participant_rows::{fields_model, record_key, to_domain};

/// The participant a project holds with an identity code, and its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityHolder {
    /// The participant.
    pub id: ParticipantId,
    /// Its owner.
    pub owner: OrganisationId,
}

/// An identity code as stored: encrypted, with a keyed hash beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedIdentity {
    /// Nonce and ciphertext.
    pub cipher: Vec<u8>,
    /// Keyed hash (hex).
    pub hash: String,
}

/// Which participants a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParticipantFilter {
    /// Only this owner's (a co-implementer sees only its own).
    pub owner: Option<OrganisationId>,
    /// Only those now in this step.
    pub step: Option<Step>,
    /// Only exited (`true`) or active (`false`) ones.
    pub exited: Option<bool>,
    /// Entered on or after.
    pub entered_from: Option<NaiveDate>,
    /// Entered on or before.
    pub entered_to: Option<NaiveDate>,
    /// Only leavers whose final exit is in this range, inclusive, and who have no follow-up yet
    /// (see `domain::follow_up::exits_due_within`).
    pub follow_up_due: Option<(NaiveDate, NaiveDate)>,
}

impl Participants<'_> {
    /// Stores a new participant at the start of its first episode.
    pub async fn insert_participant(
        &self,
        p: &Participant,
        identity: Option<&SealedIdentity>,
    ) -> Result<(), StoreError> {
        let mut row = fields_model(p);
        row.identity_cipher = Set(identity.map(|i| i.cipher.clone()));
        row.identity_hash = Set(identity.map(|i| i.hash.clone()));
        row.record_key = Set(record_key());
        row.episode = Set(1);
        row.current_step = Set(None);
        row.current_step_since = Set(None);
        row.exited = Set(false);
        Entity::insert(row)
            .exec_without_returning(&self.conn)
            .await?;
        self.path()
            .insert_episode(p.id, 1, p.fields.entry_date)
            .await
    }

    /// Replaces a participant's own fields if it is still at `expected_version`; `Ok(false)`
    /// when another change came first. `identity` replaces the stored identity code when given.
    pub async fn update_participant(
        &self,
        p: &Participant,
        expected_version: i32,
        identity: Option<&SealedIdentity>,
    ) -> Result<bool, StoreError> {
        let mut row = fields_model(p);
        if let Some(i) = identity {
            row.identity_cipher = Set(Some(i.cipher.clone()));
            row.identity_hash = Set(Some(i.hash.clone()));
        }
        let result = Entity::update_many()
            .set(row)
            .filter(Column::Id.eq(p.id.as_uuid()))
            .filter(Column::Version.eq(expected_version))
            .exec(&self.conn)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Records where the participant now stands, as one change (version and `updated_at`).
    pub(crate) async fn set_path_state(
        &self,
        id: ParticipantId,
        state: &PathState,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let change = Entity::update_many()
            .col_expr(Column::Episode, Expr::value(state.episode))
            .col_expr(
                Column::CurrentStep,
                Expr::value(state.current_step.map(|(s, _)| s.to_string())),
            )
            .col_expr(
                Column::CurrentStepSince,
                Expr::value(state.current_step.map(|(_, d)| d)),
            )
            .col_expr(Column::Exited, Expr::value(state.exited));
        self.change(id, change, now).await
    }

    /// Opens a new episode after an exit: its own entry date (the participant's entry date stays
    /// the first participation's, which the output indicators read), no step yet, not exited;
    /// the earlier exit is no longer final, so its follow-up no longer counts.
    pub(crate) async fn start_episode(
        &self,
        id: ParticipantId,
        number: i32,
        entry_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.path().insert_episode(id, number, entry_date).await?;
        let change = Entity::update_many()
            .col_expr(Column::Episode, Expr::value(number))
            .col_expr(Column::EpisodeEntryDate, Expr::value(entry_date))
            .col_expr(Column::FollowUpEmployed, Expr::value(Option::<bool>::None))
            .col_expr(Column::FollowUpImproved, Expr::value(Option::<bool>::None))
            .col_expr(Column::CurrentStep, Expr::value(Option::<String>::None))
            .col_expr(
                Column::CurrentStepSince,
                Expr::value(Option::<NaiveDate>::None),
            )
            .col_expr(Column::Exited, Expr::value(false));
        self.change(id, change, now).await
    }

    /// Applies `change` to participant `id` as one change: its version moves by one and
    /// `updated_at` to `now`.
    async fn change(
        &self,
        id: ParticipantId,
        change: sea_orm::UpdateMany<Entity>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        change
            .col_expr(Column::Version, Expr::col(Column::Version).add(1))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(id.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Hands the participant to another owner.
    pub async fn set_participant_owner(
        &self,
        id: ParticipantId,
        owner: OrganisationId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let change = Entity::update_many().col_expr(Column::OwnerId, Expr::value(owner.as_uuid()));
        self.change(id, change, now).await
    }

    /// One participant.
    pub async fn participant(&self, id: ParticipantId) -> Result<StoredParticipant, StoreError> {
        let row = Entity::find_by_id(id.as_uuid())
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut stored = to_domain(row)?;
        stored.participation_minutes = self
            .activities()
            .participation_minutes(&[id])
            .await?
            .get(&id)
            .copied()
            .unwrap_or(0);
        Ok(stored)
    }

    /// The participants with these ids (those that exist), in one query.
    pub async fn participants_by_ids(
        &self,
        ids: &[ParticipantId],
    ) -> Result<Vec<StoredParticipant>, StoreError> {
        let rows = Entity::find()
            .filter(Column::Id.is_in(ids.iter().map(|i| i.as_uuid())))
            .all(&self.conn)
            .await?;
        rows.into_iter().map(to_domain).collect()
    }

    /// The participant a partner knows by `external_ref` in `project`, if any.
    pub async fn participant_by_external_ref(
        &self,
        project: ProjectId,
        owner: OrganisationId,
        external_ref: &ExternalRef,
    ) -> Result<Option<StoredParticipant>, StoreError> {
        let row = Entity::find()
            .filter(Column::ProjectId.eq(project.as_uuid()))
            .filter(Column::OwnerId.eq(owner.as_uuid()))
            .filter(Column::ExternalRef.eq(external_ref.as_str()))
            .one(&self.conn)
            .await?;
        row.map(to_domain).transpose()
    }

    /// The participant registered in `project` with this identity hash, and its owner.
    pub async fn participant_by_identity(
        &self,
        project: ProjectId,
        hash: &str,
    ) -> Result<Option<IdentityHolder>, StoreError> {
        let row: Option<(uuid::Uuid, uuid::Uuid)> = Entity::find()
            .select_only()
            .column(Column::Id)
            .column(Column::OwnerId)
            .filter(Column::ProjectId.eq(project.as_uuid()))
            .filter(Column::IdentityHash.eq(hash))
            .into_tuple()
            .one(&self.conn)
            .await?;
        Ok(row.map(|(id, owner)| IdentityHolder {
            id: ParticipantId::from_uuid(id),
            owner: OrganisationId::from_uuid(owner),
        }))
    }

    /// The encrypted identity code, if one is stored.
    pub async fn identity_cipher(&self, id: ParticipantId) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<Option<Vec<u8>>> = Entity::find_by_id(id.as_uuid())
            .select_only()
            .column(Column::IdentityCipher)
            .into_tuple()
            .one(&self.conn)
            .await?;
        row.ok_or(StoreError::NotFound)
    }

    /// A page of a project's participants: one query whatever the page size.
    pub async fn participants(
        &self,
        project: ProjectId,
        filter: &ParticipantFilter,
        req: &PageRequest,
    ) -> Result<Page<StoredParticipant>, StoreError> {
        let mut select = Entity::find().filter(Column::ProjectId.eq(project.as_uuid()));
        if let Some(owner) = filter.owner {
            select = select.filter(Column::OwnerId.eq(owner.as_uuid()));
        }
        if let Some(step) = filter.step {
            select = select.filter(Column::CurrentStep.eq(step.to_string()));
        }
        if let Some(exited) = filter.exited {
            select = select.filter(Column::Exited.eq(exited));
        }
        if let Some(from) = filter.entered_from {
            select = select.filter(Column::EntryDate.gte(from));
        }
        if let Some(to) = filter.entered_to {
            select = select.filter(Column::EntryDate.lte(to));
        }
        if let Some((from, to)) = filter.follow_up_due {
            select = select
                .filter(Column::Exited.eq(true))
                .filter(Column::LastExitDate.between(from, to))
                .filter(Column::FollowUpEmployed.is_null());
        }
        let mut page = read_page(self, select, req, to_domain).await?;
        let ids: Vec<_> = page.items.iter().map(|s| s.participant.id).collect();
        let minutes = self.activities().participation_minutes(&ids).await?;
        for s in &mut page.items {
            s.participation_minutes = minutes.get(&s.participant.id).copied().unwrap_or(0);
        }
        Ok(page)
    }
}
