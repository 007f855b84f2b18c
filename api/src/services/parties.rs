//! Who takes part in a project: actors, staff and statements.

use askel_domain::{
    Action, OrganisationId, Page, PageRequest, ProjectActor, ProjectId, Relation, StaffMember,
    Statement,
};
use askel_persistence::{ConfidentialVisibility, StoredActor};

use super::access::{load_project, permitted_project, require_organisations};
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

/// Adds an organisation in a role; the administrator and funder are set on the project.
pub async fn add_actor(work: &Work<'_>, actor: ProjectActor) -> Result<StoredActor, ApiError> {
    permitted_project(
        work,
        actor.project_id,
        Action::ManageActors,
        "only the project's administrator adds actors",
    )
    .await?;
    if actor.role.is_set_on_project() {
        return Err(ApiError::invalid(
            "role",
            "the administrator and funder are set on the project itself (administrator_organisation_id, funder_organisation_id)",
        ));
    }
    require_organisations(
        work,
        &[("organisation_id".to_owned(), actor.organisation_id)],
    )
    .await?;
    let at = now();
    work.projects().insert_actor(&actor, at).await?;
    Ok(StoredActor {
        actor,
        created_at: at,
    })
}

/// A page of a project's actors.
pub async fn actors(
    work: &Work<'_>,
    project: ProjectId,
    page: &PageRequest,
) -> Result<Page<StoredActor>, ApiError> {
    permitted_project(
        work,
        project,
        Action::ReadActors,
        "your roles do not include reading project actors",
    )
    .await?;
    Ok(work.projects().actors(project, page).await?)
}

/// Adds a staff member employed by one of the project's actors.
pub async fn add_staff(work: &Work<'_>, member: StaffMember) -> Result<StaffMember, ApiError> {
    permitted_project(
        work,
        member.project_id,
        Action::ManageStaff,
        "only the project's administrator adds staff",
    )
    .await?;
    require_organisations(
        work,
        &[("organisation_id".to_owned(), member.organisation_id)],
    )
    .await?;
    if work
        .projects()
        .roles_in_project(member.project_id, member.organisation_id)
        .await?
        .is_empty()
    {
        return Err(ApiError::invalid(
            "organisation_id",
            "the employing organisation must be an actor of the project",
        ));
    }
    work.organisations()
        .insert_staff_member(&member, now())
        .await?;
    Ok(member)
}

/// A page of a project's staff.
pub async fn staff(
    work: &Work<'_>,
    project: ProjectId,
    page: &PageRequest,
) -> Result<Page<StaffMember>, ApiError> {
    permitted_project(
        work,
        project,
        Action::ReadStaff,
        "your roles do not include reading project staff",
    )
    .await?;
    Ok(work.organisations().staff(project, page).await?)
}

fn issuer_relation(principal: &Principal, issuer: OrganisationId) -> Relation {
    if principal.organisation == Some(issuer) {
        Relation::Issuer
    } else {
        Relation::Unrelated
    }
}

/// Records a statement in the name of the caller's own organisation (the platform operator
/// may record one for any organisation).
pub async fn add_statement(work: &Work<'_>, statement: Statement) -> Result<Statement, ApiError> {
    load_project(work, statement.project_id).await?;
    work.principal().require(
        Action::IssueStatement,
        issuer_relation(work.principal(), statement.issuing_organisation_id),
        "a manager gives statements in the name of their own organisation only",
    )?;
    require_organisations(
        work,
        &[(
            "issuing_organisation_id".to_owned(),
            statement.issuing_organisation_id,
        )],
    )
    .await?;
    work.statements()
        .insert_statement(&statement, now())
        .await?;
    Ok(statement)
}

/// A page of a project's statements: public ones for everyone, confidential ones for the
/// project's actors and for their issuer.
pub async fn statements(
    work: &Work<'_>,
    project: ProjectId,
    page: &PageRequest,
) -> Result<Page<Statement>, ApiError> {
    let relation = permitted_project(
        work,
        project,
        Action::ReadPublicStatements,
        "your roles do not include reading statements",
    )
    .await?
    .relation;
    let visibility = if work
        .principal()
        .may(Action::ReadConfidentialStatements, relation)
    {
        ConfidentialVisibility::All
    } else {
        match work.principal().organisation {
            Some(org)
                if work
                    .principal()
                    .may(Action::ReadConfidentialStatements, Relation::Issuer) =>
            {
                ConfidentialVisibility::IssuedBy(org)
            }
            _ => ConfidentialVisibility::None,
        }
    };
    Ok(work
        .statements()
        .statements(project, visibility, page)
        .await?)
}
