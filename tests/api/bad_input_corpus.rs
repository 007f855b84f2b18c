//! A corpus of bad input against the most sensitive writes (a participant, a project's money):
//! each case answers a 4xx problem and stores nothing; text with SQL, script and Finnish and
//! Sámi letters is data, stored and returned exactly.

use askel_tests::{TestApp, body, on_both_databases};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::participants::{count, esko, person};

on_both_databases!(
    every_bad_participant_in_the_corpus_is_refused_and_nothing_is_stored,
    every_bad_project_in_the_corpus_is_refused_and_nothing_is_stored,
    hostile_and_nordic_text_is_stored_and_returned_exactly
);

/// `(what, field, bad value)`: the value replaces the field of a valid participant.
fn participant_cases() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "wrong type: number for a date",
            "birth_date",
            json!(19970402),
        ),
        (
            "wrong type: object for a code",
            "gender",
            json!({"code": "male"}),
        ),
        ("wrong type: string for a list", "consents", json!("all")),
        ("unknown code", "education", json!("isced_9")),
        ("code in the wrong case", "gender", json!("Male")),
        ("date out of range", "entry_date", json!("2018-02-30")),
        (
            "date with a time",
            "birth_date",
            json!("1997-04-02T00:00:00Z"),
        ),
        ("year zero", "birth_date", json!("0000-01-01")),
        ("a five-digit year", "birth_date", json!("+10000-01-01")),
        ("born in the future", "birth_date", json!("2090-01-01")),
        ("born after entry", "birth_date", json!("2018-03-06")),
        (
            "unemployed before birth",
            "unemployed_since",
            json!("1990-01-01"),
        ),
        ("overlong reference", "external_ref", json!("x".repeat(101))),
        ("overlong notes", "notes", json!("a".repeat(10_001))),
        ("NUL byte in text", "external_ref", json!("lap\u{0}001")),
        ("control character in text", "notes", json!("rivi\u{7}soi")),
        ("empty reference", "external_ref", json!("   ")),
        (
            "municipality not three digits",
            "home_municipality",
            json!("0405"),
        ),
        (
            "municipality with SQL",
            "home_municipality",
            json!("1' OR '1'='1"),
        ),
        (
            "identity code with a bad check mark",
            "identity_code",
            json!("020497-123U"),
        ),
        (
            "identity code of another birth date",
            "identity_code",
            json!("010101-123N"),
        ),
        ("huge number for a date", "entry_date", json!(1e308)),
        (
            "too many consents",
            "consents",
            json!(vec![
                json!({"kind": "data_processing", "given": true, "date": "2018-03-05"});
                21
            ]),
        ),
        (
            "consent with an unknown kind",
            "consents",
            json!([{"kind": "everything", "given": true, "date": "2018-03-05"}]),
        ),
        (
            "consent given as text",
            "consents",
            json!([{"kind": "data_processing", "given": "yes", "date": "2018-03-05"}]),
        ),
        ("an unknown field", "eye_colour", json!("blue")),
        ("null for a required field", "gender", Value::Null),
    ]
}

async fn every_bad_participant_in_the_corpus_is_refused_and_nothing_is_stored(app: TestApp) {
    let e = esko(&app).await;
    let url = format!("/v1/projects/{}/participants", e.project);
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let cases = participant_cases();
    for (what, field, value) in &cases {
        let mut p = person("lap-corpus");
        p[*field] = value.clone();
        let r = worker.post(&url, &p).await;
        let status = r.status();
        let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
        let problem = body(r).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {status} {problem}"
        );
        assert_eq!(content_type, "application/problem+json", "{what}");
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}"
        );
        if let Some(code) = p.get("identity_code").and_then(Value::as_str) {
            assert!(
                !problem.to_string().contains(code),
                "{what}: the problem repeats the identity code"
            );
        }
    }
    // Raw bytes no JSON value can carry.
    for (what, raw) in [
        (
            "invalid UTF-8",
            b"{\"external_ref\": \"\xff\xfe\"}".to_vec(),
        ),
        ("truncated JSON", b"{\"gender\": \"male\"".to_vec()),
        (
            "a number too large for any field",
            b"{\"entry_date\": 1e999999}".to_vec(),
        ),
        ("two documents", b"{} {}".to_vec()),
        ("empty body", Vec::new()),
    ] {
        let r = worker
            .request(Method::POST, &url)
            .header("Content-Type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
    }
    assert_eq!(count(&app, &e).await, 0, "nothing stored");
    assert!(cases.len() >= 25);
}

async fn every_bad_project_in_the_corpus_is_refused_and_nothing_is_stored(app: TestApp) {
    let org = app.organisation("Socom Oy", "company").await;
    let valid = json!({"code": "RAHA", "name": "Raha", "programme_period": "esf_plus_2021_2027", "administrator_organisation_id": org,
                       "start_date": "2021-01-01", "end_date": "2023-12-31",
                       "funding": {"total_eligible_cost_cents": 100_000, "esf_share_percent": 60, "esf_amount_cents": 60_000, "own_share_cents": 40_000, "co_funders": []}});
    let money = |field: &str, v: Value| {
        let mut f = valid["funding"].clone();
        f[field] = v;
        f
    };
    for (what, field, value) in [
        (
            "negative money",
            "funding",
            money("total_eligible_cost_cents", json!(-100_000)),
        ),
        (
            "negative ESF amount",
            "funding",
            money("esf_amount_cents", json!(-1)),
        ),
        (
            "money past 64 bits",
            "funding",
            money("total_eligible_cost_cents", json!(1e20)),
        ),
        (
            "money as a fraction",
            "funding",
            money("total_eligible_cost_cents", json!(100.5)),
        ),
        (
            "money as text",
            "funding",
            money("total_eligible_cost_cents", json!("100000")),
        ),
        (
            "shares that do not add up",
            "funding",
            money("own_share_cents", json!(39_999)),
        ),
        (
            "a share over 100 %",
            "funding",
            money("esf_share_percent", json!(101)),
        ),
        ("overlong code", "code", json!("R".repeat(500))),
        ("end before start", "end_date", json!("2020-01-01")),
        ("a date out of range", "start_date", json!("2021-13-01")),
        ("unknown period", "programme_period", json!("esf_1995")),
        (
            "administrator that does not exist",
            "administrator_organisation_id",
            json!("01941f29-7c01-7501-8000-00000000ffff"),
        ),
        (
            "not a UUID",
            "administrator_organisation_id",
            json!("socom"),
        ),
    ] {
        let mut p = valid.clone();
        p[field] = value;
        let r = app.admin().post("/v1/projects", &p).await;
        let status = r.status();
        assert!(
            status.is_client_error(),
            "{what}: {status} {}",
            r.text().await.unwrap()
        );
    }
    // An integer no 64-bit field holds, written out in the JSON text.
    let text = valid.to_string().replace("100000", "18446744073709551616");
    let r = app
        .admin()
        .request(Method::POST, "/v1/projects")
        .header("Content-Type", "application/json")
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let list = body(app.admin().get("/v1/projects").await).await;
    assert_eq!(list["items"], json!([]), "nothing stored");
    let r = app.admin().post("/v1/projects", &valid).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "the valid project is accepted"
    );
}

async fn hostile_and_nordic_text_is_stored_and_returned_exactly(app: TestApp) {
    let e = esko(&app).await;
    let url = format!("/v1/projects/{}/participants", e.project);
    let worker = app.caller(&["worker"], Some(e.laptuote));
    for (i, text) in [
        "Robert'); DROP TABLE participants;--",
        "<script>alert('x')</script> & \"lainaus\"",
        "Áigi Šiŋŋá Đuoddara Ŋuolla Žárka Čáhppes — Åsa Äijälä Öhman",
        "emoji 🙂 ja rivinvaihto\nja sarkain\tmukana",
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = person(&format!("lap-text-{i}"));
        p["notes"] = json!(text);
        let r = worker.post(&url, &p).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{text}");
        let created = body(r).await;
        let read = body(
            worker
                .get(&format!(
                    "/v1/participants/{}",
                    created["id"].as_str().unwrap()
                ))
                .await,
        )
        .await;
        assert_eq!(read["notes"], text);
    }
}
