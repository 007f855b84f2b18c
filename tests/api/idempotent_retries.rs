//! Retries with one `Idempotency-Key`: a step or a goal sent twice is stored once, and a key
//! belongs to one operation.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::participants::{esko, person, register};

on_both_databases!(retried_steps_and_goals_with_one_idempotency_key_are_stored_once);

async fn retried_steps_and_goals_with_one_idempotency_key_are_stored_once(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-idem")).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let send = |url: String, key: &'static str, body: Value| {
        worker
            .request(Method::POST, &url)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let twice = async |url: String, key: &'static str, body: Value| {
        let first = send(url.clone(), key, body.clone()).await.unwrap();
        (first, send(url, key, body).await.unwrap())
    };
    let listed = async |url: String| {
        body(worker.get(&url).await).await["items"]
            .as_array()
            .unwrap()
            .len()
    };
    let goal = json!({"text": "Työkokeilu syksyllä.", "step": 4});
    let (a, b) = twice(format!("{path}/goals"), "goal-1", goal).await;
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(body(a).await["id"], body(b).await["id"]);
    assert_eq!(listed(format!("{path}/goals")).await, 1);
    let step = json!({"step": 1, "entered_on": "2018-03-05"});
    let (a, b) = twice(format!("{path}/steps"), "step-1", step).await;
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED),
        "the retry replays, not a 422 'already there'"
    );
    assert_eq!(listed(format!("{path}/steps")).await, 1);
    // A key belongs to one operation: the same key on another operation is a create of its own.
    let other_operation = send(
        format!("{path}/goals"),
        "step-1",
        json!({"text": "x", "step": 1}),
    )
    .await
    .unwrap();
    assert_eq!(other_operation.status(), StatusCode::CREATED);
    let reused = send(
        format!("{path}/goals"),
        "goal-1",
        json!({"text": "toinen", "step": 1}),
    )
    .await
    .unwrap();
    problem(reused, 422).await;
}
