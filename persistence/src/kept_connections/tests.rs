//! Kept connections against a real PostgreSQL (`ASKEL_TEST_POSTGRES_URL`; skipped without it,
//! as the rest of the PostgreSQL suite is only run when asked for).

use std::time::Duration;

use sea_orm::{DbBackend, Statement};

use crate::testing::{create_postgres_database, drop_postgres_database};
use crate::{Database, StoreError};

/// A fresh database on the test server and a pool of `size` to it; none without the server.
async fn database(size: u32) -> Option<(Database, String, String)> {
    let server = std::env::var("ASKEL_TEST_POSTGRES_URL").ok()?;
    let name = format!("askel_kept_{}", uuid::Uuid::now_v7().simple());
    let url = create_postgres_database(&server, &name)
        .await
        .expect("the test server, asked for, answers");
    let db = Database::connect(&url, size).await.expect("connects");
    Some((db, server, name))
}

fn sql(text: &str) -> Statement {
    Statement::from_string(DbBackend::Postgres, text.to_owned())
}

/// The pool's own idle connections (kept ones are checked out of it).
fn pool_idle(db: &Database) -> usize {
    db.conn.get_postgres_connection_pool().num_idle()
}

/// Waits for a connection given back to the pool to arrive (sqlx tests it on a task first).
async fn settled(db: &Database, idle: usize) -> usize {
    for _ in 0..100 {
        if pool_idle(db) >= idle {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    pool_idle(db)
}

#[tokio::test]
async fn a_connection_whose_statement_ended_well_is_kept_and_used_again() {
    let Some((db, server, name)) = database(4).await else {
        return;
    };
    let pid = async || -> i32 {
        let rows = db
            .kept_query_all(&sql("SELECT pg_backend_pid() AS pid"))
            .await
            .unwrap();
        rows[0].try_get("", "pid").unwrap()
    };
    let first = pid().await;
    assert_eq!(db.kept.len(), 1, "kept, not given back to the pool");
    let open = db.pool_stats().open as usize;
    assert_eq!(
        pool_idle(&db) + 1,
        open,
        "checked out of the pool while kept"
    );
    assert_eq!(db.pool_stats().idle, open, "and counted as idle");
    assert_eq!(pid().await, first, "the next statement runs on it");
    assert_eq!(db.kept.len(), 1);
    db.close().await.unwrap();
    drop_postgres_database(&server, &name).await.unwrap();
}

#[tokio::test]
async fn a_connection_whose_statement_failed_goes_back_to_the_pool() {
    let Some((db, server, name)) = database(4).await else {
        return;
    };
    let failed = db.kept_query_all(&sql("SELECT 1 / 0 AS x")).await;
    assert!(matches!(failed, Err(StoreError::Db(_))), "{failed:?}");
    assert_eq!(db.kept.len(), 0);
    let open = db.pool_stats().open as usize;
    assert_eq!(settled(&db, open).await, open, "back in the pool, tested");
    db.close().await.unwrap();
    drop_postgres_database(&server, &name).await.unwrap();
}

#[tokio::test]
async fn at_most_half_the_pool_is_kept_so_transactions_always_begin() {
    let Some((db, server, name)) = database(4).await else {
        return;
    };
    let statement = sql("SELECT pg_sleep(0.05)::text AS slept");
    let statements = (0..8).map(|_| db.kept_query_all(&statement));
    for result in futures_util::future::join_all(statements).await {
        result.unwrap();
    }
    assert_eq!(db.kept.len(), 2, "half of 4");
    let writes = (0..2).map(|_| db.write());
    let open: Vec<_> = tokio::time::timeout(
        Duration::from_secs(3),
        futures_util::future::try_join_all(writes),
    )
    .await
    .expect("the other half is free")
    .unwrap();
    drop(open);
    db.close().await.unwrap();
    drop_postgres_database(&server, &name).await.unwrap();
}

#[tokio::test]
async fn kept_connections_go_back_when_idle_and_when_the_database_closes() {
    let Some((db, server, name)) = database(4).await else {
        return;
    };
    let statement = sql("SELECT 1 AS one");
    db.kept_query_all(&statement).await.unwrap();
    assert_eq!(db.kept.len(), 1);
    tokio::time::sleep(super::IDLE + Duration::from_millis(100)).await;
    assert!(
        db.kept.take().is_none(),
        "one idle too long is not used again"
    );
    assert_eq!(db.kept.len(), 0);
    let open = db.pool_stats().open as usize;
    assert_eq!(settled(&db, open).await, open, "it went back to the pool");
    db.kept_query_all(&statement).await.unwrap();
    assert_eq!(db.kept.len(), 1);
    tokio::time::timeout(Duration::from_secs(5), db.close())
        .await
        .expect("closing does not wait for kept connections")
        .unwrap();
    drop_postgres_database(&server, &name).await.unwrap();
}
