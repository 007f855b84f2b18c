//! The demo's follow-ups six months after leaving, for the Häme programme and Esko alike.

use askel_domain::{
    ExitSituation, FollowUp, FollowUpSituation, FollowUpSource, LabourMarketStatus,
};
use askel_persistence::{LoadedParticipant, StoredFollowUp};
use rand::Rng;
use rand::rngs::StdRng;

use super::people::{day, pick};
use crate::clock::now;

/// A follow-up six months after leaving for three leavers in four (the others could not be
/// reached), from the employment register for most and by contact for the rest; none dated
/// after today. The situation follows the one at exit, as it mostly does.
pub(crate) fn follow_up(rng: &mut StdRng, p: &LoadedParticipant) -> Option<StoredFollowUp> {
    use FollowUpSituation::{
        Employed, InEducation, Inactive, NotKnown, SelfEmployed, UnemployedJobSeeker,
    };
    let exit = p.exit.as_ref()?;
    if rng.random_range(0..100) >= 75 {
        return None;
    }
    let due = exit.date.checked_add_months(chrono::Months::new(6))?;
    let date = day(rng, due, 14);
    if date > now().date_naive() {
        return None;
    }
    let situation = match exit.situation {
        ExitSituation::OpenMarketEmployment
        | ExitSituation::PaySubsidisedEmployment
        | ExitSituation::Apprenticeship => pick(rng, &[(Employed, 80), (UnemployedJobSeeker, 20)]),
        ExitSituation::SelfEmployment => SelfEmployed,
        ExitSituation::EducationOrTraining => pick(
            rng,
            &[(InEducation, 75), (UnemployedJobSeeker, 20), (Employed, 5)],
        ),
        _ => pick(
            rng,
            &[
                (UnemployedJobSeeker, 50),
                (Inactive, 20),
                (Employed, 15),
                (InEducation, 10),
                (NotKnown, 5),
            ],
        ),
    };
    let employed_at_entry = matches!(
        p.participant.fields.facts.labour_market_status,
        LabourMarketStatus::Employed | LabourMarketStatus::SelfEmployed
    );
    Some(StoredFollowUp {
        id: uuid::Uuid::now_v7(),
        participant_id: p.participant.id,
        episode: 1,
        follow_up: FollowUp {
            situation,
            improved_situation: employed_at_entry
                && situation == Employed
                && rng.random_range(0..100) < 30,
            source: pick(
                rng,
                &[
                    (FollowUpSource::Register, 70),
                    (FollowUpSource::Contact, 30),
                ],
            ),
            date,
        },
        recorded_by: "demo-generator".into(),
        recorded_at: now(),
    })
}
