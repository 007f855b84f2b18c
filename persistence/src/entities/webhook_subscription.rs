use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub url: String,
    /// Comma-separated event type codes; empty for every type.
    pub event_types: String,
    pub project_id: Option<Uuid>,
    pub status: String,
    pub paused_reason: Option<String>,
    /// AES-256-GCM with the data key: nonce, then ciphertext.
    pub secret_cipher: Vec<u8>,
    pub previous_secret_cipher: Option<Vec<u8>>,
    pub previous_secret_until: Option<DateTimeUtc>,
    pub cursor_commit_order: i64,
    pub cursor_seq: i64,
    pub failures: i32,
    pub failing_since: Option<DateTimeUtc>,
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Held by the instance delivering it until then.
    pub lease_until: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// `askel` or `fhir_id_only`.
    pub payload: String,
    /// Why the subscriber asked for it, as it said (a FHIR Subscription's `reason`).
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
