//! Project actors: an organisation in a role on a project.

use crate::{OrganisationId, ProjectId, Relation};

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

/// How an organisation stands to a project, from its roles in it: the administrator first, then
/// an implementer, then any other actor; no role at all is unrelated.
pub fn project_relation(roles: &[ActorRole]) -> Relation {
    if roles.contains(&ActorRole::Administrator) {
        Relation::ProjectAdministrator
    } else if roles.iter().any(|r| r.implements()) {
        Relation::Implementer
    } else if roles.is_empty() {
        Relation::Unrelated
    } else {
        Relation::ProjectActor
    }
}

/// How an organisation stands to a participant, given its relation to the participant's
/// project: the project's administrator acts as such even when it owns the participant;
/// otherwise the owner is the owner.
pub fn participant_relation(
    project: Relation,
    organisation: OrganisationId,
    owner: OrganisationId,
) -> Relation {
    match project {
        Relation::ProjectAdministrator => project,
        _ if organisation == owner => Relation::Owner,
        other => other,
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
    fn project_relation_ranks_administrator_then_implementer_then_actor() {
        use ActorRole::*;
        assert_eq!(project_relation(&[]), Relation::Unrelated);
        assert_eq!(project_relation(&[Funder]), Relation::ProjectActor);
        assert_eq!(
            project_relation(&[SteeringGroupMember, CoImplementer]),
            Relation::Implementer
        );
        assert_eq!(
            project_relation(&[LeadImplementer, Administrator]),
            Relation::ProjectAdministrator
        );
    }

    #[test]
    fn participant_relation_prefers_administrator_over_owner() {
        let (a, b) = (OrganisationId::new(), OrganisationId::new());
        use Relation::*;
        assert_eq!(
            participant_relation(ProjectAdministrator, a, a),
            ProjectAdministrator
        );
        assert_eq!(participant_relation(Implementer, a, a), Owner);
        assert_eq!(participant_relation(Unrelated, a, a), Owner);
        assert_eq!(participant_relation(Implementer, a, b), Implementer);
        assert_eq!(participant_relation(ProjectActor, a, b), ProjectActor);
    }

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
