//! Tokens already verified, so that a partner system's every request with the same token does
//! not repeat the header parsing, signature check and claims decoding (6 % of the server's time
//! on the hottest read). Keyed by the whole token, signature included; a token is served from
//! here only while it is unexpired by the same rule as a full check; refusals are not kept.

use std::collections::HashMap;
use std::sync::Mutex;

use super::Claims;

/// Tokens kept at most; when full, the cache starts again empty.
const CAPACITY: usize = 4_096;

/// Seconds a token is still accepted after its `exp`, as in the full check.
pub(super) const LEEWAY: u64 = 30;

/// Verified tokens and their claims.
#[derive(Debug, Default)]
pub(super) struct VerifiedTokens {
    tokens: Mutex<HashMap<String, Claims>>,
}

impl VerifiedTokens {
    /// The claims of `token` if it was verified and is unexpired at `now` (seconds).
    pub(super) fn get(&self, token: &str, now: u64) -> Option<Claims> {
        let tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tokens
            .get(token)
            .filter(|claims| unexpired(claims, now))
            .cloned()
    }

    /// Keeps `token`, which has just passed the full check.
    pub(super) fn insert(&self, token: &str, claims: &Claims) {
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tokens.len() >= CAPACITY {
            tokens.clear();
        }
        tokens.insert(token.to_owned(), claims.clone());
    }
}

/// jsonwebtoken's rule: expired once `exp` is more than the leeway in the past.
fn unexpired(claims: &Claims, now: u64) -> bool {
    claims.exp.saturating_add(LEEWAY) >= now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: u64) -> Claims {
        Claims {
            sub: "client".into(),
            org: None,
            roles: vec!["worker".into()],
            iss: "askel".into(),
            aud: "askel-api".into(),
            exp,
            iat: 0,
            act: None,
            nbf: None,
            iat_micros: None,
            client_id: None,
        }
    }

    #[test]
    fn a_kept_token_is_served_until_it_expires_by_the_full_checks_rule() {
        let cache = VerifiedTokens::default();
        cache.insert("a.b.c", &claims(1_000));
        assert_eq!(cache.get("a.b.c", 1_000 + LEEWAY), Some(claims(1_000)));
        assert_eq!(cache.get("a.b.c", 1_000 + LEEWAY + 1), None);
        assert_eq!(cache.get("a.b.d", 900), None, "only the very same token");
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = VerifiedTokens::default();
        for i in 0..=CAPACITY {
            cache.insert(&format!("token-{i}"), &claims(1_000));
        }
        let held = cache.tokens.lock().unwrap().len();
        assert!(held <= CAPACITY, "{held}");
        assert_eq!(
            cache.get(&format!("token-{CAPACITY}"), 0),
            Some(claims(1_000))
        );
    }
}
