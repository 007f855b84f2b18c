//! Registered API clients.

use askel_domain::{ApiClient, ApiClientId, Name, OrganisationId, Role};
use sea_orm::{ActiveValue::Set, EntityTrait};

use crate::entities::api_client::{self, Entity};
use crate::error::corrupt;
use crate::{StoreError, Tx};

impl Tx {
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
}
