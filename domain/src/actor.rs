//! Project actors: an organisation in a role on a project.

use crate::{OrganisationId, ProjectId};

code_list! {
    /// The part an organisation plays in a project.
    pub enum ActorRole ("actor_roles", "Roles of organisations in a project") {
        Administrator = "administrator", "hallinnoija", "förvaltare", "administrator";
        LeadImplementer = "lead_implementer", "päätoteuttaja", "huvudgenomförare", "lead implementer";
        CoImplementer = "co_implementer", "osatoteuttaja", "delgenomförare", "co-implementer";
        Funder = "funder", "rahoittaja", "finansiär", "funder";
        CoFunder = "co_funder", "omarahoittaja", "medfinansiär", "co-funder";
        SteeringGroupMember = "steering_group_member", "ohjausryhmän jäsen", "medlem i styrgruppen", "steering group member";
        CooperationPartner = "cooperation_partner", "yhteistyökumppani", "samarbetspartner", "cooperation partner";
    }
}

impl ActorRole {
    /// The administrator and the funder are fields of the project itself (exactly one each);
    /// the other roles are added as actors.
    pub fn is_set_on_project(self) -> bool {
        matches!(self, Self::Administrator | Self::Funder)
    }

    /// Implementers register and own participants.
    pub fn implements(self) -> bool {
        matches!(
            self,
            Self::Administrator | Self::LeadImplementer | Self::CoImplementer
        )
    }
}

/// An organisation in a role on a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectActor {
    /// The project.
    pub project_id: ProjectId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// Its role.
    pub role: ActorRole,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;

    #[test]
    fn only_administrator_and_funder_are_project_fields() {
        let set: Vec<_> = ActorRole::all()
            .iter()
            .filter(|r| r.is_set_on_project())
            .collect();
        assert_eq!(set, [&ActorRole::Administrator, &ActorRole::Funder]);
    }

    #[test]
    fn implementers_are_administrator_lead_and_co_implementers() {
        let implementers: Vec<_> = ActorRole::all().iter().filter(|r| r.implements()).collect();
        assert_eq!(
            implementers,
            [
                &ActorRole::Administrator,
                &ActorRole::LeadImplementer,
                &ActorRole::CoImplementer
            ]
        );
    }
}
