//! API client secrets: generated at random, stored only as an argon2id hash.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// A new client secret: 32 random bytes, base64url.
pub fn generate_secret() -> String {
    super::keys::random_token(32)
}

/// The argon2id hash of `secret` in PHC form.
pub fn hash_secret(secret: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A hash to verify against when the client does not exist, so that an unknown client
/// takes as long to refuse as a wrong secret.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_secret(&generate_secret()).unwrap_or_default());

/// Whether `secret` matches `hash`; with no hash, spends the same effort and says no.
pub fn verify_secret(secret: &str, hash: Option<&str>) -> bool {
    let stored = hash.unwrap_or(DUMMY_HASH.as_str());
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    Argon2::default()
        .verify_password(secret.as_bytes(), &parsed)
        .is_ok()
        && hash.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_verifies_against_its_hash_only() {
        let secret = generate_secret();
        let hash = hash_secret(&secret).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains(&secret));
        assert!(verify_secret(&secret, Some(&hash)));
        assert!(!verify_secret("wrong", Some(&hash)));
        assert!(!verify_secret(&secret, None));
    }
}
