//! Figures: exact for the administrator on a hand-counted dataset, protected for the funder,
//! the same numbers as CSV, and a constant number of statements whatever the participants.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::reports_dataset::dataset;

on_both_databases!(figures_are_exact_for_the_administrator_and_protected_for_the_funder);

fn indicator<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap()
}

/// `[female, male, non_binary, not_stated, total]` values, `None` where withheld.
fn cells(i: &Value) -> [Option<i64>; 5] {
    ["female", "male", "non_binary", "not_stated", "total"].map(|g| i[g]["value"].as_i64())
}

async fn figures_are_exact_for_the_administrator_and_protected_for_the_funder(app: TestApp) {
    let (project, o, _) = dataset(&app).await;
    let url = format!("/v1/projects/{project}/reports/indicators?from=2025-01-01&to=2025-12-31");
    let admin = app.caller(&["manager"], Some(o.socom));
    let r = body(admin.get(&url).await).await;
    assert_eq!(r["protected"], false);
    assert_eq!(r["participants"]["value"], 6);
    assert_eq!(r["programme_period"], "esf_plus_2021_2027");
    assert_eq!(r["leavers"]["value"], 3);
    let expected: [(&str, &str, [i64; 5]); 24] = [
        ("participants", "EECO01", [3, 2, 1, 0, 6]),
        ("unemployed", "EECO02", [2, 1, 0, 0, 3]),
        ("long_term_unemployed", "EECO03", [2, 0, 0, 0, 2]),
        ("inactive", "EECO04", [1, 0, 1, 0, 2]),
        ("employed", "EECO05", [0, 1, 0, 0, 1]),
        ("under_18", "EECO06", [0, 0, 1, 0, 1]),
        ("aged_18_29", "EECO07", [1, 1, 0, 0, 2]),
        ("aged_55_and_over", "EECO08", [1, 0, 0, 0, 1]),
        ("under_25", "FI", [1, 1, 1, 0, 3]),
        ("isced_0_2", "EECO09", [1, 1, 1, 0, 3]),
        ("isced_3_4", "EECO10", [2, 0, 0, 0, 2]),
        ("isced_5_8", "EECO11", [0, 1, 0, 0, 1]),
        ("disability", "EECO12", [1, 0, 0, 0, 1]),
        ("third_country_nationals", "EECO13", [1, 0, 0, 0, 1]),
        ("foreign_background", "EECO14", [1, 0, 0, 0, 1]),
        ("minorities", "EECO15", [1, 0, 0, 0, 1]),
        ("homeless", "EECO16", [0, 1, 0, 0, 1]),
        ("rural_areas", "EECO17", [1, 1, 1, 0, 3]),
        // The job seeker on leaving was unemployed at entry, not inactive.
        ("job_searching_on_leaving", "EECR01", [0, 0, 0, 0, 0]),
        ("in_education_on_leaving", "EECR02", [0, 1, 0, 0, 1]),
        ("qualification_on_leaving", "EECR03", [1, 0, 0, 0, 1]),
        ("employed_on_leaving", "EECR04", [1, 0, 0, 0, 1]),
        ("employed_six_months_after", "EECR05", [1, 0, 0, 0, 1]),
        (
            "improved_situation_six_months_after",
            "EECR06",
            [0, 0, 0, 0, 0],
        ),
    ];
    for (name, code, values) in expected {
        let i = indicator(&r, name);
        assert_eq!(i["official_code"], code, "{name}");
        assert_eq!(cells(i), values.map(Some), "{name}");
    }
    assert_eq!(indicator(&r, "under_25")["share"], 0.5, "of 6 entrants");
    assert_eq!(
        indicator(&r, "employed_on_leaving")["share"],
        0.3333,
        "of 3 leavers"
    );
    // A result's share is over its own population: EECR06 counts among leavers employed at
    // entry, and none of the three was, so it has no share (it was 0 of all 3 leavers).
    assert_eq!(
        indicator(&r, "improved_situation_six_months_after")["share"],
        Value::Null
    );
    assert_eq!(
        indicator(&r, "employed_six_months_after")["share"],
        0.3333,
        "1 of the 3 leavers unemployed or inactive at entry"
    );
    let steps: Vec<_> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["reached"]["value"].as_i64().unwrap(),
                s["current"]["value"].as_i64().unwrap(),
            )
        })
        .collect();
    // Those who have left are in no step now.
    assert_eq!(steps, [(4, 1), (2, 0), (1, 1), (0, 0), (0, 0)]);
    // Step 1 spans 0, 0, 120 days and "until today"; step 2 spans 120 and 0: both medians 60.
    let medians: Vec<Option<f64>> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["median_days"].as_f64())
        .collect();
    assert_eq!(medians[..2], [Some(60.0), Some(60.0)]);
    assert!(
        medians[2].is_some_and(|d| d > 200.0),
        "step 3 runs until today"
    );
    assert_eq!(medians[3..], [None, None]);
    assert_eq!(
        r["eura"][0],
        json!({"state": "not_submitted", "count": {"value": 6, "suppressed": false}})
    );
    assert_eq!(
        r["referrals"],
        json!([{"service_kind": "debt_counselling", "status": "sent", "count": {"value": 1, "suppressed": false}}])
    );
    assert_eq!(
        r["referral_acceptance_rate"],
        Value::Null,
        "none answered yet"
    );
    // Work ability: person 1 from 4 to 7, person 3 from 5 to 4 (person 2 was assessed once).
    let change = |report: &Value, dimension: &str| {
        report["assessment_changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["dimension"] == dimension)
            .cloned()
            .unwrap()
    };
    let work = change(&r, "work_ability");
    assert_eq!(
        (
            work["instrument"].clone(),
            work["participants"]["value"].clone()
        ),
        (json!("kykyviisari"), json!(2))
    );
    assert_eq!(
        (
            work["mean_change"].as_f64(),
            work["share_improved"].as_f64()
        ),
        (Some(1.0), Some(0.5))
    );
    assert_eq!(change(&r, "skills")["mean_change"].as_f64(), Some(0.0));

    // The same numbers as CSV for Finnish Excel.
    let csv = admin
        .request(Method::GET, &url)
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM, so Excel reads UTF-8");
    assert!(
        text.contains(
            "esf_plus_2021_2027;indicator;long_term_unemployed;EECO03;2;0;0;0;2;;0,3333;;;;\r\n"
        ),
        "{text}"
    );
    assert!(text.contains("esf_plus_2021_2027;indicator;under_25;FI;1;1;1;0;3;;0,5;;;;\r\n"));

    // And as a workbook that opens and holds the same numbers.
    let xlsx = admin
        .request(Method::GET, &url)
        .header(
            "Accept",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "indicators").unwrap();
    let row = sheet
        .rows()
        .find(|r| r.get(2).map(ToString::to_string).as_deref() == Some("long_term_unemployed"))
        .unwrap();
    let values: Vec<String> = row.iter().map(ToString::to_string).collect();
    assert_eq!(values[3..9], ["EECO03", "2", "0", "0", "0", "2"]);

    // The funder's reporter: every count perturbed by at most 2, values below 5 withheld
    // (empty cells too), the same answer every time, and shares made of shown values only.
    let funder = app.caller(&["reporter"], Some(o.ely));
    let p = body(funder.get(&url).await).await;
    assert_eq!(
        (p["protected"].clone(), p["threshold"].clone()),
        (json!(true), json!(5))
    );
    assert_eq!(
        body(funder.get(&url).await).await,
        p,
        "asking again gains nothing"
    );
    for (exact, shown) in r["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .zip(p["indicators"].as_array().unwrap())
    {
        for (e, s) in cells(exact).into_iter().zip(cells(shown)) {
            let e = e.unwrap();
            match s {
                Some(v) => assert!(v >= 5 && (v - e).abs() <= 2, "{exact} {shown}"),
                None => assert!(
                    e <= 6,
                    "only counts below 7 can fall below 5: {exact} {shown}"
                ),
            }
        }
        if let Some(share) = shown["share"].as_f64() {
            assert!(shown["total"]["value"].is_i64() && share > 0.0);
        }
    }
    let ltu = indicator(&p, "long_term_unemployed");
    assert_eq!(cells(ltu), [None; 5], "2 of 6 is never shown");
    assert_eq!(ltu["share"], Value::Null);
    assert!(p["steps"][1]["reached"]["suppressed"].as_bool().unwrap());
    assert_eq!(p["steps"][1]["median_days"], Value::Null, "nor its median");
    let protected_work = change(&p, "work_ability");
    assert_eq!(
        (
            protected_work["participants"]["suppressed"].clone(),
            protected_work["mean_change"].clone(),
            protected_work["share_improved"].clone(),
        ),
        (json!(true), Value::Null, Value::Null),
        "two people's change is not shown"
    );
    let funder_csv = funder
        .request(Method::GET, &url)
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        funder_csv.contains(
            "esf_plus_2021_2027;indicator;long_term_unemployed;EECO03;;;;;;female male non_binary not_stated total;;;;;\r\n"
        ),
        "{funder_csv}"
    );
    // Loaded as a data frame would load it: every count column holds numbers or nothing, and
    // the assessment rows' mean is in a column of its own, never among the counts.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(funder_csv.trim_start_matches('\u{feff}').as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for record in reader.records().map(Result::unwrap) {
        for (heading, field) in headings.iter().zip(record.iter()) {
            if ["female", "male", "non_binary", "not_stated", "total"].contains(&heading.as_str()) {
                assert!(
                    field.is_empty() || field.parse::<i64>().is_ok(),
                    "{heading}: {field:?} in {record:?}"
                );
            }
        }
    }

    // Across the funder's projects: one section for the one programme period.
    let across = body(
        funder
            .get(&format!("/v1/funders/{}/reports/indicators", o.ely))
            .await,
    )
    .await;
    assert_eq!(across["protected"], true);
    let sections = across["programme_periods"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(
        (
            sections[0]["programme_period"].clone(),
            sections[0]["projects"].clone(),
            sections[0]["covered_projects"][0]["code"].clone()
        ),
        (json!("esf_plus_2021_2027"), json!(1), json!("ESKO"))
    );
    assert_eq!(
        sections[0]["participants"], p["participants"],
        "the same people, the same published value"
    );
    problem(
        app.caller(&["reporter"], Some(o.eksote))
            .get(&format!("/v1/funders/{}/reports/indicators", o.ely))
            .await,
        404,
    )
    .await;

    // Only the project's actors read its figures; a county handler none.
    let outsider = app.organisation("Muu ry", "association").await;
    problem(
        app.caller(&["manager"], Some(outsider)).get(&url).await,
        403,
    )
    .await;
    problem(
        app.caller(&["referral_handler"], Some(o.eksote))
            .get(&url)
            .await,
        403,
    )
    .await;
    assert_eq!(
        body(app.caller(&["reporter"], Some(o.eksote)).get(&url).await).await["protected"],
        true
    );
    let p422 = problem(
        admin
            .get(&format!(
                "/v1/projects/{project}/reports/indicators?from=2025-12-31&to=2025-01-01"
            ))
            .await,
        422,
    )
    .await;
    assert_eq!(p422["errors"][0]["field"], "to");

    // The report costs the same statements for 7 participants as for 27: after each batch the
    // project's kept part is stale and counted again, in as many statements.
    let add = async |from: usize, n: usize| {
        let more: Vec<Value> = (from..from + n).map(|i| json!({"external_ref": format!("x{i}"), "entry_date": "2025-03-01", "gender": "male", "birth_date": "1999-01-01", "labour_market_status": "inactive", "education": "isced_0_2"})).collect();
        let r = app
            .caller(&["worker"], Some(o.laptuote))
            .post(
                &format!("/v1/projects/{project}/participants/batch"),
                &json!({"items": more}),
            )
            .await;
        assert_eq!(body(r).await["created"], n);
    };
    let cost = async || {
        let before = app.state.db.statements_executed();
        let r = admin.get(&url).await;
        assert_eq!(r.status(), StatusCode::OK);
        app.state.db.statements_executed() - before
    };
    add(0, 1).await;
    let seven = cost().await;
    add(1, 20).await;
    assert_eq!(cost().await, seven);
    // Unchanged, the kept part is read instead of counting again. On PostgreSQL a part counted
    // while an older transaction anywhere on the server was still open is not trusted (its
    // horizon is the oldest open transaction), so it may take a report or two more.
    let mut kept = false;
    for _ in 0..50 {
        if cost().await < seven {
            kept = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(kept, "a kept part costs fewer statements");
}
