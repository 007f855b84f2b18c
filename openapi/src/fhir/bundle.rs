//! Searchset Bundles.

use serde_json::{Value, json};

/// One resource found, with its absolute URL.
#[derive(Debug, Clone)]
pub struct BundleEntry {
    /// `{base}/{type}/{id}`.
    pub full_url: String,
    /// The resource.
    pub resource: Value,
}

/// A searchset Bundle of `entries`, with its `self` link and, when there are more, `next`.
pub fn searchset(self_url: &str, next_url: Option<&str>, entries: Vec<BundleEntry>) -> Value {
    let mut link = vec![json!({"relation": "self", "url": self_url})];
    if let Some(next) = next_url {
        link.push(json!({"relation": "next", "url": next}));
    }
    let entry: Vec<Value> = entries
        .into_iter()
        .map(
            |e| json!({"fullUrl": e.full_url, "resource": e.resource, "search": {"mode": "match"}}),
        )
        .collect();
    let mut b = json!({"resourceType": "Bundle", "type": "searchset", "link": link});
    if !entry.is_empty() {
        b["entry"] = json!(entry);
    }
    b
}
