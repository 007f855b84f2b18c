//! Webhooks: push delivery of each organisation's change feed to its subscriptions, signed by
//! the Standard Webhooks convention. `settings` reads the configuration, `address` keeps
//! deliveries off private networks, `signing` signs, `dispatcher` follows the feed and delivers.

pub mod address;
pub mod dispatcher;
pub mod settings;
pub mod signing;

pub use settings::WebhookSettings;
