//! Unit tests of the ESF 2014–2020 indicators.

use super::super::tests::{find, subject};
use super::super::{Subject, official_code};
use super::*;
use crate::ProgrammePeriod::Esf2014To2020 as P;
use crate::{SensitiveAnswer, SensitiveFacts};

#[test]
fn cr05_counts_a_disadvantaged_leavers_result_only_where_cr01_to_cr04_would() {
    use crate::indicators::tests::subject;
    use crate::{LabourMarketStatus as L, SensitiveAnswer};
    let cr05 = INDICATORS
        .iter()
        .find(|i| i.official_code == "CR05")
        .unwrap();
    let by_name = |n: &str| INDICATORS.iter().find(|i| i.name == n).unwrap();
    let cr01_to_04 = [
        by_name("inactive_job_searching_on_leaving"),
        by_name("in_education_on_leaving"),
        by_name("qualification_on_leaving"),
        by_name("employed_on_leaving"),
    ];
    let statuses = [
        L::Unemployed,
        L::Inactive,
        L::InEducation,
        L::Employed,
        L::SelfEmployed,
    ];
    let options = [
        EuraExitOption::UnemployedJobSeeker,
        EuraExitOption::Studying,
        EuraExitOption::Employed,
        EuraExitOption::SelfEmployed,
        EuraExitOption::NoneOfThese,
    ];
    for status in statuses {
        for option in options {
            for qualification in [false, true] {
                for disabled in [false, true] {
                    let mut s = subject(30);
                    s.labour_market = status;
                    s.left_as = Some(option);
                    s.qualification_gained = qualification;
                    if disabled {
                        s.sensitive.disability = SensitiveAnswer::Yes;
                    }
                    let expected = disabled && cr01_to_04.iter().any(|i| i.counts(&s));
                    assert_eq!(
                        cr05.counts(&s),
                        expected,
                        "{status} {option} {qualification} {disabled}"
                    );
                }
            }
        }
    }
    let mut still_seeking = subject(30);
    still_seeking.sensitive.disability = SensitiveAnswer::Yes;
    still_seeking.left_as = Some(EuraExitOption::UnemployedJobSeeker);
    assert!(
        !cr05.counts(&still_seeking),
        "unemployed in, job seeking out: no change"
    );
}

/// The second review: CO09 is ISCED 1–2; a participant with less than primary education
/// (ISCED 0) is in no education indicator of 2014–2020, but in ESF+ EECO09 (ISCED 0–2).
#[test]
fn isced_0_is_out_of_co09_and_in_eeco09() {
    use crate::indicators::tests::subject;
    let mut s = subject(30);
    s.education = Education::Isced0;
    let co09 = INDICATORS
        .iter()
        .find(|i| i.official_code == "CO09")
        .unwrap();
    let eeco09 = crate::indicators::esf_plus::INDICATORS
        .iter()
        .find(|i| i.official_code == "EECO09")
        .unwrap();
    assert!(!co09.counts(&s));
    assert!(eeco09.counts(&s));
    s.education = Education::Isced0To2;
    assert!(co09.counts(&s) && eeco09.counts(&s));
}

#[test]
fn every_code_is_the_one_annex_i_gives_the_indicator() {
    let table = [
        ("participants", "CO01+CO03+CO05"),
        ("unemployed", "CO01"),
        ("long_term_unemployed", "CO02"),
        ("inactive", "CO03"),
        ("inactive_not_in_education", "CO04"),
        ("employed", "CO05"),
        ("under_25", "CO06"),
        ("over_54", "CO07"),
        ("over_54_unemployed_or_inactive", "CO08"),
        ("isced_1_2", "CO09"),
        ("isced_3_4", "CO10"),
        ("isced_5_8", "CO11"),
        ("migrants_foreign_background_minorities", "CO15"),
        ("disability", "CO16"),
        ("other_disadvantaged", "CO17"),
        ("homeless", "CO18"),
        ("rural_areas", "CO19"),
        ("inactive_job_searching_on_leaving", "CR01"),
        ("in_education_on_leaving", "CR02"),
        ("qualification_on_leaving", "CR03"),
        ("employed_on_leaving", "CR04"),
        ("disadvantaged_result_on_leaving", "CR05"),
        ("employed_six_months_after", "CR06"),
        ("improved_situation_six_months_after", "CR07"),
        ("over_54_employed_six_months_after", "CR08"),
        ("disadvantaged_employed_six_months_after", "CR09"),
    ];
    for (name, code) in table {
        assert_eq!(official_code(P, name), Some(code), "{name}");
    }
    assert_eq!(INDICATORS.len(), table.len(), "every indicator is pinned");
    assert!(
        INDICATORS
            .iter()
            .all(|i| !["CO12", "CO13", "CO14"].contains(&i.official_code)),
        "the household indicators were dropped in 2018"
    );
}

#[test]
fn the_age_bands_are_below_25_and_above_54() {
    for (age, under_25, over_54) in [
        (24, true, false),
        (25, false, false),
        (54, false, false),
        (55, false, true),
    ] {
        let s = subject(age);
        assert_eq!(
            (
                find(P, "under_25").counts(&s),
                find(P, "over_54").counts(&s)
            ),
            (under_25, over_54),
            "age {age}"
        );
    }
}

#[test]
fn co08_counts_the_older_unemployed_and_inactive_not_in_education() {
    let co08 = find(P, "over_54_unemployed_or_inactive");
    for (status, counted) in [
        (LabourMarketStatus::Unemployed, true),
        (LabourMarketStatus::Inactive, true),
        (LabourMarketStatus::InEducation, false),
        (LabourMarketStatus::Employed, false),
    ] {
        let s = Subject {
            labour_market: status,
            ..subject(60)
        };
        assert_eq!(co08.counts(&s), counted, "{status}");
        assert!(!co08.counts(&Subject {
            labour_market: status,
            ..subject(50)
        }));
    }
    assert!(find(P, "inactive_not_in_education").counts(&Subject {
        labour_market: LabourMarketStatus::Inactive,
        ..subject(30)
    }));
    assert!(!find(P, "inactive_not_in_education").counts(&Subject {
        labour_market: LabourMarketStatus::InEducation,
        ..subject(30)
    }));
}

#[test]
fn co15_counts_each_person_once_whatever_their_answers() {
    let co15 = find(P, "migrants_foreign_background_minorities");
    let yes = SensitiveAnswer::Yes;
    let s = Subject {
        sensitive: SensitiveFacts {
            third_country_national: yes,
            foreign_background: yes,
            minority: yes,
            ..SensitiveFacts::default()
        },
        ..subject(30)
    };
    assert!(co15.counts(&s));
    assert!(!co15.counts(&subject(30)));
}

#[test]
fn disadvantaged_results_need_a_disadvantage_and_a_result() {
    let cr05 = find(P, "disadvantaged_result_on_leaving");
    let disadvantaged = SensitiveFacts {
        other_disadvantaged: SensitiveAnswer::Yes,
        ..SensitiveFacts::default()
    };
    let leaver = |sensitive, option| Subject {
        sensitive,
        left_as: Some(option),
        ..subject(30)
    };
    assert!(cr05.counts(&leaver(disadvantaged, EuraExitOption::Studying)));
    assert!(!cr05.counts(&leaver(disadvantaged, EuraExitOption::NoneOfThese)));
    assert!(!cr05.counts(&leaver(SensitiveFacts::default(), EuraExitOption::Studying)));
    let cr09 = find(P, "disadvantaged_employed_six_months_after");
    let employed_later = Subject {
        six_months: Some((true, false)),
        ..leaver(disadvantaged, EuraExitOption::NoneOfThese)
    };
    assert!(cr09.counts(&employed_later));
    assert!(!cr09.counts(&Subject {
        sensitive: SensitiveFacts::default(),
        ..employed_later
    }));
    let cr08 = find(P, "over_54_employed_six_months_after");
    assert!(!cr08.counts(&employed_later), "30 years old");
    assert!(cr08.counts(&Subject {
        age_at_entry: 58,
        ..employed_later
    }));
}

#[test]
fn cr01_counts_only_the_inactive_at_entry() {
    let cr01 = find(P, "inactive_job_searching_on_leaving");
    let leaver = |status| Subject {
        labour_market: status,
        left_as: Some(EuraExitOption::UnemployedJobSeeker),
        ..subject(30)
    };
    assert!(cr01.counts(&leaver(LabourMarketStatus::Inactive)));
    assert!(!cr01.counts(&leaver(LabourMarketStatus::Unemployed)));
}
