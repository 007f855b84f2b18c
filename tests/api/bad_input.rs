//! Malformed bodies get 400, 413 or 415 problems naming what is wrong, and store nothing.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::Method;
use serde_json::json;

on_both_databases!(
    malformed_bodies_are_refused_by_name_and_store_nothing,
    names_in_finnish_and_sami_letters_round_trip_exactly,
    a_body_with_several_faults_reports_every_one
);

async fn a_body_with_several_faults_reports_every_one(app: TestApp) {
    let org = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let project = askel_tests::id_of(&app.project("ESKO", org).await);
    let worker = app.caller(&["worker"], Some(org));
    let url = format!("/v1/projects/{project}/participants");
    let p = problem(
        worker
            .post(
                &url,
                &json!({"birth_date": "yesterday", "gender": 42, "shoe_size": 9}),
            )
            .await,
        400,
    )
    .await;
    let mut fields = failing_fields(&p);
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "birth_date",
            "education",
            "entry_date",
            "gender",
            "labour_market_status",
            "shoe_size"
        ],
        "every faulty, missing and unknown field: {p}"
    );
    let text = p.to_string();
    assert!(!text.contains("yesterday") && !text.contains("42"), "{p}");
    let p = problem(
        worker
            .post(&url, &json!({"entry_date": "2025-01-07", "gender": "female", "birth_date": "1990-01-01", "labour_market_status": "unemployed", "education": "isced_0_2", "consents": [{"kind": "x", "given": "yes", "date": "2025-01-07"}]}))
            .await,
        400,
    )
    .await;
    let mut nested = failing_fields(&p);
    nested.sort_unstable();
    assert_eq!(nested, ["consents[0].given", "consents[0].kind"]);
    // Values the parser refuses and the schema cannot see (dates out of range) are named
    // together, however many there are.
    let p = problem(
        worker
            .post(&url, &json!({"entry_date": "2250-01-01", "gender": "x", "birth_date": "1899-12-31", "labour_market_status": "unemployed", "unemployed_since": "2024-02-30", "education": "isced_0_2"}))
            .await,
        400,
    )
    .await;
    let mut ranged = failing_fields(&p);
    ranged.sort_unstable();
    assert_eq!(
        ranged,
        ["birth_date", "entry_date", "gender", "unemployed_since"],
        "{p}"
    );
    // Rules between fields are all named too.
    let p = problem(
        worker
            .post(&url, &json!({"entry_date": "2025-01-07", "gender": "female", "birth_date": "2026-01-01", "labour_market_status": "employed", "unemployed_since": "2024-01-01", "education": "isced_0_2"}))
            .await,
        422,
    )
    .await;
    let mut ruled = failing_fields(&p);
    ruled.sort_unstable();
    assert_eq!(ruled, ["birth_date", "unemployed_since"], "{p}");
    assert!(
        body(worker.get(&url).await).await["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
}

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
    // Named as unknown; a key is repeated only when it looks like a field name.
    assert_eq!(failing_fields(&p), ["colour"], "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("is not a known field")
    );
    let p = problem(
        post_raw(
            br#"{"name": "A ry", "kind": "association", "060696-678B": true}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        400,
    )
    .await;
    assert!(!p.to_string().contains("060696"), "{p}");
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
