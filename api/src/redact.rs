//! Messages about bad input name the field and what is allowed, never the value sent: a value
//! may be an identity code in the wrong field, and problems and log lines must not carry it.
//! Parsers' messages (serde's "unknown variant `…`", "invalid type: string \"…\"") quote the
//! value; here they are rewritten to what was expected.

/// `message` without any value the caller sent.
pub fn without_values(message: &str) -> String {
    // serde_json appends " at line L column C"; the field path already says where.
    let message = message.split(" at line ").next().unwrap_or(message);
    let expected = message
        .split_once(", expected ")
        .or_else(|| message.split_once(" expected "))
        .map(|(_, rest)| rest);
    let said = |what: &str| match expected {
        Some(e) => format!("{what}; expected {e}"),
        None => what.to_owned(),
    };
    if message.starts_with("unknown variant") {
        said("is not one of the allowed values")
    } else if message.starts_with("unknown field") {
        said("is not a known field")
    } else if message.starts_with("invalid type") {
        said("has the wrong type")
    } else if message.starts_with("invalid value") {
        said("is not a valid value")
    } else if message.starts_with("invalid length") {
        said("has the wrong length")
    } else if message.starts_with("missing field") || message.starts_with("duplicate field") {
        // Names one of our own fields.
        message.to_owned()
    } else {
        strip_quoted(message)
    }
}

/// `text` with every backquoted or double-quoted part replaced by `…`.
fn strip_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match (open, c) {
            (None, '`' | '"') => {
                open = Some(c);
                out.push('…');
            }
            (Some(q), c) if c == q => open = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "060696-678B";

    #[test]
    fn serde_messages_keep_what_was_expected_and_lose_the_value() {
        for (message, kept) in [
            (
                format!(
                    "unknown variant `{CODE}`, expected one of `female`, `male` at line 1 column 9"
                ),
                "is not one of the allowed values; expected one of `female`, `male`",
            ),
            (
                format!("unknown field `{CODE}`, expected `name` or `kind`"),
                "is not a known field; expected `name` or `kind`",
            ),
            (
                format!("invalid type: string \"{CODE}\", expected u32"),
                "has the wrong type; expected u32",
            ),
            (
                format!("invalid value: string \"{CODE}\", expected a date"),
                "is not a valid value; expected a date",
            ),
            (
                "missing field `gender`".to_owned(),
                "missing field `gender`",
            ),
            (
                format!("the business ID `{CODE}` is odd"),
                "the business ID … is odd",
            ),
        ] {
            let out = without_values(&message);
            assert_eq!(out, kept);
            assert!(!out.contains(CODE));
        }
    }
}
