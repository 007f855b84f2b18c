//! Assessment instruments (versioned definitions) and assessments scored against them.
//!
//! A changed definition is a new version; an assessment keeps the version it was made with.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::ParticipantId;

code_list! {
    /// When in the path an assessment was made.
    pub enum AssessmentPhase ("assessment_phases", "Phases of an assessment") {
        Entry = "entry", "alkukartoitus", "inledande kartläggning", "at entry";
        Interim = "interim", "väliarvio", "mellanbedömning", "interim";
        Exit = "exit", "loppuarvio", "slutbedömning", "at exit";
    }
}

/// An item's scale, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Lowest score.
    pub min: i32,
    /// Highest score.
    pub max: i32,
}

/// One scored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable code within the instrument.
    pub code: String,
    /// Label.
    pub label: String,
    /// Scale.
    pub scale: Scale,
}

/// A dimension: a group of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    /// Stable code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Items.
    pub items: Vec<Item>,
}

/// A version of an instrument's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    /// Id of this version.
    pub id: Uuid,
    /// Stable code across versions, e.g. `kykyviisari`.
    pub code: String,
    /// Version, 1, 2, …
    pub version: i32,
    /// Name.
    pub name: String,
    /// What it is and where its wording comes from.
    pub description: String,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// When this version was defined.
    pub created_at: DateTime<Utc>,
}

/// Why a definition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    /// No dimensions or a dimension without items.
    #[error("an instrument needs at least one dimension, and each dimension at least one item")]
    Empty,
    /// Two items or dimensions share a code.
    #[error("codes must be unique: a dimension or item code is used twice")]
    DuplicateCode(String),
    /// A scale whose minimum is not below its maximum, or outside -1000..=1000.
    #[error("item {0}: the scale's minimum must be below its maximum, both within -1000..1000")]
    Scale(String),
    /// A blank or overlong code or label.
    #[error("codes are 1–50 characters of a–z, 0–9 and _; labels 1–200 characters")]
    Text,
}

fn code_ok(code: &str) -> bool {
    (1..=50).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn label_ok(label: &str) -> bool {
    !label.trim().is_empty() && label.chars().count() <= 200
}

impl Instrument {
    /// Checks a definition: codes unique and well-formed, scales sane, nothing empty.
    pub fn check(&self) -> Result<(), DefinitionError> {
        if self.dimensions.is_empty() || self.dimensions.iter().any(|d| d.items.is_empty()) {
            return Err(DefinitionError::Empty);
        }
        if !code_ok(&self.code) || !label_ok(&self.name) {
            return Err(DefinitionError::Text);
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.dimensions {
            if !code_ok(&d.code) || !label_ok(&d.label) {
                return Err(DefinitionError::Text);
            }
            if !seen.insert(format!("dimension:{}", d.code)) {
                return Err(DefinitionError::DuplicateCode(d.code.clone()));
            }
            for i in &d.items {
                if !code_ok(&i.code) || !label_ok(&i.label) {
                    return Err(DefinitionError::Text);
                }
                if !seen.insert(format!("item:{}", i.code)) {
                    return Err(DefinitionError::DuplicateCode(i.code.clone()));
                }
                if i.scale.min >= i.scale.max || i.scale.min < -1000 || i.scale.max > 1000 {
                    return Err(DefinitionError::Scale(i.code.clone()));
                }
            }
        }
        Ok(())
    }

    fn items(&self) -> impl Iterator<Item = &Item> {
        self.dimensions.iter().flat_map(|d| &d.items)
    }

    /// Checks scores against the definition: every item scored, on its scale, no strangers.
    /// Returns `(item code, problem)` for each fault.
    pub fn check_scores(
        &self,
        scores: &BTreeMap<String, i32>,
    ) -> Result<(), Vec<(String, String)>> {
        let mut faults = Vec::new();
        for item in self.items() {
            match scores.get(&item.code) {
                None => faults.push((item.code.clone(), "is missing".to_owned())),
                Some(s) if *s < item.scale.min || *s > item.scale.max => {
                    faults.push((
                        item.code.clone(),
                        format!("must be from {} to {}", item.scale.min, item.scale.max),
                    ));
                }
                Some(_) => {}
            }
        }
        for code in scores.keys() {
            if !self.items().any(|i| &i.code == code) {
                faults.push((code.clone(), "is not an item of this instrument".to_owned()));
            }
        }
        if faults.is_empty() {
            Ok(())
        } else {
            Err(faults)
        }
    }

    /// Each dimension's score: the mean of its items.
    pub fn dimension_scores(&self, scores: &BTreeMap<String, i32>) -> BTreeMap<String, f64> {
        self.dimensions
            .iter()
            .filter_map(|d| {
                let values: Vec<f64> = d
                    .items
                    .iter()
                    .filter_map(|i| scores.get(&i.code))
                    .map(|s| f64::from(*s))
                    .collect();
                #[allow(clippy::cast_precision_loss)]
                let n = values.len() as f64;
                (!values.is_empty()).then(|| (d.code.clone(), values.iter().sum::<f64>() / n))
            })
            .collect()
    }
}

/// An assessment made with an instrument version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Its id.
    pub id: Uuid,
    /// Whose.
    pub participant_id: ParticipantId,
    /// The instrument version.
    pub instrument_id: Uuid,
    /// Phase.
    pub phase: AssessmentPhase,
    /// Date.
    pub date: NaiveDate,
    /// Scores by item code.
    pub scores: BTreeMap<String, i32>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// A dimension's first and latest score and the change between them.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionChange {
    /// The dimension.
    pub dimension: String,
    /// The score of the earliest assessment.
    pub first: f64,
    /// The score of the latest assessment.
    pub latest: f64,
    /// `latest - first`.
    pub change: f64,
}

/// Per dimension, first, latest and change over `assessments` made with `instrument`,
/// ordered by date (then by recording order).
pub fn summary(instrument: &Instrument, assessments: &[Assessment]) -> Vec<DimensionChange> {
    let mut mine: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| a.instrument_id == instrument.id)
        .collect();
    mine.sort_by_key(|a| (a.date, a.recorded_at, a.id));
    let (Some(first), Some(latest)) = (mine.first(), mine.last()) else {
        return Vec::new();
    };
    let (f, l) = (
        instrument.dimension_scores(&first.scores),
        instrument.dimension_scores(&latest.scores),
    );
    instrument
        .dimensions
        .iter()
        .filter_map(|d| {
            let (first, latest) = (*f.get(&d.code)?, *l.get(&d.code)?);
            Some(DimensionChange {
                dimension: d.code.clone(),
                first,
                latest,
                change: latest - first,
            })
        })
        .collect()
}

/// A command to record an assessment (its scores are checked against the instrument version's
/// scales when the version is known).
#[derive(Debug, Clone)]
pub struct AssessmentInput {
    /// The instrument version used.
    pub instrument_id: Uuid,
    /// Phase.
    pub phase: AssessmentPhase,
    /// Date.
    pub date: NaiveDate,
    /// A score for every item, by item code.
    pub scores: BTreeMap<String, i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instrument() -> Instrument {
        let item = |code: &str| Item {
            code: code.into(),
            label: code.into(),
            scale: Scale { min: 0, max: 10 },
        };
        Instrument {
            id: Uuid::now_v7(),
            code: "test".into(),
            version: 1,
            name: "Test".into(),
            description: String::new(),
            dimensions: vec![
                Dimension {
                    code: "mind".into(),
                    label: "Mind".into(),
                    items: vec![item("m1"), item("m2")],
                },
                Dimension {
                    code: "body".into(),
                    label: "Body".into(),
                    items: vec![item("b1")],
                },
            ],
            created_at: Utc::now(),
        }
    }

    fn scores(pairs: &[(&str, i32)]) -> BTreeMap<String, i32> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    fn assessment(i: &Instrument, date: &str, s: &[(&str, i32)]) -> Assessment {
        Assessment {
            id: Uuid::now_v7(),
            participant_id: ParticipantId::new(),
            instrument_id: i.id,
            phase: AssessmentPhase::Interim,
            date: date.parse().unwrap(),
            scores: scores(s),
            recorded_by: "w".into(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn scores_must_cover_every_item_on_its_scale() {
        let i = instrument();
        assert!(
            i.check_scores(&scores(&[("m1", 0), ("m2", 10), ("b1", 5)]))
                .is_ok()
        );
        let faults = i
            .check_scores(&scores(&[("m1", 11), ("b1", -1), ("x", 3)]))
            .unwrap_err();
        let codes: Vec<_> = faults.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["m1", "m2", "b1", "x"]);
    }

    #[test]
    fn the_summary_compares_the_first_and_latest_assessment_per_dimension() {
        let i = instrument();
        let later = assessment(&i, "2025-06-01", &[("m1", 8), ("m2", 6), ("b1", 7)]);
        let first = assessment(&i, "2025-01-01", &[("m1", 2), ("m2", 4), ("b1", 7)]);
        let middle = assessment(&i, "2025-03-01", &[("m1", 9), ("m2", 9), ("b1", 1)]);
        let s = summary(&i, &[later, first, middle]);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (
                s[0].dimension.as_str(),
                s[0].first,
                s[0].latest,
                s[0].change
            ),
            ("mind", 3.0, 7.0, 4.0)
        );
        assert_eq!((s[1].dimension.as_str(), s[1].change), ("body", 0.0));
        assert!(summary(&i, &[]).is_empty());
    }

    #[test]
    fn definitions_are_checked() {
        let mut i = instrument();
        assert!(i.check().is_ok());
        i.dimensions[1].items[0].code = "m1".into();
        assert_eq!(i.check(), Err(DefinitionError::DuplicateCode("m1".into())));
        let mut j = instrument();
        j.dimensions[0].items[0].scale = Scale { min: 5, max: 5 };
        assert_eq!(j.check(), Err(DefinitionError::Scale("m1".into())));
        let mut k = instrument();
        k.dimensions[0].items.clear();
        assert_eq!(k.check(), Err(DefinitionError::Empty));
        let mut l = instrument();
        l.code = "Not OK".into();
        assert_eq!(l.check(), Err(DefinitionError::Text));
    }
}
