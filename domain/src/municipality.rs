//! Municipality codes: Statistics Finland's three-digit codes (kuntanumero), e.g. 905 Vaasa.

use std::fmt;

/// A municipality code of three digits, e.g. `091` (Helsinki) or `905` (Vaasa).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityCode([u8; 3]);

/// Why a text is not a municipality code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a municipality code is three digits, e.g. 091 or 905")]
pub struct MunicipalityCodeError;

impl MunicipalityCode {
    /// Parses exactly three ASCII digits.
    pub fn parse(text: &str) -> Result<Self, MunicipalityCodeError> {
        match text.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => Ok(Self([*a, *b, *c])),
            _ => Err(MunicipalityCodeError),
        }
    }

    /// The code as three digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("000")
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_leading_zeros() {
        assert_eq!(MunicipalityCode::parse("091").unwrap().as_str(), "091");
        assert_eq!(MunicipalityCode::parse("905").unwrap().to_string(), "905");
    }

    #[test]
    fn rejects_anything_but_three_digits() {
        for bad in ["", "91", "0910", "9a5", "-91", " 91", "٩٠٥"] {
            assert_eq!(
                MunicipalityCode::parse(bad),
                Err(MunicipalityCodeError),
                "{bad:?}"
            );
        }
    }
}
