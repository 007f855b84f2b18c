//! Unit tests of the request extractors.

use super::*;
use actix_web::test::TestRequest;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[allow(dead_code)]
    inner: Inner,
}
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Inner {
    #[allow(dead_code)]
    amount: i64,
}

fn field_of(e: ApiError) -> String {
    match e {
        ApiError::BadRequest { errors, .. } => {
            errors.first().map(|f| f.field.clone()).unwrap_or_default()
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn json_errors_name_the_field_path() {
    assert_eq!(
        field_of(parse_json::<Body>(br#"{"inner":{"amount":"x"}}"#).unwrap_err()),
        "inner.amount"
    );
    // An unknown key is the caller's text: the object that holds it is named instead.
    assert_eq!(
        field_of(parse_json::<Body>(br#"{"inner":{"amount":1,"extra":2}}"#).unwrap_err()),
        "inner"
    );
    assert!(parse_json::<Body>(br#"{"inner":{"amount":1}}"#).is_ok());
}

#[test]
fn malformed_json_and_trailing_garbage_are_bad_requests() {
    for bad in [&b"{"[..], b"{\"inner\":{\"amount\":1}} x", b"\xff\xfe", b""] {
        assert!(
            matches!(parse_json::<Body>(bad), Err(ApiError::BadRequest { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn if_match_accepts_strong_weak_and_star() {
    let parse = |v: &str| {
        parse_if_match(
            &TestRequest::default()
                .insert_header(("If-Match", v))
                .to_http_request(),
        )
    };
    assert_eq!(parse("\"3\"").unwrap(), IfMatch(Some(3)));
    assert_eq!(parse("W/\"4\"").unwrap(), IfMatch(Some(4)));
    assert_eq!(parse("*").unwrap(), IfMatch(None));
    assert!(parse("3").is_err());
    assert!(parse("\"abc\"").is_err());
    assert_eq!(
        parse_if_match(&TestRequest::default().to_http_request()).unwrap(),
        IfMatch(None)
    );
}

#[test]
fn idempotency_keys_are_visible_ascii() {
    let parse = |v: &str| {
        parse_idempotency_key(
            &TestRequest::default()
                .insert_header(("Idempotency-Key", v))
                .to_http_request(),
        )
    };
    assert_eq!(
        parse("abc-123").unwrap(),
        IdempotencyKey(Some("abc-123".into()))
    );
    assert!(parse("").is_err());
    assert!(parse(&"k".repeat(201)).is_err());
}

/// A missing field was reported twice: by the parser (`missing field`, at no path) and by the
/// schema (`entry_date: is required`).
#[test]
fn a_missing_field_is_reported_once_by_its_path() {
    let body = br#"{"gender": "male", "birth_date": "2000-01-01", "labour_market_status": "unemployed", "education": "isced_3_4"}"#;
    match parse_body::<askel_openapi::participant_input::CreateParticipant>(body) {
        Err(ApiError::BadRequest { errors, .. }) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["entry_date"], "{errors:?}");
            assert_eq!(errors[0].message, "is required");
        }
        other => panic!("expected a 400, got {other:?}"),
    }
}

/// A bad query date said `query string: …` instead of naming the parameter.
#[test]
fn a_bad_query_date_names_its_parameter() {
    let named = bad_date_parameter("limit=5&updated_since=yesterday").unwrap();
    assert_eq!(named.field, "updated_since");
    let named = bad_date_parameter("from=2025-13-01&to=2025-12-31").unwrap();
    assert_eq!(
        (named.field.as_str(), named.message.as_str()),
        ("from", "is not a date (2026-01-31)")
    );
    let named = bad_date_parameter("to=2300-01-01").unwrap();
    assert!(named.message.contains("1900-01-01 to 2199-12-31"));
    assert!(bad_date_parameter("updated_since=2026-01-31T12:00:00Z&from=2026-01-01").is_none());
    assert!(!format!("{:?}", bad_date_parameter("updated_since=060696-678B")).contains("060696"));
}
