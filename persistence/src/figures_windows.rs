//! Figures over each person's sequence: median days per step and assessment change from first
//! to latest, read from what `aggregates` keeps at write time. One query each, on both
//! databases.

use crate::repositories::Figures;
use askel_domain::ProjectId;
use askel_domain::disclosure::Count;
use sea_orm::ConnectionTrait;

use crate::StoreError;
use crate::figures::Period;

/// `p.project_id IN (…) AND p.entry_date …` for raw SQL, with the values bound in order and the
/// backend's placeholders.
pub(crate) fn raw_scope(
    postgres: bool,
    projects: &[ProjectId],
    period: Period,
) -> (String, Vec<sea_orm::Value>) {
    let mut values: Vec<sea_orm::Value> = Vec::new();
    let mut placeholder = |v: sea_orm::Value| {
        values.push(v);
        if postgres {
            format!("${}", values.len())
        } else {
            "?".to_owned()
        }
    };
    let ids: Vec<String> = projects
        .iter()
        .map(|p| placeholder(p.as_uuid().into()))
        .collect();
    let mut sql = format!("p.project_id IN ({})", ids.join(", "));
    if let Some(from) = period.from {
        sql.push_str(&format!(
            " AND p.entry_date >= {}",
            placeholder(from.into())
        ));
    }
    if let Some(to) = period.to {
        sql.push_str(&format!(" AND p.entry_date <= {}", placeholder(to.into())));
    }
    (sql, values)
}

/// The days of a step span: from entering the step to entering the next one in the same
/// episode, or to the exit, or to today while still in it (when each step was left is kept at
/// write time, `aggregates`).
pub(crate) fn span_days(postgres: bool) -> String {
    let span_end = "COALESCE(s.left_on, CURRENT_DATE)";
    if postgres {
        format!("({span_end} - s.entered_on)")
    } else {
        format!("CAST(julianday({span_end}) - julianday(s.entered_on) AS INTEGER)")
    }
}

/// Whom the assessment-change figures read: people with a first and a latest score per
/// dimension (kept at write time, `aggregates`), their participant row and the instrument.
pub(crate) const CHANGES_OF: &str = "FROM assessment_trends t \
    JOIN participants p ON p.id = t.participant_id \
    JOIN instruments i ON i.id = t.instrument_id";

/// The record-key sums of the assessment-change counts, for the cell key method.
pub(crate) const CHANGE_KEYS: &str = "CAST(SUM(p.record_key) AS BIGINT) AS people_keys, \
    CAST(SUM(CASE WHEN t.latest_score > t.first_score THEN p.record_key ELSE 0 END) AS BIGINT) \
    AS improved_keys";

/// One instrument dimension's change from each person's first to latest assessment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DimensionChangeFigure {
    /// Instrument code.
    pub instrument: String,
    /// Instrument version.
    pub version: i32,
    /// Dimension code.
    pub dimension: String,
    /// People assessed at least twice with it.
    pub people: Count,
    /// Mean of latest − first.
    pub mean_change: f64,
    /// How many improved (latest above first).
    pub improved: Count,
}

impl Figures<'_> {
    /// The median days participants entered in the period spent in each step: a span runs from
    /// entering a step to entering the next one in the same episode, or to the exit, or to today
    /// while still in it.
    pub async fn median_days_per_step(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<Vec<(String, f64)>, StoreError> {
        let rows = self
            .scoped_rows(projects, period, |postgres, scope| {
                // Spans counted by length first (a hash aggregate, where ordering every span cost more
                // than the rest of the report), then the lengths at the middle positions read off the
                // running counts: the median of an even count is the mean of the middle two.
                format!(
                    "WITH spans AS ( \
               SELECT s.step AS step, {span} AS days, COUNT(*) AS n \
               FROM participant_steps s \
               JOIN participants p ON p.id = s.participant_id \
               WHERE {scope} \
               GROUP BY s.step, {span} \
             ), ranked AS ( \
               SELECT step, days, \
                 CAST(SUM(n) OVER (PARTITION BY step ORDER BY days) AS BIGINT) AS upto, \
                 CAST(SUM(n) OVER (PARTITION BY step) AS BIGINT) AS total \
               FROM spans \
             ) \
             SELECT step, CAST(MIN(CASE WHEN upto >= (total + 1) / 2 THEN days END) \
               + MIN(CASE WHEN upto >= (total + 2) / 2 THEN days END) AS {real}) / 2 AS median \
             FROM ranked GROUP BY step",
                    span = span_days(postgres),
                    real = real(postgres),
                )
            })
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("", "step")?, r.try_get("", "median")?)))
            .collect()
    }

    /// Per instrument version and dimension, over participants entered in the period who were
    /// assessed at least twice: how many, the mean change from first to latest, how many
    /// improved.
    pub async fn assessment_changes(
        &self,
        projects: &[ProjectId],
        period: Period,
    ) -> Result<Vec<DimensionChangeFigure>, StoreError> {
        let rows = self
            .scoped_rows(projects, period, |postgres, scope| {
        // Each person's first and latest score per dimension are kept at write time
        // (`aggregates`).
                format!(
            "SELECT i.code AS instrument, i.version AS version, t.dimension AS dimension, COUNT(*) AS people, \
               CAST(AVG(t.latest_score - t.first_score) AS {real}) AS mean_change, \
               SUM(CASE WHEN t.latest_score > t.first_score THEN 1 ELSE 0 END) AS improved, \
               {CHANGE_KEYS} {CHANGES_OF} \
             WHERE {scope} AND t.assessments >= 2 \
             GROUP BY i.code, i.version, t.dimension \
             ORDER BY i.code, i.version, t.dimension",
                    real = real(postgres),
                )
            })
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DimensionChangeFigure {
                    instrument: r.try_get("", "instrument")?,
                    version: r.try_get("", "version")?,
                    dimension: r.try_get("", "dimension")?,
                    people: count_column(r, "people")?,
                    mean_change: r.try_get("", "mean_change")?,
                    improved: count_column(r, "improved")?,
                })
            })
            .collect()
    }

    /// The rows of a raw query over the participants of `projects` entered in `period`:
    /// `sql(postgres, scope)` writes the query around the scope's `WHERE` condition. No
    /// projects, no rows.
    pub(crate) async fn scoped_rows(
        &self,
        projects: &[ProjectId],
        period: Period,
        sql: impl FnOnce(bool, &str) -> String,
    ) -> Result<Vec<sea_orm::QueryResult>, StoreError> {
        if projects.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.conn.get_database_backend();
        let postgres = backend == sea_orm::DbBackend::Postgres;
        let (scope, values) = raw_scope(postgres, projects, period);
        let sql = sql(postgres, &scope);
        Ok(self
            .conn
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?)
    }
}

/// The floating-point type's name.
pub(crate) fn real(postgres: bool) -> &'static str {
    if postgres { "DOUBLE PRECISION" } else { "REAL" }
}

/// A count column and its record-key sum (`{name}_keys`), for the cell key method.
pub(crate) fn count_column(row: &sea_orm::QueryResult, name: &str) -> Result<Count, StoreError> {
    Ok(Count::new(
        row.try_get("", name)?,
        row.try_get("", &format!("{name}_keys"))?,
    ))
}
