//! The CapabilityStatement: what the facade supports, exactly.

use serde_json::{Value, json};

use super::FHIR_VERSION;

fn param(name: &str, kind: &str, doc: &str) -> Value {
    json!({"name": name, "type": kind, "documentation": doc})
}

/// The statement for a server at `base` (e.g. `https://askel.example/fhir`), built at `date`.
pub fn capability_statement(base: &str, software_version: &str, date: &str) -> Value {
    let read = json!({"code": "read"});
    let search = json!({"code": "search-type"});
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "Askel",
        "kind": "instance",
        "software": {"name": "Askel", "version": software_version},
        "implementation": {"description": "Askel: referrals of ESF social-inclusion projects, for the organisations they are addressed to", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "The referrals your organisation sent or received, under the same access rules and audit as /v1. Bearer tokens as for /v1.",
            "security": {
                "service": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"}]}],
                "description": "A bearer token (JWT) of an API client or of an accepted OpenID provider, as for /v1."
            },
            "resource": [
                {
                    "type": "ServiceRequest",
                    "versioning": "versioned",
                    "readHistory": false,
                    "interaction": [read, search],
                    "searchParam": [
                        param("performer", "reference", "Organization/{id} the referral is addressed to"),
                        param("requester", "reference", "Organization/{id} that sent it"),
                        param("status", "token", "draft | active | completed | revoked"),
                        param("_lastUpdated", "date", "gt or ge an instant; follow the next link, which never skips a referral committed late"),
                        param("_count", "number", "entries per page, 1 to 500 (default 50)"),
                    ]
                },
                {
                    "type": "Task",
                    // Updates must name the version they change (If-Match).
                    "versioning": "versioned-update",
                    "readHistory": false,
                    "updateCreate": false,
                    "conditionalUpdate": false,
                    "interaction": [read, search, {"code": "update"}, {"code": "patch"}],
                    "searchParam": [
                        param("owner", "reference", "Organization/{id} that owns the Task (the referral's target)"),
                        param("requester", "reference", "Organization/{id} that sent the referral"),
                        param("status", "token", "requested | received | accepted | rejected | in-progress | completed | cancelled"),
                        param("_lastUpdated", "date", "gt or ge an instant"),
                        param("_count", "number", "entries per page, 1 to 500 (default 50)"),
                    ],
                    "documentation": "One Task per referral. PUT or PATCH (JSON Patch) with If-Match: W/\"{versionId}\" moves it: status, statusReason (rejected, with a decline_reasons code) and output (completed: type outcome with valueString, started_on with valueDate). Each move is the referral's transition."
                },
                {
                    "type": "Organization",
                    "versioning": "versioned",
                    "interaction": [read]
                },
                {
                    "type": "Subscription",
                    "versioning": "versioned",
                    "interaction": [{"code": "create"}, read, {"code": "delete"}],
                    "documentation": "rest-hook on ServiceRequest?performer=Organization/{your organisation}, notified of referrals received and changed with id-only notifications (an R4 history Bundle naming the ServiceRequest), signed by Standard Webhooks with the secret shown once in the created Subscription's extension urn:askel:webhook-signing-secret. Listed under /v1/webhooks as well."
                }
            ]
        }]
    })
}
