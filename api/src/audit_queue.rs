//! Group commit of the audit records of reads. A read of personal data keeps its audit records
//! (see `Database::read_deferring_audit`) and hands them here; one writer task commits every
//! record waiting at that moment in one transaction, then tells each request its records are
//! durable. Only then does the request answer: no acknowledged read is ever unaudited, and the
//! database sees one commit (one fsync) for many reads instead of one each.

use askel_domain::AuditEntry;
use askel_persistence::Database;
use tokio::sync::{mpsc, oneshot};

use crate::error::ApiError;

/// How much of a commit `records` take: a record, and each item of one that covers many.
fn weight(records: &[AuditEntry]) -> usize {
    records.iter().map(|r| 1 + r.items.len()).sum()
}

/// The most records (and items) one commit takes.
const MAX_BATCH: usize = 1_000;

/// Requests waiting to be committed, at most; a sender beyond it waits for room.
const QUEUE: usize = 4_096;

type Done = oneshot::Sender<Result<(), ()>>;

/// The handle requests use; cloning it is cheap.
#[derive(Debug, Clone)]
pub struct AuditQueue {
    sender: mpsc::Sender<(Vec<AuditEntry>, Done)>,
}

impl AuditQueue {
    /// Reads waiting for their records to be committed.
    pub fn depth(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }

    /// Starts the writer task on the current runtime.
    pub fn start(db: Database) -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(write_groups(db, receiver));
        Self { sender }
    }

    /// Commits `records` (with whatever else is waiting) and returns once they are durable.
    /// Fails with 503 when they could not be written: the read must not be answered.
    pub async fn record(&self, records: Vec<AuditEntry>) -> Result<(), ApiError> {
        if records.is_empty() {
            return Ok(());
        }
        let (done, committed) = oneshot::channel();
        self.sender
            .send((records, done))
            .await
            .map_err(|_| ApiError::internal("the audit writer has stopped"))?;
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(ApiError::AuditNotRecorded),
            Err(_) => Err(ApiError::internal("the audit writer has stopped")),
        }
    }
}

impl AuditQueue {
    /// Hands `records` to the writer without waiting for them: for records that must be kept
    /// whatever becomes of the transaction the caller is in (which may hold SQLite's write lock
    /// until it ends, so waiting here would wait on itself). They commit once it has ended.
    pub fn record_soon(&self, records: Vec<AuditEntry>) {
        if records.is_empty() {
            return;
        }
        let sender = self.sender.clone();
        tokio::spawn(async move {
            let (done, committed) = oneshot::channel();
            if sender.send((records, done)).await.is_err() || committed.await.is_err() {
                tracing::error!("the audit writer has stopped; look-up records were not kept");
            }
        });
    }
}

async fn write_groups(db: Database, mut receiver: mpsc::Receiver<(Vec<AuditEntry>, Done)>) {
    while let Some(first) = receiver.recv().await {
        let mut count = weight(&first.0);
        let mut group = vec![first];
        while count < MAX_BATCH {
            match receiver.try_recv() {
                Ok(next) => {
                    count += weight(&next.0);
                    group.push(next);
                }
                Err(_) => break,
            }
        }
        let (records, waiting): (Vec<Vec<AuditEntry>>, Vec<Done>) = group.into_iter().unzip();
        let records: Vec<AuditEntry> = records.into_iter().flatten().collect();
        let started = std::time::Instant::now();
        let result = db
            .append_audit(&records)
            .await
            .map_err(|e| {
            tracing::error!(error = ?e, records = records.len(), "could not commit audit records; their reads are refused");
        });
        crate::metrics::audit_group(records.len(), started.elapsed().as_secs_f64());
        tracing::debug!(
            records = records.len(),
            reads = waiting.len(),
            micros = started.elapsed().as_micros(),
            "audit group committed"
        );
        for done in waiting {
            // A request that gave up waiting has nothing to be told.
            let _ = done.send(result);
        }
    }
}
