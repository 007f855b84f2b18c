//! Keyset paging in `(updated_at, id)` order, one query per page (on PostgreSQL after one that
//! reads the commit horizon).

use std::sync::atomic::Ordering;

use askel_domain::{Cursor, Page, PageRequest};
use sea_orm::DbBackend;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use crate::{StoreError, Tx};

/// The oldest start of a transaction open in this database (other than the reader's own), or
/// the present moment. Read in a statement *before* the list: a writer still open then has
/// stamped its rows at or after this, so they are left out; a writer that starts later stamps
/// its rows later still; a writer that stamped a row before it had finished by then, so the
/// list's later snapshot (read committed) sees its rows, as it sees the reader's own. (Read in
/// the same statement, a writer committing between the snapshot and the read would slip
/// through.)
const COMMIT_HORIZON: &str = "SELECT COALESCE(min(xact_start), clock_timestamp()) AS horizon FROM pg_stat_activity \
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL";

/// PostgreSQL keeps the first copy of `pg_stat_activity` a transaction read until this is
/// called; a second list in one transaction needs a fresh one.
const FRESH_ACTIVITY: &str = "SELECT pg_stat_clear_snapshot()";

/// A table read in `(updated_at, id)` order.
pub(crate) trait Keyset: EntityTrait {
    /// The `updated_at` column.
    const UPDATED_AT: Self::Column;
    /// The `id` column.
    const ID: Self::Column;
    /// Where a row stands in the order.
    fn cursor(row: &Self::Model) -> Cursor;
}

/// Implements [`Keyset`] for entities with `updated_at` and `id` columns.
macro_rules! keyset {
    ($($entity:ident),+) => {$(
        impl $crate::paging::Keyset for $crate::entities::$entity::Entity {
            const UPDATED_AT: Self::Column = $crate::entities::$entity::Column::UpdatedAt;
            const ID: Self::Column = $crate::entities::$entity::Column::Id;
            fn cursor(row: &Self::Model) -> askel_domain::Cursor {
                askel_domain::Cursor { updated_at: row.updated_at, id: row.id }
            }
        }
    )+};
}

keyset!(
    organisation,
    project,
    project_actor,
    staff_member,
    statement,
    participant,
    activity,
    referral,
    goal
);

/// Assessments are never changed: they page by when they were recorded.
impl Keyset for crate::entities::assessment::Entity {
    const UPDATED_AT: Self::Column = crate::entities::assessment::Column::RecordedAt;
    const ID: Self::Column = crate::entities::assessment::Column::Id;
    fn cursor(row: &Self::Model) -> Cursor {
        Cursor {
            updated_at: row.recorded_at,
            id: row.id,
        }
    }
}

/// Reads one page of `select`, continued after `req.after`, each row made a domain value.
pub(crate) async fn read_page<E, T>(
    tx: &Tx,
    select: Select<E>,
    req: &PageRequest,
    to_domain: impl Fn(E::Model) -> Result<T, StoreError>,
) -> Result<Page<T>, StoreError>
where
    E: Keyset,
{
    let rows = read_rows(tx, select, req).await?;
    let items = rows
        .items
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        next: rows.next,
    })
}

/// Reads one page of rows, for callers that assemble several rows' relations at once.
pub(crate) async fn read_rows<E>(
    tx: &Tx,
    select: Select<E>,
    req: &PageRequest,
) -> Result<Page<E::Model>, StoreError>
where
    E: Keyset,
{
    let conn = &tx.conn;
    let (updated_at, id) = (E::UPDATED_AT, E::ID);
    let mut select = select;
    if let Some(since) = req.updated_since {
        select = select.filter(updated_at.gte(since));
    }
    // A client that follows the cursor or polls `updated_since` must never page past a change
    // that is still being committed, on any page: on PostgreSQL only rows stamped before the
    // start of every open transaction are final. (SQLite serialises writers, so committed rows
    // are final at once.)
    if conn.get_database_backend() == DbBackend::Postgres {
        if tx.horizon_read.swap(true, Ordering::Relaxed) {
            conn.execute_unprepared(FRESH_ACTIVITY).await?;
        }
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                DbBackend::Postgres,
                COMMIT_HORIZON,
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("no commit horizon".into()))?;
        let horizon: chrono::DateTime<chrono::Utc> = row.try_get("", "horizon")?;
        select = select.filter(updated_at.lt(horizon));
    }
    if let Some(after) = req.after {
        select = select.filter(
            Condition::any().add(updated_at.gt(after.updated_at)).add(
                Condition::all()
                    .add(updated_at.eq(after.updated_at))
                    .add(id.gt(after.id)),
            ),
        );
    }
    let limit = u64::from(req.limit.get());
    let mut rows = select
        .order_by_asc(updated_at)
        .order_by_asc(id)
        .limit(limit + 1)
        .all(conn)
        .await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(usize::from(req.limit.get()));
        rows.last().map(E::cursor)
    } else {
        None
    };
    Ok(Page { items: rows, next })
}
