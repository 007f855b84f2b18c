//! Participants: a full journey from outreach to exit and back, who sees what, and nothing
//! half-stored or duplicated.

use askel_tests::{TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    a_participant_goes_from_outreach_to_exit_and_back_with_every_access_audited,
    a_person_is_registered_once_per_project,
    bad_participant_input_is_refused_and_nothing_is_stored,
);

/// Esko: Socom administers, Laptuote-säätiö and Saimaan Virta co-implement, Hämeen ELY funds.
pub(crate) struct Esko {
    pub(crate) project: Uuid,
    pub(crate) socom: Uuid,
    pub(crate) laptuote: Uuid,
    pub(crate) virta: Uuid,
    pub(crate) ely: Uuid,
}

pub(crate) async fn esko(app: &TestApp) -> Esko {
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let virta = app.organisation("Saimaan Virta ry", "association").await;
    let ely = app.organisation("Hämeen ELY-keskus", "ely_centre").await;
    let r = app
        .admin()
        .post(
            "/v1/projects",
            &json!({"code": "ESKO", "name": "Esko", "programme_period": "esf_2014_2020", "administrator_organisation_id": socom,
                    "funder_organisation_id": ely, "start_date": "2018-01-01", "end_date": "2019-12-31"}),
        )
        .await;
    let project = id_of(&body(r).await);
    let manager = app.caller(&["manager"], Some(socom));
    for org in [laptuote, virta] {
        let r = manager
            .post(
                &format!("/v1/projects/{project}/actors"),
                &json!({"organisation_id": org, "role": "co_implementer"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    Esko {
        project,
        socom,
        laptuote,
        virta,
        ely,
    }
}

pub(crate) fn person(external_ref: &str) -> Value {
    json!({
        "external_ref": external_ref,
        "entry_date": "2018-03-05",
        "home_municipality": "405",
        "gender": "male",
        "birth_date": "1997-04-02",
        "labour_market_status": "unemployed",
        "unemployed_since": "2017-01-15",
        "education": "isced_0_2",
        "foreign_background": "no",
        "consents": [{"kind": "data_processing", "given": true, "date": "2018-03-05"}]
    })
}

pub(crate) async fn register(app: &TestApp, e: &Esko, org: Uuid, person: &Value) -> Value {
    let r = app
        .caller(&["worker"], Some(org))
        .post(&format!("/v1/projects/{}/participants", e.project), person)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    body(r).await
}

pub(crate) async fn count(app: &TestApp, e: &Esko) -> usize {
    let r = app
        .caller(&["manager"], Some(e.socom))
        .get(&format!(
            "/v1/projects/{}/participants?limit=500",
            e.project
        ))
        .await;
    body(r).await["items"].as_array().unwrap().len()
}

async fn a_participant_goes_from_outreach_to_exit_and_back_with_every_access_audited(app: TestApp) {
    let e = esko(&app).await;
    let mut claims = app.claims(&["worker"], Some(e.laptuote));
    claims.act = Some(askel_api::auth::Acting {
        sub: "tyontekija-7".into(),
    });
    let worker = app.with_token(app.sign(&claims));
    let mut with_code = person("lap-001");
    with_code["identity_code"] = json!("020497-123H");
    with_code["birth_date"] = json!("1997-04-02");
    let r = worker
        .post(
            &format!("/v1/projects/{}/participants", e.project),
            &with_code,
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let p = body(r).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    assert_eq!(p["owner_organisation_id"], json!(e.laptuote));
    assert_eq!(p["has_identity_code"], true);
    assert!(
        p.get("identity_code").is_none(),
        "never returned unless asked for"
    );
    assert_eq!(
        p["long_term_unemployed"], true,
        "over 6 months unemployed at 20"
    );
    assert_eq!(p["age_at_entry"], 20);
    assert_eq!(p["status"], "active");
    assert_eq!(p["current_step"], Value::Null);
    assert_eq!(p["consents"][0]["recorded_by"], "tyontekija-7");

    let step = async |n: u8, date: &str, reason: Option<&str>| {
        let mut b = json!({"step": n, "entered_on": date});
        if let Some(r) = reason {
            b["reason"] = json!(r);
        }
        worker.post(&format!("{path}/steps"), &b).await
    };
    for (n, date) in [(1, "2018-03-05"), (2, "2018-03-20"), (3, "2018-05-02")] {
        let r = step(n, date, None).await;
        assert_eq!(r.status(), StatusCode::CREATED, "step {n}");
    }
    let p = problem(step(5, "2018-06-01", None).await, 422).await;
    assert_eq!(failing_fields(&p), ["reason"]);
    let p = problem(step(2, "2018-06-01", None).await, 422).await;
    assert_eq!(failing_fields(&p), ["reason"]);
    let p = problem(step(3, "2018-06-01", Some("again")).await, 422).await;
    assert_eq!(failing_fields(&p), ["step"]);
    let p = problem(step(4, "2018-04-01", None).await, 422).await;
    assert_eq!(failing_fields(&p), ["entered_on"]);
    assert_eq!(
        step(5, "2018-06-01", Some("Verkosto otti vastuun suoraan"))
            .await
            .status(),
        StatusCode::CREATED
    );

    let now = body(worker.get(&path).await).await;
    assert_eq!(now["current_step"], 5);
    assert_eq!(now["current_step_code"], "cooperation_network");
    assert!(now["days_in_step"].as_i64().unwrap() > 0);

    let exit = json!({"exit_date": "2018-11-30", "situation": "work_trial", "qualification_gained": false, "follow_on_plan": "Työkokeilu"});
    let r = worker
        .request(Method::PUT, &format!("{path}/exit"))
        .json(&exit)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let recorded = body(r).await;
    assert_eq!(recorded["eura_exit_option"], "unemployed_job_seeker");
    let left = body(worker.get(&path).await).await;
    assert_eq!(left["status"], "exited");
    assert!(
        left["days_in_step"].is_null(),
        "a leaver's step stopped counting: {left}"
    );
    problem(step(1, "2018-12-03", Some("uusi alku")).await, 409).await;

    let r = worker
        .post(
            &format!("{path}/re-entry"),
            &json!({"entry_date": "2018-11-15"}),
        )
        .await;
    assert_eq!(failing_fields(&problem(r, 422).await), ["entry_date"]);
    let r = worker
        .post(
            &format!("{path}/re-entry"),
            &json!({"entry_date": "2019-02-04"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        step(1, "2019-02-04", None).await.status(),
        StatusCode::CREATED
    );
    let again = body(worker.get(&path).await).await;
    assert_eq!(
        (
            again["episode"].clone(),
            again["status"].clone(),
            again["current_step"].clone()
        ),
        (json!(2), json!("active"), json!(1))
    );
    problem(
        worker
            .post(
                &format!("{path}/re-entry"),
                &json!({"entry_date": "2019-03-01"}),
            )
            .await,
        409,
    )
    .await;

    let history = body(worker.get(&format!("{path}/steps")).await).await;
    let steps: Vec<_> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["episode"].as_i64().unwrap(), s["step"].as_i64().unwrap()))
        .collect();
    assert_eq!(steps, [(1, 1), (1, 2), (1, 3), (1, 5), (2, 1)]);
    assert_eq!(
        history["items"][3]["reason"],
        "Verkosto otti vastuun suoraan"
    );
    assert_eq!(history["items"][0]["recorded_by"], "tyontekija-7");

    // The identity code only on request, to the owner; the read is in the access log.
    let with_identity = body(worker.get(&format!("{path}?include=identity")).await).await;
    assert_eq!(with_identity["identity_code"], "020497-123H");
    problem(worker.get(&format!("{path}?include=everything")).await, 400).await;
    let stranger = app.caller(&["manager"], Some(e.virta));
    problem(stranger.get(&path).await, 404).await;

    let manager = app.caller(&["manager"], Some(e.laptuote));
    let log = body(manager.get(&format!("{path}/access-log?limit=500")).await).await;
    let entries = log["items"].as_array().unwrap();
    let actions: Vec<_> = entries
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"create"));
    assert!(actions.contains(&"read_identity"));
    assert!(
        entries
            .iter()
            .any(|a| a["outcome"] == "denied" && a["organisation_id"] == json!(e.virta)),
        "the stranger's attempt is recorded"
    );
    assert!(
        entries
            .iter()
            .all(|a| a["at"].is_string() && a["client"].is_string())
    );
    assert!(entries.iter().any(|a| a["acting_for"] == "tyontekija-7"));
    problem(worker.get(&format!("{path}/access-log")).await, 403).await;
}

async fn a_person_is_registered_once_per_project(app: TestApp) {
    let e = esko(&app).await;
    let mut first = person("lap-003");
    first["identity_code"] = json!("020497-123H");
    let p = register(&app, &e, e.laptuote, &first).await;

    let mut again = person("lap-004");
    again["identity_code"] = json!("020497-123h");
    let own = problem(
        app.caller(&["worker"], Some(e.laptuote))
            .post(&format!("/v1/projects/{}/participants", e.project), &again)
            .await,
        409,
    )
    .await;
    assert!(
        own["detail"]
            .as_str()
            .unwrap()
            .contains(p["id"].as_str().unwrap()),
        "the owner is told which participant"
    );
    let mut elsewhere = person("virta-002");
    elsewhere["identity_code"] = json!("020497-123H");
    let other = problem(
        app.caller(&["worker"], Some(e.virta))
            .post(
                &format!("/v1/projects/{}/participants", e.project),
                &elsewhere,
            )
            .await,
        409,
    )
    .await;
    assert!(
        !other["detail"]
            .as_str()
            .unwrap()
            .contains(p["id"].as_str().unwrap()),
        "another implementer is not"
    );
    assert!(
        !other["detail"].as_str().unwrap().contains("020497"),
        "the code is never echoed"
    );

    problem(
        app.caller(&["worker"], Some(e.laptuote))
            .post(
                &format!("/v1/projects/{}/participants", e.project),
                &person("lap-003"),
            )
            .await,
        409,
    )
    .await;
    assert_eq!(count(&app, &e).await, 1);

    // A retried registration with the same Idempotency-Key creates one participant.
    let send = || {
        app.caller(&["worker"], Some(e.virta))
            .request(
                Method::POST,
                &format!("/v1/projects/{}/participants", e.project),
            )
            .header("Idempotency-Key", "virta-import-17")
            .json(&person("virta-003"))
            .send()
    };
    let (a, b) = (send().await.unwrap(), send().await.unwrap());
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(id_of(&body(a).await), id_of(&body(b).await));
    assert_eq!(count(&app, &e).await, 2);
}

async fn bad_participant_input_is_refused_and_nothing_is_stored(app: TestApp) {
    let e = esko(&app).await;
    let url = format!("/v1/projects/{}/participants", e.project);
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let mut bad = person("lap-005");
    bad["identity_code"] = json!("020497-123U");
    bad["home_municipality"] = json!("40");
    bad["birth_date"] = json!("2019-01-01");
    let p = problem(worker.post(&url, &bad).await, 422).await;
    assert_eq!(
        failing_fields(&p),
        [
            "home_municipality",
            "identity_code",
            "birth_date",
            "unemployed_since"
        ]
    );
    let mut outside = person("lap-006");
    outside["entry_date"] = json!("2020-01-01");
    assert_eq!(
        failing_fields(&problem(worker.post(&url, &outside).await, 422).await),
        ["entry_date"]
    );
    let mut employed = person("lap-007");
    employed["labour_market_status"] = json!("employed");
    assert_eq!(
        failing_fields(&problem(worker.post(&url, &employed).await, 422).await),
        ["unemployed_since"]
    );
    let mut unknown = person("lap-008");
    unknown["shoe_size"] = json!(44);
    problem(worker.post(&url, &unknown).await, 400).await;
    let mut wrong = person("lap-009");
    wrong["gender"] = json!("unknown");
    assert_eq!(
        failing_fields(&problem(worker.post(&url, &wrong).await, 400).await),
        ["gender"]
    );
    assert_eq!(count(&app, &e).await, 0);
}
