//! The audit log: appended to in the same transaction as what it records, or, for reads, kept
//! by the transaction and committed in a group before the answer is sent; never changed.

use std::collections::HashSet;

use askel_domain::{
    AuditEntry, AuditId, AuditItem, Cursor, OrganisationId, Page, PageRequest, ParticipantId,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::entities::access_log;
use crate::entities::audit_item;
use crate::entities::audit_log::{self, Entity};
use crate::error::corrupt;
use crate::paging::{Keyset, read_page};
use crate::{Database, StoreError, Tx};

impl Keyset for access_log::Entity {
    const UPDATED_AT: Self::Column = access_log::Column::At;
    const ID: Self::Column = access_log::Column::Id;
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

/// The records as one array per column, spread by `unnest` (PostgreSQL).
macro_rules! records_sql {
    () => {
        "INSERT INTO audit_log (id, at, client, organisation_id, acting_for, action, resource, \
           resource_id, participant_id, outcome) \
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], \
           $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[], $10::text[])"
    };
}

/// The items as one array per column, spread by `unnest` (PostgreSQL).
macro_rules! items_sql {
    () => {
        "INSERT INTO audit_items (participant_id, id, audit_id, resource_id) \
         SELECT * FROM unnest($11::uuid[], $12::uuid[], $13::uuid[], $14::uuid[]) \
           AS i (participant_id, id, audit_id, resource_id)"
    };
}

/// Records appended, with their items.
const APPEND: &str = concat!("WITH audit AS (", records_sql!(), ") ", items_sql!());

/// Records appended again after a commit that may have landed: those stored are left, and
/// the items written only of the records this statement stores (a record and its items
/// landed together or not at all).
const APPEND_AGAIN: &str = concat!(
    "WITH audit AS (",
    records_sql!(),
    " ON CONFLICT DO NOTHING RETURNING id) ",
    items_sql!(),
    " WHERE i.audit_id IN (SELECT id FROM audit)"
);

/// Items a SQLite insert takes (four parameters each, well below SQLite's 32 766).
pub(crate) const SQLITE_ITEMS_PER_INSERT: usize = 2_000;

/// The items of `entries`, as rows of `audit_items`.
pub(crate) fn item_rows(entries: &[AuditEntry]) -> Vec<audit_item::ActiveModel> {
    entries
        .iter()
        .flat_map(|e| {
            e.items.iter().map(|i| audit_item::ActiveModel {
                participant_id: Set(i.participant_id.as_uuid()),
                id: Set(i.id.as_uuid()),
                audit_id: Set(e.id.as_uuid()),
                resource_id: Set(i.resource_id),
            })
        })
        .collect()
}

/// Those of `entries` not stored yet (SQLite; the items of a stored record are stored with it).
async fn unstored_records(
    tx: &DatabaseTransaction,
    entries: &[AuditEntry],
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut stored = HashSet::new();
    for chunk in entries.chunks(SQLITE_ITEMS_PER_INSERT) {
        let ids = chunk.iter().map(|e| e.id.as_uuid());
        stored.extend(
            Entity::find()
                .select_only()
                .column(audit_log::Column::Id)
                .filter(audit_log::Column::Id.is_in(ids))
                .into_tuple::<uuid::Uuid>()
                .all(tx)
                .await?,
        );
    }
    Ok(entries
        .iter()
        .filter(|e| !stored.contains(&e.id.as_uuid()))
        .cloned()
        .collect())
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
    /// Appends audit records on their own, with their items: one statement on PostgreSQL,
    /// committed by itself (a statement is atomic), so a group of records costs one round trip
    /// to the database; on SQLite one statement, or one transaction when there are items.
    pub async fn append_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.append(entries, false).await
    }

    /// [`Self::append_audit`] for records whose earlier commit may or may not have landed (it
    /// was cut off): those already stored, and their items, are left as they are.
    pub async fn append_audit_again(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.append(entries, true).await
    }

    async fn append(&self, entries: &[AuditEntry], again: bool) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        if self.backend() == crate::Backend::Postgres {
            return self.append_audit_columns(entries, again).await;
        }
        if !again && entries.iter().all(|e| e.items.is_empty()) {
            Entity::insert_many(entries.iter().map(row))
                .exec_without_returning(&self.conn)
                .await?;
            return Ok(());
        }
        // Written again, the records stored are found first, under the write lock.
        let tx = self
            .conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: again.then_some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        let unstored;
        let entries = if again {
            unstored = unstored_records(&tx, entries).await?;
            &unstored[..]
        } else {
            entries
        };
        if !entries.is_empty() {
            Entity::insert_many(entries.iter().map(row))
                .exec_without_returning(&tx)
                .await?;
            for chunk in item_rows(entries).chunks(SQLITE_ITEMS_PER_INSERT) {
                audit_item::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// PostgreSQL: the records and their items as one array per column, spread by `unnest`.
    /// The statement's text is the same for any number of records, so it is prepared once per
    /// connection; a multi-row `VALUES` of ten parameters a record was a new statement for
    /// every group size, parsed and planned again each time (a group of 1 000 records was
    /// 10 000 parameters).
    async fn append_audit_columns(
        &self,
        entries: &[AuditEntry],
        again: bool,
    ) -> Result<(), StoreError> {
        use sea_orm::sqlx;
        let column = |f: fn(&AuditEntry) -> String| entries.iter().map(f).collect::<Vec<_>>();
        let items: Vec<(&AuditEntry, &AuditItem)> = entries
            .iter()
            .flat_map(|e| e.items.iter().map(move |i| (e, i)))
            .collect();
        let insert = sqlx::query(if again { APPEND_AGAIN } else { APPEND })
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
            .bind(
                items
                    .iter()
                    .map(|(_, i)| i.participant_id.as_uuid())
                    .collect::<Vec<_>>(),
            )
            .bind(
                items
                    .iter()
                    .map(|(_, i)| i.id.as_uuid())
                    .collect::<Vec<_>>(),
            )
            .bind(
                items
                    .iter()
                    .map(|(e, _)| e.id.as_uuid())
                    .collect::<Vec<_>>(),
            )
            .bind(items.iter().map(|(_, i)| i.resource_id).collect::<Vec<_>>());
        self.kept_execute(insert).await
    }
}

impl Tx {
    /// Appends audit records, written when the transaction commits (or not at all). In the API
    /// only its unit of work calls this, by the audit mode its runner chose.
    pub async fn insert_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        self.append_pending(entries);
        Ok(())
    }

    /// A page of the audit records about a participant, oldest first: the records about it
    /// alone and its items of records that cover many (the view `access_log`).
    pub async fn audit_log(
        &self,
        participant: ParticipantId,
        req: &PageRequest,
    ) -> Result<Page<StoredAudit>, StoreError> {
        // This transaction's own records too.
        self.write_pending(&[]).await?;
        let select = access_log::Entity::find()
            .filter(access_log::Column::ParticipantId.eq(participant.as_uuid()));
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
                    participant_id: Some(ParticipantId::from_uuid(m.participant_id)),
                    outcome: m.outcome.parse().map_err(|e| corrupt("audit outcome", e))?,
                    items: Vec::new(),
                },
                resource: m.resource,
            })
        })
        .await
    }
}
