//! `/v1/projects/{id}/reports/indicators` and `/v1/funders/{org_id}/reports/indicators`.

use actix_web::http::header;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use askel_domain::{OrganisationId, ProjectId};
use askel_openapi::document::tags;
use askel_openapi::reports::{FunderReport, IndicatorReport, ReportQuery, Tabular, Workbook};
use askel_persistence::Period;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::report_figures::{self, Counted};
use crate::services::reports as service;

use crate::state::AppState;
use crate::transaction::Work;

pub(super) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(project).service(funder);
}

fn period(q: &ReportQuery) -> Result<Period, ApiError> {
    if let (Some(from), Some(to)) = (q.from, q.to)
        && to < from
    {
        return Err(ApiError::invalid("to", "is before from"));
    }
    Ok(Period {
        from: q.from,
        to: q.to,
    })
}

/// Counts a report for the query's period in a read holding the heavy-work slot, keeps the
/// parts it counted afresh (still holding the slot, so a report waiting for it reads them),
/// and answers in the format asked.
async fn counted<R, Wire: From<R> + Tabular>(
    state: &AppState,
    principal: &Principal,
    req: &HttpRequest,
    query: &ReportQuery,
    count: impl AsyncFnOnce(&Work, Period, service::ReportSettings) -> Result<Counted<R>, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let period = period(query)?;
    let settings = service::ReportSettings::of(state);
    let (counted, _slot) =
        crate::transaction::read_for_report(state, principal, async move |work| {
            count(work, period, settings).await
        })
        .await?;
    report_figures::keep(state, counted.fresh).await;
    answer(req, &Wire::from(counted.value))
}

/// The spreadsheet media type.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The report as JSON, as CSV for Finnish Excel (`Accept: text/csv`), or as an .xlsx workbook.
fn answer(req: &HttpRequest, report: &impl Tabular) -> Result<HttpResponse, ApiError> {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let download = |name: &str| {
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
    };
    if accept.contains(XLSX) {
        let book = report.to_xlsx().map_err(ApiError::internal)?;
        return Ok(HttpResponse::Ok()
            .content_type(XLSX)
            .insert_header(download("indicators.xlsx"))
            .body(book));
    }
    if accept.contains("text/csv") {
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(download("indicators.csv"))
            .body(report.to_csv()));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// A project's figures.
///
/// The indicators of the project's programme period (ESF+ 2021–2027: EECO/EECR; ESF 2014–2020:
/// CO/CR) by gender with their official codes: outputs over participants whose first entry
/// falls in the period, results over leavers whose final exit falls in it (a person who
/// re-entered counted once), six-month results from follow-ups; the step funnel, EURA states,
/// referrals, activity hours and funding. Exact for the project's administrator; for other
/// actors and reporters every count is perturbed by the cell key method and values below
/// `threshold` withheld (`docs/DISCLOSURE.md`). `Accept: text/csv` gives the same report as CSV
/// (UTF-8 with BOM, semicolons) for Finnish Excel, `Accept:
/// application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` as a workbook.
#[utoipa::path(
    tag = tags::REPORTS,
    operation_id = "getProjectIndicators",
    params(("id" = Uuid, Path, description = "Project id."), ReportQuery),
    responses((status = 200, description = "The figures.", content(
        (IndicatorReport = "application/json"),
        (String = "text/csv"),
        (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )))
)]
#[get("/projects/{id}/reports/indicators")]
async fn project(
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: Path<Uuid>,
    query: Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let project = ProjectId::from_uuid(*id);
    counted::<_, IndicatorReport>(
        &state,
        &principal,
        &req,
        &query,
        async |work, period, how| service::project(work, project, period, how).await,
    )
    .await
}

/// The figures across a funder's projects.
///
/// Every project the organisation funds, one section per programme period with that period's
/// indicators (never summed across periods): the projects, funding, participants and the
/// indicators. Always protected (the cell key method). For the funder's own staff and the
/// platform operator.
#[utoipa::path(
    tag = tags::REPORTS,
    operation_id = "getFunderIndicators",
    params(("org_id" = Uuid, Path, description = "The funder's organisation id."), ReportQuery),
    responses((status = 200, description = "The figures.", content(
        (FunderReport = "application/json"),
        (String = "text/csv"),
        (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )))
)]
#[get("/funders/{org_id}/reports/indicators")]
async fn funder(
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    org_id: Path<Uuid>,
    query: Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let funder = OrganisationId::from_uuid(*org_id);
    counted::<_, FunderReport>(
        &state,
        &principal,
        &req,
        &query,
        async |work, period, how| service::funder(work, funder, period, how).await,
    )
    .await
}
