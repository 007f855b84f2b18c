//! Findings of the penetration test at the front door: the token endpoint's flood, loose JWT
//! checks, unlimited failed authentication, limits shared across organisations, tokens of a
//! deleted client, and a duplicate check that told who takes part without a trace.

use std::net::IpAddr;
use std::time::Duration;

use askel_api::services::clients;
use askel_domain::{ApiClientId, Name, OrganisationId, Role};
use askel_tests::{TEST_SECRET, TestApp, body, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::json;

on_both_databases!(
    a_disabled_or_rotated_clients_tokens_are_refused_at_once,
    an_identity_code_match_is_recorded_as_a_look_up_even_in_a_dry_run,
);

/// An HTTP client whose requests leave from `address` (any of 127.0.0.0/8).
fn from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn token_request(
    http: &reqwest::Client,
    app: &TestApp,
    id: &str,
    secret: &str,
) -> reqwest::Response {
    http.post(format!("{}/v1/auth/token", app.base))
        .json(
            &json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}),
        )
        .send()
        .await
        .unwrap()
}

async fn client(app: &TestApp, org: Option<uuid::Uuid>) -> (String, String) {
    let clients::Registered { client: c, secret } = clients::register(
        &app.state,
        Name::parse("Asiakasjärjestelmä").unwrap(),
        org.map(OrganisationId::from_uuid),
        vec![Role::Worker],
    )
    .await
    .unwrap();
    (c.id.to_string(), secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_secrets_are_limited_per_address_and_client_before_any_hashing() {
    let app = TestApp::sqlite_with(&[("ASKEL_AUTH_FAILURE_LIMIT", "5")]).await;
    let (id, secret) = client(&app, None).await;
    let attacker = from("127.0.0.1");
    let flood = futures_util::future::join_all(
        (0..30).map(|_| token_request(&attacker, &app, &id, "wrong-secret")),
    )
    .await;
    let statuses: Vec<u16> = flood.iter().map(|r| r.status().as_u16()).collect();
    let refused = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(refused <= 5, "at most the limit is hashed: {statuses:?}");
    assert_eq!(refused + limited, 30, "{statuses:?}");
    assert!(
        flood
            .iter()
            .filter(|r| r.status() == 429)
            .all(|r| r.headers().contains_key("retry-after"))
    );
    // The client_id is spent from any address; another client from another address is not.
    let elsewhere = from("127.0.0.2");
    problem(token_request(&elsewhere, &app, &id, &secret).await, 429).await;
    let (other, other_secret) = client(&app, None).await;
    let ok = token_request(&elsewhere, &app, &other, &other_secret).await;
    assert_eq!(ok.status(), StatusCode::OK);
    // Successes do not count: a client that signs in often is never limited.
    for _ in 0..10 {
        let ok = token_request(&elsewhere, &app, &other, &other_secret).await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_bearer_tokens_are_limited_per_address_behind_a_trusted_proxy_too() {
    let app = TestApp::sqlite_with(&[
        ("ASKEL_AUTH_FAILURE_LIMIT", "3"),
        ("ASKEL_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let proxy = from("127.0.0.1");
    let forged = |client: &'static str| {
        proxy
            .get(format!("{}/v1/projects", app.base))
            .bearer_auth("not.a.token")
            .header("X-Forwarded-For", client)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(forged("198.51.100.7").await.unwrap().status(), 401);
    }
    let limited = forged("198.51.100.7").await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(
        forged("198.51.100.8").await.unwrap().status(),
        401,
        "another client behind the same proxy has its own count"
    );
    // An untrusted peer's X-Forwarded-For is not believed: its own address is counted.
    let direct = from("127.0.0.3");
    for _ in 0..3 {
        let r = direct
            .get(format!("{}/v1/projects", app.base))
            .bearer_auth("not.a.token")
            .header("X-Forwarded-For", "198.51.100.99")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let r = direct
        .get(format!("{}/v1/projects", app.base))
        .bearer_auth(app.sign(&app.claims(&["admin"], None)))
        .header("X-Forwarded-For", "198.51.100.100")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_is_per_organisation_and_subject() {
    let app =
        TestApp::sqlite_with(&[("ASKEL_RATE_LIMIT", "1"), ("ASKEL_RATE_LIMIT_BURST", "2")]).await;
    let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let token = |org| {
        let mut claims = app.claims(&["manager"], Some(org));
        claims.sub = "demo:manager".into();
        app.sign(&claims)
    };
    let busy = app.with_token(token(a));
    for _ in 0..2 {
        busy.get("/v1/projects").await;
    }
    problem(busy.get("/v1/projects").await, 429).await;
    let other = app.with_token(token(b));
    assert_eq!(other.get("/v1/projects").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_outside_the_accepted_times_or_with_critical_extensions_are_refused() {
    let app = TestApp::sqlite().await;
    let now = jsonwebtoken::get_current_timestamp();
    let day = 86_400;
    let mut not_yet = app.claims(&["admin"], None);
    not_yet.nbf = Some(now + day);
    let mut issued_ahead = app.claims(&["admin"], None);
    issued_ahead.iat = now + 365 * day;
    issued_ahead.exp = now + 365 * day + 3600;
    let mut forever = app.claims(&["admin"], None);
    forever.exp = 7_258_118_400; // 2200-01-01
    for (what, claims) in [
        ("nbf a day ahead", not_yet),
        ("iat a year ahead", issued_ahead),
        ("exp in 2200", forever),
    ] {
        let r = app.with_token(app.sign(&claims)).get("/v1/projects").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{what}");
    }
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.crit = Some(vec!["exp".into()]);
    let crit = jsonwebtoken::encode(
        &header,
        &app.claims(&["admin"], None),
        &jsonwebtoken::EncodingKey::from_secret(TEST_SECRET.as_bytes()),
    )
    .unwrap();
    problem(app.with_token(crit).get("/v1/projects").await, 401).await;
    let fine = app.admin().get("/v1/projects").await;
    assert_eq!(fine.status(), StatusCode::OK);
}

async fn a_disabled_or_rotated_clients_tokens_are_refused_at_once(app: TestApp) {
    let org = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let (id, secret) = client(&app, Some(org)).await;
    let http = reqwest::Client::new();
    let token = body(token_request(&http, &app, &id, &secret).await).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let holder = app.with_token(token.clone());
    assert_eq!(holder.get("/v1/projects").await.status(), StatusCode::OK);

    // Rotation: the old secret and the token issued before it stop working; the new one works.
    tokio::time::sleep(Duration::from_millis(1_100)).await; // tokens count whole seconds
    let client_id = ApiClientId::from_uuid(id.parse().unwrap());
    let new_secret = clients::rotate(&app.state, client_id).await.unwrap();
    problem(holder.get("/v1/projects").await, 401).await;
    problem(token_request(&http, &app, &id, &secret).await, 401).await;
    let fresh = body(token_request(&http, &app, &id, &new_secret).await).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let holder = app.with_token(fresh);
    assert_eq!(holder.get("/v1/projects").await.status(), StatusCode::OK);

    // Disabling: its tokens are refused at once, the verified-token cache notwithstanding.
    clients::disable(&app.state, client_id).await.unwrap();
    let p = problem(holder.get("/v1/projects").await, 401).await;
    assert!(p["detail"].as_str().unwrap().contains("disabled"), "{p}");
    problem(token_request(&http, &app, &id, &new_secret).await, 401).await;
}

async fn an_identity_code_match_is_recorded_as_a_look_up_even_in_a_dry_run(app: TestApp) {
    let s = crate::referrals::setup(&app).await;
    let person =
        crate::referrals::participant(&app, &s, &["data_processing"], Some("020497-123H")).await;
    let saimaa = app.organisation("Saimaan Virta ry", "association").await;
    let project = body(
        app.admin()
            .get(&format!("/v1/projects/{}", s.project))
            .await,
    )
    .await;
    let admin_org: uuid::Uuid = project["administrator_organisation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    app.caller(&["manager"], Some(admin_org))
        .post(
            &format!("/v1/projects/{}/actors", s.project),
            &json!({"organisation_id": saimaa, "role": "co_implementer"}),
        )
        .await;
    let item = json!({"entry_date": "2025-01-07", "gender": "male", "birth_date": "1997-04-02",
                      "labour_market_status": "unemployed", "unemployed_since": "2024-02-01",
                      "education": "isced_0_2", "identity_code": "020497-123H"});
    let r = app
        .caller(&["worker"], Some(saimaa))
        .post(
            &format!("/v1/projects/{}/participants/batch?dry_run=true", s.project),
            &json!({"items": [item]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body(r).await["failed"], 1);
    let owner = app.caller(&["manager"], Some(s.laptuote));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let log = body(
            owner
                .get(&format!("/v1/participants/{person}/access-log"))
                .await,
        )
        .await;
        let lookups: Vec<_> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "identity_lookup")
            .cloned()
            .collect();
        if let Some(entry) = lookups.first() {
            assert_eq!(entry["organisation_id"], json!(saimaa), "{entry}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no look-up recorded: {log}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
