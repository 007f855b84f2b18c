//! API client secrets: generated at random, stored only as an argon2id hash, and verified by a
//! [`SecretVerifier`] that bounds how many verifications run at once and the memory they use.
//!
//! Each argon2id verification fills 19 MiB. Left to the blocking pool, a flood of wrong
//! secrets ran a hundred at once and the allocator kept gigabytes afterwards; here at most
//! `permits` run, each in one of as many memory buffers allocated once, and the rest wait
//! briefly and are then turned away with `Retry-After`.

use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

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

/// The most memory one verification may ask for (a stored hash with a larger `m` is refused):
/// four times the default.
const MAX_BLOCKS: usize = 4 * Params::DEFAULT_M_COST as usize;

/// Whether `secret` matches the PHC string `stored`, computed in `memory` (grown if the
/// hash's parameters need more, up to [`MAX_BLOCKS`]).
fn matches(secret: &[u8], stored: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let Some(area) = memory.get_mut(..blocks) else {
        return false;
    };
    if Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(secret, salt.as_ref(), &mut out, area)
        .is_err()
    {
        return false;
    }
    // Compared in constant time.
    argon2::password_hash::phc::Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// Runs secret verifications, at most `permits` at once, each in a memory buffer of its own
/// that is kept for the next.
#[derive(Debug)]
pub struct SecretVerifier {
    permits: Arc<Semaphore>,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
    wait: Duration,
}

/// Every verification slot stayed busy for the whole wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl SecretVerifier {
    /// At most `permits` verifications at once; a request waits at most `wait` for one.
    pub fn new(permits: usize, wait: Duration) -> Self {
        let permits = permits.max(1);
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            buffers: Arc::new(Mutex::new(Vec::with_capacity(permits))),
            wait,
        }
    }

    /// Whether `secret` matches `hash`; with no hash, spends the same effort and says no.
    pub async fn verify(&self, secret: String, hash: Option<String>) -> Result<bool, Busy> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let buffers = self.buffers.clone();
        let mut memory = buffers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_default();
        let result = actix_web::web::block(move || {
            let known = hash.is_some();
            let stored = hash.as_deref().unwrap_or(DUMMY_HASH.as_str());
            let ok = matches(secret.as_bytes(), stored, &mut memory) && known;
            buffers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(memory);
            drop(permit);
            ok
        })
        .await;
        result.map_err(|_| Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_its_hash_only() {
        let secret = generate_secret();
        let hash = hash_secret(&secret).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains(&secret));
        let mut memory = Vec::new();
        assert!(matches(secret.as_bytes(), &hash, &mut memory));
        assert!(!matches(b"wrong", &hash, &mut memory));
        assert!(!matches(secret.as_bytes(), "not a hash", &mut memory));
        assert_eq!(
            memory.len(),
            Params::DEFAULT_M_COST as usize,
            "one buffer, reused"
        );
    }

    #[test]
    fn a_hash_asking_for_more_memory_than_allowed_is_refused_without_allocating() {
        let huge = Params::new(u32::try_from(MAX_BLOCKS).unwrap() * 2, 1, 1, None).unwrap();
        let hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
            .hash_password(b"x")
            .unwrap()
            .to_string()
            .replace("m=19456", &format!("m={}", huge.m_cost()));
        let mut memory = Vec::new();
        assert!(!matches(b"x", &hash, &mut memory));
        assert!(memory.is_empty());
    }

    #[actix_web::test]
    async fn verifications_beyond_the_permits_wait_then_are_turned_away() {
        let verifier = Arc::new(SecretVerifier::new(1, Duration::from_millis(1)));
        let secret = generate_secret();
        let hash = hash_secret(&secret).unwrap();
        assert_eq!(
            verifier.verify(secret.clone(), Some(hash.clone())).await,
            Ok(true)
        );
        assert_eq!(
            verifier.verify("wrong".into(), Some(hash.clone())).await,
            Ok(false)
        );
        assert_eq!(verifier.verify(secret.clone(), None).await, Ok(false));
        // Hold the only permit: the next verification waits 1 ms and is turned away.
        let held = verifier.permits.clone().acquire_owned().await.unwrap();
        assert_eq!(
            verifier.verify(secret.clone(), Some(hash.clone())).await,
            Err(Busy)
        );
        drop(held);
        assert_eq!(verifier.verify(secret, Some(hash)).await, Ok(true));
        assert_eq!(
            verifier.buffers.lock().unwrap().len(),
            1,
            "one buffer for one permit"
        );
    }
}
