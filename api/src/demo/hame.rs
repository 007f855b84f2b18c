//! The Häme programme, generated: the projects Hämeen ELY-keskus funded under "Työelämän
//! ulkopuolella olevien työ- ja toimintakyvyn parantaminen" and their participants, with the
//! distributions seed 002 reports (84 projects with Esko, 17,3 M€ ESF, about 6 200 participants,
//! about 60 % women, over a third under 25, a large share of foreign background). Synthetic
//! and labelled so; seeded, so every run gives the same figures.

use askel_domain::CodeList;
use askel_domain::{
    ActorRole, Cents, Consent, ConsentKind, Education, EntryFacts, EuraState, Exit, ExitSituation,
    Funding, Gender, LabourMarketStatus, Name, NewOrganisation, NewProject, OrganisationId,
    OrganisationKind, Participant, ParticipantFields, ParticipantId, PathState, ProgrammePeriod,
    ProjectActor, ProjectCode, ProjectDates, ProjectId, ProjectStatus, Rate, SensitiveAnswer,
    SensitiveFacts, Step, StepEntry, TargetAreas,
};
use askel_persistence::{LoadedParticipant, Tx};
use chrono::{Datelike, Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::seeds::HAME_PROJECTS;
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::services::{organisations, parties, projects};

/// Projects generated (the seven named in seed 002 and the rest); with Esko, 84.
const PROJECTS: usize = 83;
/// Participants across them.
const PARTICIPANTS: usize = 6_200;
/// ESF funding across them, in cents: 17,3 M€.
const ESF_CENTS: i64 = 1_730_000_000;

/// What was generated.
#[derive(Debug)]
pub struct Generated {
    /// Projects.
    pub projects: usize,
    /// Participants.
    pub participants: usize,
}

fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (value, weight) in weighted {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    weighted[0].0
}

fn day(rng: &mut StdRng, from: NaiveDate, span_days: u64) -> NaiveDate {
    from.checked_add_days(Days::new(rng.random_range(0..span_days.max(1))))
        .unwrap_or(from)
}

fn name(s: &str) -> Result<Name, ApiError> {
    Name::parse(s).map_err(ApiError::internal)
}

/// ESF amounts per project: varied, multiples of 4 cents (so 80 % gives whole cents), summing
/// to exactly 17,3 M€.
fn esf_amounts(rng: &mut StdRng) -> Vec<i64> {
    let base = ESF_CENTS / i64::try_from(PROJECTS).unwrap_or(1);
    let mut amounts: Vec<i64> = (0..PROJECTS - 1)
        .map(|_| (base * rng.random_range(70..130) / 100) / 4 * 4)
        .collect();
    let rest = ESF_CENTS - amounts.iter().sum::<i64>();
    amounts.push(rest);
    amounts
}

fn person(
    rng: &mut StdRng,
    project: ProjectId,
    owner: OrganisationId,
    start: NaiveDate,
) -> Result<LoadedParticipant, ApiError> {
    let id = ParticipantId::new();
    let entry = day(rng, start, 4 * 365);
    let gender = pick(
        rng,
        &[
            (Gender::Female, 60),
            (Gender::Male, 38),
            (Gender::NonBinary, 1),
            (Gender::NotStated, 1),
        ],
    );
    let age: i32 = if rng.random_range(0..100) < 36 {
        rng.random_range(16..25)
    } else {
        rng.random_range(25..64)
    };
    let birth = NaiveDate::from_ymd_opt(entry.year() - age, 1, 1)
        .unwrap_or(entry)
        .checked_sub_days(Days::new(rng.random_range(0..364)))
        .unwrap_or(entry);
    let status = pick(
        rng,
        &[
            (LabourMarketStatus::Unemployed, 55),
            (LabourMarketStatus::Inactive, 30),
            (LabourMarketStatus::InEducation, 5),
            (LabourMarketStatus::Employed, 7),
            (LabourMarketStatus::SelfEmployed, 3),
        ],
    );
    let unemployed_since = (status == LabourMarketStatus::Unemployed)
        .then(|| {
            entry
                .checked_sub_days(Days::new(rng.random_range(30..900)))
                .unwrap_or(entry)
        })
        .map(|d| d.max(birth));
    let yes_no = |rng: &mut StdRng, percent: u32| {
        if rng.random_range(0..100) < percent {
            SensitiveAnswer::Yes
        } else {
            SensitiveAnswer::No
        }
    };
    let foreign = yes_no(rng, 35);
    let sensitive = SensitiveFacts {
        disability: pick(
            rng,
            &[
                (SensitiveAnswer::Yes, 12),
                (SensitiveAnswer::No, 80),
                (SensitiveAnswer::PrefersNotToSay, 8),
            ],
        ),
        foreign_background: foreign,
        third_country_national: if foreign == SensitiveAnswer::Yes {
            yes_no(rng, 55)
        } else {
            SensitiveAnswer::No
        },
        minority: yes_no(rng, 5),
        homeless: yes_no(rng, 6),
    };
    let facts = EntryFacts {
        gender,
        birth_date: birth,
        labour_market_status: status,
        unemployed_since,
        education: pick(
            rng,
            &[
                (Education::Isced0To2, 45),
                (Education::Isced3To4, 40),
                (Education::Isced5To8, 15),
            ],
        ),
        sensitive,
    };
    let consents = [ConsentKind::DataProcessing, ConsentKind::ShareWithCounty]
        .into_iter()
        .map(|kind| Consent {
            kind,
            given: true,
            date: entry,
            recorded_by: "demo-generator".into(),
        })
        .collect();
    let reached = pick(rng, &[(1u8, 20), (2, 25), (3, 25), (4, 20), (5, 10)]);
    let mut date = entry;
    let mut steps = Vec::new();
    for step in Step::all().iter().take(usize::from(reached)) {
        steps.push(StepEntry {
            id: uuid::Uuid::now_v7(),
            participant_id: id,
            episode: 1,
            step: *step,
            entered_on: date,
            reason: None,
            note: None,
            recorded_by: "demo-generator".into(),
            recorded_at: now(),
        });
        date = day(rng, date, 60);
    }
    let last = steps.last().map_or(entry, |s| s.entered_on);
    let exit = (rng.random_range(0..100) < 60).then(|| Exit {
        date: day(rng, last, 270)
            .min(NaiveDate::from_ymd_opt(2021, 3, 31).unwrap_or(last))
            .max(last),
        situation: pick(
            rng,
            &[
                (ExitSituation::UnemployedJobSeeker, 30),
                (ExitSituation::EducationOrTraining, 18),
                (ExitSituation::OpenMarketEmployment, 12),
                (ExitSituation::PaySubsidisedEmployment, 10),
                (ExitSituation::WorkTrial, 8),
                (ExitSituation::Rehabilitation, 7),
                (ExitSituation::SocialRehabilitation, 5),
                (ExitSituation::Apprenticeship, 3),
                (ExitSituation::SelfEmployment, 2),
                (ExitSituation::NoneOfThese, 5),
            ],
        ),
        qualification_gained: rng.random_range(0..100) < 25,
        follow_on_plan: None,
    });
    let at = now();
    Ok(LoadedParticipant {
        participant: Participant {
            id,
            project_id: project,
            owner_id: owner,
            fields: ParticipantFields {
                external_ref: None,
                entry_date: entry,
                home_municipality: None,
                facts,
                eura: pick(
                    rng,
                    &[
                        (EuraState::Accepted, 70),
                        (EuraState::Submitted, 20),
                        (EuraState::NotSubmitted, 10),
                    ],
                ),
                consents,
                notes: None,
            },
            has_identity_code: false,
            anonymised: false,
            version: 1,
            created_at: at,
            updated_at: at,
        },
        state: PathState {
            episode: 1,
            current_step: steps.last().map(|s| (s.step, s.entered_on)),
            exited: exit.is_some(),
        },
        steps,
        exit,
    })
}

/// Kykyviisari at entry and, for those who left, at exit for one in five; a referral to the
/// county for half of those who reached service guidance, answered as counties do.
async fn assess_and_refer(
    tx: &Tx,
    rng: &mut StdRng,
    p: &LoadedParticipant,
    instrument: &askel_domain::Instrument,
    county: OrganisationId,
) -> Result<(), ApiError> {
    let person = &p.participant;
    if rng.random_range(0..100) < 20 {
        let entry_level: i32 = rng.random_range(2..7);
        let mut visits = vec![(
            askel_domain::AssessmentPhase::Entry,
            person.fields.entry_date,
            entry_level,
        )];
        if let Some(exit) = &p.exit {
            visits.push((
                askel_domain::AssessmentPhase::Exit,
                exit.date,
                (entry_level + rng.random_range(-1..4)).clamp(0, 10),
            ));
        }
        for (phase, date, level) in visits {
            let scores = instrument
                .dimensions
                .iter()
                .flat_map(|d| &d.items)
                .map(|item| {
                    (
                        item.code.clone(),
                        (level + rng.random_range(-1..2)).clamp(item.scale.min, item.scale.max),
                    )
                })
                .collect();
            let assessment = askel_domain::Assessment {
                id: uuid::Uuid::now_v7(),
                participant_id: person.id,
                instrument_id: instrument.id,
                phase,
                date,
                scores,
                recorded_by: "demo-generator".into(),
                recorded_at: now(),
            };
            tx.insert_assessment(
                &assessment,
                &instrument.dimension_scores(&assessment.scores),
            )
            .await?;
        }
    }
    let reached_guidance = p.steps.iter().any(|s| s.step == Step::ServiceGuidance);
    if reached_guidance && rng.random_range(0..100) < 50 {
        use askel_domain::ReferralStatus::{Accepted, Completed, Declined, Draft, Received, Sent};
        let path: &[askel_domain::ReferralStatus] = pick(
            rng,
            &[
                (&[Draft, Sent, Received, Accepted, Completed][..], 50),
                (&[Draft, Sent, Received, Declined][..], 20),
                (&[Draft, Sent, Received, Accepted][..], 30),
            ],
        );
        let status = *path.last().unwrap_or(&Sent);
        let at = now();
        let referral = askel_domain::Referral {
            id: uuid::Uuid::now_v7(),
            project_id: person.project_id,
            participant_id: person.id,
            sender_id: person.owner_id,
            target_id: county,
            service_kind: pick(
                rng,
                &[
                    (askel_domain::ServiceKind::WorkTrial, 25),
                    (askel_domain::ServiceKind::SocialRehabilitation, 20),
                    (askel_domain::ServiceKind::MentalHealthServices, 15),
                    (askel_domain::ServiceKind::PaySubsidisedEmployment, 15),
                    (askel_domain::ServiceKind::Education, 10),
                    (askel_domain::ServiceKind::DebtCounselling, 10),
                    (askel_domain::ServiceKind::HousingServices, 5),
                ],
            ),
            reason: askel_domain::Description::parse("Synteettinen demo-ohjaus.")
                .map_err(ApiError::internal)?,
            shared: askel_domain::SharedDetails {
                birth_date: Some(person.fields.facts.birth_date),
                ..Default::default()
            },
            status,
            decline: (status == Declined)
                .then_some((askel_domain::DeclineReason::NoCapacity, None)),
            outcome: None,
            version: i32::try_from(path.len()).unwrap_or(1),
            created_at: at,
            updated_at: at,
        };
        tx.insert_referral(&referral, None).await?;
        let mut from = None;
        for to in path {
            let actor = if matches!(to, Draft | Sent) {
                person.owner_id
            } else {
                county
            };
            let t = askel_domain::Transition {
                from,
                to: *to,
                at,
                client: "demo-generator".into(),
                organisation_id: Some(actor),
                acting_for: None,
            };
            tx.insert_transition(referral.id, &t).await?;
            from = Some(*to);
        }
    }
    Ok(())
}

/// Generates the programme in `tx`, funded by `funder`, with `county` as every project's partner.
pub async fn generate(
    tx: &Tx,
    admin: &Principal,
    funder: OrganisationId,
    county: OrganisationId,
) -> Result<Generated, ApiError> {
    let mut rng = StdRng::seed_from_u64(0x4841_4d45); // "HAME"
    let esf = esf_amounts(&mut rng);
    let per_project = PARTICIPANTS / PROJECTS;
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
    let kykyviisari = tx
        .instruments()
        .await?
        .into_iter()
        .find(|i| i.code == "kykyviisari")
        .ok_or_else(|| ApiError::internal("the Kykyviisari reference instrument is missing"))?;
    let mut total = 0;
    for (i, esf_cents) in esf.iter().enumerate() {
        let n = i + 1;
        let (code, project_name) = HAME_PROJECTS.get(i).map_or_else(
            || {
                (
                    format!("HAME-{n:02}"),
                    format!("Hämeen ESR-hanke {n:02} (synteettinen)"),
                )
            },
            |(c, p)| ((*c).to_owned(), (*p).to_owned()),
        );
        let org = OrganisationId::new();
        let fields = NewOrganisation {
            name: name(&format!("Hämeen demoyhdistys {n:02} ry (synteettinen)"))?,
            kind: OrganisationKind::Association,
            business_id: None,
            home_municipality: None,
        };
        organisations::create(tx, admin, org, fields).await?;
        let cents = |c| Cents::new(c).map_err(ApiError::internal);
        let total_cost = esf_cents / 4 * 5;
        let funding = Funding::new(
            cents(total_cost)?,
            Rate::from_percent(80.0).map_err(ApiError::internal)?,
            cents(*esf_cents)?,
            cents(total_cost - esf_cents)?,
            vec![],
        )
        .map_err(ApiError::internal)?;
        let project = ProjectId::new();
        let fields = NewProject {
            code: ProjectCode::parse(&code).map_err(ApiError::internal)?,
            name: name(&project_name)?,
            description: Some(
                askel_domain::Description::parse("Synteettinen demohanke seed 002:n jakaumin.")
                    .map_err(ApiError::internal)?,
            ),
            programme_period: ProgrammePeriod::Esf2014To2020,
            priority_axis: Some(name("5 Sosiaalinen osallisuus ja köyhyyden torjunta")?),
            specific_objective: Some(name(
                "Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen",
            )?),
            administrator_id: org,
            funder_id: Some(funder),
            dates: ProjectDates::new(Some(start), NaiveDate::from_ymd_opt(2021, 3, 31))
                .map_err(ApiError::internal)?,
            status: ProjectStatus::Closed,
            target_areas: TargetAreas {
                municipalities: vec![],
                districts: vec![name("Häme")?],
            },
            target_groups: vec![name("työelämän ulkopuolella olevat")?],
            funding: Some(funding),
        };
        projects::create(tx, admin, project, fields).await?;
        parties::add_actor(
            tx,
            admin,
            ProjectActor {
                project_id: project,
                organisation_id: county,
                role: ActorRole::CooperationPartner,
            },
        )
        .await?;
        let count = if n == PROJECTS {
            PARTICIPANTS - total
        } else {
            per_project
        };
        let people = (0..count)
            .map(|_| person(&mut rng, project, org, start))
            .collect::<Result<Vec<_>, _>>()?;
        tx.load_participants(&people).await?;
        for p in &people {
            assess_and_refer(tx, &mut rng, p, &kykyviisari, county).await?;
        }
        total += count;
    }
    Ok(Generated {
        projects: PROJECTS,
        participants: total,
    })
}
