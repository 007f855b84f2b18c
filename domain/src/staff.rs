//! Project staff: appear by title and role, never by a private phone number or e-mail.

use crate::text::Name;
use crate::{OrganisationId, ProjectId, StaffId};

code_list! {
    /// A staff member's role in the project.
    pub enum StaffRole ("staff_roles", "Roles of project staff") {
        ProjectManager = "project_manager", "projektipäällikkö", "projektchef", "project manager";
        Coordinator = "coordinator", "projektikoordinaattori", "projektkoordinator", "project coordinator";
        Worker = "worker", "projektityöntekijä", "projektarbetare", "project worker";
        Expert = "expert", "projektiasiantuntija", "projektexpert", "project expert";
    }
}

/// A member of a project's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Its id.
    pub id: StaffId,
    /// The project.
    pub project_id: ProjectId,
    /// The employing organisation.
    pub organisation_id: OrganisationId,
    /// Title, e.g. "projektityöntekijä".
    pub title: Name,
    /// Role in the project.
    pub role: StaffRole,
}
