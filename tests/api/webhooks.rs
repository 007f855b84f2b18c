//! Webhooks with a real receiver on loopback: signatures verify (computed here, not with the
//! server's code), order holds, a receiver answering 500 three times then 200 gets every event
//! once more in order, a subscription that keeps failing is paused with its reason and resumes
//! where it stopped, two instances deliver each event once, redelivery and secret rotation;
//! URLs into private networks are refused without connecting.

use std::collections::HashMap;

use askel_tests::receiver::{Received, Receiver};
use askel_tests::{Caller, Overrides, TestApp, body, on_both_databases_with, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

/// Plain HTTP to loopback (the receiver), fast retries and polls.
const DEV: Overrides = &[
    ("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true"),
    ("ASKEL_WEBHOOK_RETRY_BASE_MS", "100"),
    ("ASKEL_WEBHOOK_POLL_MS", "25"),
    ("ASKEL_WEBHOOK_TIMEOUT_MS", "2000"),
];

/// As `DEV`, giving up after two seconds of failures.
const IMPATIENT: Overrides = &[
    ("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true"),
    ("ASKEL_WEBHOOK_RETRY_BASE_MS", "100"),
    ("ASKEL_WEBHOOK_POLL_MS", "25"),
    ("ASKEL_WEBHOOK_TIMEOUT_MS", "2000"),
    ("ASKEL_WEBHOOK_GIVE_UP_SECONDS", "2"),
];

on_both_databases_with!(DEV;
    deliveries_are_signed_in_feed_order_and_retried_until_taken,
    two_instances_deliver_each_event_once,
    redelivery_and_rotation_sign_with_the_right_secrets
);
on_both_databases_with!(IMPATIENT;
    a_subscription_that_keeps_failing_is_paused_and_resumes_where_it_stopped
);
askel_tests::on_both_databases!(urls_into_private_networks_are_refused_without_connecting);

async fn subscribe(caller: &Caller<'_>, url: &str, types: &[&str]) -> Value {
    let r = caller
        .post("/v1/webhooks", &json!({"url": url, "event_types": types}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    body(r).await
}

fn delivered(got: &[Received]) -> Vec<String> {
    got.iter()
        .filter(|r| r.status == 200)
        .map(|r| r.id.clone())
        .collect()
}

async fn steps(app: &TestApp, laptuote: Uuid, person: Uuid, n: u8) {
    let worker = app.caller(&["worker"], Some(laptuote));
    for step in 1..=n {
        let r = worker
            .post(
                &format!("/v1/participants/{person}/steps"),
                &json!({"step": step, "entered_on": "2025-01-07"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
}

/// The delivery log once it holds `n` attempts: it is written when a batch has been sent, a
/// moment after the receiver has it.
async fn logged(caller: &Caller<'_>, id: &str, n: usize) -> Value {
    let started = std::time::Instant::now();
    loop {
        let log = body(caller.get(&format!("/v1/webhooks/{id}/deliveries")).await).await;
        if log["items"].as_array().is_some_and(|i| i.len() >= n) {
            return log;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{n} attempts logged: {log}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The feed's event ids, in order, for the caller.
async fn feed_ids(caller: &Caller<'_>) -> Vec<String> {
    let page = body(caller.get("/v1/events?limit=500").await).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn deliveries_are_signed_in_feed_order_and_retried_until_taken(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start(3);
    let manager = app.caller(&["manager"], Some(s.laptuote));
    let hook = subscribe(&manager, &receiver.url, &[]).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let person = participant(&app, &s, &["data_processing"], None).await;
    steps(&app, s.laptuote, person, 2).await;

    let got = receiver.until(|r| delivered(r).len() >= 3).await;
    let ids = delivered(&got);
    let feed = feed_ids(&manager).await;
    assert_eq!(ids, feed, "every event once, in feed order");
    assert_eq!(
        got.iter().map(|r| r.status).collect::<Vec<_>>(),
        [500, 500, 500, 200, 200, 200]
    );
    assert!(
        got[..4].iter().all(|r| r.id == ids[0]),
        "the first event retried until taken, nothing overtaking it"
    );
    for r in &got {
        assert!(r.signed_with(&secret), "{r:?}");
        let payload = r.json();
        assert_eq!(payload["data"]["id"], json!(r.id));
        assert_eq!(payload["data"]["participant_id"], json!(person));
        assert!(payload.to_string().len() < 800, "ids only");
    }
    let types: Vec<Value> = got[3..].iter().map(|r| r.json()["type"].clone()).collect();
    assert_eq!(
        types,
        [
            json!("participant.registered"),
            json!("participant.step_entered"),
            json!("participant.step_entered")
        ]
    );

    // The log: three failures and three deliveries, newest first.
    let id = hook["id"].as_str().unwrap();
    let log = logged(&manager, id, 6).await;
    let outcomes: Vec<(String, i64)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|d| {
            (
                d["outcome"].as_str().unwrap().to_owned(),
                d["attempt"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("failed".to_owned(), 1),
            ("failed".to_owned(), 2),
            ("failed".to_owned(), 3),
            ("delivered".to_owned(), 4),
            ("delivered".to_owned(), 1),
            ("delivered".to_owned(), 1)
        ]
    );
    let read = body(manager.get(&format!("/v1/webhooks/{id}")).await).await;
    assert_eq!(
        (
            read["status"].clone(),
            read["failures"].clone(),
            read.get("secret")
        ),
        (json!("active"), json!(0), None),
        "the secret is shown once"
    );

    // Another organisation's subscription answers 404; a worker does not manage webhooks.
    problem(
        app.caller(&["manager"], Some(s.te))
            .get(&format!("/v1/webhooks/{id}"))
            .await,
        404,
    )
    .await;
    problem(
        app.caller(&["worker"], Some(s.laptuote))
            .post("/v1/webhooks", &json!({"url": receiver.url}))
            .await,
        403,
    )
    .await;
}

async fn a_subscription_that_keeps_failing_is_paused_and_resumes_where_it_stopped(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start(0);
    receiver.set_failing(true);
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let hook = subscribe(&county, &receiver.url, &["referral.received"]).await;
    let id = hook["id"].as_str().unwrap();
    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let r = worker.post(&format!("/v1/participants/{person}/referrals"), &json!({"target_organisation_id": s.eksote, "service_kind": "other", "reason": "x", "send": true})).await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let paused = loop {
        let read = body(county.get(&format!("/v1/webhooks/{id}")).await).await;
        if read["status"] == "paused" || std::time::Instant::now() > deadline {
            break read;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(paused["status"], "paused");
    assert!(
        paused["paused_reason"]
            .as_str()
            .unwrap()
            .contains("HTTP 500"),
        "{paused}"
    );
    let tries = receiver.received().len();
    assert!(tries >= 2, "retried before pausing: {tries}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), tries, "nothing while paused");

    receiver.set_failing(false);
    let r = county
        .request(Method::PATCH, &format!("/v1/webhooks/{id}"))
        .json(&json!({"status": "active"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let got = receiver.until(|r| !delivered(r).is_empty()).await;
    assert_eq!(
        delivered(&got).len(),
        1,
        "the referral that had failed, once it is taken"
    );
    assert_eq!(got.last().unwrap().json()["type"], "referral.received");
}

async fn two_instances_deliver_each_event_once(app: TestApp) {
    let s = setup(&app).await;
    let (_port, _second) = app.another_instance().await;
    let receiver = Receiver::start(0);
    let manager = app.caller(&["manager"], Some(s.laptuote));
    subscribe(&manager, &receiver.url, &[]).await;
    let mut people = Vec::new();
    for _ in 0..6 {
        people.push(participant(&app, &s, &["data_processing"], None).await);
    }
    for person in &people {
        steps(&app, s.laptuote, *person, 3).await;
    }
    let expected = 6 * 4;
    let got = receiver.until(|r| delivered(r).len() >= expected).await;
    // Let any double delivery arrive.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let got = if got.len() == receiver.received().len() {
        got
    } else {
        receiver.received()
    };
    let mut times: HashMap<String, usize> = HashMap::new();
    for r in &got {
        *times.entry(r.id.clone()).or_default() += 1;
    }
    assert_eq!(times.len(), expected);
    assert!(
        times.values().all(|n| *n == 1),
        "each event once: {times:?}"
    );
    assert_eq!(delivered(&got), feed_ids(&manager).await, "in feed order");
}

async fn redelivery_and_rotation_sign_with_the_right_secrets(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start(0);
    let manager = app.caller(&["manager"], Some(s.laptuote));
    let hook = subscribe(&manager, &receiver.url, &[]).await;
    let id = hook["id"].as_str().unwrap();
    let first_secret = hook["secret"].as_str().unwrap().to_owned();
    participant(&app, &s, &["data_processing"], None).await;
    receiver.until(|r| delivered(r).len() == 1).await;

    let log = logged(&manager, id, 1).await;
    let delivery = log["items"][0]["id"].as_str().unwrap();
    let again = body(
        manager
            .post(
                &format!("/v1/webhooks/{id}/deliveries/{delivery}/redeliver"),
                &json!({}),
            )
            .await,
    )
    .await;
    assert_eq!(
        (again["outcome"].clone(), again["attempt"].clone()),
        (json!("delivered"), json!(2))
    );
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, got[1].id, "the same event, the same webhook-id");

    let r = manager
        .request(Method::PATCH, &format!("/v1/webhooks/{id}"))
        .json(&json!({"rotate_secret": true}))
        .send()
        .await
        .unwrap();
    let rotated = body(r).await;
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, first_secret);
    participant(&app, &s, &["data_processing"], None).await;
    let got = receiver.until(|r| delivered(r).len() == 3).await;
    let last = got.last().unwrap();
    assert!(
        last.signed_with(&new_secret) && last.signed_with(&first_secret),
        "both sign during the overlap: {last:?}"
    );
    assert_eq!(last.signature.split(' ').count(), 2);
    // A second rotation during the overlap would drop the first secret at once: it waits.
    let again = manager
        .request(Method::PATCH, &format!("/v1/webhooks/{id}"))
        .json(&json!({"rotate_secret": true}))
        .send()
        .await
        .unwrap();
    let p = problem(again, 409).await;
    assert!(
        p["detail"].as_str().unwrap().contains("rotate again after"),
        "{p}"
    );

    let r = manager
        .request(Method::DELETE, &format!("/v1/webhooks/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    participant(&app, &s, &["data_processing"], None).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 3, "nothing after the removal");
}

async fn urls_into_private_networks_are_refused_without_connecting(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start(0);
    let manager = app.caller(&["manager"], Some(s.laptuote));
    for url in [
        receiver.url.clone(),
        receiver.url.replace("http://", "https://"),
        "https://10.0.0.1/hook".to_owned(),
        "https://192.168.0.10/hook".to_owned(),
        "https://169.254.169.254/latest/meta-data/".to_owned(),
        "https://[fd00::1]/hook".to_owned(),
        // IPv6 forms that carry an IPv4 address, and deprecated site-local.
        "https://[::127.0.0.1]/hook".to_owned(),
        "https://[64:ff9b::7f00:1]/hook".to_owned(),
        "https://[64:ff9b:1::a00:1]/hook".to_owned(),
        "https://[2002:7f00:1::]/hook".to_owned(),
        "https://[::ffff:0:7f00:1]/hook".to_owned(),
        "https://[fec0::1]/hook".to_owned(),
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook".to_owned(),
        "https://localhost/hook".to_owned(),
        "ftp://example.fi/hook".to_owned(),
    ] {
        let p = problem(
            manager.post("/v1/webhooks", &json!({"url": url})).await,
            422,
        )
        .await;
        assert_eq!(p["errors"][0]["field"], "url", "{url}: {p}");
        assert!(!p.to_string().contains("10.0.0.1"), "never repeated");
    }
    participant(&app, &s, &["data_processing"], None).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(receiver.received().is_empty(), "no connection was made");
    assert!(
        body(manager.get("/v1/webhooks").await).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
