//! Organisations: who may register them, the business ID check, paging, idempotency.

use askel_tests::{TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    the_platform_operator_registers_an_organisation_everyone_can_read,
    other_roles_cannot_register_organisations_and_nothing_is_stored,
    a_business_id_with_a_wrong_check_digit_is_refused_with_every_failing_field,
    two_organisations_cannot_share_a_business_id,
    lists_page_through_every_organisation_once_with_the_cursor,
    a_retried_create_with_the_same_idempotency_key_creates_one_organisation,
);

async fn count(app: &TestApp) -> usize {
    body(app.admin().get("/v1/organisations?limit=500").await).await["items"]
        .as_array()
        .unwrap()
        .len()
}

async fn the_platform_operator_registers_an_organisation_everyone_can_read(app: TestApp) {
    let r = app
        .admin()
        .post("/v1/organisations", &json!({"name": "Vaasan kaupunki", "kind": "municipality", "business_id": "0209602-6", "home_municipality": "905"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let created = body(r).await;
    assert_eq!(location, format!("/v1/organisations/{}", id_of(&created)));
    assert_eq!(created["home_municipality"], "905");

    for roles in [["worker"], ["reporter"], ["referral_handler"], ["manager"]] {
        let read = app.caller(&roles, None).get(&location).await;
        assert_eq!(read.status(), StatusCode::OK, "{roles:?}");
        assert_eq!(body(read).await, created);
    }
}

async fn other_roles_cannot_register_organisations_and_nothing_is_stored(app: TestApp) {
    let org = app.organisation("Socom Oy", "company").await;
    for roles in [["manager"], ["worker"], ["reporter"], ["referral_handler"]] {
        let r = app
            .caller(&roles, Some(org))
            .post(
                "/v1/organisations",
                &json!({"name": "Uusi ry", "kind": "association"}),
            )
            .await;
        problem(r, 403).await;
    }
    assert_eq!(count(&app).await, 1);
}

async fn a_business_id_with_a_wrong_check_digit_is_refused_with_every_failing_field(app: TestApp) {
    let r = app
        .admin()
        .post("/v1/organisations", &json!({"name": "  ", "kind": "association", "business_id": "0737546-3", "home_municipality": "90"}))
        .await;
    let p = problem(r, 422).await;
    assert_eq!(
        failing_fields(&p),
        ["name", "business_id", "home_municipality"]
    );
    assert!(
        p["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("expected check digit is 2")
    );
    assert_eq!(count(&app).await, 0);
    let ok = app
        .admin()
        .post(
            "/v1/organisations",
            &json!({"name": "Oikea ry", "kind": "association", "business_id": "0737546-2"}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

async fn two_organisations_cannot_share_a_business_id(app: TestApp) {
    let org = json!({"name": "A ry", "kind": "association", "business_id": "0737546-2"});
    assert_eq!(
        app.admin().post("/v1/organisations", &org).await.status(),
        StatusCode::CREATED
    );
    let again = app
        .admin()
        .post(
            "/v1/organisations",
            &json!({"name": "B ry", "kind": "association", "business_id": "0737546-2"}),
        )
        .await;
    let p = problem(again, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("business ID"));
    assert_eq!(count(&app).await, 1);
}

async fn lists_page_through_every_organisation_once_with_the_cursor(app: TestApp) {
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(
            app.organisation(&format!("Yhdistys {i} ry"), "association")
                .await,
        );
    }
    let mut seen = Vec::new();
    let mut path = "/v1/organisations?limit=2".to_owned();
    let mut pages = 0;
    loop {
        let page: Value = body(app.admin().get(&path).await).await;
        pages += 1;
        seen.extend(page["items"].as_array().unwrap().iter().map(id_of));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/organisations?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created, "every organisation once, in creation order");

    let p = problem(app.admin().get("/v1/organisations?limit=0").await, 422).await;
    assert_eq!(failing_fields(&p), ["limit"]);
    let p = problem(
        app.admin().get("/v1/organisations?cursor=forged").await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["cursor"]);
    problem(app.admin().get("/v1/organisations?limit=many").await, 400).await;
    problem(app.admin().get("/v1/organisations?colour=blue").await, 400).await;

    // updated_since gives only what changed at or after the time.
    let all: Value = body(app.admin().get("/v1/organisations").await).await;
    let third_updated = all["items"][2]["updated_at"].as_str().unwrap().to_owned();
    let since: Value = body(
        app.admin()
            .request(reqwest::Method::GET, "/v1/organisations")
            .query(&[("updated_since", &third_updated)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    let since_ids: Vec<_> = since["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(since_ids, created[2..]);
}

async fn a_retried_create_with_the_same_idempotency_key_creates_one_organisation(app: TestApp) {
    let send = |name: &'static str| {
        app.admin()
            .request(reqwest::Method::POST, "/v1/organisations")
            .header("Idempotency-Key", "org-create-1")
            .json(&json!({"name": name, "kind": "association"}))
            .send()
    };
    let first = send("Intopaja ry").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_location = first.headers()["location"].clone();
    let first_body = body(first).await;
    let retry = send("Intopaja ry").await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["location"], first_location);
    assert_eq!(body(retry).await, first_body);
    assert_eq!(count(&app).await, 1);

    let reused = send("Toinen ry").await.unwrap();
    problem(reused, 422).await;
    assert_eq!(count(&app).await, 1);
}
