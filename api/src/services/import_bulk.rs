//! The fast path of batch import. Plain new participants (no identity code, a valid entry date,
//! an `external_ref` neither known to the importer nor repeated in the batch) are stored with a
//! few multi-row statements in one savepoint, instead of a savepoint and eight round trips each.
//! Everything else, and everything the database refuses here, takes the one-by-one path.

use std::collections::HashMap;

use askel_domain::{
    AuditAction, EventType, NewEvent, NewParticipant, OrganisationId, Participant, ParticipantId,
    Project,
};
use askel_persistence::StoreError;

use super::import_results::{ItemResult, Outcome};
use super::participants::check_against_project;
use crate::audit;
use crate::clock::now;
use crate::error::ApiError;
use crate::transaction::Work;

/// A parsed item and where it stood in the batch.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Its position.
    pub index: usize,
    /// Its `external_ref` as sent, for the result.
    pub external_ref: Option<String>,
    /// The participant.
    pub new: NewParticipant,
}

/// A batch split by how its items may be stored, each part in batch order.
#[derive(Debug)]
pub struct Partition {
    /// New participants the fast path may store together.
    pub plain: Vec<Parsed>,
    /// The rest, stored one by one.
    pub one_by_one: Vec<Parsed>,
}

/// Splits `items` into those the fast path may store and the rest, each in batch order.
pub async fn partition(
    work: &Work<'_>,
    project: &Project,
    owner: OrganisationId,
    items: Vec<Parsed>,
) -> Result<Partition, ApiError> {
    let refs: Vec<_> = items
        .iter()
        .filter_map(|p| p.new.fields.external_ref.as_ref())
        .collect();
    let known = work
        .participants()
        .known_external_refs(project.id, owner, &refs)
        .await?;
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for r in &refs {
        *uses.entry(r.as_str()).or_default() += 1;
    }
    let plain: Vec<bool> =
        items
            .iter()
            .map(|p| {
                p.new.identity_code.is_none()
                    && check_against_project(project, &p.new.fields).is_ok()
                    && p.new.fields.external_ref.as_ref().is_none_or(|r| {
                        !known.contains(r.as_str()) && uses.get(r.as_str()) == Some(&1)
                    })
            })
            .collect();
    let mut split = Partition {
        plain: Vec::new(),
        one_by_one: Vec::new(),
    };
    for (item, plain) in items.into_iter().zip(plain) {
        if plain {
            split.plain.push(item)
        } else {
            split.one_by_one.push(item)
        }
    }
    Ok(split)
}

/// Stores `items` as new participants, with their audit records and events, in one savepoint.
/// `Ok(None)` when the database refused them (another import took an `external_ref` meanwhile):
/// nothing of them is kept, and the caller stores them one by one.
pub async fn create_all(
    work: &Work<'_>,
    project: &Project,
    owner: OrganisationId,
    items: &[Parsed],
) -> Result<Option<Vec<ItemResult>>, ApiError> {
    if items.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let administrator = work.projects().project_administrator(project.id).await?;
    let at = now();
    let participants: Vec<Participant> = items
        .iter()
        .map(|p| Participant {
            id: ParticipantId::new(),
            project_id: project.id,
            owner_id: owner,
            fields: p.new.fields.clone(),
            has_identity_code: false,
            anonymised: false,
            version: 1,
            created_at: at,
            updated_at: at,
        })
        .collect();
    let events: Vec<_> = participants
        .iter()
        .map(|p| {
            NewEvent::new(
                EventType::ParticipantRegistered,
                p.id.as_uuid(),
                at,
                [owner, administrator],
            )
            .about(p.project_id, Some(p.id))
        })
        .collect();
    let savepoint = work.nested().await?;
    let stored = async {
        savepoint
            .participants()
            .insert_new_participants(&participants)
            .await?;
        audit::record_covering(
            &savepoint,
            AuditAction::Create,
            "participant",
            participants.iter().map(|p| (p.id.as_uuid(), p.id)),
        )
        .await?;
        savepoint.events().insert_events(&events).await
    }
    .await;
    match stored {
        Ok(()) => savepoint.commit().await?,
        Err(StoreError::Conflict(_) | StoreError::MissingReference) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    Ok(Some(
        items
            .iter()
            .zip(&participants)
            .map(|(item, p)| ItemResult {
                index: item.index,
                outcome: Outcome::Created,
                participant_id: Some(p.id),
                external_ref: item.external_ref.clone(),
                problems: vec![],
                detail: None,
            })
            .collect(),
    ))
}
