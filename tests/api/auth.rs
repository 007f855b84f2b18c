//! Tokens: who gets in, who does not, and the client-credentials grant.

use askel_api::services::clients;
use askel_domain::{Name, Role};
use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::json;

on_both_databases!(
    requests_without_a_valid_token_are_refused_with_a_bearer_challenge,
    a_registered_client_gets_a_working_token_by_json_form_or_basic_auth,
    a_wrong_secret_gets_the_same_answer_as_an_unknown_client,
);

async fn requests_without_a_valid_token_are_refused_with_a_bearer_challenge(app: TestApp) {
    let r = app.anonymous().get("/v1/projects").await;
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"askel\"");
    problem(r, 401).await;

    for header in ["Basic abc", "Bearer", "Bearer not.a.jwt", "token"] {
        let r = app
            .anonymous()
            .request(reqwest::Method::GET, "/v1/projects")
            .header("Authorization", header)
            .send()
            .await
            .unwrap();
        problem(r, 401).await;
    }

    let mut expired = app.claims(&["admin"], None);
    expired.exp -= 7200;
    let p = problem(
        app.with_token(app.sign(&expired)).get("/v1/projects").await,
        401,
    )
    .await;
    assert_eq!(p["detail"], "the token has expired");

    let mut elsewhere = app.claims(&["admin"], None);
    elsewhere.aud = "another-api".into();
    let p = problem(
        app.with_token(app.sign(&elsewhere))
            .get("/v1/projects")
            .await,
        401,
    )
    .await;
    assert_eq!(p["detail"], "the token is for another audience");

    let good = app.sign(&app.claims(&["admin"], None));
    let (head, rest) = good.split_once('.').unwrap();
    let (payload, _) = rest.split_once('.').unwrap();
    let forged = format!("{head}.{payload}.c2lnbmF0dXJl");
    problem(app.with_token(forged).get("/v1/projects").await, 401).await;

    // With a valid token the same request succeeds.
    assert_eq!(
        app.with_token(good).get("/v1/projects").await.status(),
        StatusCode::OK
    );
}

async fn a_registered_client_gets_a_working_token_by_json_form_or_basic_auth(app: TestApp) {
    let org = app.organisation("Saimaan Virta ry", "association").await;
    let clients::Registered { client, secret } = clients::register(
        &app.state,
        Name::parse("Virta asiakasjärjestelmä").unwrap(),
        Some(org.into()),
        vec![Role::Worker],
    )
    .await
    .unwrap();
    let id = client.id.to_string();

    let by_json = app
        .anonymous()
        .post(
            "/v1/auth/token",
            &json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}),
        )
        .await;
    assert_eq!(by_json.status(), StatusCode::OK);
    assert_eq!(by_json.headers()["cache-control"], "no-store");
    let token = body(by_json).await;
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["expires_in"], 3600);
    let access = token["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.with_token(access)
            .get("/v1/organisations")
            .await
            .status(),
        StatusCode::OK
    );

    let by_form = app
        .anonymous()
        .request(reqwest::Method::POST, "/v1/auth/token")
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(by_form.status(), StatusCode::OK);

    let by_basic = app
        .anonymous()
        .request(reqwest::Method::POST, "/v1/auth/token")
        .basic_auth(&id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_basic.status(), StatusCode::OK);

    // The token carries the client's organisation and roles: a worker cannot register organisations.
    let worker_token = body(by_basic).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .with_token(worker_token)
        .post(
            "/v1/organisations",
            &json!({"name": "X ry", "kind": "association"}),
        )
        .await;
    problem(r, 403).await;

    let wrong_grant = app
        .anonymous()
        .post(
            "/v1/auth/token",
            &json!({"grant_type": "password", "client_id": id, "client_secret": secret}),
        )
        .await;
    let p = problem(wrong_grant, 422).await;
    assert_eq!(p["errors"][0]["field"], "grant_type");
}

async fn a_wrong_secret_gets_the_same_answer_as_an_unknown_client(app: TestApp) {
    let client = clients::register(
        &app.state,
        Name::parse("c").unwrap(),
        None,
        vec![Role::Admin],
    )
    .await
    .unwrap()
    .client;
    let wrong = app
        .anonymous()
        .post("/v1/auth/token", &json!({"grant_type": "client_credentials", "client_id": client.id.to_string(), "client_secret": "guess"}))
        .await;
    let unknown = app
        .anonymous()
        .post(
            "/v1/auth/token",
            &json!({"grant_type": "client_credentials", "client_id": uuid::Uuid::now_v7().to_string(), "client_secret": "guess"}),
        )
        .await;
    let (a, b) = (problem(wrong, 401).await, problem(unknown, 401).await);
    assert_eq!(a, b);
}
