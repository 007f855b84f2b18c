//! Batch import: up to 1 000 participants in one request, each validated and stored on its
//! own (a savepoint per item), with a result per item. An item whose `external_ref` the
//! importer already uses updates that participant, so a retried batch creates no duplicates.

use askel_domain::ProjectId;

use super::import_bulk::{self, Parsed, Partition};
pub use super::import_results::{Item, ItemResult, Outcome, Summary};
use super::participants::{RegistrationTarget, create, registration_target, replace};
use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::Work;

fn failed(
    index: usize,
    external_ref: Option<String>,
    error: ApiError,
) -> Result<ItemResult, ApiError> {
    let (problems, detail) = match error {
        ApiError::Invalid(errors) | ApiError::BadRequest { errors, .. } if !errors.is_empty() => {
            (errors, None)
        }
        ApiError::BadRequest { detail, .. } | ApiError::Conflict(detail) => {
            (Vec::new(), Some(detail))
        }
        // Faults of the server fail the whole request, not one item.
        other => return Err(other),
    };
    Ok(ItemResult {
        index,
        outcome: Outcome::Failed,
        participant_id: None,
        external_ref,
        problems,
        detail,
    })
}

/// Imports `items` into `project` in `work`; the runner commits it, or rolls it back for a dry
/// run.
/// Plain new participants go in together (see `import_bulk`); the rest one by one, in order.
pub async fn import(
    work: &Work<'_>,
    state: &AppState,
    project_id: ProjectId,
    items: Vec<Item>,
    dry_run: bool,
) -> Result<Summary, ApiError> {
    let RegistrationTarget { project, owner } = registration_target(work, project_id).await?;
    let received = items.len();
    let mut results: Vec<Option<ItemResult>> = vec![None; received];
    let mut parsed = Vec::with_capacity(received);
    for (
        index,
        Item {
            external_ref,
            parsed: item,
        },
    ) in items.into_iter().enumerate()
    {
        match item {
            Ok(new) => parsed.push(Parsed {
                index,
                external_ref,
                new,
            }),
            Err(e) => results[index] = Some(failed(index, external_ref, e)?),
        }
    }
    let Partition {
        plain,
        mut one_by_one,
    } = import_bulk::partition(work, &project, owner, parsed).await?;
    match import_bulk::create_all(work, &project, owner, &plain).await? {
        Some(created) => {
            for r in created {
                let index = r.index;
                results[index] = Some(r);
            }
        }
        None => {
            one_by_one.extend(plain);
            one_by_one.sort_by_key(|p| p.index);
        }
    }
    for item in one_by_one {
        let index = item.index;
        results[index] = Some(store_one(work, state, &project, owner, item).await?);
    }
    let results: Vec<ItemResult> = results.into_iter().flatten().collect();
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(Summary {
        dry_run,
        received,
        created: count(Outcome::Created),
        updated: count(Outcome::Updated),
        failed: count(Outcome::Failed),
        items: results,
    })
}

/// Stores one item in a savepoint of its own: creates it, or updates the participant the
/// importer knows by its `external_ref`.
async fn store_one(
    work: &Work<'_>,
    state: &AppState,
    project: &askel_domain::Project,
    owner: askel_domain::OrganisationId,
    item: Parsed,
) -> Result<ItemResult, ApiError> {
    let Parsed {
        index,
        external_ref,
        new,
    } = item;
    let savepoint = work.nested().await?;
    let existing = match &new.fields.external_ref {
        Some(r) => {
            savepoint
                .participants()
                .participant_by_external_ref(project.id, owner, r)
                .await?
        }
        None => None,
    };
    let stored = match existing {
        Some(current) => replace(&savepoint, state, project, current, new)
            .await
            .map(|s| (Outcome::Updated, s)),
        None => create(&savepoint, state, project, owner, new)
            .await
            .map(|s| (Outcome::Created, s)),
    };
    match stored {
        Ok((outcome, s)) => {
            savepoint.commit().await?;
            Ok(ItemResult {
                index,
                outcome,
                participant_id: Some(s.participant.id),
                external_ref,
                problems: vec![],
                detail: None,
            })
        }
        Err(e) => {
            drop(savepoint);
            failed(index, external_ref, e)
        }
    }
}
