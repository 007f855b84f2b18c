//! Group commit of the audit records of reads. A read of personal data keeps its audit records
//! (see `transaction::read_audited`) and hands them here; every record waiting when a commit
//! begins goes into that one commit, and each request is told once its records are durable.
//! Only then does the request answer: no acknowledged read is ever unaudited, and the database
//! sees one commit (one WAL flush) for many reads instead of one each.
//!
//! There is no writer of its own. The request that finds no commit under way starts one on its
//! own worker thread and the commits go on there while records keep arriving; the others only
//! wait. A writer task on a thread of its own cost two thread hand-offs a group (the request's
//! worker waking it, it waking the worker back): 10–20 µs of server CPU a read on two cores
//! (docs/BENCHMARKS.md, "Night sitting").

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use askel_domain::AuditEntry;
use askel_persistence::Database;
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::error::ApiError;

/// How much of a commit `records` take: a record, and each item of one that covers many.
fn weight(records: &[AuditEntry]) -> usize {
    records.iter().map(|r| 1 + r.items.len()).sum()
}

/// The most records (and items) one commit takes; a request's own records are never split.
const MAX_BATCH: usize = 1_000;

type Done = oneshot::Sender<Result<(), ()>>;

/// The handle requests use; cloning it is cheap.
#[derive(Debug, Clone)]
pub struct AuditQueue {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    db: Database,
    queue: Mutex<Queue>,
    /// The runtime the queue was started on (the server's own, which outlives its workers):
    /// it takes over the commits of a worker that stops while others still wait.
    last_resort: Handle,
}

/// Records waiting for a commit, with whom to tell, and whether a commit is under way.
#[derive(Debug, Default)]
struct Queue {
    waiting: Vec<(Vec<AuditEntry>, Done)>,
    /// Groups whose commit was cut off (its worker stopping), committed again first: their
    /// records may already be stored.
    cut_off: Vec<Group>,
    writing: bool,
}

/// A group's records, and the reads to tell once they are durable.
type Group = (Vec<AuditEntry>, Vec<Done>);

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl AuditQueue {
    /// Reads waiting for their records to be committed.
    pub fn depth(&self) -> usize {
        self.shared.queue().waiting.len()
    }

    /// A queue committing on `db` (a connection of its own: a commit never waits for a
    /// connection behind the reads that wait for it); called on the server's own runtime.
    pub fn start(db: Database) -> Self {
        Self {
            shared: Arc::new(Shared {
                db,
                queue: Mutex::default(),
                last_resort: Handle::current(),
            }),
        }
    }

    /// Commits `records` (with whatever else is waiting) and returns once they are durable.
    /// Fails with 503 when they could not be written: the read must not be answered.
    pub async fn record(&self, records: Vec<AuditEntry>) -> Result<(), ApiError> {
        if records.is_empty() {
            return Ok(());
        }
        let (done, committed) = oneshot::channel();
        let lead = {
            let mut queue = self.shared.queue();
            queue.waiting.push((records, done));
            !std::mem::replace(&mut queue.writing, true)
        };
        if lead {
            // A task of its own, not this request's future: a client that hangs up must not
            // stop a commit that others wait for.
            tokio::spawn(write_groups(Writing {
                shared: self.shared.clone(),
                in_hand: None,
                finished: false,
                last_resort: false,
            }));
        }
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(())) => Err(ApiError::AuditNotRecorded),
            Err(_) => Err(ApiError::internal("the audit writer has stopped")),
        }
    }

    /// Hands `records` to the writer without waiting for them: for records that must be kept
    /// whatever becomes of the transaction the caller is in (which may hold SQLite's write lock
    /// until it ends, so waiting here would wait on itself). They commit once it has ended.
    pub fn record_soon(&self, records: Vec<AuditEntry>) {
        if records.is_empty() {
            return;
        }
        let queue = self.clone();
        tokio::spawn(async move {
            if queue.record(records).await.is_err() {
                tracing::error!("the audit writer has stopped; look-up records were not kept");
            }
        });
    }
}

/// The commits under way. Dropped before they finished — the worker they ran on stopping (the
/// server shutting down) while other workers' reads still wait — they go on on the server's own
/// runtime, the group in hand first, committed again (its records may or may not be stored
/// already; those that are stay as they are). Should that runtime be stopping too, everyone
/// waiting is told the writer stopped.
struct Writing {
    shared: Arc<Shared>,
    /// The group being committed.
    in_hand: Option<Group>,
    /// Set when the commits ended because nothing waited (the queue says so already).
    finished: bool,
    /// Whether these commits already run on the server's own runtime.
    last_resort: bool,
}

impl Drop for Writing {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let mut queue = self.shared.queue();
        if let Some(group) = self.in_hand.take() {
            queue.cut_off.push(group);
        }
        if (queue.waiting.is_empty() && queue.cut_off.is_empty()) || self.last_resort {
            queue.writing = false;
            queue.waiting.clear();
            queue.cut_off.clear();
            return;
        }
        drop(queue);
        let shared = self.shared.clone();
        self.shared.last_resort.spawn(write_groups(Writing {
            shared,
            in_hand: None,
            finished: false,
            last_resort: true,
        }));
    }
}

/// Commits what waits, group after group, until nothing does (a group cut off first).
async fn write_groups(mut writing: Writing) {
    let shared = writing.shared.clone();
    loop {
        let (group, again) = {
            let mut queue = shared.queue();
            if let Some(group) = queue.cut_off.pop() {
                (group, true)
            } else if queue.waiting.is_empty() {
                queue.writing = false;
                writing.finished = true;
                return;
            } else {
                let mut count = 0;
                let take = queue
                    .waiting
                    .iter()
                    .take_while(|(records, _)| {
                        let first = count == 0;
                        count += weight(records);
                        first || count <= MAX_BATCH
                    })
                    .count();
                let (records, waiting): (Vec<Vec<AuditEntry>>, Vec<Done>) =
                    queue.waiting.drain(..take).unzip();
                ((records.into_iter().flatten().collect(), waiting), false)
            }
        };
        // Held by the guard while it commits: cut off, it is handed on, not lost.
        let (records, _) = writing.in_hand.insert(group);
        let started = std::time::Instant::now();
        let appended = if again {
            shared.db.append_audit_again(records).await
        } else {
            shared.db.append_audit(records).await
        };
        let result = appended.map_err(|e| {
            tracing::error!(error = ?e, records = records.len(), "could not commit audit records; their reads are refused");
        });
        crate::metrics::audit_group(records.len(), started.elapsed().as_secs_f64());
        let Some((_, waiting)) = writing.in_hand.take() else {
            continue;
        };
        for done in waiting {
            // A request that gave up waiting has nothing to be told.
            let _ = done.send(result);
        }
    }
}

#[cfg(test)]
mod tests;
