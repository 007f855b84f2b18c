use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// Set by the database: the writing transaction's id on PostgreSQL, 0 on SQLite.
    pub commit_order: i64,
    pub event_id: Uuid,
    pub organisation_id: Uuid,
    pub event_type: String,
    pub resource_id: Uuid,
    pub project_id: Option<Uuid>,
    pub participant_id: Option<Uuid>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
