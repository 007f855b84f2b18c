//! Kept report parts give the figures a scan gives. A random dataset grows through the API in
//! rounds of random writes of every kind that changes figures (registrations, steps, exits,
//! follow-ups, referrals and the county's answers, assessments, attendance) across three
//! projects of one funder; after each round the funder's and the administrator's reports are
//! read from this server, which keeps parts, and from a second server on the same database
//! that counts everything again (`ASKEL_REPORT_CACHE=off`): they must be identical, warm or
//! stale.

use askel_tests::{TestApp, body, id_of, on_both_databases};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_databases!(kept_parts_give_the_figures_a_scan_gives);

/// Where two answers first differ: a JSON path and both values, or `None` when they agree.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .keys()
            .chain(y.keys())
            .find_map(|k| difference(&x[k], &y[k], &format!("{at}.{k}")))
            .or_else(|| (x.len() != y.len()).then(|| format!("{at}: fields differ"))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, &format!("{at}[{i}]"))),
        _ => (a != b).then(|| format!("{at}: kept {a}, scanned {b}")),
    }
}

/// A small xorshift generator: the seed is printed with any difference, to replay it.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn date(&mut self, year: i32) -> String {
        format!("{year}-{:02}-{:02}", 1 + self.below(12), 1 + self.below(28))
    }
}

async fn kept_parts_give_the_figures_a_scan_gives(app: TestApp) {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut dice = Dice(seed);
    let socom = app.organisation("Socom Oy", "company").await;
    let laptuote = app.organisation("Laptuote-säätiö sr", "foundation").await;
    let ely = app.organisation("Hämeen ELY-keskus", "ely_centre").await;
    let county = app
        .organisation("Eksote", "wellbeing_services_county")
        .await;
    let manager = app.caller(&["manager"], Some(socom));
    let worker = app.caller(&["worker"], Some(laptuote));
    let handler = app.caller(&["referral_handler"], Some(county));
    let mut projects = Vec::new();
    for (code, period) in [
        ("ESKO", "esf_plus_2021_2027"),
        ("OSAT", "esf_plus_2021_2027"),
        ("VANHA", "esf_2014_2020"),
    ] {
        let r = app.admin().post("/v1/projects", &json!({"code": code, "name": code, "programme_period": period, "administrator_organisation_id": socom, "funder_organisation_id": ely})).await;
        let project = id_of(&body(r).await);
        for (org, role) in [
            (laptuote, "co_implementer"),
            (county, "steering_group_member"),
        ] {
            manager
                .post(
                    &format!("/v1/projects/{project}/actors"),
                    &json!({"organisation_id": org, "role": role}),
                )
                .await;
        }
        projects.push(project);
    }
    let kyky = crate::reports_dataset::kykyviisari(&worker).await;

    let (scan_base, scan_server) = app
        .another_instance_with(&[("ASKEL_REPORT_CACHE", "off")])
        .await;
    let http = reqwest::Client::new();
    let reporter = app.sign(&app.claims(&["reporter"], Some(ely)));
    let administrator = app.sign(&app.claims(&["manager"], Some(socom)));
    let read = async |base: &str, path: &str, token: &str| -> Value {
        let r = http
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    };
    let periods = [
        "",
        "?from=2025-01-01&to=2025-12-31",
        "?from=2025-04-01&to=2025-06-30",
        "?from=2025-03-01&to=2025-03-31",
    ];

    let mut people: Vec<(Uuid, Uuid)> = Vec::new();
    for round in 0..10 {
        for _ in 0..1 + dice.below(6) {
            // Registrations first, until there are five people (a seed that drew few
            // registrations left the dataset too small to say anything).
            let write = if people.len() < 5 { 0 } else { dice.below(8) };
            if write == 0 || write == 7 {
                let project = *dice.pick(&projects);
                let gender = *dice.pick(&["female", "male", "non_binary", "not_stated"]);
                let status = *dice.pick(&["unemployed", "inactive", "employed", "in_education"]);
                let education = *dice.pick(&["isced_0", "isced_0_2", "isced_3_4", "isced_5_8"]);
                let born = 1960 + i32::try_from(dice.below(50)).unwrap();
                let mut p = json!({"entry_date": dice.date(2025), "gender": gender,
                    "birth_date": dice.date(born),
                    "labour_market_status": status, "education": education,
                    "degree_of_urbanisation": *dice.pick(&["cities", "rural_areas", "not_known"]),
                    "consents": [{"kind": "share_with_county", "given": true, "date": "2025-01-01"}]});
                if status == "unemployed" && dice.below(2) == 0 {
                    p["unemployed_since"] = json!("2024-01-01");
                }
                for sensitive in ["disability", "homeless", "foreign_background"] {
                    if dice.below(4) == 0 {
                        p[sensitive] = json!("yes");
                    }
                }
                let r = worker
                    .post(&format!("/v1/projects/{project}/participants"), &p)
                    .await;
                if r.status() == StatusCode::CREATED {
                    people.push((id_of(&body(r).await), project));
                }
                continue;
            }
            let (person, project) = *dice.pick(&people);
            let me = format!("/v1/participants/{person}");
            match write {
                1 | 2 => {
                    let step = 1 + dice.below(5);
                    worker
                        .post(
                            &format!("{me}/steps"),
                            &json!({"step": step, "entered_on": dice.date(2025)}),
                        )
                        .await;
                }
                3 => {
                    let exit = json!({"exit_date": dice.date(2025), "situation": *dice.pick(&["open_market_employment", "education_or_training", "unemployed_job_seeker", "inactive"]), "qualification_gained": dice.below(2) == 0});
                    worker
                        .request(Method::PUT, &format!("{me}/exit"))
                        .json(&exit)
                        .send()
                        .await
                        .unwrap();
                    worker
                        .post(
                            &format!("{me}/follow-ups"),
                            &json!({"situation": *dice.pick(&["employed", "in_education", "unemployed"]), "source": "register", "date": dice.date(2026)}),
                        )
                        .await;
                }
                4 => {
                    let r = worker.post(&format!("{me}/referrals"), &json!({"target_organisation_id": county, "service_kind": *dice.pick(&["debt_counselling", "mental_health_services"]), "reason": "Tarve.", "send": true})).await;
                    if r.status() == StatusCode::CREATED {
                        let referral = id_of(&body(r).await);
                        for to in ["received", *dice.pick(&["accepted", "declined"])] {
                            let mut t = json!({"to": to});
                            if to == "declined" {
                                t["decline_reason"] = json!("not_eligible");
                            }
                            handler
                                .post(&format!("/v1/referrals/{referral}/transitions"), &t)
                                .await;
                        }
                    }
                }
                5 => {
                    let score = |n: usize| i64::try_from(1 + n).unwrap();
                    let scores = json!({"work_ability": score(dice.below(10)), "mental_wellbeing": score(dice.below(10)), "social_inclusion": 5, "physical_functioning": 5, "skills": 5, "everyday_coping": 5});
                    worker.post(&format!("{me}/assessments"), &json!({"instrument_id": kyky, "phase": "interim", "date": dice.date(2025), "scores": scores})).await;
                }
                _ => {
                    let r = worker.post(&format!("/v1/projects/{project}/activities"), &json!({"kind": "peer_support_group", "title": "Ryhmä", "date": dice.date(2025), "duration_minutes": 30 + 30 * dice.below(4)})).await;
                    if r.status() == StatusCode::CREATED {
                        let activity = id_of(&body(r).await);
                        worker
                            .request(Method::PUT, &format!("/v1/activities/{activity}/attendance"))
                            .json(&json!({"attendance": [{"participant_id": person, "status": "present"}]}))
                            .send()
                            .await
                            .unwrap();
                    }
                }
            }
        }
        for period in periods {
            let funder = format!("/v1/funders/{ely}/reports/indicators{period}");
            let scanned = read(&scan_base, &funder, &reporter).await;
            // Twice: the first may count stale projects again, the second reads kept parts.
            for _ in 0..2 {
                let kept = read(&app.base, &funder, &reporter).await;
                if let Some(d) = difference(&kept, &scanned, "") {
                    panic!(
                        "the funder's report, round {round}, period {period:?}, seed {seed}: {d}"
                    );
                }
            }
            let project = *dice.pick(&projects);
            let exact = format!("/v1/projects/{project}/reports/indicators{period}");
            let scanned = read(&scan_base, &exact, &administrator).await;
            let kept = read(&app.base, &exact, &administrator).await;
            if let Some(d) = difference(&kept, &scanned, "") {
                panic!(
                    "the administrator's report, round {round}, period {period:?}, seed {seed}: {d}"
                );
            }
        }
    }
    assert!(people.len() >= 5, "the dataset grew: {}", people.len());
    scan_server.abort();
}
