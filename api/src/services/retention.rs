//! Retention: participant data is kept only as long as the funding rules require. Each project
//! has a retention end its administrator sets; after it, `askel retention` (and, when enabled,
//! the server once a day) anonymises the project's participants exactly as the anonymise
//! operation does — identifying data gone everywhere, figures unchanged, the audit trail kept.

use askel_domain::{Action, ProjectId, Relation, Role};
use chrono::NaiveDate;

use super::access::{load_project, permitted_project};
use crate::auth::Principal;
use crate::clock::now;
use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::Work;

/// Sets a project's retention end (its administrator only).
pub async fn set_end(
    work: &Work<'_>,
    id: ProjectId,
    end: Option<NaiveDate>,
) -> Result<askel_domain::Project, ApiError> {
    let relation = permitted_project(
        work,
        id,
        Action::UpdateProject,
        "only the project's administrator sets its retention end",
    )
    .await?
    .relation;
    if relation != Relation::ProjectAdministrator && !work.principal().roles.contains(&Role::Admin)
    {
        return Err(ApiError::Forbidden(
            "only the project's administrator sets its retention end",
        ));
    }
    work.projects().set_retention_end(id, end, now()).await?;
    load_project(work, id).await
}

/// The caller retention runs as: recorded in the audit trail as `askel-retention`.
fn retention() -> Principal {
    Principal {
        client: "askel-retention".into(),
        organisation: None,
        roles: vec![Role::Admin],
        acting_for: None,
    }
}

/// How many of a project's participants are past its retention end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The project's code.
    pub project_code: String,
    /// How many participants.
    pub participants: usize,
}

/// What retention found, per project code: participants past their project's retention end.
pub async fn due(state: &AppState, today: NaiveDate) -> Result<Vec<Due>, ApiError> {
    let found = crate::transaction::outside::read_in(&state.db, async |tx| {
        tx.projects().past_retention(today).await
    })
    .await?;
    let mut out: Vec<Due> = Vec::new();
    for past in found {
        match out.last_mut() {
            Some(due) if due.project_code == past.project_code => due.participants += 1,
            _ => out.push(Due {
                project_code: past.project_code,
                participants: 1,
            }),
        }
    }
    Ok(out)
}

/// Anonymises every participant past its project's retention end, each in a transaction of its
/// own (so a failure leaves the others done); how many.
pub async fn run(state: &AppState, today: NaiveDate) -> Result<usize, ApiError> {
    let found = crate::transaction::outside::read_in(&state.db, async |tx| {
        tx.projects().past_retention(today).await
    })
    .await?;
    let principal = retention();
    for past in &found {
        crate::transaction::write(state, &principal, async |work| {
            super::rights::anonymise_checked(work, past.participant).await
        })
        .await?;
    }
    if !found.is_empty() {
        tracing::info!(participants = found.len(), "retention: anonymised");
        scrub(state).await;
    }
    Ok(found.len())
}

/// Leaves no copy of erased data in the database's log (`Database::scrub_after_erasure`).
/// The erasure is committed already: a failure here is logged, and the next one scrubs.
pub async fn scrub(state: &AppState) {
    if let Err(e) = state.db.scrub_after_erasure().await {
        tracing::warn!(error = %e, "the write-ahead log could not be emptied after an erasure");
    }
}

/// Runs retention once a day (the first time a minute after start).
pub fn spawn_daily(state: AppState) {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        loop {
            if let Err(e) = run(&state, now().date_naive()).await {
                tracing::warn!(error = %e, "retention run failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
        }
    });
}
