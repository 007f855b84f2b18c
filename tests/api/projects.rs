//! Projects: funding arithmetic, dates, who may change them, and safe concurrent edits.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_databases!(
    suunta_yhdessa_funding_adds_up_and_is_stored_to_the_cent,
    funding_that_does_not_add_up_is_refused_and_nothing_is_stored,
    an_end_date_before_the_start_and_unknown_organisations_are_refused,
    the_administrators_manager_changes_the_project_and_a_stale_if_match_gets_412,
    only_the_administrators_manager_may_change_a_project,
    unknown_and_malformed_project_ids_answer_404,
);

fn suunta(administrator: uuid::Uuid, esf_amount: i64, own: i64) -> Value {
    json!({
        "code": "SUUNTA",
        "name": "Suunta yhdessä – Osallisuudesta kohti työelämävalmiuksia",
        "programme_period": "esf_2014_2020",
        "priority_axis": "5 Sosiaalinen osallisuus ja köyhyyden torjunta",
        "administrator_organisation_id": administrator,
        "start_date": "2019-09-01",
        "end_date": "2021-12-31",
        "status": "approved",
        "target_areas": {"municipalities": ["491"], "districts": ["Etelä-Savo"]},
        "funding": {"total_eligible_cost_cents": 29_948_250, "esf_share_percent": 80, "esf_amount_cents": esf_amount, "own_share_cents": own}
    })
}

async fn project_count(app: &TestApp) -> usize {
    body(app.admin().get("/v1/projects").await).await["items"]
        .as_array()
        .unwrap()
        .len()
}

async fn suunta_yhdessa_funding_adds_up_and_is_stored_to_the_cent(app: TestApp) {
    let vaalijala = app.organisation("Vaalijala", "other").await;
    let r = app
        .admin()
        .post("/v1/projects", &suunta(vaalijala, 23_958_600, 5_989_650))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let p = body(r).await;
    assert_eq!(p["funding"]["currency"], "EUR");
    assert_eq!(p["funding"]["esf_amount_cents"], 23_958_600);
    assert_eq!(p["funding"]["esf_share_percent"], 80.0);
    assert_eq!(p["status"], "approved");
    let read = body(
        app.caller(&["reporter"], None)
            .get(&format!("/v1/projects/{}", p["id"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(read, p);

    let again = app
        .admin()
        .post("/v1/projects", &suunta(vaalijala, 23_958_600, 5_989_650))
        .await;
    problem(again, 409).await;
}

async fn funding_that_does_not_add_up_is_refused_and_nothing_is_stored(app: TestApp) {
    let vaalijala = app.organisation("Vaalijala", "other").await;
    let p = problem(
        app.admin()
            .post("/v1/projects", &suunta(vaalijala, 23_958_500, 5_989_750))
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["funding.esf_amount_cents"]);
    let p = problem(
        app.admin()
            .post("/v1/projects", &suunta(vaalijala, 23_958_600, 5_989_600))
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["funding"]);
    let mut negative = suunta(vaalijala, 23_958_600, 5_989_650);
    negative["funding"]["own_share_cents"] = json!(-1);
    negative["funding"]["esf_share_percent"] = json!(80.123);
    let p = problem(app.admin().post("/v1/projects", &negative).await, 422).await;
    assert_eq!(
        failing_fields(&p),
        ["funding.esf_share_percent", "funding.own_share_cents"]
    );
    assert_eq!(project_count(&app).await, 0);
}

async fn an_end_date_before_the_start_and_unknown_organisations_are_refused(app: TestApp) {
    let vaalijala = app.organisation("Vaalijala", "other").await;
    let mut backwards = suunta(vaalijala, 23_958_600, 5_989_650);
    backwards["end_date"] = json!("2019-08-31");
    backwards["target_areas"]["municipalities"] = json!(["491", "49"]);
    let p = problem(app.admin().post("/v1/projects", &backwards).await, 422).await;
    assert_eq!(
        failing_fields(&p),
        ["end_date", "target_areas.municipalities[1]"]
    );

    let stranger = uuid::Uuid::now_v7();
    let mut unknown = suunta(stranger, 23_958_600, 5_989_650);
    unknown["funder_organisation_id"] = json!(uuid::Uuid::now_v7());
    let p = problem(app.admin().post("/v1/projects", &unknown).await, 422).await;
    assert_eq!(
        failing_fields(&p),
        ["administrator_organisation_id", "funder_organisation_id"]
    );
    assert_eq!(project_count(&app).await, 0);
}

async fn the_administrators_manager_changes_the_project_and_a_stale_if_match_gets_412(
    app: TestApp,
) {
    let socom = app.organisation("Socom Oy", "company").await;
    let ely = app.organisation("Hämeen ELY-keskus", "ely_centre").await;
    let project = app.project("ESKO", socom).await;
    let path = format!("/v1/projects/{}", project["id"].as_str().unwrap());
    let manager = app.caller(&["manager"], Some(socom));

    let changed = manager
        .request(Method::PATCH, &path)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "running", "description": "Nuorten miesten hyvinvointi", "funder_organisation_id": ely}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(changed.headers()["etag"], "\"2\"");
    let changed = body(changed).await;
    assert_eq!(changed["status"], "running");
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["funder_organisation_id"], json!(ely));
    assert_eq!(changed["name"], project["name"], "fields left out stay");

    let stale = manager
        .request(Method::PATCH, &path)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    problem(stale, 412).await;
    let cleared = body(manager.patch(&path, &json!({"description": null})).await).await;
    assert_eq!(cleared["description"], Value::Null);
    assert_eq!(
        cleared["status"], "running",
        "the stale change was not applied"
    );
    assert_eq!(cleared["version"], 3);

    // The funder now appears among the project's actors.
    let actors = body(manager.get(&format!("{path}/actors")).await).await;
    let roles: Vec<_> = actors["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(roles, ["administrator", "funder"]);
}

async fn only_the_administrators_manager_may_change_a_project(app: TestApp) {
    let socom = app.organisation("Socom Oy", "company").await;
    let other = app.organisation("Muu ry", "association").await;
    let project = app.project("ESKO", socom).await;
    let path = format!("/v1/projects/{}", project["id"].as_str().unwrap());
    let change = json!({"name": "Kaapattu"});
    for (roles, org) in [
        (["manager"], other),
        (["worker"], socom),
        (["reporter"], socom),
        (["referral_handler"], socom),
    ] {
        problem(
            app.caller(&roles, Some(org)).patch(&path, &change).await,
            403,
        )
        .await;
    }
    problem(
        app.caller(&["manager"], Some(other))
            .post("/v1/projects", &json!({}))
            .await,
        400,
    )
    .await;
    let unchanged = body(app.admin().get(&path).await).await;
    assert_eq!(unchanged["version"], 1);
    assert_eq!(
        app.admin().patch(&path, &change).await.status(),
        StatusCode::OK
    );
}

async fn unknown_and_malformed_project_ids_answer_404(app: TestApp) {
    problem(
        app.admin()
            .get(&format!("/v1/projects/{}", uuid::Uuid::now_v7()))
            .await,
        404,
    )
    .await;
    problem(app.admin().get("/v1/projects/not-a-uuid").await, 404).await;
    problem(
        app.admin()
            .patch(
                &format!("/v1/projects/{}", uuid::Uuid::now_v7()),
                &json!({"name": "x"}),
            )
            .await,
        404,
    )
    .await;
    problem(
        app.admin()
            .get(&format!("/v1/projects/{}/actors", uuid::Uuid::now_v7()))
            .await,
        404,
    )
    .await;
}
