//! Unit tests of the OIDC issuer settings.

use super::*;

const ORG: &str = "01941f29-7c02-7502-8000-000000000002";

#[test]
fn an_issuer_is_bound_to_one_organisation_and_a_mapping() {
    let s = OidcSettings::parse(
        &format!("https://login.partner.fi/realms/x|org={ORG}|audience=askel-api|claim=groups|map=askel-workers:worker,askel-managers:manager"),
        false,
        Duration::from_secs(30),
    )
    .unwrap();
    let i = &s.issuers[0];
    assert_eq!(i.issuer, "https://login.partner.fi/realms/x");
    assert_eq!(
        i.map,
        [
            ("askel-workers".into(), Role::Worker),
            ("askel-managers".into(), Role::Manager)
        ]
    );
    for bad in [
        format!("http://login.partner.fi|org={ORG}|audience=a"),
        "https://login.partner.fi|audience=a".to_owned(),
        format!("https://login.partner.fi|org={ORG}|audience=a|map=x:admin"),
        format!("https://login.partner.fi|org={ORG}|audience=a|map=x:king"),
    ] {
        assert!(
            OidcSettings::parse(&bad, false, Duration::ZERO).is_err(),
            "{bad}"
        );
    }
    assert!(
        OidcSettings::parse(
            &format!("http://127.0.0.1:9000|org={ORG}|audience=a"),
            true,
            Duration::ZERO
        )
        .is_ok()
    );
}

#[test]
fn keys_come_only_from_the_issuers_own_origin() {
    let issuer = "https://login.partner.fi/realms/x";
    assert!(same_origin(
        issuer,
        "https://login.partner.fi/realms/x/certs"
    ));
    for elsewhere in [
        "http://login.partner.fi/realms/x/certs",
        "https://login.partner.fi:8443/certs",
        "https://evil.example/certs",
        "https://login.partner.fi.evil.example/certs",
        "https://user@login.partner.fi/certs",
        "not a url",
    ] {
        assert!(!same_origin(issuer, elsewhere), "{elsewhere}");
    }
}

#[test]
fn claim_values_come_as_arrays_or_space_separated() {
    assert_eq!(values(Some(&serde_json::json!(["a", "b"]))), ["a", "b"]);
    assert_eq!(values(Some(&serde_json::json!("a b"))), ["a", "b"]);
    assert!(values(None).is_empty());
}
