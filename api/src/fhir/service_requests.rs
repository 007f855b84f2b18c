//! `GET /fhir/ServiceRequest/{id}` and `GET /fhir/ServiceRequest?…`.

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use askel_openapi::fhir::service_request_status;
use askel_openapi::referrals::Referral;

use super::search::{ReferralResource, search_referrals};
use super::{FhirCaller, FhirError, parse_id, resource};
use crate::services::referrals as service;
use crate::state::AppState;
use crate::transaction;

/// One referral as a ServiceRequest, as `GET /v1/referrals/{id}` reads it (the target sees
/// what was shared with it, the identity code too; each such read is in the access log).
pub async fn read(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let id = parse_id(&id, "referral")?;
    let (referral, side, transitions, identity, contact) =
        transaction::read_audited(&state, &caller.principal, async |work| {
            service::get(work, id).await
        })
        .await?;
    let contact = contact.and_then(|text| serde_json::from_str(&text).ok());
    let wire = Referral::new(referral, side, transitions, identity, contact);
    Ok(resource(&wire.to_fhir(), &wire.version.to_string()))
}

/// The referrals as ServiceRequests, by `performer`, `requester`, `status` and `_lastUpdated`:
/// read a ServiceRequest for what a list leaves out.
pub async fn search(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
) -> Result<HttpResponse, FhirError> {
    search_referrals(state, caller, req, &SERVICE_REQUEST).await
}

const SERVICE_REQUEST: ReferralResource = ReferralResource {
    resource_type: "ServiceRequest",
    target_param: "performer",
    status_of: service_request_status,
    render: Referral::to_fhir,
};
