//! The generated programme's people: participants with the distributions of seed 002, their
//! steps and exits, and for some of them assessments and a referral to the county.

use askel_domain::CodeList;
use askel_domain::{
    Consent, ConsentKind, Education, EntryFacts, EuraState, Exit, ExitSituation, Gender,
    LabourMarketStatus, OrganisationId, Participant, ParticipantFields, ParticipantId, ProjectId,
    SensitiveAnswer, SensitiveFacts, Step, StepEntry, Urbanisation,
};
use askel_persistence::{LoadedParticipant, Tx};
use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;

use crate::clock::now;
use crate::error::ApiError;

pub(crate) fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
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

pub(crate) fn day(rng: &mut StdRng, from: NaiveDate, span_days: u64) -> NaiveDate {
    from.checked_add_days(Days::new(rng.random_range(0..span_days.max(1))))
        .unwrap_or(from)
}

pub(crate) fn person(
    rng: &mut StdRng,
    project: ProjectId,
    owner: OrganisationId,
    start: NaiveDate,
    span_days: u64,
) -> Result<LoadedParticipant, ApiError> {
    let id = ParticipantId::new();
    let entry = day(rng, start, span_days);
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
        other_disadvantaged: SensitiveAnswer::NotAsked,
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
        // Häme has two cities (Hämeenlinna, Lahti), several towns and a wide countryside.
        urbanisation: pick(
            rng,
            &[
                (Urbanisation::Cities, 45),
                (Urbanisation::TownsAndSuburbs, 25),
                (Urbanisation::RuralAreas, 25),
                (Urbanisation::NotKnown, 5),
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
    let exit = (rng.random_range(0..100) < 60).then(|| {
        let date = day(rng, last, 270)
            .min(NaiveDate::from_ymd_opt(2021, 3, 31).unwrap_or(last))
            .max(last);
        Exit {
            date,
            situation_on: date,
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
        }
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
        steps,
        exit,
        record_key: rng.random(),
    })
}

/// The reference instrument the demo assesses with (Kykyviisari, added by a migration).
pub(crate) async fn kykyviisari(tx: &Tx) -> Result<askel_domain::Instrument, ApiError> {
    tx.assessments()
        .instruments()
        .await?
        .into_iter()
        .find(|i| i.code == "kykyviisari")
        .ok_or_else(|| ApiError::internal("the Kykyviisari reference instrument is missing"))
}

/// Kykyviisari at entry and, for those who left, at exit for one in five; a referral to the
/// county for half of those who reached service guidance, answered as counties do.
pub(crate) async fn assess_and_refer(
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
            tx.assessments()
                .insert_assessment(&assessment, instrument)
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
        refer(tx, rng, person, county, path).await?;
    }
    Ok(())
}

/// A referral of `person` to `county` that went along `path` (each move by its side).
pub(crate) async fn refer(
    tx: &Tx,
    rng: &mut StdRng,
    person: &askel_domain::Participant,
    county: OrganisationId,
    path: &[askel_domain::ReferralStatus],
) -> Result<(), ApiError> {
    use askel_domain::ReferralStatus::{Declined, Draft, Sent};
    {
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
        tx.referrals()
            .insert_referral(&referral, None, None)
            .await?;
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
            tx.referrals().insert_transition(referral.id, &t).await?;
            from = Some(*to);
        }
    }
    Ok(())
}
