//! Limits and headers: a per-client rate limit with `Retry-After`, body limits per operation,
//! no server banner, personal data never cached.

use askel_tests::{TestApp, problem};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::participants::{esko, person, register};

#[tokio::test]
async fn a_client_over_its_rate_limit_is_told_when_to_retry_and_others_are_not_held_up() {
    let app =
        TestApp::sqlite_with(&[("ASKEL_RATE_LIMIT", "1"), ("ASKEL_RATE_LIMIT_BURST", "3")]).await;
    let reporter = app.caller(&["reporter"], None);
    for _ in 0..3 {
        assert_eq!(reporter.get("/v1/projects").await.status(), StatusCode::OK);
    }
    let r = reporter.get("/v1/projects").await;
    assert_eq!(r.headers()["retry-after"], "1");
    let p = problem(r, 429).await;
    assert_eq!(p["type"], "urn:askel:problem:too-many-requests");
    assert_eq!(
        app.caller(&["manager"], None)
            .get("/v1/projects")
            .await
            .status(),
        StatusCode::OK,
        "another client has its own allowance"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(reporter.get("/v1/projects").await.status(), StatusCode::OK);

    // The token endpoint is limited by address, before any secret is checked.
    let mut last = StatusCode::OK;
    for _ in 0..5 {
        last = app
            .anonymous()
            .post(
                "/v1/auth/token",
                &json!({"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"}),
            )
            .await
            .status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn bodies_are_limited_per_operation_and_headers_give_nothing_away() {
    let app = TestApp::sqlite().await;
    let e = esko(&app).await;
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let list = format!("/v1/projects/{}/participants", e.project);
    let mut big = person("lap-big");
    big["notes"] = json!("ä".repeat(40 * 1024));
    problem(worker.post(&list, &big).await, 413).await;
    // A batch of 300 participants (about 100 KiB) is far over one object's limit and accepted.
    let items: Vec<_> = (0..300).map(|i| person(&format!("lap-b{i}"))).collect();
    let r = worker
        .post(&format!("{list}/batch"), &json!({"items": items}))
        .await;
    assert!(r.status().is_success(), "{}", r.status());

    let p = register(&app, &e, e.laptuote, &person("lap-h")).await;
    let r = worker
        .get(&format!("/v1/participants/{}", p["id"].as_str().unwrap()))
        .await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().get("server").is_none());
    assert!(r.headers().get("x-powered-by").is_none());
    let r = app
        .anonymous()
        .request(Method::GET, "/docs/")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("server").is_none());
}
