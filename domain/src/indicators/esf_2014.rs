//! ESF 2014–2020: the common indicators for participants of Regulation (EU) No 1304/2013,
//! Annex I, as amended by Regulation (EU, Euratom) 2018/1046 (which dropped the household
//! indicators CO12–CO14). The total of participants is CO01 + CO03 + CO05.

use super::Fact::*;
use super::Timing::{AtEntry, OnLeaving, SixMonthsAfter};
use super::{
    EMPLOYED_AT_ENTRY, EMPLOYED_ON_LEAVING, Fact, INACTIVE_AT_ENTRY, Indicator,
    NOT_EMPLOYED_AT_ENTRY,
};
use crate::{Education, EuraExitOption, LabourMarketStatus, Urbanisation};

/// Migrants, participants with a foreign background, minorities (CO15).
const MIGRANT_OR_MINORITY: &[Fact] = &[ThirdCountryNational, ForeignBackground, Minority];

/// Disadvantaged participants (CR05, CR09): those counted in CO15, CO16, CO17 or CO18.
const DISADVANTAGED: &[Fact] = &[
    ThirdCountryNational,
    ForeignBackground,
    Minority,
    Disability,
    OtherDisadvantaged,
    Homeless,
];

/// CR05's results, each a change as CR01–CR04 count them: job searching upon leaving for those
/// inactive at entry (CR01), education or training (CR02), a qualification (CR03), employment
/// upon leaving for those unemployed or inactive at entry (CR04) — so an entrant unemployed and
/// still job seeking, or employed and still employed, is no result. As a rule in conjunctive
/// form, `(inactive ∧ job searching) ∨ studying ∨ qualification ∨ (not employed ∧ employed)`
/// is the four clauses below (each with studying and the qualification).
const RESULT_AS_A_CHANGE: &[&[Fact]] = &[
    &[
        LabourMarket(LabourMarketStatus::Inactive),
        LabourMarket(LabourMarketStatus::InEducation),
        LeftAs(EuraExitOption::Studying),
        QualificationGained,
        LabourMarket(LabourMarketStatus::Unemployed),
    ],
    &[
        LabourMarket(LabourMarketStatus::Inactive),
        LabourMarket(LabourMarketStatus::InEducation),
        LeftAs(EuraExitOption::Studying),
        QualificationGained,
        LeftAs(EuraExitOption::Employed),
        LeftAs(EuraExitOption::SelfEmployed),
    ],
    &[
        LeftAs(EuraExitOption::UnemployedJobSeeker),
        LeftAs(EuraExitOption::Studying),
        QualificationGained,
        LabourMarket(LabourMarketStatus::Unemployed),
        LabourMarket(LabourMarketStatus::Inactive),
        LabourMarket(LabourMarketStatus::InEducation),
    ],
    &[
        LeftAs(EuraExitOption::UnemployedJobSeeker),
        LeftAs(EuraExitOption::Studying),
        QualificationGained,
        LeftAs(EuraExitOption::Employed),
        LeftAs(EuraExitOption::SelfEmployed),
    ],
];

/// Every ESF 2014–2020 indicator, in the order reports list them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        name: "participants",
        official_code: "CO01+CO03+CO05",
        label: "Total number of participants (CO01 + CO03 + CO05)",
        timing: AtEntry,
        all_of: &[],
    },
    Indicator {
        name: "unemployed",
        official_code: "CO01",
        label: "Unemployed, including long-term unemployed",
        timing: AtEntry,
        all_of: &[&[LabourMarket(LabourMarketStatus::Unemployed)]],
    },
    Indicator {
        name: "long_term_unemployed",
        official_code: "CO02",
        label: "Long-term unemployed",
        timing: AtEntry,
        all_of: &[&[LongTermUnemployed]],
    },
    Indicator {
        name: "inactive",
        official_code: "CO03",
        label: "Inactive",
        timing: AtEntry,
        all_of: &[INACTIVE_AT_ENTRY],
    },
    Indicator {
        name: "inactive_not_in_education",
        official_code: "CO04",
        label: "Inactive, not in education or training",
        timing: AtEntry,
        all_of: &[&[LabourMarket(LabourMarketStatus::Inactive)]],
    },
    Indicator {
        name: "employed",
        official_code: "CO05",
        label: "Employed, including self-employed",
        timing: AtEntry,
        all_of: &[EMPLOYED_AT_ENTRY],
    },
    Indicator {
        name: "under_25",
        official_code: "CO06",
        label: "Below 25 years of age",
        timing: AtEntry,
        all_of: &[&[AgeBelow(25)]],
    },
    Indicator {
        name: "over_54",
        official_code: "CO07",
        label: "Above 54 years of age",
        timing: AtEntry,
        all_of: &[&[AgeAtLeast(55)]],
    },
    Indicator {
        name: "over_54_unemployed_or_inactive",
        official_code: "CO08",
        label: "Above 54 years of age who are unemployed, including long-term unemployed, or inactive not in education or training",
        timing: AtEntry,
        all_of: &[
            &[AgeAtLeast(55)],
            &[
                LabourMarket(LabourMarketStatus::Unemployed),
                LabourMarket(LabourMarketStatus::Inactive),
            ],
        ],
    },
    Indicator {
        name: "isced_1_2",
        official_code: "CO09",
        label: "With primary (ISCED 1) or lower secondary education (ISCED 2)",
        timing: AtEntry,
        // Not ISCED 0: the 2014–2020 guidance leaves those with less than primary education
        // out of CO09 (they are in no education indicator).
        all_of: &[&[Education(Education::Isced0To2)]],
    },
    Indicator {
        name: "isced_3_4",
        official_code: "CO10",
        label: "With upper secondary (ISCED 3) or post-secondary education (ISCED 4)",
        timing: AtEntry,
        all_of: &[&[Education(Education::Isced3To4)]],
    },
    Indicator {
        name: "isced_5_8",
        official_code: "CO11",
        label: "With tertiary education (ISCED 5 to 8)",
        timing: AtEntry,
        all_of: &[&[Education(Education::Isced5To8)]],
    },
    Indicator {
        name: "migrants_foreign_background_minorities",
        official_code: "CO15",
        label: "Migrants, participants with a foreign background, minorities (including marginalised communities such as the Roma)",
        timing: AtEntry,
        all_of: &[MIGRANT_OR_MINORITY],
    },
    Indicator {
        name: "disability",
        official_code: "CO16",
        label: "Participants with disabilities",
        timing: AtEntry,
        all_of: &[&[Disability]],
    },
    Indicator {
        name: "other_disadvantaged",
        official_code: "CO17",
        label: "Other disadvantaged",
        timing: AtEntry,
        all_of: &[&[OtherDisadvantaged]],
    },
    Indicator {
        name: "homeless",
        official_code: "CO18",
        label: "Homeless or affected by housing exclusion",
        timing: AtEntry,
        all_of: &[&[Homeless]],
    },
    Indicator {
        name: "rural_areas",
        official_code: "CO19",
        label: "From rural areas",
        timing: AtEntry,
        all_of: &[&[HomeArea(Urbanisation::RuralAreas)]],
    },
    Indicator {
        name: "inactive_job_searching_on_leaving",
        official_code: "CR01",
        label: "Inactive participants newly engaged in job searching upon leaving",
        timing: OnLeaving,
        all_of: &[
            INACTIVE_AT_ENTRY,
            &[LeftAs(EuraExitOption::UnemployedJobSeeker)],
        ],
    },
    Indicator {
        name: "in_education_on_leaving",
        official_code: "CR02",
        label: "Participants in education/training upon leaving",
        timing: OnLeaving,
        all_of: &[&[LeftAs(EuraExitOption::Studying)]],
    },
    Indicator {
        name: "qualification_on_leaving",
        official_code: "CR03",
        label: "Participants gaining a qualification upon leaving",
        timing: OnLeaving,
        all_of: &[&[QualificationGained]],
    },
    Indicator {
        name: "employed_on_leaving",
        official_code: "CR04",
        label: "Participants in employment, including self-employment, upon leaving (unemployed or inactive at entry)",
        timing: OnLeaving,
        all_of: &[NOT_EMPLOYED_AT_ENTRY, EMPLOYED_ON_LEAVING],
    },
    Indicator {
        name: "disadvantaged_result_on_leaving",
        official_code: "CR05",
        label: "Disadvantaged participants engaged in job searching, education/training, gaining a qualification, in employment, including self-employment, upon leaving",
        timing: OnLeaving,
        all_of: &[
            DISADVANTAGED,
            RESULT_AS_A_CHANGE[0],
            RESULT_AS_A_CHANGE[1],
            RESULT_AS_A_CHANGE[2],
            RESULT_AS_A_CHANGE[3],
        ],
    },
    Indicator {
        name: "employed_six_months_after",
        official_code: "CR06",
        label: "Participants in employment, including self-employment, six months after leaving (unemployed or inactive at entry)",
        timing: SixMonthsAfter,
        all_of: &[NOT_EMPLOYED_AT_ENTRY, &[EmployedSixMonthsAfter]],
    },
    Indicator {
        name: "improved_situation_six_months_after",
        official_code: "CR07",
        label: "Participants with an improved labour market situation six months after leaving (employed at entry)",
        timing: SixMonthsAfter,
        all_of: &[EMPLOYED_AT_ENTRY, &[ImprovedSixMonthsAfter]],
    },
    Indicator {
        name: "over_54_employed_six_months_after",
        official_code: "CR08",
        label: "Participants above 54 years of age in employment, including self-employment, six months after leaving (unemployed or inactive at entry)",
        timing: SixMonthsAfter,
        all_of: &[
            &[AgeAtLeast(55)],
            NOT_EMPLOYED_AT_ENTRY,
            &[EmployedSixMonthsAfter],
        ],
    },
    Indicator {
        name: "disadvantaged_employed_six_months_after",
        official_code: "CR09",
        label: "Disadvantaged participants in employment, including self-employment, six months after leaving (unemployed or inactive at entry)",
        timing: SixMonthsAfter,
        all_of: &[
            DISADVANTAGED,
            NOT_EMPLOYED_AT_ENTRY,
            &[EmployedSixMonthsAfter],
        ],
    },
];

#[cfg(test)]
mod tests {
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
}
