//! Helpers for the test suite: a fresh PostgreSQL database per test, dropped afterwards.

use sea_orm::{ConnectionTrait, Database as SeaDatabase, DbBackend, Statement};

use crate::StoreError;

/// Creates database `name` on the server at `server_url` (`postgres://user@host:port/db`) and
/// returns the URL of the new database.
pub async fn create_postgres_database(server_url: &str, name: &str) -> Result<String, StoreError> {
    let conn = SeaDatabase::connect(server_url)
        .await
        .map_err(StoreError::Unavailable)?;
    conn.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!("CREATE DATABASE \"{name}\""),
    ))
    .await?;
    conn.close().await?;
    Ok(replace_database(server_url, name))
}

/// Drops database `name`, closing any connection still open to it.
pub async fn drop_postgres_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let conn = SeaDatabase::connect(server_url)
        .await
        .map_err(StoreError::Unavailable)?;
    conn.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
    ))
    .await?;
    conn.close().await?;
    Ok(())
}

/// Runs one statement on the server at `server_url` (for tests that cut a database off).
pub async fn execute_on_server(server_url: &str, sql: &str) -> Result<(), StoreError> {
    let conn = SeaDatabase::connect(server_url)
        .await
        .map_err(StoreError::Unavailable)?;
    conn.execute_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await?;
    conn.close().await?;
    Ok(())
}

/// Every row of every table of `db`, each as one text (`table: values`): for tests that check
/// some text is stored nowhere. On PostgreSQL a row cast to text; on SQLite each column cast
/// to text (blobs as hex), joined.
pub async fn every_row_as_text(db: &crate::Database) -> Result<Vec<String>, StoreError> {
    let conn = &db.conn;
    let backend = conn.get_database_backend();
    let tables_sql = match backend {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    };
    let tables: Vec<String> = conn
        .query_all_raw(Statement::from_string(backend, tables_sql.to_owned()))
        .await?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for table in tables {
        let select = match backend {
            DbBackend::Postgres => format!("SELECT t::text AS row FROM \"{table}\" t"),
            _ => {
                let columns: Vec<String> = conn
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{table}')"),
                    ))
                    .await?
                    .iter()
                    .map(|r| r.try_get::<String>("", "name"))
                    .collect::<Result<_, _>>()?;
                let texts: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        format!(
                            "coalesce(CASE typeof(\"{c}\") WHEN 'blob' THEN hex(\"{c}\") ELSE CAST(\"{c}\" AS TEXT) END, '')"
                        )
                    })
                    .collect();
                format!(
                    "SELECT {} AS row FROM \"{table}\"",
                    texts.join(" || '|' || ")
                )
            }
        };
        for r in conn
            .query_all_raw(Statement::from_string(backend, select))
            .await?
        {
            let row: String = r.try_get("", "row")?;
            rows.push(format!("{table}: {row}"));
        }
    }
    Ok(rows)
}

/// Runs one statement on `db` (for tests of what the database's own files hold).
pub async fn execute(db: &crate::Database, sql: &str) -> Result<(), StoreError> {
    db.conn.execute_unprepared(sql).await?;
    Ok(())
}

/// Runs migration 17 (entry facts from the first entry, late follow-ups uncounted) again, for
/// a test that first writes a row the way older code did.
pub async fn rerun_entry_facts_migration(db: &crate::Database) -> Result<(), StoreError> {
    use sea_orm_migration::MigrationTrait;
    let manager = sea_orm_migration::SchemaManager::new(&db.conn);
    crate::migrations::RecomputeEntryFacts
        .up(&manager)
        .await
        .map_err(StoreError::from)?;
    // As the server does after migrating: what was kept was counted the old way.
    Ok(crate::figure_cache_reset::forget_all(&db.conn).await?)
}

/// The keys of the kept report parts, sorted.
pub async fn kept_part_keys(db: &crate::Database) -> Result<Vec<String>, StoreError> {
    let rows = db
        .conn
        .query_all_raw(Statement::from_string(
            db.conn.get_database_backend(),
            "SELECT scope FROM figure_cache ORDER BY scope",
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<String>("", "scope")?))
        .collect()
}

/// The key this build keeps a part for `scope` under.
pub fn counted_scope(scope: &str) -> String {
    crate::figure_cache_reset::counted_scope(scope)
}

/// Keeps a part for `project` under `key` as counted below `horizon` (its figures empty), as
/// another build or another database cluster would have left it.
pub async fn plant_part(
    db: &crate::Database,
    project: uuid::Uuid,
    key: &str,
    horizon: i64,
) -> Result<(), StoreError> {
    let backend = db.conn.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        "INSERT INTO figure_cache (project_id, scope, horizon, body) VALUES ($1, $2, $3, '{}')"
    } else {
        "INSERT INTO figure_cache (project_id, scope, horizon, body) VALUES (?, ?, ?, '{}')"
    };
    db.conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [project.into(), key.into(), horizon.into()],
        ))
        .await?;
    Ok(())
}

/// `postgres://u@h:5432/test?x=y` with the database replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..path_start], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_database_name() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(
            replace_database("postgres://u@h:1", "x"),
            "postgres://u@h:1/x"
        );
    }
}
