//! Batch import: up to 1 000 participants in one request, each validated and stored on its
//! own (a savepoint per item), with a result per item. An item whose `external_ref` the
//! importer already uses updates that participant, so a retried batch creates no duplicates.

use askel_domain::ProjectId;
use askel_openapi::FieldError;
use askel_openapi::batch::{BatchSummary, ItemOutcome, ItemResult};
use askel_openapi::participants::{CreateParticipant, NewParticipant};
use askel_persistence::Tx;
use serde_json::Value;

use super::import_bulk::{self, Parsed};
use super::participants::{create, recorded_by, registration_target, replace};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

fn parse(value: Value, recorded_by: &str) -> Result<NewParticipant, ApiError> {
    let item: CreateParticipant = serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        let message = e.into_inner().to_string();
        ApiError::BadRequest {
            detail: message.clone(),
            errors: vec![FieldError {
                field: if field == "." { String::new() } else { field },
                message,
            }],
        }
    })?;
    Ok(item.into_domain(recorded_by)?)
}

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
        outcome: ItemOutcome::Failed,
        participant_id: None,
        external_ref,
        problems,
        detail,
    })
}

/// Imports `items` into `project` in `tx`; the caller commits, or drops `tx` for a dry run.
/// Plain new participants go in together (see `import_bulk`); the rest one by one, in order.
pub async fn import(
    tx: &Tx,
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    items: Vec<Value>,
    dry_run: bool,
) -> Result<BatchSummary, ApiError> {
    let (project, owner) = registration_target(tx, principal, project_id).await?;
    let by = recorded_by(principal);
    let received = items.len();
    let mut results: Vec<Option<ItemResult>> = vec![None; received];
    let mut parsed = Vec::with_capacity(received);
    for (index, value) in items.into_iter().enumerate() {
        let external_ref = value
            .get("external_ref")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match parse(value, &by) {
            Ok(new) => parsed.push(Parsed {
                index,
                external_ref,
                new,
            }),
            Err(e) => results[index] = Some(failed(index, external_ref, e)?),
        }
    }
    let (plain, mut one_by_one) = import_bulk::partition(tx, &project, owner, parsed).await?;
    match import_bulk::create_all(tx, principal, &project, owner, &plain).await? {
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
        results[index] = Some(store_one(tx, state, principal, &project, owner, item).await?);
    }
    let results: Vec<ItemResult> = results.into_iter().flatten().collect();
    let count = |o: ItemOutcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(BatchSummary {
        dry_run,
        received,
        created: count(ItemOutcome::Created),
        updated: count(ItemOutcome::Updated),
        failed: count(ItemOutcome::Failed),
        items: results,
    })
}

/// Stores one item in a savepoint of its own: creates it, or updates the participant the
/// importer knows by its `external_ref`.
async fn store_one(
    tx: &Tx,
    state: &AppState,
    principal: &Principal,
    project: &askel_domain::Project,
    owner: askel_domain::OrganisationId,
    item: Parsed,
) -> Result<ItemResult, ApiError> {
    let Parsed {
        index,
        external_ref,
        new,
    } = item;
    let savepoint = tx.nested().await?;
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
        Some(current) => replace(&savepoint, state, principal, project, current, new)
            .await
            .map(|s| (ItemOutcome::Updated, s)),
        None => create(&savepoint, state, principal, project, owner, new)
            .await
            .map(|s| (ItemOutcome::Created, s)),
    };
    match stored {
        Ok((outcome, s)) => {
            savepoint.commit().await?;
            Ok(ItemResult {
                index,
                outcome,
                participant_id: Some(s.participant.id.as_uuid()),
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
