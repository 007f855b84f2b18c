//! The published contract: the served document is the committed one, every operation follows
//! the conventions, and the docs page is served from the binary.

use askel_tests::{TestApp, body, problem};
use reqwest::StatusCode;
use serde_json::Value;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = TestApp::sqlite().await;
    let served: Value = body(app.anonymous().get("/openapi.json").await).await;
    assert_eq!(
        served["openapi"].as_str().map(|v| v.starts_with("3.1")),
        Some(true)
    );
    let path = committed_path();
    if std::env::var("ASKEL_UPDATE_OPENAPI").is_ok() {
        std::fs::write(&path, serde_json::to_string_pretty(&served).unwrap() + "\n").unwrap();
    }
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("openapi/openapi.json is committed"),
    )
    .unwrap();
    assert!(
        served == committed,
        "openapi/openapi.json differs from the served document: run `cargo run -q -- openapi > openapi/openapi.json` and commit it"
    );
}

#[tokio::test]
async fn every_operation_has_an_id_tag_summary_security_and_problem_responses() {
    let app = TestApp::sqlite().await;
    let doc: Value = body(app.anonymous().get("/openapi.json").await).await;
    let schemas = &doc["components"]["schemas"];
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let at = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{at}: operationId");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{at}: tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{at}: summary"
            );
            let needs_token = path.starts_with("/v1/") && path != "/v1/auth/token";
            assert_eq!(
                op["security"][0].get("bearer").is_some(),
                needs_token,
                "{at}: security"
            );
            let problems: Vec<_> = op["responses"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(code, _)| code.starts_with('4') || code.starts_with('5'))
                .map(|(_, r)| r["content"]["application/problem+json"]["schema"]["$ref"].clone())
                .collect();
            assert!(!problems.is_empty(), "{at}: error responses");
            assert!(
                problems.iter().all(|r| r == "#/components/schemas/Problem"),
                "{at}: problems use the shared schema"
            );
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for media in content.values() {
                    let name = media["schema"]["$ref"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches("#/components/schemas/");
                    let schema = &schemas[name];
                    assert!(
                        schema.get("example").is_some() || schema.get("examples").is_some(),
                        "{at}: example for {name}"
                    );
                }
            }
        }
    }
    assert!(operations >= 17, "{operations} operations");
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary_without_a_cdn() {
    let app = TestApp::sqlite().await;
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = redirect
        .get(format!("{}/docs", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/docs/");
    let page = app.anonymous().get("/docs/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "the page loads nothing from outside"
    );
    let init = app
        .anonymous()
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/openapi.json"));
    assert!(
        init.contains("\"validatorUrl\": \"none\"") || init.contains("\"validatorUrl\":\"none\""),
        "{init}"
    );
}

#[tokio::test]
async fn code_lists_carry_finnish_swedish_and_english_labels() {
    let app = TestApp::sqlite().await;
    let worker = app.caller(&["worker"], None);
    let steps = body(worker.get("/v1/code-lists/steps").await).await;
    let entries = steps["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[3]["code"], "service_guidance");
    assert!(
        entries[3]["label_fi"]
            .as_str()
            .unwrap()
            .contains("palveluohjaus")
    );
    assert!(
        entries
            .iter()
            .all(|e| e["label_sv"].is_string() && e["label_en"].is_string())
    );
    let names: Vec<_> = body(worker.get("/v1/code-lists").await)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].clone())
        .collect();
    assert!(names.contains(&"actor_roles".into()) && names.contains(&"organisation_kinds".into()));
    problem(worker.get("/v1/code-lists/unknown").await, 404).await;
    problem(app.anonymous().get("/v1/code-lists/steps").await, 401).await;
}
