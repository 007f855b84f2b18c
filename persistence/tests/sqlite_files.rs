//! What SQLite's own files hold: a backup readable by its owner only, and after an erasure no
//! copy of the erased text in the database file or its write-ahead log (the second penetration
//! test found anonymised notes in free pages and dozens of copies in the WAL).
#![allow(clippy::unwrap_used)]

use askel_persistence::Database;

async fn database(dir: &std::path::Path) -> Database {
    let url = format!("sqlite://{}?mode=rwc", dir.join("askel.db").display());
    Database::connect(&url, 2).await.unwrap()
}

#[cfg(unix)]
#[tokio::test]
async fn a_backup_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let target = dir.path().join("backup.db");
    db.backup_into(&target).await.unwrap();
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(std::fs::metadata(&target).unwrap().len() > 0, "a real copy");
    assert!(db.backup_into(&target).await.is_err(), "never over a file");
}

#[tokio::test]
async fn erased_text_leaves_no_copy_in_the_file_or_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let secret = "SALAINEN-MUISTIINPANO-0606";
    let raw = |sql: String| {
        let db = &db;
        async move { askel_persistence::testing::execute(db, &sql).await.unwrap() }
    };
    raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)".into()).await;
    for i in 0..50 {
        raw(format!(
            "INSERT INTO notes (text) VALUES ('{secret} {i} {}')",
            "x".repeat(200)
        ))
        .await;
        raw(format!(
            "UPDATE notes SET text = text || ' muutettu' WHERE id = {}",
            i + 1
        ))
        .await;
    }
    let files = |name: &str| std::fs::read(dir.path().join(name)).unwrap_or_default();
    let holds = |bytes: &[u8]| bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
    assert!(
        holds(&files("askel.db-wal")) || holds(&files("askel.db")),
        "the text was written"
    );
    raw("UPDATE notes SET text = NULL".into()).await;
    db.scrub_after_erasure().await.unwrap();
    assert!(!holds(&files("askel.db")), "no copy in the database file");
    assert!(
        !holds(&files("askel.db-wal")),
        "no copy in the write-ahead log"
    );
}

#[tokio::test]
async fn a_scrub_that_a_reader_kept_from_emptying_the_log_is_an_error_not_a_scrub() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let secret = "SALAINEN-MUISTIINPANO-0707";
    askel_persistence::testing::execute(&db, "CREATE TABLE notes (text TEXT)")
        .await
        .unwrap();
    askel_persistence::testing::execute(&db, &format!("INSERT INTO notes VALUES ('{secret}')"))
        .await
        .unwrap();
    // Another process's reader, its snapshot in the log.
    let url = format!("sqlite://{}", dir.path().join("askel.db").display());
    let other = sea_orm::Database::connect(&url).await.unwrap();
    let reading = other.begin().await.unwrap();
    reading
        .execute_unprepared("SELECT count(*) FROM notes")
        .await
        .unwrap();
    askel_persistence::testing::execute(&db, "UPDATE notes SET text = NULL")
        .await
        .unwrap();
    let held = db.scrub_after_erasure().await;
    assert!(held.is_err(), "the log could not be emptied: {held:?}");
    let wal = std::fs::read(dir.path().join("askel.db-wal")).unwrap();
    assert!(
        wal.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "and it does hold the erased text still"
    );
    // Once the reader is done, the scrub empties it.
    drop(reading);
    other.close().await.unwrap();
    db.scrub_after_erasure().await.unwrap();
    let wal = std::fs::read(dir.path().join("askel.db-wal")).unwrap_or_default();
    assert!(!wal.windows(secret.len()).any(|w| w == secret.as_bytes()));
}
