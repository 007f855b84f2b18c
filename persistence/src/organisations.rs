//! Organisations.

use crate::repositories::Organisations;
use askel_domain::{
    BusinessId, MunicipalityCode, Name, NewOrganisation, Organisation, OrganisationId, Page,
    PageRequest,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::StoreError;
use crate::entities::organisation::{self, Column, Entity};
use crate::error::{corrupt, parse_stored};
use crate::paging::read_page;

impl Organisations<'_> {
    /// Stores a new organisation.
    pub async fn insert_organisation(&self, o: &Organisation) -> Result<(), StoreError> {
        let f = &o.fields;
        Entity::insert(organisation::ActiveModel {
            id: Set(o.id.as_uuid()),
            name: Set(f.name.as_str().to_owned()),
            kind: Set(f.kind.to_string()),
            business_id: Set(f.business_id.as_ref().map(|b| b.as_str().to_owned())),
            home_municipality: Set(f.home_municipality.map(|m| m.as_str().to_owned())),
            created_at: Set(o.created_at),
            updated_at: Set(o.updated_at),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// One organisation.
    pub async fn organisation(&self, id: OrganisationId) -> Result<Organisation, StoreError> {
        let row = Entity::find_by_id(id.as_uuid())
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        to_domain(row)
    }

    /// A page of organisations.
    pub async fn organisations(&self, req: &PageRequest) -> Result<Page<Organisation>, StoreError> {
        read_page(self, Entity::find(), req, to_domain).await
    }

    /// Which of `ids` are not organisations.
    pub async fn missing_organisations(
        &self,
        ids: &[OrganisationId],
    ) -> Result<Vec<OrganisationId>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let found: Vec<uuid::Uuid> = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::Id.is_in(ids.iter().map(|i| i.as_uuid())))
            .into_tuple()
            .all(&self.conn)
            .await?;
        Ok(ids
            .iter()
            .copied()
            .filter(|i| !found.contains(&i.as_uuid()))
            .collect())
    }
}

fn to_domain(m: organisation::Model) -> Result<Organisation, StoreError> {
    Ok(Organisation {
        id: OrganisationId::from_uuid(m.id),
        fields: NewOrganisation {
            name: Name::parse(&m.name).map_err(|e| corrupt("organisation name", e))?,
            kind: m
                .kind
                .parse()
                .map_err(|e| corrupt("organisation kind", e))?,
            business_id: parse_stored(m.business_id.as_deref(), "business id", BusinessId::parse)?,
            home_municipality: parse_stored(
                m.home_municipality.as_deref(),
                "municipality",
                MunicipalityCode::parse,
            )?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}
