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
    let projects: Value = body(admin.get("/v1/projects").await).await;
    let items = projects["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        11,
        "Esko, OSAT, Suunta yhdessä, Osaava työikä and seven Häme projects"
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

    // Socom's manager administers Esko and may change it.
    let esko = by_code("ESKO");
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
}
