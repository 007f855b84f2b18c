//! Concurrent writers: one `If-Match` version wins once, one `Idempotency-Key` creates once.

use askel_tests::{TestApp, body, on_both_databases};
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::participants::{count, esko, person, register};

on_both_databases!(
    fifty_concurrent_reads_are_each_audited_before_they_are_answered,
    fifty_patches_with_the_same_if_match_leave_one_winner,
    fifty_retries_of_one_idempotency_key_create_one_participant,
    twenty_concurrent_entries_into_one_step_record_it_once
);

/// The step rule holds under concurrency: a participant enters step 1 once, however many
/// requests race to record it (each write holds only if the participant is unchanged since it
/// read it; a write that lost the race tries again locking the participant's row, and is then
/// refused by the rule).
async fn twenty_concurrent_entries_into_one_step_record_it_once(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-steps")).await;
    let path = format!("/v1/participants/{}/steps", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let entries = (0..20).map(|_| {
        worker
            .request(Method::POST, &path)
            .json(&json!({"step": 1, "entered_on": "2025-02-03"}))
            .send()
    });
    let statuses: Vec<StatusCode> = join_all(entries)
        .await
        .into_iter()
        .map(|r| r.unwrap().status())
        .collect();
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((created, refused), (1, 19), "{statuses:?}");
    let history = body(worker.get(&path).await).await;
    assert_eq!(
        history["items"].as_array().map(Vec::len),
        Some(1),
        "{history}"
    );
    // The losers of the race left no trace of their attempt: one record of the step written,
    // and the participant moved once (registered at version 1).
    let manager = app.caller(&["manager"], Some(e.laptuote));
    let participant = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let log = body(
        manager
            .get(&format!("{participant}/access-log?limit=500"))
            .await,
    )
    .await;
    let steps_written = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "update" && a["resource"] == "step")
        .count();
    assert_eq!(steps_written, 1, "{log}");
    assert_eq!(worker.get(&participant).await.headers()["etag"], "\"2\"");
}

/// Reads commit their audit records in groups: fifty at once must still leave fifty records,
/// each committed before its answer (so the log holds them as soon as the reads have returned).
async fn fifty_concurrent_reads_are_each_audited_before_they_are_answered(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-reads")).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let reads = (0..50).map(|_| worker.request(Method::GET, &path).send());
    for r in join_all(reads).await {
        assert_eq!(r.unwrap().status(), StatusCode::OK);
    }
    let manager = app.caller(&["manager"], Some(e.laptuote));
    let log = body(manager.get(&format!("{path}/access-log?limit=500")).await).await;
    let reads = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "read" && a["client"] == "test-worker")
        .count();
    assert_eq!(reads, 50);
}

async fn fifty_patches_with_the_same_if_match_leave_one_winner(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-race")).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let attempts = (0..50).map(|i| {
        worker
            .request(Method::PATCH, &path)
            .header("If-Match", "\"1\"")
            .json(&json!({"notes": format!("Kirjaus {i}")}))
            .send()
    });
    let mut statuses: Vec<u16> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 412).count(),
        49,
        "{statuses:?}"
    );
    let now = worker.get(&path).await;
    assert_eq!(now.headers()["etag"], "\"2\"");
    let now = body(now).await;
    assert!(now["notes"].as_str().unwrap().starts_with("Kirjaus "));
}

async fn fifty_retries_of_one_idempotency_key_create_one_participant(app: TestApp) {
    let e = esko(&app).await;
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let list = format!("/v1/projects/{}/participants", e.project);
    let attempts = (0..50).map(|_| {
        worker
            .request(Method::POST, &list)
            .header("Idempotency-Key", "sync-2025-02-03-lap-777")
            .json(&person("lap-777"))
            .send()
    });
    let mut ids = Vec::new();
    for r in join_all(attempts).await {
        let r = r.unwrap();
        let status = r.status();
        let v = body(r).await;
        match status {
            StatusCode::CREATED | StatusCode::OK => ids.push(v["id"].as_str().unwrap().to_owned()),
            // A retry that arrives while the first is still being stored is told to retry.
            StatusCode::CONFLICT => assert_eq!(v["type"], "urn:askel:problem:conflict", "{v}"),
            other => panic!("unexpected {other}: {v}"),
        }
    }
    assert!(!ids.is_empty());
    ids.dedup();
    assert_eq!(ids.len(), 1, "every success names the same participant");
    assert_eq!(count(&app, &e).await, 1);
}
