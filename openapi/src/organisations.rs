//! Organisations on the wire.

use askel_domain as d;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::OrganisationKind;
use crate::{Check, Invalid, page_of};

/// A new organisation.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Esimerkkiyhdistys ry",
    "kind": "association",
    "business_id": "1234567-1",
    "home_municipality": "405"
}))]
pub struct CreateOrganisation {
    /// Official name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Kind of organisation.
    pub kind: OrganisationKind,
    /// Business ID (Y-tunnus) `NNNNNNN-C`; its check digit is verified.
    #[schema(pattern = r"^\d{7}-\d$")]
    pub business_id: Option<String>,
    /// Home municipality, Statistics Finland's three-digit code.
    #[schema(pattern = r"^\d{3}$")]
    pub home_municipality: Option<String>,
}

impl TryFrom<CreateOrganisation> for d::NewOrganisation {
    type Error = Invalid;

    fn try_from(input: CreateOrganisation) -> Result<Self, Invalid> {
        let mut c = Check::new(&input);
        let name = c.field("name", d::Name::parse(&input.name));
        let business_id = c.optional(
            "business_id",
            input.business_id.as_deref(),
            d::BusinessId::parse,
        );
        let home_municipality = c.optional(
            "home_municipality",
            input.home_municipality.as_deref(),
            d::MunicipalityCode::parse,
        );
        c.finish(|| {
            Some(d::NewOrganisation {
                name: name?,
                kind: input.kind.into(),
                business_id: business_id?,
                home_municipality: home_municipality?,
            })
        })
    }
}

/// An organisation.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Organisation {
    /// Id.
    pub id: Uuid,
    /// Official name.
    pub name: String,
    /// Kind of organisation.
    pub kind: OrganisationKind,
    /// Business ID (Y-tunnus).
    pub business_id: Option<String>,
    /// Home municipality code.
    pub home_municipality: Option<String>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<d::Organisation> for Organisation {
    fn from(o: d::Organisation) -> Self {
        Self {
            id: o.id.as_uuid(),
            name: o.fields.name.into_string(),
            kind: o.fields.kind.into(),
            business_id: o.fields.business_id.map(|b| b.as_str().to_owned()),
            home_municipality: o.fields.home_municipality.map(|m| m.as_str().to_owned()),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

page_of!(OrganisationPage, Organisation, "A page of organisations.");
