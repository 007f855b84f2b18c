//! Reading the change feed.

use askel_domain::{Event, EventType, FeedPosition, ProjectId};
use askel_persistence::Tx;

use crate::auth::Principal;
use crate::error::ApiError;

/// Up to `limit` events for the caller's organisation after `after`, only of `project` and of
/// `types` when given.
pub async fn feed(
    tx: &Tx,
    principal: &Principal,
    after: FeedPosition,
    limit: u64,
    project: Option<ProjectId>,
    types: &[EventType],
) -> Result<Vec<Event>, ApiError> {
    let org = principal.organisation.ok_or(ApiError::Forbidden(
        "the feed is per organisation; the token names none",
    ))?;
    Ok(tx.events(org, after, limit, project, types).await?)
}
