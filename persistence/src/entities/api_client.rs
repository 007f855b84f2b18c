use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub organisation_id: Option<Uuid>,
    /// Role codes, e.g. `["manager","worker"]`.
    pub roles: Json,
    /// Argon2id PHC string; the secret itself is never stored.
    pub secret_hash: String,
    pub created_at: DateTimeUtc,
    /// When the client was disabled; its tokens are refused from then on.
    pub disabled_at: Option<DateTimeUtc>,
    /// Tokens issued before this (the last secret rotation) are refused.
    pub tokens_valid_from: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
