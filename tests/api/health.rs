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

/// The start as `askel serve` makes it: the port answers before the database is opened, says
/// what the server is doing, and the API takes the same port over without a refused connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_port_answers_while_the_server_starts_and_the_api_takes_it_over() {
    use askel_api::startup::starting::{Phase, Starting};
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("askel.db").display()
    );
    let settings = askel_tests::test_settings(&url);
    let starting = Starting::bind(&settings).unwrap();
    let base = format!("http://127.0.0.1:{}", starting.port());
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{base}{path}")).send();

    assert_eq!(
        body(get("/health/live").await.unwrap()).await["status"],
        "ok"
    );
    for path in ["/health/ready", "/v1/projects", "/openapi.json"] {
        let response = get(path).await.unwrap();
        assert_eq!(response.headers()["retry-after"], "1", "{path}");
        let p = problem(response, 503).await;
        assert_eq!(p["type"], "urn:askel:problem:unavailable");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("migrating the database"),
            "{p}"
        );
    }
    starting.enter(Phase::LoadingDemo);
    let p = problem(get("/health/ready").await.unwrap(), 503).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("loading the demo data"),
        "{p}"
    );

    let state = askel_api::startup::build_state(&settings).await.unwrap();
    let app = starting.hand_over(&settings, state).unwrap();
    let server = tokio::spawn(app.run_until_stopped());
    // From the first answer of the API on, the starting server answers no more.
    let mut ready = false;
    for _ in 0..100 {
        let response = get("/health/ready").await.expect("the port never refuses");
        if response.status() == StatusCode::OK {
            ready = true;
            break;
        }
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(ready, "the API took the port over");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for _ in 0..20 {
        let response = http
            .get(format!("{base}/v1/projects"))
            .header("Connection", "close")
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "the API answers"
        );
    }
    server.abort();
}
