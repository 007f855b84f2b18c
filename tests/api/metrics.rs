//! Prometheus metrics on an address of their own: requests by route template and status, the
//! pools, the audit group commit, refusals and the build — and no id or personal data in them.
//! (The registry is the process's, shared by the tests running beside this one: series are
//! checked to exist, not counted.)

use askel_tests::{Overrides, TestApp, body, on_both_databases_with};
use reqwest::StatusCode;

const METRICS: Overrides = &[("ASKEL_METRICS_BIND", "127.0.0.1:0")];

/// Metrics, with failed authentications limited to two a minute per address.
const METRICS_AND_FAILURES: Overrides = &[
    ("ASKEL_METRICS_BIND", "127.0.0.1:0"),
    ("ASKEL_AUTH_FAILURE_LIMIT", "2"),
];

on_both_databases_with!(METRICS_AND_FAILURES; a_refusal_is_counted_by_the_limit_that_refused_it);

/// The README names `auth_failures` among the limits; every refusal was counted as `rate`.
async fn a_refusal_is_counted_by_the_limit_that_refused_it(app: TestApp) {
    let port = app.metrics_port.expect("metrics are served");
    let mut refused = 0;
    for _ in 0..6 {
        let r = app.with_token("not-a-token").get("/v1/events").await;
        refused += usize::from(r.status() == StatusCode::TOO_MANY_REQUESTS);
    }
    assert!(refused >= 3, "the failures were limited");
    let text = scrape(port).await;
    assert!(
        text.contains(r#"askel_limit_refusals_total{limit="auth_failures"}"#),
        "{text}"
    );
}

on_both_databases_with!(METRICS;
    metrics_are_served_apart_by_route_template_without_ids,
    invented_methods_and_paths_add_no_series
);

/// The metrics as served now.
async fn scrape(port: u16) -> String {
    reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The lines of the request series that this story's invented requests can land in.
async fn invented_series(port: u16) -> Vec<String> {
    let text = scrape(port).await;
    assert!(
        !text.contains("X060696"),
        "an invented method became a label"
    );
    assert!(
        !text.contains("nowhere"),
        "an unmatched path became a label"
    );
    text.lines()
        .filter(|l| l.starts_with("http_server_request_duration_seconds_count"))
        .filter(|l| l.contains("_OTHER") || l.contains("unmatched"))
        .map(|l| l.rsplit_once(' ').unwrap().0.to_owned())
        .collect()
}

/// The second penetration test grew the scrape from 0.79 MB to 47 MB with 20 000 requests of
/// invented methods: labels now come from closed sets, so 1 000 distinct methods and paths
/// add no series after the first few.
async fn invented_methods_and_paths_add_no_series(app: TestApp) {
    let port = app.metrics_port.expect("metrics are served");
    let caller = app.anonymous();
    let send = async |n: usize| {
        let method = reqwest::Method::from_bytes(format!("X060696-{n}").as_bytes()).unwrap();
        let paths = [
            format!("/nowhere/{n}"),
            format!("/v1/participants/{}", uuid::Uuid::now_v7()),
            format!("/fhir/Nothing{n}"),
        ];
        caller
            .request(method, &paths[n % paths.len()])
            .send()
            .await
            .unwrap();
        caller
            .request(reqwest::Method::GET, &format!("/nowhere/{n}"))
            .send()
            .await
            .unwrap();
    };
    for n in 0..100 {
        send(n).await;
    }
    let before = invented_series(port).await;
    assert!(!before.is_empty(), "the invented requests were counted");
    for n in 100..1_000 {
        send(n).await;
    }
    assert_eq!(invented_series(port).await, before);
}

async fn metrics_are_served_apart_by_route_template_without_ids(app: TestApp) {
    let org = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let project = askel_tests::id_of(&app.project("ESKO", org).await);
    let worker = app.caller(&["worker"], Some(org));
    let r = worker.post(&format!("/v1/projects/{project}/participants"), &serde_json::json!({"entry_date": "2025-01-07", "gender": "female", "birth_date": "1990-01-01", "labour_market_status": "unemployed", "education": "isced_0_2"})).await;
    let participant = askel_tests::id_of(&body(r).await);
    assert_eq!(
        worker
            .get(&format!("/v1/participants/{participant}"))
            .await
            .status(),
        StatusCode::OK
    );
    let missing = uuid::Uuid::now_v7();
    assert_eq!(
        worker
            .get(&format!("/v1/participants/{missing}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let port = app.metrics_port.expect("metrics are served");
    let text = scrape(port).await;
    for line in [
        r#"http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/v1/participants/{id}"} "#,
        r#"http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="404",http_route="/v1/participants/{id}"} "#,
        r#"askel_build_info{version="#,
        r#"askel_db_pool_connections{state="in_use"}"#,
        "askel_audit_commit_duration_seconds_count",
        "askel_audit_queue_depth",
        "askel_db_transactions_waiting ",
        "askel_webhook_delivery_lag_seconds_count ",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    for secret in [
        participant.to_string(),
        missing.to_string(),
        project.to_string(),
    ] {
        assert!(!text.contains(&secret), "an id in the metrics");
    }
    let public = app.anonymous().get("/metrics").await;
    assert_ne!(public.status(), StatusCode::OK, "not on the public address");
}
