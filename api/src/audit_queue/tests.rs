//! The group commit against a real database (SQLite; a commit cut off on PostgreSQL too): every
//! waiting read is answered once its records are stored, a failed commit refuses its reads
//! without stopping later commits, and a commit cut off is committed again, once.

use std::time::Duration;

use askel_domain::{
    AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, OrganisationId, ParticipantId,
};
use askel_persistence::{Database, testing};
use uuid::Uuid;

use super::AuditQueue;
use crate::error::ApiError;

fn url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/audit.db?mode=rwc", dir.path().display())
}

async fn database(dir: &tempfile::TempDir) -> Database {
    let db = Database::connect(&url(dir), 2).await.expect("connects");
    db.migrate().await.expect("migrates");
    db
}

/// A read's record; with `items`, a page's record covering that many participants.
fn record(items: usize) -> AuditEntry {
    AuditEntry {
        id: AuditId::new(),
        at: chrono::Utc::now(),
        client: "test".into(),
        organisation_id: Some(OrganisationId::from_uuid(Uuid::now_v7())),
        acting_for: None,
        action: AuditAction::Read,
        resource: "participant",
        resource_id: Uuid::now_v7(),
        participant_id: (items == 0).then(|| ParticipantId::from_uuid(Uuid::now_v7())),
        outcome: AuditOutcome::Allowed,
        items: (0..items)
            .map(|_| AuditItem {
                id: AuditId::new(),
                participant_id: ParticipantId::from_uuid(Uuid::now_v7()),
                resource_id: Uuid::now_v7(),
            })
            .collect(),
    }
}

async fn rows(db: &Database, table: &str) -> usize {
    let prefix = format!("{table}:");
    testing::every_row_as_text(db)
        .await
        .expect("reads")
        .iter()
        .filter(|row| row.starts_with(&prefix))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_waiting_read_is_answered_once_its_records_are_stored() {
    let dir = tempfile::tempdir().expect("a directory");
    let db = database(&dir).await;
    let queue = AuditQueue::start(db.clone());
    let mut reads = tokio::task::JoinSet::new();
    for i in 0..300 {
        let queue = queue.clone();
        // Every tenth a page of 40 items, so some groups pass the batch limit.
        let items = if i % 10 == 0 { 40 } else { 0 };
        reads.spawn(async move { queue.record(vec![record(items)]).await });
    }
    while let Some(done) = reads.join_next().await {
        done.expect("the read ran")
            .expect("its records were committed");
    }
    assert_eq!(rows(&db, "audit_log").await, 300);
    assert_eq!(rows(&db, "audit_items").await, 30 * 40);
    assert_eq!(queue.depth(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_commit_refuses_its_reads_and_the_next_commit_is_tried_again() {
    let dir = tempfile::tempdir().expect("a directory");
    let db = database(&dir).await;
    let queue = AuditQueue::start(db.clone());
    queue.record(vec![record(0)]).await.expect("stored");
    testing::execute(&db, "ALTER TABLE audit_log RENAME TO audit_log_away")
        .await
        .expect("renamed");
    for _ in 0..2 {
        let refused = tokio::time::timeout(Duration::from_secs(30), queue.record(vec![record(0)]))
            .await
            .expect("answered, not left waiting");
        assert!(
            matches!(refused, Err(ApiError::AuditNotRecorded)),
            "{refused:?}"
        );
    }
    testing::execute(&db, "ALTER TABLE audit_log_away RENAME TO audit_log")
        .await
        .expect("renamed back");
    queue.record(vec![record(0)]).await.expect("stored again");
    assert_eq!(rows(&db, "audit_log").await, 2);
}

/// A worker that stops (the server shutting down) while its read leads a commit: the reads
/// other workers queued meanwhile are committed on the server's own runtime, not left waiting.
#[test]
fn a_worker_stopping_mid_commit_leaves_the_rest_to_the_servers_runtime() {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    server.block_on(async {
        let dir = tempfile::tempdir().expect("a directory");
        let db = database(&dir).await;
        let queue = AuditQueue::start(db.clone());
        // Another connection holds SQLite's write lock, so the worker's commit waits for it.
        let locker = Database::connect(&url(&dir), 1).await.expect("connects");
        testing::execute(&locker, "BEGIN IMMEDIATE")
            .await
            .expect("locked");

        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker_queue = queue.clone();
        let worker = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a worker's runtime");
            runtime.block_on(async {
                tokio::spawn(async move { worker_queue.record(vec![record(0)]).await });
                let _ = stopped.await;
            });
            drop(runtime);
        });
        // The worker's read leads; its commit waits for the lock (up to SQLite's busy timeout,
        // ten seconds) while another read queues behind it.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let waiting = queue.clone();
        let other = tokio::spawn(async move { waiting.record(vec![record(0)]).await });
        while queue.depth() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stop.send(()).expect("the worker listens");
        worker.join().expect("the worker stopped");
        testing::execute(&locker, "COMMIT").await.expect("unlocked");

        let answered = tokio::time::timeout(Duration::from_secs(30), other)
            .await
            .expect("answered, not left waiting")
            .expect("the read ran");
        answered.expect("its record was committed on the server's runtime");
        assert!(rows(&db, "audit_log").await >= 1);
        assert_eq!(queue.depth(), 0);
    });
}

/// The databases to test on: SQLite, and PostgreSQL when `ASKEL_TEST_POSTGRES_URL` names one
/// (a fresh database on it, with its server and name to drop it by).
async fn databases(dir: &tempfile::TempDir) -> Vec<(Database, Option<(String, String)>)> {
    let mut all = vec![(database(dir).await, None)];
    if let Ok(server) = std::env::var("ASKEL_TEST_POSTGRES_URL") {
        let name = format!("askel_cut_{}", Uuid::now_v7().simple());
        let url = testing::create_postgres_database(&server, &name)
            .await
            .expect("the test server, asked for, answers");
        let db = Database::connect(&url, 2).await.expect("connects");
        db.migrate().await.expect("migrates");
        all.push((db, Some((server, name))));
    }
    all
}

/// A commit cut off (its worker stopping mid-commit) is not lost: the group in hand is
/// committed again on the server's runtime and its reads answered — its records stored once,
/// whether the cut-off commit had landed or not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_cut_off_mid_commit_is_committed_once_on_the_servers_runtime() {
    let dir = tempfile::tempdir().expect("a directory");
    for (db, postgres) in databases(&dir).await {
        let queue = AuditQueue::start(db.clone());
        // Of the group in hand, one record's commit had landed before it was cut off.
        let landed = record(2);
        db.append_audit(std::slice::from_ref(&landed))
            .await
            .expect("stored");
        let (told_landed, landed_answer) = tokio::sync::oneshot::channel();
        let (told_other, other_answer) = tokio::sync::oneshot::channel();
        queue.shared.queue().writing = true;
        drop(super::Writing {
            shared: queue.shared.clone(),
            in_hand: Some((vec![landed, record(0)], vec![told_landed, told_other])),
            finished: false,
            last_resort: false,
        });
        let answered = async |answer: tokio::sync::oneshot::Receiver<Result<(), ()>>| {
            tokio::time::timeout(Duration::from_secs(10), answer)
                .await
                .expect("answered")
        };
        assert_eq!(answered(landed_answer).await, Ok(Ok(())));
        assert_eq!(answered(other_answer).await, Ok(Ok(())));
        assert_eq!(rows(&db, "audit_log").await, 2, "each record once");
        assert_eq!(rows(&db, "audit_items").await, 2);
        assert!(!queue.shared.queue().writing);
        drop(queue);
        db.close().await.expect("closes");
        if let Some((server, name)) = postgres {
            testing::drop_postgres_database(&server, &name)
                .await
                .expect("dropped");
        }
    }
}
