//! The audit records a transaction appends, kept until its events are written (or it commits, or
//! it reads the audit log) and then written with them: one statement on PostgreSQL (the audit
//! insert in a `WITH`), so a write pays one round trip for both. A transaction rolled back (or a
//! savepoint undone) writes none of them, as before.

use askel_domain::{AuditEntry, NewEvent};
use sea_orm::sea_query::{Alias, CommonTableExpression, InsertStatement, WithClause};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QueryTrait};

use crate::entities::{audit_item, audit_log, event};
use crate::{StoreError, Tx};

impl Tx {
    /// Keeps audit records to write with the next events, or at commit.
    pub(crate) fn append_pending(&self, audit: &[AuditEntry]) {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(audit);
    }

    /// Writes the audit records kept and `events`.
    pub(crate) async fn write_pending(&self, events: &[NewEvent]) -> Result<(), StoreError> {
        let audit = std::mem::take(
            &mut *self
                .pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let backend = self.conn.get_database_backend();
        let event_rows: Vec<event::ActiveModel> =
            events.iter().flat_map(crate::events::rows).collect();
        let item_rows = crate::audit::item_rows(&audit);
        let items = item_rows
            .chunks(crate::audit::SQLITE_ITEMS_PER_INSERT)
            .map(|chunk| audit_item::Entity::insert_many(chunk.to_vec()).into_query());
        if backend != DbBackend::Postgres {
            // Small statements on SQLite (see `rows_per_insert`), given in one call.
            let rows = self.participants().rows_per_insert();
            let audit = audit.chunks(rows).map(|chunk| {
                audit_log::Entity::insert_many(chunk.iter().map(crate::audit::row)).into_query()
            });
            let events = event_rows
                .chunks(rows)
                .map(|chunk| event::Entity::insert_many(chunk.to_vec()).into_query());
            let statements = audit
                .chain(items)
                .chain(events)
                .map(|insert| backend.build(&insert));
            return self.execute_together(statements.collect()).await;
        }
        let audit = (!audit.is_empty()).then(|| {
            audit_log::Entity::insert_many(audit.iter().map(crate::audit::row)).into_query()
        });
        let events =
            (!event_rows.is_empty()).then(|| event::Entity::insert_many(event_rows).into_query());
        // The items of records that cover many (a batch created): rare in a write, and apart.
        for insert in items {
            self.execute(&insert).await?;
        }
        match (audit, events) {
            (Some(audit), Some(events)) => {
                let with = WithClause::new()
                    .cte(
                        CommonTableExpression::new()
                            .query(audit)
                            .table_name(Alias::new("audit_appended"))
                            .to_owned(),
                    )
                    .to_owned();
                self.conn
                    .execute_raw(backend.build(&events.with(with)))
                    .await?;
            }
            (audit, events) => {
                for insert in [audit, events].into_iter().flatten() {
                    self.execute(&insert).await?;
                }
            }
        }
        Ok(())
    }

    async fn execute(&self, insert: &InsertStatement) -> Result<(), StoreError> {
        let statement = self.conn.get_database_backend().build(insert);
        self.conn.execute_raw(statement).await?;
        Ok(())
    }
}
