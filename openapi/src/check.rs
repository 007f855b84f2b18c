//! Turning wire input into domain values while collecting every failing field, so one 422
//! answer lists them all.

use std::fmt::Display;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// One failing field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `funding.esf_amount_cents` or `target_areas.municipalities[2]`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl From<askel_domain::FieldFault> for FieldError {
    fn from(f: askel_domain::FieldFault) -> Self {
        Self {
            field: f.field,
            message: f.message,
        }
    }
}

impl From<FieldError> for askel_domain::FieldFault {
    fn from(f: FieldError) -> Self {
        Self {
            field: f.field,
            message: f.message,
        }
    }
}

/// Input that failed validation, with every failing field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

/// Collects field errors while parsing.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    /// Starts with the structural errors `validator` finds in `input`.
    pub fn new(input: &impl Validate) -> Self {
        let mut check = Self::default();
        if let Err(errors) = input.validate() {
            flatten("", &errors, &mut check.errors);
        }
        check
    }

    /// Adds the structural errors of a nested input that `validator` cannot reach by itself,
    /// under `prefix`.
    pub fn nested(&mut self, prefix: &str, input: &impl Validate) {
        if let Err(errors) = input.validate() {
            flatten(prefix, &errors, &mut self.errors);
        }
    }

    /// Keeps `result`'s value, or records its error against `field` (unless that field already
    /// failed a structural check).
    pub fn field<T, E: Display>(
        &mut self,
        field: impl Into<String>,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// Parses an optional value.
    pub fn optional<S, T, E: Display>(
        &mut self,
        field: impl Into<String>,
        value: Option<S>,
        parse: impl FnOnce(S) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match value {
            None => Some(None),
            Some(v) => self.field(field, parse(v)).map(Some),
        }
    }

    /// Parses each item of a list, naming failures `field[i]`.
    pub fn each<S, T, E: Display>(
        &mut self,
        field: &str,
        values: impl IntoIterator<Item = S>,
        mut parse: impl FnMut(S) -> Result<T, E>,
    ) -> Option<Vec<T>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (i, v) in values.into_iter().enumerate() {
            match self.field(format!("{field}[{i}]"), parse(v)) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Records an error against `field`.
    pub fn fail(&mut self, field: impl Into<String>, message: impl Display) {
        let field = field.into();
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError {
                field,
                message: message.to_string(),
            });
        }
    }

    /// Whether nothing has failed so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The value `build` makes from the parsed parts, or every error collected.
    pub fn finish<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, Invalid> {
        if !self.errors.is_empty() {
            return Err(Invalid(self.errors));
        }
        build().ok_or_else(|| {
            Invalid(vec![FieldError {
                field: String::new(),
                message: "invalid input".to_owned(),
            }])
        })
    }
}

/// Appends validator's errors in field-name order (its own order is a hash map's).
fn flatten(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by_key(|(field, _)| field.to_string());
    for (field, kind) in fields {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e
                        .message
                        .as_ref()
                        .map_or_else(|| describe(e), ToString::to_string);
                    if !out.iter().any(|f| f.field == path) {
                        out.push(FieldError {
                            field: path.clone(),
                            message,
                        });
                    }
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

/// A readable sentence for validator's built-in checks.
fn describe(e: &validator::ValidationError) -> String {
    let param = |name: &str| e.params.get(name).map(ToString::to_string);
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must have from {min} to {max} items or characters"),
            (None, Some(max)) => format!("must have at most {max} items or characters"),
            (Some(min), None) => format!("must have at least {min} items or characters"),
            _ => "has the wrong length".to_owned(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be from {min} to {max}"),
            (None, Some(max)) => format!("must be at most {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            _ => "is out of range".to_owned(),
        },
        other => format!("is invalid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Validate)]
    struct Input {
        #[validate(length(max = 2))]
        items: Vec<u8>,
        #[validate(range(min = 0))]
        amount: i64,
    }

    #[test]
    fn collects_structural_and_parse_errors_once_per_field() {
        let input = Input {
            items: vec![1, 2, 3],
            amount: -1,
        };
        let mut check = Check::new(&input);
        check.fail("items", "second opinion ignored");
        let parsed: Option<u8> = check.field("name", "x".parse::<u8>());
        assert!(parsed.is_none());
        let Invalid(errors) = check.finish(|| Some(())).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["amount", "items", "name"]);
        assert_eq!(
            errors.iter().find(|e| e.field == "items").unwrap().message,
            "must have at most 2 items or characters"
        );
        assert_eq!(
            errors.iter().find(|e| e.field == "amount").unwrap().message,
            "must be at least 0"
        );
    }

    #[test]
    fn each_names_the_failing_index() {
        let mut check = Check::default();
        let parsed = check.each("codes", ["1", "x", "3"], |s| s.parse::<u8>());
        assert!(parsed.is_none());
        let Invalid(errors) = check.finish(|| Some(())).unwrap_err();
        assert_eq!(errors[0].field, "codes[1]");
    }

    #[test]
    fn finish_builds_when_all_is_well() {
        let mut check = Check::default();
        let n = check.field("n", "7".parse::<u8>());
        assert_eq!(check.finish(|| Some(n? * 2)), Ok(14));
    }
}
