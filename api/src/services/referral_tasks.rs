//! A referral's Task, for the FHIR facade: the referral's state without the person it is
//! about. Moving the Task is [`super::referrals::move_to`].

use askel_domain::AuditAction;
use uuid::Uuid;

use super::referral_reads::{SeenReferral, load, side_of};
use crate::audit;
use crate::error::ApiError;
use crate::transaction::Work;

/// A referral as one of its sides (or its project's administrator) sees its Task; the read is
/// recorded in the participant's access log, as a read of the referral is.
pub async fn task(work: &Work<'_>, id: Uuid) -> Result<SeenReferral, ApiError> {
    let referral = load(work, id).await?;
    let side = side_of(work, &referral).await?.side;
    audit::record_allowed(
        work,
        AuditAction::Read,
        "referral_task",
        id,
        referral.participant_id,
    )
    .await?;
    Ok(SeenReferral { referral, side })
}
