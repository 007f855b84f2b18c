//! Projects on the wire.

use askel_domain as d;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{ProgrammePeriod, ProjectStatus};
use crate::funding::{CoFunder, Funding, FundingInput, funding};
use crate::{Check, Invalid, page_of};

/// Where a project works.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetAreas {
    /// Municipality codes, e.g. `["905"]`.
    #[serde(default)]
    #[validate(length(max = 400))]
    pub municipalities: Vec<String>,
    /// Districts, villages or regions in words, e.g. `["Ristinummi", "Vähäkyrö"]`.
    #[serde(default)]
    #[validate(length(max = 100))]
    pub districts: Vec<String>,
}

/// A new project. (The example's administrator is Vaalijala of the demo dataset, so "Try it
/// out" in the docs works against `askel serve --demo` as it stands.)
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "SUUNTA-2",
    "name": "Suunta yhdessä 2 – Osallisuudesta kohti työelämävalmiuksia",
    "description": "Sosiaalisen kuntoutuksen toimintamalli ja alkuvaiheen palvelukokonaisuus Etelä-Savossa.",
    "programme_period": "esf_2014_2020",
    "priority_axis": "5 Sosiaalinen osallisuus ja köyhyyden torjunta",
    "administrator_organisation_id": "01941f29-7c0d-750d-8000-00000000000d",
    "start_date": "2019-09-01",
    "end_date": "2021-12-31",
    "status": "approved",
    "target_areas": {"municipalities": ["491"], "districts": ["Etelä-Savo"]},
    "target_groups": ["syrjäytyneet tai syrjäytymisvaarassa olevat työttömät"],
    "funding": {
        "total_eligible_cost_cents": 29948250,
        "esf_share_percent": 80,
        "esf_amount_cents": 23958600,
        "own_share_cents": 5989650,
        "co_funders": []
    }
}))]
pub struct CreateProject {
    /// Short code, unique in Askel: the funder's project code or an acronym.
    #[schema(min_length = 1, max_length = 50)]
    pub code: String,
    /// Name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Description.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// Programme period.
    pub programme_period: ProgrammePeriod,
    /// Priority axis (toimintalinja).
    #[schema(max_length = 200)]
    pub priority_axis: Option<String>,
    /// Specific objective (erityistavoite).
    #[schema(max_length = 200)]
    pub specific_objective: Option<String>,
    /// The administrator organisation (hallinnoija).
    pub administrator_organisation_id: Uuid,
    /// The funder (an ELY centre), once known.
    pub funder_organisation_id: Option<Uuid>,
    /// Start date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub start_date: Option<NaiveDate>,
    /// End date; not before the start date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub end_date: Option<NaiveDate>,
    /// Status; `planned` when not given.
    pub status: Option<ProjectStatus>,
    /// Target areas.
    #[serde(default)]
    #[validate(nested)]
    pub target_areas: TargetAreas,
    /// Target groups in words.
    #[serde(default)]
    #[validate(length(max = 100))]
    pub target_groups: Vec<String>,
    /// Funding, once decided.
    #[validate(nested)]
    pub funding: Option<FundingInput>,
}

impl TryFrom<CreateProject> for d::NewProject {
    type Error = Invalid;

    fn try_from(input: CreateProject) -> Result<Self, Invalid> {
        let mut c = Check::new(&input);
        let code = c.field("code", d::ProjectCode::parse(&input.code));
        let name = c.field("name", d::Name::parse(&input.name));
        let description = c.optional(
            "description",
            input.description.as_deref(),
            d::Description::parse,
        );
        let priority_axis = c.optional(
            "priority_axis",
            input.priority_axis.as_deref(),
            d::Name::parse,
        );
        let specific_objective = c.optional(
            "specific_objective",
            input.specific_objective.as_deref(),
            d::Name::parse,
        );
        let dates = c.field(
            "end_date",
            d::ProjectDates::new(input.start_date, input.end_date),
        );
        let target_areas = target_areas(&mut c, &input.target_areas);
        let target_groups = c.each("target_groups", &input.target_groups, |g| d::Name::parse(g));
        let funding = match &input.funding {
            None => Some(None),
            Some(f) => funding(&mut c, f).map(Some),
        };
        c.finish(|| {
            Some(d::NewProject {
                code: code?,
                name: name?,
                description: description?,
                programme_period: input.programme_period.into(),
                priority_axis: priority_axis?,
                specific_objective: specific_objective?,
                administrator_id: input.administrator_organisation_id.into(),
                funder_id: input.funder_organisation_id.map(Into::into),
                dates: dates?,
                status: input.status.map_or(d::ProjectStatus::Planned, Into::into),
                target_areas: target_areas?,
                target_groups: target_groups?,
                funding: funding?,
            })
        })
    }
}

/// A change to a project: fields left out stay as they are, `null` clears an optional field,
/// lists and funding are replaced whole. The code and administrator do not change here.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "running", "end_date": "2022-06-30"}))]
pub struct UpdateProject {
    /// New name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// New description; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub description: Option<Option<String>>,
    /// New programme period.
    pub programme_period: Option<ProgrammePeriod>,
    /// New priority axis; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub priority_axis: Option<Option<String>>,
    /// New specific objective; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub specific_objective: Option<Option<String>>,
    /// New funder; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<Uuid>)]
    pub funder_organisation_id: Option<Option<Uuid>>,
    /// New start date; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::dates::nullable_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<NaiveDate>>,
    /// New end date; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::dates::nullable_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<NaiveDate>>,
    /// New status.
    pub status: Option<ProjectStatus>,
    /// New target areas (replace the old).
    #[validate(nested)]
    pub target_areas: Option<TargetAreas>,
    /// New target groups (replace the old).
    #[validate(length(max = 100))]
    pub target_groups: Option<Vec<String>>,
    /// New funding (replaces the old whole); `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<FundingInput>)]
    pub funding: Option<Option<FundingInput>>,
}

impl TryFrom<UpdateProject> for d::ProjectChanges {
    type Error = Invalid;

    fn try_from(input: UpdateProject) -> Result<Self, Invalid> {
        let mut c = Check::new(&input);
        if let Some(Some(f)) = &input.funding {
            c.nested("funding", f);
        }
        let name = c.optional("name", input.name.as_deref(), d::Name::parse);
        let description = c.optional("description", input.description.as_ref(), |d| {
            d.as_deref().map(d::Description::parse).transpose()
        });
        let priority_axis = c.optional("priority_axis", input.priority_axis.as_ref(), |v| {
            v.as_deref().map(d::Name::parse).transpose()
        });
        let specific_objective = c.optional(
            "specific_objective",
            input.specific_objective.as_ref(),
            |v| v.as_deref().map(d::Name::parse).transpose(),
        );
        let target_areas = match &input.target_areas {
            None => Some(None),
            Some(a) => target_areas(&mut c, a).map(Some),
        };
        let target_groups = match &input.target_groups {
            None => Some(None),
            Some(g) => c.each("target_groups", g, |g| d::Name::parse(g)).map(Some),
        };
        let funding = match &input.funding {
            None => Some(None),
            Some(None) => Some(Some(None)),
            Some(Some(f)) => funding(&mut c, f).map(|f| Some(Some(f))),
        };
        c.finish(|| {
            Some(d::ProjectChanges {
                name: name?,
                description: description?,
                programme_period: input.programme_period.map(Into::into),
                priority_axis: priority_axis?,
                specific_objective: specific_objective?,
                funder_id: input.funder_organisation_id.map(|o| o.map(Into::into)),
                start_date: input.start_date,
                end_date: input.end_date,
                status: input.status.map(Into::into),
                target_areas: target_areas?,
                target_groups: target_groups?,
                funding: funding?,
            })
        })
    }
}

fn target_areas(c: &mut Check, a: &TargetAreas) -> Option<d::TargetAreas> {
    let municipalities = c.each("target_areas.municipalities", &a.municipalities, |m| {
        d::MunicipalityCode::parse(m)
    });
    let districts = c.each("target_areas.districts", &a.districts, |t| {
        d::Name::parse(t)
    });
    Some(d::TargetAreas {
        municipalities: municipalities?,
        districts: districts?,
    })
}

/// A project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Project {
    /// Id.
    pub id: Uuid,
    /// After this day the participants' personal data is anonymised (`PUT …/retention`).
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub retention_end: Option<NaiveDate>,
    /// Short code, unique in Askel.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Programme period.
    pub programme_period: ProgrammePeriod,
    /// Priority axis.
    pub priority_axis: Option<String>,
    /// Specific objective.
    pub specific_objective: Option<String>,
    /// The administrator organisation.
    pub administrator_organisation_id: Uuid,
    /// The funder, once known.
    pub funder_organisation_id: Option<Uuid>,
    /// Start date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub start_date: Option<NaiveDate>,
    /// End date.
    #[serde(default, deserialize_with = "crate::dates::optional_date")]
    pub end_date: Option<NaiveDate>,
    /// Status.
    pub status: ProjectStatus,
    /// Target areas.
    pub target_areas: TargetAreas,
    /// Target groups.
    pub target_groups: Vec<String>,
    /// Funding, once decided.
    pub funding: Option<Funding>,
    /// Version, incremented by every change; also the `ETag`.
    pub version: i32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<d::Project> for Project {
    fn from(p: d::Project) -> Self {
        let f = p.fields;
        Self {
            retention_end: p.retention_end,
            id: p.id.as_uuid(),
            code: f.code.into_string(),
            name: f.name.into_string(),
            description: f.description.map(d::Description::into_string),
            programme_period: f.programme_period.into(),
            priority_axis: f.priority_axis.map(d::Name::into_string),
            specific_objective: f.specific_objective.map(d::Name::into_string),
            administrator_organisation_id: f.administrator_id.as_uuid(),
            funder_organisation_id: f.funder_id.map(d::OrganisationId::as_uuid),
            start_date: f.dates.start(),
            end_date: f.dates.end(),
            status: f.status.into(),
            target_areas: TargetAreas {
                municipalities: f.target_areas.municipality_codes(),
                districts: f.target_areas.district_names(),
            },
            target_groups: f
                .target_groups
                .into_iter()
                .map(d::Name::into_string)
                .collect(),
            funding: f.funding.map(|f| Funding {
                currency: "EUR".to_owned(),
                total_eligible_cost_cents: f.total_eligible_cost().get(),
                esf_share_percent: f.esf_rate().percent(),
                esf_amount_cents: f.esf_amount().get(),
                own_share_cents: f.own_share().get(),
                co_funders: f
                    .co_funders()
                    .iter()
                    .map(|c| CoFunder {
                        organisation_id: c.organisation_id.as_uuid(),
                        amount_cents: c.amount.get(),
                    })
                    .collect(),
            }),
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

page_of!(ProjectPage, Project, "A page of projects.");
