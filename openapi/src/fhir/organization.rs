//! Organisations as FHIR Organizations, so that a referral's requester and performer resolve.

use serde_json::{Value, json};

use super::{BUSINESS_ID_SYSTEM, CODE_LIST_SYSTEM};
use crate::organisations::Organisation;

/// The organisation as an Organization: its business ID under the Finnish register's system,
/// its name and kind. Organisations are never changed, so every one is version 1.
pub fn organization(o: &Organisation) -> Value {
    let kind = serde_json::to_value(o.kind).unwrap_or_default();
    let mut r = json!({
        "resourceType": "Organization",
        "id": o.id,
        "meta": {"versionId": "1", "lastUpdated": o.updated_at},
        "active": true,
        "type": [{"coding": [{"system": format!("{CODE_LIST_SYSTEM}organisation_kinds"), "code": kind}]}],
        "name": o.name,
    });
    if let Some(b) = &o.business_id {
        r["identifier"] = json!([{"use": "official", "system": BUSINESS_ID_SYSTEM, "value": b}]);
    }
    if let Some(m) = &o.home_municipality {
        r["address"] = json!([{"district": m, "country": "FI"}]);
    }
    r
}
