//! Project staff on the wire: by title and role, never by private contact details.

use askel_domain as d;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::enums::StaffRole;
use crate::{Check, Invalid, page_of};

/// A staff member to add.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "organisation_id": "01941f29-7c03-7503-8000-000000000003",
    "title": "projektityöntekijä",
    "role": "worker"
}))]
pub struct AddStaffMember {
    /// The employing organisation; an actor of the project.
    pub organisation_id: Uuid,
    /// Title, e.g. "projektikoordinaattori".
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Role in the project.
    pub role: StaffRole,
}

impl AddStaffMember {
    /// The staff member this input describes, for `project`.
    pub fn into_domain(self, project: d::ProjectId) -> Result<d::StaffMember, Invalid> {
        let mut c = Check::default();
        let title = c.field("title", d::Name::parse(&self.title));
        c.finish(|| {
            Some(d::StaffMember {
                id: d::StaffId::new(),
                project_id: project,
                organisation_id: self.organisation_id.into(),
                title: title?,
                role: self.role.into(),
            })
        })
    }
}

/// A member of a project's staff.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct StaffMember {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The employing organisation.
    pub organisation_id: Uuid,
    /// Title.
    pub title: String,
    /// Role in the project.
    pub role: StaffRole,
}

impl From<d::StaffMember> for StaffMember {
    fn from(s: d::StaffMember) -> Self {
        Self {
            id: s.id.as_uuid(),
            project_id: s.project_id.as_uuid(),
            organisation_id: s.organisation_id.as_uuid(),
            title: s.title.into_string(),
            role: s.role.into(),
        }
    }
}

page_of!(StaffPage, StaffMember, "A page of a project's staff.");
