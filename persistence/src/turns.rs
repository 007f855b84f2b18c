//! Transactions waiting for their turn: SQLite's writers queue in the process, and every wait
//! to begin (for a connection, or a writer's turn) is counted for the metrics.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

/// SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps in
/// SQLite's busy handler, in growing naps, and tries again: under fifty concurrent writers some
/// wait more than a second while others slip in (the step write's p99 was 1.4 s). Writers of a
/// database file queue here instead, first come first served, and each begins as the one before
/// it ends. Every pool of the process opened on the same file shares its queue.
static SQLITE_WRITERS: LazyLock<Mutex<HashMap<String, Arc<tokio::sync::Semaphore>>>> =
    LazyLock::new(Mutex::default);

/// The queue of writers of the SQLite database at `url`.
pub(crate) fn sqlite_write_gate(url: &str) -> Arc<tokio::sync::Semaphore> {
    let file = url.split('?').next().unwrap_or(url).to_owned();
    SQLITE_WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(file)
        .or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(1)))
        .clone()
}

/// Counts one transaction waiting to begin for as long as it lives (a cancelled request's
/// wait ends with it).
pub(crate) struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    /// Counts one more until dropped.
    pub(crate) fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
