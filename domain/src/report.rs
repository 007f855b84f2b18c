//! A report's figures as the application computes them: one programme period's cells over a
//! set of projects, each cell already published by the disclosure rule (shown or withheld).
//! The wire turns them into JSON, CSV or a workbook; nothing here knows a format.

use chrono::NaiveDate;

use crate::disclosure::Cell;
use crate::indicators::Indicator;
use crate::{EuraState, OrganisationId, ProgrammePeriod, ProjectId, Step};

/// A project a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveredProject {
    /// Its id.
    pub id: ProjectId,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// One indicator's cells: by gender (female, male, non-binary, not stated) and in all.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorCells {
    /// The indicator.
    pub indicator: &'static Indicator,
    /// Female, male, non-binary, not stated.
    pub by_gender: [Cell; 4],
    /// Everyone.
    pub total: Cell,
    /// The share of the indicator's own population, when it may be shown.
    pub share: Option<f64>,
}

/// One step's cells.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCells {
    /// The step.
    pub step: Step,
    /// Participants who reached it.
    pub reached: Cell,
    /// Participants in it now.
    pub current: Cell,
    /// The median days spent in it, when it may be shown.
    pub median_days: Option<f64>,
}

/// Referrals of one service kind in one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCells {
    /// Service kind code.
    pub service_kind: String,
    /// Status code.
    pub status: String,
    /// How many.
    pub count: Cell,
}

/// The change of one assessment dimension between entry and exit.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeCells {
    /// Instrument code.
    pub instrument: String,
    /// Instrument version.
    pub version: i32,
    /// Dimension code.
    pub dimension: String,
    /// Participants assessed at both.
    pub participants: Cell,
    /// Mean change, when it may be shown.
    pub mean_change: Option<f64>,
    /// Share improved, when it may be shown.
    pub share_improved: Option<f64>,
}

/// The funding of the covered projects, summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FundingTotals {
    /// Projects with a funding plan.
    pub projects_with_funding: i64,
    /// Total eligible cost, cents.
    pub total_eligible_cost_cents: i64,
    /// ESF amount, cents.
    pub esf_amount_cents: i64,
    /// Own share, cents.
    pub own_share_cents: i64,
}

/// One programme period's figures over a set of projects.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The project, for a project's report.
    pub project: Option<ProjectId>,
    /// The funder, for a section of a funder's report.
    pub funder: Option<OrganisationId>,
    /// The programme period.
    pub programme: ProgrammePeriod,
    /// The projects covered.
    pub covered: Vec<CoveredProject>,
    /// From, inclusive, when asked.
    pub from: Option<NaiveDate>,
    /// To, inclusive, when asked.
    pub to: Option<NaiveDate>,
    /// Whether small figures are protected (perturbed and withheld).
    pub protected: bool,
    /// The threshold under which a group is withheld.
    pub threshold: i64,
    /// Participants entered.
    pub participants: Cell,
    /// Participants who left.
    pub leavers: Cell,
    /// The period's indicators.
    pub indicators: Vec<IndicatorCells>,
    /// The five steps.
    pub steps: Vec<StepCells>,
    /// EURA states.
    pub eura: Vec<(EuraState, Cell)>,
    /// Referrals by service kind and status.
    pub referrals: Vec<ReferralCells>,
    /// Accepted of answered referrals, when it may be shown.
    pub referral_acceptance_rate: Option<f64>,
    /// Assessment changes.
    pub assessment_changes: Vec<ChangeCells>,
    /// Hours present at activities.
    pub activity_hours: f64,
    /// Funding.
    pub funding: FundingTotals,
}

/// A funder's figures: one report per programme period (never summed across periods).
#[derive(Debug, Clone, PartialEq)]
pub struct FunderReport {
    /// The funder.
    pub funder: OrganisationId,
    /// From, inclusive, when asked.
    pub from: Option<NaiveDate>,
    /// To, inclusive, when asked.
    pub to: Option<NaiveDate>,
    /// The threshold under which a group is withheld.
    pub threshold: i64,
    /// One section per programme period the funder funds.
    pub sections: Vec<Report>,
}
