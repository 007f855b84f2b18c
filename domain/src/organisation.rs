//! Organisations: the associations, municipalities, counties and ELY centres Askel serves.

use chrono::{DateTime, Utc};

use crate::text::Name;
use crate::{BusinessId, MunicipalityCode, OrganisationId};

code_list! {
    /// What kind of organisation it is.
    pub enum OrganisationKind ("organisation_kinds", "Kinds of organisation") {
        Municipality = "municipality", "kunta", "kommun", "municipality";
        WellbeingServicesCounty = "wellbeing_services_county", "hyvinvointialue", "välfärdsområde", "wellbeing services county";
        ElyCentre = "ely_centre", "ELY-keskus", "NTM-central", "ELY Centre";
        TeOffice = "te_office", "TE-toimisto", "TE-byrå", "TE Office";
        Association = "association", "yhdistys", "förening", "association";
        Foundation = "foundation", "säätiö", "stiftelse", "foundation";
        Parish = "parish", "seurakunta", "församling", "parish";
        Company = "company", "yritys", "företag", "company";
        EducationalInstitution = "educational_institution", "oppilaitos", "läroanstalt", "educational institution";
        Other = "other", "muu", "annan", "other";
    }
}

/// A new organisation as validated from input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    /// Official name, e.g. "Saimaan Virta ry".
    pub name: Name,
    /// Kind of organisation.
    pub kind: OrganisationKind,
    /// Business ID, when it has one.
    pub business_id: Option<BusinessId>,
    /// Home municipality.
    pub home_municipality: Option<MunicipalityCode>,
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// Its fields.
    pub fields: NewOrganisation,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}
