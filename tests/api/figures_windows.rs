//! Protected figures only for periods that cannot be slid: the second penetration test averaged
//! `report[D,E] − report[D+1,E]` and `report[F,D] − report[F,D−1]` over 60 windows each and
//! recovered 95 % of counts 1–4. A protected reader now gets a whole calendar month, quarter or
//! year, or the whole period; every window of that attack answers 422 and changes nothing. The
//! project's administrator, who sees exact figures, still asks for any period.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::StatusCode;

use crate::reports_dataset::dataset;

on_both_databases!(protected_readers_get_calendar_granules_and_the_sliding_windows_are_refused);

async fn protected_readers_get_calendar_granules_and_the_sliding_windows_are_refused(app: TestApp) {
    let (project, o, _) = dataset(&app).await;
    let reporter = app.caller(&["reporter"], Some(o.ely));
    let funder_url = format!("/v1/funders/{}/reports/indicators", o.ely);
    let project_url = format!("/v1/projects/{project}/reports/indicators");
    // The attack's windows: a day D and the day after, against 60 ends and 60 starts.
    let day = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
    let mut windows = Vec::new();
    for n in 1..=60 {
        let e = day + chrono::Days::new(n + 1);
        let f = day - chrono::Days::new(n);
        windows.push((day, e));
        windows.push((day.succ_opt().unwrap(), e));
        windows.push((f, day));
        windows.push((f, day.pred_opt().unwrap()));
    }
    let mut answered = 0;
    for (from, to) in &windows {
        for url in [&funder_url, &project_url] {
            let r = reporter.get(&format!("{url}?from={from}&to={to}")).await;
            if r.status() == StatusCode::OK {
                answered += 1;
                continue;
            }
            let p = problem(r, 422).await;
            assert_eq!(p["errors"][0]["field"], "from", "{p}");
            assert!(
                p["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("whole calendar month, quarter or year"),
                "{p}"
            );
        }
    }
    // Of 240 windows only whole months could be served, and none pairs with one a day apart.
    assert!(answered <= 8, "{answered} of the attack's windows answered");
    for query in [
        "",
        "?from=2025-02-01&to=2025-02-28",
        "?from=2025-01-01&to=2025-03-31",
        "?from=2025-01-01&to=2025-12-31",
    ] {
        for url in [&funder_url, &project_url] {
            let r = reporter.get(&format!("{url}{query}")).await;
            assert_eq!(r.status(), StatusCode::OK, "{url}{query}");
            assert_eq!(body(r).await["protected"], true);
        }
        let one_sided = reporter.get(&format!("{funder_url}?from=2025-02-01")).await;
        problem(one_sided, 422).await;
    }
    let admin = app.caller(&["manager"], Some(o.socom));
    let exact = admin
        .get(&format!("{project_url}?from=2025-02-02&to=2025-03-15"))
        .await;
    assert_eq!(exact.status(), StatusCode::OK);
    assert_eq!(body(exact).await["protected"], false);
}
