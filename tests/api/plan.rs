//! The individual plan (goals, assessments with versioned instruments) and activities with
//! attendance and participation hours.

use askel_tests::{TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(
    goals_are_set_changed_safely_and_hidden_from_strangers,
    assessments_are_checked_against_their_instrument_version_and_summarised,
    attendance_counts_participation_hours_for_visible_participants_only,
);

/// Socom administers; Laptuote co-implements; returns (project, socom, laptuote, a participant of Laptuote's).
async fn setup(app: &TestApp) -> (Uuid, Uuid, Uuid, Value) {
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let project = id_of(&app.project("ESKO", socom).await);
    app.caller(&["manager"], Some(socom))
        .post(
            &format!("/v1/projects/{project}/actors"),
            &json!({"organisation_id": laptuote, "role": "co_implementer"}),
        )
        .await;
    let r = app
        .caller(&["worker"], Some(laptuote))
        .post(
            &format!("/v1/projects/{project}/participants"),
            &json!({"entry_date": "2025-01-07", "gender": "male", "birth_date": "2001-09-09", "labour_market_status": "inactive", "education": "isced_0_2"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    (project, socom, laptuote, body(r).await)
}

async fn goals_are_set_changed_safely_and_hidden_from_strangers(app: TestApp) {
    let (_, socom, laptuote, p) = setup(&app).await;
    let goals = format!("/v1/participants/{}/goals", p["id"].as_str().unwrap());
    let worker = app.caller(&["worker"], Some(laptuote));
    let r = worker
        .post(
            &goals,
            &json!({"text": "Hakeutuu työkokeiluun.", "step": 4, "target_date": "2025-09-30"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let goal = body(r).await;
    assert_eq!(
        (goal["status"].clone(), goal["step_code"].clone()),
        (json!("open"), json!("service_guidance"))
    );
    assert_eq!(
        failing_fields(
            &problem(
                worker.post(&goals, &json!({"text": " ", "step": 9})).await,
                422
            )
            .await
        ),
        ["text", "step"]
    );

    let path = format!("/v1/goals/{}", goal["id"].as_str().unwrap());
    let r = worker
        .request(Method::PATCH, &path)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "achieved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body(r).await["status"], "achieved");
    problem(
        worker
            .request(Method::PATCH, &path)
            .header("If-Match", "\"1\"")
            .json(&json!({"status": "dropped"}))
            .send()
            .await
            .unwrap(),
        412,
    )
    .await;
    let listed = body(app.caller(&["manager"], Some(socom)).get(&goals).await).await;
    assert_eq!(
        listed["items"][0]["status"], "achieved",
        "the administrator sees the plan"
    );

    let stranger = app.caller(
        &["manager"],
        Some(app.organisation("Muu ry", "association").await),
    );
    problem(stranger.get(&goals).await, 404).await;
    problem(
        stranger
            .post(&goals, &json!({"text": "x", "step": 1}))
            .await,
        404,
    )
    .await;
    problem(
        stranger.patch(&path, &json!({"status": "dropped"})).await,
        404,
    )
    .await;
    problem(
        worker
            .patch(
                &format!("/v1/goals/{}", Uuid::now_v7()),
                &json!({"status": "dropped"}),
            )
            .await,
        404,
    )
    .await;
}

async fn assessments_are_checked_against_their_instrument_version_and_summarised(app: TestApp) {
    let (_, _, laptuote, p) = setup(&app).await;
    let worker = app.caller(&["worker"], Some(laptuote));
    let instruments = body(worker.get("/v1/instruments").await).await;
    let find = |code: &str, version: i64| {
        instruments["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code && i["version"] == version)
            .cloned()
    };
    let kyky = find("kykyviisari", 1).expect("Kykyviisari is there from the start");
    let dims: Vec<_> = kyky["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        dims,
        [
            "work_ability",
            "mental_wellbeing",
            "social_inclusion",
            "physical_functioning",
            "skills",
            "everyday_coping"
        ]
    );
    assert!(find("hyvinvointimittari", 1).is_some());

    let url = format!("/v1/participants/{}/assessments", p["id"].as_str().unwrap());
    let scores = |w: i64, m: i64| json!({"work_ability": w, "mental_wellbeing": m, "social_inclusion": 5, "physical_functioning": 6, "skills": 5, "everyday_coping": 4});
    let mut off = scores(11, 5);
    off.as_object_mut().unwrap().remove("skills");
    off["charm"] = json!(3);
    let bad = problem(worker.post(&url, &json!({"instrument_id": kyky["id"], "phase": "entry", "date": "2025-01-20", "scores": off})).await, 422).await;
    assert_eq!(
        failing_fields(&bad),
        ["scores.work_ability", "scores.skills", "scores.charm"]
    );
    let unknown = problem(worker.post(&url, &json!({"instrument_id": Uuid::now_v7(), "phase": "entry", "date": "2025-01-20", "scores": scores(4, 5)})).await, 422).await;
    assert_eq!(failing_fields(&unknown), ["instrument_id"]);

    for (phase, date, w, m) in [
        ("entry", "2025-01-20", 3, 4),
        ("interim", "2025-04-01", 5, 5),
        ("exit", "2025-08-15", 7, 6),
    ] {
        let r = worker.post(&url, &json!({"instrument_id": kyky["id"], "phase": phase, "date": date, "scores": scores(w, m)})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let list = body(worker.get(&url).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let summary = &list["summaries"][0];
    assert_eq!(summary["assessments"], 3);
    let work = summary["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dimension"] == "work_ability")
        .unwrap();
    assert_eq!(
        (
            work["first"].as_f64(),
            work["latest"].as_f64(),
            work["change"].as_f64()
        ),
        (Some(3.0), Some(7.0), Some(4.0))
    );

    // A changed definition is a new version; earlier assessments keep theirs.
    let definition = json!({"code": "hyvinvointimittari", "name": "Hyvinvointimittari", "description": "v2",
                            "dimensions": [{"code": "arki", "label": "Arki", "items": [{"code": "arki", "label": "Arki", "min": 1, "max": 5}]}]});
    problem(worker.post("/v1/instruments", &definition).await, 403).await;
    let r = app.admin().post("/v1/instruments", &definition).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(body(r).await["version"], 2);
    let bad_definition = json!({"code": "x", "name": "X", "dimensions": [{"code": "d", "label": "D", "items": [{"code": "i", "label": "I", "min": 5, "max": 1}]}]});
    assert_eq!(
        failing_fields(
            &problem(
                app.admin().post("/v1/instruments", &bad_definition).await,
                422
            )
            .await
        ),
        ["dimensions"]
    );
    let again = body(worker.get(&url).await).await;
    assert_eq!(again["items"][0]["instrument_id"], kyky["id"]);
}

async fn attendance_counts_participation_hours_for_visible_participants_only(app: TestApp) {
    let (project, socom, laptuote, p) = setup(&app).await;
    let virta = app.organisation("Saimaan Virta ry", "association").await;
    app.caller(&["manager"], Some(socom))
        .post(
            &format!("/v1/projects/{project}/actors"),
            &json!({"organisation_id": virta, "role": "co_implementer"}),
        )
        .await;
    let virta_person = body(
        app.caller(&["worker"], Some(virta))
            .post(
                &format!("/v1/projects/{project}/participants"),
                &json!({"entry_date": "2025-01-08", "gender": "female", "birth_date": "1990-01-01", "labour_market_status": "unemployed", "education": "isced_3_4"}),
            )
            .await,
    )
    .await;

    let worker = app.caller(&["worker"], Some(laptuote));
    let activities = format!("/v1/projects/{project}/activities");
    let group = json!({"kind": "peer_support_group", "title": "Vertaisryhmä", "step": 2, "date": "2025-02-05", "duration_minutes": 90});
    let r = worker.post(&activities, &group).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let activity = body(r).await;
    assert_eq!(activity["organiser_organisation_id"], json!(laptuote));
    let mut bad = group.clone();
    bad["duration_minutes"] = json!(0);
    bad["organiser_organisation_id"] = json!(app.organisation("Muu ry", "association").await);
    assert_eq!(
        failing_fields(&problem(worker.post(&activities, &bad).await, 422).await),
        ["duration_minutes"]
    );
    bad["duration_minutes"] = json!(60);
    assert_eq!(
        failing_fields(&problem(worker.post(&activities, &bad).await, 422).await),
        ["organiser_organisation_id"]
    );
    problem(
        app.caller(&["reporter"], Some(socom))
            .post(&activities, &group)
            .await,
        403,
    )
    .await;
    assert_eq!(
        body(
            app.caller(&["reporter"], Some(socom))
                .get(&activities)
                .await
        )
        .await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let attendance = format!(
        "/v1/activities/{}/attendance",
        activity["id"].as_str().unwrap()
    );
    let put = |marks: Value| {
        worker
            .request(Method::PUT, &attendance)
            .json(&json!({"attendance": marks}))
            .send()
    };
    let refused = problem(put(json!([{"participant_id": p["id"], "status": "present"}, {"participant_id": virta_person["id"], "status": "present"}])).await.unwrap(), 422).await;
    assert_eq!(failing_fields(&refused), ["attendance[1].participant_id"]);
    let mine = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    assert_eq!(
        body(worker.get(&mine).await).await["participation_hours"],
        0.0,
        "nothing stored by the refused request"
    );

    let r = put(json!([{"participant_id": p["id"], "status": "present"}]))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body(r).await["attendance"][0]["status"], "present");
    let second = body(worker.post(&activities, &json!({"kind": "individual_coaching", "title": "Valmennus", "date": "2025-02-06", "duration_minutes": 45})).await).await;
    let second_url = format!(
        "/v1/activities/{}/attendance",
        second["id"].as_str().unwrap()
    );
    worker
        .request(Method::PUT, &second_url)
        .json(&json!({"attendance": [{"participant_id": p["id"], "status": "present"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        body(worker.get(&mine).await).await["participation_hours"],
        2.25
    );
    put(json!([{"participant_id": p["id"], "status": "excused_absence"}]))
        .await
        .unwrap();
    assert_eq!(
        body(worker.get(&mine).await).await["participation_hours"],
        0.75,
        "a changed mark replaces the earlier one"
    );
    let listed = body(
        worker
            .get(&format!("/v1/projects/{project}/participants"))
            .await,
    )
    .await;
    assert_eq!(listed["items"][0]["participation_hours"], 0.75);
}
