//! The situation upon leaving is the one within four weeks of leaving (the SFC2021 FAQ's
//! reading of "upon leaving"): an exit says which day its situation refers to, a day outside
//! the window is refused and changes nothing, and a correction stays within the window.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::referrals::{participant, setup};

on_both_databases!(an_exit_situation_refers_to_a_day_within_four_weeks_of_leaving);

async fn an_exit_situation_refers_to_a_day_within_four_weeks_of_leaving(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let url = format!("/v1/participants/{person}/exit");
    let put = async |b: serde_json::Value| {
        worker
            .request(Method::PUT, &url)
            .json(&b)
            .send()
            .await
            .unwrap()
    };
    let late = put(
        json!({"exit_date": "2025-06-01", "situation": "open_market_employment",
                          "situation_date": "2025-07-15", "qualification_gained": false}),
    )
    .await;
    let p = problem(late, 422).await;
    assert_eq!(p["errors"][0]["field"], "situation_date", "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2025-06-29"),
        "{p}"
    );
    let early = put(
        json!({"exit_date": "2025-06-01", "situation": "open_market_employment",
                           "situation_date": "2025-05-20", "qualification_gained": false}),
    )
    .await;
    problem(early, 422).await;
    let read = body(worker.get(&format!("/v1/participants/{person}")).await).await;
    assert_eq!(read["status"], "active", "nothing stored");

    let r = put(
        json!({"exit_date": "2025-06-01", "situation": "unemployed_job_seeker",
                       "qualification_gained": false}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        body(r).await["situation_date"],
        "2025-06-01",
        "the exit date by default"
    );
    // Three weeks on the person has a job: the last situation in the window counts.
    let r = put(
        json!({"exit_date": "2025-06-01", "situation": "open_market_employment",
                       "situation_date": "2025-06-22", "qualification_gained": false}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let exit = body(r).await;
    assert_eq!(
        (exit["situation"].clone(), exit["situation_date"].clone()),
        (json!("open_market_employment"), json!("2025-06-22"))
    );
}
