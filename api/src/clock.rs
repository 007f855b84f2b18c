//! The time Askel stamps records with: UTC, truncated to microseconds so that SQLite and
//! PostgreSQL store and compare the very same instant.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// Now, to the microsecond.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}
