//! A failing field of a command: which one, and what rule it breaks — in words that never
//! repeat the value sent. Every door (the `/v1` body, a query parameter, a FHIR element, a batch
//! item) reports its faults as these; the wire turns them into a problem's `errors`.

/// One failing field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFault {
    /// Path of the field, e.g. `funding.esf_amount_cents` or `items[3].entry_date`.
    pub field: String,
    /// The rule it breaks.
    pub message: String,
}

impl FieldFault {
    /// The fault of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
