//! Reading the change feed.

use askel_domain::{Action, Event, EventType, FeedPosition, ProjectId, Relation};

use crate::error::ApiError;
use crate::transaction::Work;

/// Up to `limit` events for the caller's organisation after `after`, only of `project` and of
/// `types` when given. An event names its participant only to a caller whose roles may read
/// participants (the organisation's feed holds the ids its workers and managers may read; a
/// reporter or a referral handler would get ids that answer 404).
pub async fn feed(
    work: &Work<'_>,
    after: FeedPosition,
    limit: u64,
    project: Option<ProjectId>,
    types: &[EventType],
) -> Result<Vec<Event>, ApiError> {
    let org = work.principal().organisation.ok_or(ApiError::Forbidden(
        "the feed is per organisation; the token names none",
    ))?;
    let mut events = work
        .events()
        .events(org, after, limit, project, types)
        .await?;
    let reads_participants = [Relation::Owner, Relation::ProjectAdministrator]
        .into_iter()
        .any(|r| work.principal().may(Action::ReadParticipant, r));
    if !reads_participants {
        for e in &mut events {
            e.participant_id = None;
        }
    }
    Ok(events)
}
