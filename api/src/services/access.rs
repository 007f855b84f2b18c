//! How the caller stands to a project, for the access policy.

use askel_domain::{OrganisationId, Project, ProjectId, Relation};
use askel_persistence::Tx;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::error::OrNotFound;

/// The caller's organisation's relation to `project`.
pub async fn project_relation(
    tx: &Tx,
    principal: &Principal,
    project: ProjectId,
) -> Result<Relation, ApiError> {
    let Some(org) = principal.organisation else {
        return Ok(Relation::Unrelated);
    };
    let roles = tx.projects().roles_in_project(project, org).await?;
    Ok(askel_domain::project_relation(&roles))
}

/// Loads a project, answering 404 when there is none.
pub async fn load_project(tx: &Tx, id: ProjectId) -> Result<Project, ApiError> {
    tx.projects().project(id).await.or_not_found("project")
}

/// Refuses with 422 naming `field` when the organisations do not exist.
pub async fn require_organisations(
    tx: &Tx,
    refs: &[(String, OrganisationId)],
) -> Result<(), ApiError> {
    let ids: Vec<_> = refs.iter().map(|(_, id)| *id).collect();
    let missing = tx.organisations().missing_organisations(&ids).await?;
    let errors: Vec<_> = refs
        .iter()
        .filter(|(_, id)| missing.contains(id))
        .map(|(field, _)| askel_domain::FieldFault {
            field: field.clone(),
            message: "no organisation has this id".to_owned(),
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}
