//! A participant's path on the wire: steps, exit, re-entry, and the access log.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{AuditAction, AuditOutcome, EuraExitOption, ExitSituation, Step};
use crate::participants::step_of;
use crate::{Check, Invalid, page_of};

/// Entering a step. Forward by one needs nothing; a skip or a move back needs a `reason`. A
/// newly registered participant is on no step (step 0), so the first entry is step 1 — or a
/// later step with a `reason` (e.g. someone referred straight to service guidance).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"step": 1, "entered_on": "2018-09-03", "note": "Ensitapaaminen; hyvinvointimittarin kartoitus sovittu."}))]
pub struct EnterStep {
    /// The step, 1–5.
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub step: u8,
    /// When the step was entered.
    #[serde(deserialize_with = "crate::dates::date")]
    pub entered_on: NaiveDate,
    /// Why, when skipping a step or moving back.
    #[schema(max_length = 1000)]
    pub reason: Option<String>,
    /// A note.
    #[schema(max_length = 10000)]
    pub note: Option<String>,
}

impl TryFrom<EnterStep> for d::StepInput {
    type Error = Invalid;

    fn try_from(input: EnterStep) -> Result<Self, Invalid> {
        let mut c = Check::new(&input);
        let step = c.field("step", step_of(input.step).ok_or("must be from 1 to 5"));
        let reason = c.optional("reason", input.reason.as_deref(), d::Reason::parse);
        let note = c.optional("note", input.note.as_deref(), d::Description::parse);
        c.finish(|| {
            Some(Self {
                step: step?,
                entered_on: input.entered_on,
                reason: reason?,
                note: note?,
            })
        })
    }
}

/// A recorded step entry.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct StepEntry {
    /// Id.
    pub id: Uuid,
    /// Episode.
    pub episode: i32,
    /// Step number, 1–5.
    pub step: u8,
    /// Step code.
    pub step_code: Step,
    /// When entered.
    #[serde(deserialize_with = "crate::dates::date")]
    pub entered_on: NaiveDate,
    /// Why (skips and moves back).
    pub reason: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

impl From<d::StepEntry> for StepEntry {
    fn from(s: d::StepEntry) -> Self {
        Self {
            id: s.id,
            episode: s.episode,
            step: s.step.number(),
            step_code: s.step.into(),
            entered_on: s.entered_on,
            reason: s.reason.map(d::Reason::into_string),
            note: s.note.map(d::Description::into_string),
            recorded_by: s.recorded_by,
            recorded_at: s.recorded_at,
        }
    }
}

/// A participant's whole path: every step entry of every episode, in order.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct StepHistory {
    /// The entries.
    pub items: Vec<StepEntry>,
}

/// Leaving the project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"exit_date": "2019-03-29", "situation": "work_trial", "qualification_gained": false, "follow_on_plan": "Työkokeilu kierrätyskeskuksessa, TE-palvelujen asiakkuus jatkuu."}))]
pub struct ExitInput {
    /// Date of leaving; not before the entry date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub exit_date: NaiveDate,
    /// Situation on leaving.
    pub situation: ExitSituation,
    /// The day `situation` refers to: the exit date when left out, else within four weeks
    /// after it (the situation upon leaving is the last one in that window; send the exit again
    /// to correct it within the window).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub situation_date: Option<NaiveDate>,
    /// Whether a qualification or competence was gained.
    pub qualification_gained: bool,
    /// The services the person moves on to.
    #[schema(max_length = 10000)]
    pub follow_on_plan: Option<String>,
}

impl TryFrom<ExitInput> for d::Exit {
    type Error = Invalid;

    fn try_from(input: ExitInput) -> Result<Self, Invalid> {
        let mut c = Check::default();
        let plan = c.optional(
            "follow_on_plan",
            input.follow_on_plan.as_deref(),
            d::Description::parse,
        );
        let situation_on = input.situation_date.unwrap_or(input.exit_date);
        let window = d::Exit {
            date: input.exit_date,
            situation: input.situation.into(),
            situation_on,
            qualification_gained: input.qualification_gained,
            follow_on_plan: None,
        };
        if let Err(e) = window.check_situation_date() {
            c.fail("situation_date", e);
        }
        c.finish(|| {
            Some(d::Exit {
                follow_on_plan: plan?,
                ..window
            })
        })
    }
}

/// An exit as recorded.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Exit {
    /// The episode it ends.
    pub episode: i32,
    /// Date of leaving.
    #[serde(deserialize_with = "crate::dates::date")]
    pub exit_date: NaiveDate,
    /// Situation on leaving.
    pub situation: ExitSituation,
    /// The day the situation refers to (within four weeks of leaving).
    #[serde(deserialize_with = "crate::dates::date")]
    pub situation_date: NaiveDate,
    /// Where it goes on the EURA 2021 exit form.
    pub eura_exit_option: EuraExitOption,
    /// Whether a qualification or competence was gained.
    pub qualification_gained: bool,
    /// Follow-on plan.
    pub follow_on_plan: Option<String>,
}

impl Exit {
    /// The wire form of an exit ending `episode`.
    pub fn new(episode: i32, e: d::Exit) -> Self {
        Self {
            episode,
            exit_date: e.date,
            situation: e.situation.into(),
            situation_date: e.situation_on,
            eura_exit_option: e.situation.eura().into(),
            qualification_gained: e.qualification_gained,
            follow_on_plan: e.follow_on_plan.map(d::Description::into_string),
        }
    }
}

/// Coming back after an exit: opens a new episode.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"entry_date": "2019-10-14"}))]
pub struct ReEntry {
    /// The new entry date; after the last exit.
    #[serde(deserialize_with = "crate::dates::date")]
    pub entry_date: NaiveDate,
}

/// One access to a participant's data.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AccessLogEntry {
    /// Id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// The API client.
    pub client: String,
    /// Its organisation.
    pub organisation_id: Option<Uuid>,
    /// The person it acted for.
    pub acting_for: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// The kind of resource.
    pub resource: String,
    /// The resource's id.
    pub resource_id: Uuid,
    /// Allowed or denied.
    pub outcome: AuditOutcome,
}

impl AccessLogEntry {
    /// The wire form of an audit record.
    pub fn new(e: d::AuditEntry, resource: String) -> Self {
        Self {
            id: e.id.as_uuid(),
            at: e.at,
            client: e.client,
            organisation_id: e.organisation_id.map(d::OrganisationId::as_uuid),
            acting_for: e.acting_for,
            action: e.action.into(),
            resource,
            resource_id: e.resource_id,
            outcome: e.outcome.into(),
        }
    }
}

page_of!(
    AccessLogPage,
    AccessLogEntry,
    "A page of the access log, oldest first."
);

/// One stay in the project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Episode {
    /// 1, 2, … in order.
    pub number: i32,
    /// Entry date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub entry_date: NaiveDate,
    /// The exit that ended it, if any.
    pub exit: Option<Exit>,
}

impl From<d::Episode> for Episode {
    fn from(e: d::Episode) -> Self {
        Self {
            number: e.number,
            entry_date: e.entry_date,
            exit: e.exit.map(|x| Exit::new(e.number, x)),
        }
    }
}

/// Handing a participant to another implementer of the project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to_organisation_id": "01941f29-7c02-7502-8000-000000000002"}))]
pub struct Transfer {
    /// The new owner: a lead or co-implementer of the project.
    pub to_organisation_id: Uuid,
}
