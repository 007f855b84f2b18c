//! Code-list values on the wire: string enums in the contract, each the mirror of a domain
//! enum with the same codes (a test holds them together).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident mirrors $domain:ident { $($variant:ident = $code:tt),+ $(,)? }) => {
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

wire_enum! {
    /// Gender (code list `genders`).
    Gender mirrors Gender {
        Female = "female",
        Male = "male",
        NonBinary = "non_binary",
        NotStated = "not_stated",
    }
}

wire_enum! {
    /// Labour-market status at entry (code list `labour_market_statuses`).
    LabourMarketStatus mirrors LabourMarketStatus {
        Unemployed = "unemployed",
        Inactive = "inactive",
        InEducation = "in_education",
        Employed = "employed",
        SelfEmployed = "self_employed",
    }
}

wire_enum! {
    /// Highest completed education (code list `education_levels`): `isced_0` for less than
    /// primary education (counted in ESF+ EECO09, not in 2014–2020 CO09), `isced_0_2` for
    /// primary or lower secondary (ISCED 1–2).
    Education mirrors Education {
        Isced0 = "isced_0",
        Isced0To2 = "isced_0_2",
        Isced3To4 = "isced_3_4",
        Isced5To8 = "isced_5_8",
    }
}

wire_enum! {
    /// Degree of urbanisation of the home area by Eurostat's DEGURBA (code list
    /// `urbanisation_degrees`); `rural_areas` (thinly populated) counts in EECO17.
    Urbanisation mirrors Urbanisation {
        Cities = "cities",
        TownsAndSuburbs = "towns_and_suburbs",
        RuralAreas = "rural_areas",
        NotKnown = "not_known",
    }
}

wire_enum! {
    /// An answer to an optional sensitive question (code list `sensitive_answers`).
    SensitiveAnswer mirrors SensitiveAnswer {
        Yes = "yes",
        No = "no",
        PrefersNotToSay = "prefers_not_to_say",
        NotAsked = "not_asked",
    }
}

wire_enum! {
    /// State of the entry data in EURA 2021 (code list `eura_states`).
    EuraState mirrors EuraState {
        NotSubmitted = "not_submitted",
        Submitted = "submitted",
        Accepted = "accepted",
    }
}

wire_enum! {
    /// What a consent covers (code list `consent_kinds`).
    ConsentKind mirrors ConsentKind {
        DataProcessing = "data_processing",
        ShareWithCounty = "share_with_county",
        ShareWithTeServices = "share_with_te_services",
    }
}

wire_enum! {
    /// Situation on leaving (code list `exit_situations`).
    ExitSituation mirrors ExitSituation {
        OpenMarketEmployment = "open_market_employment",
        SelfEmployment = "self_employment",
        Apprenticeship = "apprenticeship",
        PaySubsidisedEmployment = "pay_subsidised_employment",
        WorkTrial = "work_trial",
        EducationOrTraining = "education_or_training",
        UnemployedJobSeeker = "unemployed_job_seeker",
        Rehabilitation = "rehabilitation",
        SocialRehabilitation = "social_rehabilitation",
        NoneOfThese = "none_of_these",
    }
}

wire_enum! {
    /// The EURA 2021 exit form's option (code list `eura_exit_options`).
    EuraExitOption mirrors EuraExitOption {
        UnemployedJobSeeker = "unemployed_job_seeker",
        Studying = "studying",
        Employed = "employed",
        SelfEmployed = "self_employed",
        NoneOfThese = "none_of_these",
    }
}

wire_enum! {
    /// A step of participation (code list `steps`).
    Step mirrors Step {
        Outreach = "outreach",
        LifeManagement = "life_management",
        ResourcesAndGoals = "resources_and_goals",
        ServiceGuidance = "service_guidance",
        CooperationNetwork = "cooperation_network",
    }
}

wire_enum! {
    /// What was done (code list `audit_actions`).
    AuditAction mirrors AuditAction {
        Create = "create",
        Read = "read",
        List = "list",
        Update = "update",
        ReadIdentity = "read_identity",
        Export = "export",
        Anonymise = "anonymise",
        Transfer = "transfer",
        IdentityLookup = "identity_lookup",
    }
}

wire_enum! {
    /// How an attempt ended (code list `audit_outcomes`).
    AuditOutcome mirrors AuditOutcome {
        Allowed = "allowed",
        Denied = "denied",
    }
}

wire_enum! {
    /// Status of a goal (code list `goal_statuses`).
    GoalStatus mirrors GoalStatus {
        Open = "open",
        Achieved = "achieved",
        Dropped = "dropped",
    }
}

wire_enum! {
    /// Kind of activity (code list `activity_kinds`).
    ActivityKind mirrors ActivityKind {
        Workshop = "workshop",
        Course = "course",
        Excursion = "excursion",
        Group = "group",
        PeerSupportGroup = "peer_support_group",
        IndividualCoaching = "individual_coaching",
        IndividualInterview = "individual_interview",
        ExperienceExpertTraining = "experience_expert_training",
        PeerInstructor = "peer_instructor",
        NetworkMeeting = "network_meeting",
        Other = "other",
    }
}

wire_enum! {
    /// Attendance (code list `attendance_statuses`).
    AttendanceStatus mirrors AttendanceStatus {
        Present = "present",
        ExcusedAbsence = "excused_absence",
        UnexcusedAbsence = "unexcused_absence",
    }
}

wire_enum! {
    /// Phase of an assessment (code list `assessment_phases`).
    AssessmentPhase mirrors AssessmentPhase {
        Entry = "entry",
        Interim = "interim",
        Exit = "exit",
    }
}

wire_enum! {
    /// The situation six months after leaving (code list `follow_up_situations`).
    FollowUpSituation mirrors FollowUpSituation {
        Employed = "employed",
        SelfEmployed = "self_employed",
        UnemployedJobSeeker = "unemployed_job_seeker",
        InEducation = "in_education",
        Inactive = "inactive",
        NotKnown = "not_known",
    }
}

wire_enum! {
    /// Where a follow-up's facts come from (code list `follow_up_sources`).
    FollowUpSource mirrors FollowUpSource {
        Contact = "contact",
        Register = "register",
    }
}

mod exchange;

pub use exchange::*;

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
        same_codes::<super::FollowUpSituation, askel_domain::FollowUpSituation>();
        same_codes::<super::FollowUpSource, askel_domain::FollowUpSource>();
        same_codes::<super::WebhookStatus, askel_domain::WebhookStatus>();
        same_codes::<super::WebhookPayload, askel_domain::WebhookPayload>();
        same_codes::<super::ProjectStatus, askel_domain::ProjectStatus>();
        same_codes::<super::StaffRole, askel_domain::StaffRole>();
        same_codes::<super::Publicity, askel_domain::Publicity>();
        same_codes::<super::Role, askel_domain::Role>();
        same_codes::<super::Gender, askel_domain::Gender>();
        same_codes::<super::LabourMarketStatus, askel_domain::LabourMarketStatus>();
        same_codes::<super::Education, askel_domain::Education>();
        same_codes::<super::Urbanisation, askel_domain::Urbanisation>();
        same_codes::<super::SensitiveAnswer, askel_domain::SensitiveAnswer>();
        same_codes::<super::EuraState, askel_domain::EuraState>();
        same_codes::<super::ConsentKind, askel_domain::ConsentKind>();
        same_codes::<super::ExitSituation, askel_domain::ExitSituation>();
        same_codes::<super::EuraExitOption, askel_domain::EuraExitOption>();
        same_codes::<super::Step, askel_domain::Step>();
        same_codes::<super::AuditAction, askel_domain::AuditAction>();
        same_codes::<super::AuditOutcome, askel_domain::AuditOutcome>();
        same_codes::<super::GoalStatus, askel_domain::GoalStatus>();
        same_codes::<super::ActivityKind, askel_domain::ActivityKind>();
        same_codes::<super::AttendanceStatus, askel_domain::AttendanceStatus>();
        same_codes::<super::AssessmentPhase, askel_domain::AssessmentPhase>();
        same_codes::<super::ServiceKind, askel_domain::ServiceKind>();
        same_codes::<super::ReferralStatus, askel_domain::ReferralStatus>();
        same_codes::<super::DeclineReason, askel_domain::DeclineReason>();
        same_codes::<super::EventType, askel_domain::EventType>();
    }
}
