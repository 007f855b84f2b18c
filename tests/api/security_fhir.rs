//! The second penetration test's findings on `/fhir`, each pinned on both databases: a JSON
//! Patch that multiplies memory, bodies as large as a batch import, and dates outside the one
//! range (PostgreSQL answered 500; SQLite stored year 10000).

use askel_tests::{Caller, Overrides, TestApp, body, on_both_databases, on_both_databases_with};
use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::fhir::referral_about;
use crate::referrals::setup;

/// Behind a proxy that forwards, with the public address configured.
const BEHIND_PROXY: Overrides = &[
    ("ASKEL_TRUSTED_PROXIES", "127.0.0.1"),
    ("ASKEL_PUBLIC_URL", "https://askel.example.fi/"),
];

on_both_databases_with!(BEHIND_PROXY; links_use_the_configured_public_url);

on_both_databases!(
    links_never_follow_forwarding_headers_from_an_untrusted_peer,
    a_task_patch_is_checked_before_it_is_applied,
    fhir_bodies_are_bounded_like_v1s,
    fhir_dates_outside_the_range_are_refused
);

/// Sends `b` with `If-Match` naming the Task's current version, so that only the body decides.
async fn send(caller: &Caller<'_>, method: Method, url: &str, kind: &str, b: String) -> Response {
    let version = match url.strip_prefix("/fhir/Task/") {
        Some(id) => task(caller, id).await.0,
        None => "1".to_owned(),
    };
    caller
        .request(method, url)
        .header("Content-Type", kind)
        .header("If-Match", format!("W/\"{version}\""))
        .body(b)
        .send()
        .await
        .unwrap()
}

async fn outcome(r: Response, status: u16) -> String {
    assert_eq!(r.status().as_u16(), status);
    let o: Value = r.json().await.unwrap();
    assert_eq!(o["resourceType"], "OperationOutcome", "{o}");
    o["issue"][0]["diagnostics"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The Task's version and status as the county reads it.
async fn task(caller: &Caller<'_>, id: &str) -> (String, String) {
    let t = body(caller.get(&format!("/fhir/Task/{id}")).await).await;
    (
        t["meta"]["versionId"].as_str().unwrap().to_owned(),
        t["status"].as_str().unwrap().to_owned(),
    )
}

/// The links of the CapabilityStatement and of a searchset Bundle (`self`, `next`, `fullUrl`).
async fn links(caller: &Caller<'_>, forwarded: &[(&str, &str)]) -> String {
    let mut texts = String::new();
    for url in ["/fhir/metadata", "/fhir/Task?_count=1"] {
        let mut r = caller.request(Method::GET, url);
        for (name, value) in forwarded {
            r = r.header(*name, *value);
        }
        let r = r.send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{url}");
        texts.push_str(&r.text().await.unwrap());
    }
    texts
}

const FORWARDED: &[(&str, &str)] = &[
    ("X-Forwarded-Host", "evil.example"),
    ("X-Forwarded-Proto", "https"),
    ("Forwarded", "host=evil.example;proto=https"),
];

/// The county's links with two referrals to page over, asked with forwarding headers.
async fn forwarded_links(app: &TestApp) -> String {
    let s = setup(app).await;
    referral_about(app, &s, None).await;
    referral_about(app, &s, None).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    links(&county, FORWARDED).await
}

/// The second penetration test: `X-Forwarded-Host` pointed `/fhir/metadata` and the search's
/// `next` link at `https://evil.example` with no proxy configured.
async fn links_never_follow_forwarding_headers_from_an_untrusted_peer(app: TestApp) {
    let texts = forwarded_links(&app).await;
    assert!(!texts.contains("evil.example"), "{texts}");
    assert!(
        texts.contains(&format!("{}/fhir/Task", app.base)),
        "{texts}"
    );
}

async fn links_use_the_configured_public_url(app: TestApp) {
    let texts = forwarded_links(&app).await;
    assert!(!texts.contains("evil.example"), "{texts}");
    assert!(
        texts.contains("https://askel.example.fi/fhir/Task?"),
        "{texts}"
    );
    assert!(!texts.contains("127.0.0.1"), "{texts}");
}

async fn a_task_patch_is_checked_before_it_is_applied(app: TestApp) {
    let s = setup(&app).await;
    let id = referral_about(&app, &s, None).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let before = task(&county, &id).await;
    let url = format!("/fhir/Task/{id}");
    let patch = "application/json-patch+json";
    // 16 copies of the whole document doubled it 16 times (607 MB); now refused unapplied.
    let copies: Vec<Value> = (0..16)
        .map(|n| json!({"op": "copy", "from": "", "path": format!("/x{n}")}))
        .collect();
    let said = outcome(
        send(
            &county,
            Method::PATCH,
            &url,
            patch,
            json!(copies).to_string(),
        )
        .await,
        422,
    )
    .await;
    assert!(
        said.contains("only add, remove, replace and test"),
        "{said}"
    );
    let moves = json!([{"op": "move", "from": "/status", "path": "/note"}]).to_string();
    outcome(send(&county, Method::PATCH, &url, patch, moves).await, 422).await;
    let many: Vec<Value> = (0..17)
        .map(|_| json!({"op": "test", "path": "/status", "value": "requested"}))
        .collect();
    let said = outcome(
        send(&county, Method::PATCH, &url, patch, json!(many).to_string()).await,
        422,
    )
    .await;
    assert!(said.contains("at most 16 operations"), "{said}");
    let fixed =
        json!([{"op": "replace", "path": "/owner", "value": {"reference": "Organization/x"}}]);
    outcome(
        send(&county, Method::PATCH, &url, patch, fixed.to_string()).await,
        422,
    )
    .await;
    assert_eq!(task(&county, &id).await, before, "nothing changed");
    // The loop's own patch still moves the Task.
    let received = json!([
        {"op": "test", "path": "/status", "value": "requested"},
        {"op": "replace", "path": "/status", "value": "received"}
    ]);
    let r = send(&county, Method::PATCH, &url, patch, received.to_string()).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(task(&county, &id).await.1, "received");
}

async fn fhir_bodies_are_bounded_like_v1s(app: TestApp) {
    let s = setup(&app).await;
    let id = referral_about(&app, &s, None).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let before = task(&county, &id).await;
    let url = format!("/fhir/Task/{id}");
    let padding = "a".repeat(65 * 1024);
    let big = json!({"resourceType": "Task", "status": "received", "note": [{"text": padding}]});
    outcome(
        send(
            &county,
            Method::PUT,
            &url,
            "application/fhir+json",
            big.to_string(),
        )
        .await,
        413,
    )
    .await;
    let big_patch = json!([{"op": "add", "path": "/note", "value": [{"text": padding}]}]);
    outcome(
        send(
            &county,
            Method::PATCH,
            &url,
            "application/json-patch+json",
            big_patch.to_string(),
        )
        .await,
        413,
    )
    .await;
    let big_subscription = json!({"resourceType": "Subscription", "reason": padding});
    outcome(
        send(
            &county,
            Method::POST,
            "/fhir/Subscription",
            "application/fhir+json",
            big_subscription.to_string(),
        )
        .await,
        413,
    )
    .await;
    assert_eq!(task(&county, &id).await, before);
}

async fn fhir_dates_outside_the_range_are_refused(app: TestApp) {
    let s = setup(&app).await;
    let id = referral_about(&app, &s, None).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    for since in [
        "ge-5000-01-01",
        "gt+10000-01-01",
        "ge0001-01-01",
        "ge1899-12-31T23:59:59Z",
        "gt2200-01-01",
    ] {
        for resource in ["Task", "ServiceRequest"] {
            let r = county
                .get(&format!("/fhir/{resource}?_lastUpdated={since}"))
                .await;
            let said = outcome(r, 400).await;
            assert!(
                said.contains("1900-01-01 to 2199-12-31") || said.contains("not an instant"),
                "{since}: {said}"
            );
        }
    }
    // Move the Task to in progress, then try to complete it with a date outside the range.
    let url = format!("/fhir/Task/{id}");
    for status in ["received", "accepted", "in-progress"] {
        let (version, _) = task(&county, &id).await;
        let r = county
            .request(Method::PATCH, &url)
            .header("Content-Type", "application/json-patch+json")
            .header("If-Match", format!("W/\"{version}\""))
            .body(json!([{"op": "replace", "path": "/status", "value": status}]).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }
    let before = task(&county, &id).await;
    for far in [
        "-5000-01-01",
        "+10000-01-01",
        "0001-01-01",
        "1899-12-31",
        "2200-01-01",
    ] {
        let done = json!([
            {"op": "replace", "path": "/status", "value": "completed"},
            {"op": "add", "path": "/output", "value": [
                {"type": {"text": "outcome"}, "valueString": "Alkoi."},
                {"type": {"text": "started_on"}, "valueDate": far}
            ]}
        ]);
        let r = county
            .request(Method::PATCH, &url)
            .header("Content-Type", "application/json-patch+json")
            .header("If-Match", format!("W/\"{}\"", before.0))
            .body(done.to_string())
            .send()
            .await
            .unwrap();
        let said = outcome(r, 422).await;
        assert!(said.contains("1900-01-01 to 2199-12-31"), "{far}: {said}");
    }
    assert_eq!(task(&county, &id).await, before, "nothing stored");
}
