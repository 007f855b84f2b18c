//! Malformed bodies get 400, 413 or 415 problems naming what is wrong, and store nothing.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::Method;
use serde_json::json;

on_both_databases!(
    malformed_bodies_are_refused_by_name_and_store_nothing,
    names_in_finnish_and_sami_letters_round_trip_exactly
);

async fn malformed_bodies_are_refused_by_name_and_store_nothing(app: TestApp) {
    let post_raw = |body: Vec<u8>, content_type: &'static str| {
        app.admin()
            .request(Method::POST, "/v1/organisations")
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let p = problem(
        post_raw(
            br#"{"name": "A ry", "kind": "association""#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        400,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("not valid JSON"));
    let p = problem(
        post_raw(
            br#"{"name": "A ry", "kind": "association", "colour": "red"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        400,
    )
    .await;
    // Named as unknown, never repeated: a key is the caller's text.
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("is not a known field") && !detail.contains("colour"),
        "{p}"
    );
    let p = problem(
        post_raw(
            br#"{"name": 7, "kind": "association"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        400,
    )
    .await;
    assert_eq!(failing_fields(&p), ["name"]);
    let p = problem(
        post_raw(
            br#"{"name": "A", "kind": "kingdom"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        400,
    )
    .await;
    assert_eq!(failing_fields(&p), ["kind"]);
    problem(
        post_raw(b"\xff\xfe{}".to_vec(), "application/json")
            .await
            .unwrap(),
        400,
    )
    .await;
    problem(
        post_raw(
            br#"{"name": "A ry", "kind": "association"}"#.to_vec(),
            "text/plain",
        )
        .await
        .unwrap(),
        415,
    )
    .await;
    let huge = format!(
        r#"{{"name": "{}", "kind": "association"}}"#,
        "a".repeat(64 * 1024 + 10)
    );
    problem(
        post_raw(huge.into_bytes(), "application/json")
            .await
            .unwrap(),
        413,
    )
    .await;
    let p = problem(
        post_raw(
            br#"{"name": "A\u0000B", "kind": "association"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["name"]);

    let list = body(app.admin().get("/v1/organisations").await).await;
    assert_eq!(list["items"], json!([]));
}

async fn names_in_finnish_and_sami_letters_round_trip_exactly(app: TestApp) {
    let name = "Sámi Searvi – Šiŋŋá đuoddara ja Åäö ry; DROP TABLE organisations; --";
    let r = app
        .admin()
        .post(
            "/v1/organisations",
            &json!({"name": name, "kind": "association"}),
        )
        .await;
    let created = body(r).await;
    assert_eq!(created["name"], name);
    let read = body(
        app.admin()
            .get(&format!(
                "/v1/organisations/{}",
                created["id"].as_str().unwrap()
            ))
            .await,
    )
    .await;
    assert_eq!(read["name"], name);
}
