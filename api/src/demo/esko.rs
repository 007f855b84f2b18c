//! Esko's own participants, so that every printed token has something to do: Laptuote-säätiö's
//! and Saimaan Virta's young men, who reached every step and left by the project's end, with
//! goals, assessments, a group each with attendance, follow-ups six months later, referrals to
//! Eksote in every state, and their history in the change feed. Synthetic, seeded, labelled so.

use askel_domain::ReferralStatus::{
    Accepted, Cancelled, Completed, Declined, Draft, Received, Sent,
};
use askel_domain::{
    Activity, ActivityKind, AttendanceStatus, EventType, Exit, ExitSituation, Gender, Goal,
    GoalStatus, GoalText, Name, OrganisationId, ParticipantId, ProjectId, Step,
};
use askel_persistence::{LoadedParticipant, Tx};
use chrono::{Days, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::hame::follow_ups::follow_up;
use super::hame::people::{assess_and_refer, day, kykyviisari, person, pick, refer};
use crate::clock::now;
use crate::error::ApiError;
use crate::events::{self, ForTarget};

/// Participants generated for each partner.
const PER_PARTNER: usize = 12;

/// What a goal says at each step.
fn goal_for(step: Step) -> &'static str {
    match step {
        Step::Outreach => "Tutustuu toimintaan ja sopii seuraavan tapaamisen.",
        Step::LifeManagement => "Arjen rytmi: herää arkiaamuisin ja käy ryhmässä kerran viikossa.",
        Step::ResourcesAndGoals => "Kartoittaa omat vahvuudet ja tekee oman suunnitelman.",
        Step::ServiceGuidance => "Hakeutuu työkokeiluun tai koulutukseen.",
        Step::CooperationNetwork => "Yhteinen suunnitelma palveluverkoston kanssa.",
    }
}

/// Generates Esko's participants for `partners`, with referrals to `county`; how many.
pub(super) async fn generate(
    tx: &Tx,
    esko: ProjectId,
    partners: [OrganisationId; 2],
    county: OrganisationId,
) -> Result<usize, ApiError> {
    let mut rng = StdRng::seed_from_u64(0x4553_4b4f); // "ESKO"
    let mut shape = StdRng::seed_from_u64(0x594f_554e); // "YOUN"
    let start = NaiveDate::from_ymd_opt(2018, 1, 15).unwrap_or_default();
    let people = (0..2 * PER_PARTNER)
        .map(|i| {
            person(&mut rng, esko, partners[i % 2], start, 400)
                .map(|p| young_man_who_left(&mut shape, p, i))
        })
        .collect::<Result<Vec<_>, _>>()?;
    tx.participants().load_participants(&people).await?;
    for p in &people {
        if let Some(f) = follow_up(&mut shape, p) {
            tx.path().insert_follow_up(&f).await?;
        }
    }
    let kykyviisari = kykyviisari(tx).await?;
    let at = now();
    for p in &people {
        let step = p.steps.last().map_or(Step::Outreach, |s| s.step);
        let goal = Goal {
            id: uuid::Uuid::now_v7(),
            participant_id: p.participant.id,
            text: GoalText::parse(goal_for(step)).map_err(ApiError::internal)?,
            step,
            target_date: p
                .participant
                .fields
                .entry_date
                .checked_add_days(chrono::Days::new(120)),
            status: if p.exit.is_some() {
                GoalStatus::Achieved
            } else {
                GoalStatus::Open
            },
            version: 1,
            created_at: at,
            updated_at: at,
        };
        tx.goals().insert_goal(&goal).await?;
        assess_and_refer(tx, &mut rng, p, &kykyviisari, county).await?;
    }
    // One referral to the county in every state, from both partners.
    let paths: [&[askel_domain::ReferralStatus]; 7] = [
        &[Draft],
        &[Draft, Sent],
        &[Draft, Sent, Received],
        &[Draft, Sent, Received, Accepted],
        &[Draft, Sent, Received, Declined],
        &[Draft, Sent, Received, Accepted, Completed],
        &[Draft, Sent, Cancelled],
    ];
    for (p, path) in people.iter().zip(paths) {
        refer(tx, &mut rng, &p.participant, county, path).await?;
    }
    // A peer group at each partner, attended by its participants.
    for (n, partner) in partners.iter().enumerate() {
        let activity = Activity {
            id: uuid::Uuid::now_v7(),
            project_id: esko,
            kind: ActivityKind::PeerSupportGroup,
            title: Name::parse(if n == 0 {
                "Miesten vertaisryhmä (Laptuote)"
            } else {
                "Liikuntaryhmä (Saimaan Virta)"
            })
            .map_err(ApiError::internal)?,
            step: Some(Step::LifeManagement),
            date: NaiveDate::from_ymd_opt(2018, 9, 12).unwrap_or(start),
            duration_minutes: 90,
            organiser_id: *partner,
            created_at: at,
            updated_at: at,
        };
        tx.activities().insert_activity(&activity).await?;
        let marks: Vec<_> = people
            .iter()
            .filter(|p| p.participant.owner_id == *partner)
            .map(|p| (p.participant.id, AttendanceStatus::Present))
            .collect();
        tx.activities()
            .set_attendance(activity.id, &marks, "demo-generator", at)
            .await?;
    }
    history(tx, &people).await?;
    Ok(people.len())
}

/// The day Esko closed: every participant had left by then.
fn esko_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 12, 31).unwrap_or_default()
}

/// Esko's target group as its seed text names it: young men (18–29) in South Karelia at risk
/// of exclusion; all of them left by the end of 2019, when the project closed. The `i`th
/// participant's id is fixed (`demo_id(200 + i)`), so the contract's examples can name one.
fn young_man_who_left(rng: &mut StdRng, mut p: LoadedParticipant, i: usize) -> LoadedParticipant {
    let id = ParticipantId::from_uuid(super::demo_id(200 + u8::try_from(i).unwrap_or(0)));
    p.participant.id = id;
    for s in &mut p.steps {
        s.participant_id = id;
    }
    let facts = &mut p.participant.fields.facts;
    let entry = p.participant.fields.entry_date;
    facts.gender = Gender::Male;
    // Born up to a year before turning `age` on the entry date: `age` at entry.
    let age: u32 = rng.random_range(18..30);
    facts.birth_date = entry
        .checked_sub_months(Months::new(12 * age))
        .and_then(|d| d.checked_sub_days(Days::new(rng.random_range(0..364))))
        .unwrap_or(facts.birth_date);
    facts.unemployed_since = facts.unemployed_since.map(|d| d.max(facts.birth_date));
    let last = p.steps.last().map_or(entry, |s| s.entered_on);
    let exit = p.exit.take().unwrap_or_else(|| Exit {
        date: day(rng, last, 240),
        situation_on: last,
        situation: pick(
            rng,
            &[
                (ExitSituation::UnemployedJobSeeker, 35),
                (ExitSituation::EducationOrTraining, 20),
                (ExitSituation::WorkTrial, 15),
                (ExitSituation::Rehabilitation, 10),
                (ExitSituation::PaySubsidisedEmployment, 10),
                (ExitSituation::OpenMarketEmployment, 10),
            ],
        ),
        qualification_gained: false,
        follow_on_plan: None,
    });
    let date = exit.date.min(esko_end()).max(last);
    p.exit = Some(Exit {
        date,
        situation_on: date,
        ..exit
    });
    p
}

/// Esko's history in the change feed, as the services record it: each participant's
/// registration, steps, exit and follow-up, goals, and each referral's creation and last move,
/// for the organisations that may read them.
async fn history(tx: &Tx, people: &[LoadedParticipant]) -> Result<(), ApiError> {
    for p in people {
        let person = &p.participant;
        events::participant(tx, person, EventType::ParticipantRegistered, &[]).await?;
        for _ in &p.steps {
            events::participant(tx, person, EventType::StepEntered, &[]).await?;
        }
        events::participant(tx, person, EventType::ParticipantExited, &[]).await?;
        for goal in tx.goals().goals(person.id).await? {
            events::part_of(tx, person, EventType::GoalCreated, goal.id).await?;
        }
        for f in tx.path().follow_ups(person.id).await? {
            events::part_of(tx, person, EventType::FollowUpRecorded, f.id).await?;
        }
        for r in tx.referrals().referrals_of(person.id).await? {
            let (created, moved) = match r.status {
                Draft => (ForTarget::Nothing, None),
                Sent => (ForTarget::Received, None),
                _ => (ForTarget::Received, Some(ForTarget::Same)),
            };
            events::referral(tx, &r, EventType::ReferralCreated, created).await?;
            if let Some(for_target) = moved {
                events::referral(tx, &r, EventType::ReferralStatusChanged, for_target).await?;
            }
        }
    }
    Ok(())
}
