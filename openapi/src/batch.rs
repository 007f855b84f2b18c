//! Batch import of participants from a partner's system.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::FieldError;
use crate::participants::CreateParticipant;

/// Up to 1 000 participants, each validated and stored on its own. An item whose
/// `external_ref` you already use in the project updates that participant instead of creating
/// another, so a retried batch creates no duplicates.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"items": [{
    "external_ref": "virta-2018-0043", "entry_date": "2018-09-10", "gender": "male", "birth_date": "1997-08-21",
    "labour_market_status": "unemployed", "unemployed_since": "2017-06-01", "education": "isced_0_2"
}]}))]
pub struct BatchImport {
    /// The participants, as in a single registration.
    #[validate(length(min = 1, max = 1000))]
    #[schema(value_type = Vec<CreateParticipant>)]
    pub items: Vec<serde_json::Value>,
}

/// `?dry_run=true` validates and reports without storing anything.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// Validate and report only.
    pub dry_run: Option<bool>,
}

/// What happened to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    /// A new participant (or one that would be, in a dry run).
    Created,
    /// An existing participant with the same `external_ref`, updated.
    Updated,
    /// Refused; `problems` or `detail` say why.
    Failed,
}

/// The result for one item.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ItemResult {
    /// The item's position in `items`.
    pub index: usize,
    /// What happened.
    pub outcome: ItemOutcome,
    /// The participant's id, when created or updated.
    pub participant_id: Option<Uuid>,
    /// The item's `external_ref`, as sent.
    pub external_ref: Option<String>,
    /// Failing fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FieldError>,
    /// Why it failed, when not a field (e.g. a duplicate person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The import summary.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct BatchSummary {
    /// Whether this was a dry run (nothing stored).
    pub dry_run: bool,
    /// Items received.
    pub received: usize,
    /// Created.
    pub created: usize,
    /// Updated.
    pub updated: usize,
    /// Failed.
    pub failed: usize,
    /// A result per item, in order.
    pub items: Vec<ItemResult>,
}
