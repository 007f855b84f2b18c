//! Referrals and their transitions.

use crate::repositories::Referrals;
use askel_domain::{
    Description, Education, Gender, LabourMarketStatus, MunicipalityCode, OrganisationId, Outcome,
    Page, PageRequest, ParticipantId, ProjectId, Referral, ReferralStatus, ServiceKind,
    SharedDetails, Side, Text, Transition,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::referral::{self, Column, Entity};
use crate::entities::referral_transition as transition;
use crate::error::{corrupt, parse_stored};
use crate::paging::read_page;

/// Which referrals a list holds for an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFilter {
    /// The caller's organisation.
    pub organisation: OrganisationId,
    /// Only those it sent, or only those addressed to it; both when `None`.
    pub side: Option<Side>,
    /// Only in one of these statuses (none when empty); any status when `None`.
    pub statuses: Option<Vec<ReferralStatus>>,
    /// Only those this organisation sent.
    pub sender: Option<OrganisationId>,
    /// Only those addressed to this organisation.
    pub target: Option<OrganisationId>,
    /// Only for this service.
    pub service_kind: Option<ServiceKind>,
    /// Only in this project.
    pub project: Option<ProjectId>,
}

#[derive(Serialize, Deserialize, Default)]
struct SharedJson {
    birth_date: Option<NaiveDate>,
    gender: Option<String>,
    home_municipality: Option<String>,
    labour_market_status: Option<String>,
    education: Option<String>,
    identity_code: bool,
    #[serde(default)]
    contact: bool,
}

fn row(r: &Referral) -> referral::ActiveModel {
    let s = &r.shared;
    let shared = SharedJson {
        birth_date: s.birth_date,
        gender: s.gender.map(|g| g.to_string()),
        home_municipality: s.home_municipality.map(|m| m.as_str().to_owned()),
        labour_market_status: s.labour_market_status.map(|l| l.to_string()),
        education: s.education.map(|e| e.to_string()),
        identity_code: s.identity_code,
        contact: s.contact,
    };
    referral::ActiveModel {
        id: Set(r.id),
        project_id: Set(r.project_id.as_uuid()),
        participant_id: Set(r.participant_id.as_uuid()),
        sender_id: Set(r.sender_id.as_uuid()),
        target_id: Set(r.target_id.as_uuid()),
        service_kind: Set(r.service_kind.to_string()),
        reason: Set(r.reason.as_str().to_owned()),
        shared: Set(serde_json::to_value(shared).unwrap_or_default()),
        status: Set(r.status.to_string()),
        decline_reason: Set(r.decline.as_ref().map(|(d, _)| d.to_string())),
        decline_note: Set(r
            .decline
            .as_ref()
            .and_then(|(_, n)| n.as_ref().map(|t| t.as_str().to_owned()))),
        outcome_description: Set(r
            .outcome
            .as_ref()
            .map(|o| o.description.as_str().to_owned())),
        outcome_started_on: Set(r.outcome.as_ref().and_then(|o| o.started_on)),
        version: Set(r.version),
        created_at: Set(r.created_at),
        updated_at: Set(r.updated_at),
        ..Default::default()
    }
}

impl Referrals<'_> {
    /// Stores a referral (with the shared identity code and contact details, encrypted, when
    /// given).
    pub async fn insert_referral(
        &self,
        r: &Referral,
        identity_cipher: Option<Vec<u8>>,
        contact_cipher: Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        let mut model = row(r);
        model.shared_identity_cipher = Set(identity_cipher);
        model.shared_contact_cipher = Set(contact_cipher);
        Entity::insert(model)
            .exec_without_returning(&self.conn)
            .await?;
        Ok(())
    }

    /// Replaces a referral's state if still at `expected_version`; `Ok(false)` when another
    /// change came first.
    pub async fn update_referral(
        &self,
        r: &Referral,
        expected_version: i32,
    ) -> Result<bool, StoreError> {
        let mut model = row(r);
        model.shared_identity_cipher = sea_orm::ActiveValue::NotSet;
        model.shared_contact_cipher = sea_orm::ActiveValue::NotSet;
        let result = Entity::update_many()
            .set(model)
            .filter(Column::Id.eq(r.id))
            .filter(Column::Version.eq(expected_version))
            .exec(&self.conn)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// One referral.
    pub async fn referral(&self, id: Uuid) -> Result<Referral, StoreError> {
        Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .map(to_domain)
            .ok_or(StoreError::NotFound)?
    }

    /// Hands the referrals `from` sent about a participant to `to`, its new owner.
    pub async fn move_referrals(
        &self,
        participant: ParticipantId,
        from: OrganisationId,
        to: OrganisationId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        use sea_orm::sea_query::{Expr, ExprTrait};
        referral::Entity::update_many()
            .col_expr(referral::Column::SenderId, Expr::value(to.as_uuid()))
            .col_expr(
                referral::Column::Version,
                Expr::col(referral::Column::Version).add(1),
            )
            .col_expr(referral::Column::UpdatedAt, Expr::value(now))
            .filter(referral::Column::ParticipantId.eq(participant.as_uuid()))
            .filter(referral::Column::SenderId.eq(from.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// Which of `ids` are referrals addressed to `target`, in one query.
    pub async fn referrals_addressed_to(
        &self,
        target: OrganisationId,
        ids: &[Uuid],
    ) -> Result<std::collections::HashSet<Uuid>, StoreError> {
        if ids.is_empty() {
            return Ok(std::collections::HashSet::new());
        }
        let found: Vec<Uuid> = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::Id.is_in(ids.iter().copied()))
            .filter(Column::TargetId.eq(target.as_uuid()))
            .into_tuple()
            .all(&self.conn)
            .await?;
        Ok(found.into_iter().collect())
    }

    /// The encrypted contact details shared with a referral's target, if any.
    pub async fn referral_contact(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<Option<Vec<u8>>> = Entity::find_by_id(id)
            .select_only()
            .column(Column::SharedContactCipher)
            .into_tuple()
            .one(&self.conn)
            .await?;
        row.ok_or(StoreError::NotFound)
    }

    /// The encrypted identity code shared with a referral's target, if any.
    pub async fn referral_identity(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<Option<Vec<u8>>> = Entity::find_by_id(id)
            .select_only()
            .column(Column::SharedIdentityCipher)
            .into_tuple()
            .one(&self.conn)
            .await?;
        row.ok_or(StoreError::NotFound)
    }

    /// Every referral made for a participant.
    pub async fn referrals_of(
        &self,
        participant: askel_domain::ParticipantId,
    ) -> Result<Vec<Referral>, StoreError> {
        Entity::find()
            .filter(Column::ParticipantId.eq(participant.as_uuid()))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(to_domain)
            .collect()
    }

    /// A page of the referrals an organisation sent or received, by the filter.
    pub async fn referrals(
        &self,
        f: &ReferralFilter,
        req: &PageRequest,
    ) -> Result<Page<Referral>, StoreError> {
        let org = f.organisation.as_uuid();
        // A draft is the sender's alone: the target sees a referral once it is sent.
        let addressed = Condition::all()
            .add(Column::TargetId.eq(org))
            .add(Column::Status.ne(ReferralStatus::Draft.to_string()));
        // The sending side: what it sent, and, for a project's administrator (who reads every
        // participant of the project), what its partners sent for them.
        let administered = sea_orm::sea_query::Query::select()
            .column(crate::entities::project_actor::Column::ProjectId)
            .from(crate::entities::project_actor::Entity)
            .and_where(crate::entities::project_actor::Column::OrganisationId.eq(org))
            .and_where(
                crate::entities::project_actor::Column::Role
                    .eq(askel_domain::ActorRole::Administrator.to_string()),
            )
            .to_owned();
        let sending = Condition::any()
            .add(Column::SenderId.eq(org))
            .add(Column::ProjectId.in_subquery(administered));
        let mut select = Entity::find().filter(match f.side {
            Some(Side::Target) => addressed,
            Some(Side::Sender) => sending,
            None => Condition::any().add(addressed).add(sending),
        });
        if let Some(statuses) = &f.statuses {
            select = select.filter(Column::Status.is_in(statuses.iter().map(ToString::to_string)));
        }
        if let Some(o) = f.sender {
            select = select.filter(Column::SenderId.eq(o.as_uuid()));
        }
        if let Some(o) = f.target {
            select = select.filter(Column::TargetId.eq(o.as_uuid()));
        }
        if let Some(k) = f.service_kind {
            select = select.filter(Column::ServiceKind.eq(k.to_string()));
        }
        if let Some(p) = f.project {
            select = select.filter(Column::ProjectId.eq(p.as_uuid()));
        }
        read_page(self, select, req, to_domain).await
    }

    /// Records a move in a referral's life.
    pub async fn insert_transition(
        &self,
        referral_id: Uuid,
        t: &Transition,
    ) -> Result<(), StoreError> {
        transition::Entity::insert(transition::ActiveModel {
            id: Set(Uuid::now_v7()),
            referral_id: Set(referral_id),
            from_status: Set(t.from.map(|s| s.to_string())),
            to_status: Set(t.to.to_string()),
            at: Set(t.at),
            client: Set(t.client.clone()),
            organisation_id: Set(t.organisation_id.map(OrganisationId::as_uuid)),
            acting_for: Set(t.acting_for.clone()),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A referral's moves in order.
    pub async fn transitions(&self, referral_id: Uuid) -> Result<Vec<Transition>, StoreError> {
        let rows = transition::Entity::find()
            .filter(transition::Column::ReferralId.eq(referral_id))
            .order_by_asc(transition::Column::Id)
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|m| {
                Ok(Transition {
                    from: parse_stored(m.from_status.as_deref(), "transition", str::parse)?,
                    to: m.to_status.parse().map_err(|e| corrupt("transition", e))?,
                    at: m.at,
                    client: m.client,
                    organisation_id: m.organisation_id.map(OrganisationId::from_uuid),
                    acting_for: m.acting_for,
                })
            })
            .collect()
    }
}

fn to_domain(m: referral::Model) -> Result<Referral, StoreError> {
    let s: SharedJson =
        serde_json::from_value(m.shared).map_err(|e| corrupt("shared details", e))?;
    let shared = SharedDetails {
        birth_date: s.birth_date,
        gender: parse_stored(s.gender.as_deref(), "gender", str::parse::<Gender>)?,
        home_municipality: parse_stored(
            s.home_municipality.as_deref(),
            "municipality",
            MunicipalityCode::parse,
        )?,
        labour_market_status: parse_stored(
            s.labour_market_status.as_deref(),
            "labour-market status",
            str::parse::<LabourMarketStatus>,
        )?,
        education: parse_stored(s.education.as_deref(), "education", str::parse::<Education>)?,
        identity_code: s.identity_code,
        contact: s.contact,
    };
    let decline = match m.decline_reason.as_deref() {
        Some(code) => Some((
            code.parse().map_err(|e| corrupt("decline reason", e))?,
            parse_stored(
                m.decline_note.as_deref(),
                "decline note",
                Text::<2000>::parse,
            )?,
        )),
        None => None,
    };
    let outcome = match m.outcome_description.as_deref() {
        Some(d) => Some(Outcome {
            description: Description::parse(d).map_err(|e| corrupt("outcome", e))?,
            started_on: m.outcome_started_on,
        }),
        None => None,
    };
    Ok(Referral {
        id: m.id,
        project_id: ProjectId::from_uuid(m.project_id),
        participant_id: ParticipantId::from_uuid(m.participant_id),
        sender_id: OrganisationId::from_uuid(m.sender_id),
        target_id: OrganisationId::from_uuid(m.target_id),
        service_kind: m
            .service_kind
            .parse()
            .map_err(|e| corrupt("service kind", e))?,
        reason: Description::parse(&m.reason).map_err(|e| corrupt("reason", e))?,
        shared,
        status: m.status.parse().map_err(|e| corrupt("status", e))?,
        decline,
        outcome,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}
