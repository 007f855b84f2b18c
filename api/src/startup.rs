//! Building and running the server. Tests and production build the very same application.

use std::net::TcpListener;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::web::{self, Data};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use askel_openapi::{Problem, ProblemKind};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::allowed_methods::AllowedMethods;
use crate::config::Settings;
use crate::error::problem_response;
use crate::extract::{DEFAULT_BODY_BYTES, path_error, query_error};
use crate::routes;
use crate::state::AppState;

pub mod starting;
mod state_build;

pub use state_build::{build_state, open_database};

/// The docs page loads its own scripts, styles and images and calls this server, nothing else;
/// no page may frame it. Swagger UI sets inline styles and data: images.
const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Everything else is data, never a page.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// A server bound to its port, ready to run.
pub struct Application {
    server: Server,
    port: u16,
    metrics_port: Option<u16>,
    state: AppState,
    /// The server that answered while this one was built, stopped once this one runs.
    starting: Option<starting::Starting>,
}

/// Serves `GET /metrics` on `bind`, apart from the API; the port it got.
fn serve_metrics(bind: &str, state: &AppState) -> Result<u16, StartError> {
    let listener = TcpListener::bind(bind).map_err(|e| StartError::Bind(bind.to_owned(), e))?;
    let port = listener
        .local_addr()
        .map_err(|e| StartError::Bind(bind.to_owned(), e))?
        .port();
    let data = Data::new(state.clone());
    let server = HttpServer::new(move || {
        App::new().app_data(data.clone()).route(
            "/metrics",
            web::get().to(|state: Data<AppState>| async move {
                HttpResponse::Ok()
                    .content_type("text/plain; version=0.0.4; charset=utf-8")
                    .body(crate::metrics::render(crate::metrics::Gauges {
                        pool: state.db.pool_stats(),
                        waiting: state.db.waiting(),
                        audit_queue: state.audit.depth(),
                    }))
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .map_err(|e| StartError::Bind(bind.to_owned(), e))?
    .run();
    tokio::spawn(server);
    Ok(port)
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Bad token keys.
    #[error(transparent)]
    Keys(#[from] crate::auth::KeyError),
    /// The data key is malformed.
    #[error("{0}")]
    DataKey(String),
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] askel_persistence::StoreError),
    /// The address could not be bound.
    #[error("bind {0}: {1}")]
    Bind(String, std::io::Error),
    /// The webhook client could not be built.
    #[error("webhooks: {0}")]
    Webhooks(String),
}

/// The OpenAPI document, collected from the same routes the server serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, collected) = App::new()
        .into_utoipa_app()
        .configure(configure_api)
        .split_for_parts();
    crate::document::complete(collected)
}

fn configure_api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(scope::scope("/v1").configure(routes::v1))
        .service(scope::scope("/health").configure(routes::health::configure));
}

/// Any error response that is not yet a problem (an unknown path, a body over the limit
/// caught by actix itself) becomes one, so clients only ever parse problems.
fn ensure_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/problem+json")
                || v.starts_with(askel_openapi::fhir::FHIR_JSON)
        });
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    if res.request().path().starts_with("/fhir/") {
        // FHIR clients parse OperationOutcomes, not problems.
        let status = res.status();
        let (req, _) = res.into_parts();
        let response = crate::fhir::outcome(status, status.canonical_reason().unwrap_or("error"));
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, response).map_into_right_body::<B>(),
        ));
    }
    let kind = match res.status().as_u16() {
        400 => ProblemKind::BadRequest,
        401 => ProblemKind::Unauthorized,
        403 => ProblemKind::Forbidden,
        404 => ProblemKind::NotFound,
        405 => ProblemKind::MethodNotAllowed,
        406 => ProblemKind::NotAcceptable,
        409 => ProblemKind::Conflict,
        412 => ProblemKind::PreconditionFailed,
        413 => ProblemKind::PayloadTooLarge,
        415 => ProblemKind::UnsupportedMediaType,
        503 => ProblemKind::Unavailable,
        s if s < 500 => ProblemKind::BadRequest,
        _ => ProblemKind::Internal,
    };
    let detail = match kind {
        ProblemKind::NotFound => "no resource at this path".to_owned(),
        ProblemKind::MethodNotAllowed => "this method is not supported on this path".to_owned(),
        _ => kind.title().to_owned(),
    };
    let (req, _) = res.into_parts();
    let response: HttpResponse<BoxBody> = problem_response(&Problem::new(kind, detail));
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body::<B>(),
    ))
}

/// No route matched: 405 with `Allow` when the path exists with other methods, else 404.
async fn unrouted(req: HttpRequest, allowed: Data<AllowedMethods>) -> HttpResponse {
    if let Some(allow) = allowed.for_path(req.path()) {
        let mut response = problem_response(&Problem::new(
            ProblemKind::MethodNotAllowed,
            format!("this path takes {allow}"),
        ));
        if let Ok(value) = header::HeaderValue::from_str(allow) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return response;
    }
    problem_response(&Problem::new(
        ProblemKind::NotFound,
        "no resource at this path",
    ))
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// Binds `settings.bind` (port 0 picks a free port).
pub fn bind(settings: &Settings) -> Result<TcpListener, StartError> {
    TcpListener::bind(&settings.bind).map_err(|e| StartError::Bind(settings.bind.clone(), e))
}

impl Application {
    /// Opens the database, migrates it and binds `settings.bind` (port 0 picks a free port).
    pub async fn build(settings: &Settings) -> Result<Self, StartError> {
        let state = build_state(settings).await?;
        Self::with_state(settings, state)
    }

    /// Binds a server around an existing state.
    pub fn with_state(settings: &Settings, state: AppState) -> Result<Self, StartError> {
        Self::with_listener(settings, state, bind(settings)?)
    }

    /// A server around an existing state on a socket already bound (by [`bind`]).
    pub fn with_listener(
        settings: &Settings,
        state: AppState,
        listener: TcpListener,
    ) -> Result<Self, StartError> {
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Bind(settings.bind.clone(), e))?
            .port();
        let document = openapi();
        let allowed = Data::new(AllowedMethods::from_document(&document));
        let data = Data::new(state.clone());
        let cors = settings.cors_origins.clone();
        let mut server = HttpServer::new(move || {
            let (app, _) = App::new()
                .into_utoipa_app()
                .app_data(data.clone())
                .app_data(allowed.clone())
                .app_data(web::PayloadConfig::new(DEFAULT_BODY_BYTES))
                .app_data(web::QueryConfig::default().error_handler(query_error))
                .app_data(web::PathConfig::default().error_handler(path_error))
                .configure(configure_api)
                .split_for_parts();
            app.configure(crate::fhir::configure)
                .wrap(ErrorHandlers::new().default_handler(ensure_problem))
                .wrap(
                    DefaultHeaders::new()
                        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                        .add((header::X_FRAME_OPTIONS, "DENY")),
                )
                .wrap_fn(|req, srv| {
                    use actix_web::dev::Service;
                    let policy = if req.path().starts_with("/docs") {
                        DOCS_POLICY
                    } else {
                        API_POLICY
                    };
                    let response = srv.call(req);
                    async move {
                        let mut response = response.await?;
                        response.headers_mut().insert(
                            header::CONTENT_SECURITY_POLICY,
                            header::HeaderValue::from_static(policy),
                        );
                        Ok(response)
                    }
                })
                .wrap(actix_web::middleware::Condition::new(
                    !cors.is_empty(),
                    cors.middleware(),
                ))
                .wrap_fn(|req, srv| {
                    use actix_web::dev::Service;
                    let started = std::time::Instant::now();
                    let method = req.method().clone();
                    let route = crate::request_span::MatchedRoute::of(&req);
                    let response = srv.call(req);
                    async move {
                        let response = response.await?;
                        crate::metrics::request(
                            &method,
                            route.0.as_deref(),
                            response.status().as_u16(),
                            started.elapsed().as_secs_f64(),
                        );
                        Ok(response)
                    }
                })
                .wrap(tracing_actix_web::TracingLogger::<
                    crate::request_span::RequestSpans,
                >::new())
                .service(
                    SwaggerUi::new("/docs/{_:.*}")
                        .url("/openapi.json", document.clone())
                        .config(
                            Config::default()
                                .validator_url("none")
                                .persist_authorization(true)
                                .try_it_out_enabled(true),
                        ),
                )
                .route(
                    "/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header((header::LOCATION, "/docs/"))
                            .finish()
                    }),
                )
                .route(
                    "/",
                    web::get().to(|| async {
                        HttpResponse::Found()
                            .insert_header((header::LOCATION, "/docs/"))
                            .finish()
                    }),
                )
                .default_service(web::to(unrouted))
        })
        .listen(listener)
        .map_err(|e| StartError::Bind(settings.bind.clone(), e))?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        if settings.webhooks.deliver {
            state.webhooks.as_ref().clone().spawn();
        }
        if settings.retention_daily {
            crate::services::retention::spawn_daily(state.clone());
        }
        let metrics_port = match &settings.metrics_bind {
            Some(bind) => Some(serve_metrics(bind, &state)?),
            None => None,
        };
        Ok(Self {
            server: server.shutdown_timeout(30).run(),
            port,
            metrics_port,
            state,
            starting: None,
        })
    }

    /// This application takes over from `starting`, which stops once it runs.
    fn replacing(mut self, starting: starting::Starting) -> Self {
        self.starting = Some(starting);
        self
    }

    /// The port metrics are served on, when they are.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state the server runs with.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, letting in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.starting {
            // The API accepts from its first poll on; then the starting server stops.
            Some(starting) => tokio::join!(self.server, starting.stop()).0,
            None => self.server.await,
        }
    }
}
