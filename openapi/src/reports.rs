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
    /// The official code as SFC2021 numbers the common indicators of Regulation (EU) 2021/1057,
    /// Annex I, e.g. `EECO02` (unemployed, including long-term unemployed); `FI` for the
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
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub from: Option<NaiveDate>,
    /// Period end, inclusive.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
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
    /// Change per instrument dimension, first to latest assessment.
    pub assessment_changes: Vec<AssessmentChangeFigure>,
    /// Funding.
    pub funding: FundingFigure,
}

/// The period of a report.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// From (inclusive).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub from: Option<NaiveDate>,
    /// To (inclusive).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub to: Option<NaiveDate>,
}

/// One field of the tabular report.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// Text.
    Text(String),
    /// A count.
    Count(i64),
    /// A share or hours.
    Number(f64),
    /// A withheld count.
    Withheld,
    /// Nothing.
    Empty,
}

impl Field {
    fn cell(c: &Cell) -> Self {
        match (c.value, c.suppressed) {
            (Some(v), _) => Self::Count(v),
            (None, true) => Self::Withheld,
            (None, false) => Self::Empty,
        }
    }

    /// As CSV for Finnish Excel: decimal comma; a withheld count shows as `<5` style text.
    fn csv(&self, threshold: i64) -> String {
        match self {
            Self::Text(t) => t.replace([';', '\r', '\n'], " "),
            Self::Count(v) => v.to_string(),
            Self::Number(v) => format!("{v}").replace('.', ","),
            Self::Withheld => format!("<{threshold}"),
            Self::Empty => String::new(),
        }
    }
}

/// The column headings of the tabular report.
pub const COLUMNS: [&str; 9] = [
    "section",
    "name",
    "official_code",
    "female",
    "male",
    "non_binary",
    "not_stated",
    "total",
    "share",
];

impl IndicatorReport {
    /// The report as rows of [`COLUMNS`]: the one table CSV and XLSX are both made from.
    pub fn table(&self) -> Vec<Vec<Field>> {
        use Field::{Count, Empty, Number, Text};
        let text = |s: &str| Text(s.to_owned());
        let total_only = |section: &str, name: &str, code: &str, total: Field| {
            vec![
                text(section),
                text(name),
                text(code),
                Empty,
                Empty,
                Empty,
                Empty,
                total,
                Empty,
            ]
        };
        let mut rows = vec![total_only(
            "participants",
            "participants",
            askel_domain::indicators::official_code("participants").unwrap_or(""),
            Field::cell(&self.participants),
        )];
        for i in &self.indicators {
            rows.push(vec![
                text("indicator"),
                text(&i.name),
                text(&i.official_code),
                Field::cell(&i.female),
                Field::cell(&i.male),
                Field::cell(&i.non_binary),
                Field::cell(&i.not_stated),
                Field::cell(&i.total),
                i.share.map_or(Empty, Number),
            ]);
        }
        for s in &self.steps {
            rows.push(total_only(
                "step_reached",
                &s.code,
                &s.step.to_string(),
                Field::cell(&s.reached),
            ));
            rows.push(total_only(
                "step_current",
                &s.code,
                &s.step.to_string(),
                Field::cell(&s.current),
            ));
        }
        for e in &self.eura {
            rows.push(total_only("eura", &e.state, "", Field::cell(&e.count)));
        }
        for r in &self.referrals {
            rows.push(total_only(
                "referrals",
                &format!("{}/{}", r.service_kind, r.status),
                "",
                Field::cell(&r.count),
            ));
        }
        for a in &self.assessment_changes {
            let mut row = total_only(
                "assessment_change",
                &format!("{} v{}/{}", a.instrument, a.version, a.dimension),
                "",
                Field::cell(&a.participants),
            );
            row[3] = a.mean_change.map_or(Empty, Number);
            row[8] = a.share_improved.map_or(Empty, Number);
            rows.push(row);
        }
        rows.push(total_only(
            "activity_hours",
            "activity_hours",
            "",
            Number(self.activity_hours),
        ));
        rows.push(total_only(
            "funding",
            "total_eligible_cost_cents",
            "",
            Count(self.funding.total_eligible_cost_cents),
        ));
        rows.push(total_only(
            "funding",
            "esf_amount_cents",
            "",
            Count(self.funding.esf_amount_cents),
        ));
        rows.push(total_only(
            "funding",
            "own_share_cents",
            "",
            Count(self.funding.own_share_cents),
        ));
        rows
    }

    /// The report as CSV for Finnish Excel: UTF-8 with a byte-order mark, semicolons, CRLF.
    pub fn to_csv(&self) -> String {
        let mut out = format!("\u{feff}{}\r\n", COLUMNS.join(";"));
        for row in self.table() {
            let fields: Vec<String> = row.iter().map(|f| f.csv(self.threshold)).collect();
            out.push_str(&fields.join(";"));
            out.push_str("\r\n");
        }
        out
    }

    /// The report as an .xlsx workbook: one sheet, numbers as numbers, withheld counts as
    /// text like `<5`.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("indicators")?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, heading) in (0u16..).zip(COLUMNS) {
            sheet.write_string_with_format(0, c, heading, &bold)?;
        }
        for (r, row) in (1u32..).zip(self.table()) {
            for (c, field) in (0u16..).zip(row) {
                match field {
                    Field::Text(t) => {
                        sheet.write_string(r, c, t)?;
                    }
                    // Counts of people and cents are far inside f64's exact integer range.
                    #[allow(clippy::cast_precision_loss)]
                    Field::Count(v) => {
                        sheet.write_number(r, c, v as f64)?;
                    }
                    Field::Number(v) => {
                        sheet.write_number(r, c, v)?;
                    }
                    Field::Withheld => {
                        sheet.write_string(r, c, format!("<{}", self.threshold))?;
                    }
                    Field::Empty => {}
                }
            }
        }
        book.save_to_buffer()
    }
}
