//! The view `access_log` (migration 21): audit records about one participant, and the items of
//! records that cover many, one row each. Read only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub client: String,
    pub organisation_id: Option<Uuid>,
    pub acting_for: Option<String>,
    pub action: String,
    pub resource: String,
    pub resource_id: Uuid,
    pub participant_id: Uuid,
    pub outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
