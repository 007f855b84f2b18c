//! Every request body the contract shows as an example succeeds against the demo dataset, as a
//! newcomer would send it from the docs page: the ids in the examples are the demo's (fixed on
//! every machine), the dates fit Esko's period (2018–2019). Only path parameters come from the
//! objects the walk creates. The walk fails on any documented example it did not send, so a new
//! example is tried the day it is written.

use std::collections::BTreeSet;

use askel_api::demo;
use askel_tests::{Overrides, TestApp, body, id_of, on_both_databases_with};
use reqwest::Method;
use serde_json::Value;

/// The demo's settings: a receiver on 127.0.0.1 is allowed, as under `serve --demo`.
const DEMO: Overrides = &[("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true")];

/// Examples that cannot succeed as printed, and why.
const NOT_SENDABLE: &[(&str, &str)] = &[(
    "issueToken",
    "its client id and secret stand for those an administrator registers (askel client add)",
)];

on_both_databases_with!(DEMO; every_documented_request_example_succeeds_against_the_demo);

fn contract() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The JSON request example of each operation that has one.
fn examples(contract: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for operations in contract["paths"].as_object().unwrap().values() {
        for operation in operations.as_object().unwrap().values() {
            let Some(schema) = operation
                .pointer("/requestBody/content/application~1json/schema/$ref")
                .and_then(Value::as_str)
            else {
                continue;
            };
            let name = schema.rsplit('/').next().unwrap();
            let example = &contract["components"]["schemas"][name]["example"];
            if !example.is_null() {
                let id = operation["operationId"].as_str().unwrap().to_owned();
                out.push((id, example.clone()));
            }
        }
    }
    out
}

struct Walk<'a> {
    app: &'a TestApp,
    tokens: Vec<String>,
    examples: Vec<(String, Value)>,
    sent: BTreeSet<String>,
}

impl Walk<'_> {
    fn example(&self, operation: &str) -> Value {
        self.examples
            .iter()
            .find(|(id, _)| id == operation)
            .unwrap_or_else(|| panic!("the contract has no example for {operation}"))
            .1
            .clone()
    }

    /// Sends `body` as the demo role `token` and answers the response's body; anything but a
    /// success fails with the problem the server gave.
    async fn call(&self, token: usize, method: Method, path: &str, body: &Value) -> Value {
        let response = self
            .app
            .with_token(self.tokens[token].clone())
            .request(method.clone(), path)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(
            status.is_success(),
            "{method} {path} with {body} answered {status}: {text}"
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Sends the contract's example of `operation`.
    async fn send(&mut self, operation: &str, token: usize, method: Method, path: &str) -> Value {
        let example = self.example(operation);
        self.sent.insert(operation.to_owned());
        self.call(token, method, path, &example).await
    }
}

// Demo roles, in the order the demo prints their tokens.
const ADMIN: usize = 0;
const SOCOM_MANAGER: usize = 1;
const EKSOTE_HANDLER: usize = 4;
const VIRTA_WORKER: usize = 6;

async fn every_documented_request_example_succeeds_against_the_demo(app: TestApp) {
    assert!(demo::load(&app.state).await.unwrap());
    let tokens = demo::tokens(&app.state, 600)
        .unwrap()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let contract = contract();
    let mut walk = Walk {
        app: &app,
        tokens,
        examples: examples(&contract),
        sent: BTreeSet::new(),
    };
    let esko = demo::esko_project_id();
    let (post, put, patch) = (Method::POST, Method::PUT, Method::PATCH);

    // The platform operator sets up a project of its own.
    walk.send(
        "createOrganisation",
        ADMIN,
        post.clone(),
        "/v1/organisations",
    )
    .await;
    walk.send("defineInstrument", ADMIN, post.clone(), "/v1/instruments")
        .await;
    let project = id_of(
        &walk
            .send("createProject", ADMIN, post.clone(), "/v1/projects")
            .await,
    );
    let p = format!("/v1/projects/{project}");
    walk.send("updateProject", ADMIN, patch.clone(), &p).await;
    for (operation, tail) in [
        ("addProjectActor", "actors"),
        ("addProjectStaffMember", "staff"),
        ("createProjectStatement", "statements"),
    ] {
        walk.send(operation, ADMIN, post.clone(), &format!("{p}/{tail}"))
            .await;
    }
    walk.send(
        "setProjectRetention",
        ADMIN,
        put.clone(),
        &format!("{p}/retention"),
    )
    .await;

    // The county subscribes to its referrals.
    let hook = id_of(
        &walk
            .send(
                "createWebhook",
                EKSOTE_HANDLER,
                post.clone(),
                "/v1/webhooks",
            )
            .await,
    );
    walk.send(
        "updateWebhook",
        EKSOTE_HANDLER,
        patch.clone(),
        &format!("/v1/webhooks/{hook}"),
    )
    .await;

    // Saimaan Virta's worker registers a young man in Esko and walks him along the path.
    let esko_people = format!("/v1/projects/{esko}/participants");
    walk.send(
        "importParticipants",
        VIRTA_WORKER,
        post.clone(),
        &format!("{esko_people}/batch"),
    )
    .await;
    let participant = id_of(
        &walk
            .send(
                "registerParticipant",
                VIRTA_WORKER,
                post.clone(),
                &esko_people,
            )
            .await,
    );
    let me = format!("/v1/participants/{participant}");
    walk.send("updateParticipant", VIRTA_WORKER, patch.clone(), &me)
        .await;
    walk.send(
        "enterStep",
        VIRTA_WORKER,
        post.clone(),
        &format!("{me}/steps"),
    )
    .await;
    walk.send(
        "addAssessment",
        VIRTA_WORKER,
        post.clone(),
        &format!("{me}/assessments"),
    )
    .await;
    let goal = id_of(
        &walk
            .send(
                "addGoal",
                VIRTA_WORKER,
                post.clone(),
                &format!("{me}/goals"),
            )
            .await,
    );
    walk.send(
        "updateGoal",
        VIRTA_WORKER,
        patch.clone(),
        &format!("/v1/goals/{goal}"),
    )
    .await;
    let activity = id_of(
        &walk
            .send(
                "createActivity",
                VIRTA_WORKER,
                post.clone(),
                &format!("/v1/projects/{esko}/activities"),
            )
            .await,
    );
    walk.send(
        "setAttendance",
        VIRTA_WORKER,
        put.clone(),
        &format!("/v1/activities/{activity}/attendance"),
    )
    .await;

    // A referral to Eksote, which receives and accepts it before completing it as the example.
    let referral = id_of(
        &walk
            .send(
                "createReferral",
                VIRTA_WORKER,
                post.clone(),
                &format!("{me}/referrals"),
            )
            .await,
    );
    let transitions = format!("/v1/referrals/{referral}/transitions");
    for to in ["received", "accepted"] {
        walk.call(
            EKSOTE_HANDLER,
            post.clone(),
            &transitions,
            &serde_json::json!({"to": to}),
        )
        .await;
    }
    walk.send(
        "transitionReferral",
        EKSOTE_HANDLER,
        post.clone(),
        &transitions,
    )
    .await;

    walk.send(
        "recordExit",
        VIRTA_WORKER,
        put.clone(),
        &format!("{me}/exit"),
    )
    .await;
    walk.send(
        "recordFollowUp",
        VIRTA_WORKER,
        post.clone(),
        &format!("{me}/follow-ups"),
    )
    .await;
    walk.send(
        "reEnterParticipant",
        VIRTA_WORKER,
        post.clone(),
        &format!("{me}/re-entry"),
    )
    .await;
    walk.send(
        "transferParticipant",
        SOCOM_MANAGER,
        post.clone(),
        &format!("{me}/transfer"),
    )
    .await;

    let documented: BTreeSet<String> = walk.examples.iter().map(|(id, _)| id.clone()).collect();
    let expected: BTreeSet<String> = documented
        .iter()
        .filter(|id| !NOT_SENDABLE.iter().any(|(n, _)| n == id))
        .cloned()
        .collect();
    assert_eq!(walk.sent, expected, "every documented example was sent");
    assert!(
        walk.sent.len() >= 25,
        "the walk found the contract's examples"
    );
    // The participant the examples built is whole, now Laptuote's (the transfer example).
    let kept: Value = body(
        app.with_token(walk.tokens[SOCOM_MANAGER].clone())
            .get(&me)
            .await,
    )
    .await;
    assert_eq!(kept["external_ref"], "virta-2018-0042");
    let moved = app
        .with_token(walk.tokens[VIRTA_WORKER].clone())
        .get(&me)
        .await;
    assert_eq!(moved.status(), 404, "the former owner no longer sees him");
}
