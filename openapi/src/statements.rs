//! Statements (lausunto) on the wire.

use askel_domain as d;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::enums::Publicity;
use crate::{Check, Invalid, page_of};

/// A statement given on a project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "issuing_organisation_id": "01941f29-7c0f-750f-8000-00000000000f",
    "diary_number": "5605/00.04.02/2024",
    "date": "2024-10-28",
    "publicity": "public",
    "summary": "Työikäisten sosiaalipalvelut pitää hanketta ajankohtaisena ja toimii yhteistyössä sen kanssa; erillistä rahallista tai henkilöstöresurssia ei osoiteta.",
    "commits_to_cooperation": true,
    "allocates_money": false,
    "allocates_staff": false
}))]
pub struct CreateStatement {
    /// The organisation giving the statement (the caller's own, unless the caller is `admin`).
    pub issuing_organisation_id: Uuid,
    /// The issuer's diary number.
    #[schema(min_length = 1, max_length = 60)]
    pub diary_number: String,
    /// Date of the statement.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Public or confidential.
    pub publicity: Publicity,
    /// What it says, in short.
    #[schema(min_length = 1, max_length = 10000)]
    pub summary: String,
    /// Whether the issuer commits to cooperate with the project.
    pub commits_to_cooperation: bool,
    /// Whether the issuer allocates money to the project.
    pub allocates_money: bool,
    /// Whether the issuer allocates staff to the project.
    pub allocates_staff: bool,
}

impl CreateStatement {
    /// The statement this input describes, on `project`.
    pub fn into_domain(self, project: d::ProjectId) -> Result<d::Statement, Invalid> {
        let mut c = Check::default();
        let diary_number = c.field("diary_number", d::DiaryNumber::parse(&self.diary_number));
        let summary = c.field("summary", d::Description::parse(&self.summary));
        c.finish(|| {
            Some(d::Statement {
                id: d::StatementId::new(),
                project_id: project,
                issuing_organisation_id: self.issuing_organisation_id.into(),
                diary_number: diary_number?,
                date: self.date,
                publicity: self.publicity.into(),
                summary: summary?,
                commits_to_cooperation: self.commits_to_cooperation,
                allocates_money: self.allocates_money,
                allocates_staff: self.allocates_staff,
            })
        })
    }
}

/// A statement on a project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Statement {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// Who gave it.
    pub issuing_organisation_id: Uuid,
    /// Diary number.
    pub diary_number: String,
    /// Date.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// Publicity.
    pub publicity: Publicity,
    /// Summary.
    pub summary: String,
    /// Whether the issuer commits to cooperation.
    pub commits_to_cooperation: bool,
    /// Whether the issuer allocates money.
    pub allocates_money: bool,
    /// Whether the issuer allocates staff.
    pub allocates_staff: bool,
}

impl From<d::Statement> for Statement {
    fn from(s: d::Statement) -> Self {
        Self {
            id: s.id.as_uuid(),
            project_id: s.project_id.as_uuid(),
            issuing_organisation_id: s.issuing_organisation_id.as_uuid(),
            diary_number: s.diary_number.as_str().to_owned(),
            date: s.date,
            publicity: s.publicity.into(),
            summary: s.summary.into_string(),
            commits_to_cooperation: s.commits_to_cooperation,
            allocates_money: s.allocates_money,
            allocates_staff: s.allocates_staff,
        }
    }
}

page_of!(
    StatementPage,
    Statement,
    "A page of a project's statements."
);
