//! One unit of work: what a service is handed to do its part of a request — the transaction
//! (with its per-aggregate repositories, `work.participants()`, `work.path()` …), who asks, the
//! data key and how the audit records of the work are kept (a report's runner holds a
//! heavy-work slot around it). Only the runner (`transaction/mod.rs`) makes one, so a service
//! cannot open a transaction, nor choose how its audit records are kept: the runner says so
//! explicitly.

use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};

use askel_domain::AuditEntry;
use askel_persistence::{StoreError, Tx};

use crate::auth::Principal;
use crate::crypto::DataKey;
use crate::error::ApiError;

/// How the audit records of a unit of work are kept — chosen by the runner that made it.
enum AuditMode {
    /// Written in the transaction, so committed with the change they describe (or not at all).
    WithTheChange,
    /// Kept aside, then committed by the audit queue in a group with other reads' records
    /// before the answer leaves (a read of personal data, whose transaction stores nothing).
    GroupCommitted(Mutex<Vec<AuditEntry>>),
}

/// A transaction, who it is for, and how its audit records are kept.
pub struct Work<'p> {
    tx: Tx,
    principal: &'p Principal,
    data_key: Option<Arc<DataKey>>,
    audit: AuditMode,
}

impl std::fmt::Debug for Work<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Work")
            .field("principal", &self.principal.client)
            .finish_non_exhaustive()
    }
}

impl<'p> Work<'p> {
    /// Work whose audit records are written with its change.
    pub(super) fn with_the_change(
        tx: Tx,
        principal: &'p Principal,
        data_key: Option<Arc<DataKey>>,
    ) -> Self {
        Self {
            tx,
            principal,
            data_key,
            audit: AuditMode::WithTheChange,
        }
    }

    /// Work whose audit records are group-committed by the audit queue (see
    /// [`Self::into_audit_records`]).
    pub(super) fn group_committed(
        tx: Tx,
        principal: &'p Principal,
        data_key: Option<Arc<DataKey>>,
    ) -> Self {
        Self {
            audit: AuditMode::GroupCommitted(Mutex::new(Vec::new())),
            ..Self::with_the_change(tx, principal, data_key)
        }
    }

    /// Who asks.
    pub fn principal(&self) -> &'p Principal {
        self.principal
    }

    /// The key identity codes are sealed with, if one is configured.
    pub fn data_key(&self) -> Option<&DataKey> {
        self.data_key.as_deref()
    }

    /// `sealed` opened with the data key; nothing when nothing is sealed or no key is
    /// configured.
    pub fn open(&self, sealed: Option<Vec<u8>>) -> Result<Option<String>, ApiError> {
        match (sealed, self.data_key()) {
            (Some(cipher), Some(key)) => Ok(Some(key.open(&cipher).map_err(ApiError::internal)?)),
            _ => Ok(None),
        }
    }

    /// Records `entries` as the runner chose: in the transaction, or kept for the group commit.
    pub async fn audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        match &self.audit {
            // The one place audit records enter a transaction (clippy refuses it elsewhere).
            AuditMode::WithTheChange => self.tx.insert_audit(entries).await,
            AuditMode::GroupCommitted(kept) => {
                kept.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend_from_slice(entries);
                Ok(())
            }
        }
    }

    /// A part of this work that can fail alone (a savepoint): committing it keeps its changes
    /// in this work; dropping it undoes only its own. Its audit records are written with them.
    pub async fn nested(&self) -> Result<Work<'p>, StoreError> {
        Ok(Work::with_the_change(
            self.tx.nested().await?,
            self.principal,
            self.data_key.clone(),
        ))
    }

    /// Commits the work (its change and the audit records written with it).
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await
    }

    /// Ends the work without committing, handing back the audit records kept for the group
    /// commit (none when they were written with the change, which is then rolled back).
    pub(super) fn into_audit_records(self) -> Vec<AuditEntry> {
        match self.audit {
            AuditMode::WithTheChange => Vec::new(),
            AuditMode::GroupCommitted(kept) => {
                kept.into_inner().unwrap_or_else(PoisonError::into_inner)
            }
        }
    }
}

impl Deref for Work<'_> {
    type Target = Tx;

    fn deref(&self) -> &Tx {
        &self.tx
    }
}
