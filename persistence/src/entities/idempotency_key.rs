use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// The caller's organisation id, "" for the platform operator.
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation: String,
    /// The token's subject.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    /// Method and route template.
    #[sea_orm(primary_key, auto_increment = false)]
    pub operation: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The participant whose data the stored response holds, if any.
    pub participant_id: Option<Uuid>,
    /// The referral whose view the stored response is, if any.
    pub referral_id: Option<Uuid>,
    /// SHA-256 of method, path and body: a reuse with another request is refused.
    pub request_hash: String,
    pub status: i32,
    pub body: String,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
