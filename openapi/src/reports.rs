//! Figures on the wire: ESF+ indicators by gender, the step funnel, EURA, referrals, activity
//! hours and funding. For roles without access to personal data small numbers are withheld.

use askel_domain::suppression::Cell as DomainCell;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One figure: `value` is `null` and `suppressed` true when withheld to protect individuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub struct Cell {
    /// The count, or `null` when withheld.
    pub value: Option<i64>,
    /// Whether it is withheld (a count from 1 to the threshold − 1, or one that would reveal it).
    pub suppressed: bool,
}

impl From<DomainCell> for Cell {
    fn from(c: DomainCell) -> Self {
        Self {
            value: c.value(),
            suppressed: c == DomainCell::Suppressed,
        }
    }
}

/// An indicator's counts by gender.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct IndicatorFigure {
    /// Our name, e.g. `long_term_unemployed`.
    pub name: String,
    /// The official code (Regulation (EU) 2021/1057, Annex I), e.g. `EECO02`; `FI` for the
    /// national under-25 figure.
    pub official_code: String,
    /// What it counts.
    pub label: String,
    /// Whether it counts results on leaving (else participants entered).
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
    /// `total` as a share of all participants entered in the period (0–1), when shown.
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
    /// Participants in the step now.
    pub current: Cell,
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

/// A report of figures.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct IndicatorReport {
    /// The project, for a project report.
    pub project_id: Option<Uuid>,
    /// The funder, for a funder report.
    pub funder_organisation_id: Option<Uuid>,
    /// Projects covered.
    pub projects: i64,
    /// Period start (entry date for outputs, exit date for results), inclusive.
    pub from: Option<NaiveDate>,
    /// Period end, inclusive.
    pub to: Option<NaiveDate>,
    /// Whether small numbers are withheld in this report.
    pub protected: bool,
    /// The smallest count shown when protected.
    pub threshold: i64,
    /// Participants entered in the period.
    pub participants: Cell,
    /// ESF+ indicators and the national under-25 figure.
    pub indicators: Vec<IndicatorFigure>,
    /// The step funnel.
    pub steps: Vec<StepFigure>,
    /// Participants by the state of their entry data in EURA 2021.
    pub eura: Vec<EuraFigure>,
    /// Referrals by service and status.
    pub referrals: Vec<ReferralFigure>,
    /// Accepted or completed referrals as a share of those answered (accepted, declined,
    /// completed), when shown.
    pub referral_acceptance_rate: Option<f64>,
    /// Hours participants were present at activities.
    pub activity_hours: f64,
    /// Funding.
    pub funding: FundingFigure,
}

/// The period of a report.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// From (inclusive).
    pub from: Option<NaiveDate>,
    /// To (inclusive).
    pub to: Option<NaiveDate>,
}

impl IndicatorReport {
    /// The report as CSV for Finnish Excel: UTF-8 with a byte-order mark, semicolons.
    pub fn to_csv(&self) -> String {
        let cell = |c: &Cell| {
            c.value.map_or_else(
                || {
                    if c.suppressed {
                        "<5".to_owned()
                    } else {
                        String::new()
                    }
                },
                |v| v.to_string(),
            )
        };
        let mut out = String::from(
            "\u{feff}section;name;official_code;female;male;non_binary;not_stated;total;share\r\n",
        );
        out.push_str(&format!(
            "participants;participants;EECO11;;;;;{};\r\n",
            cell(&self.participants)
        ));
        for i in &self.indicators {
            let share = i
                .share
                .map(|s| format!("{s}").replace('.', ","))
                .unwrap_or_default();
            out.push_str(&format!(
                "indicator;{};{};{};{};{};{};{};{}\r\n",
                i.name,
                i.official_code,
                cell(&i.female),
                cell(&i.male),
                cell(&i.non_binary),
                cell(&i.not_stated),
                cell(&i.total),
                share
            ));
        }
        for s in &self.steps {
            out.push_str(&format!(
                "step_reached;{};{};;;;;{};\r\n",
                s.code,
                s.step,
                cell(&s.reached)
            ));
            out.push_str(&format!(
                "step_current;{};{};;;;;{};\r\n",
                s.code,
                s.step,
                cell(&s.current)
            ));
        }
        for e in &self.eura {
            out.push_str(&format!("eura;{};;;;;;{};\r\n", e.state, cell(&e.count)));
        }
        for r in &self.referrals {
            out.push_str(&format!(
                "referrals;{}/{};;;;;;{};\r\n",
                r.service_kind,
                r.status,
                cell(&r.count)
            ));
        }
        out.push_str(&format!(
            "activity_hours;activity_hours;;;;;;{};\r\n",
            format!("{}", self.activity_hours).replace('.', ",")
        ));
        out
    }
}
