//! The span every request is logged (and, when configured, traced) in. tracing-actix-web's
//! default records the whole target, query string included, and the client address as
//! `X-Forwarded-For` claims it: both are the caller's text, a query may carry an identity code,
//! and an address or a participant's id in a path is personal data in a trace store. Here the
//! span holds the method, the route template and the request id; the outcome is recorded as
//! the default does. A W3C `traceparent` makes it a child of the caller's trace.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

/// Request spans without anything the caller wrote.
#[derive(Debug)]
pub struct RequestSpans;

/// The route template a request matched, found once for the span and kept in the request's
/// extensions for the metrics (matching it walks every route).
#[derive(Debug, Clone)]
pub struct MatchedRoute(pub Option<std::rc::Rc<str>>);

impl MatchedRoute {
    /// The route of `request`, found the first time it is asked.
    pub fn of(request: &ServiceRequest) -> Self {
        if let Some(found) = request.extensions().get::<Self>() {
            return found.clone();
        }
        let found = Self(request.match_pattern().map(std::rc::Rc::from));
        request.extensions_mut().insert(found.clone());
        found
    }
}

impl RootSpanBuilder for RequestSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let matched = MatchedRoute::of(request);
        let route = matched.0.as_deref().unwrap_or("default");
        let method = crate::metrics::method_label(request.method());
        let span = tracing::info_span!(
            "HTTP request",
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            http.method = %method,
            http.route = %route,
            request_id = %request_id,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        );
        crate::telemetry::continue_trace(&span, request.headers());
        span
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
