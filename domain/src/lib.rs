//! Askel's domain: the types and rules of ESF social-inclusion projects.
//!
//! Pure by design: no I/O, no async, no web or database types. Every rule a reader may look
//! for lives here under its own name: the business ID check ([`BusinessId`]), the funding
//! arithmetic ([`Funding`]), the access policy ([`policy`]), the code lists ([`code_list`]).

#[macro_use]
pub mod code_list;
pub mod activity;
pub mod actor;
pub mod api_client;
pub mod audit;
pub mod business_id;
pub mod calendar;
pub mod disclosure;
pub mod event;
pub mod exit;
pub mod fault;
pub mod follow_up;
pub mod funding;
pub mod goal;
pub mod identity_code;
pub mod ids;
pub mod indicators;
pub mod instrument;
pub mod money;
pub mod municipality;
pub mod organisation;
pub mod paging;
pub mod participant;
pub mod path;
pub mod path_change;
pub mod policy;
pub mod project;
pub mod referral;
pub mod report;
pub mod report_period;
pub mod role;
pub mod staff;
pub mod statement;
pub mod step;
pub mod text;
pub mod webhook;

pub use activity::{Activity, ActivityKind, AttendanceStatus};
pub use actor::{ActorRole, ProjectActor, participant_relation, project_relation};
pub use api_client::ApiClient;
pub use audit::{AuditAction, AuditEntry, AuditItem, AuditOutcome};
pub use business_id::{BusinessId, BusinessIdError};
pub use code_list::{CodeList, Label, UnknownCode};
pub use event::{Event, EventType, FeedPosition, NewEvent};
pub use exit::{EuraExitOption, Exit, ExitSituation, SituationDateError};
pub use fault::FieldFault;
pub use follow_up::{FollowUp, FollowUpError, FollowUpSituation, FollowUpSource};
pub use funding::{CoFunder, Funding, FundingError};
pub use goal::{Goal, GoalChanges, GoalInput, GoalStatus, GoalText};
pub use identity_code::{IdentityCodeError, PersonalIdentityCode};
pub use ids::{
    ApiClientId, AuditId, OrganisationId, ParticipantId, ProjectId, StaffId, StatementId,
};
pub use instrument::{
    Assessment, AssessmentInput, AssessmentPhase, Dimension, Instrument, Item, Scale,
};
pub use money::{Cents, MoneyError, Rate};
pub use municipality::{MunicipalityCode, MunicipalityCodeError};
pub use organisation::{NewOrganisation, Organisation, OrganisationKind};
pub use paging::{Cursor, Limit, LimitError, Page, PageRequest};
pub use participant::{
    Consent, ConsentKind, Education, EntryFacts, EntryFactsError, EuraState, ExternalRef, Gender,
    LabourMarketStatus, NewParticipant, Participant, ParticipantFields, SensitiveAnswer,
    SensitiveFacts, Urbanisation,
};
pub use path::{Episode, PathState, Reason, StepEntry, StepInput};
pub use path_change::{PathChange, PathError};
pub use policy::{Action, Relation};
pub use project::{
    NewProject, ProgrammePeriod, Project, ProjectChanges, ProjectCode, ProjectDates,
    ProjectDatesError, ProjectStatus, TargetAreas,
};
pub use referral::{
    ContactDetails, DeclineReason, Outcome, Referral, ReferralInput, ReferralStatus, ServiceKind,
    ShareChoice, SharedDetails, Side, Transition, TransitionRequest,
};
pub use role::Role;
pub use staff::{StaffMember, StaffRole};
pub use statement::{DiaryNumber, DiaryNumberError, Publicity, Statement};
pub use step::{Step, StepError, StepMove};
pub use text::{Description, Name, Text, TextError};
pub use webhook::{RetryPolicy, Subscription, WebhookPayload, WebhookStatus};
