//! Esko's own participants, so that every printed token has something to do: Laptuote-säätiö's
//! and Saimaan Virta's participants on every step, with goals, assessments, a group each with
//! attendance, exits, and referrals to Eksote in every state. Synthetic, seeded, labelled so.

use askel_domain::ReferralStatus::{
    Accepted, Cancelled, Completed, Declined, Draft, Received, Sent,
};
use askel_domain::{
    Activity, ActivityKind, AttendanceStatus, Goal, GoalStatus, GoalText, Name, OrganisationId,
    ProjectId, Step,
};
use askel_persistence::Tx;
use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::hame::people::{assess_and_refer, person, refer};
use crate::clock::now;
use crate::error::ApiError;

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
    let start = NaiveDate::from_ymd_opt(2018, 1, 15).unwrap_or_default();
    let people = (0..2 * PER_PARTNER)
        .map(|i| person(&mut rng, esko, partners[i % 2], start, 500))
        .collect::<Result<Vec<_>, _>>()?;
    tx.participants().load_participants(&people).await?;
    let kykyviisari = tx
        .assessments()
        .instruments()
        .await?
        .into_iter()
        .find(|i| i.code == "kykyviisari")
        .ok_or_else(|| ApiError::internal("the Kykyviisari reference instrument is missing"))?;
    let at = now();
    for p in &people {
        let step = p.state.current_step.map_or(Step::Outreach, |(s, _)| s);
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
    Ok(people.len())
}
