//! Every fault of a JSON body at once. When a body does not parse into its type, it is checked
//! against the type's schema in the published contract (the committed `openapi/openapi.json`,
//! which a test holds equal to the served one), so the problem lists every faulty, missing and
//! unknown field with its path, not only the first the parser met. Messages say what was
//! expected, never the value sent; a key is named only when it looks like a field name.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use askel_domain::FieldFault;
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Validator};
use serde_json::{Value, json};

/// The published contract's schemas.
static COMPONENTS: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str::<Value>(include_str!("../../openapi/openapi.json"))
        .map(|mut doc| doc["components"].take())
        .unwrap_or(Value::Null)
});

/// A validator per schema name, built the first time a body of that type fails.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Option<Arc<Validator>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn validator(schema: &str) -> Option<Arc<Validator>> {
    let mut cache = VALIDATORS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry(schema.to_owned())
        .or_insert_with(|| {
            let root = json!({
                "$ref": format!("#/components/schemas/{schema}"),
                "components": COMPONENTS.clone(),
            });
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .ok()
                .map(Arc::new)
        })
        .clone()
}

/// Whether a key the caller sent may be repeated in a problem: a field-like name.
fn nameable(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A JSON pointer as a field path like `consents[0].kind`; keys that are not field-like are
/// shown as `?`.
fn field_path(pointer: &str) -> String {
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(if nameable(&segment) { &segment } else { "?" });
        }
    }
    out
}

fn joined(parent: &str, key: &str) -> String {
    let key = if nameable(key) { key } else { "?" };
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// What a schema fault says, without the value.
fn faults_of(kind: &ValidationErrorKind, at: &str) -> Vec<FieldFault> {
    let one = |message: String| {
        vec![FieldFault {
            field: at.to_owned(),
            message,
        }]
    };
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected
            .iter()
            .map(|key| FieldFault {
                field: joined(at, key),
                message: "is not a known field".into(),
            })
            .collect(),
        ValidationErrorKind::Required { property } => vec![FieldFault {
            field: joined(at, property.as_str().unwrap_or("?")),
            message: "is required".into(),
        }],
        ValidationErrorKind::Type { kind } => {
            let names = format!("{kind:?}")
                .replace("Single", "")
                .replace("Multiple", "")
                .replace(['(', ')', '[', ']', '{', '}'], "")
                .to_lowercase();
            let names: Vec<&str> = names
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            one(format!(
                "has the wrong type; expected {}",
                names.join(" or ")
            ))
        }
        // The allowed values come from the contract, never from the caller.
        ValidationErrorKind::Enum { options } => match options.as_array() {
            Some(values) if values.iter().all(Value::is_string) && values.len() <= 30 => {
                let listed: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                one(format!(
                    "is not one of the allowed values: {}",
                    listed.join(", ")
                ))
            }
            _ => one("is not one of the allowed values".into()),
        },
        ValidationErrorKind::Constant { .. } => one("is not one of the allowed values".into()),
        ValidationErrorKind::Format { format } => one(format!("is not a valid {format}")),
        ValidationErrorKind::MinLength { limit } => {
            one(format!("is too short (at least {limit} characters)"))
        }
        ValidationErrorKind::MaxLength { limit } => {
            one(format!("is too long (at most {limit} characters)"))
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            one(format!("is below the minimum {limit}"))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            one(format!("is above the maximum {limit}"))
        }
        ValidationErrorKind::MinItems { limit } => {
            one(format!("has too few items (at least {limit})"))
        }
        ValidationErrorKind::MaxItems { limit } => {
            one(format!("has too many items (at most {limit})"))
        }
        ValidationErrorKind::Pattern { .. } => one("does not match the expected pattern".into()),
        _ => one("is not a valid value".into()),
    }
}

/// Every fault of `body` against the contract's schema `schema`, in body order; empty when
/// the schema is unknown or finds nothing.
pub fn faults(schema: &str, body: &Value) -> Vec<FieldFault> {
    let Some(v) = validator(schema) else {
        return Vec::new();
    };
    let mut out: Vec<FieldFault> = Vec::new();
    for e in v.iter_errors(body) {
        let at = field_path(&e.instance_path.to_string());
        for f in faults_of(&e.kind, &at) {
            if !out.iter().any(|o| o.field == f.field) {
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(schema: &str, body: Value) -> Vec<String> {
        faults(schema, &body).into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn every_faulty_and_unknown_field_is_named() {
        let mut got = fields(
            "CreateParticipant",
            json!({"birth_date": "yesterday", "gender": 42, "shoe_size": 9, "entry_date": "2025-01-01", "labour_market_status": "unemployed", "education": "isced_0_2"}),
        );
        got.sort();
        assert_eq!(got, ["birth_date", "gender", "shoe_size"]);
    }

    #[test]
    fn missing_fields_and_nested_paths_are_named() {
        let got = fields(
            "CreateParticipant",
            json!({"entry_date": "2025-01-01", "gender": "female", "labour_market_status": "unemployed", "consents": [{"kind": "nope", "given": true, "date": "2025-01-01"}]}),
        );
        for expected in ["birth_date", "education", "consents[0].kind"] {
            assert!(got.contains(&expected.to_owned()), "{expected} in {got:?}");
        }
    }

    #[test]
    fn keys_that_are_not_field_like_are_not_repeated() {
        let got = fields(
            "CreateOrganisation",
            json!({"name": "A ry", "kind": "association", "060696-678B": 1, "Matti Meikäläinen": 2}),
        );
        assert_eq!(got, ["?"]);
        assert_eq!(field_path("/consents/0/kind"), "consents[0].kind");
        assert_eq!(field_path("/scores/Work Ability"), "scores.?");
    }

    /// The first hour of an integrator: an unbalanced "expected (null, string", and code lists
    /// whose refusal did not say what is allowed.
    #[test]
    fn messages_name_the_allowed_values_and_types_readably() {
        let body = json!({"entry_date": "2025-01-01", "gender": "female", "birth_date": "2000-01-01",
                          "labour_market_status": "jobless", "education": "phd", "unemployed_since": 5});
        let found = faults("CreateParticipant", &body);
        let said = |field: &str| {
            found
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message.clone())
                .unwrap_or_default()
        };
        assert!(said("education").contains("isced_0, isced_0_2, isced_3_4, isced_5_8"));
        assert!(said("labour_market_status").contains("unemployed, inactive"));
        let typed = said("unemployed_since");
        assert_eq!(typed, "has the wrong type; expected null or string");
        for f in &found {
            assert_eq!(
                f.message.matches('(').count(),
                f.message.matches(')').count(),
                "{f:?}"
            );
        }
    }

    #[test]
    fn messages_never_carry_the_value() {
        let body = json!({"birth_date": "060696-678B", "gender": "060696-678B", "entry_date": "060696-678B", "labour_market_status": "unemployed", "education": "isced_0_2"});
        for f in faults("CreateParticipant", &body) {
            assert!(!f.message.contains("060696"), "{f:?}");
        }
    }
}
