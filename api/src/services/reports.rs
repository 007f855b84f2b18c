//! Figures for the funder: computed by `GROUP BY` in the database; exact for the project's
//! administrator, protected against small numbers for everyone else.

use std::collections::BTreeMap;

use askel_domain::indicators::INDICATORS;
use askel_domain::suppression::{Cell, Protection, share};
use askel_domain::{
    Action, CodeList, Gender, OrganisationId, ProjectId, ReferralStatus, Relation, Step,
};
use askel_openapi::reports::{
    AssessmentChangeFigure, EuraFigure, FundingFigure, IndicatorFigure, IndicatorReport,
    ReferralFigure, StepFigure,
};
use askel_persistence::{Period, Tx};

use super::access::{load_project, project_relation};
use crate::auth::Principal;
use crate::error::ApiError;

/// Shows counts as they are, or withholds small ones.
#[derive(Clone, Copy)]
struct Shown(Option<Protection>);

impl Shown {
    fn single(self, v: i64) -> Cell {
        self.0.map_or(Cell::Shown(v), |p| p.single(v))
    }
    fn row(self, parts: &[i64], total: i64) -> (Vec<Cell>, Cell) {
        match self.0 {
            Some(p) => p.row(parts, total),
            None => (
                parts.iter().map(|v| Cell::Shown(*v)).collect(),
                Cell::Shown(total),
            ),
        }
    }
}

async fn build(
    tx: &Tx,
    projects: &[ProjectId],
    period: Period,
    shown: Shown,
    threshold: i64,
) -> Result<IndicatorReport, ApiError> {
    let counts = tx.participant_counts(projects, period).await?;
    let genders: Vec<String> = Gender::all().iter().map(ToString::to_string).collect();
    let count_of = |name: &str, g: &str| {
        counts
            .by_indicator
            .get(name)
            .and_then(|m: &BTreeMap<String, i64>| m.get(g))
            .copied()
            .unwrap_or(0)
    };
    let participants_total: i64 = genders.iter().map(|g| count_of("participants", g)).sum();
    let participants = shown.single(participants_total);
    let indicators = INDICATORS
        .iter()
        .map(|i| {
            let parts: Vec<i64> = genders.iter().map(|g| count_of(i.name, g)).collect();
            let (cells, total) = shown.row(&parts, parts.iter().sum());
            IndicatorFigure {
                name: i.name.to_owned(),
                official_code: i.official_code.to_owned(),
                label: i.label.to_owned(),
                on_leaving: i.on_leaving,
                female: cells[0].into(),
                male: cells[1].into(),
                non_binary: cells[2].into(),
                not_stated: cells[3].into(),
                total: total.into(),
                share: share(total, participants),
            }
        })
        .collect();
    let medians: BTreeMap<String, f64> = tx
        .median_days_per_step(projects, period)
        .await?
        .into_iter()
        .collect();
    let steps = Step::all()
        .iter()
        .map(|s| {
            let reached = shown.single(counts.steps_reached.get(s.code()).copied().unwrap_or(0));
            StepFigure {
                step: s.number(),
                code: s.code().to_owned(),
                median_days: reached.value().and_then(|_| medians.get(s.code()).copied()),
                reached: reached.into(),
                current: shown
                    .single(counts.current_step.get(s.code()).copied().unwrap_or(0))
                    .into(),
            }
        })
        .collect();
    let eura = askel_domain::EuraState::all()
        .iter()
        .map(|e| EuraFigure {
            state: e.code().to_owned(),
            count: shown
                .single(counts.eura.get(e.code()).copied().unwrap_or(0))
                .into(),
        })
        .collect();
    let referral_rows = tx.referral_counts(projects, period).await?;
    let with_status = |wanted: &[ReferralStatus]| -> i64 {
        referral_rows
            .iter()
            .filter(|(_, s, _)| wanted.iter().any(|w| w.code() == s))
            .map(|(_, _, n)| n)
            .sum()
    };
    let accepted = with_status(&[ReferralStatus::Accepted, ReferralStatus::Completed]);
    let answered = with_status(&[
        ReferralStatus::Accepted,
        ReferralStatus::Completed,
        ReferralStatus::Declined,
    ]);
    let referrals = referral_rows
        .iter()
        .map(|(kind, status, n)| ReferralFigure {
            service_kind: kind.clone(),
            status: status.clone(),
            count: shown.single(*n).into(),
        })
        .collect();
    let (with_funding, total, esf, own) = tx.funding_totals(projects).await?;
    Ok(IndicatorReport {
        project_id: None,
        funder_organisation_id: None,
        projects: i64::try_from(projects.len()).unwrap_or(i64::MAX),
        from: period.from,
        to: period.to,
        protected: shown.0.is_some(),
        threshold,
        participants: participants.into(),
        indicators,
        steps,
        eura,
        referrals,
        referral_acceptance_rate: share(shown.single(accepted), shown.single(answered)),
        assessment_changes: tx
            .assessment_changes(projects, period)
            .await?
            .into_iter()
            .map(|c| {
                let people = shown.single(c.people);
                let shown_people = people.value().is_some();
                AssessmentChangeFigure {
                    instrument: c.instrument,
                    version: c.version,
                    dimension: c.dimension,
                    participants: people.into(),
                    mean_change: shown_people.then(|| (c.mean_change * 100.0).round() / 100.0),
                    share_improved: share(shown.single(c.improved), people)
                        .filter(|_| shown_people),
                }
            })
            .collect(),
        activity_hours: askel_domain::activity::hours(tx.attended_minutes(projects, period).await?),
        funding: FundingFigure {
            projects_with_funding: with_funding,
            total_eligible_cost_cents: total,
            esf_amount_cents: esf,
            own_share_cents: own,
        },
    })
}

/// A project's figures: exact for the project's administrator (who may see its participants),
/// protected for its other actors and reporters; others are refused.
pub async fn project(
    tx: &Tx,
    principal: &Principal,
    id: ProjectId,
    period: Period,
    threshold: i64,
) -> Result<IndicatorReport, ApiError> {
    load_project(tx, id).await?;
    let relation = project_relation(tx, principal, id).await?;
    principal.require(
        Action::ReadFigures,
        relation,
        "only the project's actors read its figures",
    )?;
    let exact = relation == Relation::ProjectAdministrator
        && principal.may(Action::ListParticipants, relation);
    let shown = Shown((!exact).then_some(Protection { threshold }));
    let mut report = build(tx, &[id], period, shown, threshold).await?;
    report.project_id = Some(id.as_uuid());
    Ok(report)
}

/// The figures across every project an organisation funds, always protected: a funder sees
/// figures, never persons. For the funder itself and the platform operator; others get 404.
pub async fn funder(
    tx: &Tx,
    principal: &Principal,
    funder: OrganisationId,
    period: Period,
    threshold: i64,
) -> Result<IndicatorReport, ApiError> {
    let own = principal.organisation == Some(funder)
        && principal.may(Action::ReadFigures, Relation::ProjectActor);
    if !own && !principal.may(Action::ReadFigures, Relation::Unrelated) {
        return Err(ApiError::NotFound("funder"));
    }
    let projects = tx.projects_funded_by(funder).await?;
    let mut report = build(
        tx,
        &projects,
        period,
        Shown(Some(Protection { threshold })),
        threshold,
    )
    .await?;
    report.funder_organisation_id = Some(funder.as_uuid());
    Ok(report)
}
