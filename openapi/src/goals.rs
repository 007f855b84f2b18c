//! Goals of the individual plan on the wire.

use crate::page_of;
use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::enums::{GoalStatus, Step};
use crate::participants::step_of;
use crate::{Check, Invalid};

/// A new goal.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Hakeutuu työkokeiluun kierrätyskeskukseen.", "step": 4, "target_date": "2019-03-29"}))]
pub struct CreateGoal {
    /// What the participant aims at.
    #[schema(min_length = 1, max_length = 2000)]
    pub text: String,
    /// The step it belongs to, 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub step: u8,
    /// By when.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub target_date: Option<NaiveDate>,
    /// Status; `open` when left out.
    pub status: Option<GoalStatus>,
}

impl TryFrom<CreateGoal> for d::GoalInput {
    type Error = Invalid;

    fn try_from(input: CreateGoal) -> Result<Self, Invalid> {
        let mut c = Check::default();
        let text = c.field("text", d::GoalText::parse(&input.text));
        let step = c.field("step", step_of(input.step).ok_or("must be from 1 to 5"));
        c.finish(|| {
            Some(Self {
                text: text?,
                step: step?,
                target_date: input.target_date,
                status: input.status.map_or(d::GoalStatus::Open, Into::into),
            })
        })
    }
}

/// A change to a goal: fields left out stay.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "achieved"}))]
pub struct UpdateGoal {
    /// New wording.
    #[schema(min_length = 1, max_length = 2000)]
    pub text: Option<String>,
    /// New step, 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub step: Option<u8>,
    /// New target date; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::dates::nullable_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<NaiveDate>)]
    pub target_date: Option<Option<NaiveDate>>,
    /// New status.
    pub status: Option<GoalStatus>,
}

impl TryFrom<UpdateGoal> for d::GoalChanges {
    type Error = Invalid;

    fn try_from(input: UpdateGoal) -> Result<Self, Invalid> {
        let mut c = Check::default();
        let text = c.optional("text", input.text.as_deref(), d::GoalText::parse);
        let step = c.optional("step", input.step, |n| {
            step_of(n).ok_or("must be from 1 to 5")
        });
        c.finish(|| {
            Some(Self {
                text: text?,
                step: step?,
                target_date: input.target_date,
                status: input.status.map(Into::into),
            })
        })
    }
}

/// A goal.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Goal {
    /// Id.
    pub id: Uuid,
    /// Whose.
    pub participant_id: Uuid,
    /// What.
    pub text: String,
    /// Step number.
    pub step: u8,
    /// Step code.
    pub step_code: Step,
    /// By when.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub target_date: Option<NaiveDate>,
    /// Status.
    pub status: GoalStatus,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<d::Goal> for Goal {
    fn from(g: d::Goal) -> Self {
        Self {
            id: g.id,
            participant_id: g.participant_id.as_uuid(),
            text: g.text.into_string(),
            step: g.step.number(),
            step_code: g.step.into(),
            target_date: g.target_date,
            status: g.status.into(),
            version: g.version,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

page_of!(GoalList, Goal, "A page of a participant's goals.");
