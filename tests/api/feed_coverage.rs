//! The feed covers everything a partner mirrors: goals, assessments, activities, attendance,
//! transfers; events name the project and, for readers of the participant, the participant;
//! filters by project and type; the project's administrator reads its partners' referrals; the
//! plan's lists page with `updated_since`.

use std::time::{Duration, Instant};

use askel_tests::{Caller, TestApp, body, on_both_databases, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::referrals::{participant, setup};

on_both_databases!(
    every_change_to_a_plan_reaches_the_feed_with_its_project_and_participant,
    the_administrator_reads_its_partners_referrals_and_a_transfer_removes_the_participant
);

/// Every event the caller may see of `types` (comma-separated), once at least `expected` have
/// appeared (an event shows once every transaction that could precede it has finished).
async fn events(caller: &Caller<'_>, query: &str, expected: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut out = Vec::new();
        let mut after = String::new();
        loop {
            let page = body(
                caller
                    .get(&format!("/v1/events?limit=50{after}{query}"))
                    .await,
            )
            .await;
            let items = page["items"].as_array().unwrap().clone();
            if items.is_empty() {
                break;
            }
            after = format!("&after={}", page["next_cursor"].as_str().unwrap());
            out.extend(items);
        }
        if out.len() >= expected || Instant::now() > deadline {
            return out;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["type"].as_str().unwrap()).collect()
}

async fn every_change_to_a_plan_reaches_the_feed_with_its_project_and_participant(app: TestApp) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let goals = format!("/v1/participants/{person}/goals");
    let mut goal_ids = Vec::new();
    for text in ["Yksi.", "Kaksi.", "Kolme."] {
        let g = body(worker.post(&goals, &json!({"text": text, "step": 2})).await).await;
        goal_ids.push(g["id"].as_str().unwrap().to_owned());
    }
    let r = worker
        .request(Method::PATCH, &format!("/v1/goals/{}", goal_ids[0]))
        .json(&json!({"status": "achieved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let changed_at = body(r).await["updated_at"]
        .as_str()
        .unwrap()
        .replace('+', "%2B");
    let instruments = body(worker.get("/v1/instruments").await).await;
    let kyky = instruments["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "kykyviisari")
        .unwrap()["id"]
        .clone();
    let scores = json!({"work_ability": 5, "mental_wellbeing": 5, "social_inclusion": 5, "physical_functioning": 5, "skills": 5, "everyday_coping": 5});
    let r = worker
        .post(
            &format!("/v1/participants/{person}/assessments"),
            &json!({"instrument_id": kyky, "phase": "entry", "date": "2025-01-08", "scores": scores}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let activity = body(
        worker
            .post(
                &format!("/v1/projects/{}/activities", s.project),
                &json!({"kind": "peer_support_group", "title": "Ryhmä", "date": "2025-02-05", "duration_minutes": 60}),
            )
            .await,
    )
    .await;
    let r = worker
        .request(
            Method::PUT,
            &format!(
                "/v1/activities/{}/attendance",
                activity["id"].as_str().unwrap()
            ),
        )
        .json(&json!({"attendance": [{"participant_id": person, "status": "present"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let all = events(&worker, "", 8).await;
    assert_eq!(
        types(&all),
        [
            "participant.registered",
            "goal.created",
            "goal.created",
            "goal.created",
            "goal.updated",
            "assessment.recorded",
            "activity.created",
            "activity.attendance_recorded"
        ]
    );
    let project = json!(s.project);
    for e in &all {
        assert_eq!(e["project_id"], project, "{e}");
        let expected = if e["type"] == "activity.created" {
            Value::Null
        } else {
            json!(person)
        };
        assert_eq!(e["participant_id"], expected, "{e}");
    }
    assert_eq!(all[4]["resource_id"], json!(goal_ids[0]));
    assert_eq!(
        (
            all[7]["resource_type"].clone(),
            all[7]["resource_id"].clone()
        ),
        (json!("activity"), activity["id"].clone())
    );

    // Filters.
    let only_goals = events(&worker, "&types=goal.created,goal.updated", 4).await;
    assert_eq!(only_goals.len(), 4);
    let elsewhere = events(&worker, &format!("&project_id={}", Uuid::now_v7()), 0).await;
    assert!(elsewhere.is_empty());
    assert_eq!(
        events(&worker, &format!("&project_id={}", s.project), 8)
            .await
            .len(),
        8
    );
    let p = problem(
        worker.get("/v1/events?types=goal.created,nonsense").await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "types");

    // The plan's lists page, and updated_since gives what changed.
    let first = body(worker.get(&format!("{goals}?limit=2")).await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = body(
        worker
            .get(&format!("{goals}?limit=2&cursor={cursor}"))
            .await,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_cursor"], Value::Null);
    let since = body(
        worker
            .get(&format!("{goals}?updated_since={changed_at}"))
            .await,
    )
    .await;
    assert_eq!(
        since["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [goal_ids[0].as_str()],
        "only the goal changed since"
    );
    let assessments = body(
        worker
            .get(&format!("/v1/participants/{person}/assessments?limit=1"))
            .await,
    )
    .await;
    assert_eq!(
        (
            assessments["items"].as_array().unwrap().len(),
            assessments["next_cursor"].clone(),
            assessments["summaries"][0]["assessments"].clone()
        ),
        (1, Value::Null, json!(1))
    );
}

async fn the_administrator_reads_its_partners_referrals_and_a_transfer_removes_the_participant(
    app: TestApp,
) {
    let s = setup(&app).await;
    let person = participant(&app, &s, &["data_processing", "share_with_county"], None).await;
    let worker = app.caller(&["worker"], Some(s.laptuote));
    let referral = body(worker.post(&format!("/v1/participants/{person}/referrals"), &json!({"target_organisation_id": s.eksote, "service_kind": "other", "reason": "x", "send": true})).await).await;
    let id = referral["id"].as_str().unwrap();
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

    let read = admin.get(&format!("/v1/referrals/{id}")).await;
    assert_eq!(
        read.status(),
        StatusCode::OK,
        "whoever reads the participant"
    );
    let listed = body(admin.get("/v1/referrals").await).await;
    assert_eq!(listed["items"][0]["id"], json!(id));
    let admin_events = events(&admin, "&types=referral.created,referral.status_changed", 2).await;
    assert_eq!(
        types(&admin_events),
        ["referral.created", "referral.status_changed"]
    );
    assert_eq!(admin_events[0]["participant_id"], json!(person));
    problem(
        admin
            .post(
                &format!("/v1/referrals/{id}/transitions"),
                &json!({"to": "cancelled"}),
            )
            .await,
        403,
    )
    .await;
    problem(
        app.caller(&["manager"], Some(s.te))
            .get(&format!("/v1/referrals/{id}"))
            .await,
        404,
    )
    .await;

    // Transferred to the administrator: Laptuote's mirror is told to delete its copy.
    let r = admin
        .post(
            &format!("/v1/participants/{person}/transfer"),
            &json!({"to_organisation_id": socom}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let gone = events(&worker, "&types=participant.removed", 1).await;
    assert_eq!(
        (
            gone[0]["resource_id"].clone(),
            gone[0]["participant_id"].clone()
        ),
        (json!(person), json!(person))
    );
    let county = app.caller(&["referral_handler"], Some(s.eksote));
    assert_eq!(
        types(&events(&county, "", 2).await),
        ["referral.received", "referral.updated"],
        "the county reads the moved referral again"
    );
}
