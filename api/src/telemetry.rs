//! Logging and, when configured, trace export over OTLP; set up once. Personal data never
//! reaches either: handlers log ids and outcomes, and request spans hold the route template,
//! never the path or the query.

use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::{LogFormat, Settings};

/// Trace export, running while this lives; [`Tracing::shutdown`] sends what is left.
#[derive(Debug, Default)]
pub struct Tracing {
    provider: Option<SdkTracerProvider>,
}

impl Tracing {
    /// Sends the spans not yet exported, and stops exporting.
    pub fn shutdown(self) {
        if let Some(Err(e)) = self.provider.map(|p| p.shutdown()) {
            eprintln!("the last traces were not exported: {e}");
        }
    }
}

/// The OTLP/HTTP exporter's tracer provider for `endpoint`.
fn provider(endpoint: &str, service_name: &str) -> Result<SdkTracerProvider, String> {
    crate::install_tls_provider();
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| format!("ASKEL_OTLP_ENDPOINT: {e}"))?;
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_http_client(client)
        .with_endpoint(endpoint)
        .build()
        .map_err(|e| format!("ASKEL_OTLP_ENDPOINT: {e}"))?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            Resource::builder()
                .with_service_name(service_name.to_owned())
                .build(),
        )
        .build())
}

/// Installs the global subscriber: the log, and the trace export when `ASKEL_OTLP_ENDPOINT` is
/// set. A second call (tests) installs nothing.
pub fn init(settings: &Settings) -> Result<Tracing, String> {
    let filter = EnvFilter::try_new(&settings.log_filter)
        .unwrap_or_else(|_| EnvFilter::new(crate::config::DEFAULT_LOG_FILTER));
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let log = match settings.log_format {
        LogFormat::Json => fmt.json().flatten_event(true).boxed(),
        LogFormat::Text => fmt.boxed(),
    };
    // The exporter's blocking HTTP client may be neither made nor dropped on the runtime's
    // threads: it is made on a thread of its own, and lives on the exporter's.
    let provider = match settings.otlp_endpoint.clone() {
        Some(endpoint) => {
            let name = settings.otlp_service_name.clone();
            Some(
                std::thread::spawn(move || provider(&endpoint, &name))
                    .join()
                    .map_err(|_| {
                        "ASKEL_OTLP_ENDPOINT: the exporter could not be made".to_owned()
                    })??,
            )
        }
        None => None,
    };
    let traces = provider.as_ref().map(|p| {
        tracing_opentelemetry::layer().with_tracer(p.tracer(settings.otlp_service_name.clone()))
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(log)
        .with(traces)
        .try_init();
    std::panic::set_hook(Box::new(log_panic));
    Ok(Tracing { provider })
}

/// A panic is logged by where it happened, never by its message: a message may quote the
/// input that caused it (a byte index inside a participant's text), and logs must not carry
/// personal data.
fn log_panic(info: &std::panic::PanicHookInfo<'_>) {
    let at = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    tracing::error!(
        at,
        "a panic; its message is not logged, as it may hold input"
    );
    eprintln!("askel: a panic at {at}; its message is not logged, as it may hold input");
}

/// The request headers, as the trace-context propagator reads them.
struct Headers<'a>(&'a actix_web::http::header::HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0
            .keys()
            .map(actix_web::http::header::HeaderName::as_str)
            .collect()
    }
}

/// Makes `span` a child of the caller's trace when the request carries a W3C `traceparent`
/// (and `tracestate`); otherwise it starts a trace of its own.
pub fn continue_trace(span: &tracing::Span, headers: &actix_web::http::header::HeaderMap) {
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    if !headers.contains_key("traceparent") {
        return;
    }
    let parent = TraceContextPropagator::new().extract(&Headers(headers));
    let _ = span.set_parent(parent);
}
