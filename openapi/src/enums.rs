//! Code-list values on the wire: string enums in the contract, each the mirror of a domain
//! enum with the same codes (a test holds them together).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident mirrors $domain:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        pub enum $name { $( #[serde(rename = $code)] $variant ),+ }

        impl From<$name> for askel_domain::$domain {
            fn from(v: $name) -> Self { match v { $($name::$variant => Self::$variant),+ } }
        }

        impl From<askel_domain::$domain> for $name {
            fn from(v: askel_domain::$domain) -> Self { match v { $(askel_domain::$domain::$variant => Self::$variant),+ } }
        }
    };
}

wire_enum! {
    /// Kind of organisation (code list `organisation_kinds`).
    OrganisationKind mirrors OrganisationKind {
        Municipality = "municipality",
        WellbeingServicesCounty = "wellbeing_services_county",
        ElyCentre = "ely_centre",
        TeOffice = "te_office",
        Association = "association",
        Foundation = "foundation",
        Parish = "parish",
        Company = "company",
        EducationalInstitution = "educational_institution",
        Other = "other",
    }
}

wire_enum! {
    /// An organisation's role in a project (code list `actor_roles`).
    ActorRole mirrors ActorRole {
        Administrator = "administrator",
        LeadImplementer = "lead_implementer",
        CoImplementer = "co_implementer",
        Funder = "funder",
        CoFunder = "co_funder",
        SteeringGroupMember = "steering_group_member",
        CooperationPartner = "cooperation_partner",
    }
}

wire_enum! {
    /// ESF programme period (code list `programme_periods`).
    ProgrammePeriod mirrors ProgrammePeriod {
        Esf2014To2020 = "esf_2014_2020",
        EsfPlus2021To2027 = "esf_plus_2021_2027",
    }
}

wire_enum! {
    /// Status of a project (code list `project_statuses`).
    ProjectStatus mirrors ProjectStatus {
        Planned = "planned",
        Applied = "applied",
        Approved = "approved",
        Running = "running",
        Closed = "closed",
    }
}

wire_enum! {
    /// Role of a staff member (code list `staff_roles`).
    StaffRole mirrors StaffRole {
        ProjectManager = "project_manager",
        Coordinator = "coordinator",
        Worker = "worker",
        Expert = "expert",
    }
}

wire_enum! {
    /// Publicity of a document (code list `publicity`).
    Publicity mirrors Publicity {
        Public = "public",
        Confidential = "confidential",
    }
}

wire_enum! {
    /// A caller's role (code list `roles`).
    Role mirrors Role {
        Admin = "admin",
        Manager = "manager",
        Worker = "worker",
        Reporter = "reporter",
        ReferralHandler = "referral_handler",
    }
}

#[cfg(test)]
mod tests {
    use askel_domain::CodeList;

    fn same_codes<W, D>()
    where
        W: From<D> + serde::Serialize,
        D: CodeList,
    {
        for d in D::all() {
            let wire = serde_json::to_value(W::from(*d)).unwrap();
            assert_eq!(wire, d.code(), "{}", D::NAME);
        }
    }

    #[test]
    fn wire_codes_are_the_domain_codes() {
        same_codes::<super::OrganisationKind, askel_domain::OrganisationKind>();
        same_codes::<super::ActorRole, askel_domain::ActorRole>();
        same_codes::<super::ProgrammePeriod, askel_domain::ProgrammePeriod>();
        same_codes::<super::ProjectStatus, askel_domain::ProjectStatus>();
        same_codes::<super::StaffRole, askel_domain::StaffRole>();
        same_codes::<super::Publicity, askel_domain::Publicity>();
        same_codes::<super::Role, askel_domain::Role>();
    }
}
