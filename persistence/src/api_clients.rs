//! Registered API clients.

use crate::repositories::Clients;
use askel_domain::{ApiClient, ApiClientId, Name, OrganisationId, Role};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

/// A moment that may not have come.
type Moment = Option<DateTime<Utc>>;

/// Whether a client's tokens hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientStanding {
    /// Disabled: no token of it holds, and it gets no new ones.
    pub disabled: bool,
    /// Tokens issued before this are refused (the last secret rotation).
    pub tokens_valid_from: Option<DateTime<Utc>>,
}

use crate::StoreError;
use crate::entities::api_client::{self, Entity};
use crate::error::corrupt;

impl Clients<'_> {
    /// Registers a client.
    pub async fn insert_api_client(&self, c: &ApiClient) -> Result<(), StoreError> {
        let roles: Vec<String> = c.roles.iter().map(ToString::to_string).collect();
        Entity::insert(api_client::ActiveModel {
            id: Set(c.id.as_uuid()),
            name: Set(c.name.as_str().to_owned()),
            organisation_id: Set(c.organisation_id.map(OrganisationId::as_uuid)),
            roles: Set(serde_json::json!(roles)),
            secret_hash: Set(c.secret_hash.clone()),
            created_at: Set(c.created_at),
            disabled_at: Set(None),
            tokens_valid_from: Set(None),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// One client.
    pub async fn api_client(&self, id: ApiClientId) -> Result<ApiClient, StoreError> {
        let m = Entity::find_by_id(id.as_uuid())
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let codes: Vec<String> =
            serde_json::from_value(m.roles).map_err(|e| corrupt("client roles", e))?;
        let roles = codes
            .iter()
            .map(|c| c.parse::<Role>().map_err(|e| corrupt("client role", e)))
            .collect::<Result<_, _>>()?;
        Ok(ApiClient {
            id,
            name: Name::parse(&m.name).map_err(|e| corrupt("client name", e))?,
            organisation_id: m.organisation_id.map(OrganisationId::from_uuid),
            roles,
            secret_hash: m.secret_hash,
            created_at: m.created_at,
        })
    }

    /// Whether client `id`'s tokens hold.
    pub async fn api_client_standing(&self, id: ApiClientId) -> Result<ClientStanding, StoreError> {
        let row: Option<(Moment, Moment)> = Entity::find_by_id(id.as_uuid())
            .select_only()
            .column(api_client::Column::DisabledAt)
            .column(api_client::Column::TokensValidFrom)
            .into_tuple()
            .one(&self.conn)
            .await?;
        let (disabled_at, tokens_valid_from) = row.ok_or(StoreError::NotFound)?;
        Ok(ClientStanding {
            disabled: disabled_at.is_some(),
            tokens_valid_from,
        })
    }

    /// Disables client `id` at `now`: its tokens are refused and it gets no new ones.
    pub async fn disable_api_client(
        &self,
        id: ApiClientId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let done = Entity::update_many()
            .col_expr(api_client::Column::DisabledAt, Expr::value(now))
            .filter(api_client::Column::Id.eq(id.as_uuid()))
            .exec(&self.conn)
            .await?;
        found(done.rows_affected)
    }

    /// Gives client `id` a new secret hash at `now`: the old secret stops working and tokens
    /// issued before now are refused.
    pub async fn rotate_api_client_secret(
        &self,
        id: ApiClientId,
        secret_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let done = Entity::update_many()
            .col_expr(api_client::Column::SecretHash, Expr::value(secret_hash))
            .col_expr(api_client::Column::TokensValidFrom, Expr::value(now))
            .filter(api_client::Column::Id.eq(id.as_uuid()))
            .exec(&self.conn)
            .await?;
        found(done.rows_affected)
    }
}

/// An update of one client by id changed a row, or there is no such client.
fn found(rows: u64) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
