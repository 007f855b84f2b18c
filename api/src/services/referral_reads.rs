//! Reading referrals: one (with what was shared, to the side that may see it) or a list; each
//! read is recorded in the participant's access log. Only the sender, the target (not while a
//! draft) and the project's administrator see a referral; anyone else gets 404.

use askel_domain::{
    Action, AuditAction, Page, PageRequest, ParticipantId, Referral, ReferralStatus, Relation,
    Side, Transition,
};
use askel_persistence::ReferralFilter;
use uuid::Uuid;

use crate::audit;
use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::transaction::Work;

/// Which side of a referral the caller is on, and how it stands to the participant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Standing {
    pub side: Side,
    pub relation: Relation,
}

/// A referral as one of its sides sees it.
#[derive(Debug, Clone)]
pub struct SeenReferral {
    /// The referral.
    pub referral: Referral,
    /// The side that sees it.
    pub side: Side,
}

/// The side the caller is on and its relation, or 404: the sender and the target see a
/// referral (the target not while it is a draft), and so does the project's administrator, who
/// reads the participant (on the sending side, without acting for it).
pub(crate) async fn side_of(work: &Work<'_>, r: &Referral) -> Result<Standing, ApiError> {
    let (side, relation) = match work.principal().organisation {
        Some(o) if o == r.sender_id => (Side::Sender, Relation::Owner),
        Some(o) if o == r.target_id && r.status != ReferralStatus::Draft => {
            (Side::Target, Relation::Target)
        }
        Some(o) if work.projects().project_administrator(r.project_id).await? == o => {
            (Side::Sender, Relation::ProjectAdministrator)
        }
        _ => return Err(ApiError::NotFound("referral")),
    };
    if !work.principal().may(Action::ReadReferral, relation) {
        return Err(ApiError::NotFound("referral"));
    }
    Ok(Standing { side, relation })
}

pub(crate) async fn load(work: &Work<'_>, id: Uuid) -> Result<Referral, ApiError> {
    work.referrals().referral(id).await.or_not_found("referral")
}

/// Whether the caller may still read referral `id`, for replaying a stored response about it;
/// the participant it concerns, for the audit record of the replay.
pub async fn may_read(work: &Work<'_>, id: Uuid) -> Result<ParticipantId, ApiError> {
    let referral = load(work, id).await?;
    side_of(work, &referral).await?;
    Ok(referral.participant_id)
}

/// A referral as its side sees it: with its transitions, for the target the identity code when
/// it was shared, and for the sender and the target the contact details when they were shared
/// (as JSON; each of those reads is recorded in the participant's access log).
pub async fn get(
    work: &Work<'_>,
    id: Uuid,
) -> Result<
    (
        Referral,
        Side,
        Vec<Transition>,
        Option<String>,
        Option<String>,
    ),
    ApiError,
> {
    let referral = load(work, id).await?;
    let Standing { side, relation } = side_of(work, &referral).await?;
    let mut records = vec![audit::allowed(
        work.principal(),
        AuditAction::Read,
        "referral",
        id,
        referral.participant_id,
    )];
    let identity = if side == Side::Target && referral.shared.identity_code {
        records.push(audit::allowed(
            work.principal(),
            AuditAction::ReadIdentity,
            "referral",
            id,
            referral.participant_id,
        ));
        work.open(work.referrals().referral_identity(id).await?)?
    } else {
        None
    };
    // Contact details are the sender's and the target's only, not the administrator's.
    let contact = if referral.shared.contact && relation != Relation::ProjectAdministrator {
        records.push(audit::allowed(
            work.principal(),
            AuditAction::Read,
            "referral_contact",
            id,
            referral.participant_id,
        ));
        work.open(work.referrals().referral_contact(id).await?)?
    } else {
        None
    };
    work.audit(&records).await?;
    let transitions = work.referrals().transitions(id).await?;
    Ok((referral, side, transitions, identity, contact))
}

/// The referrals the caller's organisation sent or received; each listing is recorded in the
/// participants' access logs.
pub async fn list(
    work: &Work<'_>,
    mut filter: ReferralFilter,
    page: &PageRequest,
) -> Result<Page<(Referral, Side)>, ApiError> {
    let org = work
        .principal()
        .organisation
        .ok_or(ApiError::Forbidden("the token names no organisation"))?;
    if !work.principal().may(Action::ReadReferral, Relation::Owner)
        && !work.principal().may(Action::ReadReferral, Relation::Target)
    {
        return Err(ApiError::Forbidden(
            "your roles do not include reading referrals",
        ));
    }
    filter.organisation = org;
    let found = work.referrals().referrals(&filter, page).await?;
    audit::record_covering(
        work,
        AuditAction::List,
        "referral",
        found.items.iter().map(|r| (r.id, r.participant_id)),
    )
    .await?;
    Ok(found.map(|r| {
        // Referrals listed for their project's administrator are on the sending side.
        let side = if r.sender_id == org || r.target_id != org {
            Side::Sender
        } else {
            Side::Target
        };
        (r, side)
    }))
}
