//! Findings of the penetration test where personal data crossed a boundary through storage:
//! idempotent replays across organisations, copies left by anonymisation, referrals left
//! behind by a transfer. Each story failed on the main it was found on.

use askel_tests::{TestApp, body, id_of, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{Setup, participant, setup};

on_both_databases!(
    an_idempotency_key_is_the_callers_own_and_a_replay_is_checked_and_audited,
    anonymisation_leaves_no_copy_anywhere,
    a_transfer_takes_the_referrals_along,
);

/// The organisation that administers `project`.
async fn administrator(app: &TestApp, project: Uuid) -> Uuid {
    body(app.admin().get(&format!("/v1/projects/{project}")).await).await
        ["administrator_organisation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// A caller with `roles` in `org` whose token has exactly subject `sub`.
fn same_subject<'a>(
    app: &'a TestApp,
    sub: &str,
    roles: &[&str],
    org: Uuid,
) -> askel_tests::Caller<'a> {
    let mut claims = app.claims(roles, Some(org));
    claims.sub = sub.to_owned();
    app.with_token(app.sign(&claims))
}

fn person(external_ref: &str) -> Value {
    json!({"external_ref": external_ref, "entry_date": "2025-01-07", "gender": "female", "birth_date": "1993-04-04",
           "labour_market_status": "inactive", "education": "isced_3_4", "notes": "Asuu siskonsa luona Mikkelissä."})
}

async fn an_idempotency_key_is_the_callers_own_and_a_replay_is_checked_and_audited(app: TestApp) {
    let s: Setup = setup(&app).await;
    let socom_manager = administrator(&app, s.project).await;
    // Two organisations' clients with one subject, as the demo's managers and partners' IdPs have.
    let socom = same_subject(&app, "demo:manager", &["manager"], socom_manager);
    let laptuote = same_subject(&app, "demo:manager", &["manager"], s.laptuote);
    let url = format!("/v1/projects/{}/participants", s.project);
    let send = |caller: &askel_tests::Caller<'_>, key: &'static str, b: Value| {
        caller
            .request(Method::POST, &url)
            .header("Idempotency-Key", key)
            .json(&b)
            .send()
    };
    let first = send(&socom, "k-42", person("esko-1")).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let socoms = id_of(&body(first).await);
    let other = send(&laptuote, "k-42", person("esko-1")).await.unwrap();
    assert_eq!(other.status(), StatusCode::CREATED, "a create of its own");
    let laptuotes = id_of(&body(other).await);
    assert_ne!(
        socoms, laptuotes,
        "never the other organisation's participant"
    );

    // The owner's retry replays; the replay is recorded as a read of the participant.
    let retry = send(&laptuote, "k-42", person("esko-1")).await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(id_of(&body(retry).await), laptuotes);
    let log = body(
        laptuote
            .get(&format!("/v1/participants/{laptuotes}/access-log"))
            .await,
    )
    .await;
    let reads = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "read" && e["resource"] == "participant")
        .count();
    assert_eq!(reads, 1, "the replay is audited: {log}");

    // Once the participant is another's, the replay answers as a read would: 404.
    let saimaa = app.organisation("Saimaan Virta ry", "association").await;
    let r = socom
        .post(
            &format!("/v1/projects/{}/actors", s.project),
            &json!({"organisation_id": saimaa, "role": "co_implementer"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = socom
        .post(
            &format!("/v1/participants/{laptuotes}/transfer"),
            &json!({"to_organisation_id": saimaa}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    problem(
        send(&laptuote, "k-42", person("esko-1")).await.unwrap(),
        404,
    )
    .await;
}

async fn anonymisation_leaves_no_copy_anywhere(app: TestApp) {
    let s = setup(&app).await;
    let code = "020497-123H";
    let person_id = participant(
        &app,
        &s,
        &["data_processing", "share_with_county"],
        Some(code),
    )
    .await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let path = format!("/v1/participants/{person_id}");
    let secret_texts = [
        "ext-ref-7781",
        "Asuu siskonsa luona Mikkelissä.",
        "Tavattiin kirjastolla maanantaina.",
        "Oma asunto Lappeenrannasta.",
        "Jatkaa Saimaan ammattiopistossa.",
        "Tarvitsee tukea päihdeasioissa.",
        "Aloitti työkokeilun Eksotella.",
    ];
    let r = worker
        .request(Method::PATCH, &path)
        .json(&json!({"external_ref": secret_texts[0], "notes": secret_texts[1]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let idempotent = worker
        .request(Method::POST, &format!("{path}/steps"))
        .header("Idempotency-Key", "step-k1")
        .json(&json!({"step": 1, "entered_on": "2025-01-07", "note": secret_texts[2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(idempotent.status(), StatusCode::CREATED);
    let goal = worker
        .post(
            &format!("{path}/goals"),
            &json!({"text": secret_texts[3], "step": 3}),
        )
        .await;
    assert_eq!(goal.status(), StatusCode::CREATED);
    let referral = worker
        .request(Method::POST, &format!("{path}/referrals"))
        .header("Idempotency-Key", "ref-k1")
        .json(&json!({"target_organisation_id": s.eksote, "service_kind": "work_trial", "reason": secret_texts[5],
                      "share": {"identity_code": true, "birth_date": true}, "send": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(referral.status(), StatusCode::CREATED);
    let referral = body(referral).await["id"].as_str().unwrap().to_owned();
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    for (to, extra) in [
        ("received", json!({})),
        ("accepted", json!({})),
        (
            "completed",
            json!({"outcome": {"description": secret_texts[6], "started_on": "2025-03-03"}}),
        ),
    ] {
        let mut b = extra;
        b["to"] = json!(to);
        let r = county
            .post(&format!("/v1/referrals/{referral}/transitions"), &b)
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{to}");
    }
    let exit = worker
        .request(Method::PUT, &format!("{path}/exit"))
        .json(&json!({"exit_date": "2025-04-01", "situation": "education_or_training", "qualification_gained": false,
                      "follow_on_plan": secret_texts[4]}))
        .send()
        .await
        .unwrap();
    assert_eq!(exit.status(), StatusCode::OK, "{:?}", exit.text().await);
    let before = askel_persistence::testing::every_row_as_text(&app.state.db)
        .await
        .unwrap();
    for text in secret_texts {
        assert!(
            before.iter().any(|row| row.contains(text)),
            "the test stores {text:?} somewhere before anonymising"
        );
    }
    let admin_org = administrator(&app, s.project).await;
    let r = app
        .caller(&["manager"], Some(admin_org))
        .post(&format!("{path}/anonymise"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let hash = app
        .state
        .data_key
        .as_ref()
        .unwrap()
        .hash(&askel_domain::PersonalIdentityCode::parse(code).unwrap());
    let after = askel_persistence::testing::every_row_as_text(&app.state.db)
        .await
        .unwrap();
    for needle in secret_texts.iter().copied().chain([code, hash.as_str()]) {
        let found: Vec<_> = after.iter().filter(|row| row.contains(needle)).collect();
        assert!(found.is_empty(), "{needle:?} is still stored: {found:?}");
    }
    // Nor in the bytes of SQLite's files: free pages and the write-ahead log held copies.
    if let Some(file) = app.sqlite_file() {
        for name in [file.clone(), file.with_extension("db-wal")] {
            let bytes = std::fs::read(&name).unwrap_or_default();
            for needle in secret_texts.iter().copied().chain([code, hash.as_str()]) {
                let held = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                assert!(!held, "{needle:?} is still in {}", name.display());
            }
        }
    }
    // The county reads the referral without what was shared, in JSON and in FHIR.
    let seen = body(county.get(&format!("/v1/referrals/{referral}")).await).await;
    assert_eq!(seen["shared"]["identity_code"], Value::Null, "{seen}");
    assert_eq!(seen["shared"]["birth_date"], Value::Null, "{seen}");
    assert_eq!(seen["status"], "completed", "the facts stay");
    let fhir = county
        .request(Method::GET, &format!("/v1/referrals/{referral}"))
        .header("Accept", "application/fhir+json")
        .send()
        .await
        .unwrap();
    assert_eq!(fhir.status(), StatusCode::OK);
    let fhir = fhir.text().await.unwrap();
    assert!(
        !fhir.contains(code) && !fhir.contains(secret_texts[5]),
        "{fhir}"
    );
    // Retries neither show the old response nor register the person anew.
    for (url, key, b) in [(
        format!("{path}/steps"),
        "step-k1",
        json!({"step": 1, "entered_on": "2025-01-07", "note": secret_texts[2]}),
    )] {
        let r = worker
            .request(Method::POST, &url)
            .header("Idempotency-Key", key)
            .json(&b)
            .send()
            .await
            .unwrap();
        problem(r, 409).await;
    }
    // The figures' facts are kept.
    let p = body(app.caller(&["manager"], Some(admin_org)).get(&path).await).await;
    assert_eq!(p["anonymised"], true);
    assert_eq!(p["gender"], "male");
    assert_eq!(p["birth_date"], "1997-04-02");
}

async fn a_transfer_takes_the_referrals_along(app: TestApp) {
    let s = setup(&app).await;
    let saimaa = app.organisation("Saimaan Virta ry", "association").await;
    let admin_org = administrator(&app, s.project).await;
    let admin = app.caller(&["manager"], Some(admin_org));
    let r = admin
        .post(
            &format!("/v1/projects/{}/actors", s.project),
            &json!({"organisation_id": saimaa, "role": "co_implementer"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let person_id = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let old_owner = app.caller(&["worker"], Some(s.laptuote));
    let r = old_owner
        .post(
            &format!("/v1/participants/{person_id}/referrals"),
            &json!({"target_organisation_id": s.eksote, "service_kind": "work_trial", "reason": "Valmis työkokeiluun.",
                    "share": {"birth_date": true}, "send": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let referral = body(r).await["id"].as_str().unwrap().to_owned();
    let r = admin
        .post(
            &format!("/v1/participants/{person_id}/transfer"),
            &json!({"to_organisation_id": saimaa}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The county writes an outcome after the transfer: only the new owner reads it.
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    for to in ["received", "accepted"] {
        let r = county
            .post(
                &format!("/v1/referrals/{referral}/transitions"),
                &json!({"to": to}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    problem(
        old_owner.get(&format!("/v1/referrals/{referral}")).await,
        404,
    )
    .await;
    assert_eq!(
        body(old_owner.get("/v1/referrals").await).await["items"],
        json!([])
    );
    let new_owner = app.caller(&["worker"], Some(saimaa));
    let seen = new_owner.get(&format!("/v1/referrals/{referral}")).await;
    assert_eq!(seen.status(), StatusCode::OK);
    assert_eq!(body(seen).await["status"], "accepted");
    let cancel = new_owner
        .post(
            &format!("/v1/referrals/{referral}/transitions"),
            &json!({"to": "cancelled"}),
        )
        .await;
    assert_ne!(
        cancel.status(),
        StatusCode::NOT_FOUND,
        "the new owner acts for the sender"
    );
}
