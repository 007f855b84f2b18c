//! The county's FHIR Subscriptions: rest-hook on its own inbox, delivered to a real receiver on
//! loopback as signed id-only notifications, only for the referrals addressed to it; refused
//! clearly for anything else.

use askel_tests::receiver::Receiver;
use askel_tests::{Caller, Overrides, TestApp, body, on_both_databases_with};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

/// Plain HTTP to loopback (the receiver), fast polls.
const DEV: Overrides = &[
    ("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true"),
    ("ASKEL_WEBHOOK_RETRY_BASE_MS", "100"),
    ("ASKEL_WEBHOOK_POLL_MS", "25"),
    ("ASKEL_WEBHOOK_TIMEOUT_MS", "2000"),
];

on_both_databases_with!(DEV;
    a_county_subscription_is_notified_of_its_own_referrals_only,
    subscriptions_other_than_the_inbox_rest_hook_are_refused
);

async fn post_subscription(caller: &Caller<'_>, s: &Value) -> Response {
    caller
        .request(Method::POST, "/fhir/Subscription")
        .header("Content-Type", "application/fhir+json")
        .body(s.to_string())
        .send()
        .await
        .unwrap()
}

fn inbox(org: Uuid, endpoint: &str) -> Value {
    json!({"resourceType": "Subscription", "status": "requested", "reason": "Uudet ohjaukset",
           "criteria": format!("ServiceRequest?performer=Organization/{org}"),
           "channel": {"type": "rest-hook", "endpoint": endpoint, "payload": "application/fhir+json"}})
}

async fn a_county_subscription_is_notified_of_its_own_referrals_only(app: TestApp) {
    let s = setup(&app).await;
    let county_hook = Receiver::start(0);
    let admin_hook = Receiver::start(0);
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let r = post_subscription(&county, &inbox(s.eksote, &county_hook.url)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("/fhir/Subscription/")
    );
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["status"], "active");
    assert_eq!(created["reason"], "Uudet ohjaukset");
    let secret = created["extension"][0]["valueString"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    // The project's administrator sees the sending side of its partners' referrals: its own
    // inbox subscription must not hear of them.
    let socom = body(
        app.admin()
            .get(&format!("/v1/projects/{}", s.project))
            .await,
    )
    .await;
    let administrator: Uuid = socom["administrator_organisation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let manager = app.caller(&["manager"], Some(administrator));
    let r = post_subscription(&manager, &inbox(administrator, &admin_hook.url)).await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let r = app
        .caller(&["worker"], Some(s.laptuote))
        .post(
            &format!("/v1/participants/{person}/referrals"),
            &json!({"target_organisation_id": s.eksote, "service_kind": "housing_services", "reason": "Asunto.", "send": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let referral = body(r).await["id"].as_str().unwrap().to_owned();

    let got = county_hook.until(|got| !got.is_empty()).await;
    let n = &got[0];
    assert!(n.signed_with(&secret), "signed with the secret shown once");
    let bundle = n.json();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "history");
    let params = &bundle["entry"][0]["resource"];
    assert_eq!(params["resourceType"], "Parameters");
    let event = params["parameter"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "notification-event")
        .unwrap();
    let focus = event["part"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "focus")
        .unwrap();
    assert_eq!(
        focus["valueReference"]["reference"],
        format!("ServiceRequest/{referral}")
    );
    assert!(
        !String::from_utf8_lossy(&n.body).contains(&person.to_string()),
        "id-only: nothing about the person"
    );

    // The administrator's feed had the referral's events too; its inbox Subscription was
    // passed over them. A webhook of its own with Askel's payload hears of them.
    let own = Receiver::start(0);
    let r = manager
        .post(
            "/v1/webhooks",
            &json!({"url": own.url, "event_types": ["referral.status_changed"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .caller(&["worker"], Some(s.laptuote))
        .post(
            &format!("/v1/referrals/{referral}/transitions"),
            &json!({"to": "cancelled"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    own.until(|got| !got.is_empty()).await;
    county_hook.until(|got| got.len() >= 2).await;
    assert!(
        admin_hook.received().is_empty(),
        "performer is not the administrator"
    );

    // Listed under /v1/webhooks; read and deleted as a Subscription.
    let listed = body(county.get("/v1/webhooks").await).await;
    assert_eq!(listed["items"][0]["payload"], "fhir_id_only");
    let read = county
        .request(Method::GET, &format!("/fhir/Subscription/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let read: Value = read.json().await.unwrap();
    assert!(read.get("extension").is_none(), "the secret is shown once");
    assert_eq!(
        read["reason"], "Uudet ohjaukset",
        "the reason reads back as sent"
    );
    let deleted = county
        .request(Method::DELETE, &format!("/fhir/Subscription/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = county
        .request(Method::GET, &format!("/fhir/Subscription/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

async fn subscriptions_other_than_the_inbox_rest_hook_are_refused(app: TestApp) {
    let s = setup(&app).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let hook = Receiver::start(0);
    let expression = |v: &Value| {
        v["issue"][0]["expression"][0]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    for (change, at) in [
        (
            json!({"criteria": format!("ServiceRequest?performer=Organization/{}", s.te)}),
            "Subscription.criteria",
        ),
        (
            json!({"criteria": "Patient?name=Virtanen"}),
            "Subscription.criteria",
        ),
        (
            json!({"channel": {"type": "email", "endpoint": "mailto:x@example.org"}}),
            "Subscription.channel.type",
        ),
        (
            json!({"channel": {"type": "rest-hook", "endpoint": "http://10.0.0.8/hook"}}),
            "Subscription.channel.endpoint",
        ),
        (json!({"reason": ""}), "Subscription.reason"),
        (json!({"reason": "x".repeat(501)}), "Subscription.reason"),
    ] {
        let mut sub = inbox(s.eksote, &hook.url);
        for (k, v) in change.as_object().unwrap() {
            sub[k] = v.clone();
        }
        let r = post_subscription(&county, &sub).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{change}");
        let o: Value = r.json().await.unwrap();
        assert_eq!(o["resourceType"], "OperationOutcome");
        assert_eq!(expression(&o), at, "{o}");
    }
    assert!(
        body(county.get("/v1/webhooks").await).await["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing was stored"
    );
    // An Askel webhook is no FHIR Subscription.
    let r = county.post("/v1/webhooks", &json!({"url": hook.url})).await;
    let webhook = body(r).await["id"].as_str().unwrap().to_owned();
    let r = county
        .request(Method::GET, &format!("/fhir/Subscription/{webhook}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(hook.received().is_empty(), "no address was connected to");
}
