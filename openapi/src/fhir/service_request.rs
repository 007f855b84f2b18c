//! Referrals as FHIR R4 ServiceRequests, for county systems that speak FHIR.

use askel_domain::ReferralStatus as D;

use super::CODE_LIST_SYSTEM;
use crate::enums::Gender;
use crate::referrals::Referral;

/// The ServiceRequest status of a referral status.
pub fn service_request_status(status: D) -> &'static str {
    match status {
        D::Draft => "draft",
        D::Sent | D::Received | D::Accepted | D::InProgress => "active",
        D::Completed => "completed",
        D::Declined | D::Cancelled => "revoked",
    }
}

impl Referral {
    /// The referral as a FHIR R4 ServiceRequest: the shared details in a contained Patient.
    pub fn to_fhir(&self) -> serde_json::Value {
        let status = service_request_status(D::from(self.status));
        let code = serde_json::to_value(self.service_kind).unwrap_or_default();
        let mut patient = serde_json::json!({"resourceType": "Patient", "id": "participant"});
        if let Some(code) = &self.shared.identity_code {
            patient["identifier"] =
                serde_json::json!([{"system": "urn:oid:1.2.246.21", "value": code}]);
        }
        if let Some(b) = self.shared.birth_date {
            patient["birthDate"] = serde_json::json!(b);
        }
        if let Some(g) = self.shared.gender {
            patient["gender"] = serde_json::json!(match g {
                Gender::Female => "female",
                Gender::Male => "male",
                Gender::NonBinary => "other",
                Gender::NotStated => "unknown",
            });
        }
        if let Some(m) = &self.shared.home_municipality {
            patient["address"] = serde_json::json!([{"district": m, "country": "FI"}]);
        }
        let mut note = vec![serde_json::json!({"text": self.reason})];
        if let Some(c) = &self.shared.contact {
            patient["name"] = serde_json::json!([{"text": c.name}]);
            let mut telecom = Vec::new();
            if let Some(p) = &c.phone {
                telecom.push(serde_json::json!({"system": "phone", "value": p}));
            }
            if let Some(e) = &c.email {
                telecom.push(serde_json::json!({"system": "email", "value": e}));
            }
            patient["telecom"] = serde_json::json!(telecom);
            if let Some(l) = &c.preferred_language {
                patient["communication"] = serde_json::json!([{
                    "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": l}]},
                    "preferred": true
                }]);
            }
            if let Some(t) = &c.good_time_to_call {
                note.push(serde_json::json!({"text": format!("A good time to call: {t}")}));
            }
        }
        if let Some(o) = &self.outcome {
            note.push(serde_json::json!({"text": format!("Outcome: {}", o.description)}));
        }
        serde_json::json!({
            "resourceType": "ServiceRequest",
            "id": self.id,
            "meta": {"versionId": self.version.to_string(), "lastUpdated": self.updated_at},
            "contained": [patient],
            "status": status,
            "intent": "order",
            "code": {"coding": [{"system": format!("{CODE_LIST_SYSTEM}service_kinds"), "code": code}]},
            "subject": {"reference": "#participant"},
            "requester": {"reference": format!("Organization/{}", self.sender_organisation_id)},
            "performer": [{"reference": format!("Organization/{}", self.target_organisation_id)}],
            "authoredOn": super::date_time(self.created_at),
            "reasonCode": [{"text": self.reason}],
            "note": note,
            "extension": [{"url": "urn:askel:referral-status", "valueCode": serde_json::to_value(self.status).unwrap_or_default()}]
        })
    }
}
