use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    pub owner_id: Uuid,
    pub external_ref: Option<String>,
    pub entry_date: Date,
    pub home_municipality: Option<String>,
    pub gender: String,
    pub birth_date: Date,
    pub labour_market_status: String,
    pub unemployed_since: Option<Date>,
    pub education: String,
    pub urbanisation: String,
    pub disability: String,
    pub foreign_background: String,
    pub third_country_national: String,
    pub minority: String,
    pub homeless: String,
    pub eura_state: String,
    /// `[{"kind": "data_processing", "given": true, "date": "2025-01-01", "recorded_by": "…"}]`
    pub consents: Json,
    pub notes: Option<String>,
    /// AES-256-GCM: nonce followed by ciphertext. Never leaves the crate but to be decrypted.
    pub identity_cipher: Option<Vec<u8>>,
    /// Keyed hash of the identity code, to find a person registered twice in one project.
    pub identity_hash: Option<String>,
    pub anonymised: bool,
    /// The projection of the path below, kept in the same transaction as every step and exit.
    pub episode: i32,
    pub current_step: Option<String>,
    pub current_step_since: Option<Date>,
    pub exited: bool,
    /// Derived at write time by `domain` rules, for figures.
    pub age_at_entry: Option<i32>,
    pub long_term_unemployed: Option<bool>,
    /// The last exit, for results on leaving (a person who re-enters is counted once).
    pub last_exit_date: Option<Date>,
    pub last_exit_option: Option<String>,
    pub last_qualification_gained: Option<bool>,
    /// A bit per step ever entered (`aggregates::step_bit`), for figures.
    pub steps_reached: i32,
    /// Other disadvantaged (CO17), asked in ESF 2014–2020 projects.
    pub other_disadvantaged: String,
    /// A random key in `0..256` for the cell key method (`domain::disclosure`).
    pub record_key: i32,
    /// When the current episode began, after a re-entry (`entry_date` stays the first).
    pub episode_entry_date: Option<Date>,
    /// The final exit's follow-up six months later: employed, and a better situation.
    pub follow_up_employed: Option<bool>,
    pub follow_up_improved: Option<bool>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
