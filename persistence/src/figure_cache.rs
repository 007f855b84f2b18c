//! Report parts kept between reports (`figure_cache`): a project's part for one scope (period
//! and programme) is reused while nothing about the project has changed. Staleness is read off
//! the change feed, which every write of a project's figures appends to in its own transaction:
//! a part is kept with the feed position below which every writing transaction had finished
//! when it was computed (on PostgreSQL the snapshot's xmin; on SQLite, which serialises writers,
//! the next event's number), and is stale as soon as the project has an event at or past it.
//! Parts do not age: a step still open is kept by the day it began and measured when the
//! report is made. All are forgotten whenever the server starts (a new version may count
//! differently) and after a bulk load, which writes no events.

use std::collections::BTreeMap;

use askel_domain::ProjectId;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::StoreError;
use crate::figure_cache_reset::counted_scope;
use crate::figure_parts::ProjectFigures;
use crate::repositories::Figures;

/// Placeholders `$1…` or `?`, numbered from `first`.
fn placeholders(postgres: bool, first: usize, n: usize) -> Vec<String> {
    (first..first + n)
        .map(|i| {
            if postgres {
                format!("${i}")
            } else {
                "?".to_owned()
            }
        })
        .collect()
}

/// Where the feed stands for a reading transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedHorizon {
    /// The first feed position whose change this transaction may not see.
    pub position: i64,
    /// The database's today.
    pub today: NaiveDate,
}

impl Figures<'_> {
    fn postgres(&self) -> bool {
        self.conn.get_database_backend() == DbBackend::Postgres
    }

    /// The feed position from which a change is not yet in what this transaction reads next,
    /// and the database's today (against which open step spans are measured).
    pub async fn feed_horizon(&self) -> Result<FeedHorizon, StoreError> {
        let sql = if self.postgres() {
            "SELECT CAST(pg_snapshot_xmin(pg_current_snapshot())::text AS BIGINT) AS horizon, \
             CURRENT_DATE AS today"
        } else {
            "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) AS horizon, CURRENT_DATE AS today \
             FROM events"
        };
        let row = self
            .conn
            .query_one_raw(Statement::from_string(
                self.conn.get_database_backend(),
                sql,
            ))
            .await?
            .ok_or_else(|| crate::error::corrupt("the feed horizon", "no row"))?;
        Ok(FeedHorizon {
            position: row.try_get("", "horizon")?,
            today: row.try_get("", "today")?,
        })
    }

    /// The kept parts of `projects` for `scope` still true: no event of the project at or past
    /// their horizon.
    pub async fn kept_parts(
        &self,
        projects: &[ProjectId],
        scope: &str,
    ) -> Result<BTreeMap<ProjectId, ProjectFigures>, StoreError> {
        if projects.is_empty() {
            return Ok(BTreeMap::new());
        }
        let postgres = self.postgres();
        // SQLite's commit order is always 0: naming it lets the index
        // (project_id, commit_order, seq) find the events past the horizon as a range.
        let past_horizon = if postgres {
            "e.commit_order >= c.horizon"
        } else {
            "e.commit_order = 0 AND e.seq >= c.horizon"
        };
        let ids = placeholders(postgres, 2, projects.len());
        let p1 = if postgres { "$1" } else { "?" };
        let sql = format!(
            "SELECT c.project_id AS project_id, c.body AS body FROM figure_cache c \
             WHERE c.scope = {p1} AND c.project_id IN ({}) \
               AND NOT EXISTS (SELECT 1 FROM events e \
                 WHERE e.project_id = c.project_id AND {past_horizon})",
            ids.join(", ")
        );
        let mut values: Vec<Value> = vec![counted_scope(scope).into()];
        values.extend(projects.iter().map(|p| Value::from(p.as_uuid())));
        let rows = self
            .conn
            .query_all_raw(Statement::from_sql_and_values(
                self.conn.get_database_backend(),
                sql,
                values,
            ))
            .await?;
        let mut out = BTreeMap::new();
        for r in rows {
            let body: String = r.try_get("", "body")?;
            // A part that no longer reads is recomputed, never trusted.
            if let Ok(part) = serde_json::from_str::<ProjectFigures>(&body) {
                out.insert(ProjectId::from_uuid(r.try_get("", "project_id")?), part);
            }
        }
        Ok(out)
    }

    /// Keeps `parts` for `scope`, counted below `horizon`, replacing older ones.
    pub async fn keep_parts(
        &self,
        parts: &BTreeMap<ProjectId, ProjectFigures>,
        scope: &str,
        horizon: i64,
    ) -> Result<(), StoreError> {
        let postgres = self.postgres();
        let scope = counted_scope(scope);
        for chunk in parts.iter().collect::<Vec<_>>().chunks(100) {
            let mut values: Vec<Value> = Vec::new();
            let mut rows = Vec::new();
            for (project, part) in chunk {
                let body = serde_json::to_string(part)
                    .map_err(|e| crate::error::corrupt("a report part", e))?;
                let marks = placeholders(postgres, values.len() + 1, 4);
                rows.push(format!("({})", marks.join(", ")));
                values.extend([
                    Value::from(project.as_uuid()),
                    scope.as_str().into(),
                    horizon.into(),
                    body.into(),
                ]);
            }
            let sql = format!(
                "INSERT INTO figure_cache (project_id, scope, horizon, body) \
                 VALUES {} ON CONFLICT (project_id, scope) DO UPDATE SET \
                 horizon = excluded.horizon, body = excluded.body",
                rows.join(", ")
            );
            self.conn
                .execute_raw(Statement::from_sql_and_values(
                    self.conn.get_database_backend(),
                    sql,
                    values,
                ))
                .await?;
        }
        Ok(())
    }
}
