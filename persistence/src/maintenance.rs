//! Looking after the database's files: a consistent copy for backups, settling after a bulk
//! load, and leaving no copy of erased personal data in SQLite's log.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use crate::StoreError;
use crate::database::{Backend, Database};

impl Database {
    /// Copies a SQLite database, consistently and while it is in use, into the new file
    /// `path` (`VACUUM INTO`: one read transaction, so the copy holds exactly the writes
    /// committed before it began). PostgreSQL is backed up with its own tools.
    pub async fn backup_into(&self, path: &std::path::Path) -> Result<(), String> {
        if self.backend() != Backend::Sqlite {
            return Err("askel backup copies SQLite databases; back PostgreSQL up with pg_dump or point-in-time recovery (see the README)".into());
        }
        // The copy holds personal data: made readable by its owner only (0600), before
        // anything is written into it. `VACUUM INTO` accepts an empty file.
        let mut create = std::fs::OpenOptions::new();
        create.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut create, 0o600);
        create.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} exists already; a backup goes into a new file",
                path.display()
            ),
            _ => format!("{} could not be created: {e}", path.display()),
        })?;
        let target = path.to_string_lossy().replace('\'', "''");
        self.conn
            .execute_unprepared(&format!("VACUUM INTO '{target}'"))
            .await
            .map_err(|e| format!("the backup failed: {e}"))?;
        Ok(())
    }

    /// After a bulk load, does at once what the database would do in its own time: refreshes
    /// the planner's statistics (and PostgreSQL's visibility map), and writes the loaded pages
    /// out of the write-ahead log.
    pub async fn settle_after_bulk_load(&self) -> Result<(), StoreError> {
        let statements: &[&str] = match self.backend() {
            Backend::Postgres => &["VACUUM ANALYZE", "CHECKPOINT"],
            Backend::Sqlite => &["ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"],
        };
        for sql in statements {
            self.conn.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    /// After personal data was erased (anonymised, retention, a participant transferred
    /// away): on SQLite, copies the write-ahead log into the database and empties the log file
    /// (`wal_checkpoint(TRUNCATE)`), so no earlier page image holding the erased data stays in
    /// it; the database file's freed space was zeroed as it was freed (`secure_delete`). On
    /// PostgreSQL nothing here: old row versions stay in the table's pages until VACUUM
    /// reclaims them (autovacuum does, soon after), and WAL archives and backups keep what
    /// they held until they expire (the README's Retention section).
    ///
    /// The checkpoint waits (the busy timeout) for readers still using the log; if one still
    /// is, SQLite answers "busy" instead of an error and the log keeps its old pages: that is
    /// an error here, so it is reported and the next erasure scrubs again, rather than taken
    /// for a scrub.
    pub async fn scrub_after_erasure(&self) -> Result<(), StoreError> {
        if self.backend() == Backend::Sqlite {
            // One row: (busy, frames in the log, frames copied back).
            let busy = self
                .conn
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "PRAGMA wal_checkpoint(TRUNCATE)",
                ))
                .await?
                .map(|row| row.try_get_by_index::<i32>(0))
                .transpose()?;
            if busy != Some(0) {
                return Err(StoreError::Db(DbErr::Custom(
                    "the write-ahead log was not emptied: a reader was still using it".into(),
                )));
            }
        }
        Ok(())
    }
}
