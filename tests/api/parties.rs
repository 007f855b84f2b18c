//! Actors, staff and statements of a project.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    the_administrator_adds_co_implementers_once_each,
    staff_belong_to_an_organisation_taking_part,
    a_county_gives_a_statement_in_its_own_name_and_confidential_ones_stay_with_the_involved,
);

async fn the_administrator_adds_co_implementers_once_each(app: TestApp) {
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let project = app.project("ESKO", socom).await;
    let actors = format!("/v1/projects/{}/actors", project["id"].as_str().unwrap());
    let manager = app.caller(&["manager"], Some(socom));

    let added = manager
        .post(
            &actors,
            &json!({"organisation_id": laptuote, "role": "co_implementer"}),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    assert_eq!(body(added).await["role"], "co_implementer");
    problem(
        manager
            .post(
                &actors,
                &json!({"organisation_id": laptuote, "role": "co_implementer"}),
            )
            .await,
        409,
    )
    .await;
    let p = problem(
        manager
            .post(
                &actors,
                &json!({"organisation_id": laptuote, "role": "administrator"}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["role"]);
    let p = problem(
        manager
            .post(
                &actors,
                &json!({"organisation_id": uuid::Uuid::now_v7(), "role": "cooperation_partner"}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["organisation_id"]);
    problem(
        manager
            .post(
                &actors,
                &json!({"organisation_id": laptuote, "role": "king"}),
            )
            .await,
        400,
    )
    .await;

    // The co-implementer itself may not add actors.
    let co = app.caller(&["manager"], Some(laptuote));
    problem(
        co.post(
            &actors,
            &json!({"organisation_id": socom, "role": "cooperation_partner"}),
        )
        .await,
        403,
    )
    .await;

    let list = body(co.get(&actors).await).await;
    let pairs: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["organisation_id"].clone(), a["role"].clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (json!(socom), json!("administrator")),
            (json!(laptuote), json!("co_implementer"))
        ]
    );
}

async fn staff_belong_to_an_organisation_taking_part(app: TestApp) {
    let vaalijala = app.organisation("Vaalijala", "other").await;
    let outsider = app.organisation("Ulkopuolinen ry", "association").await;
    let project = app.project("SUUNTA", vaalijala).await;
    let staff = format!("/v1/projects/{}/staff", project["id"].as_str().unwrap());
    let manager = app.caller(&["manager"], Some(vaalijala));

    let added = manager.post(&staff, &json!({"organisation_id": vaalijala, "title": "projektikoordinaattori", "role": "coordinator"})).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let p = problem(
        manager
            .post(
                &staff,
                &json!({"organisation_id": outsider, "title": "työntekijä", "role": "worker"}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["organisation_id"]);
    let p = problem(
        manager
            .post(
                &staff,
                &json!({"organisation_id": vaalijala, "title": "", "role": "worker"}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["title"]);
    problem(
        app.caller(&["worker"], Some(vaalijala))
            .post(
                &staff,
                &json!({"organisation_id": vaalijala, "title": "x", "role": "worker"}),
            )
            .await,
        403,
    )
    .await;

    let list: Value = body(app.caller(&["reporter"], Some(outsider)).get(&staff).await).await;
    let titles: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].clone())
        .collect();
    assert_eq!(titles, [json!("projektikoordinaattori")]);
}

async fn a_county_gives_a_statement_in_its_own_name_and_confidential_ones_stay_with_the_involved(
    app: TestApp,
) {
    let viadia = app
        .organisation("ViaDia Pohjois-Savo ry", "association")
        .await;
    let county = app
        .organisation("Pohjois-Savon hyvinvointialue", "wellbeing_services_county")
        .await;
    let stranger = app.organisation("Muu ry", "association").await;
    let project = app.project("OSAAVA-TYOIKA", viadia).await;
    let statements = format!(
        "/v1/projects/{}/statements",
        project["id"].as_str().unwrap()
    );
    let statement = |issuer: uuid::Uuid, publicity: &str| {
        json!({"issuing_organisation_id": issuer, "diary_number": "5605/00.04.02/2024", "date": "2024-10-28", "publicity": publicity,
               "summary": "Yhteistyö toteutuu tiedottamisen kautta.", "commits_to_cooperation": true, "allocates_money": false, "allocates_staff": false})
    };
    let county_manager = app.caller(&["manager"], Some(county));
    assert_eq!(
        county_manager
            .post(&statements, &statement(county, "public"))
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        county_manager
            .post(&statements, &statement(county, "confidential"))
            .await
            .status(),
        StatusCode::CREATED
    );
    problem(
        county_manager
            .post(&statements, &statement(stranger, "public"))
            .await,
        403,
    )
    .await;
    let mut bad = statement(county, "public");
    bad["diary_number"] = json!("<script>");
    let p = problem(county_manager.post(&statements, &bad).await, 422).await;
    assert_eq!(failing_fields(&p), ["diary_number"]);

    let publicities = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["publicity"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        publicities(body(county_manager.get(&statements).await).await),
        ["public", "confidential"]
    );
    assert_eq!(
        publicities(body(app.caller(&["worker"], Some(viadia)).get(&statements).await).await),
        ["public", "confidential"]
    );
    assert_eq!(
        publicities(
            body(
                app.caller(&["manager"], Some(stranger))
                    .get(&statements)
                    .await
            )
            .await
        ),
        ["public"]
    );
    assert_eq!(
        publicities(
            body(
                app.caller(&["reporter"], Some(viadia))
                    .get(&statements)
                    .await
            )
            .await
        ),
        ["public"]
    );
}
