//! The step write without a lock (`Database::enter_step_if_unchanged`): stored whole when the
//! participant is still at the version read, and nothing at all — no entry, no move, no audit
//! record or item, no event — when it has changed since.

use askel_domain::{
    AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, EventType, NewEvent, OrganisationId,
    ParticipantId, Step, StepEntry,
};
use askel_persistence::IfUnchanged;
use askel_tests::{TestApp, body, on_both_databases};
use serde_json::json;
use uuid::Uuid;

use crate::participants::{esko, person, register};

on_both_databases!(a_step_write_whose_participant_changed_since_its_read_stores_nothing);

async fn a_step_write_whose_participant_changed_since_its_read_stores_nothing(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-unchanged")).await;
    let id = Uuid::parse_str(p["id"].as_str().unwrap()).unwrap();
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let steps = format!("/v1/participants/{id}/steps");
    let entered = worker
        .post(&steps, &json!({"step": 1, "entered_on": "2018-03-05"}))
        .await;
    assert_eq!(entered.status(), 201);
    let read = worker.get(&format!("/v1/participants/{id}")).await;
    let version: i32 = read.headers()["etag"]
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap();

    let now = chrono::Utc::now();
    let participant = ParticipantId::from_uuid(id);
    let entry = StepEntry {
        id: Uuid::now_v7(),
        participant_id: participant,
        episode: 1,
        step: Step::LifeManagement,
        entered_on: chrono::NaiveDate::from_ymd_opt(2018, 4, 2).unwrap(),
        reason: None,
        note: None,
        recorded_by: "test-worker".into(),
        recorded_at: now,
    };
    let item = AuditItem {
        id: AuditId::new(),
        participant_id: participant,
        resource_id: entry.id,
    };
    let audit = AuditEntry {
        id: AuditId::new(),
        at: now,
        client: "test-worker".into(),
        organisation_id: Some(OrganisationId::from_uuid(e.laptuote)),
        acting_for: None,
        action: AuditAction::Update,
        resource: "step",
        resource_id: entry.id,
        participant_id: Some(participant),
        outcome: AuditOutcome::Allowed,
        items: vec![item],
    };
    let event = NewEvent::new(
        EventType::StepEntered,
        id,
        now,
        [OrganisationId::from_uuid(e.laptuote)],
    );
    let written = [
        entry.id.to_string(),
        audit.id.as_uuid().to_string(),
        item.id.as_uuid().to_string(),
        event.id.to_string(),
    ];
    let stored = async || {
        let rows = askel_persistence::testing::every_row_as_text(&app.state.db)
            .await
            .unwrap();
        // A uuid as text, or (SQLite blobs) as hex.
        written
            .iter()
            .map(|w| {
                let hex = w.replace('-', "");
                rows.iter().any(|r| {
                    r.contains(w.as_str()) || r.contains(&hex) || r.contains(&hex.to_uppercase())
                })
            })
            .collect::<Vec<_>>()
    };
    let db = &app.state.db;
    let write = async |at: i32| {
        db.enter_step_if_unchanged(
            at,
            &entry,
            std::slice::from_ref(&audit),
            std::slice::from_ref(&event),
        )
        .await
        .unwrap()
    };

    assert_eq!(write(version - 1).await, IfUnchanged::Changed);
    assert_eq!(
        stored().await,
        [false; 4],
        "nothing of a stale write is kept"
    );
    let history = body(worker.get(&steps).await).await;
    assert_eq!(history["items"].as_array().map(Vec::len), Some(1));
    let unchanged = worker.get(&format!("/v1/participants/{id}")).await;
    assert_eq!(
        unchanged.headers()["etag"],
        format!("\"{version}\"").as_str()
    );

    assert_eq!(write(version).await, IfUnchanged::Stored);
    assert_eq!(
        stored().await,
        [true; 4],
        "the entry, audit, item and event"
    );
    let history = body(worker.get(&steps).await).await;
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    assert_eq!(items[0]["step"], 1);
    assert_eq!(items[1]["step"], 2);
    let moved = worker.get(&format!("/v1/participants/{id}")).await;
    assert_eq!(
        moved.headers()["etag"],
        format!("\"{}\"", version + 1).as_str()
    );
    let moved = body(moved).await;
    assert_eq!(moved["current_step"], 2, "{moved}");

    assert_eq!(
        write(version).await,
        IfUnchanged::Changed,
        "the version it was checked against has moved on"
    );
}
