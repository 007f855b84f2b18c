//! Forgetting kept report parts (`figure_cache`): all of them after a bulk load and after the
//! kept figures are rebuilt, which change figures without events; at start, those this build
//! may not count alike. Apart from the cache itself so that the writers that need it depend on
//! nothing of the reports.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// What identifies how this build counts: a hash of the sources that count (`build.rs`). A part
/// is kept under it, so a part another build counted is never read.
pub(crate) const COUNTING: &str = env!("ASKEL_COUNTING_FINGERPRINT");

/// The key a part for `scope` is kept under by this build.
pub(crate) fn counted_scope(scope: &str) -> String {
    format!("{COUNTING}|{scope}")
}

/// Forgets every kept part.
pub(crate) async fn forget_all(conn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    conn.execute_unprepared("DELETE FROM figure_cache").await?;
    Ok(())
}

/// At start: after a migration every part is forgotten (a migration may change what was
/// counted); otherwise the parts another build counted, and any part counted above the feed's
/// position now — a database restored into another PostgreSQL cluster numbers its
/// transactions afresh, so such a part could miss a change. The rest stay trusted: a restart
/// of the same build counts them again only when their project has changed.
pub(crate) async fn on_start(
    conn: &impl ConnectionTrait,
    migrated: bool,
) -> Result<(), sea_orm::DbErr> {
    if migrated {
        return forget_all(conn).await;
    }
    let backend = conn.get_database_backend();
    let now = if backend == DbBackend::Postgres {
        "CAST(pg_snapshot_xmin(pg_current_snapshot())::text AS BIGINT)"
    } else {
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM events)"
    };
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "DELETE FROM figure_cache WHERE substr(scope, 1, {len}) <> {placeholder} \
             OR horizon > {now}",
            len = COUNTING.len() + 1,
        ),
        [format!("{COUNTING}|").into()],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_kept_under_this_builds_fingerprint() {
        assert_eq!(COUNTING.len(), 16);
        assert!(COUNTING.chars().all(|c| c.is_ascii_hexdigit()));
        let key = counted_scope("EPLUS|2024-01-01|2024-12-31");
        assert!(key.starts_with(&format!("{COUNTING}|")));
        assert!(key.len() <= 120, "the scope column holds 120 characters");
    }
}
