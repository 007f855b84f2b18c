//! Figures: counts by `GROUP BY` in the database, from the indicator rules in `domain`. A
//! report costs the same number of queries whatever the number of participants.

use crate::repositories::Figures;
use std::collections::BTreeMap;

use askel_domain::disclosure::Count;
use askel_domain::indicators::{Fact, Indicator};
use askel_domain::{CodeList, EuraState, ProjectId, SensitiveAnswer, Step};

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, IntoCondition, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, QueryResult};

use crate::StoreError;
use crate::aggregates::step_bit;

/// The period a report covers, inclusive; open ends when `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// From.
    pub from: Option<NaiveDate>,
    /// To.
    pub to: Option<NaiveDate>,
}

/// `gender code → cell`.
pub type ByGender = BTreeMap<String, Count>;

/// What two scans of the participants give, each cell as a count with the sum of its
/// contributors' record keys (`domain::disclosure`): every indicator by gender, the leavers
/// by gender, and, over participants entered in the period, how many have reached each step,
/// stand in each step now (not having left), and are in each EURA state.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ParticipantCounts {
    /// `indicator name → gender code → cell`.
    pub by_indicator: BTreeMap<String, ByGender>,
    /// Leavers (final exit in the period) by gender.
    pub leavers: ByGender,
    /// `result indicator name → its own population` (the leavers meeting its conditions at
    /// entry, `Indicator::population`), for results whose population is not all leavers.
    pub populations: BTreeMap<String, Count>,
    /// `step code → participants who have ever entered it`.
    pub steps_reached: BTreeMap<String, Count>,
    /// `step code → participants whose current step it is and who have not left`.
    pub current_step: BTreeMap<String, Count>,
    /// `EURA state code → participants`.
    pub eura: BTreeMap<String, Count>,
}

impl ParticipantCounts {
    /// The counts of two disjoint groups of people (two projects) together.
    pub fn add(&mut self, other: &Self) {
        fn into(to: &mut BTreeMap<String, Count>, from: &BTreeMap<String, Count>) {
            for (key, c) in from {
                let sum = to.entry(key.clone()).or_default();
                *sum = sum.plus(*c);
            }
        }
        for (name, genders) in &other.by_indicator {
            into(self.by_indicator.entry(name.clone()).or_default(), genders);
        }
        into(&mut self.leavers, &other.leavers);
        into(&mut self.populations, &other.populations);
        into(&mut self.steps_reached, &other.steps_reached);
        into(&mut self.current_step, &other.current_step);
        into(&mut self.eura, &other.eura);
    }
}

/// Results keyed by project when grouped by project, else under `None` for all together.
pub type PerProject<T> = BTreeMap<Option<ProjectId>, T>;

/// Groups `select` by project too when asked, naming the column `project_id`.
pub(crate) fn by_project(select: &mut SelectStatement, grouped: bool) {
    if grouped {
        select.expr_as(col("project_id"), Alias::new("project_id"));
        select.group_by_col((Alias::new("p"), Alias::new("project_id")));
    }
}

/// The project a grouped row is of (`None` when not grouped).
pub(crate) fn project_of(
    row: &QueryResult,
    grouped: bool,
) -> Result<Option<ProjectId>, StoreError> {
    Ok(if grouped {
        Some(ProjectId::from_uuid(row.try_get("", "project_id")?))
    } else {
        None
    })
}

/// `SUM(CASE WHEN … THEN 1 ELSE 0 END)` and `SUM(CASE WHEN … THEN record_key ELSE 0 END)`.
fn count_where(condition: Cond) -> [SimpleExpr; 2] {
    [
        Func::sum(Expr::case(condition.clone(), 1).finally(0)).into(),
        Func::sum(Expr::case(condition, col("record_key")).finally(0)).into(),
    ]
}

/// Adds a counted cell's two columns, `{alias}_n` and `{alias}_k`.
pub(crate) fn add_cell(select: &mut SelectStatement, alias: &str, condition: Cond) {
    let [n, k] = count_where(condition);
    select.expr_as(n, Alias::new(format!("{alias}_n")));
    select.expr_as(k, Alias::new(format!("{alias}_k")));
}

/// Reads a counted cell's two columns.
pub(crate) fn cell(row: &QueryResult, alias: &str) -> Result<Count, StoreError> {
    let n: Option<i64> = row.try_get("", &format!("{alias}_n"))?;
    let k: Option<i64> = row.try_get("", &format!("{alias}_k"))?;
    Ok(Count::new(n.unwrap_or(0), k.unwrap_or(0)))
}

pub(crate) fn everyone() -> Cond {
    Expr::value(1).eq(1).into_condition()
}

/// The cells counting participants entered in the period by step and EURA state, with the
/// codes they count, each as `(alias, code)` in `ParticipantCounts` order.
fn path_columns(select: &mut SelectStatement) -> [Vec<(String, &'static str)>; 3] {
    let mut reached = Vec::new();
    let mut current = Vec::new();
    for (n, s) in Step::all().iter().enumerate() {
        let alias = format!("reached{n}");
        add_cell(
            select,
            &alias,
            col("steps_reached")
                .bit_and(step_bit(*s))
                .ne(0)
                .into_condition(),
        );
        reached.push((alias, s.code()));
        let alias = format!("current{n}");
        add_cell(
            select,
            &alias,
            Cond::all()
                .add(col("current_step").eq(s.code()))
                .add(col("exited").eq(false)),
        );
        current.push((alias, s.code()));
    }
    let mut eura = Vec::new();
    for (n, e) in EuraState::all().iter().enumerate() {
        let alias = format!("eura{n}");
        add_cell(
            select,
            &alias,
            col("eura_state").eq(e.code()).into_condition(),
        );
        eura.push((alias, e.code()));
    }
    [reached, current, eura]
}

pub(crate) fn col(name: &str) -> Expr {
    Expr::col((Alias::new("p"), Alias::new(name)))
}

fn yes(column: &str) -> Cond {
    col(column)
        .eq(SensitiveAnswer::Yes.to_string())
        .into_condition()
}

/// The SQL for one fact, over the participants table aliased `p`.
fn fact_sql(f: Fact) -> Cond {
    match f {
        Fact::LabourMarket(s) => col("labour_market_status")
            .eq(s.to_string())
            .into_condition(),
        Fact::LongTermUnemployed => col("long_term_unemployed").eq(true).into_condition(),
        Fact::AgeBelow(n) => col("age_at_entry").lt(n).into_condition(),
        Fact::AgeAtLeast(n) => col("age_at_entry").gte(n).into_condition(),
        Fact::Education(e) => col("education").eq(e.to_string()).into_condition(),
        Fact::Disability => yes("disability"),
        Fact::ThirdCountryNational => yes("third_country_national"),
        Fact::ForeignBackground => yes("foreign_background"),
        Fact::Minority => yes("minority"),
        Fact::Homeless => yes("homeless"),
        Fact::OtherDisadvantaged => yes("other_disadvantaged"),
        Fact::HomeArea(u) => col("urbanisation").eq(u.to_string()).into_condition(),
        Fact::LeftAs(o) => col("last_exit_option").eq(o.to_string()).into_condition(),
        Fact::QualificationGained => col("last_qualification_gained").eq(true).into_condition(),
        Fact::EmployedSixMonthsAfter => col("follow_up_employed").eq(true).into_condition(),
        Fact::ImprovedSixMonthsAfter => col("follow_up_improved").eq(true).into_condition(),
    }
}

/// A rule: every clause, each any of its facts.
fn rule_sql(clauses: &[&[Fact]]) -> Cond {
    let mut all = Cond::all();
    for clause in clauses {
        let mut any = Cond::any();
        for f in *clause {
            any = any.add(fact_sql(*f));
        }
        all = all.add(any);
    }
    if clauses.is_empty() { everyone() } else { all }
}

/// An indicator's rule.
fn indicator_sql(i: &Indicator) -> Cond {
    rule_sql(i.all_of)
}

pub(crate) fn in_projects(select: &mut SelectStatement, projects: &[ProjectId]) {
    select.and_where(col("project_id").is_in(projects.iter().map(|p| p.as_uuid())));
}

pub(crate) fn in_period(select: &mut SelectStatement, column: &str, period: Period) {
    if let Some(from) = period.from {
        select.and_where(col(column).gte(from));
    }
    if let Some(to) = period.to {
        select.and_where(col(column).lte(to));
    }
}

pub(crate) fn participants_from(select: &mut SelectStatement) {
    select.from_as(Alias::new("participants"), Alias::new("p"));
}

impl Figures<'_> {
    pub(crate) async fn rows(
        &self,
        select: &SelectStatement,
    ) -> Result<Vec<QueryResult>, StoreError> {
        let statement = self.conn.get_database_backend().build(select);
        Ok(self.conn.query_all_raw(statement).await?)
    }

    /// `indicators` by gender — outputs over participants whose (first) entry falls in the
    /// period, results over leavers: those who have left and whose final exit falls in it — the
    /// leavers by gender, and the path and EURA counts with the outputs. Two scans.
    pub async fn participant_counts(
        &self,
        projects: &[ProjectId],
        period: Period,
        indicators: &[Indicator],
    ) -> Result<ParticipantCounts, StoreError> {
        let mut all = self
            .participant_counts_grouped(projects, period, indicators, false)
            .await?;
        Ok(all.remove(&None).unwrap_or_default())
    }

    /// [`Self::participant_counts`], each project's apart when `grouped`.
    pub(crate) async fn participant_counts_grouped(
        &self,
        projects: &[ProjectId],
        period: Period,
        indicators: &[Indicator],
        grouped: bool,
    ) -> Result<PerProject<ParticipantCounts>, StoreError> {
        let mut all: PerProject<ParticipantCounts> = BTreeMap::new();
        for leavers in [false, true] {
            let counted: Vec<&Indicator> = indicators
                .iter()
                .filter(|i| i.timing.counts_leavers() == leavers)
                .collect();
            let mut select = Query::select();
            participants_from(&mut select);
            select.expr_as(col("gender"), Alias::new("gender"));
            for (n, i) in counted.iter().enumerate() {
                add_cell(&mut select, &format!("i{n}"), indicator_sql(i));
                let population = i.population();
                if !population.is_empty() {
                    add_cell(&mut select, &format!("pop{n}"), rule_sql(&population));
                }
            }
            let path = if leavers {
                add_cell(&mut select, "leavers", everyone());
                None
            } else {
                Some(path_columns(&mut select))
            };
            in_projects(&mut select, projects);
            if leavers {
                in_period(&mut select, "last_exit_date", period);
                select.and_where(col("exited").eq(true));
                select.and_where(col("last_exit_date").is_not_null());
            } else {
                in_period(&mut select, "entry_date", period);
            }
            select.group_by_col((Alias::new("p"), Alias::new("gender")));
            by_project(&mut select, grouped);
            for row in self.rows(&select).await? {
                let out = all.entry(project_of(&row, grouped)?).or_default();
                let gender: String = row.try_get("", "gender")?;
                for (n, i) in counted.iter().enumerate() {
                    out.by_indicator
                        .entry(i.name.to_owned())
                        .or_default()
                        .insert(gender.clone(), cell(&row, &format!("i{n}"))?);
                    if !i.population().is_empty() {
                        let c = cell(&row, &format!("pop{n}"))?;
                        let sum = out.populations.entry(i.name.to_owned()).or_default();
                        *sum = sum.plus(c);
                    }
                }
                let Some([reached, current, eura]) = &path else {
                    out.leavers.insert(gender, cell(&row, "leavers")?);
                    continue;
                };
                for (columns, counts) in [
                    (reached, &mut out.steps_reached),
                    (current, &mut out.current_step),
                    (eura, &mut out.eura),
                ] {
                    for (alias, code) in columns {
                        let c = cell(&row, alias)?;
                        let sum = counts.entry((*code).to_owned()).or_default();
                        *sum = sum.plus(c);
                    }
                }
            }
        }
        Ok(all)
    }
}
