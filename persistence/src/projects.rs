//! Projects with their administrator and funder (kept as actors) and co-funders.

use crate::repositories::Projects;
use std::collections::HashMap;

use askel_domain::{
    ActorRole, Cents, CoFunder, Description, Funding, MunicipalityCode, Name, NewProject,
    OrganisationId, Page, PageRequest, Project, ProjectActor, ProjectCode, ProjectDates, ProjectId,
    Rate, TargetAreas,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::project::{self, Column, Entity};
use crate::entities::project_co_funder;
use crate::error::{corrupt, parse_stored};
use crate::paging::read_rows;

/// How target areas are kept in their JSON column.
#[derive(Serialize, Deserialize)]
struct AreasJson {
    municipalities: Vec<String>,
    districts: Vec<String>,
}

impl Projects<'_> {
    /// Stores a new project, its administrator and funder as actors, and its co-funders.
    pub async fn insert_project(&self, p: &Project) -> Result<(), StoreError> {
        Entity::insert(active_model(p))
            .exec_without_returning(&self.conn)
            .await?;
        let f = &p.fields;
        let admin = ProjectActor {
            project_id: p.id,
            organisation_id: f.administrator_id,
            role: ActorRole::Administrator,
        };
        self.insert_actor(&admin, p.created_at).await?;
        if let Some(funder) = f.funder_id {
            let actor = ProjectActor {
                project_id: p.id,
                organisation_id: funder,
                role: ActorRole::Funder,
            };
            self.insert_actor(&actor, p.created_at).await?;
        }
        self.insert_co_funders(p.id, f.funding.as_ref()).await
    }

    /// Replaces a project's fields if it is still at `expected_version`; `Ok(false)` when another
    /// change came first.
    pub async fn update_project(
        &self,
        p: &Project,
        expected_version: i32,
        old_funder: Option<OrganisationId>,
    ) -> Result<bool, StoreError> {
        let result = Entity::update_many()
            .set(active_model(p))
            .filter(Column::Id.eq(p.id.as_uuid()))
            .filter(Column::Version.eq(expected_version))
            .exec(&self.conn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        if p.fields.funder_id != old_funder {
            self.remove_actors_in_role(p.id, ActorRole::Funder).await?;
            if let Some(funder) = p.fields.funder_id {
                let actor = ProjectActor {
                    project_id: p.id,
                    organisation_id: funder,
                    role: ActorRole::Funder,
                };
                self.insert_actor(&actor, p.updated_at).await?;
            }
        }
        project_co_funder::Entity::delete_many()
            .filter(project_co_funder::Column::ProjectId.eq(p.id.as_uuid()))
            .exec(&self.conn)
            .await?;
        self.insert_co_funders(p.id, p.fields.funding.as_ref())
            .await?;
        Ok(true)
    }

    /// One project.
    pub async fn project(&self, id: ProjectId) -> Result<Project, StoreError> {
        let row = Entity::find_by_id(id.as_uuid())
            .one(&self.conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.assemble(vec![row])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// A page of projects: three queries whatever the page size.
    pub async fn projects(&self, req: &PageRequest) -> Result<Page<Project>, StoreError> {
        let page = read_rows(self, Entity::find(), req).await?;
        let items = self.assemble(page.items).await?;
        Ok(Page {
            items,
            next: page.next,
        })
    }

    async fn insert_co_funders(
        &self,
        project: ProjectId,
        funding: Option<&Funding>,
    ) -> Result<(), StoreError> {
        let Some(funding) = funding.filter(|f| !f.co_funders().is_empty()) else {
            return Ok(());
        };
        let rows = funding.co_funders().iter().zip(0..).map(|(c, position)| {
            project_co_funder::ActiveModel {
                project_id: Set(project.as_uuid()),
                organisation_id: Set(c.organisation_id.as_uuid()),
                amount_cents: Set(c.amount.get()),
                position: Set(position),
            }
        });
        project_co_funder::Entity::insert_many(rows)
            .exec_without_returning(&self.conn)
            .await?;
        Ok(())
    }

    /// Joins rows with their administrator, funder and co-funders, in two more queries.
    async fn assemble(&self, rows: Vec<project::Model>) -> Result<Vec<Project>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut admins = HashMap::new();
        let mut funders = HashMap::new();
        for actor in self
            .actors_in_roles(&ids, &[ActorRole::Administrator, ActorRole::Funder])
            .await?
        {
            let map = if actor.role == ActorRole::Administrator {
                &mut admins
            } else {
                &mut funders
            };
            map.insert(actor.project_id.as_uuid(), actor.organisation_id);
        }
        let mut co_funders: HashMap<Uuid, Vec<CoFunder>> = HashMap::new();
        let co_rows = project_co_funder::Entity::find()
            .filter(project_co_funder::Column::ProjectId.is_in(ids.iter().copied()))
            .order_by_asc(project_co_funder::Column::Position)
            .all(&self.conn)
            .await?;
        for c in co_rows {
            let amount = Cents::new(c.amount_cents).map_err(|e| corrupt("co-funder amount", e))?;
            co_funders.entry(c.project_id).or_default().push(CoFunder {
                organisation_id: OrganisationId::from_uuid(c.organisation_id),
                amount,
            });
        }
        rows.into_iter()
            .map(|row| {
                let admin = admins
                    .get(&row.id)
                    .copied()
                    .ok_or_else(|| corrupt("project", "no administrator"))?;
                let funder = funders.get(&row.id).copied();
                let co = co_funders.remove(&row.id).unwrap_or_default();
                to_domain(row, admin, funder, co)
            })
            .collect()
    }
}

impl Projects<'_> {
    /// Sets a project's retention end (one change: version and `updated_at`).
    pub async fn set_retention_end(
        &self,
        id: ProjectId,
        end: Option<chrono::NaiveDate>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        use sea_orm::sea_query::{Expr, ExprTrait};
        project::Entity::update_many()
            .col_expr(project::Column::RetentionEnd, Expr::value(end))
            .col_expr(
                project::Column::Version,
                Expr::col(project::Column::Version).add(1),
            )
            .col_expr(project::Column::UpdatedAt, Expr::value(now))
            .filter(project::Column::Id.eq(id.as_uuid()))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// The participants not yet anonymised of projects whose retention ended before `today`,
    /// by project.
    pub async fn past_retention(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<Vec<PastRetention>, StoreError> {
        use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};
        let (pa, pr) = (Alias::new("pa"), Alias::new("pr"));
        let mut select = Query::select();
        select
            .column((pr.clone(), Alias::new("code")))
            .column((pa.clone(), Alias::new("id")))
            .from_as(Alias::new("participants"), pa.clone())
            .join_as(
                JoinType::InnerJoin,
                Alias::new("projects"),
                pr.clone(),
                Expr::col((pr.clone(), Alias::new("id")))
                    .equals((pa.clone(), Alias::new("project_id"))),
            )
            .and_where(Expr::col((pr.clone(), Alias::new("retention_end"))).lt(today))
            .and_where(Expr::col((pa.clone(), Alias::new("anonymised"))).eq(false))
            .order_by((pr, Alias::new("code")), Order::Asc)
            .order_by((pa, Alias::new("id")), Order::Asc);
        self.figures()
            .rows(&select)
            .await?
            .iter()
            .map(|r| {
                Ok(PastRetention {
                    project_code: r.try_get("", "code")?,
                    participant: askel_domain::ParticipantId::from_uuid(r.try_get("", "id")?),
                })
            })
            .collect()
    }
}

/// A participant whose project's retention has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRetention {
    /// The project's code.
    pub project_code: String,
    /// The participant.
    pub participant: askel_domain::ParticipantId,
}

fn active_model(p: &Project) -> project::ActiveModel {
    let f = &p.fields;
    let areas = AreasJson {
        municipalities: f.target_areas.municipality_codes(),
        districts: f.target_areas.district_names(),
    };
    let groups: Vec<&str> = f.target_groups.iter().map(Name::as_str).collect();
    let funding = f.funding.as_ref();
    project::ActiveModel {
        id: Set(p.id.as_uuid()),
        code: Set(f.code.as_str().to_owned()),
        name: Set(f.name.as_str().to_owned()),
        description: Set(f.description.as_ref().map(|d| d.as_str().to_owned())),
        programme_period: Set(f.programme_period.to_string()),
        priority_axis: Set(f.priority_axis.as_ref().map(|t| t.as_str().to_owned())),
        specific_objective: Set(f.specific_objective.as_ref().map(|t| t.as_str().to_owned())),
        start_date: Set(f.dates.start()),
        end_date: Set(f.dates.end()),
        status: Set(f.status.to_string()),
        target_areas: Set(serde_json::json!(areas)),
        target_groups: Set(serde_json::json!(groups)),
        total_eligible_cost_cents: Set(funding.map(|f| f.total_eligible_cost().get())),
        esf_rate_basis_points: Set(funding.map(|f| i32::from(f.esf_rate().basis_points()))),
        esf_amount_cents: Set(funding.map(|f| f.esf_amount().get())),
        own_share_cents: Set(funding.map(|f| f.own_share().get())),
        version: Set(p.version),
        retention_end: Set(p.retention_end),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
    }
}

fn to_domain(
    m: project::Model,
    administrator_id: OrganisationId,
    funder_id: Option<OrganisationId>,
    co_funders: Vec<CoFunder>,
) -> Result<Project, StoreError> {
    let name = |s: &str, what: &str| Name::parse(s).map_err(|e| corrupt(what, e));
    let areas: AreasJson =
        serde_json::from_value(m.target_areas).map_err(|e| corrupt("target areas", e))?;
    let groups: Vec<String> =
        serde_json::from_value(m.target_groups).map_err(|e| corrupt("target groups", e))?;
    let funding = match (
        m.total_eligible_cost_cents,
        m.esf_rate_basis_points,
        m.esf_amount_cents,
        m.own_share_cents,
    ) {
        (Some(total), Some(rate), Some(esf), Some(own)) => {
            let cents = |c| Cents::new(c).map_err(|e| corrupt("funding", e));
            let rate = Rate::from_basis_points(i64::from(rate)).map_err(|e| corrupt("rate", e))?;
            Some(
                Funding::new(cents(total)?, rate, cents(esf)?, cents(own)?, co_funders)
                    .map_err(|e| corrupt("funding", e))?,
            )
        }
        _ => None,
    };
    Ok(Project {
        id: ProjectId::from_uuid(m.id),
        fields: NewProject {
            code: ProjectCode::parse(&m.code).map_err(|e| corrupt("project code", e))?,
            name: name(&m.name, "project name")?,
            description: parse_stored(m.description.as_deref(), "description", Description::parse)?,
            programme_period: m
                .programme_period
                .parse()
                .map_err(|e| corrupt("programme period", e))?,
            priority_axis: m
                .priority_axis
                .as_deref()
                .map(|s| name(s, "priority axis"))
                .transpose()?,
            specific_objective: m
                .specific_objective
                .as_deref()
                .map(|s| name(s, "specific objective"))
                .transpose()?,
            administrator_id,
            funder_id,
            dates: ProjectDates::new(m.start_date, m.end_date).map_err(|e| corrupt("dates", e))?,
            status: m.status.parse().map_err(|e| corrupt("status", e))?,
            target_areas: TargetAreas {
                municipalities: areas
                    .municipalities
                    .iter()
                    .map(|c| MunicipalityCode::parse(c).map_err(|e| corrupt("municipality", e)))
                    .collect::<Result<_, _>>()?,
                districts: areas
                    .districts
                    .iter()
                    .map(|d| name(d, "district"))
                    .collect::<Result<_, _>>()?,
            },
            target_groups: groups
                .iter()
                .map(|g| name(g, "target group"))
                .collect::<Result<_, _>>()?,
            funding,
        },
        retention_end: m.retention_end,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}
