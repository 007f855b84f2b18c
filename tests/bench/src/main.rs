//! `askel-bench generate`: the benchmark's dataset (the demo with its generated programme scaled
//! to the given projects and participants). `askel-bench baseline`: the ceiling for this
//! machine, a bare actix-web handler doing the participant read of `GET /v1/participants/{id}`
//! straight from the same database, with no authentication, audit or mapping (and at
//! `/audited/participants/{id}` with the read's audit record: the ceiling of an audited read;
//! with `?org=`, joining that organisation's roles in the project as the API's read does);
//! and the county inbox's page of referrals (`GET /v1/referrals?role=target`) read the same
//! bare way, so the inbox can be weighed against the same page without its audit and mapping
//! (and, with `audited=true`, with its audit record but no mapping; with `wire=true` as well,
//! answered with the inbox's own wire page of full referrals); and the step write's statements
//! (`POST /participants/{id}/steps`) behind the same bare server, so the step write can be
//! weighed against what any HTTP server in front of those statements costs.
// The baseline is the bare ceiling: it opens its transaction itself, without the API's runner.
#![allow(clippy::disallowed_methods)]

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{App, HttpResponse, HttpServer, get, post};
use askel_api::config::Settings;
use askel_api::demo::{Scale, load_scaled};
use askel_api::startup::build_state;
use askel_api::state::AppState;
use askel_domain::{
    AuditAction, AuditEntry, AuditId, AuditItem, AuditOutcome, CodeList, EventType, Limit,
    NewEvent, OrganisationId, PageRequest, ParticipantId, Side, Step, StepEntry,
};
use askel_openapi::referrals::{Referral, ReferralPage};
use askel_persistence::{IfUnchanged, ReferralFilter, WithAdministrator};
use clap::{Parser, Subcommand};
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(
    name = "askel-bench",
    about = "Dataset and baseline for tests/bench/run.sh"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Loads the demo with its programme scaled, into the empty database ASKEL_DATABASE_URL.
    Generate {
        /// Generated projects (the demo adds its own few).
        #[arg(long, default_value_t = 100)]
        projects: usize,
        /// Participants across them.
        #[arg(long, default_value_t = 100_000)]
        participants: usize,
    },
    /// Serves `GET /participants/{id}` on ASKEL_BIND from ASKEL_DATABASE_URL, bare.
    Baseline,
}

#[get("/participants/{id}")]
async fn participant(state: Data<AppState>, id: Path<Uuid>) -> HttpResponse {
    read_participant(&state, ParticipantId::from_uuid(*id), false, None).await
}

/// The bare read with the audit record the API writes for it (one record naming the
/// participant, through the server's own audit queue): the ceiling of any read that records,
/// durably and before it answers, whose data it was.
#[get("/audited/participants/{id}")]
async fn audited_participant(
    state: Data<AppState>,
    id: Path<Uuid>,
    caller: Query<Caller>,
) -> HttpResponse {
    read_participant(&state, ParticipantId::from_uuid(*id), true, caller.org).await
}

/// The caller's organisation, whose roles in the participant's project the read joins as the
/// API's read does (none: the read alone).
#[derive(serde::Deserialize)]
struct Caller {
    org: Option<Uuid>,
}

async fn read_participant(
    state: &AppState,
    id: ParticipantId,
    audited: bool,
    org: Option<Uuid>,
) -> HttpResponse {
    let org = org.map(OrganisationId::from_uuid);
    let Ok(found) = state
        .db
        .participant_for(id, org, WithAdministrator::No)
        .await
    else {
        return HttpResponse::NotFound().finish();
    };
    if audited {
        let record = AuditEntry {
            resource_id: id.as_uuid(),
            participant_id: Some(id),
            ..bench_record(AuditAction::Read, "participant", org)
        };
        if state.audit.record(vec![record]).await.is_err() {
            return HttpResponse::ServiceUnavailable().finish();
        }
    }
    HttpResponse::Ok().json(serde_json::json!({
        "id": found.stored.participant.id.as_uuid(),
        "entry_date": found.stored.participant.fields.entry_date,
        "version": found.stored.participant.version,
        "participation_minutes": found.stored.participation_minutes,
    }))
}

/// An audit record of the client "bench", about no participant, with its own id for resource.
fn bench_record(
    action: AuditAction,
    resource: &'static str,
    organisation_id: Option<OrganisationId>,
) -> AuditEntry {
    let id = AuditId::new();
    AuditEntry {
        id,
        at: chrono::Utc::now(),
        client: "bench".into(),
        organisation_id,
        acting_for: None,
        action,
        resource,
        resource_id: id.as_uuid(),
        participant_id: None,
        outcome: AuditOutcome::Allowed,
        items: Vec::new(),
    }
}

#[derive(serde::Deserialize)]
struct Inbox {
    target: Uuid,
    updated_since: chrono::DateTime<chrono::Utc>,
    /// With `audited=true`, the page's audit record too: one record listing each referral and
    /// its participant, through the server's own audit queue (group commit), as the inbox
    /// writes it — the ceiling of any inbox that keeps that record.
    #[serde(default)]
    audited: bool,
    /// With `wire=true`, the page answered as the inbox answers it: each referral in its full
    /// wire form (`askel_openapi::Referral`, the target's side), 35 KB against 8 KB — what is
    /// left of the inbox is its token, access rule and middleware.
    #[serde(default)]
    wire: bool,
}

/// The first page of 50 referrals addressed to `target` changed since `updated_since`.
#[get("/referrals")]
async fn inbox(state: Data<AppState>, q: Query<Inbox>) -> HttpResponse {
    let filter = ReferralFilter {
        organisation: OrganisationId::from_uuid(q.target),
        side: Some(Side::Target),
        statuses: None,
        sender: None,
        target: None,
        service_kind: None,
        project: None,
    };
    let Ok(limit) = Limit::new(50) else {
        return HttpResponse::InternalServerError().finish();
    };
    let page = PageRequest {
        limit,
        after: None,
        updated_since: Some(q.updated_since),
    };
    let found = match state.db.read().await {
        Ok(tx) => tx.referrals().referrals(&filter, &page).await,
        Err(e) => Err(e),
    };
    if let (true, Ok(page)) = (q.audited, &found) {
        let target = Some(OrganisationId::from_uuid(q.target));
        let record = AuditEntry {
            items: page
                .items
                .iter()
                .map(|r| AuditItem {
                    id: AuditId::new(),
                    participant_id: r.participant_id,
                    resource_id: r.id,
                })
                .collect(),
            ..bench_record(AuditAction::List, "referral", target)
        };
        if state.audit.record(vec![record]).await.is_err() {
            return HttpResponse::ServiceUnavailable().finish();
        }
    }
    match found {
        Ok(page) if q.wire => HttpResponse::Ok().json(ReferralPage::from_page(page, |r| {
            Referral::new(r, Side::Target, Vec::new(), None, None)
        })),
        Ok(page) => HttpResponse::Ok().json(
            page.items
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "participant_id": r.participant_id.as_uuid(),
                        "status": r.status.to_string(),
                        "updated_at": r.updated_at,
                    })
                })
                .collect::<Vec<_>>(),
        ),
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}

#[derive(serde::Deserialize)]
struct BareStep {
    step: u8,
    entered_on: chrono::NaiveDate,
}

/// A step write bare: the statements `POST /v1/participants/{id}/steps` sends (without an
/// `Idempotency-Key`), through the same persistence layer — the participant read on its own,
/// then the step, an audit record and an event written if the participant is unchanged — with
/// no token, rule, JSON mapping or idempotency.
#[post("/participants/{id}/steps")]
async fn step(state: Data<AppState>, id: Path<Uuid>, body: Json<BareStep>) -> HttpResponse {
    let id = ParticipantId::from_uuid(*id);
    let Some(step) = Step::all()
        .iter()
        .copied()
        .find(|s| s.number() == body.step)
    else {
        return HttpResponse::BadRequest().finish();
    };
    let stored = async {
        let found = state
            .db
            .participant_for(id, None, WithAdministrator::Yes)
            .await?;
        let p = found.stored.participant;
        let now = chrono::Utc::now();
        let entry = StepEntry {
            id: Uuid::now_v7(),
            participant_id: id,
            episode: found.stored.state.episode,
            step,
            entered_on: body.entered_on,
            reason: None,
            note: None,
            recorded_by: "bench".into(),
            recorded_at: now,
        };
        let audit = AuditEntry {
            id: AuditId::new(),
            at: now,
            client: "bench".into(),
            organisation_id: None,
            acting_for: None,
            action: AuditAction::Update,
            resource: "step",
            resource_id: entry.id,
            participant_id: Some(id),
            outcome: AuditOutcome::Allowed,
            items: Vec::new(),
        };
        let event = NewEvent::new(
            EventType::StepEntered,
            id.as_uuid(),
            now,
            [
                p.owner_id,
                found.project_administrator.unwrap_or(p.owner_id),
            ],
        )
        .about(p.project_id, Some(id));
        let stored = state
            .db
            .enter_step_if_unchanged(p.version, &entry, &[audit], &[event])
            .await?;
        Ok::<_, askel_persistence::StoreError>((stored, entry.id))
    };
    match stored.await {
        Ok((IfUnchanged::Stored, entry)) => {
            HttpResponse::Created().json(serde_json::json!({ "id": entry }))
        }
        Ok((IfUnchanged::Changed, _)) => HttpResponse::Conflict().finish(),
        Err(askel_persistence::StoreError::NotFound) => HttpResponse::NotFound().finish(),
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let state = match build_state(&settings).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Generate {
            projects,
            participants,
        } => {
            let started = Instant::now();
            let scale = Scale {
                projects,
                participants,
                esf_cents: i64::try_from(projects).unwrap_or(1) * 20_000_000,
            };
            let terminal = std::io::stderr().is_terminal();
            let progress = move |done: usize, all: usize| {
                if terminal {
                    let width = 40;
                    let filled = done * width / all.max(1);
                    eprint!(
                        "\r[{}{}] {done}/{all} participants",
                        "#".repeat(filled),
                        " ".repeat(width - filled)
                    );
                    if done >= all {
                        eprintln!();
                    }
                }
            };
            match load_scaled(&state, scale, &progress).await {
                Ok(true) => {
                    if let Err(e) = state.db.settle_after_bulk_load().await {
                        eprintln!("{e}");
                        return ExitCode::FAILURE;
                    }
                    println!(
                        "generated {projects} projects and {participants} participants in {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Ok(false) => {
                    eprintln!("the database is not empty");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Baseline => {
            let data = Data::new(state);
            let server = HttpServer::new(move || {
                App::new()
                    .app_data(data.clone())
                    .service(participant)
                    .service(audited_participant)
                    .service(inbox)
                    .service(step)
            });
            let server = match settings.workers {
                Some(w) => server.workers(w),
                None => server,
            };
            match server.bind(&settings.bind) {
                Ok(s) => match s.run().await {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("{e}");
                        ExitCode::FAILURE
                    }
                },
                Err(e) => {
                    eprintln!("bind {}: {e}", settings.bind);
                    ExitCode::FAILURE
                }
            }
        }
    }
}
