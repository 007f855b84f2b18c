//! Liveness and readiness.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::StatusCode;

on_both_databases!(live_and_ready_answer_without_a_token);

async fn live_and_ready_answer_without_a_token(app: TestApp) {
    assert_eq!(
        body(app.anonymous().get("/health/live").await).await["status"],
        "ok"
    );
    assert_eq!(
        body(app.anonymous().get("/health/ready").await).await["status"],
        "ok"
    );
}

/// Cuts the test database off (no connections allowed, existing ones ended): readiness answers
/// 503, and 200 again once connections are allowed, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_answers_503_while_postgres_refuses_connections_and_recovers() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let (server, name) = app.postgres_database().cloned().unwrap();
    let exec = |sql: String| {
        let server = server.clone();
        async move {
            askel_persistence::testing::execute_on_server(&server, &sql)
                .await
                .unwrap()
        }
    };
    exec(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false")).await;
    exec(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .await;
    let p = problem(app.anonymous().get("/health/ready").await, 503).await;
    assert_eq!(p["type"], "urn:askel:problem:unavailable");
    problem(app.admin().get("/v1/projects").await, 503).await;

    exec(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true")).await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = app.anonymous().get("/health/ready").await.status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK);
}
