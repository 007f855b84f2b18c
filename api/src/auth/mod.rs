//! Authentication: signing and verifying JWTs, the caller as a [`Principal`], client secrets.

mod claims;
mod client_status;
mod key_files;
mod keys;
pub mod oidc;
mod principal;
mod secrets;
mod token_rules;
mod trusted_keys;
mod verified;

pub use claims::{Acting, Claims};
pub use client_status::{CheckError, ClientStatuses, Revoked};
pub use keys::{KeyError, Keys};
pub use principal::{Principal, limit};
pub use secrets::{Busy, SecretVerifier, generate_secret, hash_secret};
