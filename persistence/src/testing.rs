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
