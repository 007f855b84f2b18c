//! Rate limits: a token bucket per key that refills at a steady rate up to a burst. Used for
//! requests (per API client — organisation and subject — and per client address at the token
//! endpoint) and for failed authentication (per address and per `client_id`, counted before any
//! secret is hashed). Over the limit answers 429 with `Retry-After`. Kept per instance, in
//! memory: behind a load balancer each instance limits on its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets kept before idle ones (full again) are dropped.
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by key.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// `per_second` requests on average, `burst` at once; `per_second` 0 turns the limit off.
    pub fn new(per_second: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_second),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `per_minute` on average, all of them at once; 0 turns the limit off.
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` has a request left at `now`, without taking it; when none, how long until
    /// one is.
    pub fn peek(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(bucket) = buckets.get(key) else {
            return Ok(());
        };
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        let tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        if tokens >= 1.0 {
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_second))
        }
    }

    /// Gives back one request taken from `key` (one that turned out not to count, such as an
    /// authentication that succeeded).
    pub fn refund(&self, key: &str) {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bucket) = buckets.get_mut(key) {
            bucket.tokens = (bucket.tokens + 1.0).min(self.burst);
        }
    }

    /// Takes one request for `key` at `now`; when none is left, how long until one is.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }
}

/// Whole seconds to put in `Retry-After`, never 0.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_next_waits_for_the_refill() {
        let limiter = RateLimiter::new(2, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check("a", t0), Ok(()));
        }
        let wait = limiter.check("a", t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(retry_after_seconds(wait), 1);
        assert_eq!(limiter.check("a", t0 + Duration::from_millis(500)), Ok(()));
        assert!(limiter.check("a", t0 + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn refill_grants_one_request_per_interval_and_never_more_than_the_burst() {
        let limiter = RateLimiter::new(10, 2);
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_err());
        let later = t0 + Duration::from_millis(100);
        assert!(limiter.check("a", later).is_ok());
        assert!(limiter.check("a", later).is_err());
        let much_later = t0 + Duration::from_secs(60);
        assert!(limiter.check("a", much_later).is_ok());
        assert!(limiter.check("a", much_later).is_ok());
        assert!(
            limiter.check("a", much_later).is_err(),
            "capped at the burst"
        );
    }

    #[test]
    fn clients_have_buckets_of_their_own() {
        let limiter = RateLimiter::new(1, 1);
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_err());
        assert!(limiter.check("b", t0).is_ok());
    }

    #[test]
    fn a_per_minute_limit_allows_that_many_at_once_then_one_per_interval() {
        let limiter = RateLimiter::per_minute(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("a", t0).is_ok());
        }
        assert_eq!(limiter.check("a", t0), Err(Duration::from_secs(20)));
        assert!(limiter.check("a", t0 + Duration::from_secs(20)).is_ok());
    }

    #[test]
    fn a_refund_gives_one_back_but_never_more_than_the_burst() {
        let limiter = RateLimiter::per_minute(2);
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_err());
        limiter.refund("a");
        assert!(limiter.check("a", t0).is_ok());
        limiter.refund("a");
        limiter.refund("a");
        limiter.refund("a");
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_err(), "capped at the burst");
    }

    #[test]
    fn a_peek_takes_nothing() {
        let limiter = RateLimiter::per_minute(1);
        let t0 = Instant::now();
        assert!(limiter.peek("a", t0).is_ok());
        assert!(limiter.peek("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert_eq!(limiter.peek("a", t0), Err(Duration::from_secs(60)));
    }

    #[test]
    fn a_rate_of_zero_turns_the_limit_off() {
        let limiter = RateLimiter::new(0, 1);
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.check("a", t0).is_ok()));
    }

    #[test]
    fn idle_buckets_are_pruned_when_many_are_kept() {
        let limiter = RateLimiter::new(1, 1);
        let t0 = Instant::now();
        for i in 0..PRUNE_AT {
            assert!(limiter.check(&i.to_string(), t0).is_ok());
        }
        let later = t0 + Duration::from_secs(5);
        assert!(limiter.check("new", later).is_ok());
        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
    }
}
