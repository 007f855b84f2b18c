//! FHIR searches page through every referral without gaps and resume after `_lastUpdated`.

use askel_tests::{TestApp, on_both_databases};

use crate::fhir::{fhir_get, referral_about, resource};
use crate::referrals::setup;

on_both_databases!(a_search_pages_through_every_referral_and_resumes_after_last_updated);

async fn a_search_pages_through_every_referral_and_resumes_after_last_updated(app: TestApp) {
    let s = setup(&app).await;
    let mut sent = Vec::new();
    for _ in 0..5 {
        sent.push(referral_about(&app, &s, None).await);
    }
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let mut next = Some(format!(
        "/fhir/ServiceRequest?performer=Organization/{}&_count=2",
        s.eksote
    ));
    let mut seen = Vec::new();
    let mut last_updated = String::new();
    while let Some(url) = next.take() {
        let path = url.find("/fhir/").map_or(url.as_str(), |i| &url[i..]);
        let page = resource(fhir_get(&county, path).await, 200).await;
        for e in page["entry"].as_array().into_iter().flatten() {
            seen.push(e["resource"]["id"].as_str().unwrap().to_owned());
            last_updated = e["resource"]["meta"]["lastUpdated"]
                .as_str()
                .unwrap()
                .to_owned();
        }
        next = page["link"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["relation"] == "next")
            .map(|l| l["url"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, sent, "every referral once, in order");
    let later = referral_about(&app, &s, None).await;
    let after = resource(
        fhir_get(
            &county,
            &format!(
                "/fhir/ServiceRequest?performer=Organization/{}&_lastUpdated=gt{}",
                s.eksote,
                last_updated.replace('+', "%2B")
            ),
        )
        .await,
        200,
    )
    .await;
    let ids: Vec<&str> = after["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [later.as_str()]);
    // The Task search finds them all by owner.
    let tasks = resource(
        fhir_get(
            &county,
            &format!(
                "/fhir/Task?owner=Organization/{}&status=requested",
                s.eksote
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(tasks["entry"].as_array().unwrap().len(), 6);
}
