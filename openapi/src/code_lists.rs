//! Code lists on the wire.

use askel_domain::code_list::PublishedList;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One code with its labels.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CodeListEntry {
    /// The code sent and received in the API.
    pub code: String,
    /// Finnish label.
    pub label_fi: String,
    /// Swedish label.
    pub label_sv: String,
    /// English label.
    pub label_en: String,
}

/// A code list.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({
    "name": "actor_roles",
    "description": "Roles of organisations in a project",
    "entries": [{"code": "co_implementer", "label_fi": "osatoteuttaja", "label_sv": "delgenomförare", "label_en": "co-implementer"}]
}))]
pub struct CodeList {
    /// Name of the list.
    pub name: String,
    /// What it lists.
    pub description: String,
    /// Codes in their published order.
    pub entries: Vec<CodeListEntry>,
}

/// Every code list's name and description.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CodeListSummary {
    /// Name, for `/v1/code-lists/{name}`.
    pub name: String,
    /// What it lists.
    pub description: String,
}

impl From<PublishedList> for CodeList {
    fn from(l: PublishedList) -> Self {
        Self {
            name: l.name.to_owned(),
            description: l.description.to_owned(),
            entries: l
                .entries
                .into_iter()
                .map(|(code, label)| CodeListEntry {
                    code: code.to_owned(),
                    label_fi: label.fi.to_owned(),
                    label_sv: label.sv.to_owned(),
                    label_en: label.en.to_owned(),
                })
                .collect(),
        }
    }
}
