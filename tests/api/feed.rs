//! The change feed and `updated_since` mirrors: visibility, and no change missed while
//! writers commit concurrently.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use askel_tests::{TestApp, body, on_both_databases, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

on_both_databases!(
    the_feed_shows_each_organisation_only_its_own_changes,
    the_feed_names_participants_only_to_roles_that_may_read_them,
    mirrors_following_the_feed_or_updated_since_miss_nothing_under_concurrent_writes
);

/// The second penetration test: a reporter and a referral handler were given participant ids
/// in their organisation's feed that answer 404 to them.
async fn the_feed_names_participants_only_to_roles_that_may_read_them(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let seen = settled(&worker, 1).await;
    assert_eq!(seen[0]["participant_id"], json!(person), "{seen:?}");
    for roles in [&["reporter"][..], &["referral_handler"][..]] {
        let caller = app.caller(roles, Some(s.laptuote));
        let seen = settled(&caller, 1).await;
        assert_eq!(seen[0]["type"], "participant.registered");
        assert!(seen[0]["participant_id"].is_null(), "{roles:?}: {seen:?}");
        let read = caller.get(&format!("/v1/participants/{person}")).await;
        assert_ne!(read.status(), StatusCode::OK, "{roles:?} may not read it");
    }
}

async fn all_events(caller: &askel_tests::Caller<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let url = match &after {
            Some(a) => format!("/v1/events?limit=3&after={a}"),
            None => "/v1/events?limit=3".to_owned(),
        };
        let page = body(caller.get(&url).await).await;
        let items = page["items"].as_array().unwrap().clone();
        if items.is_empty() {
            return out;
        }
        after = Some(page["next_cursor"].as_str().unwrap().to_owned());
        out.extend(items);
    }
}

/// The feed once `expected` events have appeared: an event shows once every transaction that
/// could precede it has finished — on a shared PostgreSQL server, other databases' transactions
/// too — so it may take a moment.
async fn settled(caller: &askel_tests::Caller<'_>, expected: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let events = all_events(caller).await;
        if events.len() >= expected || Instant::now() > deadline {
            return events;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn the_feed_shows_each_organisation_only_its_own_changes(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    worker
        .post(
            &format!("/v1/participants/{person}/steps"),
            &json!({"step": 1, "entered_on": "2025-01-07"}),
        )
        .await;
    let draft = body(worker.post(&format!("/v1/participants/{person}/referrals"), &json!({"target_organisation_id": s.eksote, "service_kind": "other", "reason": "x"})).await).await;

    let types = |events: &[Value]| -> Vec<String> {
        events
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_owned())
            .collect()
    };
    let own = settled(&worker, 3).await;
    assert_eq!(
        types(&own),
        [
            "participant.registered",
            "participant.step_entered",
            "referral.created"
        ]
    );
    assert!(
        own.iter()
            .all(|e| e.get("identity_code").is_none() && e["resource_id"].is_string())
    );
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    assert!(
        all_events(&county).await.is_empty(),
        "a draft and a participant are not the county's to see"
    );

    worker
        .post(
            &format!(
                "/v1/referrals/{}/transitions",
                draft["id"].as_str().unwrap()
            ),
            &json!({"to": "sent"}),
        )
        .await;
    let county_events = settled(&county, 1).await;
    assert_eq!(
        types(&county_events),
        ["referral.received"],
        "a target learns of a new referral by an event of its own"
    );
    assert_eq!(county_events[0]["resource_type"], "referral");
    assert_eq!(
        county_events[0]["participant_id"],
        Value::Null,
        "the target does not read the participant"
    );
    assert!(
        all_events(&app.caller(&["worker"], Some(s.te)))
            .await
            .is_empty()
    );

    // Anonymisation reaches the owner's mirror as an event.
    let admin_org = {
        let p = body(
            app.admin()
                .get(&format!("/v1/projects/{}", s.project))
                .await,
        )
        .await;
        p["administrator_organisation_id"]
            .as_str()
            .unwrap()
            .parse::<Uuid>()
            .unwrap()
    };
    let admin = app.caller(&["manager"], Some(admin_org));
    assert_eq!(
        admin
            .post(&format!("/v1/participants/{person}/anonymise"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let after = types(&settled(&worker, 6).await);
    assert_eq!(
        after[after.len() - 2..],
        ["participant.anonymised", "referral.updated"],
        "the referral lost what it shared: both sides read it again"
    );
    assert_eq!(
        types(&settled(&county, 2).await),
        ["referral.received", "referral.updated"]
    );
    problem(worker.get("/v1/events?after=forged").await, 422).await;
    problem(app.admin().get("/v1/events").await, 403).await;
}

async fn mirrors_following_the_feed_or_updated_since_miss_nothing_under_concurrent_writes(
    app: TestApp,
) {
    const WRITERS: usize = 4;
    const PER_WRITER: usize = 8;
    let s = setup(&app).await;
    let mut people = Vec::new();
    for _ in 0..WRITERS {
        people.push(participant(&app, &s, &["data_processing", "share_with_county"], None).await);
    }
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    let start = body(county.get("/v1/events").await).await["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();

    let writers = people.iter().map(|person| {
        let worker = app.caller(&["worker"], Some(s.laptuote));
        let url = format!("/v1/participants/{person}/referrals");
        let target = s.eksote;
        async move {
            for i in 0..PER_WRITER {
                let r = worker.post(&url, &json!({"target_organisation_id": target, "service_kind": "other", "reason": format!("ohjaus {i}"), "send": true})).await;
                assert_eq!(r.status(), StatusCode::CREATED);
            }
        }
    });
    let expected = WRITERS * PER_WRITER;
    let deadline = Instant::now() + Duration::from_secs(60);

    // Follows the feed while the writers write: every event once, none skipped.
    let follower = async {
        let mut seen_events = HashSet::new();
        let mut referrals = HashSet::new();
        let mut after = start.clone();
        while referrals.len() < expected && Instant::now() < deadline {
            let page = body(
                county
                    .get(&format!("/v1/events?limit=5&after={after}"))
                    .await,
            )
            .await;
            for e in page["items"].as_array().unwrap() {
                assert!(
                    seen_events.insert(e["id"].as_str().unwrap().to_owned()),
                    "an event came twice"
                );
                referrals.insert(e["resource_id"].as_str().unwrap().to_owned());
            }
            after = page["next_cursor"].as_str().unwrap().to_owned();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        referrals
    };
    // Polls the inbox with updated_since, paging with the cursor, while the writers write.
    let mirror = async {
        let mut state: BTreeMap<String, i64> = BTreeMap::new();
        let mut since: Option<String> = None;
        while state.len() < expected && Instant::now() < deadline {
            let mut url = match &since {
                Some(t) => format!(
                    "/v1/referrals?role=target&limit=7&updated_since={}",
                    t.replace('+', "%2B")
                ),
                None => "/v1/referrals?role=target&limit=7".into(),
            };
            loop {
                let page = body(county.get(&url).await).await;
                for r in page["items"].as_array().unwrap() {
                    state.insert(
                        r["id"].as_str().unwrap().to_owned(),
                        r["version"].as_i64().unwrap(),
                    );
                    since = Some(r["updated_at"].as_str().unwrap().to_owned());
                }
                match page["next_cursor"].as_str() {
                    Some(c) => url = format!("/v1/referrals?role=target&limit=7&cursor={c}"),
                    None => break,
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        state
    };
    let (_, followed, mirrored) =
        tokio::join!(futures_util::future::join_all(writers), follower, mirror);
    assert_eq!(
        followed.len(),
        expected,
        "the feed follower saw every sent referral"
    );
    assert_eq!(
        mirrored.len(),
        expected,
        "the updated_since mirror holds every referral"
    );
    assert!(
        mirrored.values().all(|v| *v == 2),
        "each at its latest version (sent)"
    );
}

/// Two writers, the later one committing first: the reader must not see the later event until
/// the earlier transaction has finished, or a cursor would move past the earlier event for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_committed_out_of_order_waits_for_the_earlier_transaction() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let org = askel_domain::OrganisationId::from_uuid(
        app.organisation("Eksote", "wellbeing_services_county")
            .await,
    );
    let db = &app.state.db;
    let event = || {
        askel_domain::NewEvent::new(
            askel_domain::EventType::ReferralCreated,
            Uuid::now_v7(),
            chrono_now(),
            [org],
        )
    };
    let (first, second) = (event(), event());
    let earlier = db.write().await.unwrap();
    earlier
        .events()
        .insert_events(std::slice::from_ref(&first))
        .await
        .unwrap();
    let later = db.write().await.unwrap();
    later
        .events()
        .insert_events(std::slice::from_ref(&second))
        .await
        .unwrap();
    later.commit().await.unwrap();

    let read = async || {
        let tx = db.read().await.unwrap();
        let events = tx
            .events()
            .events(org, askel_domain::FeedPosition::default(), 100, None, &[])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        events.into_iter().map(|e| e.id).collect::<Vec<_>>()
    };
    assert!(
        read().await.is_empty(),
        "the later event is held back while the earlier transaction is open"
    );
    earlier.commit().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = read().await;
    while seen.len() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen = read().await;
    }
    assert_eq!(
        seen,
        [first.id, second.id],
        "both, in commit order of their transactions"
    );
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
