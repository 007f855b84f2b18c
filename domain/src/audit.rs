//! Audit records: who touched which personal data, when, and with what result. They are
//! written in the same transaction as the change they record and no endpoint alters them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{AuditId, OrganisationId, ParticipantId};

code_list! {
    /// What was done.
    pub enum AuditAction ("audit_actions", "Actions recorded in the audit log") {
        Create = "create", "luonti", "skapande", "create";
        Read = "read", "luku", "läsning", "read";
        List = "list", "listaus", "listning", "list";
        Update = "update", "muutos", "ändring", "update";
        ReadIdentity = "read_identity", "henkilötunnuksen luku", "läsning av personbeteckning", "read identity code";
        Export = "export", "vienti", "export", "export";
        Anonymise = "anonymise", "anonymisointi", "anonymisering", "anonymise";
        Transfer = "transfer", "siirto", "överföring", "transfer";
        IdentityLookup = "identity_lookup", "henkilötunnuksella haku", "sökning med personbeteckning", "identity-code look-up";
    }
}

code_list! {
    /// How the attempt ended.
    pub enum AuditOutcome ("audit_outcomes", "Outcomes recorded in the audit log") {
        Allowed = "allowed", "sallittu", "tillåten", "allowed";
        Denied = "denied", "estetty", "nekad", "denied";
    }
}

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its id.
    pub id: AuditId,
    /// When.
    pub at: DateTime<Utc>,
    /// The API client (token `sub`).
    pub client: String,
    /// The client's organisation.
    pub organisation_id: Option<OrganisationId>,
    /// The person the client acted for (`act.sub`).
    pub acting_for: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// The kind of resource, e.g. `participant`, `step`, `exit`.
    pub resource: &'static str,
    /// The resource's id.
    pub resource_id: Uuid,
    /// The participant whose data it was.
    pub participant_id: Option<ParticipantId>,
    /// Allowed or denied.
    pub outcome: AuditOutcome,
    /// For a record of many items at once (a page listed, a batch created), each item: in its
    /// participant's access log it reads as an entry of its own, with this record's who, when,
    /// action, resource kind and outcome.
    pub items: Vec<AuditItem>,
}

/// One item of an audit record that covers many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditItem {
    /// Its own id: the entry's id in the participant's access log.
    pub id: AuditId,
    /// The participant whose data it was.
    pub participant_id: ParticipantId,
    /// The resource.
    pub resource_id: Uuid,
}
