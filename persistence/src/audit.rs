//! The audit log: appended to in the same transaction as what it records, or, for reads, kept
//! by the transaction and committed in a group before the answer is sent; never changed.

use askel_domain::{AuditEntry, AuditId, Cursor, OrganisationId, Page, PageRequest, ParticipantId};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::entities::audit_log::{self, Column, Entity};
use crate::error::corrupt;
use crate::paging::{Keyset, read_page};
use crate::{Database, StoreError, Tx};

impl Keyset for Entity {
    const UPDATED_AT: Self::Column = Column::At;
    const ID: Self::Column = Column::Id;
    fn cursor(row: &Self::Model) -> Cursor {
        Cursor {
            updated_at: row.at,
            id: row.id,
        }
    }
}

/// An audit record as read back (the resource kind is a stored string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAudit {
    /// The record.
    pub entry: AuditEntry,
    /// The resource kind as stored.
    pub resource: String,
}

pub(crate) fn row(e: &AuditEntry) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: Set(e.id.as_uuid()),
        at: Set(e.at),
        client: Set(e.client.clone()),
        organisation_id: Set(e.organisation_id.map(OrganisationId::as_uuid)),
        acting_for: Set(e.acting_for.clone()),
        action: Set(e.action.to_string()),
        resource: Set(e.resource.to_owned()),
        resource_id: Set(e.resource_id),
        participant_id: Set(e.participant_id.map(ParticipantId::as_uuid)),
        outcome: Set(e.outcome.to_string()),
    }
}

impl Database {
    /// Appends audit records on their own: one statement, committed by itself (a statement is
    /// atomic), so a group of records costs one round trip to the database.
    pub async fn append_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        if self.backend() == crate::Backend::Postgres {
            return self.append_audit_columns(entries).await;
        }
        Entity::insert_many(entries.iter().map(row))
            .exec_without_returning(&self.conn)
            .await
            .map_err(StoreError::from)?;
        Ok(())
    }

    /// PostgreSQL: the records as one array per column, spread by `unnest`. The statement's
    /// text is the same for any number of records, so it is prepared once per connection; a
    /// multi-row `VALUES` of ten parameters a record was a new statement for every group size,
    /// parsed and planned again each time (a group of 1 000 records was 10 000 parameters).
    async fn append_audit_columns(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        use sea_orm::sqlx;
        let column = |f: fn(&AuditEntry) -> String| entries.iter().map(f).collect::<Vec<_>>();
        sqlx::query(
            "INSERT INTO audit_log (id, at, client, organisation_id, acting_for, action, \
               resource, resource_id, participant_id, outcome) \
             SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], \
               $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[], $10::text[])",
        )
        .bind(entries.iter().map(|e| e.id.as_uuid()).collect::<Vec<_>>())
        .bind(entries.iter().map(|e| e.at).collect::<Vec<_>>())
        .bind(column(|e| e.client.clone()))
        .bind(
            entries
                .iter()
                .map(|e| e.organisation_id.map(OrganisationId::as_uuid))
                .collect::<Vec<_>>(),
        )
        .bind(
            entries
                .iter()
                .map(|e| e.acting_for.clone())
                .collect::<Vec<_>>(),
        )
        .bind(column(|e| e.action.to_string()))
        .bind(column(|e| e.resource.to_owned()))
        .bind(entries.iter().map(|e| e.resource_id).collect::<Vec<_>>())
        .bind(
            entries
                .iter()
                .map(|e| e.participant_id.map(ParticipantId::as_uuid))
                .collect::<Vec<_>>(),
        )
        .bind(column(|e| e.outcome.to_string()))
        .execute(self.conn.get_postgres_connection_pool())
        .await
        .map_err(|e| {
            StoreError::from(sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(
                e.into(),
            )))
        })?;
        self.count_statement();
        Ok(())
    }
}

impl Tx {
    /// Appends audit records.
    pub async fn insert_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        if let Some(kept) = &self.deferred_audit {
            kept.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend_from_slice(entries);
            return Ok(());
        }
        self.append_pending(entries);
        Ok(())
    }

    /// A page of the audit records about a participant, oldest first.
    pub async fn audit_log(
        &self,
        participant: ParticipantId,
        req: &PageRequest,
    ) -> Result<Page<StoredAudit>, StoreError> {
        // This transaction's own records too.
        self.write_pending(&[]).await?;
        let select = Entity::find().filter(Column::ParticipantId.eq(participant.as_uuid()));
        read_page(self, select, req, |m| {
            Ok(StoredAudit {
                entry: AuditEntry {
                    id: AuditId::from_uuid(m.id),
                    at: m.at,
                    client: m.client,
                    organisation_id: m.organisation_id.map(OrganisationId::from_uuid),
                    acting_for: m.acting_for,
                    action: m.action.parse().map_err(|e| corrupt("audit action", e))?,
                    resource: "",
                    resource_id: m.resource_id,
                    participant_id: m.participant_id.map(ParticipantId::from_uuid),
                    outcome: m.outcome.parse().map_err(|e| corrupt("audit outcome", e))?,
                },
                resource: m.resource,
            })
        })
        .await
    }
}
