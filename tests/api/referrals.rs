//! Referrals: consent, the lifecycle on both sides, the county's inbox, FHIR.

use askel_tests::{Caller, TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    a_referral_needs_consent_and_runs_its_lifecycle_on_both_sides,
    a_county_inbox_holds_exactly_the_referrals_addressed_to_it,
);

/// A project (Socom administers, Laptuote co-implements) with Eksote and a TE office as actors.
pub(crate) struct Setup {
    pub(crate) project: Uuid,
    pub(crate) laptuote: Uuid,
    pub(crate) eksote: Uuid,
    pub(crate) te: Uuid,
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let eksote = app
        .organisation(
            "Etelä-Karjalan hyvinvointialue",
            "wellbeing_services_county",
        )
        .await;
    let te = app
        .organisation("Kaakkois-Suomen TE-toimisto", "te_office")
        .await;
    let project = id_of(&app.project("ESKO", socom).await);
    let manager = app.caller(&["manager"], Some(socom));
    for (org, role) in [
        (laptuote, "co_implementer"),
        (eksote, "steering_group_member"),
        (te, "cooperation_partner"),
    ] {
        let r = manager
            .post(
                &format!("/v1/projects/{project}/actors"),
                &json!({"organisation_id": org, "role": role}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    Setup {
        project,
        laptuote,
        eksote,
        te,
    }
}

/// Registers a participant of Laptuote's with the given consents (and identity code, if
/// any); returns its id.
pub(crate) async fn participant(
    app: &TestApp,
    s: &Setup,
    consents: &[&str],
    identity_code: Option<&str>,
) -> Uuid {
    let consents: Vec<Value> = consents
        .iter()
        .map(|k| json!({"kind": k, "given": true, "date": "2025-01-07"}))
        .collect();
    let r = app
        .caller(&["worker"], Some(s.laptuote))
        .post(
            &format!("/v1/projects/{}/participants", s.project),
            &json!({"entry_date": "2025-01-07", "gender": "male", "birth_date": "1997-04-02", "labour_market_status": "unemployed",
                    "unemployed_since": "2024-02-01", "education": "isced_0_2", "identity_code": identity_code, "home_municipality": "405",
                    "consents": consents}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    id_of(&body(r).await)
}

async fn transition(caller: &Caller<'_>, id: &str, body_: Value) -> reqwest::Response {
    caller
        .post(&format!("/v1/referrals/{id}/transitions"), &body_)
        .await
}

async fn a_referral_needs_consent_and_runs_its_lifecycle_on_both_sides(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing"], Some("020497-123H")).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let url = format!("/v1/participants/{person}/referrals");
    let referral = json!({"target_organisation_id": s.eksote, "service_kind": "work_trial", "reason": "Valmis työkokeiluun.",
                          "share": {"identity_code": true, "birth_date": true}, "send": true});
    let p = problem(worker.post(&url, &referral).await, 409).await;
    assert!(
        p["detail"].as_str().unwrap().contains("share_with_county"),
        "{p}"
    );
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    assert_eq!(
        body(county.get("/v1/referrals").await).await["items"],
        json!([]),
        "nothing was stored"
    );

    worker
        .patch(&format!("/v1/participants/{person}"), &json!({"new_consents": [{"kind": "share_with_county", "given": true, "date": "2025-02-01"}]}))
        .await;
    let r = worker.post(&url, &referral).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created = body(r).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "sent");
    assert_eq!(created["allowed_transitions"], json!(["cancelled"]));

    // The target sees what was shared, the identity code included; the read is audited.
    let seen = body(county.get(&format!("/v1/referrals/{id}")).await).await;
    assert_eq!(seen["shared"]["identity_code"], "020497-123H");
    assert_eq!(seen["shared"]["birth_date"], "1997-04-02");
    assert_eq!(seen["shared"]["gender"], Value::Null, "not shared");
    assert_eq!(seen["allowed_transitions"], json!(["received"]));

    // Illegal moves are refused with the allowed ones named; nothing changes.
    let p = problem(
        transition(&county, &id, json!({"to": "accepted"})).await,
        409,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().ends_with("allowed: received"),
        "{p}"
    );
    problem(
        transition(&worker, &id, json!({"to": "received"})).await,
        409,
    )
    .await;
    assert_eq!(
        failing_fields(
            &problem(
                transition(&county, &id, json!({"to": "declined"})).await,
                422
            )
            .await
        ),
        ["decline_reason"]
    );

    for to in ["received", "accepted"] {
        assert_eq!(
            transition(&county, &id, json!({"to": to})).await.status(),
            StatusCode::OK,
            "{to}"
        );
    }
    let done = transition(&county, &id, json!({"to": "completed", "outcome": {"description": "Työkokeilu alkoi.", "started_on": "2025-03-03"}})).await;
    assert_eq!(done.status(), StatusCode::OK);
    let by_sender = body(worker.get(&format!("/v1/referrals/{id}")).await).await;
    assert_eq!(by_sender["status"], "completed");
    assert_eq!(by_sender["outcome"]["started_on"], "2025-03-03");
    assert!(
        by_sender["shared"].get("identity_code").is_none(),
        "the sender is not sent the code back"
    );
    let moves: Vec<_> = by_sender["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        moves,
        ["draft", "sent", "received", "accepted", "completed"]
    );
    assert!(
        by_sender["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["at"].is_string())
    );
    problem(
        transition(&worker, &id, json!({"to": "cancelled"})).await,
        409,
    )
    .await;

    // FHIR for county systems.
    let fhir = county
        .request(reqwest::Method::GET, &format!("/v1/referrals/{id}"))
        .header("Accept", "application/fhir+json")
        .send()
        .await
        .unwrap();
    assert_eq!(fhir.headers()["content-type"], "application/fhir+json");
    let fhir: Value = fhir.json().await.unwrap();
    assert_eq!(
        (
            fhir["resourceType"].clone(),
            fhir["intent"].clone(),
            fhir["status"].clone()
        ),
        (json!("ServiceRequest"), json!("order"), json!("completed"))
    );
    assert_eq!(fhir["contained"][0]["resourceType"], "Patient");
    assert_eq!(
        fhir["contained"][0]["identifier"][0]["value"],
        "020497-123H"
    );
    assert_eq!(fhir["subject"]["reference"], "#participant");
    assert_eq!(
        fhir["performer"][0]["reference"],
        format!("Organization/{}", s.eksote)
    );

    // Strangers see nothing; the participant's access log shows the county's reads.
    let stranger = app.caller(&["referral_handler"], Some(s.te));
    problem(stranger.get(&format!("/v1/referrals/{id}")).await, 404).await;
    problem(
        transition(&stranger, &id, json!({"to": "received"})).await,
        404,
    )
    .await;
    let log = body(
        app.caller(&["manager"], Some(s.laptuote))
            .get(&format!("/v1/participants/{person}/access-log?limit=500"))
            .await,
    )
    .await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["organisation_id"] == json!(s.eksote) && e["action"] == "read_identity")
    );

    // A TE office needs the TE consent; an outsider organisation is no target at all.
    let te = json!({"target_organisation_id": s.te, "service_kind": "pay_subsidised_employment", "reason": "Palkkatuki."});
    assert!(
        problem(worker.post(&url, &te).await, 409).await["detail"]
            .as_str()
            .unwrap()
            .contains("share_with_te_services")
    );
    let outsider = app.organisation("Muu yritys Oy", "company").await;
    let p = problem(worker.post(&url, &json!({"target_organisation_id": outsider, "service_kind": "other", "reason": "x"})).await, 422).await;
    assert_eq!(failing_fields(&p), ["target_organisation_id"]);
}

async fn a_county_inbox_holds_exactly_the_referrals_addressed_to_it(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(
        &app,
        &s,
        &[
            "data_processing",
            "share_with_county",
            "share_with_te_services",
        ],
        None,
    )
    .await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let url = format!("/v1/participants/{person}/referrals");
    let make = async |target: Uuid, kind: &str, send: bool| {
        let r = worker.post(&url, &json!({"target_organisation_id": target, "service_kind": kind, "reason": "Ohjaus.", "send": send})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        body(r).await["id"].as_str().unwrap().to_owned()
    };
    let to_county_1 = make(s.eksote, "mental_health_services", true).await;
    let to_county_2 = make(s.eksote, "housing_services", true).await;
    let draft = make(s.eksote, "debt_counselling", false).await;
    let to_te = make(s.te, "work_trial", true).await;

    let ids = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    assert_eq!(
        ids(body(county.get("/v1/referrals?role=target").await).await),
        [to_county_1.clone(), to_county_2.clone()]
    );
    assert_eq!(
        ids(body(county.get("/v1/referrals?role=sender").await).await),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(body(
            county
                .get("/v1/referrals?service_kind=housing_services")
                .await
        )
        .await),
        vec![to_county_2.clone()]
    );
    problem(county.get(&format!("/v1/referrals/{draft}")).await, 404).await;
    let te = app.caller(&["referral_handler"], Some(s.te));
    assert_eq!(
        ids(body(te.get("/v1/referrals").await).await),
        vec![to_te.clone()]
    );
    let outbox = ids(body(worker.get("/v1/referrals?role=sender").await).await);
    assert_eq!(
        outbox,
        [
            to_county_1.clone(),
            to_county_2.clone(),
            draft.clone(),
            to_te.clone()
        ]
    );
    assert_eq!(
        ids(body(worker.get("/v1/referrals?status=draft").await).await),
        vec![draft.clone()]
    );
    // Organisations with no part in them, and roles that see figures only, see none.
    for c in [
        app.caller(&["manager"], Some(s.project)),
        app.caller(&["reporter"], Some(s.eksote)),
        app.admin(),
    ] {
        let r = c.get("/v1/referrals").await;
        let status = r.status().as_u16();
        if status == 200 {
            assert_eq!(ids(body(r).await), Vec::<String>::new());
        } else {
            problem(r, 403).await;
        }
    }
    problem(county.get("/v1/referrals?role=both").await, 400).await;
}
