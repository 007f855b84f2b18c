//! Statistics of small groups: the second review found a true count of 3, published as 5,
//! carrying its exact median days per step (one person's value) and a mean change to two
//! decimals. A protected reader now gets a median, a mean or a share only where the group truly
//! holds the threshold of people, coarsened (medians to 5 days, means to one decimal, shares to
//! whole percent); the administrator's exact figures are unchanged.

use askel_tests::{TestApp, body, on_both_databases};
use serde_json::Value;

use crate::reports_dataset::dataset;

on_both_databases!(protected_readers_get_no_statistic_of_a_group_under_the_threshold);

fn truly(exact: &Value) -> i64 {
    exact["value"].as_i64().unwrap_or(0)
}

async fn protected_readers_get_no_statistic_of_a_group_under_the_threshold(app: TestApp) {
    let (project, o, _) = dataset(&app).await;
    let url = format!("/v1/projects/{project}/reports/indicators");
    let exact = body(app.caller(&["manager"], Some(o.socom)).get(&url).await).await;
    let protected = body(app.caller(&["reporter"], Some(o.ely)).get(&url).await).await;
    assert_eq!(
        (exact["protected"].clone(), protected["protected"].clone()),
        (false.into(), true.into())
    );
    let mut checked = 0;
    for (e, p) in exact["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(protected["steps"].as_array().unwrap())
    {
        if truly(&e["reached"]) < 5 {
            assert!(p["median_days"].is_null(), "{p}");
            checked += usize::from(!e["median_days"].is_null());
        } else if let Some(m) = p["median_days"].as_f64() {
            assert!((m / 5.0 - (m / 5.0).round()).abs() < 1e-9, "{m}");
        }
    }
    for (e, p) in exact["assessment_changes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(protected["assessment_changes"].as_array().unwrap())
    {
        if truly(&e["participants"]) < 5 {
            assert!(
                p["mean_change"].is_null() && p["share_improved"].is_null(),
                "{p}"
            );
            checked += usize::from(!e["mean_change"].is_null());
        }
    }
    for p in protected["indicators"].as_array().unwrap() {
        if let Some(s) = p["share"].as_f64() {
            assert!((s * 100.0 - (s * 100.0).round()).abs() < 1e-9, "{p}");
        }
    }
    assert!(
        checked >= 2,
        "the dataset has small groups the administrator sees statistics of"
    );
}
