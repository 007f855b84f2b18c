//! Participants on the wire. The personal identity code travels only in a create or change,
//! and back only to `?include=identity` reads by the owner and the project administrator.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::enums::{
    ConsentKind, Education, EuraState, Gender, LabourMarketStatus, SensitiveAnswer, Step,
};
use crate::{Check, Invalid, page_of};

/// A consent given or withdrawn.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// What it covers.
    pub kind: ConsentKind,
    /// `true` given, `false` withdrawn.
    pub given: bool,
    /// When.
    pub date: NaiveDate,
}

/// A consent as recorded.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Consent {
    /// What it covers.
    pub kind: ConsentKind,
    /// Given or withdrawn.
    pub given: bool,
    /// When.
    pub date: NaiveDate,
    /// Who recorded it (the acting worker, or the API client).
    pub recorded_by: String,
}

fn not_asked() -> SensitiveAnswer {
    SensitiveAnswer::NotAsked
}

/// A new participant, registered by an implementer of the project, which becomes its owner.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "external_ref": "virta-2025-0042",
    "entry_date": "2025-02-03",
    "home_municipality": "405",
    "gender": "male",
    "birth_date": "2003-05-17",
    "labour_market_status": "unemployed",
    "unemployed_since": "2024-03-01",
    "education": "isced_0_2",
    "foreign_background": "no",
    "consents": [{"kind": "data_processing", "given": true, "date": "2025-02-03"}]
}))]
pub struct CreateParticipant {
    /// Your system's id for the person; unique in the project for your organisation.
    #[schema(max_length = 100)]
    pub external_ref: Option<String>,
    /// Entry date; within the project's period.
    pub entry_date: NaiveDate,
    /// Home municipality code.
    #[schema(pattern = r"^\d{3}$")]
    pub home_municipality: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Labour-market status at entry.
    pub labour_market_status: LabourMarketStatus,
    /// When unemployment began (only for `unemployed`); long-term unemployment is derived from it.
    pub unemployed_since: Option<NaiveDate>,
    /// Highest completed education.
    pub education: Education,
    /// Disability (optional to answer).
    #[serde(default = "not_asked")]
    pub disability: SensitiveAnswer,
    /// Foreign background (optional to answer).
    #[serde(default = "not_asked")]
    pub foreign_background: SensitiveAnswer,
    /// Third-country national (optional to answer).
    #[serde(default = "not_asked")]
    pub third_country_national: SensitiveAnswer,
    /// Minority, including Roma (optional to answer).
    #[serde(default = "not_asked")]
    pub minority: SensitiveAnswer,
    /// Homeless or in housing exclusion (optional to answer).
    #[serde(default = "not_asked")]
    pub homeless: SensitiveAnswer,
    /// State of the entry data in EURA 2021; `not_submitted` when left out.
    pub eura_state: Option<EuraState>,
    /// Consents.
    #[serde(default)]
    #[validate(length(max = 20))]
    pub consents: Vec<ConsentInput>,
    /// Personal identity code (henkilötunnus), optional. Stored encrypted; never listed.
    #[schema(max_length = 11)]
    pub identity_code: Option<String>,
    /// Notes.
    #[schema(max_length = 10000)]
    pub notes: Option<String>,
}

/// Parsed input for a new participant.
#[derive(Debug, Clone)]
pub struct NewParticipant {
    /// The fields.
    pub fields: d::ParticipantFields,
    /// The identity code, when given.
    pub identity_code: Option<d::PersonalIdentityCode>,
}

fn consents(input: &[ConsentInput], recorded_by: &str) -> Vec<d::Consent> {
    input
        .iter()
        .map(|i| d::Consent {
            kind: i.kind.into(),
            given: i.given,
            date: i.date,
            recorded_by: recorded_by.to_owned(),
        })
        .collect()
}

impl CreateParticipant {
    /// The participant this input describes; `recorded_by` names who records the consents.
    pub fn into_domain(self, recorded_by: &str) -> Result<NewParticipant, Invalid> {
        let mut c = Check::new(&self);
        let external_ref = c.optional(
            "external_ref",
            self.external_ref.as_deref(),
            d::ExternalRef::parse,
        );
        let home_municipality = c.optional(
            "home_municipality",
            self.home_municipality.as_deref(),
            d::MunicipalityCode::parse,
        );
        let notes = c.optional("notes", self.notes.as_deref(), d::Description::parse);
        let identity_code = c.optional(
            "identity_code",
            self.identity_code.as_deref(),
            d::PersonalIdentityCode::parse,
        );
        let facts = d::EntryFacts {
            gender: self.gender.into(),
            birth_date: self.birth_date,
            labour_market_status: self.labour_market_status.into(),
            unemployed_since: self.unemployed_since,
            education: self.education.into(),
            sensitive: d::SensitiveFacts {
                disability: self.disability.into(),
                foreign_background: self.foreign_background.into(),
                third_country_national: self.third_country_national.into(),
                minority: self.minority.into(),
                homeless: self.homeless.into(),
            },
        };
        if let Err((field, e)) = facts.check(self.entry_date) {
            c.fail(field, e);
        }
        if let Some(Some(code)) = &identity_code
            && code.birth_date() != self.birth_date
        {
            c.fail(
                "identity_code",
                "the identity code's birth date differs from birth_date",
            );
        }
        let consents = consents(&self.consents, recorded_by);
        c.finish(|| {
            Some(NewParticipant {
                fields: d::ParticipantFields {
                    external_ref: external_ref?,
                    entry_date: self.entry_date,
                    home_municipality: home_municipality?,
                    facts,
                    eura: self
                        .eura_state
                        .map_or(d::EuraState::NotSubmitted, Into::into),
                    consents,
                    notes: notes?,
                },
                identity_code: identity_code?,
            })
        })
    }
}

/// `Some(None)` for an explicit `null`; absent stays `None`.
fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A change to a participant: fields left out stay; `null` clears an optional field; consents
/// in `new_consents` are added to the history.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"eura_state": "submitted", "new_consents": [{"kind": "share_with_county", "given": true, "date": "2025-03-10"}]}))]
pub struct UpdateParticipant {
    /// New external reference; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub external_ref: Option<Option<String>>,
    /// New entry date.
    pub entry_date: Option<NaiveDate>,
    /// New home municipality; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub home_municipality: Option<Option<String>>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Labour-market status at entry.
    pub labour_market_status: Option<LabourMarketStatus>,
    /// When unemployment began; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<NaiveDate>)]
    pub unemployed_since: Option<Option<NaiveDate>>,
    /// Education.
    pub education: Option<Education>,
    /// Disability.
    pub disability: Option<SensitiveAnswer>,
    /// Foreign background.
    pub foreign_background: Option<SensitiveAnswer>,
    /// Third-country national.
    pub third_country_national: Option<SensitiveAnswer>,
    /// Minority.
    pub minority: Option<SensitiveAnswer>,
    /// Homeless.
    pub homeless: Option<SensitiveAnswer>,
    /// EURA state.
    pub eura_state: Option<EuraState>,
    /// Consents to add to the history.
    #[serde(default)]
    #[validate(length(max = 20))]
    pub new_consents: Vec<ConsentInput>,
    /// Set or correct the identity code.
    #[schema(max_length = 11)]
    pub identity_code: Option<String>,
    /// Notes; `null` clears them.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub notes: Option<Option<String>>,
}

impl UpdateParticipant {
    /// `current` with this change applied, and the new identity code if one was given.
    pub fn apply(
        self,
        current: &d::ParticipantFields,
        recorded_by: &str,
    ) -> Result<NewParticipant, Invalid> {
        let mut c = Check::new(&self);
        let external_ref = c.optional("external_ref", self.external_ref, |v| {
            v.as_deref().map(d::ExternalRef::parse).transpose()
        });
        let home_municipality = c.optional("home_municipality", self.home_municipality, |v| {
            v.as_deref().map(d::MunicipalityCode::parse).transpose()
        });
        let notes = c.optional("notes", self.notes, |v| {
            v.as_deref().map(d::Description::parse).transpose()
        });
        let identity_code = c.optional(
            "identity_code",
            self.identity_code.as_deref(),
            d::PersonalIdentityCode::parse,
        );
        let old = current.facts;
        let s = old.sensitive;
        let facts = d::EntryFacts {
            gender: self.gender.map_or(old.gender, Into::into),
            birth_date: self.birth_date.unwrap_or(old.birth_date),
            labour_market_status: self
                .labour_market_status
                .map_or(old.labour_market_status, Into::into),
            unemployed_since: self.unemployed_since.unwrap_or(old.unemployed_since),
            education: self.education.map_or(old.education, Into::into),
            sensitive: d::SensitiveFacts {
                disability: self.disability.map_or(s.disability, Into::into),
                foreign_background: self
                    .foreign_background
                    .map_or(s.foreign_background, Into::into),
                third_country_national: self
                    .third_country_national
                    .map_or(s.third_country_national, Into::into),
                minority: self.minority.map_or(s.minority, Into::into),
                homeless: self.homeless.map_or(s.homeless, Into::into),
            },
        };
        let entry_date = self.entry_date.unwrap_or(current.entry_date);
        if let Err((field, e)) = facts.check(entry_date) {
            c.fail(field, e);
        }
        if let Some(Some(code)) = &identity_code
            && code.birth_date() != facts.birth_date
        {
            c.fail(
                "identity_code",
                "the identity code's birth date differs from birth_date",
            );
        }
        let mut all_consents = current.consents.clone();
        all_consents.extend(consents(&self.new_consents, recorded_by));
        c.finish(|| {
            Some(NewParticipant {
                fields: d::ParticipantFields {
                    external_ref: external_ref?.unwrap_or_else(|| current.external_ref.clone()),
                    entry_date,
                    home_municipality: home_municipality?.unwrap_or(current.home_municipality),
                    facts,
                    eura: self.eura_state.map_or(current.eura, Into::into),
                    consents: all_consents,
                    notes: notes?.unwrap_or_else(|| current.notes.clone()),
                },
                identity_code: identity_code?,
            })
        })
    }
}

/// A participant.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Participant {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The implementing organisation that owns the participant's data.
    pub owner_organisation_id: Uuid,
    /// Your system's id.
    pub external_ref: Option<String>,
    /// Entry date of the current episode.
    pub entry_date: NaiveDate,
    /// Home municipality.
    pub home_municipality: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Age in whole years on the entry date.
    pub age_at_entry: i32,
    /// Labour-market status at entry.
    pub labour_market_status: LabourMarketStatus,
    /// When unemployment began.
    pub unemployed_since: Option<NaiveDate>,
    /// Derived: unemployed over 12 months at entry (over 6 under age 25).
    pub long_term_unemployed: bool,
    /// Education.
    pub education: Education,
    /// Disability.
    pub disability: SensitiveAnswer,
    /// Foreign background.
    pub foreign_background: SensitiveAnswer,
    /// Third-country national.
    pub third_country_national: SensitiveAnswer,
    /// Minority.
    pub minority: SensitiveAnswer,
    /// Homeless.
    pub homeless: SensitiveAnswer,
    /// EURA state.
    pub eura_state: EuraState,
    /// Consent history.
    pub consents: Vec<Consent>,
    /// Notes.
    pub notes: Option<String>,
    /// Whether an identity code is stored.
    pub has_identity_code: bool,
    /// The identity code: only with `?include=identity`, to the owner and the administrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_code: Option<String>,
    /// Whether identifying data has been removed.
    pub anonymised: bool,
    /// `active` or `exited`.
    pub status: ParticipantStatus,
    /// The current episode (1, then 2 after a re-entry, …).
    pub episode: i32,
    /// The current step's number, 1–5, once one is entered.
    pub current_step: Option<u8>,
    /// The current step's code.
    pub current_step_code: Option<Step>,
    /// Days in the current step.
    pub days_in_step: Option<i64>,
    /// Hours present at the project's activities.
    pub participation_hours: f64,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Whether the participant is in the project now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// In the project.
    Active,
    /// Has left; takes no new steps until re-entered.
    Exited,
}

impl Participant {
    /// The wire form of a stored participant on `today`.
    pub fn new(
        p: d::Participant,
        state: d::PathState,
        participation_minutes: i64,
        today: NaiveDate,
        identity_code: Option<String>,
    ) -> Self {
        let f = p.fields;
        let facts = f.facts;
        Self {
            id: p.id.as_uuid(),
            project_id: p.project_id.as_uuid(),
            owner_organisation_id: p.owner_id.as_uuid(),
            external_ref: f.external_ref.map(d::ExternalRef::into_string),
            entry_date: f.entry_date,
            home_municipality: f.home_municipality.map(|m| m.as_str().to_owned()),
            gender: facts.gender.into(),
            birth_date: facts.birth_date,
            age_at_entry: d::participant::age_on(facts.birth_date, f.entry_date),
            labour_market_status: facts.labour_market_status.into(),
            unemployed_since: facts.unemployed_since,
            long_term_unemployed: d::participant::long_term_unemployed(&facts, f.entry_date),
            education: facts.education.into(),
            disability: facts.sensitive.disability.into(),
            foreign_background: facts.sensitive.foreign_background.into(),
            third_country_national: facts.sensitive.third_country_national.into(),
            minority: facts.sensitive.minority.into(),
            homeless: facts.sensitive.homeless.into(),
            eura_state: f.eura.into(),
            consents: f
                .consents
                .into_iter()
                .map(|c| Consent {
                    kind: c.kind.into(),
                    given: c.given,
                    date: c.date,
                    recorded_by: c.recorded_by,
                })
                .collect(),
            notes: f.notes.map(d::Description::into_string),
            has_identity_code: p.has_identity_code,
            identity_code,
            anonymised: p.anonymised,
            status: if state.exited {
                ParticipantStatus::Exited
            } else {
                ParticipantStatus::Active
            },
            episode: state.episode,
            current_step: state.current_step.map(|(s, _)| s.number()),
            current_step_code: state.current_step.map(|(s, _)| s.into()),
            days_in_step: state.days_in_step(today),
            participation_hours: d::activity::hours(participation_minutes),
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

page_of!(ParticipantPage, Participant, "A page of participants.");

/// Filters for a project's participants.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ParticipantQuery {
    /// Items per page, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only participants changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only those now in this step (1–5).
    #[param(minimum = 1, maximum = 5)]
    pub step: Option<u8>,
    /// `active` or `exited`.
    pub status: Option<ParticipantStatus>,
    /// Only this owner's participants.
    pub owner: Option<Uuid>,
    /// Entered on or after.
    pub entered_from: Option<NaiveDate>,
    /// Entered on or before.
    pub entered_to: Option<NaiveDate>,
}

impl ParticipantQuery {
    /// The paging part.
    pub fn list_query(&self) -> crate::ListQuery {
        crate::ListQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
            updated_since: self.updated_since,
        }
    }
}

/// `?include=identity` on a participant read.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IncludeQuery {
    /// `identity` to include the personal identity code (owner and administrator only; audited).
    pub include: Option<String>,
}

/// A step number 1–5 as a domain step.
pub fn step_of(number: u8) -> Option<d::Step> {
    use d::CodeList;
    d::Step::all()
        .iter()
        .copied()
        .find(|s| s.number() == number)
}
