//! The one check every signed token passes, whoever issued it — Askel's own keys, a partner's
//! trusted key or an OpenID provider: no critical header extensions, the key's own algorithm,
//! the signature, `iss`, `aud`, `exp` and `nbf` with a small leeway, `iat` not in the future,
//! and a lifetime no longer than Askel accepts. Each issuer's path only finds the key and reads
//! the claims it trusts; the rules live here, so a new issuer cannot skip one.

use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde_json::Value;

use super::verified::LEEWAY;

/// The header of a token, refused when it names critical extensions (RFC 7515 §4.1.11: a
/// receiver that does not understand one must refuse the token).
pub(super) fn header(token: &str) -> Result<Header, &'static str> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| "the token is malformed")?;
    if header.crit.is_some() {
        return Err("the token names critical header extensions, which are not supported");
    }
    Ok(header)
}

/// What a token must carry for one issuer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Expected<'a> {
    /// The `iss` values accepted.
    pub issuers: &'a [&'a str],
    /// The `aud` required.
    pub audience: &'a str,
    /// The longest lifetime accepted, seconds.
    pub max_lifetime: u64,
}

/// The claims of `token`, whose `header` came from [`header`], signed by `key` in `algorithm`,
/// once every rule holds at `now` (seconds since the epoch).
pub(super) fn claims(
    token: &str,
    header: &Header,
    key: &DecodingKey,
    algorithm: Algorithm,
    expected: Expected<'_>,
    now: u64,
) -> Result<Value, &'static str> {
    if header.alg != algorithm {
        return Err("the token's algorithm is not accepted");
    }
    let mut validation = Validation::new(algorithm);
    validation.set_issuer(expected.issuers);
    validation.set_audience(&[expected.audience]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = LEEWAY;
    let claims: Value = jsonwebtoken::decode(token, key, &validation)
        .map(|d| d.claims)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => "the token has expired",
                ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)",
                ErrorKind::InvalidAudience => "the token is for another audience",
                ErrorKind::InvalidIssuer => "the token is from an unknown issuer",
                ErrorKind::InvalidSignature => "the token's signature is not valid",
                _ => "the token is not valid",
            }
        })?;
    times(&claims, now, expected.max_lifetime)?;
    Ok(claims)
}

/// The times a signature check leaves: `iat` and `nbf` numbers when given, `iat` not in the
/// future, and no longer-lived than `max_lifetime` seconds (counted from `iat`, and from now
/// for a token without one).
pub(super) fn times(claims: &Value, now: u64, max_lifetime: u64) -> Result<(), &'static str> {
    let number = |name: &str| match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or("the token's times must be whole seconds"),
    };
    let exp = number("exp")?.unwrap_or(0);
    let iat = number("iat")?.unwrap_or(0);
    number("nbf")?;
    if iat > now.saturating_add(LEEWAY) {
        return Err("the token is issued in the future (iat)");
    }
    let from = if iat == 0 { now } else { iat };
    if exp > from.saturating_add(max_lifetime).saturating_add(LEEWAY) {
        return Err("the token lives longer than Askel accepts (exp)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, encode};
    use serde_json::json;

    const SECRET: &[u8] = b"token-rules-test-secret-0123456789abcdef";
    const NOW: u64 = 2_000_000_000;
    const DAY: u64 = 86_400;

    fn expected() -> Expected<'static> {
        Expected {
            issuers: &["https://idp.example"],
            audience: "askel-api",
            max_lifetime: DAY,
        }
    }

    fn token(extra: Value, header: Header) -> String {
        let mut c = json!({"sub": "s", "iss": "https://idp.example", "aud": "askel-api",
                           "iat": NOW, "exp": NOW + 3600});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        encode(&header, &c, &EncodingKey::from_secret(SECRET)).unwrap()
    }

    fn check(t: &str) -> Result<Value, &'static str> {
        let h = header(t)?;
        let key = DecodingKey::from_secret(SECRET);
        // `decode` compares `exp` and `nbf` with the wall clock; keep them near it.
        claims(t, &h, &key, Algorithm::HS256, expected(), NOW)
    }

    fn shifted(extra: Value) -> String {
        // The same claims around the real now, as `decode` reads the clock itself.
        let now = jsonwebtoken::get_current_timestamp();
        let mut c = json!({"sub": "s", "iss": "https://idp.example", "aud": "askel-api",
                           "iat": now, "exp": now + 3600});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = json!(
                v.as_i64()
                    .map_or_else(|| v.clone(), |d| json!(now as i64 + d))
            );
        }
        encode(
            &Header::new(Algorithm::HS256),
            &c,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap()
    }

    fn check_now(t: &str) -> Result<Value, &'static str> {
        let h = header(t)?;
        let key = DecodingKey::from_secret(SECRET);
        claims(
            t,
            &h,
            &key,
            Algorithm::HS256,
            expected(),
            jsonwebtoken::get_current_timestamp(),
        )
    }

    /// The second penetration test's four OIDC findings, refused by the rule every issuer
    /// passes.
    #[test]
    fn future_times_long_lives_and_critical_extensions_are_refused() {
        assert!(check_now(&shifted(json!({}))).is_ok());
        let year = 365 * DAY as i64;
        assert_eq!(
            check_now(&shifted(json!({"nbf": DAY as i64}))).unwrap_err(),
            "the token is not valid yet (nbf)"
        );
        assert_eq!(
            check_now(&shifted(json!({"iat": year, "exp": year + 3600}))).unwrap_err(),
            "the token is issued in the future (iat)"
        );
        let in_2200 = 7_258_118_400_i64 - jsonwebtoken::get_current_timestamp() as i64;
        assert!(check_now(&shifted(json!({"iat": in_2200, "exp": in_2200 + 60}))).is_err());
        assert_eq!(
            check_now(&shifted(json!({"exp": 2 * DAY as i64}))).unwrap_err(),
            "the token lives longer than Askel accepts (exp)"
        );
        let mut h = Header::new(Algorithm::HS256);
        h.crit = Some(vec!["x-unknown".into()]);
        assert_eq!(
            check(&token(json!({}), h)).unwrap_err(),
            "the token names critical header extensions, which are not supported"
        );
    }

    #[test]
    fn times_are_checked_with_a_small_leeway_and_a_maximum_lifetime() {
        let c = |iat: u64, exp: u64| json!({"iat": iat, "exp": exp});
        assert_eq!(times(&c(NOW, NOW + 3600), NOW, DAY), Ok(()));
        assert!(times(&c(NOW + LEEWAY + 1, NOW + 3600), NOW, DAY).is_err());
        assert!(times(&c(NOW, NOW + DAY + LEEWAY + 1), NOW, DAY).is_err());
        assert_eq!(
            times(&json!({"exp": NOW + DAY}), NOW, DAY),
            Ok(()),
            "no iat: counted from now"
        );
        assert!(times(&json!({"exp": NOW, "iat": "soon"}), NOW, DAY).is_err());
        assert!(times(&json!({"exp": NOW, "nbf": -1}), NOW, DAY).is_err());
    }

    #[test]
    fn another_algorithm_issuer_or_audience_is_refused() {
        let t = token(json!({}), Header::new(Algorithm::HS256));
        let h = header(&t).unwrap();
        let key = DecodingKey::from_secret(SECRET);
        assert!(claims(&t, &h, &key, Algorithm::HS384, expected(), NOW).is_err());
        let other = Expected {
            issuers: &["https://other.example"],
            ..expected()
        };
        assert!(claims(&t, &h, &key, Algorithm::HS256, other, NOW).is_err());
        let other = Expected {
            audience: "other",
            ..expected()
        };
        assert!(claims(&t, &h, &key, Algorithm::HS256, other, NOW).is_err());
    }
}
