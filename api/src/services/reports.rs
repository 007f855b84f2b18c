//! Figures for the funder: computed by `GROUP BY` in the database; exact for the project's
//! administrator, protected against small numbers for everyone else.

use std::collections::BTreeMap;

use askel_domain::disclosure::{Count, Disclosure};
use askel_domain::indicators::for_period;
use askel_domain::report::{
    ChangeCells, CoveredProject, FunderReport, IndicatorCells, ReferralCells, Report, StepCells,
};
use askel_domain::{
    Action, CodeList, Gender, OrganisationId, ProgrammePeriod, ProjectId, ReferralStatus, Relation,
    Step,
};
use askel_persistence::{FundedProject, Period};

use super::access::{PermittedProject, permitted_project};
use super::report_figures::{self, Counted};
use crate::error::ApiError;
use crate::transaction::Work;

/// One programme period's figures over `projects` (all of that period), with the parts
/// counted anew for keeping.
async fn build(
    work: &Work<'_>,
    projects: &[FundedProject],
    programme: ProgrammePeriod,
    period: Period,
    disclosure: Disclosure,
    settings: ReportSettings,
) -> Result<Counted<Report>, ApiError> {
    let threshold = settings.threshold;
    let ids: Vec<ProjectId> = projects.iter().map(|p| p.id).collect();
    let indicators = for_period(programme);
    let Counted {
        value: figures,
        fresh,
    } = report_figures::figures(work, &ids, programme, period, settings.keep_parts).await?;
    let counts = &figures.counts;
    let genders: Vec<String> = Gender::all().iter().map(ToString::to_string).collect();
    let publish = |c: Count| disclosure.publish(c);
    let sum = |cells: &[Count]| cells.iter().fold(Count::default(), |a, c| a.plus(*c));
    let by_gender = |m: Option<&BTreeMap<String, Count>>| -> Vec<Count> {
        genders
            .iter()
            .map(|g| m.and_then(|m| m.get(g)).copied().unwrap_or_default())
            .collect()
    };
    let participants_count = sum(&by_gender(counts.by_indicator.get("participants")));
    let leavers_count = sum(&by_gender(Some(&counts.leavers)));
    let (participants, leavers) = (publish(participants_count), publish(leavers_count));
    let indicators = indicators
        .iter()
        .map(|i| {
            let parts = by_gender(counts.by_indicator.get(i.name));
            let total_count = sum(&parts);
            let total = publish(total_count);
            // A result's share is over its own population (EECR01 over the leavers inactive
            // at entry), an output's over everyone entered.
            let population = match counts.populations.get(i.name) {
                Some(own) => *own,
                None if i.timing.counts_leavers() => leavers_count,
                None => participants_count,
            };
            IndicatorCells {
                indicator: i,
                by_gender: [0, 1, 2, 3].map(|g| publish(parts[g])),
                total,
                share: disclosure.share(total_count, population),
            }
        })
        .collect();
    let medians: BTreeMap<String, f64> = figures.medians.iter().cloned().collect();
    let cell_of =
        |m: &BTreeMap<String, Count>, code: &str| publish(m.get(code).copied().unwrap_or_default());
    let steps = Step::all()
        .iter()
        .map(|s| {
            let reached_count = counts
                .steps_reached
                .get(s.code())
                .copied()
                .unwrap_or_default();
            let reached = publish(reached_count);
            StepCells {
                step: *s,
                median_days: reached.value().and_then(|_| {
                    medians
                        .get(s.code())
                        .and_then(|m| disclosure.median_days(reached_count, *m))
                }),
                reached,
                current: cell_of(&counts.current_step, s.code()),
            }
        })
        .collect();
    let eura = askel_domain::EuraState::all()
        .iter()
        .map(|e| (*e, cell_of(&counts.eura, e.code())))
        .collect();
    let referral_rows = &figures.referrals;
    let with_status = |wanted: &[ReferralStatus]| -> Count {
        referral_rows
            .iter()
            .filter(|(_, s, _)| wanted.iter().any(|w| w.code() == s))
            .fold(Count::default(), |a, (_, _, c)| a.plus(*c))
    };
    let accepted = with_status(&[
        ReferralStatus::Accepted,
        ReferralStatus::InProgress,
        ReferralStatus::Completed,
    ]);
    let answered = with_status(&[
        ReferralStatus::Accepted,
        ReferralStatus::InProgress,
        ReferralStatus::Completed,
        ReferralStatus::Declined,
    ]);
    let referrals = referral_rows
        .iter()
        .map(|(kind, status, c)| ReferralCells {
            service_kind: kind.clone(),
            status: status.clone(),
            count: publish(*c),
        })
        .collect();
    let assessment_changes = figures
        .changes
        .iter()
        .map(|c| {
            let people = publish(c.people);
            let shown = people.value().is_some();
            ChangeCells {
                instrument: c.instrument.clone(),
                version: c.version,
                dimension: c.dimension.clone(),
                participants: people,
                mean_change: shown
                    .then(|| disclosure.mean(c.people, c.mean_change))
                    .flatten(),
                share_improved: shown
                    .then(|| disclosure.share(c.improved, c.people))
                    .flatten(),
            }
        })
        .collect();
    let funding = work.figures().funding_totals(&ids).await?;
    let report = Report {
        project: None,
        funder: None,
        programme,
        covered: projects
            .iter()
            .map(|p| CoveredProject {
                id: p.id,
                code: p.code.clone(),
                name: p.name.clone(),
            })
            .collect(),
        from: period.from,
        to: period.to,
        protected: disclosure.is_protected(),
        threshold,
        participants,
        leavers,
        indicators,
        steps,
        eura,
        referrals,
        referral_acceptance_rate: disclosure.share(accepted, answered),
        assessment_changes,
        activity_hours: askel_domain::activity::hours(figures.minutes),
        funding,
    };
    Ok(Counted {
        value: report,
        fresh,
    })
}

/// How reports are made: the small-number threshold, and whether parts are kept.
#[derive(Debug, Clone, Copy)]
pub struct ReportSettings {
    /// The smallest count shown to protected readers.
    pub threshold: i64,
    /// Whether report parts are kept between reports.
    pub keep_parts: bool,
}

impl ReportSettings {
    /// From the server's state.
    pub fn of(state: &crate::state::AppState) -> Self {
        Self {
            threshold: state.suppression_threshold,
            keep_parts: state.report_cache,
        }
    }
}

/// Refuses a period a protected reader may not ask for (`domain::report_period`).
fn protected_period(period: Period) -> Result<(), ApiError> {
    askel_domain::report_period::protected_period(period.from, period.to)
        .map_err(|why| ApiError::invalid("from", why))
}

/// A project's figures: exact for the project's administrator (who may see its participants),
/// protected for its other actors and reporters; others are refused.
pub async fn project(
    work: &Work<'_>,
    id: ProjectId,
    period: Period,
    settings: ReportSettings,
) -> Result<Counted<Report>, ApiError> {
    let PermittedProject { project, relation } = permitted_project(
        work,
        id,
        Action::ReadFigures,
        "only the project's actors read its figures",
    )
    .await?;
    let exact = relation == Relation::ProjectAdministrator
        && work.principal().may(Action::ListParticipants, relation);
    let disclosure = if exact {
        Disclosure::Exact
    } else {
        protected_period(period)?;
        Disclosure::Protected {
            threshold: settings.threshold,
        }
    };
    let programme = project.fields.programme_period;
    let covered = FundedProject {
        id,
        code: project.fields.code.as_str().to_owned(),
        name: project.fields.name.as_str().to_owned(),
        programme_period: programme,
    };
    let counted = build(work, &[covered], programme, period, disclosure, settings).await?;
    Ok(counted.map(|report| Report {
        project: Some(id),
        ..report
    }))
}

/// The figures across every project an organisation funds, one section per programme period
/// (never summed across periods), always protected: a funder sees figures, never persons. For
/// the funder itself and the platform operator; others get 404.
pub async fn funder(
    work: &Work<'_>,
    funder: OrganisationId,
    period: Period,
    settings: ReportSettings,
) -> Result<Counted<FunderReport>, ApiError> {
    let threshold = settings.threshold;
    let own = work.principal().organisation == Some(funder)
        && work
            .principal()
            .may(Action::ReadFigures, Relation::ProjectActor);
    if !own
        && !work
            .principal()
            .may(Action::ReadFigures, Relation::Unrelated)
    {
        return Err(ApiError::NotFound("funder"));
    }
    protected_period(period)?;
    let projects = work.figures().projects_funded_by(funder).await?;
    let disclosure = Disclosure::Protected { threshold };
    let mut sections = Vec::new();
    let mut fresh = Vec::new();
    for programme in ProgrammePeriod::all() {
        let of_period: Vec<FundedProject> = projects
            .iter()
            .filter(|p| p.programme_period == *programme)
            .cloned()
            .collect();
        if of_period.is_empty() {
            continue;
        }
        let counted = build(work, &of_period, *programme, period, disclosure, settings).await?;
        sections.push(Report {
            funder: Some(funder),
            ..counted.value
        });
        fresh.extend(counted.fresh);
    }
    let report = FunderReport {
        funder,
        from: period.from,
        to: period.to,
        threshold,
        sections,
    };
    Ok(Counted {
        value: report,
        fresh,
    })
}
