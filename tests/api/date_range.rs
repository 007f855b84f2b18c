//! One range of dates everywhere (1900-01-01 to 2199-12-31): in bodies, queries and cursors,
//! a date outside it is refused with 400 on both databases (PostgreSQL answered 500 for dates
//! before 4713 BC; SQLite stored an activity dated −5000).

use askel_tests::{TestApp, body, on_both_databases, problem};
use base64::Engine;
use reqwest::Method;
use serde_json::json;

use crate::access_matrix::objects;

on_both_databases!(dates_outside_the_range_are_refused_everywhere);

async fn dates_outside_the_range_are_refused_everywhere(app: TestApp) {
    let o = objects(&app).await;
    let owner = app.caller(&["manager", "worker"], Some(o.owner));
    let admin = app.admin();
    let project = o.project;
    let participant = o.participant;
    let activities_before = body(
        owner
            .get(&format!("/v1/projects/{project}/activities"))
            .await,
    )
    .await;
    for far in ["-5000-01-01", "+10000-01-01", "1899-12-31", "2200-01-01"] {
        let bodies = [
            (
                Method::POST,
                format!("/v1/projects/{project}/activities"),
                json!({"kind": "peer_support_group", "title": "Ryhmä", "step": 2, "date": far, "duration_minutes": 60}),
            ),
            (
                Method::POST,
                format!("/v1/participants/{participant}/goals"),
                json!({"text": "Tavoite", "step": 3, "target_date": far}),
            ),
            (
                Method::POST,
                format!("/v1/participants/{participant}/steps"),
                json!({"step": 2, "entered_on": far}),
            ),
            (
                Method::PATCH,
                format!("/v1/goals/{}", o.goal),
                json!({"target_date": far}),
            ),
            (
                Method::PATCH,
                format!("/v1/participants/{participant}"),
                json!({"birth_date": far}),
            ),
        ];
        for (method, url, b) in bodies {
            let r = owner
                .request(method.clone(), &url)
                .json(&b)
                .send()
                .await
                .unwrap();
            let p = problem(r, 400).await;
            assert!(
                p["detail"]
                    .as_str()
                    .unwrap()
                    .contains("1900-01-01 to 2199-12-31"),
                "{method} {url}: {p}"
            );
        }
        let r = admin
            .request(Method::PATCH, &format!("/v1/projects/{project}"))
            .json(&json!({"start_date": far}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "project {far}: {:?}", r.text().await);
        for query in [
            format!("/v1/projects/{project}/participants?updated_since={far}T00:00:00Z"),
            format!("/v1/projects/{project}/participants?entered_from={far}"),
            format!("/v1/projects/{project}/reports/indicators?from={far}"),
            format!("/v1/projects/{project}/reports/indicators?to={far}"),
        ] {
            let r = owner.get(&query.replace('+', "%2B")).await;
            assert_eq!(r.status(), 400, "{query}: {:?}", r.text().await);
        }
    }
    // A forged cursor that points before 4713 BC: refused as every malformed cursor is (422).
    let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("-230000000000000000:{participant}"));
    problem(
        owner
            .get(&format!(
                "/v1/projects/{project}/participants?cursor={cursor}"
            ))
            .await,
        422,
    )
    .await;
    assert_eq!(
        body(
            owner
                .get(&format!("/v1/projects/{project}/activities"))
                .await
        )
        .await,
        activities_before,
        "nothing was stored"
    );
}
