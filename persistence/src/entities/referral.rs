use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    pub participant_id: Uuid,
    pub sender_id: Uuid,
    pub target_id: Uuid,
    pub service_kind: String,
    pub reason: String,
    /// The details shared with the target, as they were when the referral was made.
    pub shared: Json,
    /// The identity code when shared: AES-256-GCM, nonce then ciphertext.
    pub shared_identity_cipher: Option<Vec<u8>>,
    /// The person's contact details for the target (JSON), AES-256-GCM like the identity code.
    pub shared_contact_cipher: Option<Vec<u8>>,
    pub status: String,
    pub decline_reason: Option<String>,
    pub decline_note: Option<String>,
    pub outcome_description: Option<String>,
    pub outcome_started_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
