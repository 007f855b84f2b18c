//! Authentication: signing and verifying JWTs, the caller as a [`Principal`], client secrets.

mod claims;
mod keys;
mod principal;
mod secrets;
mod verified;

pub use claims::{Acting, Claims};
pub use keys::{KeyError, Keys};
pub use principal::{Principal, limit};
pub use secrets::{generate_secret, hash_secret, verify_secret};
