//! PostgreSQL connections kept out of the pool between the hot statements that run on their
//! own — a participant's read, a step write, a group of audit records. sqlx tests every
//! connection given back to its pool with a round trip (a `Sync`, then waiting for the answer:
//! "test the connection on-release", which also sends the rollback a dropped transaction left
//! queued), so each of those statements cost the database and the server two round trips. A
//! connection whose statement ran to its end outside any transaction is in a known state —
//! nothing queued, no transaction open — and the test finds nothing: it is kept here instead,
//! for the next hot statement. It goes back to the pool, tested, whenever it is not plainly
//! fine: when its statement failed or was abandoned mid-way (the future dropped), when it has
//! waited [`IDLE`] unused, and when the database closes.
//!
//! Hot statements take turns, first come first served, for at most half the pool (so
//! transactions always find the other half): each holds a turn while it runs, and only as many
//! connections as there are turns are ever kept. Without the turns a statement arriving while
//! one was kept took it before those already queued at the pool, and the queue's tail waited
//! (the bare read's p99 went from 9 to 30 ms while its median halved).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::postgres::PgRow;
use sea_orm::sqlx::{self, PgConnection, Postgres};
use sea_orm::{ConnAcquireErr, DbErr, QueryResult, RuntimeErr, Statement};
use sea_query_sqlx::SqlxValues;
use tokio::sync::Semaphore;

use crate::{Database, StoreError};

/// How long a kept connection may wait unused before it goes back to the pool.
const IDLE: Duration = Duration::from_secs(1);

/// The connections kept, most recently used last, and the turns hot statements take.
#[derive(Debug)]
pub(crate) struct Kept {
    /// The most kept at once: as many as there are turns.
    most: usize,
    /// One a running hot statement (tokio's semaphore queues waiters in order).
    turns: Semaphore,
    conns: Mutex<Vec<(PoolConnection<Postgres>, Instant)>>,
}

impl Kept {
    /// Keeps up to half of a pool of `pool_size` (none for a pool of one: hot statements then
    /// take connections from the pool as any other).
    pub(crate) fn for_pool(pool_size: u32) -> Arc<Self> {
        let most = usize::try_from(pool_size / 2).unwrap_or(0);
        Arc::new(Self {
            most,
            turns: Semaphore::new(most),
            conns: Mutex::default(),
        })
    }

    /// The connections kept, taken out (each goes back to the pool when dropped).
    fn drain(&self, older_than: Option<Instant>) -> Vec<PoolConnection<Postgres>> {
        let mut conns = self.conns.lock().unwrap_or_else(PoisonError::into_inner);
        let keep_from = match older_than {
            Some(limit) => conns.iter().take_while(|(_, at)| *at < limit).count(),
            None => conns.len(),
        };
        conns.drain(..keep_from).map(|(c, _)| c).collect()
    }

    /// The most recently kept connection, if any (those idle too long go back to the pool).
    fn take(&self) -> Option<PoolConnection<Postgres>> {
        let stale = self.drain(Instant::now().checked_sub(IDLE));
        drop(stale);
        self.conns
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .map(|(c, _)| c)
    }

    /// Keeps `conn`, whose statement ran to its end (never more than there are turns).
    fn put(&self, conn: PoolConnection<Postgres>) {
        let mut conns = self.conns.lock().unwrap_or_else(PoisonError::into_inner);
        if conns.len() < self.most {
            conns.push((conn, Instant::now()));
        }
    }

    /// How many are kept now.
    pub(crate) fn len(&self) -> usize {
        self.conns
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Gives every kept connection back to the pool (before it closes); statements still
    /// waiting for a turn are told the pool is closed.
    pub(crate) fn release_all(&self) {
        self.turns.close();
        drop(self.drain(None));
    }
}

/// A failure of sqlx, as SeaORM would have reported it (so `StoreError` sorts it alike).
fn store_error(e: sqlx::Error) -> StoreError {
    StoreError::from(match e {
        sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
        sqlx::Error::PoolClosed => DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
        other => DbErr::Query(RuntimeErr::SqlxError(Arc::new(other))),
    })
}

/// `statement` as sqlx takes it.
fn query(statement: &Statement) -> sqlx::query::Query<'_, Postgres, SqlxValues> {
    let values = statement
        .values
        .clone()
        .unwrap_or_else(|| sea_orm::Values(Vec::new()));
    sqlx::query_with(
        sqlx::AssertSqlSafe(statement.sql.as_str()),
        SqlxValues(values),
    )
}

impl Database {
    /// Runs `run` on a kept connection (or one from the pool), keeping it afterwards if `run`
    /// ended well. PostgreSQL only.
    async fn on_kept<T>(
        &self,
        run: impl AsyncFnOnce(&mut PgConnection) -> Result<T, sqlx::Error>,
    ) -> Result<T, StoreError> {
        let pool = self.conn.get_postgres_connection_pool();
        let turn = if self.kept.most == 0 {
            None
        } else {
            // Waiting as long as the pool would have let it wait for a connection.
            let waited = tokio::time::timeout(
                pool.options().get_acquire_timeout(),
                self.kept.turns.acquire(),
            )
            .await;
            match waited {
                Ok(Ok(turn)) => Some(turn),
                Ok(Err(_closed)) => return Err(store_error(sqlx::Error::PoolClosed)),
                Err(_elapsed) => return Err(store_error(sqlx::Error::PoolTimedOut)),
            }
        };
        let mut conn = match self.kept.take() {
            Some(conn) => conn,
            None => pool.acquire().await.map_err(store_error)?,
        };
        self.count_statement();
        // Dropped mid-way (the request abandoned), the connection goes back to the pool.
        let result = run(&mut conn).await;
        let answer = match result {
            Ok(value) => {
                if turn.is_some() {
                    self.kept.put(conn);
                }
                Ok(value)
            }
            Err(e) => Err(store_error(e)),
        };
        drop(turn);
        answer
    }

    /// The rows of `statement`, run on its own on a kept connection. PostgreSQL only.
    pub(crate) async fn kept_query_all(
        &self,
        statement: &Statement,
    ) -> Result<Vec<QueryResult>, StoreError> {
        let rows: Vec<PgRow> = self
            .on_kept(async |conn| query(statement).fetch_all(conn).await)
            .await?;
        Ok(rows.into_iter().map(QueryResult::from).collect())
    }

    /// Runs `statement` on its own on a kept connection. PostgreSQL only.
    pub(crate) async fn kept_execute<'q>(
        &self,
        statement: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    ) -> Result<(), StoreError> {
        self.on_kept(async |conn| statement.execute(conn).await.map(|_| ()))
            .await
    }
}

#[cfg(test)]
mod tests;
