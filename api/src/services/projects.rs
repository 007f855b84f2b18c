//! Projects.

use askel_domain::{
    Action, NewProject, Page, PageRequest, Project, ProjectChanges, ProjectId, Relation,
};

use super::access::{load_project, permitted_project, require_organisations};
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

fn organisation_refs(fields: &NewProject) -> Vec<(String, askel_domain::OrganisationId)> {
    let mut refs = vec![(
        "administrator_organisation_id".to_owned(),
        fields.administrator_id,
    )];
    refs.extend(
        fields
            .funder_id
            .map(|f| ("funder_organisation_id".to_owned(), f)),
    );
    if let Some(funding) = &fields.funding {
        for (i, c) in funding.co_funders().iter().enumerate() {
            refs.push((
                format!("funding.co_funders[{i}].organisation_id"),
                c.organisation_id,
            ));
        }
    }
    refs
}

/// Creates a project and names its administrator (platform operator only).
pub async fn create(
    work: &Work<'_>,
    id: ProjectId,
    fields: NewProject,
) -> Result<Project, ApiError> {
    work.principal().require(
        Action::CreateProject,
        Relation::Unrelated,
        "only the platform operator creates projects",
    )?;
    require_organisations(work, &organisation_refs(&fields)).await?;
    let at = now();
    let project = Project {
        id,
        fields,
        version: 1,
        retention_end: None,
        created_at: at,
        updated_at: at,
    };
    work.projects().insert_project(&project).await?;
    if crate::demo::is_loader(work.principal()) {
        tracing::debug!(project = %project.id, "project created");
    } else {
        tracing::info!(project = %project.id, "project created");
    }
    Ok(project)
}

/// One project.
pub async fn get(work: &Work<'_>, id: ProjectId) -> Result<Project, ApiError> {
    work.principal().require(
        Action::ReadProjects,
        Relation::Unrelated,
        "your roles do not include reading projects",
    )?;
    load_project(work, id).await
}

/// A page of projects.
pub async fn list(work: &Work<'_>, page: &PageRequest) -> Result<Page<Project>, ApiError> {
    work.principal().require(
        Action::ReadProjects,
        Relation::Unrelated,
        "your roles do not include reading projects",
    )?;
    Ok(work.projects().projects(page).await?)
}

/// Changes a project (its administrator's manager, or the platform operator). With
/// `if_match`, refuses when the project has moved on from that version.
pub async fn update(
    work: &Work<'_>,
    id: ProjectId,
    changes: ProjectChanges,
    if_match: Option<i32>,
) -> Result<Project, ApiError> {
    let current = permitted_project(
        work,
        id,
        Action::UpdateProject,
        "only the project's administrator changes the project",
    )
    .await?
    .project;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(ApiError::PreconditionFailed);
    }
    if changes.is_empty() {
        return Ok(current);
    }
    let fields = current
        .fields
        .apply(changes)
        .map_err(|e| ApiError::invalid("end_date", e.to_string()))?;
    require_organisations(work, &organisation_refs(&fields)).await?;
    let updated = Project {
        fields,
        version: current.version + 1,
        updated_at: now(),
        ..current.clone()
    };
    if !work
        .projects()
        .update_project(&updated, current.version, current.fields.funder_id)
        .await?
    {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(updated)
}
