//! Lists of a project's participants: filters, gap-free paging, and a cost that does not grow
//! with the list.

use askel_tests::{TestApp, body, id_of, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::participants::{esko, person, register};

on_both_databases!(
    lists_filter_by_step_and_status_and_page_without_gaps,
    listing_participants_costs_the_same_statements_for_five_or_fifty
);

async fn lists_filter_by_step_and_status_and_page_without_gaps(app: TestApp) {
    let e = esko(&app).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(id_of(
            &register(&app, &e, e.laptuote, &person(&format!("lap-1{i}"))).await,
        ));
    }
    let worker = app.caller(&["worker"], Some(e.laptuote));
    for id in &ids[..3] {
        worker
            .post(
                &format!("/v1/participants/{id}/steps"),
                &json!({"step": 1, "entered_on": "2018-03-05"}),
            )
            .await;
    }
    let exit = json!({"exit_date": "2018-03-06", "situation": "education_or_training", "qualification_gained": true});
    worker
        .request(Method::PUT, &format!("/v1/participants/{}/exit", ids[0]))
        .json(&exit)
        .send()
        .await
        .unwrap();

    let list = format!("/v1/projects/{}/participants", e.project);
    let got = |q: &'static str| {
        let w = worker.clone();
        let url = format!("{list}?{q}");
        async move {
            body(w.get(&url).await).await["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(id_of)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(got("step=1&status=active").await, [ids[1], ids[2]]);
    assert_eq!(got("status=exited").await, [ids[0]]);
    assert_eq!(got("entered_from=2018-03-06").await, Vec::<Uuid>::new());
    problem(worker.get(&format!("{list}?step=7")).await, 422).await;

    let mut seen = Vec::new();
    let mut url = format!("{list}?limit=2");
    loop {
        let page = body(worker.get(&url).await).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(id_of));
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("{list}?limit=2&cursor={c}"),
            None => break,
        }
    }
    seen.sort();
    let mut all = ids.clone();
    all.sort();
    assert_eq!(seen, all, "each participant exactly once");
    let listing = worker.get(&list).await.text().await.unwrap();
    assert!(
        !listing.contains("identity_code\":\""),
        "lists never carry identity codes"
    );
}

async fn listing_participants_costs_the_same_statements_for_five_or_fifty(app: TestApp) {
    let e = esko(&app).await;
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let url = format!("/v1/projects/{}/participants?limit=100", e.project);
    let cost = async |expected: usize| {
        let before = app.state.db.statements_executed();
        let page = body(worker.get(&url).await).await;
        assert_eq!(page["items"].as_array().unwrap().len(), expected);
        app.state.db.statements_executed() - before
    };
    let items = |from: usize, to: usize| json!({"items": (from..to).map(|i| person(&format!("lap-q{i}"))).collect::<Vec<_>>()});
    let r = worker
        .post(
            &format!("/v1/projects/{}/participants/batch", e.project),
            &items(0, 5),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let five = cost(5).await;
    worker
        .post(
            &format!("/v1/projects/{}/participants/batch", e.project),
            &items(5, 50),
        )
        .await;
    let fifty = cost(50).await;
    assert!(five > 0, "statements are counted");
    assert_eq!(five, fifty, "a list costs a constant number of statements");
}
