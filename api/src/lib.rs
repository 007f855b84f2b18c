//! The Askel HTTP service: configuration, authentication, thin handlers over application
//! services, the served OpenAPI document and Swagger UI, and the demo dataset.

pub mod allowed_methods;
pub mod audit;
pub mod audit_queue;
pub mod auth;
pub mod body_faults;
pub mod cache_control;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod cors;
pub mod crypto;
pub mod demo;
mod document;
pub mod error;
pub mod events;
pub mod extract;
pub mod fhir;
pub mod heavy;
pub mod idempotency;
pub mod idempotent_create;
pub mod metrics;
pub mod rate_limit;
pub mod redact;
pub mod reference;
pub mod request_span;
pub mod routes;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod transaction;
pub mod webhooks;

pub use config::Settings;

/// Makes rustls use the ring provider for the outgoing HTTP clients (OpenID providers,
/// webhooks, trace export); a second call changes nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
pub use startup::{Application, openapi};
