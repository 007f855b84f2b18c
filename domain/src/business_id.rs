//! The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.

use std::fmt;

/// A business ID whose check digit has been verified, e.g. `0737546-2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BusinessId(String);

/// Why a text is not a business ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BusinessIdError {
    /// Not of the form `NNNNNNN-C`.
    #[error("a business ID has the form 1234567-8 (seven digits, a hyphen, a check digit)")]
    Format,
    /// The digits give remainder 1, which no business ID is issued with.
    #[error("no business ID is issued with these seven digits (their remainder is 1)")]
    NeverIssued,
    /// The check digit does not match the digits.
    #[error("the check digit does not match; the expected check digit is {expected}")]
    CheckDigit {
        /// The check digit the seven digits call for.
        expected: u8,
    },
}

/// Weights the Finnish Tax Administration gives the seven digits, left to right.
const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

impl BusinessId {
    /// Parses `NNNNNNN-C` and verifies the check digit (modulus 11).
    pub fn parse(text: &str) -> Result<Self, BusinessIdError> {
        let bytes = text.as_bytes();
        if bytes.len() != 9 || bytes[7] != b'-' {
            return Err(BusinessIdError::Format);
        }
        let mut digits = [0u32; 8];
        for (i, b) in bytes.iter().enumerate().filter(|(i, _)| *i != 7) {
            if !b.is_ascii_digit() {
                return Err(BusinessIdError::Format);
            }
            digits[if i < 7 { i } else { 7 }] = u32::from(b - b'0');
        }
        let expected = check_digit(&digits[..7])?;
        if u32::from(expected) != digits[7] {
            return Err(BusinessIdError::CheckDigit { expected });
        }
        Ok(Self(text.to_owned()))
    }

    /// The ID as written, `NNNNNNN-C`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for seven digits, or why there is none.
fn check_digit(digits: &[u32]) -> Result<u8, BusinessIdError> {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => Ok(0),
        1 => Err(BusinessIdError::NeverIssued),
        r => Ok(u8::try_from(11 - r).unwrap_or(0)),
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ids_with_a_correct_check_digit() {
        // 7*0+9*7+10*3+5*7+8*5+4*4+2*6 = 196, 196 % 11 = 9, 11 - 9 = 2
        assert_eq!(
            BusinessId::parse("0737546-2").unwrap().as_str(),
            "0737546-2"
        );
        // remainder 0 gives check digit 0: 1*7+0+... pick 0000000 -> sum 0
        assert!(BusinessId::parse("0000000-0").is_ok());
        assert!(BusinessId::parse("1572860-0").is_ok());
    }

    #[test]
    fn rejects_a_wrong_check_digit_and_names_the_right_one() {
        assert_eq!(
            BusinessId::parse("0737546-3"),
            Err(BusinessIdError::CheckDigit { expected: 2 })
        );
    }

    #[test]
    fn rejects_digits_whose_remainder_is_one() {
        // 1000000: 7 % 11 = 7 -> fine; 0000030: 5*3 = 15, 15 % 11 = 4; 0000005: 2*5 = 10 -> r 10;
        // 0000200: 8*2 = 16 -> r 5; 0100000: 9 -> r 9; 0000004: 8 -> r 8; 0002000: 5*2=10;
        // 0000003: 6 -> r 6 ... 0010000 + 0000001: 10 + 2 = 12 -> r 1
        assert_eq!(
            BusinessId::parse("0010001-0"),
            Err(BusinessIdError::NeverIssued)
        );
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "0737546",
            "07375462",
            "0737546-",
            "737546-2",
            "0737546-22",
            "073754a-2",
            " 0737546-2",
            "0737546–2",
            "٠٧٣٧٥٤٦-٢",
        ] {
            assert_eq!(
                BusinessId::parse(bad),
                Err(BusinessIdError::Format),
                "{bad:?}"
            );
        }
    }
}
