//! Keys Askel trusts beside its own (`ASKEL_JWT_TRUSTED_KEYS`): a retired signing key of its
//! own, or a partner's identity provider bound to the organisations it may speak for and the
//! roles it may grant (never `admin`).

use std::path::Path;

use jsonwebtoken::{Algorithm, DecodingKey};

use super::Claims;
use super::key_files::{KeyError, decoding_key, parse_algorithm, read_key};

/// What a verification key may vouch for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// Askel's own key (the signing key, or a retired one during rotation): anything.
    Own,
    /// A partner's key: tokens for these organisations only, with these roles only.
    Partner {
        /// Organisations its tokens may name in `org`.
        organisations: Vec<uuid::Uuid>,
        /// Roles its tokens may carry (never `admin`).
        roles: Vec<String>,
    },
}

impl Binding {
    /// Whether a token with `claims` stays within this binding.
    pub(super) fn admits(&self, claims: &Claims) -> bool {
        match self {
            Self::Own => true,
            Self::Partner {
                organisations,
                roles,
            } => {
                claims.org.is_some_and(|o| organisations.contains(&o))
                    && claims
                        .roles
                        .iter()
                        .all(|r| r != "admin" && roles.contains(r))
            }
        }
    }
}

/// A verification key, its algorithm and what it may vouch for.
pub(super) type VerifyingKey = (DecodingKey, Algorithm, Binding);

/// One `ASKEL_JWT_TRUSTED_KEYS` entry: `kid=ALG:path|own` for a key of Askel's own (a retired
/// signing key), `kid=ALG:path|orgs=UUID,…|roles=worker,…` for a partner's.
pub(super) fn parse_trusted(entry: &str) -> Result<(String, VerifyingKey), KeyError> {
    let malformed = || {
        KeyError::Config(format!(
            "trusted key {entry:?} is not kid=ALG:path|own or kid=ALG:path|orgs=UUID,…|roles=ROLE,…"
        ))
    };
    let mut parts = entry.split('|').map(str::trim);
    let (kid, rest) = parts
        .next()
        .and_then(|k| k.split_once('='))
        .ok_or_else(malformed)?;
    let (alg, path) = rest.split_once(':').ok_or_else(malformed)?;
    let (mut own, mut organisations, mut roles) = (false, None, None);
    for part in parts {
        match part.split_once('=') {
            None if part == "own" => own = true,
            Some(("orgs", list)) => {
                organisations = Some(
                    list.split(',')
                        .map(|o| o.trim().parse::<uuid::Uuid>().map_err(|_| malformed()))
                        .collect::<Result<Vec<_>, _>>()?,
                );
            }
            Some(("roles", list)) => {
                let list: Vec<String> = list.split(',').map(|r| r.trim().to_owned()).collect();
                if let Some(bad) = list
                    .iter()
                    .find(|r| *r == "admin" || r.parse::<askel_domain::Role>().is_err())
                {
                    return Err(KeyError::Config(format!(
                        "trusted key {kid:?} may not grant the role {bad:?}: a partner's key grants organisation roles only"
                    )));
                }
                roles = Some(list);
            }
            _ => return Err(malformed()),
        }
    }
    let binding = match (own, organisations, roles) {
        (true, None, None) => Binding::Own,
        (false, Some(organisations), Some(roles))
            if !organisations.is_empty() && !roles.is_empty() =>
        {
            Binding::Partner {
                organisations,
                roles,
            }
        }
        _ => {
            return Err(KeyError::Config(format!(
                "trusted key {kid:?} must be bound: '|own' for a key of Askel's own, or '|orgs=…|roles=…' for a partner's"
            )));
        }
    };
    let algorithm = parse_algorithm(alg)?;
    let path = Path::new(path);
    Ok((
        kid.to_owned(),
        (
            decoding_key(algorithm, &read_key(path)?, path)?,
            algorithm,
            binding,
        ),
    ))
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{EncodingKey, Header};

    use super::*;
    use crate::auth::Keys;
    use crate::config::Settings;

    const PARTNER_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOmGlhWXA8oQCNXtMCh+ZHfPu+mrS5KCxrYkGNlVcSA4\n-----END PRIVATE KEY-----\n";
    const PARTNER_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAb36hW3Zn0TnDov41mQCVNNVaczRZAkaEg14hP9Lmgag=\n-----END PUBLIC KEY-----\n";

    fn with_partner(binding: &str) -> Result<Keys, KeyError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partner.pem");
        std::fs::write(&path, PARTNER_PUBLIC).unwrap();
        let trusted = format!("partner=EdDSA:{}{binding}", path.display());
        let s = Settings::from_lookup(|n| match n {
            "ASKEL_JWT_SECRET" => Some("x".repeat(32)),
            "ASKEL_JWT_TRUSTED_KEYS" => Some(trusted.clone()),
            _ => None,
        })
        .unwrap();
        Keys::from_settings(&s.jwt)
    }

    fn partner_token(org: Option<uuid::Uuid>, roles: &[&str]) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some("partner".into());
        let mut c = Claims::admin_expiring_in(60);
        c.org = org;
        c.roles = roles.iter().map(|r| (*r).to_owned()).collect();
        c.client_id = Some(uuid::Uuid::now_v7().to_string());
        jsonwebtoken::encode(
            &header,
            &c,
            &EncodingKey::from_ed_pem(PARTNER_PRIVATE.as_bytes()).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_partner_key_speaks_only_for_its_organisations_and_roles() {
        let (own, other) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let k = with_partner(&format!("|orgs={own}|roles=worker,manager")).unwrap();
        let ok = k.verify(&partner_token(Some(own), &["worker"])).unwrap();
        assert_eq!(
            ok.client_id, None,
            "only Askel's own tokens name its API clients"
        );
        for (org, roles) in [
            (Some(other), vec!["manager"]),
            (Some(own), vec!["admin"]),
            (Some(own), vec!["worker", "referral_handler"]),
            (None, vec!["worker"]),
        ] {
            assert_eq!(
                k.verify(&partner_token(org, &roles)),
                Err("the token's key may not speak for this organisation or grant these roles"),
                "{org:?} {roles:?}"
            );
        }
    }

    #[test]
    fn a_trusted_key_must_be_bound_and_never_grants_admin() {
        let org = uuid::Uuid::now_v7();
        for unbound in ["", &format!("|orgs={org}"), "|roles=worker"] {
            assert!(
                matches!(with_partner(unbound), Err(KeyError::Config(_))),
                "{unbound:?}"
            );
        }
        assert!(matches!(
            with_partner(&format!("|orgs={org}|roles=worker,admin")),
            Err(KeyError::Config(_))
        ));
        let retired = with_partner("|own").unwrap();
        assert!(retired.verify(&partner_token(None, &["admin"])).is_ok());
    }
}
