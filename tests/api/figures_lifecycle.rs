//! Figures over a person's whole participation: a re-entrant is reported once, from the first
//! entry, with results at the final exit; follow-ups six months after leaving and the list of
//! those falling due; a project name that would be a formula in Excel stays text.

use askel_tests::{TestApp, body, id_of, on_both_databases, problem};
use chrono::{Duration, Months, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::reports_dataset::Orgs;

on_both_databases!(
    a_re_entrant_is_reported_once_from_the_first_entry_with_results_at_the_final_exit,
    follow_ups_are_recorded_once_per_final_exit_and_listed_when_due,
    a_formula_in_a_project_name_stays_text_in_csv_and_xlsx
);

async fn project(app: &TestApp, name: &str) -> (uuid::Uuid, Orgs) {
    let o = Orgs {
        socom: app.organisation("Socom Oy", "company").await,
        laptuote: app.organisation("Laptuote-säätiö sr", "foundation").await,
        ely: app.organisation("Hämeen ELY-keskus", "ely_centre").await,
        eksote: app
            .organisation("Eksote", "wellbeing_services_county")
            .await,
    };
    let r = app
        .admin()
        .post("/v1/projects", &json!({"code": "FIG", "name": name, "programme_period": "esf_plus_2021_2027", "administrator_organisation_id": o.socom, "funder_organisation_id": o.ely}))
        .await;
    let id = id_of(&body(r).await);
    app.caller(&["manager"], Some(o.socom))
        .post(
            &format!("/v1/projects/{id}/actors"),
            &json!({"organisation_id": o.laptuote, "role": "co_implementer"}),
        )
        .await;
    (id, o)
}

fn value(report: &Value, name: &str) -> i64 {
    if name == "participants" || name == "leavers" {
        return report[name]["value"].as_i64().unwrap();
    }
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap()["total"]["value"]
        .as_i64()
        .unwrap()
}

async fn exit(caller: &askel_tests::Caller<'_>, id: uuid::Uuid, date: &str, situation: &str) {
    let r = caller
        .request(Method::PUT, &format!("/v1/participants/{id}/exit"))
        .json(&json!({"exit_date": date, "situation": situation, "qualification_gained": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

async fn a_re_entrant_is_reported_once_from_the_first_entry_with_results_at_the_final_exit(
    app: TestApp,
) {
    let (project, o) = project(&app, "Figures").await;
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let admin = app.caller(&["manager"], Some(o.socom));
    // 24 years old at the first entry, unemployed for 7 months: long-term unemployed (over 6
    // months under 25). At the re-entry a year later neither would hold.
    let r = worker
        .post(&format!("/v1/projects/{project}/participants"), &json!({"entry_date": "2024-03-01", "gender": "male", "birth_date": "2000-01-01", "labour_market_status": "unemployed", "unemployed_since": "2023-08-01", "education": "isced_0_2"}))
        .await;
    let id = id_of(&body(r).await);
    worker
        .post(
            &format!("/v1/participants/{id}/steps"),
            &json!({"step": 1, "entered_on": "2024-03-01"}),
        )
        .await;
    exit(&worker, id, "2024-06-01", "work_trial").await;
    let report = async |year: i32| {
        body(
            admin
                .get(&format!(
                    "/v1/projects/{project}/reports/indicators?from={year}-01-01&to={year}-12-31"
                ))
                .await,
        )
        .await
    };
    let before = report(2024).await;
    assert_eq!(
        [
            "participants",
            "leavers",
            "under_25",
            "long_term_unemployed",
            "job_searching_on_leaving"
        ]
        .map(|n| value(&before, n)),
        [1, 1, 1, 1, 0]
    );
    assert_eq!(
        before["steps"][0]["current"]["value"], 0,
        "left: in no step"
    );

    let r = worker
        .post(
            &format!("/v1/participants/{id}/re-entry"),
            &json!({"entry_date": "2025-02-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let read = body(worker.get(&format!("/v1/participants/{id}")).await).await;
    assert_eq!(
        (
            read["entry_date"].clone(),
            read["episode_entry_date"].clone(),
            read["age_at_entry"].clone(),
            read["long_term_unemployed"].clone()
        ),
        (
            json!("2024-03-01"),
            json!("2025-02-01"),
            json!(24),
            json!(true)
        ),
        "the first participation's facts stay"
    );
    // A re-entrant written before migration 17 kept the age and long-term unemployment of the
    // re-entry (25, no) beside the first entry date: the migration computes them again.
    askel_persistence::testing::execute(
        &app.state.db,
        &if app.db == askel_tests::Db::Postgres {
            format!("UPDATE participants SET age_at_entry = 25, long_term_unemployed = false WHERE id = '{id}'")
        } else {
            // SQLite keeps ids as 16-byte blobs.
            format!(
                "UPDATE participants SET age_at_entry = 25, long_term_unemployed = 0 WHERE id = x'{}'",
                id.simple()
            )
        },
    )
    .await
    .unwrap();
    let figures = async || {
        let r = report(2024).await;
        ["under_25", "long_term_unemployed"].map(|n| value(&r, n))
    };
    assert_eq!(figures().await, [0, 0], "written the old way");
    askel_persistence::testing::rerun_entry_facts_migration(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        figures().await,
        [1, 1],
        "computed again from the first entry"
    );
    // A step in the new episode is dated on or after its entry.
    let p = problem(
        worker
            .post(
                &format!("/v1/participants/{id}/steps"),
                &json!({"step": 1, "entered_on": "2025-01-15"}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "entered_on");

    let again = report(2024).await;
    assert_eq!(
        value(&again, "participants"),
        1,
        "a re-run of 2024 still counts the entrant there"
    );
    assert_eq!(
        value(&again, "leavers"),
        0,
        "the 2024 exit is no longer final"
    );
    let now = report(2025).await;
    assert_eq!(value(&now, "participants"), 0, "not counted again in 2025");

    exit(&worker, id, "2025-05-01", "open_market_employment").await;
    let finally = report(2025).await;
    assert_eq!(
        ["participants", "leavers", "employed_on_leaving"].map(|n| value(&finally, n)),
        [0, 1, 1],
        "the final exit's result, in the final exit's period"
    );
    assert_eq!(value(&report(2024).await, "leavers"), 0);
    let whole = body(
        admin
            .get(&format!("/v1/projects/{project}/reports/indicators"))
            .await,
    )
    .await;
    assert_eq!(
        [
            "participants",
            "leavers",
            "employed_on_leaving",
            "unemployed"
        ]
        .map(|n| value(&whole, n)),
        [1, 1, 1, 1],
        "one person, once"
    );
}

async fn follow_ups_are_recorded_once_per_final_exit_and_listed_when_due(app: TestApp) {
    let (project, o) = project(&app, "Follow-ups").await;
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let today = Utc::now().date_naive();
    // Left so that six months later is ten days from today.
    let exit_date = (today + Duration::days(10))
        .checked_sub_months(Months::new(6))
        .unwrap();
    let entry = exit_date - Duration::days(60);
    let register = async |r: &str| {
        let p = worker
            .post(&format!("/v1/projects/{project}/participants"), &json!({"external_ref": r, "entry_date": entry, "gender": "female", "birth_date": "1980-01-01", "labour_market_status": "unemployed", "unemployed_since": entry, "education": "isced_3_4"}))
            .await;
        id_of(&body(p).await)
    };
    let (due, staying) = (register("due").await, register("staying").await);
    let url = |id| format!("/v1/participants/{id}/follow-ups");
    let employed = |date: chrono::NaiveDate| json!({"situation": "employed", "source": "contact", "date": date});

    problem(worker.post(&url(due), &employed(today)).await, 409).await;
    exit(
        &worker,
        due,
        &exit_date.to_string(),
        "unemployed_job_seeker",
    )
    .await;

    let list =
        |days: i64| format!("/v1/projects/{project}/participants?follow_up_due_within_days={days}");
    let ids = async |days: i64| -> Vec<Value> {
        body(worker.get(&list(days)).await).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].clone())
            .collect()
    };
    assert_eq!(ids(30).await, [json!(due)], "due in ten days");
    assert!(ids(5).await.is_empty(), "not within five");
    problem(worker.get(&list(0)).await, 422).await;
    problem(worker.get(&list(367)).await, 422).await;

    let early = problem(
        worker
            .post(&url(due), &employed(exit_date + Duration::days(30)))
            .await,
        422,
    )
    .await;
    assert_eq!(early["errors"][0]["field"], "date");
    problem(
        worker
            .post(&url(due), &employed(today + Duration::days(1)))
            .await,
        422,
    )
    .await;
    let r = worker.post(&url(due), &employed(today)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let recorded = body(r).await;
    assert_eq!(
        (recorded["situation"].clone(), recorded["episode"].clone()),
        (json!("employed"), json!(1))
    );
    problem(worker.post(&url(due), &employed(today)).await, 409).await;
    assert!(ids(30).await.is_empty(), "recorded: no longer due");
    let listed = body(worker.get(&url(due)).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(
        body(worker.get(&url(staying)).await).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Counted in EECR05 for the leaver, who was unemployed at entry.
    let report = body(
        app.caller(&["manager"], Some(o.socom))
            .get(&format!("/v1/projects/{project}/reports/indicators"))
            .await,
    )
    .await;
    assert_eq!(value(&report, "employed_six_months_after"), 1);
    assert_eq!(value(&report, "leavers"), 1);

    // Others' participants: 404, and no follow-up stored.
    let stranger = app.organisation("Muu ry", "association").await;
    problem(
        app.caller(&["worker"], Some(stranger))
            .post(&url(staying), &employed(today))
            .await,
        404,
    )
    .await;
}

async fn a_formula_in_a_project_name_stays_text_in_csv_and_xlsx(app: TestApp) {
    let name = "=HYPERLINK(\"http://x\";\"y\"); Esko";
    let (project, o) = project(&app, name).await;
    let admin = app.caller(&["manager"], Some(o.socom));
    let url = format!("/v1/projects/{project}/reports/indicators");
    let get = async |accept: &str| {
        admin
            .request(Method::GET, &url)
            .header("Accept", accept)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    };
    let csv = get("text/csv").await;
    let text = std::str::from_utf8(&csv)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let project_row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[1] == "project")
        .unwrap();
    assert_eq!(
        &project_row[2],
        format!("'{name}"),
        "the whole name, semicolon and all, as text"
    );
    let xlsx = get("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "indicators").unwrap();
    let row = sheet
        .rows()
        .find(|r| r.get(1).map(ToString::to_string).as_deref() == Some("project"))
        .unwrap();
    assert_eq!(
        row[2].to_string(),
        name,
        "the name as it is: the cell's quote-prefix format, not an apostrophe, keeps it text"
    );
    assert!(
        calamine::Reader::worksheet_formula(&mut book, "indicators")
            .unwrap()
            .used_cells()
            .next()
            .is_none(),
        "no formula anywhere"
    );
}
