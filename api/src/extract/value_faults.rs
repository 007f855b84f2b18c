//! Every value the parser refuses, not only the first. The parser stops at the first refused
//! value, and the contract's schema cannot say everything the parser checks (a date's range, a
//! code's form): so each refused value is taken out of the body and the rest is parsed again,
//! until what is left is refused only for what is missing or nothing is refused.

use askel_domain::FieldFault;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

/// How many refused values one body may name; a body with more is refused with these.
const MOST: usize = 30;

/// Each value of `body` the parser refuses for `T`, with its path.
/// Unknown and missing fields are left to the schema, which names them by their own key; an
/// object missing a field is taken out whole so that the fields after it are still read.
pub fn refused_values<T: DeserializeOwned>(body: &Value) -> Vec<FieldFault> {
    let mut body = body.clone();
    let mut out = Vec::new();
    for _ in 0..MOST * 2 {
        let Err(e) = serde_path_to_error::deserialize::<_, T>(&body) else {
            break;
        };
        let message = e.inner().to_string();
        let segments: Vec<Segment> = e.path().iter().cloned().collect();
        if !take_out(&mut body, &segments) {
            break;
        }
        if message.starts_with("unknown field") || message.starts_with("missing field") {
            continue;
        }
        out.push(FieldFault {
            field: crate::redact::without_values(&e.path().to_string()),
            message: crate::redact::without_values(&message),
        });
        if out.len() == MOST {
            break;
        }
    }
    out
}

/// Removes the object member at `path`, or the member holding the list it points into (an
/// item cannot be taken out without renumbering the rest); false when there is none, as for a
/// field missing from the body itself.
fn take_out(body: &mut Value, path: &[Segment]) -> bool {
    let member = path.iter().rposition(|s| matches!(s, Segment::Map { .. }));
    let Some((Segment::Map { key }, parents)) = member.and_then(|at| path[..=at].split_last())
    else {
        return false;
    };
    let mut at = body;
    for segment in parents {
        let next = match segment {
            Segment::Map { key } => at.get_mut(key.as_str()),
            Segment::Seq { index } => at.get_mut(*index),
            _ => None,
        };
        let Some(next) = next else {
            return false;
        };
        at = next;
    }
    at.as_object_mut()
        .is_some_and(|object| object.remove(key.as_str()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        #[serde(deserialize_with = "askel_openapi::dates::date")]
        first: chrono::NaiveDate,
        second: i64,
        items: Vec<Item>,
        #[serde(deserialize_with = "askel_openapi::dates::date")]
        third: chrono::NaiveDate,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        #[serde(deserialize_with = "askel_openapi::dates::date")]
        at: chrono::NaiveDate,
    }

    #[test]
    fn every_refused_value_is_named() {
        let body = json!({"first": "2250-01-01", "second": "x", "extra": 1,
                          "items": [{"at": "2024-01-01"}, {"at": "1899-12-31"}], "third": "2024-02-30"});
        let mut got: Vec<String> = refused_values::<Body>(&body)
            .into_iter()
            .map(|f| f.field)
            .collect();
        got.sort();
        assert_eq!(got, ["first", "items[1].at", "second", "third"]);
    }

    #[test]
    fn missing_fields_and_clean_bodies_name_nothing() {
        assert!(refused_values::<Body>(&json!({"second": 1})).is_empty());
        let clean = json!({"first": "2024-01-01", "second": 1, "items": [], "third": "2024-01-01"});
        assert!(refused_values::<Body>(&clean).is_empty());
    }

    #[test]
    fn values_are_never_repeated() {
        let body = json!({"first": "060696-678B", "second": "060696-678B", "items": [], "third": "2024-01-01"});
        for f in refused_values::<Body>(&body) {
            assert!(!f.message.contains("060696"), "{f:?}");
        }
    }
}
