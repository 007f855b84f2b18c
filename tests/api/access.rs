//! The access matrix: every participant endpoint, called by every role of every organisation
//! that must not see the participant, answers 404 (a list, 403); the owner and the project
//! administrator get through.

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::participants::{count, esko, person, register};

on_both_databases!(only_the_owner_and_the_administrator_see_a_participant);

async fn only_the_owner_and_the_administrator_see_a_participant(app: TestApp) {
    let e = esko(&app).await;
    let p = register(&app, &e, e.laptuote, &person("lap-002")).await;
    let path = format!("/v1/participants/{}", p["id"].as_str().unwrap());
    let list = format!("/v1/projects/{}/participants", e.project);

    // The owner and the administrator read it.
    for (roles, org) in [
        (["worker"], e.laptuote),
        (["manager"], e.laptuote),
        (["worker"], e.socom),
        (["manager"], e.socom),
    ] {
        assert_eq!(
            app.caller(&roles, Some(org)).get(&path).await.status(),
            StatusCode::OK,
            "{roles:?}"
        );
    }
    // Everyone else gets 404 for the participant and its sub-resources, whatever their role.
    let outsider = app.organisation("Ulkopuolinen ry", "association").await;
    let callers: Vec<(Vec<&str>, Option<Uuid>)> = vec![
        (vec!["manager"], Some(e.virta)),
        (vec!["worker"], Some(e.virta)),
        (vec!["reporter"], Some(e.ely)),
        (vec!["manager"], Some(e.ely)),
        (vec!["referral_handler"], Some(outsider)),
        (vec!["manager"], Some(outsider)),
        (vec!["worker"], Some(outsider)),
        (vec!["admin"], None),
        (vec!["reporter"], Some(e.socom)),
    ];
    for (roles, org) in &callers {
        let c = app.caller(roles, *org);
        problem(c.get(&path).await, 404).await;
        problem(c.get(&format!("{path}?include=identity")).await, 404).await;
        problem(
            c.patch(&path, &json!({"eura_state": "submitted"})).await,
            404,
        )
        .await;
        problem(c.get(&format!("{path}/steps")).await, 404).await;
        problem(
            c.post(
                &format!("{path}/steps"),
                &json!({"step": 1, "entered_on": "2018-03-05"}),
            )
            .await,
            404,
        )
        .await;
        let exit = json!({"exit_date": "2018-04-01", "situation": "none_of_these", "qualification_gained": false});
        problem(
            c.request(Method::PUT, &format!("{path}/exit"))
                .json(&exit)
                .send()
                .await
                .unwrap(),
            404,
        )
        .await;
        problem(
            c.post(
                &format!("{path}/re-entry"),
                &json!({"entry_date": "2018-05-01"}),
            )
            .await,
            404,
        )
        .await;
        problem(c.get(&format!("{path}/access-log")).await, 404).await;
        problem(c.get(&format!("{path}/export")).await, 404).await;
        problem(c.get(&format!("{path}/goals")).await, 404).await;
        problem(
            c.post(&format!("{path}/goals"), &json!({"text": "x", "step": 1}))
                .await,
            404,
        )
        .await;
        problem(c.get(&format!("{path}/assessments")).await, 404).await;
        problem(c.post(&format!("{path}/assessments"), &json!({"instrument_id": Uuid::now_v7(), "phase": "entry", "date": "2018-03-05", "scores": {"x": 1}})).await, 404).await;
        problem(c.post(&format!("{path}/anonymise"), &json!({})).await, 404).await;
        problem(
            c.post(
                &format!("{path}/transfer"),
                &json!({"to_organisation_id": e.virta}),
            )
            .await,
            404,
        )
        .await;
    }
    // Lists: the administrator sees all, a co-implementer its own, the rest are refused.
    register(&app, &e, e.virta, &person("virta-001")).await;
    let ids = |v: Value| -> usize { v["items"].as_array().unwrap().len() };
    assert_eq!(
        ids(body(app.caller(&["worker"], Some(e.socom)).get(&list).await).await),
        2
    );
    assert_eq!(
        ids(body(app.caller(&["worker"], Some(e.laptuote)).get(&list).await).await),
        1
    );
    assert_eq!(
        ids(body(
            app.caller(&["worker"], Some(e.laptuote))
                .get(&format!("{list}?owner={}", e.virta))
                .await
        )
        .await),
        0
    );
    for (roles, org) in [
        (vec!["reporter"], Some(e.ely)),
        (vec!["manager"], Some(e.ely)),
        (vec!["manager"], Some(outsider)),
        (vec!["admin"], None),
    ] {
        problem(app.caller(&roles, org).get(&list).await, 403).await;
    }
    // Registering is for implementers.
    problem(
        app.caller(&["manager"], Some(e.ely))
            .post(&list, &person("x"))
            .await,
        403,
    )
    .await;
    problem(app.admin().post(&list, &person("x")).await, 403).await;
    assert_eq!(count(&app, &e).await, 2);
}
