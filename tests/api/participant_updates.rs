//! Changing a participant: `If-Match` against the version last read, consents added to the
//! history, fields cleared with `null`, the degree of urbanisation changed.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::participants::{esko, person, register};

on_both_databases!(a_stale_if_match_changes_nothing_and_consents_are_added_to_the_history);

async fn a_stale_if_match_changes_nothing_and_consents_are_added_to_the_history(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-010")).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let change = json!({"eura_state": "submitted", "new_consents": [{"kind": "share_with_county", "given": true, "date": "2018-04-01"}]});
    let r = worker
        .request(Method::PATCH, &path)
        .header("If-Match", "\"1\"")
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let changed = body(r).await;
    assert_eq!(changed["eura_state"], "submitted");
    assert_eq!(changed["consents"].as_array().unwrap().len(), 2);
    let stale = worker
        .request(Method::PATCH, &path)
        .header("If-Match", "\"1\"")
        .json(&json!({"eura_state": "accepted"}))
        .send()
        .await
        .unwrap();
    problem(stale, 412).await;
    assert_eq!(
        body(worker.get(&path).await).await["eura_state"],
        "submitted"
    );
    let p = problem(
        worker
            .patch(&path, &json!({"birth_date": "2019-01-01"}))
            .await,
        422,
    )
    .await;
    // Born after entering, and so also unemployed before birth: both at once.
    assert_eq!(failing_fields(&p), ["birth_date", "unemployed_since"]);
    let cleared = body(
        worker
            .patch(
                &path,
                &json!({"external_ref": null, "notes": "Tapaaminen sovittu."}),
            )
            .await,
    )
    .await;
    assert_eq!(cleared["external_ref"], Value::Null);
    assert_eq!(cleared["notes"], "Tapaaminen sovittu.");
    assert_eq!(cleared["degree_of_urbanisation"], "not_known");
    let rural = body(
        worker
            .patch(&path, &json!({"degree_of_urbanisation": "rural_areas"}))
            .await,
    )
    .await;
    assert_eq!(rural["degree_of_urbanisation"], "rural_areas");
    problem(
        worker
            .patch(&path, &json!({"degree_of_urbanisation": "village"}))
            .await,
        400,
    )
    .await;
    assert_eq!(
        body(worker.get(&path).await).await["degree_of_urbanisation"],
        "rural_areas"
    );
}
