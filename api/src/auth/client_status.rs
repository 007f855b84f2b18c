//! Whether an API client's tokens still hold: a disabled client's tokens are refused, and so
//! are tokens issued before its secret was last rotated. Read from the database (the CLI that
//! disables a client runs in another process, and other instances share the database) and kept
//! for one second, so that a client's burst of requests costs one look-up a second.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askel_domain::ApiClientId;
use askel_persistence::{ClientStanding, Database, StoreError};

/// How long a client's standing is kept.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// Entries kept before the cache starts again empty.
const CAPACITY: usize = 10_000;

/// API clients' standing, kept briefly.
#[derive(Debug, Default)]
pub struct ClientStatuses {
    kept: Mutex<HashMap<ApiClientId, (Option<ClientStanding>, Instant)>>,
}

/// Why a client's token no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// No such client (deleted).
    Unknown,
    /// The client is disabled.
    Disabled,
    /// The token predates the client's last secret rotation.
    Rotated,
}

impl Revoked {
    /// The refusal, for the 401.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Unknown => "the token's API client no longer exists",
            Self::Disabled => "the token's API client is disabled",
            Self::Rotated => "the token was issued before the API client's secret was rotated",
        }
    }
}

impl ClientStatuses {
    /// Drops what is kept of client `id`, so that this instance reads its standing anew.
    pub fn forget(&self, id: ApiClientId) {
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&id);
    }

    /// Whether a token issued at `iat` (seconds; `iat_micros` when it carries it) to client
    /// `id` still holds.
    pub async fn check(
        &self,
        db: &Database,
        id: ApiClientId,
        iat: u64,
        iat_micros: Option<i64>,
    ) -> Result<(), CheckError> {
        let now = Instant::now();
        let cached = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&id)
            .filter(|(_, at)| now.duration_since(*at) < FRESH_FOR)
            .map(|(standing, _)| *standing);
        let standing = match cached {
            Some(s) => s,
            None => {
                let standing = crate::transaction::outside::read_in(db, async |tx| {
                    match tx.clients().api_client_standing(id).await {
                        Ok(s) => Ok(Some(s)),
                        Err(StoreError::NotFound) => Ok(None),
                        Err(e) => Err(e),
                    }
                })
                .await
                .map_err(CheckError::Store)?;
                let mut kept = self
                    .kept
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if kept.len() >= CAPACITY {
                    kept.clear();
                }
                kept.insert(id, (standing, now));
                standing
            }
        };
        judge(standing, iat, iat_micros).map_err(CheckError::Revoked)
    }
}

/// The rule: a token holds while its client exists, is not disabled, and the token was issued
/// no earlier than the client's last rotation — compared to the microsecond where the token
/// carries its issue time so finely; else by whole seconds, where a token of the rotation's
/// own second is refused (it may predate the rotation).
fn judge(
    standing: Option<ClientStanding>,
    iat: u64,
    iat_micros: Option<i64>,
) -> Result<(), Revoked> {
    let standing = standing.ok_or(Revoked::Unknown)?;
    if standing.disabled {
        return Err(Revoked::Disabled);
    }
    let Some(from) = standing.tokens_valid_from else {
        return Ok(());
    };
    let before = match iat_micros {
        Some(micros) => micros < from.timestamp_micros(),
        None => {
            let seconds = i64::try_from(iat).unwrap_or(i64::MAX);
            seconds < from.timestamp()
                || (seconds == from.timestamp() && from.timestamp_subsec_micros() > 0)
        }
    };
    if before {
        Err(Revoked::Rotated)
    } else {
        Ok(())
    }
}

/// A client's standing could not be judged.
#[derive(Debug)]
pub enum CheckError {
    /// The token no longer holds.
    Revoked(Revoked),
    /// The database could not be read.
    Store(StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_token_holds_while_its_client_is_enabled_and_unrotated_since_it_was_issued() {
        let enabled = ClientStanding {
            disabled: false,
            tokens_valid_from: None,
        };
        assert_eq!(judge(Some(enabled), 1_000, None), Ok(()));
        assert_eq!(judge(None, 1_000, None), Err(Revoked::Unknown));
        let disabled = ClientStanding {
            disabled: true,
            ..enabled
        };
        assert_eq!(judge(Some(disabled), 1_000, None), Err(Revoked::Disabled));
        let rotated = ClientStanding {
            tokens_valid_from: Utc.timestamp_opt(1_000, 0).single(),
            ..enabled
        };
        assert_eq!(judge(Some(rotated), 999, None), Err(Revoked::Rotated));
        assert_eq!(
            judge(Some(rotated), 1_000, None),
            Ok(()),
            "issued in the same second as a rotation on the second"
        );
    }

    /// The second penetration test: a token issued in the same second as the rotation, just
    /// before it, was still accepted.
    #[test]
    fn a_token_issued_earlier_in_the_rotations_second_is_refused() {
        let rotated = ClientStanding {
            disabled: false,
            tokens_valid_from: Utc.timestamp_opt(1_000, 500_000_000).single(),
        };
        assert_eq!(
            judge(Some(rotated), 1_000, Some(1_000_400_000)),
            Err(Revoked::Rotated)
        );
        assert_eq!(judge(Some(rotated), 1_000, Some(1_000_600_000)), Ok(()));
        assert_eq!(
            judge(Some(rotated), 1_000, None),
            Err(Revoked::Rotated),
            "without microseconds the rotation's own second is refused"
        );
        assert_eq!(judge(Some(rotated), 1_001, None), Ok(()));
    }
}
