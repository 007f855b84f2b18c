//! The access matrix generated from the contract: every operation in the served OpenAPI
//! document is called by every role of an organisation with no part in the project, against the
//! project's own objects (a participant, its goal and referral, an activity), with the body
//! example the contract documents. Nothing may answer 2xx, except the operations that publish
//! facts by design (listed below with the reason), and their answers must not carry the objects.

use askel_tests::{Caller, Overrides, TestApp, body, id_of, on_both_databases_with};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::participants::{esko, person, register};

/// The owner subscribes a webhook to a loopback port where nothing listens.
const LOOPBACK_WEBHOOKS: Overrides = &[("ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true")];

on_both_databases_with!(LOOPBACK_WEBHOOKS;
    no_operation_lets_an_unrelated_organisation_reach_a_projects_objects
);

/// Operations anyone authenticated may call with success, and why.
const OPEN_BY_DESIGN: &[(&str, &str, &str)] = &[
    ("GET", "/health/live", "liveness, no data"),
    ("GET", "/health/ready", "readiness, no data"),
    (
        "POST",
        "/v1/auth/token",
        "issues tokens to registered clients only",
    ),
    ("GET", "/v1/code-lists", "published vocabularies"),
    ("GET", "/v1/code-lists/{name}", "published vocabularies"),
    ("GET", "/v1/instruments", "published assessment instruments"),
    (
        "GET",
        "/v1/organisations",
        "the register of organisations is public",
    ),
    (
        "GET",
        "/v1/organisations/{id}",
        "the register of organisations is public",
    ),
    ("GET", "/v1/projects", "projects are public facts"),
    ("GET", "/v1/projects/{id}", "projects are public facts"),
    (
        "GET",
        "/v1/projects/{id}/actors",
        "who takes part in a project is public",
    ),
    ("GET", "/v1/projects/{id}/staff", "staff by title is public"),
    (
        "GET",
        "/v1/projects/{id}/statements",
        "statements are public",
    ),
    (
        "GET",
        "/v1/projects/{id}/activities",
        "the programme of activities is public; attendance is not listed",
    ),
    ("GET", "/v1/events", "the caller's own feed"),
    ("GET", "/v1/referrals", "the caller's own inbox and outbox"),
    ("GET", "/v1/webhooks", "the caller's own subscriptions"),
    (
        "POST",
        "/v1/webhooks",
        "subscribes the caller's own feed (the example URL does not resolve here)",
    ),
    (
        "POST",
        "/v1/projects",
        "creates a project of the caller's own",
    ),
    (
        "POST",
        "/v1/organisations",
        "registers an organisation (admin only)",
    ),
    (
        "POST",
        "/v1/instruments",
        "defines an instrument (admin only)",
    ),
];

pub(crate) struct Objects {
    pub(crate) project: Uuid,
    pub(crate) participant: Uuid,
    pub(crate) goal: Uuid,
    pub(crate) referral: Uuid,
    pub(crate) activity: Uuid,
    pub(crate) owner: Uuid,
    /// The owner's webhook, where the settings let the test subscribe one.
    pub(crate) webhook: Option<Uuid>,
}

pub(crate) async fn objects(app: &TestApp) -> Objects {
    let e = esko(app).await;
    let worker = app.caller(&["worker"], Some(e.laptuote));
    let mut p = person("lap-matrix");
    p["consents"] = json!([{"kind": "share_with_county", "given": true, "date": "2018-03-05"}]);
    let participant = id_of(&register(app, &e, e.laptuote, &p).await);
    let path = format!("/v1/participants/{participant}");
    let ok = |r: reqwest::Response| {
        assert!(r.status().is_success(), "setup: {}", r.status());
        body(r)
    };
    ok(worker
        .post(
            &format!("{path}/steps"),
            &json!({"step": 1, "entered_on": "2018-03-05"}),
        )
        .await)
    .await;
    let goal = id_of(
        &ok(worker
            .post(
                &format!("{path}/goals"),
                &json!({"text": "Arjen rytmi.", "step": 2}),
            )
            .await)
        .await,
    );
    let county = app
        .organisation(
            "Etelä-Karjalan hyvinvointialue",
            "wellbeing_services_county",
        )
        .await;
    ok(app
        .caller(&["manager"], Some(e.socom))
        .post(
            &format!("/v1/projects/{}/actors", e.project),
            &json!({"organisation_id": county, "role": "cooperation_partner"}),
        )
        .await)
    .await;
    let referral = id_of(
        &ok(worker
            .post(
                &format!("{path}/referrals"),
                &json!({"target_organisation_id": county, "service_kind": "work_trial", "reason": "Työkokeilu.", "send": true}),
            )
            .await)
        .await,
    );
    let activity = id_of(
        &ok(worker
            .post(
                &format!("/v1/projects/{}/activities", e.project),
                &json!({"kind": "peer_support_group", "title": "Vertaisryhmä", "step": 2, "date": "2018-03-10", "duration_minutes": 90}),
            )
            .await)
        .await,
    );
    let hook = app
        .caller(&["manager"], Some(e.laptuote))
        .post(
            "/v1/webhooks",
            &json!({"url": "http://127.0.0.1:9/hook", "event_types": ["participant.anonymised"]}),
        )
        .await;
    let webhook = if hook.status().is_success() {
        Some(id_of(&body(hook).await))
    } else {
        None
    };
    Objects {
        project: e.project,
        participant,
        goal,
        referral,
        activity,
        owner: e.laptuote,
        webhook,
    }
}

pub(crate) fn concrete(template: &str, o: &Objects) -> String {
    let id = if template.starts_with("/v1/participants/") {
        o.participant
    } else if template.starts_with("/v1/projects/") {
        o.project
    } else if template.starts_with("/v1/referrals/") {
        o.referral
    } else if template.starts_with("/v1/goals/") {
        o.goal
    } else if template.starts_with("/v1/activities/") {
        o.activity
    } else if template.starts_with("/v1/webhooks/") {
        o.webhook.unwrap_or(o.owner)
    } else {
        o.owner
    };
    template
        .replace("{id}", &id.to_string())
        .replace("{org_id}", &id.to_string())
        .replace("{name}", "genders")
        .replace("{delivery_id}", &o.owner.to_string())
}

/// The documented example of the operation's JSON body, if it has one.
pub(crate) fn example(doc: &Value, op: &Value) -> Option<Value> {
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let name = schema["$ref"].as_str()?.rsplit('/').next()?;
    doc["components"]["schemas"][name].get("example").cloned()
}

async fn call(c: &Caller<'_>, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = c.request(method, path);
    if let Some(b) = body {
        request = request.json(b);
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn no_operation_lets_an_unrelated_organisation_reach_a_projects_objects(app: TestApp) {
    let o = objects(&app).await;
    let doc = body(app.anonymous().get("/openapi.json").await).await;
    let outsider = app.organisation("Ulkopuolinen ry", "association").await;
    let roles = ["manager", "worker", "reporter", "referral_handler"];
    let secrets = [o.participant, o.goal, o.referral].map(|id| id.to_string());
    let insiders = [
        app.caller(&["worker"], Some(o.owner)),
        app.caller(&["manager"], Some(o.owner)),
    ];
    let mut operations = 0;
    let mut calls = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            operations += 1;
            let path = concrete(template, &o);
            let body = example(&doc, op);
            let open = OPEN_BY_DESIGN
                .iter()
                .any(|(m, t, _)| *m == method && t == template);
            // The ids are real: the owner's worker or manager reaches every object-level read
            // (reports are the administrator's, not the owner's).
            if method == "GET" && template.contains("{id}") && !open {
                let mut statuses = Vec::new();
                for c in &insiders {
                    statuses.push(call(c, &method, &path, None).await.0);
                }
                assert!(
                    statuses.iter().any(|s| (200..300).contains(s))
                        || template.ends_with("/reports/indicators"),
                    "control: the owner gets {statuses:?} from GET {template}"
                );
            }
            for role in roles {
                let c = app.caller(&[role], Some(outsider));
                let (status, text) = call(&c, &method, &path, body.as_ref()).await;
                calls += 1;
                if open {
                    for secret in &secrets {
                        assert!(
                            !text.contains(secret.as_str()),
                            "{role} of an unrelated organisation sees a project object in {method} {template}"
                        );
                    }
                } else {
                    assert!(
                        !(200..300).contains(&status),
                        "{role} of an unrelated organisation got {status} from {method} {template}: {text}"
                    );
                }
            }
        }
    }
    assert_eq!(
        operations,
        doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|i| i.as_object().unwrap().len())
            .sum::<usize>()
    );
    assert!(operations >= 48, "{operations} operations");
    assert_eq!(calls, operations * roles.len());
}
