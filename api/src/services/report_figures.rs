//! A report's figures over its projects: each project's kept part where it is still true
//! (`persistence::figure_cache`), the others counted by one scan grouped by project, and all
//! parts added up — the same figures one scan of every project gives, at the cost of the
//! projects that changed. Parts are kept for the calendar periods a protected reader may ask
//! for (a month, quarter, year or the whole period), never for any other period.

use std::collections::BTreeMap;

use askel_domain::indicators::for_period;
use askel_domain::{CodeList, ProgrammePeriod, ProjectId};
use askel_persistence::{Period, ProjectFigures, ReportFigures};
use chrono::NaiveDate;

use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::Work;

/// Parts counted for a report, to keep for the next one.
#[derive(Debug)]
pub struct FreshParts {
    scope: String,
    horizon: i64,
    parts: BTreeMap<ProjectId, ProjectFigures>,
}

/// What a report counted, with the parts it counted afresh: the route keeps those once the
/// read is over (still holding the heavy-work slot).
#[derive(Debug)]
pub struct Counted<T> {
    /// The figures or report.
    pub value: T,
    /// Parts counted anew, to keep for the next report.
    pub fresh: Vec<FreshParts>,
}

impl<T> Counted<T> {
    /// The same parts with another value made of this one.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Counted<U> {
        Counted {
            value: f(self.value),
            fresh: self.fresh,
        }
    }
}

/// What a kept part is for: the programme (its indicators) and the period.
fn scope(programme: ProgrammePeriod, period: Period) -> String {
    let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    format!(
        "{}|{}|{}",
        programme.code(),
        day(period.from),
        day(period.to)
    )
}

/// The figures of `projects` (all of `programme`) for `period`, with the parts counted anew
/// when `keep` is on.
pub async fn figures(
    work: &Work<'_>,
    projects: &[ProjectId],
    programme: ProgrammePeriod,
    period: Period,
    keep: bool,
) -> Result<Counted<ReportFigures>, ApiError> {
    let indicators = for_period(programme);
    let keepable = askel_domain::report_period::protected_period(period.from, period.to).is_ok();
    if !keep || !keepable {
        let scanned = work.figures().scan(projects, period, indicators).await?;
        return Ok(Counted {
            value: scanned,
            fresh: Vec::new(),
        });
    }
    let scope = scope(programme, period);
    // The horizon first: whatever commits after it is not trusted to be in the parts below.
    let horizon = work.figures().feed_horizon().await?;
    let kept = work.figures().kept_parts(projects, &scope).await?;
    let stale: Vec<ProjectId> = projects
        .iter()
        .filter(|p| !kept.contains_key(p))
        .copied()
        .collect();
    let parts = work
        .figures()
        .project_parts(&stale, period, indicators)
        .await?;
    let figures = ReportFigures::sum(kept.values().chain(parts.values()), horizon.today);
    Ok(Counted {
        value: figures,
        fresh: vec![FreshParts {
            scope,
            horizon: horizon.position,
            parts,
        }],
    })
}

/// Keeps the parts counted for a report, in a write transaction of their own after the report
/// was read. Keeping is an optimisation: a failure is logged and the next report counts again.
pub async fn keep(state: &AppState, fresh: Vec<FreshParts>) {
    let fresh: Vec<FreshParts> = fresh.into_iter().filter(|f| !f.parts.is_empty()).collect();
    if fresh.is_empty() {
        return;
    }
    let kept = crate::transaction::outside::write_in(&state.db, async |tx| {
        for f in &fresh {
            tx.figures()
                .keep_parts(&f.parts, &f.scope, f.horizon)
                .await?;
        }
        Ok::<_, askel_persistence::StoreError>(())
    })
    .await;
    if let Err(e) = kept {
        tracing::warn!(error = %e, "report parts not kept");
    }
}
