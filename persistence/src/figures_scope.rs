//! The projects a figure covers: those an organisation funds, and their funding summed.

use crate::repositories::Figures;
use askel_domain::ProjectId;
use askel_domain::report::FundingTotals;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};

use crate::StoreError;

/// A funded project as its funder's report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundedProject {
    /// Its id.
    pub id: ProjectId,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its programme period.
    pub programme_period: askel_domain::ProgrammePeriod,
}

impl Figures<'_> {
    /// The projects an organisation funds, with their code, name and programme period, by code.
    pub async fn projects_funded_by(
        &self,
        funder: askel_domain::OrganisationId,
    ) -> Result<Vec<FundedProject>, StoreError> {
        let (a, p) = (Alias::new("a"), Alias::new("pr"));
        let mut select = Query::select();
        select
            .columns([
                (p.clone(), Alias::new("id")),
                (p.clone(), Alias::new("code")),
                (p.clone(), Alias::new("name")),
                (p.clone(), Alias::new("programme_period")),
            ])
            .from_as(Alias::new("project_actors"), a.clone())
            .join_as(
                JoinType::InnerJoin,
                Alias::new("projects"),
                p.clone(),
                Expr::col((p.clone(), Alias::new("id")))
                    .equals((a.clone(), Alias::new("project_id"))),
            )
            .and_where(Expr::col((a.clone(), Alias::new("organisation_id"))).eq(funder.as_uuid()))
            .and_where(
                Expr::col((a, Alias::new("role"))).eq(askel_domain::ActorRole::Funder.to_string()),
            )
            .order_by((p, Alias::new("code")), sea_orm::Order::Asc);
        self.rows(&select)
            .await?
            .iter()
            .map(|r| {
                let period: String = r.try_get("", "programme_period")?;
                Ok(FundedProject {
                    id: ProjectId::from_uuid(r.try_get("", "id")?),
                    code: r.try_get("", "code")?,
                    name: r.try_get("", "name")?,
                    programme_period: period
                        .parse()
                        .map_err(|e| crate::error::corrupt("programme period", e))?,
                })
            })
            .collect()
    }

    /// Funding summed over projects, in cents.
    pub async fn funding_totals(
        &self,
        projects: &[ProjectId],
    ) -> Result<FundingTotals, StoreError> {
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
        Ok(FundingTotals {
            projects_with_funding: r.try_get("", "n")?,
            total_eligible_cost_cents: r.try_get("", "total")?,
            esf_amount_cents: r.try_get("", "esf")?,
            own_share_cents: r.try_get("", "own")?,
        })
    }
}
