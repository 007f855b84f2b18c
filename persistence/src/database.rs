//! Opening the database, migrating it once under a lock, and transactions.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::StoreError;
use crate::migrations::Migrator;
use crate::turns::{Waiting, sqlite_write_gate};

/// The pool's connections, read now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections.
    pub open: u32,
    /// Of those, idle ones.
    pub idle: usize,
}

/// Which database is behind the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A pool of connections to the database.
#[derive(Debug, Clone)]
pub struct Database {
    pub(crate) conn: DatabaseConnection,
    /// Statements executed through this pool, for tests that prove a query count.
    statements: Arc<AtomicU64>,
    /// Transactions waiting to begin: for a pooled connection or, on SQLite, the write lock.
    waiting: Arc<AtomicUsize>,
    /// On SQLite, the queue writers take turns in (see `turns.rs`).
    write_gate: Option<Arc<tokio::sync::Semaphore>>,
    /// On PostgreSQL, connections kept between hot statements (`kept_connections.rs`).
    pub(crate) kept: Arc<crate::kept_connections::Kept>,
}

/// An open transaction; every repository method runs in one. Dropped without
/// [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub struct Tx {
    pub(crate) conn: DatabaseTransaction,
    /// Whether a list has read PostgreSQL's view of open transactions in this transaction
    /// (which then keeps a stale copy of it until cleared); shared with savepoints.
    pub(crate) horizon_read: Arc<AtomicBool>,
    /// Whether this is a write transaction (reads of rows it will change lock them).
    pub(crate) writes: bool,
    /// Audit records appended, written with the next events or at commit (`pending`).
    pub(crate) pending: std::sync::Mutex<Vec<askel_domain::AuditEntry>>,
    /// On SQLite, a writer's turn, held until the transaction ends (declared last: dropped
    /// after the connection has committed or rolled back).
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Memory a report's sorts may use on PostgreSQL before spilling to disk.
const REPORT_WORK_MEM: &str = "64MB";

/// Each pooled SQLite connection's own page cache (negative: KiB): 512 KiB instead of SQLite's
/// 2 MiB, since every connection that runs a report fills its cache, and the operating system
/// caches the file for all of them anyway. A pool of 10 holds 5 MiB instead of 20; reads of one
/// row measured no slower.
const SQLITE_CACHE_SIZE: &str = "-512";

/// Arbitrary but fixed: the advisory lock that lets one instance migrate at a time.
const MIGRATION_LOCK_ID: i64 = 0x61_736b_656c; // "askel"

impl Database {
    /// Connects to `sqlite://…` or `postgres://…`. SQLite runs in WAL mode with full
    /// synchronisation, so an acknowledged commit survives a crash.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(5))
            // A connection in use is not pinged before each use (a round trip per request);
            // one idle long enough to have been dropped by the server is.
            .test_before_acquire_if_idle_for(Duration::from_secs(5))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .pragma("cache_size", SQLITE_CACHE_SIZE)
                    // Deleted and overwritten content is zeroed, not left in free space: an
                    // anonymised note must not stay readable in the file.
                    .pragma("secure_delete", "ON")
            });
        let mut conn = sea_orm::Database::connect(options)
            .await
            .map_err(StoreError::Unavailable)?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        conn.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let write_gate =
            (conn.get_database_backend() == DbBackend::Sqlite).then(|| sqlite_write_gate(url));
        let kept = crate::kept_connections::Kept::for_pool(match conn.get_database_backend() {
            DbBackend::Postgres => max_connections,
            _ => 0,
        });
        Ok(Self {
            conn,
            statements,
            waiting: Arc::default(),
            write_gate,
            kept,
        })
    }

    /// How many statements this pool has executed since it was opened.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Counts a statement sent past SeaORM (which counts its own).
    pub(crate) fn count_statement(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.conn.get_database_backend() {
            DbBackend::Postgres => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    /// Applies pending migrations. On PostgreSQL an advisory lock held for the transaction makes
    /// a second instance starting at the same moment wait, then find nothing left to do. Kept
    /// report parts this build may not trust are forgotten (all of them after a migration;
    /// `figure_cache_reset::on_start`).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend() {
            Backend::Postgres => {
                let txn = self.conn.begin().await?;
                txn.execute_raw(Statement::from_string(
                    DbBackend::Postgres,
                    format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})"),
                ))
                .await?;
                let migrated = !Migrator::get_pending_migrations(&txn).await?.is_empty();
                Migrator::up(&txn, None).await?;
                crate::figure_cache_reset::on_start(&txn, migrated).await?;
                txn.commit().await?;
            }
            Backend::Sqlite => {
                let migrated = !Migrator::get_pending_migrations(&self.conn)
                    .await?
                    .is_empty();
                Migrator::up(&self.conn, None).await?;
                crate::figure_cache_reset::on_start(&self.conn, migrated).await?;
            }
        }
        Ok(())
    }

    /// Transactions waiting now to begin: for a connection from the pool or, on SQLite, for
    /// the write lock.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// The pool's connections: how many are open, and how many of those idle (on PostgreSQL
    /// with those kept for the next hot statement, `kept_connections.rs`).
    pub fn pool_stats(&self) -> PoolStats {
        let (open, idle) = match self.backend() {
            Backend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            // Kept connections wait for the next hot statement: idle too.
            Backend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle() + self.kept.len())
            }
        };
        PoolStats { open, idle }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.conn.ping().await.map_err(StoreError::Unavailable)
    }

    /// Begins a transaction that reads (and may write little).
    pub async fn read(&self) -> Result<Tx, StoreError> {
        self.begin(TransactionOptions::default()).await
    }

    /// Begins a read for a report: its aggregates sort and hash whole tables, so on PostgreSQL
    /// the transaction may use more memory per sort (`REPORT_WORK_MEM`) instead of spilling to
    /// disk.
    pub async fn read_for_report(&self) -> Result<Tx, StoreError> {
        let tx = self.read().await?;
        if self.backend() == Backend::Postgres {
            tx.conn
                .execute_unprepared(&format!("SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
                .await?;
        }
        Ok(tx)
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of failing on a lock upgrade.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.begin(options).await
    }

    async fn begin(&self, mut options: TransactionOptions) -> Result<Tx, StoreError> {
        let writes = options.sqlite_transaction_mode == Some(SqliteTransactionMode::Immediate);
        if self.backend() == Backend::Postgres {
            options.sqlite_transaction_mode = None;
        }
        let waiting = Waiting::new(&self.waiting);
        let turn = match (&self.write_gate, writes) {
            (Some(gate), true) => Some(gate.clone().acquire_owned().await.map_err(|_| {
                StoreError::Unavailable(sea_orm::DbErr::Custom("the write queue is closed".into()))
            })?),
            _ => None,
        };
        let conn =
            self.conn
                .begin_with_options(options)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Db(e) => StoreError::Unavailable(e),
                    other => other,
                })?;
        drop(waiting);
        Ok(Tx {
            conn,
            horizon_read: Arc::default(),
            writes,
            pending: std::sync::Mutex::default(),
            _turn: turn,
        })
    }

    /// Closes every connection.
    pub async fn close(self) -> Result<(), StoreError> {
        self.kept.release_all();
        self.conn.close().await.map_err(StoreError::from)
    }
}

impl Tx {
    /// A transaction inside this one (a savepoint): committing it keeps its work in the outer
    /// transaction; dropping it undoes only its own work.
    pub async fn nested(&self) -> Result<Tx, StoreError> {
        Ok(Tx {
            conn: self.conn.begin().await?,
            horizon_read: self.horizon_read.clone(),
            writes: self.writes,
            pending: std::sync::Mutex::default(),
            _turn: None,
        })
    }

    /// Writes the audit records appended, and commits the transaction.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.write_pending(&[]).await?;
        self.conn.commit().await.map_err(StoreError::from)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner stability
    /// guarantee: without it, every execution of a cached statement whose parameter meets an
    /// index with `sqlite_stat4` samples is parsed and planned again (the participant read's
    /// join of the caller's roles was, a third of its server time).
    #[tokio::test]
    async fn sqlite_plans_never_depend_on_bound_values() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("q.db").display());
        let db = Database::connect(&url, 1).await.unwrap();
        let options: Vec<String> = db
            .conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT compile_options FROM pragma_compile_options".to_owned(),
            ))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String>("", "compile_options").unwrap())
            .collect();
        assert!(
            options.iter().any(|o| o == "ENABLE_QPSG"),
            "SQLite built without ENABLE_QPSG: {options:?}"
        );
    }

    #[tokio::test]
    async fn a_writer_queued_behind_the_sqlite_write_lock_counts_as_waiting() {
        let dir = std::env::temp_dir().join(format!("askel-waiting-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("w.db");
        let _ = std::fs::remove_file(&file);
        let db = Database::connect(&format!("sqlite://{}?mode=rwc", file.display()), 2)
            .await
            .unwrap();
        assert_eq!(db.waiting(), 0);
        let first = db.write().await.unwrap();
        let second = tokio::spawn({
            let db = db.clone();
            async move { db.write().await.map(drop) }
        });
        let mut seen = 0;
        for _ in 0..200 {
            seen = db.waiting();
            if seen == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(seen, 1, "the second writer waits");
        drop(first);
        second.await.unwrap().unwrap();
        assert_eq!(db.waiting(), 0, "nothing waits once it began");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn sqlite_writers_begin_in_the_order_they_asked() {
        let dir = std::env::temp_dir().join(format!("askel-turns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("t.db");
        let _ = std::fs::remove_file(&file);
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let db = Database::connect(&url, 8).await.unwrap();
        // A second pool on the same file (as the audit writer and the dispatcher have) shares
        // the queue.
        let other = Database::connect(&url, 2).await.unwrap();
        let first = db.write().await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut writers = Vec::new();
        for i in 0..6 {
            let pool = if i % 2 == 0 {
                db.clone()
            } else {
                other.clone()
            };
            let order = order.clone();
            writers.push(tokio::spawn(async move {
                let tx = pool.write().await.unwrap();
                order.lock().unwrap().push(i);
                tx.commit().await.unwrap();
            }));
            // Each asks only once the one before it is queued.
            while db.waiting() + other.waiting() < i + 1 {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        drop(first);
        for w in writers {
            w.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4, 5]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
