//! Statements (lausunto) given on a project, e.g. by a wellbeing services county on an application.

use std::fmt;

use chrono::NaiveDate;

use crate::text::Description;
use crate::{OrganisationId, ProjectId, StatementId};

code_list! {
    /// Whether a document is public.
    pub enum Publicity ("publicity", "Publicity of a document") {
        Public = "public", "julkinen", "offentlig", "public";
        Confidential = "confidential", "salassa pidettävä", "sekretessbelagd", "confidential";
    }
}

/// A diary number (diaarinumero) as the issuing organisation writes it, e.g. `5605/00.04.02/2024`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DiaryNumber(String);

/// Why a text is not a diary number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a diary number is 1 to 60 letters, digits, spaces and / . - : characters, with at least one digit, e.g. 5605/00.04.02/2024"
)]
pub struct DiaryNumberError;

impl DiaryNumber {
    /// Organisations number their records differently; this accepts their common characters.
    pub fn parse(text: &str) -> Result<Self, DiaryNumberError> {
        let t = text.trim();
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | ':' | ' ');
        if t.is_empty()
            || t.chars().count() > 60
            || !t.chars().all(allowed)
            || !t.chars().any(|c| c.is_ascii_digit())
        {
            return Err(DiaryNumberError);
        }
        Ok(Self(t.to_owned()))
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DiaryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A statement given on a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Its id.
    pub id: StatementId,
    /// The project it concerns.
    pub project_id: ProjectId,
    /// Who gave it.
    pub issuing_organisation_id: OrganisationId,
    /// The issuer's diary number.
    pub diary_number: DiaryNumber,
    /// Date of the statement.
    pub date: NaiveDate,
    /// Public or confidential.
    pub publicity: Publicity,
    /// What it says, in short.
    pub summary: Description,
    /// Whether the issuer commits to cooperate with the project.
    pub commits_to_cooperation: bool,
    /// Whether the issuer allocates money to the project.
    pub allocates_money: bool,
    /// Whether the issuer allocates staff to the project.
    pub allocates_staff: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_organisations_use() {
        for ok in [
            "5605/00.04.02/2024",
            "VN/1234/2024",
            "ESAELY/123/02.02/2019",
            "Dnro 12-2020",
        ] {
            assert_eq!(DiaryNumber::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_empty_digitless_overlong_or_odd_characters() {
        for bad in [
            "",
            "   ",
            "abc",
            "1;DROP TABLE",
            "12<script>",
            &"1".repeat(61),
        ] {
            assert_eq!(DiaryNumber::parse(bad), Err(DiaryNumberError), "{bad:?}");
        }
    }
}
