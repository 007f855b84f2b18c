use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participant_episodes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub participant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    pub entry_date: Date,
    pub exit_date: Option<Date>,
    pub exit_situation: Option<String>,
    /// The day the exit situation refers to (migration 18; the exit date when older).
    pub exit_situation_date: Option<Date>,
    pub qualification_gained: Option<bool>,
    pub follow_on_plan: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
