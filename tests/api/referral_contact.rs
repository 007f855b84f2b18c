//! What the county needs to act: contact details shared for one referral, encrypted at rest,
//! read by the sender and the target only (each read in the access log), in the FHIR
//! ServiceRequest's contained Patient, and gone after anonymisation.

use askel_tests::{TestApp, body, failing_fields, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

on_both_databases!(contact_details_reach_the_target_only_and_leave_with_anonymisation);

const PHONE: &str = "+358 40 765 4321";
const EMAIL: &str = "aino.esimerkki@example.fi";

async fn contact_details_reach_the_target_only_and_leave_with_anonymisation(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let url = format!("/v1/participants/{person}/referrals");
    let referral = |contact: Value| json!({"target_organisation_id": s.eksote, "service_kind": "debt_counselling", "reason": "Velkaneuvonta.", "send": true, "contact": contact});

    let p = problem(
        worker
            .post(
                &url,
                &referral(json!({"name": "Aino", "email": "no-at-sign"})),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["contact.email"]);
    let p = problem(
        worker.post(&url, &referral(json!({"name": "Aino"}))).await,
        422,
    )
    .await;
    assert_eq!(failing_fields(&p), ["contact"]);
    assert!(!p.to_string().contains("no-at-sign"));

    let contact = json!({"name": "Aino", "phone": PHONE, "email": EMAIL, "preferred_language": "fi", "good_time_to_call": "arkisin klo 9–12"});
    let created = body(worker.post(&url, &referral(contact.clone())).await).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["shared"]["contact_shared"], true);
    let one = format!("/v1/referrals/{id}");

    // Encrypted at rest: the phone and the e-mail are in no row as text.
    let rows = askel_persistence::testing::every_row_as_text(&app.state.db)
        .await
        .unwrap();
    for needle in [PHONE, EMAIL] {
        assert!(
            !rows.iter().any(|r| r.contains(needle)),
            "{needle} stored in clear"
        );
    }

    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let read = body(county.get(&one).await).await;
    assert_eq!(read["shared"]["contact"], contact);
    let fhir: Value = county
        .request(Method::GET, &one)
        .header("Accept", "application/fhir+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let patient = &fhir["contained"][0];
    assert_eq!(patient["name"][0]["text"], "Aino");
    assert_eq!(
        patient["telecom"],
        json!([{"system": "phone", "value": PHONE}, {"system": "email", "value": EMAIL}])
    );
    assert_eq!(
        patient["communication"][0]["language"]["coding"][0]["code"],
        "fi"
    );
    assert_eq!(
        body(worker.get(&one).await).await["shared"]["contact"],
        contact
    );

    // Not in lists, not to the project's administrator, not to others.
    let inbox = body(county.get("/v1/referrals").await).await;
    assert!(inbox["items"][0]["shared"].get("contact").is_none());
    let project = body(
        app.admin()
            .get(&format!("/v1/projects/{}", s.project))
            .await,
    )
    .await;
    let socom: Uuid = project["administrator_organisation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let admin = app.caller(&["manager"], Some(socom));
    let admin_read = body(admin.get(&one).await).await;
    assert_eq!(
        (
            admin_read["shared"]["contact_shared"].clone(),
            admin_read["shared"].get("contact").cloned()
        ),
        (json!(true), None)
    );
    problem(app.caller(&["manager"], Some(s.te)).get(&one).await, 404).await;

    // Every read of the contact details is in the person's access log.
    let log = body(
        admin
            .get(&format!("/v1/participants/{person}/access-log?limit=500"))
            .await,
    )
    .await;
    let contact_reads = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"] == "referral_contact")
        .count();
    assert_eq!(contact_reads, 3, "the county twice, the sender once: {log}");

    // Anonymised: gone.
    let r = admin
        .post(&format!("/v1/participants/{person}/anonymise"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let after = body(county.get(&one).await).await;
    assert_eq!(
        (
            after["shared"]["contact_shared"].clone(),
            after["shared"].get("contact").cloned()
        ),
        (json!(false), None)
    );
    let rows = askel_persistence::testing::every_row_as_text(&app.state.db)
        .await
        .unwrap();
    assert!(!rows.iter().any(|r| r.contains("arkisin klo 9")));
}
