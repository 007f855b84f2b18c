//! The reports' hand-counted dataset: six people with known facts, steps, exits, assessments
//! and referrals, whose figures `reports.rs` checks.

use askel_tests::{Caller, TestApp, body, id_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) struct Orgs {
    pub(crate) socom: Uuid,
    pub(crate) laptuote: Uuid,
    pub(crate) ely: Uuid,
    pub(crate) eksote: Uuid,
}

/// One person: gender, birth date, status, unemployed since, education, a sensitive "yes".
type Person = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
);

/// Six people, entered 2025-02-01.
const PEOPLE: [Person; 6] = [
    (
        "female",
        "2005-01-01",
        "unemployed",
        Some("2024-01-01"),
        "isced_0_2",
        Some("foreign_background"),
    ),
    (
        "female",
        "1960-01-01",
        "inactive",
        None,
        "isced_3_4",
        Some("disability"),
    ),
    ("male", "2000-06-01", "employed", None, "isced_5_8", None),
    (
        "male",
        "1990-01-01",
        "unemployed",
        Some("2024-12-01"),
        "isced_0_2",
        Some("homeless"),
    ),
    (
        "non_binary",
        "2008-03-01",
        "in_education",
        None,
        "isced_0_2",
        None,
    ),
    (
        "female",
        "1985-05-05",
        "unemployed",
        Some("2023-01-01"),
        "isced_3_4",
        Some("third_country_national"),
    ),
];

/// The id of Kykyviisari, the work-ability instrument every project has from the start.
pub(crate) async fn kykyviisari(caller: &Caller<'_>) -> Value {
    let instruments = body(caller.get("/v1/instruments").await).await;
    instruments["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "kykyviisari")
        .unwrap()["id"]
        .clone()
}

/// The dataset in an ESF+ 2021–2027 project.
pub(crate) async fn dataset(app: &TestApp) -> (Uuid, Orgs, Vec<Uuid>) {
    dataset_in(app, "esf_plus_2021_2027").await
}

/// The six people in a project of `period` (`esf_2014_2020` or `esf_plus_2021_2027`); in a
/// 2014–2020 project the fifth is also "other disadvantaged". The first and the fourth have a
/// follow-up six months after leaving: employed, and in education.
pub(crate) async fn dataset_in(app: &TestApp, period: &str) -> (Uuid, Orgs, Vec<Uuid>) {
    let o = Orgs {
        socom: app.organisation("Socom Oy", "company").await,
        laptuote: app.organisation("Laptuote-säätiö sr", "foundation").await,
        ely: app.organisation("Hämeen ELY-keskus", "ely_centre").await,
        eksote: app
            .organisation("Eksote", "wellbeing_services_county")
            .await,
    };
    let r = app
        .admin()
        .post("/v1/projects", &json!({"code": "ESKO", "name": "Esko", "programme_period": period, "administrator_organisation_id": o.socom, "funder_organisation_id": o.ely}))
        .await;
    let project = id_of(&body(r).await);
    let manager = app.caller(&["manager"], Some(o.socom));
    for (org, role) in [
        (o.laptuote, "co_implementer"),
        (o.eksote, "steering_group_member"),
    ] {
        manager
            .post(
                &format!("/v1/projects/{project}/actors"),
                &json!({"organisation_id": org, "role": role}),
            )
            .await;
    }
    let worker = app.caller(&["worker"], Some(o.laptuote));
    let mut ids = Vec::new();
    for (i, (gender, birth, status, since, education, yes)) in PEOPLE.into_iter().enumerate() {
        let home_area = match i {
            0 | 3 | 4 => "rural_areas",
            2 => "cities",
            _ => "not_known",
        };
        let mut p = json!({"degree_of_urbanisation": home_area, "entry_date": "2025-02-01", "gender": gender, "birth_date": birth, "labour_market_status": status,
                           "unemployed_since": since, "education": education,
                           "consents": [{"kind": "share_with_county", "given": true, "date": "2025-02-01"}]});
        if let Some(field) = yes {
            p[field] = json!("yes");
        }
        if yes == Some("third_country_national") {
            p["minority"] = json!("yes");
        }
        if i == 4 && period == "esf_2014_2020" {
            p["other_disadvantaged"] = json!("yes");
        }
        let r = worker
            .post(&format!("/v1/projects/{project}/participants"), &p)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        ids.push(id_of(&body(r).await));
    }
    for (i, steps) in [
        (0, vec![1, 2]),
        (1, vec![1]),
        (2, vec![1, 2, 3]),
        (3, vec![1]),
    ] {
        for s in steps {
            worker
                .post(
                    &format!("/v1/participants/{}/steps", ids[i]),
                    &json!({"step": s, "entered_on": "2025-02-01"}),
                )
                .await;
        }
    }
    let kyky = kykyviisari(&worker).await;
    let scores = |work: i64, rest: i64| json!({"work_ability": work, "mental_wellbeing": rest, "social_inclusion": rest, "physical_functioning": rest, "skills": rest, "everyday_coping": rest});
    for (i, date, work, rest) in [
        (0, "2025-02-03", 4, 4),
        (0, "2025-05-30", 7, 4),
        (2, "2025-02-03", 5, 5),
        (2, "2025-05-30", 4, 5),
        (1, "2025-02-03", 9, 9),
    ] {
        let r = worker.post(&format!("/v1/participants/{}/assessments", ids[i]), &json!({"instrument_id": kyky, "phase": "interim", "date": date, "scores": scores(work, rest)})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    for (i, situation, qualification) in [
        (0, "open_market_employment", true),
        (3, "education_or_training", false),
        (5, "unemployed_job_seeker", false),
    ] {
        let exit = json!({"exit_date": "2025-06-01", "situation": situation, "qualification_gained": qualification});
        let r = worker
            .request(Method::PUT, &format!("/v1/participants/{}/exit", ids[i]))
            .json(&exit)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    for (i, situation) in [(0, "employed"), (3, "in_education")] {
        let r = worker
            .post(
                &format!("/v1/participants/{}/follow-ups", ids[i]),
                &json!({"situation": situation, "source": "register", "date": "2025-12-01"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = worker.post(&format!("/v1/participants/{}/referrals", ids[5]), &json!({"target_organisation_id": o.eksote, "service_kind": "debt_counselling", "reason": "Velat.", "send": true})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    (project, o, ids)
}
