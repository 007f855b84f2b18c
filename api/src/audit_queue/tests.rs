//! The group commit against a real (SQLite) database: every waiting read is answered once its
//! records are stored, and a failed commit refuses its reads without stopping later commits.

use std::time::Duration;

use askel_domain::{
    AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, OrganisationId, ParticipantId,
};
use askel_persistence::{Database, testing};
use uuid::Uuid;

use super::AuditQueue;
use crate::error::ApiError;

async fn database(dir: &tempfile::TempDir) -> Database {
    let url = format!("sqlite://{}/audit.db?mode=rwc", dir.path().display());
    let db = Database::connect(&url, 2).await.expect("connects");
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
