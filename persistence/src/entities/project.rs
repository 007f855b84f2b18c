use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub programme_period: String,
    pub priority_axis: Option<String>,
    pub specific_objective: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub status: String,
    /// `{"municipalities": ["905"], "districts": ["Ristinummi"]}`
    pub target_areas: Json,
    /// `["nuoret miehet", …]`
    pub target_groups: Json,
    pub total_eligible_cost_cents: Option<i64>,
    pub esf_rate_basis_points: Option<i32>,
    pub esf_amount_cents: Option<i64>,
    pub own_share_cents: Option<i64>,
    pub version: i32,
    /// After this day the participants' personal data is anonymised (`askel retention`).
    pub retention_end: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
