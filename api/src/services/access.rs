//! How the caller stands to a project, for the access policy.

use askel_domain::{Action, OrganisationId, Project, ProjectId, Relation};

use crate::error::ApiError;
use crate::error::OrNotFound;
use crate::transaction::Work;

/// The caller's organisation's relation to `project`.
pub async fn project_relation(work: &Work<'_>, project: ProjectId) -> Result<Relation, ApiError> {
    let Some(org) = work.principal().organisation else {
        return Ok(Relation::Unrelated);
    };
    let roles = work.projects().roles_in_project(project, org).await?;
    Ok(askel_domain::project_relation(&roles))
}

/// Loads a project, answering 404 when there is none.
pub async fn load_project(work: &Work<'_>, id: ProjectId) -> Result<Project, ApiError> {
    work.projects().project(id).await.or_not_found("project")
}

/// A project the caller may take an action on, and how the caller stands to it.
#[derive(Debug)]
pub struct PermittedProject {
    /// The project.
    pub project: Project,
    /// The caller's organisation's relation to it.
    pub relation: Relation,
}

/// Loads project `id` (404 when there is none) for a caller who may take `action` on it (403
/// saying `why` otherwise): the one prologue of every project-scoped service.
pub async fn permitted_project(
    work: &Work<'_>,
    id: ProjectId,
    action: Action,
    why: &'static str,
) -> Result<PermittedProject, ApiError> {
    let project = load_project(work, id).await?;
    let relation = project_relation(work, id).await?;
    work.principal().require(action, relation, why)?;
    Ok(PermittedProject { project, relation })
}

/// Refuses with 422 naming `field` when the organisations do not exist.
pub async fn require_organisations(
    work: &Work<'_>,
    refs: &[(String, OrganisationId)],
) -> Result<(), ApiError> {
    let ids: Vec<_> = refs.iter().map(|(_, id)| *id).collect();
    let missing = work.organisations().missing_organisations(&ids).await?;
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
