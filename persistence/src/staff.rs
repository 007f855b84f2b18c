//! Project staff.

use crate::repositories::Organisations;
use askel_domain::{Name, OrganisationId, Page, PageRequest, ProjectId, StaffId, StaffMember};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::staff_member::{self, Column, Entity};
use crate::error::corrupt;
use crate::paging::read_page;

impl Organisations<'_> {
    /// Adds a staff member.
    pub async fn insert_staff_member(
        &self,
        s: &StaffMember,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Entity::insert(staff_member::ActiveModel {
            id: Set(s.id.as_uuid()),
            project_id: Set(s.project_id.as_uuid()),
            organisation_id: Set(s.organisation_id.as_uuid()),
            title: Set(s.title.as_str().to_owned()),
            role: Set(s.role.to_string()),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A page of a project's staff.
    pub async fn staff(
        &self,
        project: ProjectId,
        req: &PageRequest,
    ) -> Result<Page<StaffMember>, StoreError> {
        let select = Entity::find().filter(Column::ProjectId.eq(project.as_uuid()));
        read_page(self, select, req, to_domain).await
    }
}

fn to_domain(m: staff_member::Model) -> Result<StaffMember, StoreError> {
    Ok(StaffMember {
        id: StaffId::from_uuid(m.id),
        project_id: ProjectId::from_uuid(m.project_id),
        organisation_id: OrganisationId::from_uuid(m.organisation_id),
        title: Name::parse(&m.title).map_err(|e| corrupt("staff title", e))?,
        role: m.role.parse().map_err(|e| corrupt("staff role", e))?,
    })
}
