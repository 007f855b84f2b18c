//! Referrals on the wire, and their FHIR R4 ServiceRequest form.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::enums::{
    DeclineReason, Education, Gender, LabourMarketStatus, ReferralStatus, ServiceKind,
};
use crate::{Check, Invalid, page_of};

pub use crate::referral_contact::ContactDetails;

/// Which of the participant's details to share with the target.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareChoice {
    /// The personal identity code (the target usually needs it to find the person).
    #[serde(default)]
    pub identity_code: bool,
    /// Birth date.
    #[serde(default)]
    pub birth_date: bool,
    /// Gender.
    #[serde(default)]
    pub gender: bool,
    /// Home municipality.
    #[serde(default)]
    pub home_municipality: bool,
    /// Labour-market status at entry.
    #[serde(default)]
    pub labour_market_status: bool,
    /// Education.
    #[serde(default)]
    pub education: bool,
}

impl From<ShareChoice> for d::ShareChoice {
    fn from(s: ShareChoice) -> Self {
        Self {
            identity_code: s.identity_code,
            birth_date: s.birth_date,
            gender: s.gender,
            home_municipality: s.home_municipality,
            labour_market_status: s.labour_market_status,
            education: s.education,
        }
    }
}

/// A new referral. It starts as a draft the target cannot see, unless `send` is true.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "target_organisation_id": "01941f29-7c05-7505-8000-000000000005",
    "service_kind": "work_trial",
    "reason": "Asiakas on valmis työkokeiluun; toiveena kierrätyskeskus.",
    "share": {"birth_date": true, "home_municipality": true},
    "send": true
}))]
pub struct CreateReferral {
    /// The organisation referred to: an actor of the project (the wellbeing services county, a
    /// TE office, …) or an educational institution.
    pub target_organisation_id: Uuid,
    /// The service.
    pub service_kind: ServiceKind,
    /// Why, for the target.
    #[schema(min_length = 1, max_length = 10000)]
    pub reason: String,
    /// What to share with the target.
    #[serde(default)]
    pub share: ShareChoice,
    /// Send at once (draft → sent).
    #[serde(default)]
    pub send: bool,
    /// How the target can reach the person, for this referral only: shared with the person's
    /// consent (the sharing consent the target's kind needs).
    pub contact: Option<ContactDetails>,
}

impl TryFrom<CreateReferral> for d::ReferralInput {
    type Error = Invalid;

    fn try_from(i: CreateReferral) -> Result<Self, Invalid> {
        let mut c = Check::default();
        let reason = c.field("reason", d::Description::parse(&i.reason));
        if let Some(contact) = &i.contact {
            contact.check(&mut c);
        }
        c.finish(|| {
            Some(Self {
                target: i.target_organisation_id.into(),
                service_kind: i.service_kind.into(),
                reason: reason?,
                share: i.share.into(),
                send: i.send,
                contact: i.contact.clone().map(Into::into),
            })
        })
    }
}

/// The target's account of what came of a referral.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    /// What happened, e.g. "started the work trial".
    #[schema(min_length = 1, max_length = 10000)]
    pub description: String,
    /// When it started, if it did.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub started_on: Option<NaiveDate>,
}

/// A move in the referral's life.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "completed", "outcome": {"description": "Työkokeilu alkoi kierrätyskeskuksessa.", "started_on": "2018-11-05"}}))]
pub struct TransitionInput {
    /// The status to move to. The sender sends and cancels; the target receives, accepts,
    /// declines and completes.
    pub to: ReferralStatus,
    /// Required when declining.
    pub decline_reason: Option<DeclineReason>,
    /// Free text with a decline.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// With completion: what came of it.
    pub outcome: Option<OutcomeInput>,
}

impl TryFrom<TransitionInput> for d::TransitionRequest {
    type Error = Invalid;

    fn try_from(i: TransitionInput) -> Result<Self, Invalid> {
        let mut c = Check::default();
        let to: d::ReferralStatus = i.to.into();
        let note = c.optional("note", i.note.as_deref(), d::Text::<2000>::parse);
        let outcome = c.optional(
            "outcome.description",
            i.outcome.as_ref().map(|o| o.description.as_str()),
            d::Description::parse,
        );
        match (to, i.decline_reason) {
            (d::ReferralStatus::Declined, None) => {
                c.fail("decline_reason", "is required when declining")
            }
            (s, Some(_)) if s != d::ReferralStatus::Declined => {
                c.fail("decline_reason", "is given only when declining")
            }
            _ => {}
        }
        if i.outcome
            .as_ref()
            .and_then(|o| o.started_on)
            .is_some_and(|on| !askel_domain::calendar::accepts_date(on))
        {
            c.fail("outcome.started_on", askel_domain::calendar::RANGE);
        }
        if i.outcome.is_some() && to != d::ReferralStatus::Completed {
            c.fail("outcome", "is given only when completing");
        }
        c.finish(|| {
            let note = note?;
            Some(Self {
                to,
                decline: i.decline_reason.map(|r| (r.into(), note)),
                outcome: outcome?.map(|description| d::Outcome {
                    description,
                    started_on: i.outcome.as_ref().and_then(|o| o.started_on),
                }),
            })
        })
    }
}

/// The details shared with the target.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct SharedDetails {
    /// Personal identity code, when shared (to the target; the sender has it already).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_code: Option<String>,
    /// Whether the identity code was shared.
    pub identity_code_shared: bool,
    /// Birth date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub birth_date: Option<NaiveDate>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Home municipality.
    pub home_municipality: Option<String>,
    /// Labour-market status at entry.
    pub labour_market_status: Option<LabourMarketStatus>,
    /// Education.
    pub education: Option<Education>,
    /// Whether contact details were shared.
    pub contact_shared: bool,
    /// The contact details: only in a single read, to the sender and the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactDetails>,
}

/// Why a referral was declined.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Decline {
    /// Reason code.
    pub reason: DeclineReason,
    /// Free text.
    pub note: Option<String>,
}

/// What came of a referral.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Outcome {
    /// What happened.
    pub description: String,
    /// When it started.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub started_on: Option<NaiveDate>,
}

/// A recorded move.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Transition {
    /// The status before; `null` for the creation.
    pub from: Option<ReferralStatus>,
    /// The status after.
    pub to: ReferralStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// The organisation that made it.
    pub organisation_id: Option<Uuid>,
    /// The person who made it, as their system names them.
    pub acting_for: Option<String>,
}

/// A referral.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Referral {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The participant (an id only the sender's side can resolve).
    pub participant_id: Uuid,
    /// The sending organisation.
    pub sender_organisation_id: Uuid,
    /// The target organisation.
    pub target_organisation_id: Uuid,
    /// The service.
    pub service_kind: ServiceKind,
    /// Why.
    pub reason: String,
    /// Status.
    pub status: ReferralStatus,
    /// The moves you may make now.
    pub allowed_transitions: Vec<ReferralStatus>,
    /// The details shared with the target.
    pub shared: SharedDetails,
    /// Why it was declined.
    pub decline: Option<Decline>,
    /// What came of it.
    pub outcome: Option<Outcome>,
    /// Every move, with time and actor.
    pub transitions: Vec<Transition>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Referral {
    /// The wire form for one side of the referral.
    pub fn new(
        r: d::Referral,
        side: d::Side,
        transitions: Vec<d::Transition>,
        identity_code: Option<String>,
        contact: Option<ContactDetails>,
    ) -> Self {
        let s = r.shared;
        Self {
            id: r.id,
            project_id: r.project_id.as_uuid(),
            participant_id: r.participant_id.as_uuid(),
            sender_organisation_id: r.sender_id.as_uuid(),
            target_organisation_id: r.target_id.as_uuid(),
            service_kind: r.service_kind.into(),
            reason: r.reason.into_string(),
            status: r.status.into(),
            allowed_transitions: d::referral::allowed_moves(r.status, side)
                .into_iter()
                .map(Into::into)
                .collect(),
            shared: SharedDetails {
                identity_code,
                identity_code_shared: s.identity_code,
                birth_date: s.birth_date,
                gender: s.gender.map(Into::into),
                home_municipality: s.home_municipality.map(|m| m.as_str().to_owned()),
                labour_market_status: s.labour_market_status.map(Into::into),
                education: s.education.map(Into::into),
                contact_shared: s.contact,
                contact,
            },
            decline: r.decline.map(|(reason, note)| Decline {
                reason: reason.into(),
                note: note.map(d::Text::into_string),
            }),
            outcome: r.outcome.map(|o| Outcome {
                description: o.description.into_string(),
                started_on: o.started_on,
            }),
            transitions: transitions
                .into_iter()
                .map(|t| Transition {
                    from: t.from.map(Into::into),
                    to: t.to.into(),
                    at: t.at,
                    organisation_id: t.organisation_id.map(d::OrganisationId::as_uuid),
                    acting_for: t.acting_for,
                })
                .collect(),
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

page_of!(ReferralPage, Referral, "A page of referrals.");

/// Filters for `GET /v1/referrals`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// Items per page, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only referrals changed at or after this time.
    #[serde(default, deserialize_with = "crate::dates::optional_timestamp")]
    pub updated_since: Option<DateTime<Utc>>,
    /// `target` for referrals addressed to you (your inbox), `sender` for those you sent.
    #[param(inline)]
    pub role: Option<RoleFilter>,
    /// Only in this status.
    pub status: Option<ReferralStatus>,
    /// Only for this service.
    pub service_kind: Option<ServiceKind>,
    /// Only in this project.
    pub project: Option<Uuid>,
}

/// Which side's referrals to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleFilter {
    /// Addressed to you.
    Target,
    /// Sent by you.
    Sender,
}

impl ReferralQuery {
    /// The paging part.
    pub fn list_query(&self) -> crate::ListQuery {
        crate::ListQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
            updated_since: self.updated_since,
        }
    }
}
