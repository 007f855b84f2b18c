//! A report's figures in parts that add up: each project's counts (with their record-key sums),
//! referrals, minutes, the lengths of its step spans and its assessment-change sums. Parts of
//! different projects are about different people, so the figures of many projects are the
//! sum of their parts — exactly what one scan over all of them gives — and a part can be kept
//! and reused while its project does not change (`figure_cache`).

use std::collections::BTreeMap;

use askel_domain::ProjectId;
use askel_domain::disclosure::Count;
use askel_domain::indicators::Indicator;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::figures::{ParticipantCounts, Period};
use crate::figures_windows::{
    CHANGE_KEYS, CHANGES_OF, DimensionChangeFigure, count_column, raw_scope, real,
};
use crate::repositories::Figures;

/// One dimension's change sums over a project's people assessed at least twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSums {
    /// Instrument code.
    pub instrument: String,
    /// Instrument version.
    pub version: i32,
    /// Dimension code.
    pub dimension: String,
    /// People.
    pub people: Count,
    /// The sum of latest − first.
    pub change_sum: f64,
    /// How many improved.
    pub improved: Count,
}

/// `step code → [(a number of days, spans)]`.
type Histogram = BTreeMap<String, Vec<(i64, i64)>>;

/// One project's figures for one period and programme, in parts that add up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectFigures {
    /// Participant counts.
    pub counts: ParticipantCounts,
    /// Referrals by service kind and status.
    pub referrals: Vec<(String, String, Count)>,
    /// Minutes attended.
    pub minutes: i64,
    /// `step code → [(days, spans)]`: how many step spans that ended lasted so many days.
    pub spans: BTreeMap<String, Vec<(i64, i64)>>,
    /// `step code → [(day entered, spans)]`: the spans still open, by the day they began
    /// (days since 1970-01-01), so that their length today is known whenever it is asked.
    pub open_spans: BTreeMap<String, Vec<(i64, i64)>>,
    /// Assessment-change sums.
    pub changes: Vec<ChangeSums>,
}

/// A report's figures over some projects, as a scan of all of them gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFigures {
    /// Participant counts.
    pub counts: ParticipantCounts,
    /// Referrals by service kind and status.
    pub referrals: Vec<(String, String, Count)>,
    /// Minutes attended.
    pub minutes: i64,
    /// `(step code, median days)`.
    pub medians: Vec<(String, f64)>,
    /// Assessment changes.
    pub changes: Vec<DimensionChangeFigure>,
}

/// The median of a length histogram `(days, spans)` sorted by days: the middle length, or
/// the mean of the middle two, as the scan's SQL computes it.
fn median(histogram: &[(i64, i64)]) -> Option<f64> {
    let total: i64 = histogram.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let at = |position: i64| {
        let mut upto = 0;
        histogram.iter().find_map(|(days, n)| {
            upto += n;
            (upto >= position).then_some(*days)
        })
    };
    let (low, high) = (at((total + 1) / 2)?, at((total + 2) / 2)?);
    #[allow(clippy::cast_precision_loss)]
    Some((low + high) as f64 / 2.0)
}

impl ReportFigures {
    /// The figures of projects together from their parts, open step spans measured to `today`.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a ProjectFigures>, today: NaiveDate) -> Self {
        let today = (today - NaiveDate::default()).num_days();
        let mut counts = ParticipantCounts::default();
        let mut referrals: BTreeMap<(String, String), Count> = BTreeMap::new();
        let mut minutes = 0;
        let mut spans: BTreeMap<String, BTreeMap<i64, i64>> = BTreeMap::new();
        let mut changes: BTreeMap<(String, i32, String), (Count, f64, Count)> = BTreeMap::new();
        for part in parts {
            counts.add(&part.counts);
            for (kind, status, c) in &part.referrals {
                let sum = referrals.entry((kind.clone(), status.clone())).or_default();
                *sum = sum.plus(*c);
            }
            minutes += part.minutes;
            for (step, lengths) in &part.spans {
                let all = spans.entry(step.clone()).or_default();
                for (days, n) in lengths {
                    *all.entry(*days).or_default() += n;
                }
            }
            for (step, entered) in &part.open_spans {
                let all = spans.entry(step.clone()).or_default();
                for (day, n) in entered {
                    *all.entry(today - day).or_default() += n;
                }
            }
            for c in &part.changes {
                let key = (c.instrument.clone(), c.version, c.dimension.clone());
                let sum = changes.entry(key).or_default();
                *sum = (
                    sum.0.plus(c.people),
                    sum.1 + c.change_sum,
                    sum.2.plus(c.improved),
                );
            }
        }
        Self {
            counts,
            referrals: referrals
                .into_iter()
                .map(|((kind, status), c)| (kind, status, c))
                .collect(),
            minutes,
            medians: spans
                .into_iter()
                .filter_map(|(step, lengths)| {
                    let lengths: Vec<(i64, i64)> = lengths.into_iter().collect();
                    median(&lengths).map(|m| (step, m))
                })
                .collect(),
            changes: changes
                .into_iter()
                .map(
                    |((instrument, version, dimension), (people, sum, improved))| {
                        #[allow(clippy::cast_precision_loss)]
                        let mean_change = sum / people.n.max(1) as f64;
                        DimensionChangeFigure {
                            instrument,
                            version,
                            dimension,
                            people,
                            mean_change,
                            improved,
                        }
                    },
                )
                .collect(),
        }
    }
}

impl Figures<'_> {
    /// The figures over `projects` by one scan of each kind: what the parts must add up to.
    pub async fn scan(
        &self,
        projects: &[ProjectId],
        period: Period,
        indicators: &[Indicator],
    ) -> Result<ReportFigures, StoreError> {
        // In the order the parts' sums come in (the database's order of text may follow a
        // locale's collation).
        let mut referrals = self.referral_counts(projects, period).await?;
        referrals.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut medians = self.median_days_per_step(projects, period).await?;
        medians.sort_by(|a, b| a.0.cmp(&b.0));
        let mut changes = self.assessment_changes(projects, period).await?;
        changes.sort_by(|a, b| {
            (&a.instrument, a.version, &a.dimension).cmp(&(&b.instrument, b.version, &b.dimension))
        });
        Ok(ReportFigures {
            counts: self
                .participant_counts(projects, period, indicators)
                .await?,
            referrals,
            minutes: self.attended_minutes(projects, period).await?,
            medians,
            changes,
        })
    }

    /// Each of `projects`' figures in parts, by one scan of each kind grouped by project; a
    /// project with nothing to count has an empty part.
    pub async fn project_parts(
        &self,
        projects: &[ProjectId],
        period: Period,
        indicators: &[Indicator],
    ) -> Result<BTreeMap<ProjectId, ProjectFigures>, StoreError> {
        let mut parts: BTreeMap<ProjectId, ProjectFigures> = projects
            .iter()
            .map(|p| (*p, ProjectFigures::default()))
            .collect();
        if projects.is_empty() {
            return Ok(parts);
        }
        for (p, counts) in self
            .participant_counts_grouped(projects, period, indicators, true)
            .await?
        {
            if let Some(part) = p.and_then(|p| parts.get_mut(&p)) {
                part.counts = counts;
            }
        }
        for (p, referrals) in self.referral_counts_grouped(projects, period, true).await? {
            if let Some(part) = p.and_then(|p| parts.get_mut(&p)) {
                part.referrals = referrals;
            }
        }
        for (p, minutes) in self
            .attended_minutes_grouped(projects, period, true)
            .await?
        {
            if let Some(part) = p.and_then(|p| parts.get_mut(&p)) {
                part.minutes = minutes;
            }
        }
        for (p, (spans, open)) in self.span_lengths(projects, period).await? {
            if let Some(part) = parts.get_mut(&p) {
                part.spans = spans;
                part.open_spans = open;
            }
        }
        for (p, changes) in self.change_sums(projects, period).await? {
            if let Some(part) = parts.get_mut(&p) {
                part.changes = changes;
            }
        }
        Ok(parts)
    }

    /// Per project, how many step spans (as `median_days_per_step` measures them) that ended
    /// lasted how many days, and how many still open began on which day.
    async fn span_lengths(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<BTreeMap<ProjectId, (Histogram, Histogram)>, StoreError> {
        let backend = self.conn.get_database_backend();
        let postgres = backend == sea_orm::DbBackend::Postgres;
        let (scope, values) = raw_scope(postgres, projects, period);
        let (length, since_1970) = if postgres {
            (
                "s.left_on - s.entered_on",
                "s.entered_on - DATE '1970-01-01'",
            )
        } else {
            (
                "julianday(s.left_on) - julianday(s.entered_on)",
                "julianday(s.entered_on) - julianday('1970-01-01')",
            )
        };
        let at = format!(
            "CAST(CASE WHEN s.left_on IS NULL THEN {since_1970} ELSE {length} END AS BIGINT)"
        );
        let open = "CASE WHEN s.left_on IS NULL THEN 1 ELSE 0 END";
        let sql = format!(
            "SELECT p.project_id AS project_id, s.step AS step, {open} AS open, {at} AS at, \
               CAST(COUNT(*) AS BIGINT) AS n \
             FROM participant_steps s JOIN participants p ON p.id = s.participant_id \
             WHERE {scope} GROUP BY p.project_id, s.step, {open}, {at} \
             ORDER BY p.project_id, s.step, {open}, {at}"
        );
        let rows = self
            .conn
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?;
        let mut out: BTreeMap<ProjectId, (Histogram, Histogram)> = BTreeMap::new();
        for r in rows {
            let (ended, open) = out
                .entry(ProjectId::from_uuid(r.try_get("", "project_id")?))
                .or_default();
            let still_open: i32 = r.try_get("", "open")?;
            let into = if still_open == 1 { open } else { ended };
            into.entry(r.try_get("", "step")?)
                .or_default()
                .push((r.try_get("", "at")?, r.try_get("", "n")?));
        }
        Ok(out)
    }

    /// Per project, each dimension's change sums over the people assessed at least twice.
    async fn change_sums(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<BTreeMap<ProjectId, Vec<ChangeSums>>, StoreError> {
        let rows = self
            .scoped_rows(projects, period, |postgres, scope| {
                format!(
            "SELECT p.project_id AS project_id, i.code AS instrument, i.version AS version, \
               t.dimension AS dimension, CAST(COUNT(*) AS BIGINT) AS people, \
               CAST(SUM(t.latest_score - t.first_score) AS {real}) AS change_sum, \
               CAST(SUM(CASE WHEN t.latest_score > t.first_score THEN 1 ELSE 0 END) AS BIGINT) AS improved, \
               {CHANGE_KEYS} {CHANGES_OF} \
             WHERE {scope} AND t.assessments >= 2 \
             GROUP BY p.project_id, i.code, i.version, t.dimension",
                    real = real(postgres),
                )
            })
            .await?;
        let mut out: BTreeMap<ProjectId, Vec<ChangeSums>> = BTreeMap::new();
        for r in rows {
            out.entry(ProjectId::from_uuid(r.try_get("", "project_id")?))
                .or_default()
                .push(ChangeSums {
                    instrument: r.try_get("", "instrument")?,
                    version: r.try_get("", "version")?,
                    dimension: r.try_get("", "dimension")?,
                    people: count_column(&r, "people")?,
                    change_sum: r.try_get("", "change_sum")?,
                    improved: count_column(&r, "improved")?,
                });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_of_a_histogram_is_the_middle_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(4, 1)]), Some(4.0));
        assert_eq!(median(&[(1, 1), (3, 1)]), Some(2.0));
        assert_eq!(median(&[(1, 2), (3, 1)]), Some(1.0));
        assert_eq!(median(&[(1, 1), (2, 1), (10, 2)]), Some(6.0));
    }
}
