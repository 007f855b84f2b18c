//! The Finnish personal identity code (henkilötunnus): `DDMMYYCZZZQ`, where C is the century
//! sign (including the signs introduced in 2023), ZZZ the individual number and Q the check
//! character.

use std::fmt;

use chrono::NaiveDate;

/// A personal identity code whose date and check character have been verified. Its `Debug`
/// hides the code: it is special-category data and must never reach a log.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonalIdentityCode(String);

/// Why a text is not a personal identity code. The messages never repeat the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityCodeError {
    /// Not eleven characters of the right kinds.
    #[error("a personal identity code has the form DDMMYYCZZZQ, e.g. 131052-308T")]
    Format,
    /// An unknown century sign.
    #[error("the century sign must be one of + - Y X W V U A B C D E F")]
    CenturySign,
    /// The date does not exist.
    #[error("the date part is not a real date")]
    Date,
    /// Individual numbers run from 002 to 899.
    #[error("the individual number must be from 002 to 899")]
    IndividualNumber,
    /// The check character does not match.
    #[error("the check character does not match")]
    CheckCharacter,
}

/// The 31 check characters, indexed by the remainder.
const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

fn century(sign: u8) -> Option<i32> {
    match sign {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => Some(2000),
        _ => None,
    }
}

impl PersonalIdentityCode {
    /// Parses and verifies a code; letters may be given in lower case.
    pub fn parse(text: &str) -> Result<Self, IdentityCodeError> {
        let upper = text.trim().to_ascii_uppercase();
        let b = upper.as_bytes();
        if b.len() != 11 || !b[..6].iter().chain(&b[7..10]).all(u8::is_ascii_digit) {
            return Err(IdentityCodeError::Format);
        }
        let century = century(b[6]).ok_or(IdentityCodeError::CenturySign)?;
        let number = |r: std::ops::Range<usize>| -> u32 {
            b[r].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
        };
        let (day, month, year) = (number(0..2), number(2..4), number(4..6));
        let year = century + i32::try_from(year).unwrap_or(0);
        NaiveDate::from_ymd_opt(year, month, day).ok_or(IdentityCodeError::Date)?;
        let individual = number(7..10);
        if !(2..=899).contains(&individual) {
            return Err(IdentityCodeError::IndividualNumber);
        }
        let remainder = (number(0..6) * 1000 + individual) % 31;
        if CHECK[remainder as usize] != b[10] {
            return Err(IdentityCodeError::CheckCharacter);
        }
        Ok(Self(upper))
    }

    /// The birth date the code carries.
    pub fn birth_date(&self) -> NaiveDate {
        let b = self.0.as_bytes();
        let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        let year = century(b[6]).unwrap_or(1900) + i32::try_from(two(4)).unwrap_or(0);
        NaiveDate::from_ymd_opt(year, two(2), two(0)).unwrap_or_default()
    }

    /// The code itself, for encryption and the keyed hash only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonalIdentityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalIdentityCode(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_codes_of_every_century() {
        // The Digital and Population Data Services Agency's example, 13 Oct 1952.
        let c = PersonalIdentityCode::parse("131052-308T").unwrap();
        assert_eq!(
            c.birth_date(),
            NaiveDate::from_ymd_opt(1952, 10, 13).unwrap()
        );
        // The same person written with a 2023 sign for the 1900s.
        assert_eq!(
            PersonalIdentityCode::parse("131052Y308T")
                .unwrap()
                .birth_date()
                .to_string(),
            "1952-10-13"
        );
        // 2000s, with the 2023 signs B–F and A.
        assert_eq!(
            PersonalIdentityCode::parse("010101A123N")
                .unwrap()
                .birth_date()
                .to_string(),
            "2001-01-01"
        );
        assert_eq!(
            PersonalIdentityCode::parse("010101B123N")
                .unwrap()
                .birth_date()
                .to_string(),
            "2001-01-01"
        );
        // 1800s.
        assert_eq!(
            PersonalIdentityCode::parse("010185+123B")
                .unwrap()
                .birth_date()
                .to_string(),
            "1885-01-01"
        );
        // Lower case is accepted and normalised.
        assert_eq!(
            PersonalIdentityCode::parse("131052-308t").unwrap().expose(),
            "131052-308T"
        );
    }

    #[test]
    fn refuses_wrong_check_character_date_sign_and_number() {
        assert_eq!(
            PersonalIdentityCode::parse("131052-308U"),
            Err(IdentityCodeError::CheckCharacter)
        );
        assert_eq!(
            PersonalIdentityCode::parse("310252-308T"),
            Err(IdentityCodeError::Date)
        );
        assert_eq!(
            PersonalIdentityCode::parse("131052G308T"),
            Err(IdentityCodeError::CenturySign)
        );
        assert_eq!(
            PersonalIdentityCode::parse("131052-001T"),
            Err(IdentityCodeError::IndividualNumber)
        );
        assert_eq!(
            PersonalIdentityCode::parse("131052-900T"),
            Err(IdentityCodeError::IndividualNumber)
        );
        for bad in [
            "",
            "131052308T",
            "13105-2308T",
            "131052-30AT",
            "131052-308TT",
        ] {
            assert_eq!(
                PersonalIdentityCode::parse(bad),
                Err(IdentityCodeError::Format),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_code() {
        let c = PersonalIdentityCode::parse("131052-308T").unwrap();
        assert!(!format!("{c:?}").contains("131052"));
    }
}
