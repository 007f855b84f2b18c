//! Free text fields: trimmed, non-empty, bounded, without control characters.

use std::fmt;

/// A trimmed, non-empty text of at most `MAX` characters with no control characters
/// (line breaks and tabs are allowed; NUL and the rest are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<const MAX: usize>(String);

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Empty or only white space.
    #[error("must not be empty")]
    Empty,
    /// Longer than allowed.
    #[error("must be at most {max} characters")]
    TooLong {
        /// The limit in characters.
        max: usize,
    },
    /// Contains a control character other than a line break or tab.
    #[error("must not contain control characters")]
    Control,
}

impl<const MAX: usize> Text<MAX> {
    /// Trims and checks a text.
    pub fn parse(text: &str) -> Result<Self, TextError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(TextError::Empty);
        }
        if trimmed.chars().count() > MAX {
            return Err(TextError::TooLong { max: MAX });
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            return Err(TextError::Control);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name: of an organisation, a project, a title.
pub type Name = Text<200>;
/// A longer description or summary.
pub type Description = Text<10_000>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_finnish_and_sami_letters() {
        let t = Name::parse("  Šiŋŋá Đuoddar – Åäö ry  ").unwrap();
        assert_eq!(t.as_str(), "Šiŋŋá Đuoddar – Åäö ry");
    }

    #[test]
    fn refuses_empty_overlong_and_control_characters() {
        assert_eq!(Name::parse("   "), Err(TextError::Empty));
        assert_eq!(Text::<3>::parse("abcd"), Err(TextError::TooLong { max: 3 }));
        assert_eq!(
            Text::<3>::parse("äöå").map(|t| t.into_string()),
            Ok("äöå".to_owned())
        );
        assert_eq!(Name::parse("a\u{0}b"), Err(TextError::Control));
        assert!(Description::parse("line one\nline two\ttab").is_ok());
    }
}
