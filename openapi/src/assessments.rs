//! Instruments and assessments on the wire.

use std::collections::BTreeMap;

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::AssessmentPhase;
use crate::{Check, Invalid};

/// An item with its scale.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentItem {
    /// Code, unique in the instrument (a–z, 0–9, _).
    pub code: String,
    /// Label.
    pub label: String,
    /// Lowest score.
    pub min: i32,
    /// Highest score.
    pub max: i32,
}

/// A dimension and its items.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDimension {
    /// Code (a–z, 0–9, _).
    pub code: String,
    /// Label.
    pub label: String,
    /// Items.
    pub items: Vec<InstrumentItem>,
}

/// A definition of an instrument; given a code already in use, it becomes that code's next
/// version.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "arjen_taidot",
    "name": "Arjen taidot (project's own)",
    "description": "The project's own short check-list, scored 1–5.",
    "dimensions": [{"code": "arki", "label": "Arjen sujuminen", "items": [{"code": "arki_1", "label": "Päivärytmi", "min": 1, "max": 5}]}]
}))]
pub struct DefineInstrument {
    /// Stable code across versions.
    pub code: String,
    /// Name.
    pub name: String,
    /// What it is and where its wording comes from.
    #[serde(default)]
    pub description: String,
    /// Dimensions.
    #[validate(length(min = 1, max = 50))]
    pub dimensions: Vec<InstrumentDimension>,
}

impl DefineInstrument {
    /// The definition as a domain instrument at `version`.
    pub fn into_domain(self, version: i32, now: DateTime<Utc>) -> Result<d::Instrument, Invalid> {
        let mut c = Check::new(&self);
        let instrument = d::Instrument {
            id: Uuid::now_v7(),
            code: self.code,
            version,
            name: self.name,
            description: self.description,
            dimensions: self
                .dimensions
                .into_iter()
                .map(|dim| d::Dimension {
                    code: dim.code,
                    label: dim.label,
                    items: dim
                        .items
                        .into_iter()
                        .map(|i| d::Item {
                            code: i.code,
                            label: i.label,
                            scale: d::Scale {
                                min: i.min,
                                max: i.max,
                            },
                        })
                        .collect(),
                })
                .collect(),
            created_at: now,
        };
        if let Err(e) = instrument.check() {
            c.fail("dimensions", e);
        }
        c.finish(|| Some(instrument))
    }
}

/// An instrument version.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Instrument {
    /// Id of this version; assessments name it.
    pub id: Uuid,
    /// Stable code.
    pub code: String,
    /// Version.
    pub version: i32,
    /// Name.
    pub name: String,
    /// What it is and where its wording comes from.
    pub description: String,
    /// Dimensions with their items and scales.
    pub dimensions: Vec<InstrumentDimension>,
    /// When this version was defined.
    pub created_at: DateTime<Utc>,
}

impl From<d::Instrument> for Instrument {
    fn from(i: d::Instrument) -> Self {
        Self {
            id: i.id,
            code: i.code,
            version: i.version,
            name: i.name,
            description: i.description,
            dimensions: i
                .dimensions
                .into_iter()
                .map(|dim| InstrumentDimension {
                    code: dim.code,
                    label: dim.label,
                    items: dim
                        .items
                        .into_iter()
                        .map(|it| InstrumentItem {
                            code: it.code,
                            label: it.label,
                            min: it.scale.min,
                            max: it.scale.max,
                        })
                        .collect(),
                })
                .collect(),
            created_at: i.created_at,
        }
    }
}

/// Every instrument version.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct InstrumentList {
    /// By code, then version.
    pub items: Vec<Instrument>,
}

/// A new assessment.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"instrument_id": "01941f29-7c00-7000-8000-0000000000a1", "phase": "entry", "date": "2018-09-17",
                          "scores": {"work_ability": 4, "mental_wellbeing": 5, "social_inclusion": 3, "physical_functioning": 7, "skills": 5, "everyday_coping": 4}}))]
pub struct CreateAssessment {
    /// The instrument version used.
    pub instrument_id: Uuid,
    /// Phase.
    pub phase: AssessmentPhase,
    /// Date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// A score for every item, by item code.
    #[validate(length(min = 1, max = 500))]
    pub scores: BTreeMap<String, i32>,
}

impl TryFrom<CreateAssessment> for d::AssessmentInput {
    type Error = Invalid;

    fn try_from(input: CreateAssessment) -> Result<Self, Invalid> {
        let c = Check::new(&input);
        c.finish(|| {
            Some(Self {
                instrument_id: input.instrument_id,
                phase: input.phase.into(),
                date: input.date,
                scores: input.scores,
            })
        })
    }
}

/// An assessment.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Assessment {
    /// Id.
    pub id: Uuid,
    /// The instrument version.
    pub instrument_id: Uuid,
    /// Phase.
    pub phase: AssessmentPhase,
    /// Date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Scores by item code.
    pub scores: BTreeMap<String, i32>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl From<d::Assessment> for Assessment {
    fn from(a: d::Assessment) -> Self {
        Self {
            id: a.id,
            instrument_id: a.instrument_id,
            phase: a.phase.into(),
            date: a.date,
            scores: a.scores,
            recorded_by: a.recorded_by,
            recorded_at: a.recorded_at,
        }
    }
}

/// A dimension's first and latest score and the change.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct DimensionChange {
    /// Dimension code.
    pub dimension: String,
    /// Score of the earliest assessment (mean of its items).
    pub first: f64,
    /// Score of the latest assessment.
    pub latest: f64,
    /// `latest - first`.
    pub change: f64,
}

/// The change per dimension for one instrument version.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AssessmentSummary {
    /// The instrument version.
    pub instrument_id: Uuid,
    /// Its code.
    pub instrument_code: String,
    /// Its version.
    pub version: i32,
    /// How many assessments it covers.
    pub assessments: usize,
    /// Per dimension.
    pub dimensions: Vec<DimensionChange>,
}

/// A page of a participant's assessments and, per instrument version, the change since the
/// first (over every assessment, whichever page).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AssessmentList {
    /// Assessments in `(recorded_at, id)` order.
    pub items: Vec<Assessment>,
    /// Pass as `cursor` to read the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Summaries computed in `domain`.
    pub summaries: Vec<AssessmentSummary>,
}

impl AssessmentList {
    /// The page with a summary per instrument used, over `all` the participant's assessments.
    pub fn new(
        page: d::Page<d::Assessment>,
        all: &[d::Assessment],
        instruments: &[d::Instrument],
    ) -> Self {
        let assessments = all;
        let summaries = instruments
            .iter()
            .filter(|i| assessments.iter().any(|a| a.instrument_id == i.id))
            .map(|i| AssessmentSummary {
                instrument_id: i.id,
                instrument_code: i.code.clone(),
                version: i.version,
                assessments: assessments
                    .iter()
                    .filter(|a| a.instrument_id == i.id)
                    .count(),
                dimensions: d::instrument::summary(i, assessments)
                    .into_iter()
                    .map(|c| DimensionChange {
                        dimension: c.dimension,
                        first: c.first,
                        latest: c.latest,
                        change: c.change,
                    })
                    .collect(),
            })
            .collect();
        Self {
            next_cursor: page.next.map(crate::paging::encode_cursor),
            items: page.items.into_iter().map(Into::into).collect(),
            summaries,
        }
    }
}
