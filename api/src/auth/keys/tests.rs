//! Unit tests of token keys: signing, verifying, and the bounds of a partner's key.

use super::*;
use crate::config::Settings;

fn keys() -> Keys {
    let s = Settings::from_lookup(|n| (n == "ASKEL_JWT_SECRET").then(|| "x".repeat(32))).unwrap();
    Keys::from_settings(&s.jwt).unwrap()
}

fn claims(exp_offset: i64) -> Claims {
    Claims::admin_expiring_in(exp_offset)
}

#[test]
fn a_signed_token_verifies() {
    let k = keys();
    assert_eq!(
        k.verify(&k.sign(&claims(60)).unwrap()).unwrap().sub,
        "client"
    );
}

#[test]
fn expired_wrong_audience_and_tampered_tokens_are_refused() {
    let k = keys();
    assert_eq!(
        k.verify(&k.sign(&claims(-120)).unwrap()),
        Err("the token has expired")
    );
    let mut other = claims(60);
    other.aud = "elsewhere".into();
    assert_eq!(
        k.verify(&k.sign(&other).unwrap()),
        Err("the token is for another audience")
    );
    let token = k.sign(&claims(60)).unwrap();
    let tampered = format!("{}x", &token[..token.len() - 1]);
    assert!(k.verify(&tampered).is_err());
}

#[test]
fn alg_none_is_refused() {
    let k = keys();
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let body = serde_json::to_string(&claims(60)).unwrap();
    let token = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(&body));
    assert!(k.verify(&token).is_err());
}

#[test]
fn an_unexpected_algorithm_with_the_right_secret_is_refused() {
    let k = keys();
    for alg in [
        jsonwebtoken::Algorithm::HS384,
        jsonwebtoken::Algorithm::HS512,
    ] {
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(alg),
            &claims(60),
            &jsonwebtoken::EncodingKey::from_secret("x".repeat(32).as_bytes()),
        )
        .unwrap();
        assert!(k.verify(&token).is_err(), "{alg:?}");
    }
}

#[test]
fn another_secret_is_refused() {
    let k = keys();
    let s = Settings::from_lookup(|n| (n == "ASKEL_JWT_SECRET").then(|| "y".repeat(32))).unwrap();
    let other = Keys::from_settings(&s.jwt).unwrap();
    assert_eq!(
        k.verify(&other.sign(&claims(60)).unwrap()),
        Err("the token's signature is not valid")
    );
}

#[test]
fn a_short_secret_is_a_configuration_error() {
    let s =
        Settings::from_lookup(|n| (n == "ASKEL_JWT_SECRET").then(|| "short".to_owned())).unwrap();
    assert!(matches!(
        Keys::from_settings(&s.jwt),
        Err(KeyError::Config(_))
    ));
}
