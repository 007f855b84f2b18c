//! Webhook configuration.

use askel_domain::RetryPolicy;
use chrono::Duration;

use crate::config::ConfigError;

/// How webhooks are delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// Whether this instance delivers (`ASKEL_WEBHOOKS`, `on` or `off`; on by default). Every
    /// instance may: a lease keeps two from delivering one subscription at once.
    pub deliver: bool,
    /// Whether URLs may resolve to private, loopback or link-local addresses
    /// (`ASKEL_WEBHOOK_ALLOW_PRIVATE`, `false` by default): refused otherwise, against
    /// server-side request forgery.
    pub allow_private: bool,
    /// Whether plain `http://` is allowed to loopback addresses, for development
    /// (`ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK`, `false` by default; it implies loopback is allowed).
    pub allow_http_loopback: bool,
    /// Retries (`ASKEL_WEBHOOK_RETRY_BASE_MS`, 5 000: the first wait, doubling up to an hour;
    /// `ASKEL_WEBHOOK_GIVE_UP_SECONDS`, 86 400: a subscription failing that long is paused).
    pub retry: RetryPolicy,
    /// How often to look for due subscriptions (`ASKEL_WEBHOOK_POLL_MS`, 250).
    pub poll: std::time::Duration,
    /// How long one delivery may take (`ASKEL_WEBHOOK_TIMEOUT_MS`, 10 000).
    pub timeout: std::time::Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            deliver: true,
            allow_private: false,
            allow_http_loopback: false,
            retry: RetryPolicy::default(),
            poll: std::time::Duration::from_millis(250),
            timeout: std::time::Duration::from_secs(10),
        }
    }
}

fn flag(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("on" | "true" | "1" | "yes") => Ok(true),
        Some("off" | "false" | "0" | "no") => Ok(false),
        Some(other) => Err(ConfigError {
            name,
            problem: format!("{other:?} is neither on nor off"),
        }),
    }
}

impl WebhookSettings {
    /// Reads the settings through `var`.
    pub fn read(
        var: &impl Fn(&str) -> Option<String>,
        parse_num: impl Fn(&'static str, u64) -> Result<u64, ConfigError>,
    ) -> Result<Self, ConfigError> {
        let millis = |n: u64| Duration::milliseconds(i64::try_from(n).unwrap_or(i64::MAX));
        let base = parse_num("ASKEL_WEBHOOK_RETRY_BASE_MS", 5_000)?.max(1);
        let give_up = parse_num("ASKEL_WEBHOOK_GIVE_UP_SECONDS", 86_400)?.max(1);
        Ok(Self {
            deliver: flag(var, "ASKEL_WEBHOOKS", true)?,
            allow_private: flag(var, "ASKEL_WEBHOOK_ALLOW_PRIVATE", false)?,
            allow_http_loopback: flag(var, "ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK", false)?,
            retry: RetryPolicy {
                base: millis(base),
                max_wait: Duration::hours(1).max(millis(base)),
                give_up_after: Duration::seconds(i64::try_from(give_up).unwrap_or(86_400)),
            },
            poll: std::time::Duration::from_millis(
                parse_num("ASKEL_WEBHOOK_POLL_MS", 250)?.max(10),
            ),
            timeout: std::time::Duration::from_millis(
                parse_num("ASKEL_WEBHOOK_TIMEOUT_MS", 10_000)?.max(100),
            ),
        })
    }
}
