//! The application's typed report (`domain::report`) on the wire.

use askel_domain::CodeList;
use askel_domain::report as d;

use super::{
    AssessmentChangeFigure, CoveredProject, EuraFigure, FunderReport, FundingFigure,
    IndicatorFigure, IndicatorReport, ReferralFigure, StepFigure,
};

impl From<d::IndicatorCells> for IndicatorFigure {
    fn from(c: d::IndicatorCells) -> Self {
        let [female, male, non_binary, not_stated] = c.by_gender;
        Self {
            name: c.indicator.name.to_owned(),
            official_code: c.indicator.official_code.to_owned(),
            label: c.indicator.label.to_owned(),
            timing: c.indicator.timing.code().to_owned(),
            on_leaving: c.indicator.timing.counts_leavers(),
            female: female.into(),
            male: male.into(),
            non_binary: non_binary.into(),
            not_stated: not_stated.into(),
            total: c.total.into(),
            share: c.share,
        }
    }
}

impl From<d::StepCells> for StepFigure {
    fn from(c: d::StepCells) -> Self {
        Self {
            step: c.step.number(),
            code: c.step.code().to_owned(),
            reached: c.reached.into(),
            current: c.current.into(),
            median_days: c.median_days,
        }
    }
}

impl From<d::ChangeCells> for AssessmentChangeFigure {
    fn from(c: d::ChangeCells) -> Self {
        Self {
            instrument: c.instrument,
            version: c.version,
            dimension: c.dimension,
            participants: c.participants.into(),
            mean_change: c.mean_change,
            share_improved: c.share_improved,
        }
    }
}

impl From<d::Report> for IndicatorReport {
    fn from(r: d::Report) -> Self {
        Self {
            project_id: r.project.map(askel_domain::ProjectId::as_uuid),
            funder_organisation_id: r.funder.map(askel_domain::OrganisationId::as_uuid),
            programme_period: r.programme.into(),
            projects: i64::try_from(r.covered.len()).unwrap_or(i64::MAX),
            covered_projects: r
                .covered
                .into_iter()
                .map(|p| CoveredProject {
                    id: p.id.as_uuid(),
                    code: p.code,
                    name: p.name,
                })
                .collect(),
            from: r.from,
            to: r.to,
            protected: r.protected,
            threshold: r.threshold,
            participants: r.participants.into(),
            leavers: r.leavers.into(),
            indicators: r.indicators.into_iter().map(Into::into).collect(),
            steps: r.steps.into_iter().map(Into::into).collect(),
            eura: r
                .eura
                .into_iter()
                .map(|(state, count)| EuraFigure {
                    state: state.code().to_owned(),
                    count: count.into(),
                })
                .collect(),
            referrals: r
                .referrals
                .into_iter()
                .map(|c| ReferralFigure {
                    service_kind: c.service_kind,
                    status: c.status,
                    count: c.count.into(),
                })
                .collect(),
            referral_acceptance_rate: r.referral_acceptance_rate,
            activity_hours: r.activity_hours,
            assessment_changes: r.assessment_changes.into_iter().map(Into::into).collect(),
            funding: FundingFigure {
                projects_with_funding: r.funding.projects_with_funding,
                total_eligible_cost_cents: r.funding.total_eligible_cost_cents,
                esf_amount_cents: r.funding.esf_amount_cents,
                own_share_cents: r.funding.own_share_cents,
            },
        }
    }
}

impl From<d::FunderReport> for FunderReport {
    fn from(r: d::FunderReport) -> Self {
        Self {
            funder_organisation_id: r.funder.as_uuid(),
            from: r.from,
            to: r.to,
            protected: true,
            threshold: r.threshold,
            programme_periods: r.sections.into_iter().map(Into::into).collect(),
        }
    }
}
