//! Kept report parts outlive a restart of the same build: a second server started on the same
//! database (as after a restart) still finds the parts the first kept, reads them, and answers
//! what a server that counts everything answers, before and after a new write. At start a part
//! another build kept, and a part counted above the feed's position now (as in a database
//! restored into another PostgreSQL cluster), are forgotten.

use askel_persistence::testing::{counted_scope, kept_part_keys, plant_part};
use askel_tests::{TestApp, body, id_of, on_both_databases};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(kept_parts_outlive_a_restart_of_the_same_build);

async fn kept_parts_outlive_a_restart_of_the_same_build(app: TestApp) {
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let ely = app.organisation("Hämeen ELY-keskus", "ely_centre").await;
    let manager = app.caller(&["manager"], Some(socom));
    let worker = app.caller(&["worker"], Some(laptuote));
    let r = app.admin().post("/v1/projects", &json!({"code": "ESKO", "name": "Eskon polku", "programme_period": "esf_plus_2021_2027", "administrator_organisation_id": socom, "funder_organisation_id": ely})).await;
    let project = id_of(&body(r).await);
    manager
        .post(
            &format!("/v1/projects/{project}/actors"),
            &json!({"organisation_id": laptuote, "role": "co_implementer"}),
        )
        .await;
    let register = async |gender: &str, entry: &str| {
        let r = worker
            .post(
                &format!("/v1/projects/{project}/participants"),
                &json!({"entry_date": entry, "gender": gender, "birth_date": "1990-05-05",
                    "labour_market_status": "unemployed", "education": "isced_3_4"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let id = id_of(&body(r).await);
        let r = worker
            .post(
                &format!("/v1/participants/{id}/steps"),
                &json!({"step": 1, "entered_on": entry}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    };
    for (i, gender) in ["female", "male", "female", "non_binary", "male", "female"]
        .iter()
        .enumerate()
    {
        register(gender, &format!("2025-0{}-10", i + 1)).await;
    }

    let http = reqwest::Client::new();
    let reporter = app.sign(&app.claims(&["reporter"], Some(ely)));
    let path = format!("/v1/funders/{ely}/reports/indicators?from=2025-01-01&to=2025-12-31");
    let read = async |base: &str| -> Value {
        let r = http
            .get(format!("{base}{path}"))
            .bearer_auth(&reporter)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    };
    let first = read(&app.base).await;
    let kept = kept_part_keys(&app.state.db).await.unwrap();
    assert!(
        !kept.is_empty() && kept.iter().all(|k| k.starts_with(&counted_scope(""))),
        "the report kept its parts under this build's fingerprint: {kept:?}"
    );

    let foreign = format!("0000000000000000|{}", kept[0].split_once('|').unwrap().1);
    plant_part(&app.state.db, ely, &foreign, 1).await.unwrap();
    let future = counted_scope("EPLUS|2030-01-01|2030-12-31");
    plant_part(&app.state.db, ely, &future, i64::MAX / 2)
        .await
        .unwrap();

    // The restart: a second server of this build starts on the same database.
    let (restarted, _server) = app.another_instance_with(&[]).await;
    assert_eq!(
        kept_part_keys(&app.state.db).await.unwrap(),
        kept,
        "the same build's parts stay; another build's and one from above the horizon go"
    );
    let (counting, _counter) = app
        .another_instance_with(&[("ASKEL_REPORT_CACHE", "off")])
        .await;
    assert_eq!(read(&restarted).await, first, "read from the kept parts");
    assert_eq!(read(&counting).await, first, "what counting everyone gives");

    // A change after the restart makes the project's part stale there too: the
    // administrator's exact figures count the new participant.
    let administrator = app.sign(&app.claims(&["manager"], Some(socom)));
    let exact = async |base: &str| -> i64 {
        let r = http
            .get(format!(
                "{base}/v1/projects/{project}/reports/indicators?from=2025-01-01&to=2025-12-31"
            ))
            .bearer_auth(&administrator)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let report: Value = r.json().await.unwrap();
        report["participants"]["value"].as_i64().unwrap()
    };
    assert_eq!(exact(&restarted).await, 6);
    register("male", "2025-08-01").await;
    assert_eq!(exact(&restarted).await, 7, "the new participant is counted");
    assert_eq!(read(&restarted).await, read(&counting).await);
}
