//! Project actors: organisations in roles on projects. The administrator and funder are
//! actors too; this table is the one place that says who plays which part.

use crate::repositories::Projects;
use askel_domain::{ActorRole, OrganisationId, Page, PageRequest, ProjectActor, ProjectId};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::project_actor::{self, Column, Entity};
use crate::error::corrupt;
use crate::paging::read_page;

/// An actor as stored, with when it was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActor {
    /// The actor.
    pub actor: ProjectActor,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl Projects<'_> {
    /// Adds an organisation in a role to a project.
    pub async fn insert_actor(
        &self,
        actor: &ProjectActor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Entity::insert(project_actor::ActiveModel {
            id: Set(Uuid::now_v7()),
            project_id: Set(actor.project_id.as_uuid()),
            organisation_id: Set(actor.organisation_id.as_uuid()),
            role: Set(actor.role.to_string()),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// Removes the project's actor(s) in `role` (used when the funder changes).
    pub async fn remove_actors_in_role(
        &self,
        project: ProjectId,
        role: ActorRole,
    ) -> Result<(), StoreError> {
        Entity::delete_many()
            .filter(Column::ProjectId.eq(project.as_uuid()))
            .filter(Column::Role.eq(role.to_string()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// The roles `organisation` has in `project`.
    pub async fn roles_in_project(
        &self,
        project: ProjectId,
        organisation: OrganisationId,
    ) -> Result<Vec<ActorRole>, StoreError> {
        let rows = Entity::find()
            .filter(Column::ProjectId.eq(project.as_uuid()))
            .filter(Column::OrganisationId.eq(organisation.as_uuid()))
            .all(&self.conn)
            .await?;
        rows.iter()
            .map(|r| r.role.parse().map_err(|e| corrupt("actor role", e)))
            .collect()
    }

    /// A page of a project's actors.
    pub async fn actors(
        &self,
        project: ProjectId,
        req: &PageRequest,
    ) -> Result<Page<StoredActor>, StoreError> {
        let select = Entity::find().filter(Column::ProjectId.eq(project.as_uuid()));
        read_page(self, select, req, to_domain).await
    }

    /// The organisation that administers `project`.
    pub async fn project_administrator(
        &self,
        project: ProjectId,
    ) -> Result<OrganisationId, StoreError> {
        let admins = self
            .actors_in_roles(&[project.as_uuid()], &[ActorRole::Administrator])
            .await?;
        admins
            .first()
            .map(|a| a.organisation_id)
            .ok_or(StoreError::NotFound)
    }

    /// The actors of `projects` in the given roles, for loading many projects at once.
    pub(crate) async fn actors_in_roles(
        &self,
        projects: &[Uuid],
        roles: &[ActorRole],
    ) -> Result<Vec<ProjectActor>, StoreError> {
        let rows = Entity::find()
            .filter(Column::ProjectId.is_in(projects.iter().copied()))
            .filter(Column::Role.is_in(roles.iter().map(ToString::to_string)))
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|r| to_domain(r).map(|s| s.actor))
            .collect()
    }
}

fn to_domain(m: project_actor::Model) -> Result<StoredActor, StoreError> {
    Ok(StoredActor {
        actor: ProjectActor {
            project_id: ProjectId::from_uuid(m.project_id),
            organisation_id: OrganisationId::from_uuid(m.organisation_id),
            role: m.role.parse().map_err(|e| corrupt("actor role", e))?,
        },
        created_at: m.created_at,
    })
}
