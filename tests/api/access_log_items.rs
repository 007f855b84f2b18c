//! A page listed or a batch created is one audit record whose items are each listed in their
//! participant's access log as an entry of their own: who, when, what and which resource, as if
//! each had a record; and the log pages alike over both kinds of entry.

use std::collections::BTreeSet;

use askel_tests::{Caller, TestApp, body, on_both_databases};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

on_both_databases!(
    a_listed_page_reaches_each_participants_access_log,
    a_batch_created_reaches_each_participants_access_log,
    the_access_log_pages_alike_over_records_and_items,
);

/// Every entry of a participant's access log, one page of 500.
async fn log(reader: &Caller<'_>, person: Uuid) -> Vec<Value> {
    let page = body(
        reader
            .get(&format!("/v1/participants/{person}/access-log?limit=500"))
            .await,
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

fn of<'a>(entries: &'a [Value], action: &str, resource: &str) -> Vec<&'a Value> {
    entries
        .iter()
        .filter(|e| e["action"] == action && e["resource"] == resource)
        .collect()
}

async fn send(worker: &Caller<'_>, person: Uuid, target: Uuid, kind: &str) -> String {
    let r = worker
        .post(
            &format!("/v1/participants/{person}/referrals"),
            &json!({"target_organisation_id": target, "service_kind": kind, "reason": "Tarve arvioitu.", "send": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    body(r).await["id"].as_str().unwrap().to_owned()
}

async fn a_listed_page_reaches_each_participants_access_log(app: TestApp) {
    let s = setup(&app).await;
    let consents = ["data_processing", "share_with_county"];
    let first = participant(&app, &s, &consents, None).await;
    let second = participant(&app, &s, &consents, None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let a = send(&worker, first, s.eksote, "work_trial").await;
    let b = send(&worker, first, s.eksote, "social_rehabilitation").await;
    let c = send(&worker, second, s.eksote, "work_trial").await;

    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let inbox = body(county.get("/v1/referrals?role=target&limit=50").await).await;
    assert_eq!(inbox["items"].as_array().unwrap().len(), 3);

    let reader = app.caller(&["manager"], Some(s.laptuote));
    let first_log = log(&reader, first).await;
    let listed = of(&first_log, "list", "referral");
    let named: BTreeSet<_> = listed
        .iter()
        .map(|e| e["resource_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        BTreeSet::from([a.as_str(), b.as_str()]),
        "each referral listed is named in its participant's log: {listed:?}"
    );
    assert_ne!(listed[0]["id"], listed[1]["id"], "each item is an entry");
    for entry in &listed {
        assert_eq!(entry["organisation_id"], json!(s.eksote));
        assert_eq!(entry["outcome"], "allowed");
        assert!(entry["client"].is_string() && entry["at"].is_string());
    }
    assert_eq!(listed[0]["at"], listed[1]["at"], "one record: one moment");
    let second_log = log(&reader, second).await;
    let listed: Vec<_> = of(&second_log, "list", "referral")
        .iter()
        .map(|e| e["resource_id"].clone())
        .collect();
    assert_eq!(listed, [json!(c)], "only its own referral");

    // The implementer's list of participants: each participant listed is in its own log.
    let list = body(
        worker
            .get(&format!("/v1/projects/{}/participants?limit=50", s.project))
            .await,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    for person in [first, second] {
        let entries = log(&reader, person).await;
        let listed = of(&entries, "list", "participant");
        assert_eq!(listed.len(), 1, "{entries:?}");
        assert_eq!(listed[0]["resource_id"], json!(person));
        assert_eq!(listed[0]["organisation_id"], json!(s.laptuote));
    }
}

async fn a_batch_created_reaches_each_participants_access_log(app: TestApp) {
    let org = app
        .organisation("Vaasan Setlementtiyhdistys ry", "association")
        .await;
    let project = askel_tests::id_of(&app.project("OSAT", org).await);
    let worker = app.caller(&["worker"], Some(org));
    let item = |r: &str| {
        json!({"external_ref": r, "entry_date": "2025-03-03", "gender": "female", "birth_date": "1990-01-01",
               "labour_market_status": "unemployed", "unemployed_since": "2024-01-01", "education": "isced_3_4"})
    };
    let r = worker
        .post(
            &format!("/v1/projects/{project}/participants/batch"),
            &json!({"items": [item("set-1"), item("set-2"), item("set-3")]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let summary = body(r).await;
    let created: Vec<Uuid> = summary["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["participant_id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(created.len(), 3);
    let reader = app.caller(&["manager"], Some(org));
    let mut ids = BTreeSet::new();
    for person in created {
        let entries = log(&reader, person).await;
        let made = of(&entries, "create", "participant");
        assert_eq!(made.len(), 1, "{entries:?}");
        assert_eq!(made[0]["resource_id"], json!(person));
        assert_eq!(made[0]["organisation_id"], json!(org));
        assert_eq!(entries[0]["action"], "create", "the first entry");
        ids.insert(made[0]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 3, "each item is an entry of its own");
}

async fn the_access_log_pages_alike_over_records_and_items(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    send(&worker, person, s.eksote, "work_trial").await;
    // Reads (a record each) and listings (an item each), interleaved.
    for _ in 0..3 {
        assert_eq!(
            worker
                .get(&format!("/v1/participants/{person}"))
                .await
                .status(),
            StatusCode::OK
        );
        assert_eq!(
            county.get("/v1/referrals?role=target").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            worker
                .get(&format!("/v1/projects/{}/participants", s.project))
                .await
                .status(),
            StatusCode::OK
        );
    }
    let reader = app.caller(&["manager"], Some(s.laptuote));
    let whole: Vec<String> = log(&reader, person)
        .await
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(whole.len() >= 11, "{whole:?}");

    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/v1/participants/{person}/access-log?limit=2&cursor={c}"),
            None => format!("/v1/participants/{person}/access-log?limit=2"),
        };
        let page = body(reader.get(&url).await).await;
        for e in page["items"].as_array().unwrap() {
            paged.push(e["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    // The reader's own reads of the log are added as it pages: the first pages are the whole.
    assert_eq!(&paged[..whole.len()], &whole[..]);
    let distinct: BTreeSet<_> = paged.iter().collect();
    assert_eq!(distinct.len(), paged.len(), "no entry twice");
}
