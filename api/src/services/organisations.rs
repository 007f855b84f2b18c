//! Organisations.

use askel_domain::{
    Action, NewOrganisation, Organisation, OrganisationId, Page, PageRequest, Relation,
};

use crate::clock::now;
use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::transaction::Work;

/// Registers an organisation (platform operator only).
pub async fn create(
    work: &Work<'_>,
    id: OrganisationId,
    fields: NewOrganisation,
) -> Result<Organisation, ApiError> {
    work.principal().require(
        Action::CreateOrganisation,
        Relation::Unrelated,
        "only the platform operator registers organisations",
    )?;
    let at = now();
    let organisation = Organisation {
        id,
        fields,
        created_at: at,
        updated_at: at,
    };
    work.organisations()
        .insert_organisation(&organisation)
        .await?;
    if crate::demo::is_loader(work.principal()) {
        tracing::debug!(organisation = %organisation.id, "organisation registered");
    } else {
        tracing::info!(organisation = %organisation.id, "organisation registered");
    }
    Ok(organisation)
}

/// One organisation.
pub async fn get(work: &Work<'_>, id: OrganisationId) -> Result<Organisation, ApiError> {
    work.principal().require(
        Action::ReadOrganisations,
        Relation::Unrelated,
        "your roles do not include reading organisations",
    )?;
    work.organisations()
        .organisation(id)
        .await
        .or_not_found("organisation")
}

/// A page of organisations.
pub async fn list(work: &Work<'_>, page: &PageRequest) -> Result<Page<Organisation>, ApiError> {
    work.principal().require(
        Action::ReadOrganisations,
        Relation::Unrelated,
        "your roles do not include reading organisations",
    )?;
    Ok(work.organisations().organisations(page).await?)
}
