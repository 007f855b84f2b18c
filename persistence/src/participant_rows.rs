//! A participant's row and back: the columns written from a participant, and a stored row made
//! a domain value again (codes parsed, consents from their JSON).

use askel_domain::{
    Consent, Description, EntryFacts, ExternalRef, MunicipalityCode, OrganisationId, Participant,
    ParticipantFields, ParticipantId, PathState, ProjectId, SensitiveFacts,
};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::entities::participant;
use crate::error::{corrupt, parse_stored};

/// A participant with where it stands on its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredParticipant {
    /// The participant.
    pub participant: Participant,
    /// Its path state.
    pub state: PathState,
    /// Minutes present at activities.
    pub participation_minutes: i64,
}

#[derive(Serialize, Deserialize)]
struct ConsentJson {
    kind: String,
    given: bool,
    date: NaiveDate,
    recorded_by: String,
}

/// A new participant's random record key for the cell key method (`domain::disclosure`).
pub(crate) fn record_key() -> i32 {
    i32::from(rand::random::<u8>())
}

pub(crate) fn fields_model(p: &Participant) -> participant::ActiveModel {
    let f = &p.fields;
    let s = f.facts.sensitive;
    let consents: Vec<ConsentJson> = f
        .consents
        .iter()
        .map(|c| ConsentJson {
            kind: c.kind.to_string(),
            given: c.given,
            date: c.date,
            recorded_by: c.recorded_by.clone(),
        })
        .collect();
    participant::ActiveModel {
        id: Set(p.id.as_uuid()),
        project_id: Set(p.project_id.as_uuid()),
        owner_id: Set(p.owner_id.as_uuid()),
        external_ref: Set(f.external_ref.as_ref().map(|r| r.as_str().to_owned())),
        entry_date: Set(f.entry_date),
        home_municipality: Set(f.home_municipality.map(|m| m.as_str().to_owned())),
        gender: Set(f.facts.gender.to_string()),
        birth_date: Set(f.facts.birth_date),
        labour_market_status: Set(f.facts.labour_market_status.to_string()),
        unemployed_since: Set(f.facts.unemployed_since),
        education: Set(f.facts.education.to_string()),
        urbanisation: Set(f.facts.urbanisation.to_string()),
        disability: Set(s.disability.to_string()),
        foreign_background: Set(s.foreign_background.to_string()),
        third_country_national: Set(s.third_country_national.to_string()),
        minority: Set(s.minority.to_string()),
        homeless: Set(s.homeless.to_string()),
        other_disadvantaged: Set(s.other_disadvantaged.to_string()),
        eura_state: Set(f.eura.to_string()),
        age_at_entry: Set(Some(askel_domain::participant::age_on(
            f.facts.birth_date,
            f.entry_date,
        ))),
        long_term_unemployed: Set(Some(askel_domain::participant::long_term_unemployed(
            &f.facts,
            f.entry_date,
        ))),
        consents: Set(serde_json::json!(consents)),
        notes: Set(f.notes.as_ref().map(|n| n.as_str().to_owned())),
        anonymised: Set(p.anonymised),
        version: Set(p.version),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
        ..Default::default()
    }
}

/// A stored code parsed back into its enum.
fn code<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e| corrupt(what, e))
}

pub(crate) fn to_domain(m: participant::Model) -> Result<StoredParticipant, StoreError> {
    let consents: Vec<ConsentJson> =
        serde_json::from_value(m.consents).map_err(|e| corrupt("consents", e))?;
    let consents = consents
        .into_iter()
        .map(|c| {
            Ok(Consent {
                kind: code(&c.kind, "consent kind")?,
                given: c.given,
                date: c.date,
                recorded_by: c.recorded_by,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let current_step = match (m.current_step.as_deref(), m.current_step_since) {
        (Some(step), Some(since)) => Some((code(step, "step")?, since)),
        _ => None,
    };
    let participant = Participant {
        id: ParticipantId::from_uuid(m.id),
        project_id: ProjectId::from_uuid(m.project_id),
        owner_id: OrganisationId::from_uuid(m.owner_id),
        fields: ParticipantFields {
            external_ref: parse_stored(
                m.external_ref.as_deref(),
                "external ref",
                ExternalRef::parse,
            )?,
            entry_date: m.entry_date,
            home_municipality: parse_stored(
                m.home_municipality.as_deref(),
                "municipality",
                MunicipalityCode::parse,
            )?,
            facts: EntryFacts {
                gender: code(&m.gender, "gender")?,
                birth_date: m.birth_date,
                labour_market_status: code(&m.labour_market_status, "labour-market status")?,
                unemployed_since: m.unemployed_since,
                education: code(&m.education, "education")?,
                urbanisation: code(&m.urbanisation, "urbanisation")?,
                sensitive: SensitiveFacts {
                    disability: code(&m.disability, "disability")?,
                    foreign_background: code(&m.foreign_background, "foreign background")?,
                    third_country_national: code(
                        &m.third_country_national,
                        "third-country national",
                    )?,
                    minority: code(&m.minority, "minority")?,
                    homeless: code(&m.homeless, "homeless")?,
                    other_disadvantaged: code(&m.other_disadvantaged, "other disadvantaged")?,
                },
            },
            eura: code(&m.eura_state, "EURA state")?,
            consents,
            notes: parse_stored(m.notes.as_deref(), "notes", Description::parse)?,
        },
        has_identity_code: m.identity_hash.is_some(),
        anonymised: m.anonymised,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    };
    Ok(StoredParticipant {
        participant,
        state: PathState {
            episode: m.episode,
            current_step,
            exited: m.exited,
            episode_entry: m.episode_entry_date,
        },
        participation_minutes: 0,
    })
}
