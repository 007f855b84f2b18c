//! Webhook subscriptions share the dispatcher fairly and fit what is stored: the second
//! penetration test held another organisation's deliveries back for 30 s with 20 subscriptions
//! that never receive an event, and made PostgreSQL answer 500 with 200 event types or a
//! 2 100-character URL.

use askel_tests::receiver::Receiver;
use askel_tests::{Overrides, TestApp, body, on_both_databases, on_both_databases_with, problem};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::referrals::{participant, setup};

/// Plain HTTP to loopback (the receiver), fast polls.
const DEV: Overrides = &[
    ("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true"),
    ("ASKEL_WEBHOOK_RETRY_BASE_MS", "100"),
    ("ASKEL_WEBHOOK_POLL_MS", "25"),
    ("ASKEL_WEBHOOK_TIMEOUT_MS", "2000"),
];

on_both_databases_with!(DEV;
    idle_subscriptions_of_one_organisation_never_hold_up_another,
    a_retried_subscription_is_created_once_and_its_secret_shown_once
);
on_both_databases!(fields_longer_than_kept_are_refused_before_storing);

async fn idle_subscriptions_of_one_organisation_never_hold_up_another(app: TestApp) {
    let s = setup(&app).await;
    let idle = Receiver::start(0);
    let busy = Receiver::start(0);
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    for _ in 0..50 {
        let r = county.post("/v1/webhooks", &json!({"url": idle.url})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let over = county.post("/v1/webhooks", &json!({"url": idle.url})).await;
    let p = problem(over, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("at most 50"), "{p}");

    let manager = app.caller(&["manager"], Some(s.laptuote));
    let r = manager
        .post("/v1/webhooks", &json!({"url": busy.url}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    participant(&app, &s, &["data_processing"], None).await;
    let got = busy.until(|r| !r.is_empty()).await;
    assert!(
        !got.is_empty(),
        "the busy organisation's event was delivered beside 50 idle subscriptions"
    );
    assert!(
        idle.received().is_empty(),
        "the county had nothing to receive"
    );
}

async fn fields_longer_than_kept_are_refused_before_storing(app: TestApp) {
    let s = setup(&app).await;
    let manager = app.caller(&["manager"], Some(s.laptuote));
    let long_url = format!("https://hooks.example.fi/{}", "a".repeat(2_100));
    let types: Vec<&str> = std::iter::repeat_n("participant.registered", 200).collect();
    for (sent, field) in [
        (json!({"url": long_url}), "url"),
        (
            json!({"url": "https://hooks.example.fi/h", "event_types": types}),
            "event_types",
        ),
    ] {
        let p = problem(manager.post("/v1/webhooks", &sent).await, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let fhir = json!({"resourceType": "Subscription", "status": "requested", "reason": "Uudet",
        "criteria": format!("ServiceRequest?performer=Organization/{}", s.eksote),
        "channel": {"type": "rest-hook", "endpoint": long_url, "payload": "application/fhir+json"}});
    let r = county
        .request(Method::POST, "/fhir/Subscription")
        .header("Content-Type", "application/fhir+json")
        .body(fhir.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let o: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        o["issue"][0]["expression"][0],
        "Subscription.channel.endpoint"
    );
    for caller in [&manager, &county] {
        let kept = body(caller.get("/v1/webhooks").await).await;
        assert!(kept["items"].as_array().unwrap().is_empty(), "nothing kept");
    }
}

/// The README promises `Idempotency-Key` on every create; `POST /v1/webhooks` ignored it.
async fn a_retried_subscription_is_created_once_and_its_secret_shown_once(app: TestApp) {
    let s = setup(&app).await;
    let hook = Receiver::start(0);
    let manager = app.caller(&["manager"], Some(s.laptuote));
    let send = async |url: &str| {
        manager
            .request(Method::POST, "/v1/webhooks")
            .header("Idempotency-Key", "hook-1")
            .json(&json!({"url": url}))
            .send()
            .await
            .unwrap()
    };
    let first = send(&hook.url).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = body(first).await;
    assert!(first["secret"].as_str().unwrap().starts_with("whsec_"));
    let again = send(&hook.url).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again = body(again).await;
    assert_eq!(again["id"], first["id"], "the same subscription");
    assert!(
        again["secret"].is_null(),
        "the secret is shown once: {again}"
    );
    let rows = askel_persistence::testing::every_row_as_text(&app.state.db)
        .await
        .unwrap();
    let secret = first["secret"].as_str().unwrap();
    assert!(
        !rows.iter().any(|r| r.contains(secret)),
        "never stored in the clear"
    );
    let other = format!("{}?other", hook.url);
    problem(send(&other).await, 422).await;
    let kept = body(manager.get("/v1/webhooks").await).await;
    assert_eq!(kept["items"].as_array().unwrap().len(), 1);
}
