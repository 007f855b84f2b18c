//! `GET /fhir/Organization/{id}`: organisations are public facts to every authenticated caller,
//! as on `/v1`, so a referral's requester and performer resolve.

use actix_web::HttpResponse;
use actix_web::web::{Data, Path};
use askel_domain::OrganisationId;
use askel_openapi::fhir::organization;
use askel_openapi::organisations::Organisation;

use super::{FhirCaller, FhirError, parse_id, resource};
use crate::services::organisations as service;
use crate::state::AppState;

/// One organisation.
pub async fn read(
    state: Data<AppState>,
    caller: FhirCaller,
    id: Path<String>,
) -> Result<HttpResponse, FhirError> {
    let id = OrganisationId::from_uuid(parse_id(&id, "organisation")?);
    let o = crate::transaction::read(&state, &caller.principal, async |work| {
        service::get(work, id).await
    })
    .await?;
    Ok(resource(&organization(&Organisation::from(o)), "1"))
}
