//! Each project's own programme period: a 2014–2020 project reports CO/CR on the hand-counted
//! dataset, "other disadvantaged" is asked only there, and the funder's report keeps the periods
//! apart.

use askel_tests::{TestApp, body, id_of, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::reports_dataset::dataset_in;

on_both_databases!(
    a_2014_2020_project_reports_the_common_indicators_of_its_own_regulation,
    the_funder_report_keeps_each_programme_period_apart
);

fn indicator<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name}"))
}

fn cells(i: &Value) -> [Option<i64>; 5] {
    ["female", "male", "non_binary", "not_stated", "total"].map(|g| i[g]["value"].as_i64())
}

async fn a_2014_2020_project_reports_the_common_indicators_of_its_own_regulation(app: TestApp) {
    let (project, o, _) = dataset_in(&app, "esf_2014_2020").await;
    let admin = app.caller(&["manager"], Some(o.socom));
    let r = body(
        admin
            .get(&format!("/v1/projects/{project}/reports/indicators"))
            .await,
    )
    .await;
    assert_eq!(r["programme_period"], "esf_2014_2020");
    let expected: [(&str, &str, [i64; 5]); 26] = [
        ("participants", "CO01+CO03+CO05", [3, 2, 1, 0, 6]),
        ("unemployed", "CO01", [2, 1, 0, 0, 3]),
        ("long_term_unemployed", "CO02", [2, 0, 0, 0, 2]),
        ("inactive", "CO03", [1, 0, 1, 0, 2]),
        ("inactive_not_in_education", "CO04", [1, 0, 0, 0, 1]),
        ("employed", "CO05", [0, 1, 0, 0, 1]),
        ("under_25", "CO06", [1, 1, 1, 0, 3]),
        ("over_54", "CO07", [1, 0, 0, 0, 1]),
        ("over_54_unemployed_or_inactive", "CO08", [1, 0, 0, 0, 1]),
        ("isced_1_2", "CO09", [1, 1, 1, 0, 3]),
        ("isced_3_4", "CO10", [2, 0, 0, 0, 2]),
        ("isced_5_8", "CO11", [0, 1, 0, 0, 1]),
        // The foreign-background woman and the third-country national of a minority: once each.
        (
            "migrants_foreign_background_minorities",
            "CO15",
            [2, 0, 0, 0, 2],
        ),
        ("disability", "CO16", [1, 0, 0, 0, 1]),
        ("other_disadvantaged", "CO17", [0, 0, 1, 0, 1]),
        ("homeless", "CO18", [0, 1, 0, 0, 1]),
        ("rural_areas", "CO19", [1, 1, 1, 0, 3]),
        ("inactive_job_searching_on_leaving", "CR01", [0, 0, 0, 0, 0]),
        ("in_education_on_leaving", "CR02", [0, 1, 0, 0, 1]),
        ("qualification_on_leaving", "CR03", [1, 0, 0, 0, 1]),
        ("employed_on_leaving", "CR04", [1, 0, 0, 0, 1]),
        // All three leavers are disadvantaged; a result is a change, as in CR01–CR04: the
        // woman unemployed at entry and job seeking on leaving has none.
        ("disadvantaged_result_on_leaving", "CR05", [1, 1, 0, 0, 2]),
        ("employed_six_months_after", "CR06", [1, 0, 0, 0, 1]),
        (
            "improved_situation_six_months_after",
            "CR07",
            [0, 0, 0, 0, 0],
        ),
        ("over_54_employed_six_months_after", "CR08", [0, 0, 0, 0, 0]),
        (
            "disadvantaged_employed_six_months_after",
            "CR09",
            [1, 0, 0, 0, 1],
        ),
    ];
    assert_eq!(r["indicators"].as_array().unwrap().len(), expected.len());
    for (name, code, values) in expected {
        let i = indicator(&r, name);
        assert_eq!(i["official_code"], code, "{name}");
        assert_eq!(cells(i), values.map(Some), "{name}");
    }
    assert_eq!(
        indicator(&r, "disadvantaged_result_on_leaving")["share"],
        0.6667,
        "2 of the 3 disadvantaged leavers"
    );
    assert_eq!(
        indicator(&r, "employed_six_months_after")["timing"],
        "six_months_after_leaving"
    );

    // "Other disadvantaged" is not an ESF+ question.
    let plus = app
        .admin()
        .post("/v1/projects", &json!({"code": "PLUS", "name": "Plus", "programme_period": "esf_plus_2021_2027", "administrator_organisation_id": o.laptuote}))
        .await;
    let plus = id_of(&body(plus).await);
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let person = json!({"entry_date": "2025-02-01", "gender": "female", "birth_date": "1990-01-01", "labour_market_status": "inactive", "education": "isced_3_4", "other_disadvantaged": "yes"});
    let p = problem(
        worker
            .post(&format!("/v1/projects/{plus}/participants"), &person)
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "other_disadvantaged");
    let r = worker
        .post(&format!("/v1/projects/{project}/participants"), &person)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "asked in 2014–2020");
    assert_eq!(body(r).await["other_disadvantaged"], "yes");
}

async fn the_funder_report_keeps_each_programme_period_apart(app: TestApp) {
    let (project, o, _) = dataset_in(&app, "esf_2014_2020").await;
    let plus = app
        .admin()
        .post("/v1/projects", &json!({"code": "PLUS", "name": "Plus", "programme_period": "esf_plus_2021_2027", "administrator_organisation_id": o.laptuote, "funder_organisation_id": o.ely}))
        .await;
    let plus = id_of(&body(plus).await);
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let people: Vec<Value> = (0..12).map(|i| json!({"external_ref": format!("p{i}"), "entry_date": "2025-03-01", "gender": "female", "birth_date": "1995-01-01", "labour_market_status": "unemployed", "unemployed_since": "2025-01-01", "education": "isced_3_4"})).collect();
    let r = worker
        .post(
            &format!("/v1/projects/{plus}/participants/batch"),
            &json!({"items": people}),
        )
        .await;
    assert_eq!(body(r).await["created"], 12);

    let funder = app.caller(&["reporter"], Some(o.ely));
    let report = body(
        funder
            .get(&format!("/v1/funders/{}/reports/indicators", o.ely))
            .await,
    )
    .await;
    let sections = report["programme_periods"].as_array().unwrap();
    let periods: Vec<&str> = sections
        .iter()
        .map(|s| s["programme_period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["esf_2014_2020", "esf_plus_2021_2027"]);
    for (section, code, total_code) in [
        (&sections[0], "ESKO", "CO01+CO03+CO05"),
        (&sections[1], "PLUS", "EECO01"),
    ] {
        assert_eq!(section["projects"], 1);
        assert_eq!(section["covered_projects"][0]["code"], code);
        assert_eq!(section["indicators"][0]["official_code"], total_code);
    }
    // Each section is its own project's figures: the same contributors, the same value.
    for (section, id) in [(&sections[0], project), (&sections[1], plus)] {
        let own = body(
            funder
                .get(&format!("/v1/projects/{id}/reports/indicators"))
                .await,
        )
        .await;
        assert_eq!(section["participants"], own["participants"]);
        assert_eq!(section["indicators"], own["indicators"]);
    }
    let twelve = sections[1]["participants"]["value"].as_i64().unwrap();
    assert!((10..=14).contains(&twelve), "12 perturbed: {twelve}");

    // The CSV lists both periods, each row naming its own.
    let csv = funder
        .request(
            reqwest::Method::GET,
            &format!("/v1/funders/{}/reports/indicators", o.ely),
        )
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("esf_2014_2020;participants;participants;CO01+CO03+CO05;"));
    assert!(csv.contains("esf_plus_2021_2027;participants;participants;EECO01;"));
}
