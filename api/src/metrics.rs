//! Prometheus metrics, served on a listen address of their own (`ASKEL_METRICS_BIND`; off by
//! default, never on the public one): request durations by route template and status with
//! OpenTelemetry's HTTP names, the database pool and the transactions waiting for it, the audit
//! group commit, webhook deliveries and their lag, limit refusals and the build. Every label
//! comes from a closed set — methods from HTTP's own (others as `_OTHER`), route templates,
//! status codes, fixed words — never an id, anything personal or anything a caller can invent,
//! so no request can grow the scrape.

use std::sync::LazyLock;

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// The metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// `http_server_request_duration_seconds{http_request_method, http_route, http_response_status_code}`.
    pub requests: HistogramVec,
    /// `askel_db_pool_connections{pool, state}`.
    pub pool: IntGaugeVec,
    /// `askel_db_transactions_waiting`.
    pub waiting: IntGauge,
    /// `askel_webhook_delivery_lag_seconds`.
    pub webhook_lag: Histogram,
    /// `askel_webhook_deliveries_total{outcome}`.
    pub webhook_deliveries: IntCounterVec,
    /// `askel_audit_queue_depth`.
    pub audit_queue: IntGauge,
    /// `askel_audit_group_records`.
    pub audit_group: Histogram,
    /// `askel_audit_commit_duration_seconds`.
    pub audit_commit: Histogram,
    /// `askel_limit_refusals_total{limit}`.
    pub refusals: IntCounterVec,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new();
    let requests = HistogramVec::new(
        HistogramOpts::new(
            "http_server_request_duration_seconds",
            "Duration of HTTP server requests.",
        )
        .buckets(vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ]),
        &[
            "http_request_method",
            "http_route",
            "http_response_status_code",
        ],
    )?;
    let pool = IntGaugeVec::new(
        Opts::new(
            "askel_db_pool_connections",
            "Database pool connections by state (in_use, idle).",
        ),
        &["state"],
    )?;
    let waiting = IntGauge::new(
        "askel_db_transactions_waiting",
        "Transactions waiting to begin: for a pooled connection or, on SQLite, the write lock.",
    )?;
    let webhook_lag = Histogram::with_opts(
        HistogramOpts::new(
            "askel_webhook_delivery_lag_seconds",
            "Time from an event to its delivery to a webhook subscription.",
        )
        .buckets(vec![
            0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0,
        ]),
    )?;
    let webhook_deliveries = IntCounterVec::new(
        Opts::new(
            "askel_webhook_deliveries_total",
            "Webhook delivery attempts by outcome (delivered, failed).",
        ),
        &["outcome"],
    )?;
    let audit_queue = IntGauge::new(
        "askel_audit_queue_depth",
        "Reads waiting for their audit records to be committed.",
    )?;
    let audit_group = Histogram::with_opts(
        HistogramOpts::new(
            "askel_audit_group_records",
            "Audit records committed together in one group.",
        )
        .buckets(vec![1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0]),
    )?;
    let audit_commit = Histogram::with_opts(
        HistogramOpts::new(
            "askel_audit_commit_duration_seconds",
            "Time to commit one group of audit records.",
        )
        .buckets(vec![
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        ]),
    )?;
    let refusals = IntCounterVec::new(
        Opts::new(
            "askel_limit_refusals_total",
            "Requests refused by a limit (rate, auth_failures, identity_lookups, busy).",
        ),
        &["limit"],
    )?;
    let build_info = IntGaugeVec::new(
        Opts::new("askel_build_info", "The running build; always 1."),
        &["version"],
    )?;
    build_info
        .with_label_values(&[env!("CARGO_PKG_VERSION")])
        .set(1);
    registry.register(Box::new(requests.clone()))?;
    registry.register(Box::new(pool.clone()))?;
    registry.register(Box::new(waiting.clone()))?;
    registry.register(Box::new(webhook_lag.clone()))?;
    registry.register(Box::new(webhook_deliveries.clone()))?;
    registry.register(Box::new(audit_queue.clone()))?;
    registry.register(Box::new(audit_group.clone()))?;
    registry.register(Box::new(audit_commit.clone()))?;
    registry.register(Box::new(refusals.clone()))?;
    registry.register(Box::new(build_info))?;
    Ok(Metrics {
        registry,
        requests,
        pool,
        waiting,
        webhook_lag,
        webhook_deliveries,
        audit_queue,
        audit_group,
        audit_commit,
        refusals,
    })
}

/// The process's metrics.
pub static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| build().ok());

/// The limits a request can be refused by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The per-client request rate.
    Rate,
    /// Failed authentications per address or client.
    AuthFailures,
    /// Identity-code look-ups per client.
    IdentityLookups,
    /// Heavy work at its concurrency limit.
    Busy,
}

impl Limit {
    /// The label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Rate => "rate",
            Self::AuthFailures => "auth_failures",
            Self::IdentityLookups => "identity_lookups",
            Self::Busy => "busy",
        }
    }
}

/// Counts a refusal by `limit`.
pub fn refused(limit: Limit) {
    if let Some(m) = METRICS.as_ref() {
        m.refusals.with_label_values(&[limit.label()]).inc();
    }
}

/// The method's label: one of HTTP's own methods, else `_OTHER` (OpenTelemetry's rule), so an
/// invented method never becomes a label or a span name.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
    ];
    KNOWN
        .iter()
        .find(|m| *m == method)
        .map_or("_OTHER", Method::as_str)
}

/// The status code's label: a code HTTP defines (100–599), else `other`.
fn status_label(status: u16) -> &'static str {
    /// Each status's label, written once.
    static LABELS: LazyLock<Vec<String>> =
        LazyLock::new(|| (100..600).map(|s: u16| s.to_string()).collect());
    match status.checked_sub(100) {
        Some(i) if status < 600 => LABELS[usize::from(i)].as_str(),
        _ => "other",
    }
}

/// Records one request: its method, its route template (`unmatched` when no route matched)
/// and its status.
pub fn request(method: &actix_web::http::Method, route: Option<&str>, status: u16, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        let route = route.filter(|r| r.starts_with('/')).unwrap_or("unmatched");
        m.requests
            .with_label_values(&[method_label(method), route, status_label(status)])
            .observe(seconds);
    }
}

/// Records one webhook delivery attempt, and for a delivered event how long after it happened.
pub fn webhook_delivery(delivered: bool, lag_seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        if delivered {
            m.webhook_deliveries.with_label_values(&["delivered"]).inc();
            m.webhook_lag.observe(lag_seconds.max(0.0));
        } else {
            m.webhook_deliveries.with_label_values(&["failed"]).inc();
        }
    }
}

/// Records one committed audit group.
pub fn audit_group(records: usize, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        #[allow(clippy::cast_precision_loss)]
        m.audit_group.observe(records as f64);
        m.audit_commit.observe(seconds);
    }
}

/// What the gauges show, read at the scrape.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Pool connections, and how many of them are idle.
    pub pool: askel_persistence::PoolStats,
    /// Transactions waiting to begin.
    pub waiting: usize,
    /// Reads waiting for their audit records.
    pub audit_queue: usize,
}

/// The text exposition, with the gauges as read now.
pub fn render(gauges: Gauges) -> String {
    let Some(m) = METRICS.as_ref() else {
        return String::new();
    };
    let askel_persistence::PoolStats { open: size, idle } = gauges.pool;
    m.pool
        .with_label_values(&["in_use"])
        .set(i64::from(size).saturating_sub(i64::try_from(idle).unwrap_or(0)));
    m.pool
        .with_label_values(&["idle"])
        .set(i64::try_from(idle).unwrap_or(0));
    m.waiting
        .set(i64::try_from(gauges.waiting).unwrap_or(i64::MAX));
    m.audit_queue
        .set(i64::try_from(gauges.audit_queue).unwrap_or(i64::MAX));
    let mut out = Vec::new();
    let _ = TextEncoder::new().encode(&m.registry.gather(), &mut out);
    String::from_utf8(out).unwrap_or_default()
}
