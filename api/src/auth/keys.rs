//! Token keys: one signing key, any number of verification keys chosen by `kid`. A key that
//! is not Askel's own (a partner's identity provider) is bound to the organisations it may
//! speak for and the roles it may grant, and never grants `admin`.

use std::collections::HashMap;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use rand::RngCore;

use super::Claims;
pub use super::key_files::KeyError;
use super::key_files::{decoding_key, parse_algorithm, read_key};
use super::token_rules::{self, Expected};
use super::trusted_keys::{Binding, VerifyingKey, parse_trusted};
use super::verified::VerifiedTokens;
use crate::config::JwtSettings;

/// Keys for signing and verifying tokens.
pub struct Keys {
    signing: EncodingKey,
    algorithm: Algorithm,
    kid: Option<String>,
    verifying: HashMap<Option<String>, VerifyingKey>,
    issuer: String,
    audience: String,
    /// The longest lifetime accepted, seconds.
    max_lifetime: u64,
    /// Whether the key was generated at start (tokens die with the process).
    pub ephemeral: bool,
    /// Tokens that passed [`Keys::verify`] and their claims.
    verified: VerifiedTokens,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Keys {
    /// Loads keys as configured: key files for EdDSA or RS256, else `ASKEL_JWT_SECRET` for
    /// HS256, else a random secret that lasts as long as the process.
    pub fn from_settings(s: &JwtSettings) -> Result<Self, KeyError> {
        let mut keys = match (&s.private_key_file, &s.secret) {
            (Some(private), _) => {
                let algorithm = parse_algorithm(s.algorithm.as_deref().ok_or_else(|| {
                    KeyError::Config("ASKEL_JWT_ALGORITHM is required with a key file".into())
                })?)?;
                let public = s.public_key_file.as_ref().ok_or_else(|| {
                    KeyError::Config(
                        "ASKEL_JWT_PUBLIC_KEY_FILE is required with a private key".into(),
                    )
                })?;
                let pem = read_key(private)?;
                let signing = match algorithm {
                    Algorithm::EdDSA => EncodingKey::from_ed_pem(&pem),
                    _ => EncodingKey::from_rsa_pem(&pem),
                }
                .map_err(|e| KeyError::File {
                    path: private.display().to_string(),
                    problem: e.to_string(),
                })?;
                let verify = decoding_key(algorithm, &read_key(public)?, public)?;
                let mut verifying = HashMap::new();
                verifying.insert(Some(s.kid.clone()), (verify, algorithm, Binding::Own));
                Self::assemble(signing, algorithm, Some(s.kid.clone()), verifying, s, false)
            }
            (None, Some(secret)) => {
                if secret.expose().len() < 32 {
                    return Err(KeyError::Config(
                        "ASKEL_JWT_SECRET must be at least 32 bytes".into(),
                    ));
                }
                Self::hmac(secret.expose().as_bytes(), s, false)
            }
            (None, None) => {
                let mut bytes = [0u8; 32];
                rand::rng().fill_bytes(&mut bytes);
                Self::hmac(&bytes, s, true)
            }
        };
        if let Some(trusted) = &s.trusted_keys {
            for entry in trusted.split(';').map(str::trim).filter(|e| !e.is_empty()) {
                let (kid, key) = parse_trusted(entry)?;
                keys.verifying.insert(Some(kid), key);
            }
        }
        Ok(keys)
    }

    fn hmac(secret: &[u8], s: &JwtSettings, ephemeral: bool) -> Self {
        let mut verifying = HashMap::new();
        verifying.insert(
            None,
            (
                DecodingKey::from_secret(secret),
                Algorithm::HS256,
                Binding::Own,
            ),
        );
        Self::assemble(
            EncodingKey::from_secret(secret),
            Algorithm::HS256,
            None,
            verifying,
            s,
            ephemeral,
        )
    }

    fn assemble(
        signing: EncodingKey,
        algorithm: Algorithm,
        kid: Option<String>,
        verifying: HashMap<Option<String>, VerifyingKey>,
        s: &JwtSettings,
        ephemeral: bool,
    ) -> Self {
        Self {
            signing,
            algorithm,
            kid,
            verifying,
            issuer: s.issuer.clone(),
            audience: s.audience.clone(),
            max_lifetime: s.max_lifetime_seconds,
            ephemeral,
            verified: VerifiedTokens::default(),
        }
    }

    /// Issuer written into tokens.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Audience written into tokens.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// Signs `claims`.
    pub fn sign(&self, claims: &Claims) -> Result<String, KeyError> {
        let mut header = Header::new(self.algorithm);
        header.kid.clone_from(&self.kid);
        Ok(jsonwebtoken::encode(&header, claims, &self.signing)?)
    }

    /// Verifies a token: signature by a known key in that key's algorithm only, expiry,
    /// issuer and audience. `alg: none` and unexpected algorithms are refused.
    /// A token verified before is taken from the cache of verified tokens while unexpired.
    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        if let Some(claims) = self
            .verified
            .get(token, jsonwebtoken::get_current_timestamp())
        {
            return Ok(claims);
        }
        let claims = self.verify_fully(token)?;
        self.verified.insert(token, &claims);
        Ok(claims)
    }

    fn verify_fully(&self, token: &str) -> Result<Claims, &'static str> {
        let header = token_rules::header(token)?;
        let (key, algorithm, binding) = self
            .verifying
            .get(&header.kid)
            .or_else(|| {
                if header.kid.is_some() {
                    None
                } else {
                    self.verifying.get(&self.kid)
                }
            })
            .ok_or("the token is signed with an unknown key")?;
        let expected = Expected {
            issuers: &[&self.issuer],
            audience: &self.audience,
            max_lifetime: self.max_lifetime,
        };
        let claims = token_rules::claims(
            token,
            &header,
            key,
            *algorithm,
            expected,
            jsonwebtoken::get_current_timestamp(),
        )?;
        let mut claims: Claims =
            serde_json::from_value(claims).map_err(|_| "the token is not valid")?;
        if !binding.admits(&claims) {
            tracing::warn!(
                kid = header.kid.as_deref().unwrap_or(""),
                "token refused: its key may not speak for this organisation or grant these roles"
            );
            return Err("the token's key may not speak for this organisation or grant these roles");
        }
        if *binding != Binding::Own {
            // Only Askel's own tokens name one of its API clients.
            claims.client_id = None;
        }
        Ok(claims)
    }
}

/// A fresh random value for secrets and salts, base64url without padding.
pub(super) fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

#[cfg(test)]
mod tests;
