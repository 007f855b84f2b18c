//! Unit tests of the participant rules.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn facts(birth: &str, status: LabourMarketStatus, since: Option<&str>) -> EntryFacts {
    EntryFacts {
        gender: Gender::Male,
        birth_date: d(birth),
        labour_market_status: status,
        unemployed_since: since.map(d),
        education: Education::Isced0To2,
        urbanisation: Urbanisation::NotKnown,
        sensitive: SensitiveFacts::default(),
    }
}

#[test]
fn age_counts_whole_years_to_the_day() {
    assert_eq!(age_on(d("2000-06-15"), d("2025-06-14")), 24);
    assert_eq!(age_on(d("2000-06-15"), d("2025-06-15")), 25);
    assert_eq!(age_on(d("2004-02-29"), d("2022-02-28")), 17);
    assert_eq!(age_on(d("2004-02-29"), d("2022-03-01")), 18);
}

#[test]
fn long_term_unemployment_is_over_twelve_months_or_six_under_twenty_five() {
    let entry = d("2025-01-31");
    let adult = |since| facts("1980-01-01", LabourMarketStatus::Unemployed, Some(since));
    assert!(
        !long_term_unemployed(&adult("2024-01-31"), entry),
        "exactly 12 months is not more than 12"
    );
    assert!(long_term_unemployed(&adult("2024-01-30"), entry));
    let young = |since| facts("2003-01-01", LabourMarketStatus::Unemployed, Some(since));
    assert!(!long_term_unemployed(&young("2024-07-31"), entry));
    assert!(long_term_unemployed(&young("2024-07-30"), entry));
    assert!(!long_term_unemployed(
        &facts("1980-01-01", LabourMarketStatus::Inactive, None),
        entry
    ));
    assert!(!long_term_unemployed(
        &facts("1980-01-01", LabourMarketStatus::Unemployed, None),
        entry
    ));
}

#[test]
fn facts_must_agree_with_each_other_and_the_entry_date() {
    let entry = d("2025-01-01");
    assert!(
        facts(
            "1990-01-01",
            LabourMarketStatus::Unemployed,
            Some("2024-01-01")
        )
        .check(entry)
        .is_ok()
    );
    assert_eq!(
        facts("2026-01-01", LabourMarketStatus::Inactive, None)
            .check(entry)
            .unwrap_err()
            .0,
        "birth_date"
    );
    assert_eq!(
        facts(
            "1990-01-01",
            LabourMarketStatus::Employed,
            Some("2024-01-01")
        )
        .check(entry)
        .unwrap_err()
        .1,
        EntryFactsError::UnemployedSinceWithoutUnemployment
    );
    assert_eq!(
        facts(
            "1990-01-01",
            LabourMarketStatus::Unemployed,
            Some("2025-02-01")
        )
        .check(entry)
        .unwrap_err()
        .1,
        EntryFactsError::UnemployedAfterEntry
    );
    assert_eq!(
        facts(
            "1990-01-01",
            LabourMarketStatus::Unemployed,
            Some("1989-01-01")
        )
        .check(entry)
        .unwrap_err()
        .1,
        EntryFactsError::UnemployedBeforeBirth
    );
}

#[test]
fn a_birth_date_over_120_years_before_entry_is_refused() {
    let entry = d("2025-06-15");
    let at = |birth: &str| facts(birth, LabourMarketStatus::Inactive, None).check(entry);
    assert_eq!(at("1904-06-16"), Ok(()), "120, turning 121 tomorrow");
    assert_eq!(
        at("1904-06-15"),
        Err(("birth_date", EntryFactsError::ImplausiblyOld)),
        "121 today"
    );
    assert_eq!(
        at("0000-01-01"),
        Err(("birth_date", EntryFactsError::ImplausiblyOld))
    );
}

#[test]
fn the_latest_consent_record_decides() {
    let consent = |given, date: &str| Consent {
        kind: ConsentKind::ShareWithCounty,
        given,
        date: d(date),
        recorded_by: "w".into(),
    };
    let mut fields = ParticipantFields {
        external_ref: None,
        entry_date: d("2025-01-01"),
        home_municipality: None,
        facts: facts("1990-01-01", LabourMarketStatus::Inactive, None),
        eura: EuraState::NotSubmitted,
        consents: vec![consent(true, "2025-01-01")],
        notes: None,
    };
    assert!(fields.consents_to(ConsentKind::ShareWithCounty));
    assert!(!fields.consents_to(ConsentKind::ShareWithTeServices));
    fields.consents.push(consent(false, "2025-03-01"));
    assert!(!fields.consents_to(ConsentKind::ShareWithCounty));
}

#[test]
fn every_fault_of_the_entry_facts_is_named_at_once() {
    let entry = d("2025-01-01");
    let faults = facts(
        "2026-01-01",
        LabourMarketStatus::Employed,
        Some("2024-01-01"),
    )
    .faults(entry);
    assert_eq!(
        faults,
        [
            ("birth_date", EntryFactsError::BornAfterEntry),
            (
                "unemployed_since",
                EntryFactsError::UnemployedSinceWithoutUnemployment
            )
        ]
    );
    assert!(
        facts(
            "1990-01-01",
            LabourMarketStatus::Unemployed,
            Some("2024-01-01")
        )
        .faults(entry)
        .is_empty()
    );
}
