//! Retention: after a project's retention end its participants are anonymised as the anonymise
//! operation does — identifying data gone, figures unchanged, the audit trail kept — and a dry
//! run changes nothing.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::reports_dataset::dataset;

on_both_databases!(participants_past_the_retention_end_are_anonymised_and_the_figures_stay);

async fn participants_past_the_retention_end_are_anonymised_and_the_figures_stay(app: TestApp) {
    let (project, o, ids) = dataset(&app).await;
    let admin = app.caller(&["manager"], Some(o.socom));
    let report_url = format!("/v1/projects/{project}/reports/indicators");
    let before = body(admin.get(&report_url).await).await;
    let retention = format!("/v1/projects/{project}/retention");
    let set = |end: Value| {
        admin
            .request(Method::PUT, &retention)
            .json(&json!({"retention_end": end}))
            .send()
    };
    problem(
        app.caller(&["manager"], Some(o.laptuote))
            .request(Method::PUT, &retention)
            .json(&json!({"retention_end": "2020-12-31"}))
            .send()
            .await
            .unwrap(),
        403,
    )
    .await;
    let today = chrono::Utc::now().date_naive();
    let r = set(json!(today)).await.unwrap();
    assert_eq!(body(r).await["retention_end"], json!(today));
    let due = askel_api::services::retention::due(&app.state, today)
        .await
        .unwrap();
    assert!(due.is_empty(), "the retention end day itself is still kept");

    let r = set(json!("2020-12-31")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let due = askel_api::services::retention::due(&app.state, today)
        .await
        .unwrap();
    assert_eq!(
        due,
        [askel_api::services::retention::Due {
            project_code: "ESKO".to_owned(),
            participants: 6
        }],
        "a dry run lists and changes nothing"
    );
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let one = format!("/v1/participants/{}", ids[0]);
    assert_eq!(body(worker.get(&one).await).await["anonymised"], false);

    let n = askel_api::services::retention::run(&app.state, today)
        .await
        .unwrap();
    assert_eq!(n, 6);
    for id in &ids {
        let p = body(worker.get(&format!("/v1/participants/{id}")).await).await;
        assert_eq!(p["anonymised"], true, "{id}");
    }
    let after = body(admin.get(&report_url).await).await;
    assert_eq!(
        (after["participants"].clone(), after["indicators"].clone()),
        (before["participants"].clone(), before["indicators"].clone()),
        "the figures stay exact"
    );
    let log = body(admin.get(&format!("{one}/access-log?limit=500")).await).await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "anonymise" && e.to_string().contains("askel-retention")),
        "{log}"
    );
    assert_eq!(
        askel_api::services::retention::run(&app.state, today)
            .await
            .unwrap(),
        0,
        "nothing left to do"
    );
}
