//! Figures: counts by `GROUP BY` in the database, from the indicator rules in `domain`. A
//! report costs the same number of queries whatever the number of participants.

use std::collections::BTreeMap;

use askel_domain::indicators::{Fact, INDICATORS, Indicator};
use askel_domain::{CodeList, EuraState, ProjectId, SensitiveAnswer, Step};

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Asterisk, Cond, Expr, ExprTrait, Func, IntoCondition, JoinType, Query, SelectStatement,
    SimpleExpr,
};
use sea_orm::{ConnectionTrait, QueryResult};

use crate::aggregates::step_bit;
use crate::{StoreError, Tx};

/// The period a report covers, inclusive; open ends when `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// From.
    pub from: Option<NaiveDate>,
    /// To.
    pub to: Option<NaiveDate>,
}

/// What one scan of the participants gives: every indicator by gender code (female, male,
/// non_binary, not_stated), and, over participants entered in the period, how many have
/// reached each step, stand in each step now, and are in each EURA state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParticipantCounts {
    /// `indicator name → gender code → count`.
    pub by_indicator: BTreeMap<&'static str, BTreeMap<String, i64>>,
    /// `step code → participants who have ever entered it`.
    pub steps_reached: BTreeMap<&'static str, i64>,
    /// `step code → participants whose current step it is`.
    pub current_step: BTreeMap<&'static str, i64>,
    /// `EURA state code → participants`.
    pub eura: BTreeMap<&'static str, i64>,
}

/// `SUM(CASE WHEN … THEN 1 ELSE 0 END)`.
fn count_where(condition: impl IntoCondition) -> SimpleExpr {
    Func::sum(Expr::case(condition, 1).finally(0)).into()
}

/// The columns counting participants entered in the period by step and EURA state, with the
/// codes they count, each as `(alias, code)` in `ParticipantCounts` order.
fn path_columns(select: &mut SelectStatement) -> [Vec<(String, &'static str)>; 3] {
    let mut reached = Vec::new();
    let mut current = Vec::new();
    for (n, s) in Step::all().iter().enumerate() {
        let alias = format!("reached{n}");
        select.expr_as(
            count_where(col("steps_reached").bit_and(step_bit(*s)).ne(0)),
            Alias::new(&alias),
        );
        reached.push((alias, s.code()));
        let alias = format!("current{n}");
        select.expr_as(
            count_where(col("current_step").eq(s.code())),
            Alias::new(&alias),
        );
        current.push((alias, s.code()));
    }
    let mut eura = Vec::new();
    for (n, e) in EuraState::all().iter().enumerate() {
        let alias = format!("eura{n}");
        select.expr_as(
            count_where(col("eura_state").eq(e.code())),
            Alias::new(&alias),
        );
        eura.push((alias, e.code()));
    }
    [reached, current, eura]
}

fn col(name: &str) -> Expr {
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
        Fact::HomeArea(u) => col("urbanisation").eq(u.to_string()).into_condition(),
        Fact::LeftAs(o) => col("last_exit_option").eq(o.to_string()).into_condition(),
        Fact::QualificationGained => col("last_qualification_gained").eq(true).into_condition(),
    }
}

fn indicator_sql(i: &Indicator) -> SimpleExpr {
    let mut any = Cond::any();
    for rule in i.any_of {
        let mut all = Cond::all();
        for f in *rule {
            all = all.add(fact_sql(*f));
        }
        // An empty rule counts everyone.
        any = any.add(if rule.is_empty() {
            Expr::value(1).eq(1).into_condition()
        } else {
            all
        });
    }
    Expr::case(any, 1).finally(0).into()
}

fn in_projects(select: &mut SelectStatement, projects: &[ProjectId]) {
    select.and_where(col("project_id").is_in(projects.iter().map(|p| p.as_uuid())));
}

fn in_period(select: &mut SelectStatement, column: &str, period: Period) {
    if let Some(from) = period.from {
        select.and_where(col(column).gte(from));
    }
    if let Some(to) = period.to {
        select.and_where(col(column).lte(to));
    }
}

fn participants_from(select: &mut SelectStatement) {
    select.from_as(Alias::new("participants"), Alias::new("p"));
}

impl Tx {
    async fn rows(&self, select: &SelectStatement) -> Result<Vec<QueryResult>, StoreError> {
        let statement = self.conn.get_database_backend().build(select);
        Ok(self.conn.query_all_raw(statement).await?)
    }

    /// Every indicator by gender (outputs over participants who entered in the period,
    /// results over those whose last exit falls in it), and the path and EURA counts with the
    /// outputs. Two scans of the participants.
    pub async fn participant_counts(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<ParticipantCounts, StoreError> {
        let mut out = ParticipantCounts::default();
        for on_leaving in [false, true] {
            let indicators: Vec<&Indicator> = INDICATORS
                .iter()
                .filter(|i| i.on_leaving == on_leaving)
                .collect();
            let mut select = Query::select();
            participants_from(&mut select);
            select.expr_as(col("gender"), Alias::new("gender"));
            for (n, i) in indicators.iter().enumerate() {
                select.expr_as(Func::sum(indicator_sql(i)), Alias::new(format!("i{n}")));
            }
            let path = (!on_leaving).then(|| path_columns(&mut select));
            in_projects(&mut select, projects);
            in_period(
                &mut select,
                if on_leaving {
                    "last_exit_date"
                } else {
                    "entry_date"
                },
                period,
            );
            if on_leaving {
                select.and_where(col("last_exit_date").is_not_null());
            }
            select.group_by_col((Alias::new("p"), Alias::new("gender")));
            for row in self.rows(&select).await? {
                let gender: String = row.try_get("", "gender")?;
                for (n, i) in indicators.iter().enumerate() {
                    let count: Option<i64> = row.try_get("", &format!("i{n}"))?;
                    out.by_indicator
                        .entry(i.name)
                        .or_default()
                        .insert(gender.clone(), count.unwrap_or(0));
                }
                let Some([reached, current, eura]) = &path else {
                    continue;
                };
                for (columns, counts) in [
                    (reached, &mut out.steps_reached),
                    (current, &mut out.current_step),
                    (eura, &mut out.eura),
                ] {
                    for (alias, code) in columns {
                        let count: Option<i64> = row.try_get("", alias)?;
                        *counts.entry(code).or_default() += count.unwrap_or(0);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Referrals of participants entered in the period, by service and status.
    pub async fn referral_counts(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let r = Alias::new("r");
        let mut select = Query::select();
        participants_from(&mut select);
        select
            .join_as(
                JoinType::InnerJoin,
                Alias::new("referrals"),
                r.clone(),
                Expr::col((r.clone(), Alias::new("participant_id")))
                    .equals((Alias::new("p"), Alias::new("id"))),
            )
            .expr_as(
                Expr::col((r.clone(), Alias::new("service_kind"))),
                Alias::new("kind"),
            )
            .expr_as(
                Expr::col((r.clone(), Alias::new("status"))),
                Alias::new("status"),
            )
            .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"));
        in_projects(&mut select, projects);
        in_period(&mut select, "entry_date", period);
        select
            .group_by_col((r.clone(), Alias::new("service_kind")))
            .group_by_col((r, Alias::new("status")));
        self.rows(&select)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("", "kind")?,
                    row.try_get("", "status")?,
                    row.try_get("", "n")?,
                ))
            })
            .collect()
    }

    /// Minutes of attendance marked present, for participants entered in the period.
    pub async fn attended_minutes(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<i64, StoreError> {
        let (at, ac) = (Alias::new("at"), Alias::new("ac"));
        let mut select = Query::select();
        participants_from(&mut select);
        select
            .join_as(
                JoinType::InnerJoin,
                Alias::new("attendance"),
                at.clone(),
                Expr::col((at.clone(), Alias::new("participant_id")))
                    .equals((Alias::new("p"), Alias::new("id"))),
            )
            .join_as(
                JoinType::InnerJoin,
                Alias::new("activities"),
                ac.clone(),
                Expr::col((ac.clone(), Alias::new("id")))
                    .equals((at.clone(), Alias::new("activity_id"))),
            )
            .expr_as(
                Func::sum(Expr::col((ac, Alias::new("duration_minutes")))),
                Alias::new("minutes"),
            )
            .and_where(Expr::col((at, Alias::new("status"))).eq("present"));
        in_projects(&mut select, projects);
        in_period(&mut select, "entry_date", period);
        let rows = self.rows(&select).await?;
        Ok(rows
            .first()
            .map(|r| r.try_get::<Option<i64>>("", "minutes"))
            .transpose()?
            .flatten()
            .unwrap_or(0))
    }

    /// The projects an organisation funds.
    pub async fn projects_funded_by(
        &self,
        funder: askel_domain::OrganisationId,
    ) -> Result<Vec<ProjectId>, StoreError> {
        let mut select = Query::select();
        select
            .column(Alias::new("project_id"))
            .from(Alias::new("project_actors"))
            .and_where(Expr::col(Alias::new("organisation_id")).eq(funder.as_uuid()))
            .and_where(
                Expr::col(Alias::new("role")).eq(askel_domain::ActorRole::Funder.to_string()),
            );
        self.rows(&select)
            .await?
            .iter()
            .map(|r| Ok(ProjectId::from_uuid(r.try_get("", "project_id")?)))
            .collect()
    }

    /// Funding summed over projects: `(projects with funding, total, ESF, own share)` in cents.
    pub async fn funding_totals(
        &self,
        projects: &[ProjectId],
    ) -> Result<(i64, i64, i64, i64), StoreError> {
        let p = Alias::new("projects");
        // PostgreSQL sums bigints as numeric: cast back so both databases answer a bigint.
        let sum = |c: &str| {
            Func::cast_as(
                Func::coalesce([
                    Func::sum(Expr::col((p.clone(), Alias::new(c)))).into(),
                    Expr::value(0i64),
                ]),
                Alias::new("BIGINT"),
            )
        };
        let mut select = Query::select();
        select
            .expr_as(
                Func::count(Expr::col((
                    p.clone(),
                    Alias::new("total_eligible_cost_cents"),
                ))),
                Alias::new("n"),
            )
            .expr_as(sum("total_eligible_cost_cents"), Alias::new("total"))
            .expr_as(sum("esf_amount_cents"), Alias::new("esf"))
            .expr_as(sum("own_share_cents"), Alias::new("own"))
            .from(p.clone())
            .and_where(
                Expr::col((p, Alias::new("id"))).is_in(projects.iter().map(|x| x.as_uuid())),
            );
        let rows = self.rows(&select).await?;
        let r = rows.first().ok_or(StoreError::NotFound)?;
        Ok((
            r.try_get("", "n")?,
            r.try_get("", "total")?,
            r.try_get("", "esf")?,
            r.try_get("", "own")?,
        ))
    }
}
