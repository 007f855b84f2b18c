//! `GET /fhir/ServiceRequest/{id}` and `GET /fhir/ServiceRequest?…`.

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use askel_domain::{CodeList, ReferralStatus};
use askel_openapi::fhir::{BundleEntry, searchset, service_request_status};
use askel_openapi::referrals::Referral;
use askel_persistence::ReferralFilter;

use super::search::{Search, parse};
use super::{FhirCaller, FhirError, bundle, parse_id, resource};
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
        transaction::read_audited(&state, async |tx| {
            service::get(tx, &state, &caller.principal, id).await
        })
        .await?;
    let contact = contact.and_then(|text| serde_json::from_str(&text).ok());
    let wire = Referral::new(referral, side, transitions, identity, contact);
    Ok(resource(&wire.to_fhir(), &wire.version.to_string()))
}

/// The referral statuses a ServiceRequest status token stands for (none for a status Askel
/// never gives).
fn statuses(tokens: &[String]) -> Vec<ReferralStatus> {
    ReferralStatus::all()
        .iter()
        .copied()
        .filter(|s| tokens.iter().any(|t| t == service_request_status(*s)))
        .collect()
}

/// The filter a search asks for, within what the caller's organisation may see.
pub(super) fn filter(search: &Search, sender: &str, target: &str) -> ReferralFilter {
    ReferralFilter {
        // The service puts the caller's organisation here.
        organisation: askel_domain::OrganisationId::from_uuid(uuid::Uuid::nil()),
        side: None,
        statuses: None,
        sender: search.reference(sender),
        target: search.reference(target),
        service_kind: None,
        project: None,
    }
}

/// The referrals the caller's organisation sent or received, by `performer`, `requester`,
/// `status` and `_lastUpdated`, as a searchset Bundle; each listing is in the access log.
/// Entries carry what a `/v1` list item does (no identity code, no contact details): read the
/// ServiceRequest for those.
pub async fn search(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
) -> Result<HttpResponse, FhirError> {
    let search = parse(req.query_string(), &["performer", "requester"])?;
    let mut filter = filter(&search, "requester", "performer");
    filter.statuses = search.status.as_deref().map(statuses);
    let found = transaction::read_audited(&state, async |tx| {
        service::list(tx, &caller.principal, filter, &search.page).await
    })
    .await?;
    let (this, next) = search.links(&caller.base, "ServiceRequest", req.query_string(), &found);
    let entries = found
        .items
        .into_iter()
        .map(|(r, side)| {
            let wire = Referral::new(r, side, Vec::new(), None, None);
            BundleEntry {
                full_url: format!("{}/ServiceRequest/{}", caller.base, wire.id),
                resource: wire.to_fhir(),
            }
        })
        .collect();
    Ok(bundle(&searchset(&this, next.as_deref(), entries)))
}
