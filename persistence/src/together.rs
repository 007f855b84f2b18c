//! Several writes handed to the database in one call. On SQLite every statement is a hand-off
//! to the thread that owns the connection and back (two thread switches), made while the
//! writer holds the database's write lock, so every writer queued behind it waits for each of
//! them; statements whose results nobody reads go together instead. (PostgreSQL takes one
//! statement per call in the extended protocol; its writes are joined with `WITH` instead.)

use sea_orm::{ConnectionTrait, DbBackend, Statement, Values};

use crate::{StoreError, Tx};

/// The most statements joined into one call. SQLite's driver keeps every text it prepared on
/// each pooled connection, so a join of a bulk import's forty inserts would be kept whole
/// beside the single insert it repeats; a bulk write's hand-offs are spread over its rows
/// anyway. One write's few statements are what is worth joining.
const MOST: usize = 3;

/// One call carrying `statements` in order: their texts joined, their bound values in the
/// same order (SQLite's driver binds a multi-statement call's `?` parameters in sequence).
fn joined(statements: Vec<Statement>) -> Statement {
    let mut sql = String::new();
    let mut values = Vec::new();
    for s in statements {
        if !sql.is_empty() {
            sql.push_str(";\n");
        }
        sql.push_str(&s.sql);
        values.extend(s.values.map(|v| v.0).unwrap_or_default());
    }
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, Values(values))
}

impl Tx {
    /// Executes `statements`, in order, in this transaction: in one call on SQLite (up to
    /// [`MOST`] of them), one after the other otherwise. For writes whose results (rows
    /// affected) are not needed.
    pub(crate) async fn execute_together(
        &self,
        statements: Vec<Statement>,
    ) -> Result<(), StoreError> {
        if statements.is_empty() {
            return Ok(());
        }
        if self.conn.get_database_backend() == DbBackend::Sqlite && statements.len() <= MOST {
            self.conn.execute_raw(joined(statements)).await?;
            return Ok(());
        }
        for s in statements {
            self.conn.execute_raw(s).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    use crate::Database;

    #[tokio::test]
    async fn statements_given_together_bind_each_ones_own_values_and_roll_back_together() {
        let db = Database::connect("sqlite::memory:", 1).await.unwrap();
        db.conn
            .execute_unprepared("CREATE TABLE t (k TEXT NOT NULL UNIQUE, n INTEGER NOT NULL)")
            .await
            .unwrap();
        let insert = |k: &str, n: i64| {
            Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO t (k, n) VALUES (?, ?)",
                [k.into(), n.into()],
            )
        };
        let add = |k: &str, n: i64| {
            Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "UPDATE t SET n = n + ? WHERE k = ?",
                [n.into(), k.into()],
            )
        };
        let tx = db.write().await.unwrap();
        tx.execute_together(vec![insert("a", 1), insert("b", 20), add("a", 300)])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let rows = db
            .conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT k, n FROM t ORDER BY k",
            ))
            .await
            .unwrap();
        let got: Vec<(String, i64)> = rows
            .iter()
            .map(|r| (r.try_get("", "k").unwrap(), r.try_get("", "n").unwrap()))
            .collect();
        assert_eq!(got, [("a".to_owned(), 301), ("b".to_owned(), 20)]);

        // A statement that fails part-way leaves the transaction to be rolled back whole.
        let tx = db.write().await.unwrap();
        let failed = tx.execute_together(vec![add("b", 1), insert("a", 9)]).await;
        assert!(failed.is_err(), "the duplicate key is refused");
        drop(tx);
        let b = db
            .conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM t WHERE k = 'b'",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(b.try_get::<i64>("", "n").unwrap(), 20);
    }
}
