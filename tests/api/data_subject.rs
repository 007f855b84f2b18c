//! A person's rights and a partner leaving: export, anonymisation, transfer.

use askel_tests::{TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    an_export_holds_everything_and_anonymisation_keeps_the_facts,
    a_transferred_participant_leaves_the_old_owner_at_once,
);

/// A project administered by Socom with two co-implementers; returns (project, socom, a, b).
async fn project(app: &TestApp) -> (Uuid, Uuid, Uuid, Uuid) {
    let socom = app.organisation("Socom Oy", "company").await;
    let a = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let b = app.organisation("Saimaan Virta ry", "association").await;
    let p = app.project("ESKO", socom).await;
    let project = id_of(&p);
    for org in [a, b] {
        app.caller(&["manager"], Some(socom))
            .post(
                &format!("/v1/projects/{project}/actors"),
                &json!({"organisation_id": org, "role": "co_implementer"}),
            )
            .await;
    }
    (project, socom, a, b)
}

async fn participant(app: &TestApp, project: Uuid, owner: Uuid) -> Value {
    let r = app
        .caller(&["worker"], Some(owner))
        .post(
            &format!("/v1/projects/{project}/participants"),
            &json!({"external_ref": "lap-77", "entry_date": "2025-01-07", "gender": "female", "birth_date": "1997-04-02",
                    "labour_market_status": "inactive", "education": "isced_3_4", "identity_code": "020497-123H",
                    "notes": "Asuu Lappeenrannassa äitinsä luona.", "disability": "prefers_not_to_say"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    body(r).await
}

async fn an_export_holds_everything_and_anonymisation_keeps_the_facts(app: TestApp) {
    let (project, socom, a, _) = project(&app).await;
    let p = participant(&app, project, a).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let owner = app.caller(&["manager"], Some(a));
    owner
        .post(
            &format!("{path}/steps"),
            &json!({"step": 1, "entered_on": "2025-01-07", "note": "Tavattiin kirjastossa."}),
        )
        .await;

    owner
        .post(
            &format!("{path}/goals"),
            &json!({"text": "Oma asunto.", "step": 3}),
        )
        .await;
    let export = owner.get(&format!("{path}/export")).await;
    assert_eq!(export.status(), StatusCode::OK);
    assert_eq!(export.headers()["cache-control"], "no-store");
    let export = body(export).await;
    assert_eq!(export["participant"]["identity_code"], "020497-123H");
    assert_eq!(export["steps"][0]["note"], "Tavattiin kirjastossa.");
    assert_eq!(export["episodes"][0]["number"], 1);
    assert_eq!(export["goals"][0]["text"], "Oma asunto.");
    assert_eq!(export["assessments"], json!([]));
    assert!(
        export["access_log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "export"),
        "the export itself is recorded"
    );
    problem(
        app.caller(&["worker"], Some(a))
            .get(&format!("{path}/export"))
            .await,
        403,
    )
    .await;

    // Only the administrator anonymises.
    problem(
        owner.post(&format!("{path}/anonymise"), &json!({})).await,
        403,
    )
    .await;
    let admin = app.caller(&["manager"], Some(socom));
    let r = admin
        .request(Method::POST, &format!("{path}/anonymise"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after = body(r).await;
    assert_eq!(after["anonymised"], true);
    assert_eq!(after["has_identity_code"], false);
    assert_eq!(after["external_ref"], Value::Null);
    assert_eq!(after["notes"], Value::Null);
    // The facts the figures need are kept exactly.
    for (fact, value) in [
        ("gender", json!("female")),
        ("birth_date", json!("1997-04-02")),
        ("labour_market_status", json!("inactive")),
        ("education", json!("isced_3_4")),
        ("disability", json!("prefers_not_to_say")),
        ("entry_date", json!("2025-01-07")),
        ("current_step", json!(1)),
        ("owner_organisation_id", json!(a)),
    ] {
        assert_eq!(after[fact], value, "{fact} is kept");
    }
    let steps = body(admin.get(&format!("{path}/steps")).await).await;
    assert_eq!(steps["items"][0]["note"], Value::Null);
    assert_eq!(steps["items"][0]["step"], 1);
    let again = body(admin.get(&format!("{path}/export")).await).await;
    assert!(again["participant"].get("identity_code").is_none());
    // The same person may be registered again: the identity code is gone.
    participant(&app, project, a).await;
}

async fn a_transferred_participant_leaves_the_old_owner_at_once(app: TestApp) {
    let (project, socom, a, b) = project(&app).await;
    let p = participant(&app, project, a).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let admin = app.caller(&["manager"], Some(socom));
    let outsider = app.organisation("Ulkopuolinen ry", "association").await;
    let p422 = problem(
        admin
            .post(
                &format!("{path}/transfer"),
                &json!({"to_organisation_id": outsider}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p422), ["to_organisation_id"]);
    problem(
        app.caller(&["manager"], Some(a))
            .post(
                &format!("{path}/transfer"),
                &json!({"to_organisation_id": b}),
            )
            .await,
        403,
    )
    .await;

    let r = admin
        .post(
            &format!("{path}/transfer"),
            &json!({"to_organisation_id": b}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body(r).await["owner_organisation_id"], json!(b));
    problem(app.caller(&["worker"], Some(a)).get(&path).await, 404).await;
    let new_owner = app.caller(&["worker"], Some(b));
    assert_eq!(new_owner.get(&path).await.status(), StatusCode::OK);
    let log = body(
        app.caller(&["manager"], Some(b))
            .get(&format!("{path}/access-log"))
            .await,
    )
    .await;
    let actions: Vec<_> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        actions.starts_with(&["create".to_owned()]) && actions.contains(&"transfer".to_owned()),
        "the history stays: {actions:?}"
    );
}
