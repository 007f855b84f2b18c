//! Webhooks: an organisation's subscriptions to its own change feed, delivered by POST as they
//! happen. The rules here: which addresses a delivery may go to (no server-side request
//! forgery), how long to wait before retrying, and when to give up and pause.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::{EventType, FeedPosition, OrganisationId, ProjectId};

code_list! {
    /// Whether a subscription is delivered.
    pub enum WebhookStatus ("webhook_statuses", "Statuses of a webhook subscription") {
        Active = "active", "käytössä", "aktiv", "active: events are delivered";
        Paused = "paused", "keskeytetty", "pausad", "paused: nothing is delivered until resumed";
    }
}

code_list! {
    /// What a delivery carries.
    pub enum WebhookPayload ("webhook_payloads", "What a webhook delivery carries") {
        Askel = "askel", "Askelin tapahtuma", "Askels händelse", "Askel's event, signed";
        FhirIdOnly = "fhir_id_only", "FHIR-ilmoitus (vain tunnisteet)", "FHIR-avisering (endast id)", "a FHIR R4 id-only notification Bundle, signed (a FHIR Subscription)";
    }
}

/// A subscription as stored (its secrets apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id.
    pub id: Uuid,
    /// Whose feed it follows.
    pub organisation_id: OrganisationId,
    /// Where deliveries go.
    pub url: String,
    /// Only these event types; every type when empty.
    pub event_types: Vec<EventType>,
    /// Only this project's events, when given.
    pub project_id: Option<ProjectId>,
    /// Delivered or paused.
    pub status: WebhookStatus,
    /// Why it was paused.
    pub paused_reason: Option<String>,
    /// The feed position of the last event delivered.
    pub cursor: FeedPosition,
    /// Failed attempts in a row at the event after the cursor.
    pub failures: i32,
    /// When that run of failures began.
    pub failing_since: Option<DateTime<Utc>>,
    /// When to try next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// What its deliveries carry.
    pub payload: WebhookPayload,
    /// Why the subscriber asked for it, as it said (a FHIR Subscription's `reason`).
    pub reason: Option<String>,
    /// Changed by every update; the ETag.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// How deliveries are retried: exponential backoff from `base`, each wait at most `max_wait`,
/// for at least `give_up_after`, then the subscription is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The first wait.
    pub base: Duration,
    /// The longest wait.
    pub max_wait: Duration,
    /// How long a run of failures may last before the subscription is paused.
    pub give_up_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: Duration::seconds(5),
            max_wait: Duration::hours(1),
            give_up_after: Duration::hours(24),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this time.
    RetryAt(DateTime<Utc>),
    /// Give up: pause the subscription.
    Pause,
}

impl RetryPolicy {
    /// After the `failures`-th failure in a row (1 for the first), in a run that began at
    /// `since`, at `now`: wait `base × 2^(failures − 1)`, at most `max_wait`; pause once the run
    /// has lasted `give_up_after`.
    pub fn after_failure(
        &self,
        failures: i32,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> AfterFailure {
        if now - since >= self.give_up_after {
            return AfterFailure::Pause;
        }
        let exponent = u32::try_from(failures.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let wait = self
            .base
            .checked_mul(2_i32.saturating_pow(exponent))
            .unwrap_or(self.max_wait)
            .min(self.max_wait);
        AfterFailure::RetryAt(now + wait)
    }
}

/// Whether an address is one a delivery may go to without being configured for it: not
/// loopback, private (RFC 1918, unique local), link-local, shared (CGNAT), unspecified,
/// multicast, broadcast or documentation ranges — nor an IPv6 address that carries an IPv4
/// one (mapped addresses are judged by the IPv4 address; the IPv4-compatible, SIIT, NAT64,
/// 6to4 and Teredo ranges are refused whole, as each reaches an IPv4 host by translation),
/// nor a deprecated site-local one.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let first = s[0];
            let embeds_ipv4 = s[..6] == [0; 6] // ::a.b.c.d, IPv4-compatible (deprecated)
                || s[..6] == [0, 0, 0, 0, 0xffff, 0] // ::ffff:0:a.b.c.d, SIIT
                || (first == 0x0064 && s[1] == 0xff9b) // 64:ff9b::/96 and 64:ff9b:1::/48, NAT64
                || first == 0x2002 // 6to4
                || (first == 0x2001 && s[1] == 0); // Teredo
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || embeds_ipv4
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || first == 0x0100 && s[1..4] == [0; 3] // 100::/64, discard-only
                || first == 0x2001 && s[1] == 0x0db8)
        }
    }
}

/// Whether an address is loopback (127.0.0.0/8, ::1).
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_760_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn waits_double_up_to_the_longest_and_the_run_pauses_after_a_day() {
        let p = RetryPolicy::default();
        let start = at(0);
        let waits: Vec<i64> = (1..=12)
            .map(|n| match p.after_failure(n, start, start) {
                AfterFailure::RetryAt(t) => (t - start).num_seconds(),
                AfterFailure::Pause => -1,
            })
            .collect();
        assert_eq!(
            waits,
            [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert!(matches!(
            p.after_failure(
                40,
                start,
                start + Duration::hours(24) - Duration::seconds(1)
            ),
            AfterFailure::RetryAt(_)
        ));
        assert_eq!(
            p.after_failure(41, start, start + Duration::hours(24)),
            AfterFailure::Pause
        );
        assert!(matches!(
            p.after_failure(i32::MAX, start, start),
            AfterFailure::RetryAt(_)
        ));
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::",
            // The second penetration test's IPv6 forms that carry an IPv4 address.
            "::127.0.0.1",
            "::7f00:1",
            "::10.0.0.1",
            "::8.8.8.8",
            "64:ff9b::7f00:1",
            "64:ff9b::808:808",
            "64:ff9b:1::a00:1",
            "2002:7f00:1::",
            "2002:808:808::1",
            "::ffff:0:7f00:1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "fec0::1",
            "feff::1",
            "100::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "8.8.8.8",
            "193.166.3.2",
            "2a00:1450:4001:80b::200e",
            "2001:4860::8888",
            "2606:4700::1111",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        assert!(is_loopback("127.0.0.5".parse().unwrap()));
        assert!(is_loopback("::1".parse().unwrap()));
        assert!(!is_loopback("10.0.0.1".parse().unwrap()));
    }
}
