//! Project actors on the wire.

use askel_domain as d;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::enums::ActorRole;
use crate::page_of;

/// An organisation to add to a project in a role. The administrator and the funder are set on
/// the project itself.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"organisation_id": "01941f29-7c03-7503-8000-000000000003", "role": "co_implementer"}))]
pub struct AddActor {
    /// The organisation.
    pub organisation_id: Uuid,
    /// Its role; not `administrator` or `funder`.
    pub role: ActorRole,
}

/// An organisation in a role on a project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Actor {
    /// The project.
    pub project_id: Uuid,
    /// The organisation.
    pub organisation_id: Uuid,
    /// Its role.
    pub role: ActorRole,
    /// When it took the role.
    pub created_at: DateTime<Utc>,
}

impl Actor {
    /// The wire form of a stored actor.
    pub fn new(actor: d::ProjectActor, created_at: DateTime<Utc>) -> Self {
        Self {
            project_id: actor.project_id.as_uuid(),
            organisation_id: actor.organisation_id.as_uuid(),
            role: actor.role.into(),
            created_at,
        }
    }
}

page_of!(ActorPage, Actor, "A page of a project's actors.");
