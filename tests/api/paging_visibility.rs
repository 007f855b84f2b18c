//! Keyset pages on PostgreSQL never show a row stamped after one that is still being committed:
//! on every page (with or without a cursor or `updated_since`), in a second list of the same
//! transaction, while a transaction's own rows stay visible to it.

use askel_domain::{
    Name, NewOrganisation, Organisation, OrganisationId, OrganisationKind, PageRequest,
};
use askel_persistence::{Database, Tx};
use askel_tests::TestApp;

fn organisation(name: &str) -> Organisation {
    let now = chrono::Utc::now();
    Organisation {
        id: OrganisationId::new(),
        fields: NewOrganisation {
            name: Name::parse(name).unwrap(),
            kind: OrganisationKind::Association,
            business_id: None,
            home_municipality: None,
        },
        created_at: now,
        updated_at: now,
    }
}

async fn committed(db: &Database, name: &str) -> OrganisationId {
    let tx = db.write().await.unwrap();
    let o = organisation(name);
    tx.organisations().insert_organisation(&o).await.unwrap();
    tx.commit().await.unwrap();
    o.id
}

async fn listed(tx: &Tx, req: &PageRequest) -> Vec<OrganisationId> {
    tx.organisations()
        .organisations(req)
        .await
        .unwrap()
        .items
        .iter()
        .map(|o| o.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_hold_back_rows_stamped_after_an_open_transaction() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let db = &app.state.db;
    let first = committed(db, "Ensimmäinen ry").await;
    let open = db.write().await.unwrap();
    let held = organisation("Kesken ry");
    open.organisations()
        .insert_organisation(&held)
        .await
        .unwrap();
    let later = committed(db, "Myöhempi ry").await;

    let reader = db.read().await.unwrap();
    let page = listed(&reader, &PageRequest::default()).await;
    assert!(page.contains(&first), "a row committed before is listed");
    assert!(
        !page.contains(&later),
        "the first page holds back a row stamped after the open transaction began"
    );
    let cursor = reader
        .organisations()
        .organisations(&PageRequest::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let after = PageRequest {
        after: Some(askel_domain::Cursor {
            updated_at: cursor.updated_at,
            id: cursor.id.as_uuid(),
        }),
        ..PageRequest::default()
    };
    assert!(
        !listed(&reader, &after).await.contains(&later),
        "so does a cursor page"
    );
    reader.commit().await.unwrap();

    // A second list in one transaction sees a writer that began after the first list.
    let reader = db.read().await.unwrap();
    let _ = listed(&reader, &PageRequest::default()).await;
    open.commit().await.unwrap();
    let second_open = db.write().await.unwrap();
    second_open
        .organisations()
        .insert_organisation(&organisation("Toinen kesken ry"))
        .await
        .unwrap();
    let last = committed(db, "Viimeinen ry").await;
    let again = listed(&reader, &PageRequest::default()).await;
    assert!(
        again.contains(&later) && again.contains(&held.id),
        "finished writers' rows are listed"
    );
    assert!(
        !again.contains(&last),
        "a row stamped after a writer that began since the first list is held back"
    );
    reader.commit().await.unwrap();
    second_open.commit().await.unwrap();

    // A writer lists its own rows.
    let writer = db.write().await.unwrap();
    let own = organisation("Oma ry");
    writer
        .organisations()
        .insert_organisation(&own)
        .await
        .unwrap();
    assert!(
        listed(&writer, &PageRequest::default())
            .await
            .contains(&own.id),
        "a transaction lists its own rows"
    );
    writer.commit().await.unwrap();
}
