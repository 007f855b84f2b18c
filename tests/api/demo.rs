//! The demo dataset loads into an empty database, holds the seed texts' facts and works with
//! the printed tokens.

use askel_api::demo;
use askel_tests::{TestApp, body, on_both_databases};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(demo_data_loads_once_and_its_tokens_work);

async fn demo_data_loads_once_and_its_tokens_work(app: TestApp) {
    assert!(demo::load(&app.state).await.unwrap());
    assert!(
        !demo::load(&app.state).await.unwrap(),
        "a second load adds nothing"
    );

    let tokens = demo::tokens(&app.state, 600).unwrap();
    assert_eq!(tokens.len(), demo::DEMO_ROLES.len());
    let admin = app.with_token(tokens[0].1.clone());
    let projects: Value = body(admin.get("/v1/projects?limit=500").await).await;
    let items = projects["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        88,
        "Esko, OSAT, Suunta yhdessä, Osaava työikä and the 84 generated Häme projects"
    );
    assert!(
        items.iter().any(|p| p["code"] == "KYVYT"),
        "the seven Häme projects seed 002 names are there"
    );
    let by_code = |code: &str| items.iter().find(|p| p["code"] == code).cloned().unwrap();
    let suunta = by_code("SUUNTA");
    assert_eq!(suunta["funding"]["esf_amount_cents"], 23_958_600);
    assert_eq!(suunta["funding"]["total_eligible_cost_cents"], 29_948_250);
    let osat = by_code("OSAT");
    assert_eq!(
        osat["target_areas"]["districts"],
        json!(["Ristinummi", "Vähäkyrö", "Vaasan keskusta-alue"])
    );
    assert_eq!(osat["start_date"], "2017-05-04");
    let osaava = by_code("OSAAVA-TYOIKA");
    let statements: Value = body(
        admin
            .get(&format!(
                "/v1/projects/{}/statements",
                osaava["id"].as_str().unwrap()
            ))
            .await,
    )
    .await;
    assert_eq!(statements["items"][0]["diary_number"], "5605/00.04.02/2024");

    // Every Esko token has something to do: each partner its own people, Socom both partners',
    // Eksote an inbox; Esko's dates are the seed's.
    let esko = by_code("ESKO");
    assert_eq!(
        (esko["start_date"].clone(), esko["end_date"].clone()),
        (json!("2018-01-01"), json!("2019-12-31"))
    );
    let esko_people = format!(
        "/v1/projects/{}/participants?limit=500",
        esko["id"].as_str().unwrap()
    );
    let count = async |token: &str| {
        body(app.with_token(token.to_owned()).get(&esko_people).await).await["items"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&tokens[2].1).await, 12, "Laptuote's worker");
    assert_eq!(count(&tokens[6].1).await, 12, "Saimaan Virta's worker");
    assert_eq!(
        count(&tokens[1].1).await,
        24,
        "Socom, the administrator, sees both"
    );
    let inbox = body(
        app.with_token(tokens[4].1.clone())
            .get("/v1/referrals?role=target&limit=500")
            .await,
    )
    .await;
    let mut statuses: Vec<String> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["project_id"] == esko["id"])
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect();
    statuses.sort();
    statuses.dedup();
    assert_eq!(
        statuses,
        [
            "accepted",
            "cancelled",
            "completed",
            "declined",
            "received",
            "sent"
        ],
        "every state but the sender's drafts"
    );
    // Esko's people are its target group, young men, and all left by the end of 2019, when it
    // closed; six months later most were followed up; their history is in each partner's feed.
    let everyone: Value = body(app.with_token(tokens[1].1.clone()).get(&esko_people).await).await;
    for p in everyone["items"].as_array().unwrap() {
        assert_eq!(p["gender"], "male", "{p}");
        let entered: chrono::NaiveDate = p["entry_date"].as_str().unwrap().parse().unwrap();
        let born: chrono::NaiveDate = p["birth_date"].as_str().unwrap().parse().unwrap();
        let age = entered.years_since(born).unwrap();
        assert!((18..30).contains(&age), "{age}");
        assert_eq!(p["status"], "exited", "{p}");
    }
    let feed: Value = body(
        app.with_token(tokens[6].1.clone())
            .get("/v1/events?limit=500")
            .await,
    )
    .await;
    let types: std::collections::BTreeSet<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    for expected in [
        "participant.registered",
        "participant.step_entered",
        "participant.exited",
        "participant.follow_up_recorded",
        "referral.created",
    ] {
        assert!(types.contains(expected), "{expected} in {types:?}");
    }
    let r = app
        .with_token(tokens[2].1.clone())
        .post(
            &format!("/v1/projects/{}/participants", esko["id"].as_str().unwrap()),
            &json!({"entry_date": "1999-03-01", "gender": "male", "birth_date": "1990-01-01", "labour_market_status": "unemployed", "education": "isced_0_2"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "before Esko began"
    );

    // Socom's manager administers Esko and may change it.
    let socom_manager = app.with_token(tokens[1].1.clone());
    let r = socom_manager
        .patch(
            &format!("/v1/projects/{}", esko["id"].as_str().unwrap()),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let actors: Value = body(
        socom_manager
            .get(&format!(
                "/v1/projects/{}/actors",
                esko["id"].as_str().unwrap()
            ))
            .await,
    )
    .await;
    assert_eq!(actors["items"].as_array().unwrap().len(), 7);

    // The Häme programme reproduces seed 002's figures in the funder's report.
    let ely = app.with_token(tokens[3].1.clone());
    let hame = "01941f29-7c04-7504-8000-000000000004";
    let funder: Value = body(
        ely.get(&format!("/v1/funders/{hame}/reports/indicators"))
            .await,
    )
    .await;
    let sections = funder["programme_periods"].as_array().unwrap();
    assert_eq!(sections.len(), 1, "every Häme project is ESF 2014–2020");
    let report = &sections[0];
    let codes: Vec<&str> = report["covered_projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"ESKO"), "Hämeen ELY funds Esko too");
    assert_eq!(
        codes.len() - 1,
        84,
        "seed 002's 84 projects, Esko (another axis) besides"
    );
    assert_eq!(
        report["funding"]["esf_amount_cents"], 1_730_000_000_i64,
        "17,3 M€ (Esko's funding is not recorded)"
    );
    let participants = report["participants"]["value"].as_i64().unwrap();
    assert!(
        (6_222..=6_226).contains(&participants),
        "seed 002's 6 200 and Esko's 24, perturbed by at most 2: {participants}"
    );
    let share = |name: &str| {
        report["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()["share"]
            .as_f64()
            .unwrap()
    };
    #[allow(clippy::cast_precision_loss)]
    let women = report["indicators"][0]["female"]["value"].as_f64().unwrap() / participants as f64;
    assert!((0.57..0.63).contains(&women), "about 60 % women: {women}");
    assert!(
        share("under_25") > 1.0 / 3.0,
        "over a third under 25: {}",
        share("under_25")
    );
    assert!(
        share("migrants_foreign_background_minorities") > 0.3,
        "a large share of foreign background"
    );
}

/// What `serve --demo` sets for webhooks (`demo::settings`).
const DEMO_WEBHOOKS: askel_tests::Overrides = &[
    ("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true"),
    ("ASKEL_WEBHOOK_POLL_MS", "25"),
];

askel_tests::on_both_databases_with!(DEMO_WEBHOOKS;
    a_demo_partner_manager_subscribes_a_local_receiver_and_gets_signed_events
);

/// The first hour of an integrator: the printed partner manager token subscribes a receiver on
/// 127.0.0.1, a step recorded with the worker token arrives there, signed with the secret shown.
async fn a_demo_partner_manager_subscribes_a_local_receiver_and_gets_signed_events(app: TestApp) {
    assert!(demo::load(&app.state).await.unwrap());
    let tokens = demo::tokens(&app.state, 600).unwrap();
    let token = |label: &str| {
        tokens
            .iter()
            .find(|(l, _)| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label}"))
            .1
            .clone()
    };
    let manager = app.with_token(token("Laptuote-säätiö's integration manager"));
    let worker = app.with_token(token("Laptuote-säätiö, Esko's co-implementer"));
    let receiver = askel_tests::receiver::Receiver::start(0);
    let r = manager
        .post(
            "/v1/webhooks",
            &json!({"url": receiver.url, "event_types": ["participant.updated"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let secret = body(r).await["secret"].as_str().unwrap().to_owned();
    let admin = app.with_token(tokens[0].1.clone());
    let projects = body(admin.get("/v1/projects?limit=500").await).await;
    let esko = projects["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "ESKO")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let people = body(
        worker
            .get(&format!("/v1/projects/{esko}/participants?limit=1"))
            .await,
    )
    .await;
    let person = people["items"][0]["id"].as_str().unwrap().to_owned();
    let r = worker
        .patch(
            &format!("/v1/participants/{person}"),
            &json!({"notes": "Tavattu."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let got = receiver.until(|r| !r.is_empty()).await;
    assert!(!got.is_empty(), "delivered to the local receiver");
    assert!(
        got[0].signed_with(&secret),
        "signed with the secret shown once"
    );
}
