//! Batch import: each item on its own, dry runs, retries without duplicates.

use askel_tests::{TestApp, body, failing_fields, id_of, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    a_batch_stores_each_valid_item_and_reports_every_other,
    a_dry_run_stores_nothing_and_a_retry_duplicates_nothing,
    two_concurrent_batches_with_the_same_references_store_each_participant_once
);

fn item(external_ref: &str, birth: &str) -> Value {
    json!({"external_ref": external_ref, "entry_date": "2025-03-03", "gender": "female", "birth_date": birth,
           "labour_market_status": "unemployed", "unemployed_since": "2024-01-01", "education": "isced_3_4"})
}

async fn setup(app: &TestApp) -> (String, askel_tests::Caller<'_>, uuid::Uuid) {
    let org = app
        .organisation("Vaasan Setlementtiyhdistys ry", "association")
        .await;
    let project = id_of(&app.project("OSAT", org).await);
    (
        format!("/v1/projects/{project}/participants"),
        app.caller(&["worker"], Some(org)),
        org,
    )
}

async fn count(caller: &askel_tests::Caller<'_>, list: &str) -> usize {
    body(caller.get(&format!("{list}?limit=500")).await).await["items"]
        .as_array()
        .unwrap()
        .len()
}

async fn a_batch_stores_each_valid_item_and_reports_every_other(app: TestApp) {
    let (list, worker, org) = setup(&app).await;
    let mut with_code = item("set-1", "1997-04-02");
    with_code["identity_code"] = json!("020497-123H");
    let mut same_person = item("set-2", "1997-04-02");
    same_person["identity_code"] = json!("020497-123H");
    let mut wrong_type = item("set-3", "1990-01-01");
    wrong_type["gender"] = json!(12);
    let mut rule = item("set-4", "2030-01-01");
    rule["home_municipality"] = json!("9");
    let mut unknown = item("set-5", "1990-01-01");
    unknown["hair"] = json!("red");
    let batch = json!({"items": [with_code, same_person, wrong_type, rule, unknown, item("set-6", "1985-12-24")]});
    let r = worker.post(&format!("{list}/batch"), &batch).await;
    assert_eq!(r.status(), StatusCode::OK);
    let summary = body(r).await;
    assert_eq!(
        (
            summary["received"].clone(),
            summary["created"].clone(),
            summary["updated"].clone(),
            summary["failed"].clone()
        ),
        (json!(6), json!(2), json!(0), json!(4))
    );
    let outcomes: Vec<_> = summary["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        outcomes,
        ["created", "failed", "failed", "failed", "failed", "created"]
    );
    assert!(
        summary["items"][1]["detail"]
            .as_str()
            .unwrap()
            .contains("already registered")
    );
    assert_eq!(
        failing_fields(&summary["items"][2]["problems"].clone().into_problem()),
        ["gender"]
    );
    assert_eq!(
        failing_fields(&summary["items"][3]["problems"].clone().into_problem()),
        ["home_municipality", "birth_date", "unemployed_since"]
    );
    assert_eq!(
        failing_fields(&summary["items"][4]["problems"].clone().into_problem()),
        ["hair"]
    );
    assert_eq!(summary["items"][5]["external_ref"], "set-6");
    assert_eq!(count(&worker, &list).await, 2);

    let too_many = json!({"items": vec![item("x", "1990-01-01"); 1001]});
    assert_eq!(
        failing_fields(&problem(worker.post(&format!("{list}/batch"), &too_many).await, 422).await),
        ["items"]
    );
    problem(
        app.caller(&["reporter"], Some(org))
            .post(&format!("{list}/batch"), &batch)
            .await,
        403,
    )
    .await;
}

async fn a_dry_run_stores_nothing_and_a_retry_duplicates_nothing(app: TestApp) {
    let (list, worker, _) = setup(&app).await;
    let batch = json!({"items": [item("set-10", "1990-01-01"), item("set-11", "1991-01-01")]});
    let dry = body(
        worker
            .post(&format!("{list}/batch?dry_run=true"), &batch)
            .await,
    )
    .await;
    assert_eq!(
        (dry["dry_run"].clone(), dry["created"].clone()),
        (json!(true), json!(2))
    );
    assert_eq!(count(&worker, &list).await, 0, "a dry run stores nothing");

    let first = body(worker.post(&format!("{list}/batch"), &batch).await).await;
    assert_eq!(first["created"], 2);
    let mut changed = batch.clone();
    changed["items"][1]["education"] = json!("isced_5_8");
    let retry = body(worker.post(&format!("{list}/batch"), &changed).await).await;
    assert_eq!(
        (retry["created"].clone(), retry["updated"].clone()),
        (json!(0), json!(2))
    );
    assert_eq!(
        retry["items"][1]["participant_id"],
        first["items"][1]["participant_id"]
    );
    assert_eq!(
        count(&worker, &list).await,
        2,
        "a retried batch creates no duplicates"
    );
    let p = body(
        worker
            .get(&format!(
                "/v1/participants/{}",
                first["items"][1]["participant_id"].as_str().unwrap()
            ))
            .await,
    )
    .await;
    assert_eq!(p["education"], "isced_5_8");
    assert_eq!(p["version"], 2);

    // With an Idempotency-Key, the retry gets the first summary back.
    let keyed = json!({"items": [{"entry_date": "2025-03-03", "gender": "male", "birth_date": "1999-01-01", "labour_market_status": "inactive", "education": "isced_0_2"}]});
    let send = || {
        worker
            .request(reqwest::Method::POST, &format!("{list}/batch"))
            .header("Idempotency-Key", "nightly-2025-03-03")
            .json(&keyed)
            .send()
    };
    let (a, b) = (
        body(send().await.unwrap()).await,
        body(send().await.unwrap()).await,
    );
    assert_eq!(a, b);
    assert_eq!(count(&worker, &list).await, 3);
}

/// The second batch finds the first's references taken only when it stores them (on
/// PostgreSQL it waits on the unique index, then is refused): it falls back to one by one and
/// updates instead.
async fn two_concurrent_batches_with_the_same_references_store_each_participant_once(app: TestApp) {
    let (list, worker, _) = setup(&app).await;
    let items: Vec<Value> = (0..40)
        .map(|i| item(&format!("rinn-{i}"), "1990-01-01"))
        .collect();
    let batch = json!({ "items": items });
    let url = format!("{list}/batch");
    let (a, b) = tokio::join!(worker.post(&url, &batch), worker.post(&url, &batch));
    let (a, b) = (body(a).await, body(b).await);
    let created = a["created"].as_u64().unwrap() + b["created"].as_u64().unwrap();
    let updated = a["updated"].as_u64().unwrap() + b["updated"].as_u64().unwrap();
    assert_eq!((created, updated), (40, 40), "{a} {b}");
    assert_eq!(count(&worker, &list).await, 40, "each participant once");
    for i in 0..40 {
        assert_eq!(
            a["items"][i]["participant_id"], b["items"][i]["participant_id"],
            "item {i} is one participant in both answers"
        );
    }
}

trait IntoProblem {
    fn into_problem(self) -> Value;
}

impl IntoProblem for Value {
    /// Wraps a `problems` array so `failing_fields` reads it.
    fn into_problem(self) -> Value {
        json!({"errors": self})
    }
}
