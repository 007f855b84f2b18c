//! The access policy: which role may take which action, given how the caller's organisation
//! stands to the object. One table; the API asks it and never re-implements it.
//!
//! A caller holding several roles may do what any of them may. Whether a refused caller gets
//! 403 or 404 is not decided here: an object the caller may not even read answers 404.

use crate::Role;

/// Something a caller asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// List and read organisations.
    ReadOrganisations,
    /// Register an organisation.
    CreateOrganisation,
    /// List and read projects.
    ReadProjects,
    /// Create a project and name its administrator.
    CreateProject,
    /// Change a project's fields.
    UpdateProject,
    /// List a project's actors.
    ReadActors,
    /// Add an actor to a project.
    ManageActors,
    /// List a project's staff.
    ReadStaff,
    /// Add staff to a project.
    ManageStaff,
    /// Read a public statement.
    ReadPublicStatements,
    /// Read a confidential statement.
    ReadConfidentialStatements,
    /// Give a statement on a project in the name of an organisation.
    IssueStatement,
    /// Read code lists.
    ReadCodeLists,
    /// Register API clients.
    ManageApiClients,
    /// Register participants in a project.
    RegisterParticipant,
    /// List a project's participants (the list holds only those the caller may read).
    ListParticipants,
    /// Read a participant's data.
    ReadParticipant,
    /// Change a participant's data: fields, steps, assessments, goals, attendance, exit.
    UpdateParticipant,
    /// Read a participant's personal identity code.
    ReadIdentityCode,
    /// Read who has accessed a participant's data.
    ReadAccessLog,
    /// Export everything held about a participant.
    ExportParticipant,
    /// Remove a participant's identifying data.
    AnonymiseParticipant,
    /// Hand a participant to another implementer.
    TransferParticipant,
    /// Read activities and instruments.
    ReadActivities,
    /// Record activities and attendance.
    ManageActivities,
    /// Define assessment instruments.
    DefineInstruments,
    /// Refer a participant onwards.
    CreateReferral,
    /// Read a referral (its sender and its target).
    ReadReferral,
    /// Move a referral as its sender (send, cancel).
    ActAsReferralSender,
    /// Move a referral as its target (receive, accept, decline, complete).
    ActAsReferralTarget,
    /// Read a project's figures (exact for its administrator, protected for everyone else).
    ReadFigures,
    /// Manage the organisation's own webhook subscriptions (its integration's staff).
    ManageWebhooks,
}

/// How the caller's organisation stands to the object acted on. Where several hold, the
/// first in this order is the relation (an administrator that owns a participant acts as the
/// administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// It administers the project.
    ProjectAdministrator,
    /// It owns the participant (registered it, or had it transferred to it), or sent the
    /// referral.
    Owner,
    /// The referral is addressed to it.
    Target,
    /// It implements the project (lead or co-implementer) but does not own the object.
    Implementer,
    /// It has another role in the project (funder, co-funder, steering group, partner).
    ProjectActor,
    /// It issued the object (a statement).
    Issuer,
    /// None of the above.
    Unrelated,
}

impl Relation {
    /// Every relation, for exhaustive checks.
    pub const ALL: [Self; 7] = [
        Self::ProjectAdministrator,
        Self::Owner,
        Self::Target,
        Self::Implementer,
        Self::ProjectActor,
        Self::Issuer,
        Self::Unrelated,
    ];
}

type Scope = &'static [Relation];

const ANY: Scope = &Relation::ALL;
const NO: Scope = &[];
const ADMINISTRATOR: Scope = &[Relation::ProjectAdministrator];
const ISSUER: Scope = &[Relation::Issuer];
const INVOLVED: Scope = &[
    Relation::ProjectAdministrator,
    Relation::Owner,
    Relation::Implementer,
    Relation::ProjectActor,
    Relation::Issuer,
];
const IMPLEMENTING: Scope = &[
    Relation::ProjectAdministrator,
    Relation::Implementer,
    Relation::Owner,
];
const HOLDING: Scope = &[Relation::ProjectAdministrator, Relation::Owner];
const OWNER: Scope = &[Relation::Owner];
const TARGET: Scope = &[Relation::Target];
const REFERRAL_SIDES: Scope = &[Relation::Owner, Relation::Target];
/// Whoever reads the participant reads its referrals; the target what was shared with it.
const REFERRAL_READERS: Scope = &[
    Relation::ProjectAdministrator,
    Relation::Owner,
    Relation::Target,
];

/// The policy. Columns follow [`Role`]'s order: admin, manager, worker, reporter, referral_handler.
#[rustfmt::skip]
const TABLE: &[(Action, [Scope; 5])] = &[
    //                                    admin  manager        worker    reporter  referral_handler
    (Action::ReadOrganisations,          [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::CreateOrganisation,         [ANY,   NO,            NO,       NO,       NO]),
    (Action::ReadProjects,               [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::CreateProject,              [ANY,   NO,            NO,       NO,       NO]),
    (Action::UpdateProject,              [ANY,   ADMINISTRATOR, NO,       NO,       NO]),
    (Action::ReadActors,                 [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::ManageActors,               [ANY,   ADMINISTRATOR, NO,       NO,       NO]),
    (Action::ReadStaff,                  [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::ManageStaff,                [ANY,   ADMINISTRATOR, NO,       NO,       NO]),
    (Action::ReadPublicStatements,       [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::ReadConfidentialStatements, [ANY,   INVOLVED,      INVOLVED, NO,       INVOLVED]),
    (Action::IssueStatement,             [ANY,   ISSUER,        NO,       NO,       NO]),
    (Action::ReadCodeLists,              [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::ManageApiClients,           [ANY,   NO,            NO,       NO,       NO]),
    // Personal data: the owner and the project's administrator; never the platform operator,
    // a funder, a steering group or a county (which sees only referrals addressed to it).
    (Action::RegisterParticipant,        [NO,    IMPLEMENTING,  IMPLEMENTING, NO,   NO]),
    (Action::ListParticipants,           [NO,    IMPLEMENTING,  IMPLEMENTING, NO,   NO]),
    (Action::ReadParticipant,            [NO,    HOLDING,       HOLDING,  NO,       NO]),
    (Action::UpdateParticipant,          [NO,    HOLDING,       HOLDING,  NO,       NO]),
    (Action::ReadIdentityCode,           [NO,    HOLDING,       HOLDING,  NO,       NO]),
    (Action::ReadAccessLog,              [NO,    HOLDING,       NO,       NO,       NO]),
    (Action::ExportParticipant,          [NO,    HOLDING,       NO,       NO,       NO]),
    (Action::AnonymiseParticipant,       [NO,    ADMINISTRATOR, NO,       NO,       NO]),
    (Action::TransferParticipant,        [NO,    ADMINISTRATOR, NO,       NO,       NO]),
    (Action::ReadActivities,             [ANY,   ANY,           ANY,      ANY,      ANY]),
    (Action::ManageActivities,           [NO,    IMPLEMENTING,  IMPLEMENTING, NO,   NO]),
    (Action::DefineInstruments,          [ANY,   NO,            NO,       NO,       NO]),
    // Referrals: the sender and the target act on them; the project's administrator, who reads
    // the participant, reads them too.
    (Action::CreateReferral,             [NO,    HOLDING,       HOLDING,  NO,       NO]),
    (Action::ReadReferral,               [NO,    REFERRAL_READERS, REFERRAL_READERS, NO, REFERRAL_SIDES]),
    (Action::ActAsReferralSender,        [NO,    OWNER,         OWNER,    NO,       NO]),
    (Action::ActAsReferralTarget,        [NO,    TARGET,        TARGET,   NO,       TARGET]),
    (Action::ReadFigures,                [ANY,   INVOLVED,      INVOLVED, INVOLVED, NO]),
    // An organisation's webhooks are its own: relation Owner.
    (Action::ManageWebhooks,             [NO,    OWNER,         NO,       NO,       OWNER]),
];

fn column(role: Role) -> usize {
    match role {
        Role::Admin => 0,
        Role::Manager => 1,
        Role::Worker => 2,
        Role::Reporter => 3,
        Role::ReferralHandler => 4,
    }
}

/// Whether any of `roles` may take `action` on an object the caller stands to as `relation`.
pub fn permits(roles: &[Role], action: Action, relation: Relation) -> bool {
    TABLE
        .iter()
        .find(|(a, _)| *a == action)
        .is_some_and(|(_, scopes)| roles.iter().any(|r| scopes[column(*r)].contains(&relation)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;

    /// The expected policy written out cell by cell, independently of `TABLE`:
    /// per action and role, the relations allowed (`*` all, `-` none, `A` administrator,
    /// `O` owner, `M` implementer, `P` other project actor, `I` issuer, `U` unrelated).
    #[rustfmt::skip]
    const EXPECTED: &[(Action, [&str; 5])] = &[
        (Action::ReadOrganisations,          ["*", "*", "*",   "*", "*"]),
        (Action::CreateOrganisation,         ["*", "-", "-",   "-", "-"]),
        (Action::ReadProjects,               ["*", "*", "*",   "*", "*"]),
        (Action::CreateProject,              ["*", "-", "-",   "-", "-"]),
        (Action::UpdateProject,              ["*", "A", "-",   "-", "-"]),
        (Action::ReadActors,                 ["*", "*", "*",   "*", "*"]),
        (Action::ManageActors,               ["*", "A", "-",   "-", "-"]),
        (Action::ReadStaff,                  ["*", "*", "*",   "*", "*"]),
        (Action::ManageStaff,                ["*", "A", "-",   "-", "-"]),
        (Action::ReadPublicStatements,       ["*", "*", "*",   "*", "*"]),
        (Action::ReadConfidentialStatements, ["*", "AOMPI", "AOMPI", "-", "AOMPI"]),
        (Action::IssueStatement,             ["*", "I", "-",   "-", "-"]),
        (Action::ReadCodeLists,              ["*", "*", "*",   "*", "*"]),
        (Action::ManageApiClients,           ["*", "-", "-",   "-", "-"]),
        (Action::RegisterParticipant,        ["-", "AMO", "AMO", "-", "-"]),
        (Action::ListParticipants,           ["-", "AMO", "AMO", "-", "-"]),
        (Action::ReadParticipant,            ["-", "AO",  "AO",  "-", "-"]),
        (Action::UpdateParticipant,          ["-", "AO",  "AO",  "-", "-"]),
        (Action::ReadIdentityCode,           ["-", "AO",  "AO",  "-", "-"]),
        (Action::ReadAccessLog,              ["-", "AO",  "-",   "-", "-"]),
        (Action::ExportParticipant,          ["-", "AO",  "-",   "-", "-"]),
        (Action::AnonymiseParticipant,       ["-", "A",   "-",   "-", "-"]),
        (Action::TransferParticipant,        ["-", "A",   "-",   "-", "-"]),
        (Action::ReadActivities,             ["*", "*",   "*",   "*", "*"]),
        (Action::ManageActivities,           ["-", "AMO", "AMO", "-", "-"]),
        (Action::DefineInstruments,          ["*", "-",   "-",   "-", "-"]),
        (Action::CreateReferral,             ["-", "AO",  "AO",  "-", "-"]),
        (Action::ReadReferral,               ["-", "AOT", "AOT", "-", "OT"]),
        (Action::ActAsReferralSender,        ["-", "O",   "O",   "-", "-"]),
        (Action::ActAsReferralTarget,        ["-", "T",   "T",   "-", "T"]),
        (Action::ReadFigures,                ["*", "AOMPI", "AOMPI", "AOMPI", "-"]),
        (Action::ManageWebhooks,             ["-", "O",   "-",   "-", "O"]),
    ];

    fn letter(relation: Relation) -> char {
        match relation {
            Relation::ProjectAdministrator => 'A',
            Relation::Owner => 'O',
            Relation::Target => 'T',
            Relation::Implementer => 'M',
            Relation::ProjectActor => 'P',
            Relation::Issuer => 'I',
            Relation::Unrelated => 'U',
        }
    }

    #[test]
    fn all_lists_every_relation_once_in_order() {
        // The match is exhaustive: a new relation fails to compile here until it is placed.
        let position = |r: Relation| match r {
            Relation::ProjectAdministrator => 0,
            Relation::Owner => 1,
            Relation::Target => 2,
            Relation::Implementer => 3,
            Relation::ProjectActor => 4,
            Relation::Issuer => 5,
            Relation::Unrelated => 6,
        };
        for (i, r) in Relation::ALL.iter().enumerate() {
            assert_eq!(position(*r), i, "{r:?}");
        }
    }

    #[test]
    fn every_cell_matches_the_written_expectation() {
        for (action, cells) in EXPECTED {
            for (role, cell) in Role::all().iter().zip(cells) {
                for relation in Relation::ALL {
                    let expected = *cell == "*" || cell.contains(letter(relation));
                    assert_eq!(
                        permits(&[*role], *action, relation),
                        expected,
                        "{action:?} by {role} as {relation:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_action_is_in_the_table_once() {
        for (action, _) in EXPECTED {
            assert_eq!(
                TABLE.iter().filter(|(a, _)| a == action).count(),
                1,
                "{action:?}"
            );
        }
        assert_eq!(TABLE.len(), EXPECTED.len());
    }

    #[test]
    fn several_roles_add_up_and_no_roles_permit_nothing() {
        assert!(!permits(&[], Action::ReadProjects, Relation::Unrelated));
        let both = [Role::Reporter, Role::Manager];
        assert!(permits(
            &both,
            Action::UpdateProject,
            Relation::ProjectAdministrator
        ));
        assert!(!permits(
            &[Role::Reporter],
            Action::UpdateProject,
            Relation::ProjectAdministrator
        ));
    }

    #[test]
    fn the_platform_operator_sees_no_personal_data() {
        for action in [
            Action::ReadParticipant,
            Action::ListParticipants,
            Action::ReadIdentityCode,
            Action::ExportParticipant,
        ] {
            for relation in Relation::ALL {
                assert!(
                    !permits(&[Role::Admin], action, relation),
                    "{action:?} {relation:?}"
                );
            }
        }
    }

    #[test]
    fn a_manager_of_an_unrelated_organisation_cannot_change_a_project() {
        assert!(!permits(
            &[Role::Manager],
            Action::UpdateProject,
            Relation::Unrelated
        ));
        assert!(!permits(
            &[Role::Manager],
            Action::UpdateProject,
            Relation::ProjectActor
        ));
    }
}
