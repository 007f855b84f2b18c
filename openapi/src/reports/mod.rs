//! Figures on the wire: the programme period's indicators by gender, the step funnel, EURA,
//! referrals, activity hours and funding. For roles without access to personal data counts are
//! perturbed by the cell key method and small ones withheld (`docs/DISCLOSURE.md`). CSV and
//! XLSX are made in `table`.

mod table;

mod from_domain;
pub use table::{COLUMNS, Field, Tabular};

use askel_domain::disclosure::Cell as DomainCell;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One figure: `value` is `null` and `suppressed` true when withheld to protect individuals.
/// In a protected report every shown value is perturbed (see `docs/DISCLOSURE.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub struct Cell {
    /// The count, or `null` when withheld.
    pub value: Option<i64>,
    /// Whether it is withheld: in a protected report, a perturbed value below the threshold
    /// (zero included).
    pub suppressed: bool,
}

impl From<DomainCell> for Cell {
    fn from(c: DomainCell) -> Self {
        Self {
            value: c.value(),
            suppressed: c == DomainCell::Withheld,
        }
    }
}

/// An indicator's counts by gender.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct IndicatorFigure {
    /// Our name, e.g. `long_term_unemployed`.
    pub name: String,
    /// The official code: for ESF+ as SFC2021 numbers the common indicators of Regulation (EU)
    /// 2021/1057, e.g. `EECO02` (unemployed, including long-term unemployed), `FI` for the
    /// national under-25 figure; for ESF 2014–2020 the codes of Regulation (EU) No 1304/2013,
    /// Annex I, e.g. `CO01`.
    pub official_code: String,
    /// What it counts.
    pub label: String,
    /// `at_entry` (counts participants entered in the period), `on_leaving` or
    /// `six_months_after_leaving` (both count leavers: final exit in the period).
    pub timing: String,
    /// Whether it counts leavers (`timing` is not `at_entry`).
    pub on_leaving: bool,
    /// Women.
    pub female: Cell,
    /// Men.
    pub male: Cell,
    /// Non-binary.
    pub non_binary: Cell,
    /// Gender not stated.
    pub not_stated: Cell,
    /// All.
    pub total: Cell,
    /// `total` as a share (0–1) of its population, when both are shown: the participants
    /// entered in the period for an output; for a result, the leavers meeting its conditions at
    /// entry (EECR01 over leavers inactive at entry), or all leavers where it has none.
    /// Protected figures: only where the population truly holds the threshold, to whole percent.
    pub share: Option<f64>,
}

/// A step of the funnel.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct StepFigure {
    /// Step number, 1–5.
    pub step: u8,
    /// Step code.
    pub code: String,
    /// Participants who have entered the step at some point.
    pub reached: Cell,
    /// Participants in the step now who have not left.
    pub current: Cell,
    /// Median days spent in the step (to the next step, the exit, or today), when any
    /// participant has entered it — withheld when `reached` is.
    pub median_days: Option<f64>,
}

/// Referrals of one service and status.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ReferralFigure {
    /// Service kind code.
    pub service_kind: String,
    /// Status code.
    pub status: String,
    /// How many.
    pub count: Cell,
}

/// A participant count by EURA state.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct EuraFigure {
    /// EURA state code.
    pub state: String,
    /// How many participants.
    pub count: Cell,
}

/// How one instrument dimension changed from each person's first assessment to their latest.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AssessmentChangeFigure {
    /// Instrument code.
    pub instrument: String,
    /// Instrument version.
    pub version: i32,
    /// Dimension code.
    pub dimension: String,
    /// People assessed at least twice with this version.
    pub participants: Cell,
    /// Mean change, latest − first (in the dimension's scale), when shown.
    pub mean_change: Option<f64>,
    /// Share of them whose latest score is above their first, when shown.
    pub share_improved: Option<f64>,
}

/// Funding summed over the projects covered, in euro cents.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct FundingFigure {
    /// Projects covered that have funding recorded.
    pub projects_with_funding: i64,
    /// Total eligible cost.
    pub total_eligible_cost_cents: i64,
    /// ESF share.
    pub esf_amount_cents: i64,
    /// Own share.
    pub own_share_cents: i64,
}

/// A project a report covers.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CoveredProject {
    /// Its id.
    pub id: Uuid,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// A report of figures over projects of one programme period.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct IndicatorReport {
    /// The project, for a project report.
    pub project_id: Option<Uuid>,
    /// The funder, for a funder report's section.
    pub funder_organisation_id: Option<Uuid>,
    /// The programme period, whose indicator set the report uses.
    pub programme_period: crate::enums::ProgrammePeriod,
    /// Projects covered.
    pub projects: i64,
    /// Which they are.
    pub covered_projects: Vec<CoveredProject>,
    /// Period start (entry date for outputs, exit date for results), inclusive.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub from: Option<NaiveDate>,
    /// Period end, inclusive.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub to: Option<NaiveDate>,
    /// Whether counts are perturbed and small ones withheld (the cell key method).
    pub protected: bool,
    /// The smallest value shown when protected.
    pub threshold: i64,
    /// Participants entered in the period (first entry).
    pub participants: Cell,
    /// Leavers: participants whose final exit falls in the period (the results' population).
    pub leavers: Cell,
    /// The programme period's indicators.
    pub indicators: Vec<IndicatorFigure>,
    /// The step funnel.
    pub steps: Vec<StepFigure>,
    /// Participants by the state of their entry data in EURA 2021.
    pub eura: Vec<EuraFigure>,
    /// Referrals by service and status.
    pub referrals: Vec<ReferralFigure>,
    /// Accepted or completed referrals as a share of those answered (accepted, declined,
    /// completed), when both are shown (perturbed counts when protected).
    pub referral_acceptance_rate: Option<f64>,
    /// Hours participants were present at activities.
    pub activity_hours: f64,
    /// Change per instrument dimension, first to latest assessment.
    pub assessment_changes: Vec<AssessmentChangeFigure>,
    /// Funding.
    pub funding: FundingFigure,
}

/// The figures across a funder's projects: one section per programme period, never summed
/// across periods.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct FunderReport {
    /// The funder.
    pub funder_organisation_id: Uuid,
    /// Period start, inclusive.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub from: Option<NaiveDate>,
    /// Period end, inclusive.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub to: Option<NaiveDate>,
    /// Always true: a funder sees perturbed figures.
    pub protected: bool,
    /// The smallest value shown.
    pub threshold: i64,
    /// One report per programme period the funder's projects belong to.
    pub programme_periods: Vec<IndicatorReport>,
}

/// The period of a report.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// From (inclusive). Protected figures are given for one whole calendar month, quarter or
    /// year (`from` its first day, `to` its last) or for the whole period (neither).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub from: Option<NaiveDate>,
    /// To (inclusive).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub to: Option<NaiveDate>,
}

/// The report as an .xlsx workbook: a binary download.
#[derive(Debug, Clone, ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Workbook(pub Vec<u8>);
