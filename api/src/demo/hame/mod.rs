//! The Häme programme, generated: the projects Hämeen ELY-keskus funded under "Työelämän
//! ulkopuolella olevien työ- ja toimintakyvyn parantaminen" and their participants, with the
//! distributions seed 002 reports (84 projects, 17,3 M€ ESF, about 6 200 participants,
//! about 60 % women, over a third under 25, a large share of foreign background). Synthetic
//! and labelled so; seeded, so every run gives the same figures.

use askel_domain::{
    ActorRole, Cents, Funding, Name, NewOrganisation, NewProject, OrganisationId, OrganisationKind,
    ProgrammePeriod, ProjectActor, ProjectCode, ProjectDates, ProjectId, ProjectStatus, Rate,
    TargetAreas,
};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub(crate) mod follow_ups;
pub(crate) mod people;

use super::seeds::HAME_PROJECTS;
use crate::error::ApiError;
use crate::services::{organisations, parties, projects};
use crate::transaction::Work;
use follow_ups::follow_up;
use people::{assess_and_refer, kykyviisari, person};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Projects generated (besides the demo's own).
    pub projects: usize,
    /// Participants across them.
    pub participants: usize,
    /// ESF funding across them, in cents.
    pub esf_cents: i64,
}

impl Scale {
    /// Seed 002's programme: 84 projects, about 6 200 participants, 17,3 M€ ESF. Esko, which
    /// Hämeen ELY-keskus also funds, is on another priority axis and specific objective and is
    /// not among them.
    pub const HAME: Self = Self {
        projects: 84,
        participants: 6_200,
        esf_cents: 1_730_000_000,
    };
}

/// What was generated.
#[derive(Debug)]
pub struct Generated {
    /// Projects.
    pub projects: usize,
    /// Participants.
    pub participants: usize,
}

fn name(s: &str) -> Result<Name, ApiError> {
    Name::parse(s).map_err(ApiError::internal)
}

/// ESF amounts per project: varied, multiples of 4 cents (so 80 % gives whole cents), summing
/// to exactly 17,3 M€.
fn esf_amounts(rng: &mut StdRng, scale: Scale) -> Vec<i64> {
    let base = scale.esf_cents / i64::try_from(scale.projects).unwrap_or(1);
    let mut amounts: Vec<i64> = (0..scale.projects.saturating_sub(1))
        .map(|_| (base * rng.random_range(70..130) / 100) / 4 * 4)
        .collect();
    let rest = scale.esf_cents - amounts.iter().sum::<i64>();
    amounts.push(rest);
    amounts
}

/// Generates the programme in `work`, funded by `funder`, with `county` as every project's partner.
pub async fn generate(
    work: &Work<'_>,
    funder: OrganisationId,
    county: OrganisationId,
    scale: Scale,
    progress: &super::Progress,
) -> Result<Generated, ApiError> {
    let mut rng = StdRng::seed_from_u64(0x4841_4d45); // "HAME"
    // Follow-ups draw from their own sequence, so the people drawn above stay the same.
    let mut follow_ups = StdRng::seed_from_u64(0x4655_5053); // "FUPS"
    let esf = esf_amounts(&mut rng, scale);
    let per_project = scale.participants / scale.projects.max(1);
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
    let kykyviisari = kykyviisari(work).await?;
    let mut total = 0;
    for (i, esf_cents) in esf.iter().enumerate() {
        let n = i + 1;
        let (code, project_name) = HAME_PROJECTS.get(i).map_or_else(
            || {
                (
                    format!("HAME-{n:02}"),
                    format!("Hämeen ESR-hanke {n:02} (synteettinen)"),
                )
            },
            |(c, p)| ((*c).to_owned(), (*p).to_owned()),
        );
        let org = OrganisationId::new();
        let fields = NewOrganisation {
            name: name(&format!("Hämeen demoyhdistys {n:02} ry (synteettinen)"))?,
            kind: OrganisationKind::Association,
            business_id: None,
            home_municipality: None,
        };
        organisations::create(work, org, fields).await?;
        let cents = |c| Cents::new(c).map_err(ApiError::internal);
        let total_cost = esf_cents / 4 * 5;
        let funding = Funding::new(
            cents(total_cost)?,
            Rate::from_percent(80.0).map_err(ApiError::internal)?,
            cents(*esf_cents)?,
            cents(total_cost - esf_cents)?,
            vec![],
        )
        .map_err(ApiError::internal)?;
        let project = ProjectId::new();
        let fields = NewProject {
            code: ProjectCode::parse(&code).map_err(ApiError::internal)?,
            name: name(&project_name)?,
            description: Some(
                askel_domain::Description::parse("Synteettinen demohanke seed 002:n jakaumin.")
                    .map_err(ApiError::internal)?,
            ),
            programme_period: ProgrammePeriod::Esf2014To2020,
            priority_axis: Some(name("5 Sosiaalinen osallisuus ja köyhyyden torjunta")?),
            specific_objective: Some(name(
                "Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen",
            )?),
            administrator_id: org,
            funder_id: Some(funder),
            dates: ProjectDates::new(Some(start), NaiveDate::from_ymd_opt(2021, 3, 31))
                .map_err(ApiError::internal)?,
            status: ProjectStatus::Closed,
            target_areas: TargetAreas {
                municipalities: vec![],
                districts: vec![name("Häme")?],
            },
            target_groups: vec![name("työelämän ulkopuolella olevat")?],
            funding: Some(funding),
        };
        projects::create(work, project, fields).await?;
        parties::add_actor(
            work,
            ProjectActor {
                project_id: project,
                organisation_id: county,
                role: ActorRole::CooperationPartner,
            },
        )
        .await?;
        let count = if n == scale.projects {
            scale.participants - total
        } else {
            per_project
        };
        let people = (0..count)
            .map(|_| person(&mut rng, project, org, start, 4 * 365))
            .collect::<Result<Vec<_>, _>>()?;
        work.participants().load_participants(&people).await?;
        for p in &people {
            assess_and_refer(work, &mut rng, p, &kykyviisari, county).await?;
            if let Some(f) = follow_up(&mut follow_ups, p) {
                work.path().insert_follow_up(&f).await?;
            }
        }
        total += count;
        progress(total, scale.participants);
    }
    Ok(Generated {
        projects: scale.projects,
        participants: total,
    })
}
