//! The FHIR R4 facade: the county's closed loop through Task, searches that page without
//! gaps, references that resolve, OperationOutcomes for every error, and nothing for a
//! foreign organisation.

use askel_tests::{Caller, TestApp, body, on_both_databases};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::referrals::{Setup, participant, setup};

on_both_databases!(
    the_county_finds_reads_and_closes_a_referral_through_fhir,
    fhir_errors_are_operation_outcomes_and_xml_is_refused,
    a_foreign_organisation_finds_nothing_on_any_fhir_route,
);

const FHIR: &str = "application/fhir+json";

/// Sends a referral from Laptuote to Eksote about a participant who consented; its id.
async fn referral(app: &TestApp, s: &Setup) -> String {
    referral_about(app, s, Some("020497-123H")).await
}

/// The same, about a participant with `identity_code`, which is shared when given.
pub(crate) async fn referral_about(
    app: &TestApp,
    s: &Setup,
    identity_code: Option<&str>,
) -> String {
    let person = participant(
        app,
        s,
        &["data_processing", "share_with_county"],
        identity_code,
    )
    .await;
    let r = app
        .caller(&["worker"], Some(s.laptuote))
        .post(
            &format!("/v1/participants/{person}/referrals"),
            &json!({"target_organisation_id": s.eksote, "service_kind": "work_trial", "reason": "Valmis työkokeiluun.",
                    "share": {"identity_code": identity_code.is_some(), "birth_date": true}, "send": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    body(r).await["id"].as_str().unwrap().to_owned()
}

pub(crate) async fn fhir_get(caller: &Caller<'_>, path: &str) -> Response {
    caller
        .request(Method::GET, path)
        .header("Accept", FHIR)
        .send()
        .await
        .unwrap()
}

/// The resource, after checking the status and the media type.
pub(crate) async fn resource(r: Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status, "{:?}", r.url().path());
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(FHIR)
    );
    r.json().await.unwrap()
}

/// An OperationOutcome with `status`; its first issue.
async fn outcome(r: Response, status: u16) -> Value {
    let o = resource(r, status).await;
    assert_eq!(o["resourceType"], "OperationOutcome", "{o}");
    assert_eq!(o["issue"][0]["severity"], "error");
    o["issue"][0].clone()
}

fn etag(r: &Response) -> String {
    r.headers()["etag"].to_str().unwrap().to_owned()
}

async fn put_task(caller: &Caller<'_>, id: &str, version: Option<&str>, task: &Value) -> Response {
    let mut r = caller
        .request(Method::PUT, &format!("/fhir/Task/{id}"))
        .header("Content-Type", FHIR)
        .body(task.to_string());
    if let Some(v) = version {
        r = r.header("If-Match", v);
    }
    r.send().await.unwrap()
}

async fn patch_task(caller: &Caller<'_>, id: &str, version: &str, patch: &Value) -> Response {
    caller
        .request(Method::PATCH, &format!("/fhir/Task/{id}"))
        .header("Content-Type", "application/json-patch+json")
        .header("If-Match", version)
        .body(patch.to_string())
        .send()
        .await
        .unwrap()
}

async fn the_county_finds_reads_and_closes_a_referral_through_fhir(app: TestApp) {
    let s = setup(&app).await;
    let id = referral(&app, &s).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));

    let statement = resource(fhir_get(&app.anonymous(), "/fhir/metadata").await, 200).await;
    assert_eq!(statement["resourceType"], "CapabilityStatement");
    assert_eq!(statement["fhirVersion"], "4.0.1");

    // Search the inbox, read the request, resolve its references.
    let found = resource(
        fhir_get(
            &county,
            &format!(
                "/fhir/ServiceRequest?performer=Organization/{}&status=active",
                s.eksote
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(found["type"], "searchset");
    let entries = found["entry"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["resource"]["id"], id.as_str());
    assert!(
        entries[0]["fullUrl"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/fhir/ServiceRequest/{id}"))
    );
    let read = fhir_get(&county, &format!("/fhir/ServiceRequest/{id}")).await;
    let tag = etag(&read);
    let request = resource(read, 200).await;
    assert_eq!(
        tag,
        format!("W/\"{}\"", request["meta"]["versionId"].as_str().unwrap())
    );
    assert_eq!(
        request["contained"][0]["identifier"][0]["value"],
        "020497-123H"
    );
    let requester = request["requester"]["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let org = resource(fhir_get(&county, &format!("/fhir/{requester}")).await, 200).await;
    assert_eq!(org["resourceType"], "Organization");
    assert_eq!(org["name"], "Laptuote-säätiö sr");

    // The Task: received (PUT), accepted (PATCH), in progress, completed with the outcome.
    let read = fhir_get(&county, &format!("/fhir/Task/{id}")).await;
    let mut version = etag(&read);
    let mut task = resource(read, 200).await;
    assert_eq!(task["status"], "requested");
    assert_eq!(
        task["owner"]["reference"],
        format!("Organization/{}", s.eksote)
    );
    assert_eq!(task["focus"]["reference"], format!("ServiceRequest/{id}"));
    task["status"] = json!("received");
    let r = put_task(&county, &id, Some(&version), &task).await;
    let stale = version.clone();
    version = etag(&r);
    assert_eq!(resource(r, 200).await["status"], "received");
    let refused = outcome(put_task(&county, &id, Some(&stale), &task).await, 412).await;
    assert_eq!(refused["code"], "conflict");
    outcome(put_task(&county, &id, None, &task).await, 428).await;
    for status in ["accepted", "in-progress"] {
        let r = patch_task(
            &county,
            &id,
            &version,
            &json!([{"op": "replace", "path": "/status", "value": status}]),
        )
        .await;
        version = etag(&r);
        assert_eq!(resource(r, 200).await["status"], status);
    }
    let mut done = resource(fhir_get(&county, &format!("/fhir/Task/{id}")).await, 200).await;
    done["status"] = json!("completed");
    done["output"] = json!([
        {"type": {"text": "outcome"}, "valueString": "Työkokeilu alkoi kierrätyskeskuksessa."},
        {"type": {"text": "started_on"}, "valueDate": "2025-03-03"}
    ]);
    let r = put_task(&county, &id, Some(&version), &done).await;
    version = etag(&r);
    let done = resource(r, 200).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["output"][1]["valueDate"], "2025-03-03");

    // The sender sees it through /v1: every move, the outcome.
    let seen = body(
        app.caller(&["worker"], Some(s.laptuote))
            .get(&format!("/v1/referrals/{id}"))
            .await,
    )
    .await;
    assert_eq!(seen["status"], "completed");
    assert_eq!(
        seen["outcome"]["description"],
        "Työkokeilu alkoi kierrätyskeskuksessa."
    );
    let moves: Vec<&str> = seen["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        moves,
        [
            "draft",
            "sent",
            "received",
            "accepted",
            "in_progress",
            "completed"
        ]
    );

    // An illegal move is refused as /v1 refuses it, as an OperationOutcome.
    let mut again = done.clone();
    again["status"] = json!("received");
    let refused = outcome(put_task(&county, &id, Some(&version), &again).await, 409).await;
    assert_eq!(refused["code"], "business-rule");
    assert!(
        refused["diagnostics"]
            .as_str()
            .unwrap()
            .contains("allowed: none"),
        "{refused}"
    );
}

async fn fhir_errors_are_operation_outcomes_and_xml_is_refused(app: TestApp) {
    let s = setup(&app).await;
    let id = referral(&app, &s).await;
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let path = format!("/fhir/ServiceRequest/{id}");

    let xml = county
        .request(Method::GET, &path)
        .header("Accept", "application/fhir+xml")
        .send()
        .await
        .unwrap();
    outcome(xml, 406).await;
    outcome(fhir_get(&county, &format!("{path}?_format=xml")).await, 406).await;
    resource(
        fhir_get(&county, &format!("{path}?_format=json")).await,
        200,
    )
    .await;
    let v1_xml = county
        .request(Method::GET, &format!("/v1/referrals/{id}"))
        .header("Accept", "application/fhir+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(v1_xml.status(), StatusCode::NOT_ACCEPTABLE);
    let v1_fhir = fhir_get(&county, &format!("/v1/referrals/{id}")).await;
    assert_eq!(etag(&v1_fhir), "W/\"2\"", "created (1) and sent (2)");
    assert_eq!(
        fhir_get(&county, "/v1/referrals").await.status(),
        StatusCode::NOT_ACCEPTABLE,
        "the /v1 list is no FHIR search"
    );

    let unknown = outcome(
        fhir_get(&county, "/fhir/ServiceRequest?subject=Patient/1").await,
        400,
    )
    .await;
    assert_eq!(unknown["code"], "not-supported");
    // The parameter's name is the caller's text: never named back (the second penetration
    // test), only what is supported.
    assert!(unknown.get("expression").is_none(), "{unknown}");
    assert!(
        unknown["diagnostics"]
            .as_str()
            .unwrap()
            .contains("supported: performer, requester, status")
    );
    let login = app
        .anonymous()
        .request(Method::GET, &path)
        .send()
        .await
        .unwrap();
    assert!(login.headers().contains_key("www-authenticate"));
    assert_eq!(outcome(login, 401).await["code"], "login");
    outcome(fhir_get(&county, "/fhir/Patient/1").await, 404).await;
    outcome(
        fhir_get(&county, "/fhir/ServiceRequest/not-an-id").await,
        404,
    )
    .await;
    let post = county
        .request(Method::POST, &format!("/fhir/Task/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.headers()["allow"], "GET, PUT, PATCH");
    outcome(post, 405).await;

    // A rejection needs its reason; with one, the Task carries it.
    let read = fhir_get(&county, &format!("/fhir/Task/{id}")).await;
    let version = etag(&read);
    let mut task = resource(read, 200).await;
    task["status"] = json!("received");
    let r = put_task(&county, &id, Some(&version), &task).await;
    let version = etag(&r);
    let mut task = resource(r, 200).await;
    task["status"] = json!("rejected");
    let missing = outcome(put_task(&county, &id, Some(&version), &task).await, 422).await;
    assert_eq!(missing["expression"][0], "Task.statusReason.coding");
    task["owner"] = json!({"reference": format!("Organization/{}", s.te)});
    let fixed = outcome(put_task(&county, &id, Some(&version), &task).await, 422).await;
    assert_eq!(fixed["expression"][0], "Task.owner");
    task["owner"] = json!({"reference": format!("Organization/{}", s.eksote)});
    task["statusReason"] = json!({"coding": [{"system": "urn:askel:code-list:decline_reasons", "code": "no_capacity"}], "text": "Ei paikkoja keväällä."});
    let as_json = county
        .request(Method::PUT, &format!("/fhir/Task/{id}"))
        .header("Content-Type", "text/plain")
        .header("If-Match", &version)
        .body(task.to_string())
        .send()
        .await
        .unwrap();
    outcome(as_json, 415).await;
    let rejected = resource(put_task(&county, &id, Some(&version), &task).await, 200).await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["statusReason"]["coding"][0]["code"], "no_capacity");
    let v1 = body(county.get(&format!("/v1/referrals/{id}")).await).await;
    assert_eq!(v1["status"], "declined");
    assert_eq!(v1["decline"]["reason"], "no_capacity");
}

async fn a_foreign_organisation_finds_nothing_on_any_fhir_route(app: TestApp) {
    let s = setup(&app).await;
    let id = referral(&app, &s).await;
    let other = app
        .organisation("Pohjois-Savon hyvinvointialue", "wellbeing_services_county")
        .await;
    let stranger = app.caller(&["referral_handler", "manager", "worker"], Some(other));
    outcome(
        fhir_get(&stranger, &format!("/fhir/ServiceRequest/{id}")).await,
        404,
    )
    .await;
    outcome(fhir_get(&stranger, &format!("/fhir/Task/{id}")).await, 404).await;
    let task = json!({"resourceType": "Task", "id": id, "status": "received", "intent": "order"});
    outcome(put_task(&stranger, &id, Some("W/\"2\""), &task).await, 404).await;
    for search in [
        format!("/fhir/ServiceRequest?performer=Organization/{}", s.eksote),
        format!("/fhir/Task?owner=Organization/{}", s.eksote),
        "/fhir/ServiceRequest".to_owned(),
    ] {
        let b = resource(fhir_get(&stranger, &search).await, 200).await;
        assert!(b.get("entry").is_none(), "{search}: {b}");
    }
    // The referral is as it was.
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let task = resource(fhir_get(&county, &format!("/fhir/Task/{id}")).await, 200).await;
    assert_eq!(task["status"], "requested");
}
