//! Figures joined beyond the participants: referrals by service and status, and the minutes
//! attended, for participants entered in the period — each for all projects together or each
//! project's apart.

use std::collections::BTreeMap;

use askel_domain::ProjectId;
use askel_domain::disclosure::Count;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};

use crate::StoreError;
use crate::figures::{
    PerProject, Period, add_cell, by_project, cell, everyone, in_period, in_projects,
    participants_from, project_of,
};
use crate::repositories::Figures;

impl Figures<'_> {
    /// Referrals of participants entered in the period, by service and status (each counts
    /// its participant's record key).
    pub async fn referral_counts(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<Vec<(String, String, Count)>, StoreError> {
        let mut all = self
            .referral_counts_grouped(projects, period, false)
            .await?;
        Ok(all.remove(&None).unwrap_or_default())
    }

    /// [`Self::referral_counts`], each project's apart when `grouped`.
    pub(crate) async fn referral_counts_grouped(
        &self,
        projects: &[ProjectId],
        period: Period,
        grouped: bool,
    ) -> Result<PerProject<Vec<(String, String, Count)>>, StoreError> {
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
            );
        add_cell(&mut select, "r", everyone());
        in_projects(&mut select, projects);
        in_period(&mut select, "entry_date", period);
        select
            .group_by_col((r.clone(), Alias::new("service_kind")))
            .group_by_col((r, Alias::new("status")));
        by_project(&mut select, grouped);
        let mut all: PerProject<Vec<_>> = BTreeMap::new();
        for row in self.rows(&select).await? {
            all.entry(project_of(&row, grouped)?).or_default().push((
                row.try_get("", "kind")?,
                row.try_get("", "status")?,
                cell(&row, "r")?,
            ));
        }
        Ok(all)
    }

    /// Minutes of attendance marked present, for participants entered in the period.
    pub async fn attended_minutes(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<i64, StoreError> {
        let mut all = self
            .attended_minutes_grouped(projects, period, false)
            .await?;
        Ok(all.remove(&None).unwrap_or(0))
    }

    /// [`Self::attended_minutes`], each project's apart when `grouped`.
    pub(crate) async fn attended_minutes_grouped(
        &self,
        projects: &[ProjectId],
        period: Period,
        grouped: bool,
    ) -> Result<PerProject<i64>, StoreError> {
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
        by_project(&mut select, grouped);
        let mut all = BTreeMap::new();
        for row in self.rows(&select).await? {
            let minutes: Option<i64> = row.try_get("", "minutes")?;
            all.insert(project_of(&row, grouped)?, minutes.unwrap_or(0));
        }
        Ok(all)
    }
}
