//! Anonymising a participant: every copy of identifying data goes, wherever it was kept — the
//! participant's own row, the free text of its path, plan and exits, the snapshots and free
//! text of its referrals, and the responses stored for idempotent retries. What the figures
//! count (gender, birth date, statuses, steps, dates, scores) and the audit trail's who, when
//! and which id stay.

use crate::repositories::Participants;
use askel_domain::ParticipantId;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::{goal, participant, participant_episode, participant_step, referral};

/// What a required free text reads once anonymised.
pub const ANONYMISED_TEXT: &str = "[anonymised]";

impl Participants<'_> {
    /// Removes the participant's identifying data everywhere it is kept.
    pub async fn anonymise_participant(
        &self,
        id: ParticipantId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let pid = id.as_uuid();
        participant::Entity::update_many()
            .col_expr(
                participant::Column::IdentityCipher,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(
                participant::Column::IdentityHash,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                participant::Column::ExternalRef,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                participant::Column::Notes,
                Expr::value(Option::<String>::None),
            )
            .col_expr(participant::Column::Anonymised, Expr::value(true))
            .col_expr(
                participant::Column::Version,
                Expr::col(participant::Column::Version).add(1),
            )
            .col_expr(participant::Column::UpdatedAt, Expr::value(now))
            .filter(participant::Column::Id.eq(pid))
            .exec(&self.conn)
            .await?;
        participant_step::Entity::update_many()
            .col_expr(
                participant_step::Column::Note,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                participant_step::Column::Reason,
                Expr::value(Option::<String>::None),
            )
            .filter(participant_step::Column::ParticipantId.eq(pid))
            .exec(&self.conn)
            .await?;
        participant_episode::Entity::update_many()
            .col_expr(
                participant_episode::Column::FollowOnPlan,
                Expr::value(Option::<String>::None),
            )
            .filter(participant_episode::Column::ParticipantId.eq(pid))
            .exec(&self.conn)
            .await?;
        goal::Entity::update_many()
            .col_expr(goal::Column::Text, Expr::value(ANONYMISED_TEXT))
            .filter(goal::Column::ParticipantId.eq(pid))
            .exec(&self.conn)
            .await?;
        self.anonymise_referrals(id, now).await?;
        self.path().anonymise_follow_ups(id).await?;
        self.idempotency().forget_idempotent_responses(id).await
    }

    /// The participant's referrals keep their kind, parties, status and dates; the reason, the
    /// notes, the outcome's text and everything shared with the target (the identity code
    /// included) go. Each changes version so that both sides' mirrors read it again.
    async fn anonymise_referrals(
        &self,
        id: ParticipantId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let nothing_shared = serde_json::json!({"identity_code": false});
        referral::Entity::update_many()
            .col_expr(referral::Column::Reason, Expr::value(ANONYMISED_TEXT))
            .col_expr(referral::Column::Shared, Expr::value(nothing_shared))
            .col_expr(
                referral::Column::SharedIdentityCipher,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(
                referral::Column::SharedContactCipher,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(
                referral::Column::DeclineNote,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                referral::Column::Version,
                Expr::col(referral::Column::Version).add(1),
            )
            .col_expr(referral::Column::UpdatedAt, Expr::value(now))
            .filter(referral::Column::ParticipantId.eq(id.as_uuid()))
            .exec(&self.conn)
            .await?;
        referral::Entity::update_many()
            .col_expr(
                referral::Column::OutcomeDescription,
                Expr::value(ANONYMISED_TEXT),
            )
            .filter(referral::Column::ParticipantId.eq(id.as_uuid()))
            .filter(referral::Column::OutcomeDescription.is_not_null())
            .exec(&self.conn)
            .await?;
        Ok(())
    }
}
