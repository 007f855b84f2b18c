//! Statements given on projects.

use crate::repositories::Statements;
use askel_domain::{
    Description, DiaryNumber, OrganisationId, Page, PageRequest, ProjectId, Statement, StatementId,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::statement::{self, Column, Entity};
use crate::error::corrupt;
use crate::paging::read_page;

impl Statements<'_> {
    /// Stores a statement.
    pub async fn insert_statement(
        &self,
        s: &Statement,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Entity::insert(statement::ActiveModel {
            id: Set(s.id.as_uuid()),
            project_id: Set(s.project_id.as_uuid()),
            issuing_organisation_id: Set(s.issuing_organisation_id.as_uuid()),
            diary_number: Set(s.diary_number.as_str().to_owned()),
            date: Set(s.date),
            publicity: Set(s.publicity.to_string()),
            summary: Set(s.summary.as_str().to_owned()),
            commits_to_cooperation: Set(s.commits_to_cooperation),
            allocates_money: Set(s.allocates_money),
            allocates_staff: Set(s.allocates_staff),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A page of a project's statements; `visible_issuer`, when given, limits confidential
    /// statements to those that organisation issued (public ones are always listed).
    pub async fn statements(
        &self,
        project: ProjectId,
        confidential_visible: ConfidentialVisibility,
        req: &PageRequest,
    ) -> Result<Page<Statement>, StoreError> {
        let mut select = Entity::find().filter(Column::ProjectId.eq(project.as_uuid()));
        match confidential_visible {
            ConfidentialVisibility::All => {}
            ConfidentialVisibility::IssuedBy(org) => {
                select = select.filter(
                    sea_orm::Condition::any()
                        .add(Column::Publicity.eq("public"))
                        .add(Column::IssuingOrganisationId.eq(org.as_uuid())),
                );
            }
            ConfidentialVisibility::None => select = select.filter(Column::Publicity.eq("public")),
        }
        read_page(self, select, req, to_domain).await
    }
}

/// Which confidential statements a list may include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfidentialVisibility {
    /// All of them.
    All,
    /// Only those this organisation issued.
    IssuedBy(OrganisationId),
    /// None.
    None,
}

fn to_domain(m: statement::Model) -> Result<Statement, StoreError> {
    Ok(Statement {
        id: StatementId::from_uuid(m.id),
        project_id: ProjectId::from_uuid(m.project_id),
        issuing_organisation_id: OrganisationId::from_uuid(m.issuing_organisation_id),
        diary_number: DiaryNumber::parse(&m.diary_number)
            .map_err(|e| corrupt("diary number", e))?,
        date: m.date,
        publicity: m.publicity.parse().map_err(|e| corrupt("publicity", e))?,
        summary: Description::parse(&m.summary).map_err(|e| corrupt("summary", e))?,
        commits_to_cooperation: m.commits_to_cooperation,
        allocates_money: m.allocates_money,
        allocates_staff: m.allocates_staff,
    })
}
