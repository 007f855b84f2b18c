//! The figures kept at write time (steps reached, when each step was left, first and latest
//! score per dimension) follow corrections, re-entries and assessments recorded out of date
//! order, and equal what is computed again from the records.

use askel_tests::{Caller, TestApp, body, id_of, on_both_databases};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::reports_dataset::kykyviisari;

on_both_databases!(kept_figures_follow_corrections_and_match_a_rebuild_from_the_records);

async fn report(admin: &Caller<'_>, project: Uuid) -> Value {
    let r = admin
        .get(&format!(
            "/v1/projects/{project}/reports/indicators?from=2025-01-01&to=2025-12-31"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    body(r).await
}

/// `(reached, median days)` for steps 1–3.
fn steps(report: &Value) -> Vec<(i64, Option<f64>)> {
    report["steps"].as_array().unwrap()[..3]
        .iter()
        .map(|s| {
            (
                s["reached"]["value"].as_i64().unwrap(),
                s["median_days"].as_f64(),
            )
        })
        .collect()
}

fn work_ability(report: &Value) -> (i64, Option<f64>, Option<f64>) {
    let c = report["assessment_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimension"] == "work_ability")
        .cloned()
        .expect("work ability is reported");
    (
        c["participants"]["value"].as_i64().unwrap(),
        c["mean_change"].as_f64(),
        c["share_improved"].as_f64(),
    )
}

async fn exit(worker: &Caller<'_>, id: Uuid, date: &str) {
    let r = worker
        .request(Method::PUT, &format!("/v1/participants/{id}/exit"))
        .json(&json!({"exit_date": date, "situation": "unemployed_job_seeker", "qualification_gained": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

async fn step(worker: &Caller<'_>, id: Uuid, step: u8, on: &str) {
    let r = worker
        .post(
            &format!("/v1/participants/{id}/steps"),
            &json!({"step": step, "entered_on": on, "reason": "Tilanne muuttui."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "step {step} on {on}");
}

async fn kept_figures_follow_corrections_and_match_a_rebuild_from_the_records(app: TestApp) {
    let socom = app.organisation("Socom Oy", "company").await;
    let project = id_of(&app.project("KEPT", socom).await);
    let admin = app.caller(&["manager"], Some(socom));
    let worker = app.caller(&["worker"], Some(socom));
    let r = worker
        .post(
            &format!("/v1/projects/{project}/participants"),
            &json!({"entry_date": "2025-02-01", "gender": "female", "birth_date": "1990-01-01",
                    "labour_market_status": "unemployed", "unemployed_since": "2024-01-01",
                    "education": "isced_3_4"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = id_of(&body(r).await);

    step(&worker, id, 1, "2025-02-01").await;
    step(&worker, id, 2, "2025-03-03").await;
    exit(&worker, id, "2025-04-02").await;
    let r = report(&admin, project).await;
    assert_eq!(
        steps(&r),
        [(1, Some(30.0)), (1, Some(30.0)), (0, None)],
        "step 1 left for step 2 after 30 days, step 2 at the exit 30 days later"
    );

    // A corrected exit moves the end of the last step.
    exit(&worker, id, "2025-05-02").await;
    assert_eq!(steps(&report(&admin, project).await)[1], (1, Some(60.0)));

    // Re-entered: the first episode's spans stay as they were; step 2 again, left for step 3
    // after 10 days; step 3 runs until today.
    let r = worker
        .post(
            &format!("/v1/participants/{id}/re-entry"),
            &json!({"entry_date": "2025-06-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    step(&worker, id, 2, "2025-06-01").await;
    step(&worker, id, 3, "2025-06-11").await;
    let r = report(&admin, project).await;
    let kept = steps(&r);
    assert_eq!(kept[..2], [(1, Some(30.0)), (1, Some(35.0))]);
    assert!(
        kept[2].0 == 1 && kept[2].1.is_some_and(|d| d > 500.0),
        "step 3 is reached once and runs until today: {kept:?}"
    );

    // Scores recorded out of date order: the first is the earliest by date, the latest the
    // last by date, whatever the order they were recorded in.
    let kyky = kykyviisari(&worker).await;
    for (date, work) in [("2025-05-30", 7), ("2025-02-03", 4), ("2025-04-01", 9)] {
        let scores = json!({"work_ability": work, "mental_wellbeing": 5, "social_inclusion": 5,
                            "physical_functioning": 5, "skills": 5, "everyday_coping": 5});
        let r = worker
            .post(
                &format!("/v1/participants/{id}/assessments"),
                &json!({"instrument_id": kyky, "phase": "interim", "date": date, "scores": scores}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = report(&admin, project).await;
    assert_eq!(work_ability(&r), (1, Some(3.0), Some(1.0)), "from 4 to 7");

    // Everything kept equals what the records give when computed again.
    let tx = app.state.db.write().await.expect("a transaction");
    tx.figures()
        .rebuild_report_aggregates()
        .await
        .expect("the kept figures are rebuilt");
    tx.commit().await.expect("committed");
    let rebuilt = report(&admin, project).await;
    assert_eq!(steps(&rebuilt), kept);
    assert_eq!(work_ability(&rebuilt), work_ability(&r));
    assert_eq!(rebuilt["steps"], r["steps"]);
    assert_eq!(rebuilt["assessment_changes"], r["assessment_changes"]);
}
