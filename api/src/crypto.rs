//! Encryption at rest for personal identity codes: AES-256-GCM with a fresh nonce per value,
//! and a keyed hash (HMAC-SHA-256) beside it to find a person registered twice without
//! decrypting anything. Both come from one 32-byte data key (`ASKEL_DATA_KEY`, base64).

use aes_gcm::aead::{Aead, Generate, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use askel_domain::PersonalIdentityCode;
use askel_persistence::SealedIdentity;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE_LEN: usize = 12;

/// The data key. Its `Debug` shows nothing.
pub struct DataKey {
    cipher: Aes256Gcm,
    hash_key: Vec<u8>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(****)")
    }
}

/// A stored value that does not decrypt with this key.
#[derive(Debug, thiserror::Error)]
#[error("the stored identity code cannot be decrypted with the configured data key")]
pub struct DecryptError;

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length.
    let mut mac =
        <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

impl DataKey {
    /// The key from base64 of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| "ASKEL_DATA_KEY is not base64".to_owned())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "ASKEL_DATA_KEY must be 32 bytes (44 base64 characters)".to_owned())?;
        Ok(Self {
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(key)),
            // A separate key for the hash, so the cipher key is used for one purpose only.
            hash_key: hmac(&key, b"askel identity-code hash v1"),
        })
    }

    /// The keyed hash of a code: equal codes give equal hashes, nothing else can be learnt.
    pub fn hash(&self, code: &PersonalIdentityCode) -> String {
        hex::encode(hmac(&self.hash_key, code.expose().as_bytes()))
    }

    /// Encrypts a short text (an identity code, a webhook secret): nonce, then ciphertext.
    pub fn encrypt(&self, plain: &str) -> Vec<u8> {
        let nonce = Nonce::generate();
        // Encryption of a few bytes in memory cannot fail.
        let ciphertext = self
            .cipher
            .encrypt(&nonce, plain.as_bytes())
            .unwrap_or_default();
        let mut cipher = nonce.to_vec();
        cipher.extend(ciphertext);
        cipher
    }

    /// Encrypts a code and hashes it.
    pub fn seal(&self, code: &PersonalIdentityCode) -> SealedIdentity {
        SealedIdentity {
            cipher: self.encrypt(code.expose()),
            hash: self.hash(code),
        }
    }

    /// Decrypts a sealed code.
    pub fn open(&self, sealed: &[u8]) -> Result<String, DecryptError> {
        if sealed.len() <= NONCE_LEN {
            return Err(DecryptError);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_from(nonce).map_err(|_| DecryptError)?;
        let plain = self
            .cipher
            .decrypt(&nonce, ciphertext)
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        DataKey::from_base64(&base64::engine::general_purpose::STANDARD.encode([byte; 32])).unwrap()
    }

    #[test]
    fn a_sealed_code_opens_with_its_key_only() {
        let code = PersonalIdentityCode::parse("131052-308T").unwrap();
        let k = key(7);
        let sealed = k.seal(&code);
        assert!(
            !sealed.cipher.windows(6).any(|w| w == b"131052"),
            "not stored in the clear"
        );
        assert_eq!(k.open(&sealed.cipher).unwrap(), "131052-308T");
        assert!(key(8).open(&sealed.cipher).is_err());
        let mut tampered = sealed.cipher.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(k.open(&tampered).is_err());
    }

    #[test]
    fn equal_codes_hash_equal_and_seal_differently() {
        let code = PersonalIdentityCode::parse("131052-308T").unwrap();
        let k = key(7);
        let (a, b) = (k.seal(&code), k.seal(&code));
        assert_eq!(a.hash, b.hash);
        assert_ne!(a.cipher, b.cipher, "a fresh nonce every time");
        assert_ne!(key(8).hash(&code), a.hash, "the hash depends on the key");
    }

    #[test]
    fn the_key_must_be_32_bytes_of_base64() {
        assert!(DataKey::from_base64("not base64!").is_err());
        assert!(
            DataKey::from_base64(&base64::engine::general_purpose::STANDARD.encode([1u8; 16]))
                .is_err()
        );
    }
}
