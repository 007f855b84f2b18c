//! What partners send to register or change a participant. The personal identity code
//! travels only here, and back only to `?include=identity` reads.

use askel_domain as d;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::enums::{
    ConsentKind, Education, EuraState, Gender, LabourMarketStatus, SensitiveAnswer, Urbanisation,
};
use crate::{Check, Invalid};

/// A consent given or withdrawn.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// What it covers.
    pub kind: ConsentKind,
    /// `true` given, `false` withdrawn.
    pub given: bool,
    /// When.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
}

fn not_asked() -> SensitiveAnswer {
    SensitiveAnswer::NotAsked
}

fn not_known() -> Urbanisation {
    Urbanisation::NotKnown
}

/// A new participant, registered by an implementer of the project, which becomes its owner.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "external_ref": "virta-2018-0042",
    "entry_date": "2018-09-03",
    "home_municipality": "405",
    "gender": "male",
    "birth_date": "1996-05-17",
    "labour_market_status": "unemployed",
    "unemployed_since": "2017-03-01",
    "education": "isced_0_2",
    "degree_of_urbanisation": "rural_areas",
    "foreign_background": "no",
    "consents": [{"kind": "data_processing", "given": true, "date": "2018-09-03"}]
}))]
pub struct CreateParticipant {
    /// Your system's id for the person; unique in the project for your organisation.
    #[schema(max_length = 100)]
    pub external_ref: Option<String>,
    /// Entry date; within the project's period.
    #[serde(deserialize_with = "crate::dates::date")]
    pub entry_date: NaiveDate,
    /// Home municipality code.
    #[schema(pattern = r"^\d{3}$")]
    pub home_municipality: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub birth_date: NaiveDate,
    /// Labour-market status at entry.
    pub labour_market_status: LabourMarketStatus,
    /// When unemployment began (only for `unemployed`); long-term unemployment is derived from it.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub unemployed_since: Option<NaiveDate>,
    /// Highest completed education.
    pub education: Education,
    /// Degree of urbanisation of the home area (DEGURBA), from the home address or its
    /// municipality's classification; `rural_areas` counts in EECO17. `not_known` when left out.
    #[serde(default = "not_known")]
    pub degree_of_urbanisation: Urbanisation,
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
    /// Other disadvantaged (CO17; optional to answer): asked only in ESF 2014–2020 projects, so
    /// `not_asked` in ESF+ projects.
    #[serde(default = "not_asked")]
    pub other_disadvantaged: SensitiveAnswer,
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
    pub fn into_domain(self, recorded_by: &str) -> Result<d::NewParticipant, Invalid> {
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
            urbanisation: self.degree_of_urbanisation.into(),
            sensitive: d::SensitiveFacts {
                disability: self.disability.into(),
                foreign_background: self.foreign_background.into(),
                third_country_national: self.third_country_national.into(),
                minority: self.minority.into(),
                homeless: self.homeless.into(),
                other_disadvantaged: self.other_disadvantaged.into(),
            },
        };
        for (field, e) in facts.faults(self.entry_date) {
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
            Some(d::NewParticipant {
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

/// A change to a participant: fields left out stay; `null` clears an optional field; consents
/// in `new_consents` are added to the history.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"eura_state": "submitted", "new_consents": [{"kind": "share_with_county", "given": true, "date": "2018-09-20"}]}))]
pub struct UpdateParticipant {
    /// New external reference; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub external_ref: Option<Option<String>>,
    /// New entry date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub entry_date: Option<NaiveDate>,
    /// New home municipality; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub home_municipality: Option<Option<String>>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Birth date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub birth_date: Option<NaiveDate>,
    /// Labour-market status at entry.
    pub labour_market_status: Option<LabourMarketStatus>,
    /// When unemployment began; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::dates::nullable_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<NaiveDate>)]
    pub unemployed_since: Option<Option<NaiveDate>>,
    /// Education.
    pub education: Option<Education>,
    /// Degree of urbanisation of the home area (DEGURBA).
    pub degree_of_urbanisation: Option<Urbanisation>,
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
    /// Other disadvantaged (ESF 2014–2020 projects only).
    pub other_disadvantaged: Option<SensitiveAnswer>,
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
        deserialize_with = "crate::nullable",
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
    ) -> Result<d::NewParticipant, Invalid> {
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
            urbanisation: self
                .degree_of_urbanisation
                .map_or(old.urbanisation, Into::into),
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
                other_disadvantaged: self
                    .other_disadvantaged
                    .map_or(s.other_disadvantaged, Into::into),
            },
        };
        let entry_date = self.entry_date.unwrap_or(current.entry_date);
        for (field, e) in facts.faults(entry_date) {
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
            Some(d::NewParticipant {
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
