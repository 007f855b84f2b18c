//! The FHIR R4 facade's resources: referrals as ServiceRequests and Tasks, organisations as
//! Organizations, searchset Bundles, OperationOutcomes and the CapabilityStatement. Rendered
//! as JSON values; FHIR has its own contract (the CapabilityStatement), not the OpenAPI one.

mod bundle;
mod capability;
mod organization;
mod outcome;
mod service_request;
mod subscription;
mod task;

pub use bundle::{BundleEntry, searchset};
pub use capability::capability_statement;
pub use organization::organization;
pub use outcome::{IssueType, operation_outcome};
pub use service_request::service_request_status;
pub use subscription::{
    SECRET_EXTENSION, id_only_notification, subscription, subscription_criteria,
};
pub use task::{TaskIssue, task, task_change, task_expression, task_status};

/// FHIR's JSON media type.
pub const FHIR_JSON: &str = "application/fhir+json";

/// The code system Askel's code lists are published under (`{base}{list}`).
pub const CODE_LIST_SYSTEM: &str = "urn:askel:code-list:";

/// The Finnish OID arc of organisations identified by their business ID (Y-tunnus).
pub const BUSINESS_ID_SYSTEM: &str = "urn:oid:1.2.246.10";

/// The FHIR version served.
pub const FHIR_VERSION: &str = "4.0.1";

/// A dateTime to the millisecond, as FHIR tooling compares them (fhirpath.js misreads more
/// digits). `meta.lastUpdated` keeps Askel's microseconds, so `_lastUpdated=gt` resumes exactly.
pub(crate) fn date_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
