//! What a batch import takes and answers, in the application's terms (the route maps them to
//! and from the wire): the items as the edge read them, and a result per item.

use askel_domain::{FieldFault, NewParticipant, ParticipantId};

use crate::error::ApiError;

/// An item of a batch as the edge read it: the participant, or why it could not be read.
#[derive(Debug)]
pub struct Item {
    /// Its `external_ref` as sent, for the result.
    pub external_ref: Option<String>,
    /// The participant it describes, or the fault that stopped reading it.
    pub parsed: Result<NewParticipant, ApiError>,
}

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new participant (or one that would be, in a dry run).
    Created,
    /// An existing participant with the same `external_ref`, updated.
    Updated,
    /// Refused; `problems` or `detail` say why.
    Failed,
}

/// The result for one item.
#[derive(Debug, Clone)]
pub struct ItemResult {
    /// The item's position in the batch.
    pub index: usize,
    /// What happened.
    pub outcome: Outcome,
    /// The participant, when created or updated.
    pub participant_id: Option<ParticipantId>,
    /// The item's `external_ref`, as sent.
    pub external_ref: Option<String>,
    /// Failing fields.
    pub problems: Vec<FieldFault>,
    /// Why it failed, when not a field (e.g. a duplicate person).
    pub detail: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Whether this was a dry run (nothing stored).
    pub dry_run: bool,
    /// Items received.
    pub received: usize,
    /// Created.
    pub created: usize,
    /// Updated.
    pub updated: usize,
    /// Failed.
    pub failed: usize,
    /// A result per item, in order.
    pub items: Vec<ItemResult>,
}
