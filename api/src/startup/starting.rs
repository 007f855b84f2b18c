//! What answers while the server starts. The port is bound first and answered at once: the
//! process is live (`/health/live` 200) while the database is migrated and the demo loaded;
//! `/health/ready` and every other request answer 503 with `Retry-After`, the problem naming
//! what the server is doing. When the state is built the API takes over the same socket and
//! this server stops, letting what it was answering finish.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use actix_web::dev::ServerHandle;
use actix_web::http::header;
use actix_web::web::{self, Data};
use actix_web::{App, HttpResponse, HttpServer};
use askel_openapi::{Problem, ProblemKind};

use super::{Application, StartError};
use crate::config::Settings;
use crate::error::problem_response;
use crate::routes::health::Health;
use crate::state::AppState;

/// What the server is doing before it can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Opening the database and applying migrations.
    Migrating = 0,
    /// Loading the demo dataset.
    LoadingDemo = 1,
}

impl Phase {
    fn from_u8(n: u8) -> Self {
        if n == Self::LoadingDemo as u8 {
            Self::LoadingDemo
        } else {
            Self::Migrating
        }
    }

    /// What the problem says the server is doing.
    pub fn doing(self) -> &'static str {
        match self {
            Self::Migrating => "migrating the database",
            Self::LoadingDemo => "loading the demo data",
        }
    }
}

/// The server answering while the real one is built, and the socket it hands over.
#[derive(Debug)]
pub struct Starting {
    phase: Arc<AtomicU8>,
    handle: ServerHandle,
    listener: TcpListener,
    port: u16,
}

/// How long the starting server, no longer accepting, lets the connections it accepted reach
/// its worker before it stops.
const HAND_OVER_SETTLING: std::time::Duration = std::time::Duration::from_millis(250);

/// How long a caller is asked to wait before trying again.
const RETRY_AFTER_SECONDS: u32 = 1;

async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

async fn not_yet(phase: Data<Arc<AtomicU8>>) -> HttpResponse {
    let phase = Phase::from_u8(phase.load(Ordering::Relaxed));
    let mut response = problem_response(&Problem::new(
        ProblemKind::Unavailable,
        format!("the server is starting: {}; retry shortly", phase.doing()),
    ));
    response.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(RETRY_AFTER_SECONDS),
    );
    response
}

impl Starting {
    /// Binds `settings.bind` and answers on it at once, in the phase of migrating.
    pub fn bind(settings: &Settings) -> Result<Self, StartError> {
        let failed = |e| StartError::Bind(settings.bind.clone(), e);
        let listener = super::bind(settings)?;
        let port = listener.local_addr().map_err(failed)?.port();
        let phase = Arc::new(AtomicU8::new(Phase::Migrating as u8));
        let shared = Data::new(phase.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/health/live", web::get().to(live))
                .default_service(web::to(not_yet))
        })
        .workers(1)
        // Each answer closes its connection: a client never keeps one to this server, which
        // stops at the hand-over (a kept connection closed then failed a probe's next request).
        .keep_alive(actix_web::http::KeepAlive::Disabled)
        // Ctrl-C while starting ends the process as it would without this server.
        .disable_signals()
        .listen(listener.try_clone().map_err(failed)?)
        .map_err(failed)?
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(Self {
            phase,
            handle,
            listener,
            port,
        })
    }

    /// The port bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Says what the server is doing now.
    pub fn enter(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    /// The API on the same socket around `state`; this server stops as soon as the API runs.
    pub fn hand_over(
        self,
        settings: &Settings,
        state: AppState,
    ) -> Result<Application, StartError> {
        let failed = |e| StartError::Bind(settings.bind.clone(), e);
        let listener = self.listener.try_clone().map_err(failed)?;
        Ok(Application::with_listener(settings, state, listener)?.replacing(self))
    }

    /// Stops answering; what is being answered finishes. It first stops accepting, so that the
    /// API (already accepting on the same socket) takes every new connection, and stops only
    /// after what it had accepted has reached its worker: a connection accepted in the
    /// moment of the stop was closed unanswered (a probe saw an incomplete message).
    pub(super) async fn stop(self) {
        self.handle.pause().await;
        tokio::time::sleep(HAND_OVER_SETTLING).await;
        self.handle.stop(true).await;
    }
}
