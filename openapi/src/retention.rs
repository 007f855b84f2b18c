//! A project's retention end on the wire: how long its participants' personal data is kept.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A project's retention end.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"retention_end": "2030-12-31"}))]
pub struct RetentionInput {
    /// The last day its participants' personal data is kept; `null` clears it.
    #[serde(deserialize_with = "crate::dates::optional_date")]
    pub retention_end: Option<NaiveDate>,
}
