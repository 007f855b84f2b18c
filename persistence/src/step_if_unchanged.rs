//! A step entry stored on condition that its participant has not changed since its rules were
//! checked: the write without a lock held across round trips. On PostgreSQL it is one statement
//! on its own (atomic, its own transaction): the participant moved to the step only where its
//! version is still the one read, and the old step ended, the entry, its audit records and its
//! events each written only from that move — so when the version has moved on, nothing at all
//! is written, and the caller reads the participant again. A step write so costs two round
//! trips (the read and this) instead of five (`BEGIN`, the read locking the row, the move, the
//! audit and events, `COMMIT`). On SQLite, whose writers are serialised anyway, the version is
//! checked and the move stored in one write transaction.

use askel_domain::{AuditEntry, NewEvent, StepEntry};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable,
    QueryFilter, QuerySelect, Statement, Value,
};

use crate::aggregates::step_bit;
use crate::entities::{audit_item, audit_log, event, participant};
use crate::path_moves::PathMove;
use crate::{Backend, Database, StoreError};

/// What became of a write made on condition that its participant had not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfUnchanged {
    /// Stored, with its audit records and events.
    Stored,
    /// Nothing stored: the participant changed (or went) since it was read.
    Changed,
}

/// The step move on PostgreSQL, as `WITH` parts: the participant moved to the step (its bit in
/// `steps_reached`, its version and `updated_at`) where `$11` is its version, or any version
/// when `$11` is null; the episode's open step ended the day the new one is entered; the entry
/// appended. The last two only from the move (`moved`), so a participant not moved is not
/// touched at all.
pub(crate) const STEP_MOVE: &str = "moved AS (UPDATE participants SET current_step = $4, \
       current_step_since = $5, steps_reached = steps_reached | $10, version = version + 1, \
       updated_at = $9 WHERE id = $2 AND ($11::int4 IS NULL OR version = $11::int4) RETURNING id), \
     left_step AS (UPDATE participant_steps SET left_on = $5 \
       WHERE participant_id IN (SELECT id FROM moved) AND episode = $3 AND left_on IS NULL), \
     entered AS (INSERT INTO participant_steps (id, participant_id, episode, step, entered_on, \
       reason, note, recorded_by, recorded_at) \
       SELECT $1, id, $3, $4, $5, $6, $7, $8, $9 FROM moved)";

/// The values of [`STEP_MOVE`]'s `$1`…`$11`, for `s`, on condition of `version` (if any).
pub(crate) fn step_move_values(s: &StepEntry, version: Option<i32>) -> Vec<Value> {
    vec![
        s.id.into(),
        s.participant_id.as_uuid().into(),
        s.episode.into(),
        s.step.to_string().into(),
        s.entered_on.into(),
        s.reason.as_ref().map(|r| r.as_str().to_owned()).into(),
        s.note.as_ref().map(|n| n.as_str().to_owned()).into(),
        s.recorded_by.clone().into(),
        s.recorded_at.into(),
        step_bit(s.step).into(),
        version.into(),
    ]
}

/// `INSERT INTO <rows' table> (…) SELECT … FROM moved UNION ALL …`: `rows` inserted once for
/// each row of `moved` (so once, or not at all), their values appended to `values` as
/// parameters. Columns left unset in the first row (defaults) are left to the database.
fn insert_from_move<A: ActiveModelTrait>(rows: &[A], values: &mut Vec<Value>) -> Option<String> {
    let first = rows.first()?;
    let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter()
        .filter(|c| first.get(*c).is_set())
        .collect();
    let names: Vec<&str> = columns.iter().map(IdenStatic::as_str).collect();
    let selects: Vec<String> = rows
        .iter()
        .map(|row| {
            let parameters: Vec<String> = columns
                .iter()
                .map(|c| {
                    values.push(row.get(*c).into_value().unwrap_or(Value::Bool(None)));
                    format!("${}", values.len())
                })
                .collect();
            format!("SELECT {} FROM moved", parameters.join(", "))
        })
        .collect();
    Some(format!(
        "INSERT INTO {} ({}) {}",
        A::Entity::default().table_name(),
        names.join(", "),
        selects.join(" UNION ALL ")
    ))
}

impl Database {
    /// Stores step entry `entry`, with `audit` and `events`, if its participant is still at
    /// `version` (see the module's note); else stores nothing and says so.
    pub async fn enter_step_if_unchanged(
        &self,
        version: i32,
        entry: &StepEntry,
        audit: &[AuditEntry],
        events: &[NewEvent],
    ) -> Result<IfUnchanged, StoreError> {
        if self.backend() == Backend::Postgres {
            return self
                .enter_step_statement(version, entry, audit, events)
                .await;
        }
        let tx = self.write().await?;
        let now = participant::Entity::find_by_id(entry.participant_id.as_uuid())
            .select_only()
            .column(participant::Column::Version)
            .filter(participant::Column::Version.eq(version))
            .into_tuple::<i32>()
            .one(&tx.conn)
            .await?;
        if now.is_none() {
            return Ok(IfUnchanged::Changed);
        }
        tx.path()
            .store(
                entry.participant_id,
                PathMove::Entered(entry),
                entry.recorded_at,
            )
            .await?;
        tx.append_pending(audit);
        tx.write_pending(events).await?;
        tx.commit().await?;
        Ok(IfUnchanged::Stored)
    }

    /// PostgreSQL: [`STEP_MOVE`] on condition of `version`, then the audit records, their items
    /// and the events, each from the move; the statement answers how many participants moved.
    /// On a kept connection (`kept_connections.rs`).
    async fn enter_step_statement(
        &self,
        version: i32,
        entry: &StepEntry,
        audit: &[AuditEntry],
        events: &[NewEvent],
    ) -> Result<IfUnchanged, StoreError> {
        let mut values = step_move_values(entry, Some(version));
        let audit_rows: Vec<_> = audit.iter().map(crate::audit::row).collect();
        let item_rows = crate::audit::item_rows(audit);
        let event_rows: Vec<event::ActiveModel> =
            events.iter().flat_map(crate::events::rows).collect();
        let inserts = [
            insert_from_move::<audit_log::ActiveModel>(&audit_rows, &mut values),
            insert_from_move::<audit_item::ActiveModel>(&item_rows, &mut values),
            insert_from_move::<event::ActiveModel>(&event_rows, &mut values),
        ];
        let mut sql = format!("WITH {STEP_MOVE}");
        for (n, insert) in inserts.into_iter().flatten().enumerate() {
            sql.push_str(&format!(", written_{n} AS ({insert})"));
        }
        sql.push_str(" SELECT CAST(COUNT(*) AS INT4) AS moved FROM moved");
        let rows = self
            .kept_query_all(&Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await?;
        let row = rows
            .first()
            .ok_or_else(|| StoreError::Db(sea_orm::DbErr::RecordNotFound("moved".into())))?;
        let moved: i32 = row.try_get("", "moved")?;
        Ok(if moved == 1 {
            IfUnchanged::Stored
        } else {
            IfUnchanged::Changed
        })
    }
}
