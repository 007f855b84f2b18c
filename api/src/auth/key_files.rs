//! Reading token keys from configuration: key files and algorithm names, shared by Askel's own
//! keys and partners' trusted keys.

use std::path::Path;

use jsonwebtoken::{Algorithm, DecodingKey};

/// Why keys could not be loaded, or a token not made or accepted.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The configuration is incomplete or contradictory.
    #[error("token key configuration: {0}")]
    Config(String),
    /// A key file could not be read or parsed.
    #[error("key file {path}: {problem}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        problem: String,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(#[from] jsonwebtoken::errors::Error),
}

pub(super) fn read_key(path: &Path) -> Result<Vec<u8>, KeyError> {
    std::fs::read(path).map_err(|e| KeyError::File {
        path: path.display().to_string(),
        problem: e.to_string(),
    })
}

pub(super) fn parse_algorithm(name: &str) -> Result<Algorithm, KeyError> {
    match name {
        "EdDSA" => Ok(Algorithm::EdDSA),
        "RS256" => Ok(Algorithm::RS256),
        other => Err(KeyError::Config(format!(
            "unsupported algorithm {other:?}; use EdDSA or RS256"
        ))),
    }
}

pub(super) fn decoding_key(
    algorithm: Algorithm,
    pem: &[u8],
    path: &Path,
) -> Result<DecodingKey, KeyError> {
    let key = match algorithm {
        Algorithm::EdDSA => DecodingKey::from_ed_pem(pem),
        _ => DecodingKey::from_rsa_pem(pem),
    };
    key.map_err(|e| KeyError::File {
        path: path.display().to_string(),
        problem: e.to_string(),
    })
}
