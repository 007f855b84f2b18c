//! The individual plan: goals and assessments; and the instruments assessments use.

use askel_domain::{
    Action, Assessment, AssessmentInput, AuditAction, EventType, FieldFault, Goal, GoalChanges,
    GoalInput, Instrument, Page, PageRequest, ParticipantId, Relation,
};
use askel_persistence::StoreError;

use super::participant_access::{for_update, load_for, read_part};
use super::participants::recorded_by;

use crate::audit;
use crate::clock::now;
use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::transaction::Work;

/// Sets a goal in a participant's plan.
pub async fn add_goal(
    work: &Work<'_>,
    id: ParticipantId,
    input: GoalInput,
) -> Result<Goal, ApiError> {
    let current = for_update(work, id).await?;
    let at = now();
    let goal = Goal {
        id: uuid::Uuid::now_v7(),
        participant_id: id,
        text: input.text,
        step: input.step,
        target_date: input.target_date,
        status: input.status,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    work.goals().insert_goal(&goal).await?;
    audit::record_allowed(work, AuditAction::Create, "goal", goal.id, id).await?;
    crate::events::part_of(work, &current.participant, EventType::GoalCreated, goal.id).await?;
    Ok(goal)
}

/// A page of a participant's goals.
pub async fn goals(
    work: &Work<'_>,
    id: ParticipantId,
    page: &PageRequest,
) -> Result<Page<Goal>, ApiError> {
    read_part(work, id, "goals").await?;
    Ok(work.goals().goals_page(id, page).await?)
}

/// Changes a goal; with `if_match`, only if it is still at that version.
pub async fn update_goal(
    work: &Work<'_>,
    goal_id: uuid::Uuid,
    changes: GoalChanges,
    if_match: Option<i32>,
) -> Result<Goal, ApiError> {
    let goal = work.goals().goal(goal_id).await.or_not_found("goal")?;
    // A goal is as visible as its participant: someone who may not read them gets 404 too.
    let current = load_for(
        work,
        goal.participant_id,
        Action::UpdateParticipant,
        AuditAction::Update,
    )
    .await
    .map_err(|e| {
        if matches!(e, ApiError::NotFound(_)) {
            ApiError::NotFound("goal")
        } else {
            e
        }
    })?;
    if if_match.is_some_and(|v| v != goal.version) {
        return Err(ApiError::PreconditionFailed);
    }
    let updated = Goal {
        version: goal.version + 1,
        updated_at: now(),
        ..goal.apply(changes)
    };
    if !work.goals().update_goal(&updated, goal.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record_allowed(
        work,
        AuditAction::Update,
        "goal",
        goal_id,
        goal.participant_id,
    )
    .await?;
    crate::events::part_of(
        work,
        &current.participant,
        EventType::GoalUpdated,
        updated.id,
    )
    .await?;
    Ok(updated)
}

/// Every instrument version.
pub async fn instruments(work: &Work<'_>) -> Result<Vec<Instrument>, ApiError> {
    work.principal().require(
        Action::ReadActivities,
        Relation::Unrelated,
        "your roles do not include reading instruments",
    )?;
    Ok(work.assessments().instruments().await?)
}

/// Defines an instrument, or the next version of an existing code (platform operator).
pub async fn define_instrument(
    work: &Work<'_>,
    definition: Instrument,
) -> Result<Instrument, ApiError> {
    work.principal().require(
        Action::DefineInstruments,
        Relation::Unrelated,
        "only the platform operator defines instruments",
    )?;
    let version = work
        .assessments()
        .latest_instrument_version(&definition.code)
        .await?
        .map_or(1, |v| v + 1);
    let instrument = Instrument {
        version,
        created_at: now(),
        ..definition
    };
    work.assessments()
        .insert_instrument(&instrument)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ApiError::Conflict(
                "another version of this instrument was defined at the same moment; retry".into(),
            ),
            other => other.into(),
        })?;
    Ok(instrument)
}

/// Records an assessment, its scores checked against the instrument version's scales.
pub async fn add_assessment(
    work: &Work<'_>,
    id: ParticipantId,
    input: AssessmentInput,
) -> Result<Assessment, ApiError> {
    let current = for_update(work, id).await?;
    let instrument = work
        .assessments()
        .instrument(input.instrument_id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                ApiError::invalid("instrument_id", "no instrument version has this id")
            }
            other => other.into(),
        })?;
    if let Err(faults) = instrument.check_scores(&input.scores) {
        return Err(ApiError::Invalid(
            faults
                .into_iter()
                .map(|(code, message)| FieldFault::new(format!("scores.{code}"), message))
                .collect(),
        ));
    }
    let assessment = Assessment {
        id: uuid::Uuid::now_v7(),
        participant_id: id,
        instrument_id: input.instrument_id,
        phase: input.phase,
        date: input.date,
        scores: input.scores,
        recorded_by: recorded_by(work.principal()),
        recorded_at: now(),
    };
    work.assessments()
        .insert_assessment(&assessment, &instrument)
        .await?;
    audit::record_allowed(work, AuditAction::Create, "assessment", assessment.id, id).await?;
    crate::events::part_of(
        work,
        &current.participant,
        EventType::AssessmentRecorded,
        assessment.id,
    )
    .await?;
    Ok(assessment)
}

/// A page of a participant's assessments, with what its summaries are made of.
#[derive(Debug, Clone)]
pub struct AssessmentListing {
    /// The page asked for.
    pub page: Page<Assessment>,
    /// Every assessment of the participant (for the summaries).
    pub all: Vec<Assessment>,
    /// The instrument versions they use.
    pub instruments: Vec<Instrument>,
}

/// A page of a participant's assessments, every assessment (for the summaries) and the
/// instrument versions they use.
pub async fn assessments(
    work: &Work<'_>,
    id: ParticipantId,
    page: &PageRequest,
) -> Result<AssessmentListing, ApiError> {
    read_part(work, id, "assessments").await?;
    let listed = work.assessments().assessments_page(id, page).await?;
    let all = work.assessments().assessments(id).await?;
    let instruments = work
        .assessments()
        .instruments()
        .await?
        .into_iter()
        .filter(|i| all.iter().any(|a| a.instrument_id == i.id))
        .collect();
    Ok(AssessmentListing {
        page: listed,
        all,
        instruments,
    })
}
