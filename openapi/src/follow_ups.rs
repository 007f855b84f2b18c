//! Follow-ups six months after leaving on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{FollowUpSituation, FollowUpSource};

/// What a project learnt of a leaver's situation six months after the final exit.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"situation": "employed", "improved_situation": false, "source": "register", "date": "2019-09-27"}))]
pub struct FollowUpInput {
    /// The situation.
    pub situation: FollowUpSituation,
    /// For those employed at entry: a better labour-market situation than at entry (from
    /// precarious to stable work, from under-employment to full employment, or a job asking for
    /// higher skills or more responsibility). Counted only for those employed at entry.
    #[serde(default)]
    pub improved_situation: bool,
    /// Where the facts come from.
    pub source: FollowUpSource,
    /// The date the situation refers to: from four weeks before six months after the exit,
    /// and not in the future.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
}

impl From<FollowUpInput> for askel_domain::FollowUp {
    fn from(i: FollowUpInput) -> Self {
        Self {
            situation: i.situation.into(),
            improved_situation: i.improved_situation,
            source: i.source.into(),
            date: i.date,
        }
    }
}

/// A follow-up as recorded.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct FollowUp {
    /// Its id.
    pub id: Uuid,
    /// The participant.
    pub participant_id: Uuid,
    /// The episode whose exit it follows.
    pub episode: i32,
    /// The situation.
    pub situation: FollowUpSituation,
    /// A better labour-market situation than at entry.
    pub improved_situation: bool,
    /// Where the facts come from.
    pub source: FollowUpSource,
    /// The date the situation refers to.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A participant's follow-ups, oldest exit first.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct FollowUpList {
    /// The follow-ups.
    pub items: Vec<FollowUp>,
}
