//! Migration 22 on a database that holds audit records and items: the rows and the access log
//! survive it, and its way back, on SQLite and on PostgreSQL (when `ASKEL_TEST_POSTGRES_URL`
//! names one).

use askel_domain::{
    AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, Limit, OrganisationId, PageRequest,
    ParticipantId,
};
use sea_orm::EntityTrait;
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

use super::Migrator;
use crate::Database;
use crate::testing::{create_postgres_database, drop_postgres_database};

/// Migrations before the index of items by participant.
const BEFORE: u32 = 21;

/// A page's record that listed `participant` twice (two of its referrals).
fn listed_twice(participant: ParticipantId) -> AuditEntry {
    let id = AuditId::new();
    let item = || AuditItem {
        id: AuditId::new(),
        participant_id: participant,
        resource_id: Uuid::now_v7(),
    };
    AuditEntry {
        id,
        at: chrono::Utc::now(),
        client: "test".into(),
        organisation_id: Some(OrganisationId::from_uuid(Uuid::now_v7())),
        acting_for: None,
        action: AuditAction::List,
        resource: "referral",
        resource_id: id.as_uuid(),
        participant_id: None,
        outcome: AuditOutcome::Allowed,
        items: vec![item(), item()],
    }
}

/// A read of `participant` itself.
fn read_of(participant: ParticipantId) -> AuditEntry {
    AuditEntry {
        action: AuditAction::Read,
        resource: "participant",
        resource_id: participant.as_uuid(),
        participant_id: Some(participant),
        items: Vec::new(),
        ..listed_twice(participant)
    }
}

/// The ids in `participant`'s access log.
async fn logged(db: &Database, participant: ParticipantId) -> Vec<Uuid> {
    let page = PageRequest {
        limit: Limit::new(50).expect("a limit"),
        after: None,
        updated_since: None,
    };
    let tx = db.read().await.expect("reads");
    let found = tx.audit_log(participant, &page).await.expect("the log");
    found.items.iter().map(|s| s.entry.id.as_uuid()).collect()
}

async fn items_survive_the_migration_and_its_way_back(db: &Database) {
    Migrator::up(&db.conn, Some(BEFORE))
        .await
        .expect("migrates to 21");
    let participant = ParticipantId::from_uuid(Uuid::now_v7());
    let record = listed_twice(participant);
    let read = read_of(participant);
    db.append_audit(&[record.clone(), read.clone()])
        .await
        .expect("stored");
    let mut expected: Vec<Uuid> = record.items.iter().map(|i| i.id.as_uuid()).collect();
    expected.push(read.id.as_uuid());
    expected.sort();
    let sorted = |mut ids: Vec<Uuid>| {
        ids.sort();
        ids
    };
    assert_eq!(sorted(logged(db, participant).await), expected);

    Migrator::up(&db.conn, None).await.expect("migrates");
    assert_eq!(sorted(logged(db, participant).await), expected, "kept");
    // Records still go in with their items, and reads of one participant.
    let later = listed_twice(participant);
    db.append_audit(&[later.clone(), read_of(participant)])
        .await
        .expect("stored");
    assert_eq!(logged(db, participant).await.len(), 6);

    Migrator::down(&db.conn, Some(1)).await.expect("goes back");
    assert_eq!(
        logged(db, participant).await.len(),
        6,
        "kept on the way back"
    );
    // Keyed again by (participant, id): an item stored twice is refused.
    let again = crate::audit::item_rows(std::slice::from_ref(&later));
    let twice = crate::entities::audit_item::Entity::insert_many(again)
        .exec_without_returning(&db.conn)
        .await;
    assert!(twice.is_err(), "the key is back");
}

#[tokio::test]
async fn on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    let url = format!("sqlite://{}/m22.db?mode=rwc", dir.path().display());
    let db = Database::connect(&url, 2).await.expect("connects");
    items_survive_the_migration_and_its_way_back(&db).await;
}

#[tokio::test]
async fn on_postgres() {
    let Ok(server) = std::env::var("ASKEL_TEST_POSTGRES_URL") else {
        return;
    };
    let name = format!("askel_m22_{}", Uuid::now_v7().simple());
    let url = create_postgres_database(&server, &name)
        .await
        .expect("the test server, asked for, answers");
    let db = Database::connect(&url, 2).await.expect("connects");
    items_survive_the_migration_and_its_way_back(&db).await;
    db.close().await.expect("closes");
    drop_postgres_database(&server, &name)
        .await
        .expect("dropped");
}
