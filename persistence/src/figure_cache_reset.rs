//! Forgetting every kept report part (`figure_cache`): on start, after a bulk load and after
//! the kept figures are rebuilt, which all change figures without events. Apart from the cache
//! itself so that the writers that need it depend on nothing of the reports.

use sea_orm::ConnectionTrait;

/// Forgets every kept part.
pub(crate) async fn forget_all(conn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    conn.execute_unprepared("DELETE FROM figure_cache").await?;
    Ok(())
}
