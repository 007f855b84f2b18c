//! Participants on the wire. The personal identity code travels only in a create or change,
//! and back only to `?include=identity` reads by the owner and the project administrator.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::enums::{
    ConsentKind, Education, EuraState, Gender, LabourMarketStatus, SensitiveAnswer, Step,
    Urbanisation,
};
use crate::page_of;
pub use crate::participant_input::{ConsentInput, CreateParticipant, UpdateParticipant};

/// A consent as recorded.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Consent {
    /// What it covers.
    pub kind: ConsentKind,
    /// Given or withdrawn.
    pub given: bool,
    /// When.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Who recorded it (the acting worker, or the API client).
    pub recorded_by: String,
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
    /// Entry date: the first participation's, which the figures read; a re-entry does not
    /// change it (see `episode_entry_date`).
    #[serde(deserialize_with = "crate::dates::date")]
    pub entry_date: NaiveDate,
    /// When the current episode began: the entry date, or the latest re-entry's.
    #[serde(deserialize_with = "crate::dates::date")]
    pub episode_entry_date: NaiveDate,
    /// Home municipality.
    pub home_municipality: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub birth_date: NaiveDate,
    /// Age in whole years on the entry date.
    pub age_at_entry: i32,
    /// Labour-market status at entry.
    pub labour_market_status: LabourMarketStatus,
    /// When unemployment began.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub unemployed_since: Option<NaiveDate>,
    /// Derived: unemployed over 12 months at entry (over 6 under age 25).
    pub long_term_unemployed: bool,
    /// Education.
    pub education: Education,
    /// Degree of urbanisation of the home area (DEGURBA).
    pub degree_of_urbanisation: Urbanisation,
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
    /// Other disadvantaged (asked in ESF 2014–2020 projects).
    pub other_disadvantaged: SensitiveAnswer,
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
    /// Days in the current step; none before the first step and once the participant has left.
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
            episode_entry_date: state.episode_entry.unwrap_or(f.entry_date),
            home_municipality: f.home_municipality.map(|m| m.as_str().to_owned()),
            gender: facts.gender.into(),
            birth_date: facts.birth_date,
            age_at_entry: d::participant::age_on(facts.birth_date, f.entry_date),
            labour_market_status: facts.labour_market_status.into(),
            unemployed_since: facts.unemployed_since,
            long_term_unemployed: d::participant::long_term_unemployed(&facts, f.entry_date),
            education: facts.education.into(),
            degree_of_urbanisation: facts.urbanisation.into(),
            disability: facts.sensitive.disability.into(),
            foreign_background: facts.sensitive.foreign_background.into(),
            third_country_national: facts.sensitive.third_country_national.into(),
            minority: facts.sensitive.minority.into(),
            homeless: facts.sensitive.homeless.into(),
            other_disadvantaged: facts.sensitive.other_disadvantaged.into(),
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
    #[serde(default, deserialize_with = "crate::dates::optional_timestamp")]
    pub updated_since: Option<DateTime<Utc>>,
    /// Only those now in this step (1–5).
    #[param(minimum = 1, maximum = 5)]
    pub step: Option<u8>,
    /// `active` or `exited`.
    pub status: Option<ParticipantStatus>,
    /// Only this owner's participants.
    pub owner: Option<Uuid>,
    /// Entered on or after.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub entered_from: Option<NaiveDate>,
    /// Entered on or before.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub entered_to: Option<NaiveDate>,
    /// Only leavers whose follow-up six months after leaving falls due from today to this many
    /// days ahead (1–366) and is not yet recorded.
    #[param(minimum = 1, maximum = 366)]
    pub follow_up_due_within_days: Option<i64>,
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
    #[param(pattern = "^identity$")]
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
