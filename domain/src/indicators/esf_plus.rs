//! ESF+ 2021–2027: the common indicators for participants of Regulation (EU) 2021/1057,
//! Annex I — outputs (point 1), immediate results (point 2) and longer-term results (point 3)
//! — with the codes SFC2021 gives them, and the national under-25 figure. (Annex II holds the
//! indicators of support to the most deprived, specific objective (m), which Askel does not
//! report: see `docs/FIGURES.md`.)

use super::Fact::*;
use super::Timing::{AtEntry, OnLeaving, SixMonthsAfter};
use super::{
    EMPLOYED_AT_ENTRY, EMPLOYED_ON_LEAVING, INACTIVE_AT_ENTRY, Indicator, NOT_EMPLOYED_AT_ENTRY,
};
use crate::{Education, EuraExitOption, LabourMarketStatus, Urbanisation};

/// Every ESF+ indicator, in the order reports list them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        name: "participants",
        official_code: "EECO01",
        label: "Total number of participants",
        timing: AtEntry,
        all_of: &[],
    },
    Indicator {
        name: "unemployed",
        official_code: "EECO02",
        label: "Unemployed, including long-term unemployed",
        timing: AtEntry,
        all_of: &[&[LabourMarket(LabourMarketStatus::Unemployed)]],
    },
    Indicator {
        name: "long_term_unemployed",
        official_code: "EECO03",
        label: "Long-term unemployed",
        timing: AtEntry,
        all_of: &[&[LongTermUnemployed]],
    },
    Indicator {
        name: "inactive",
        official_code: "EECO04",
        label: "Inactive",
        timing: AtEntry,
        all_of: &[INACTIVE_AT_ENTRY],
    },
    Indicator {
        name: "employed",
        official_code: "EECO05",
        label: "Employed, including self-employed",
        timing: AtEntry,
        all_of: &[EMPLOYED_AT_ENTRY],
    },
    Indicator {
        name: "under_18",
        official_code: "EECO06",
        label: "Children below 18 years of age",
        timing: AtEntry,
        all_of: &[&[AgeBelow(18)]],
    },
    Indicator {
        name: "aged_18_29",
        official_code: "EECO07",
        label: "Young people between 18 and 29 years of age",
        timing: AtEntry,
        all_of: &[&[AgeAtLeast(18)], &[AgeBelow(30)]],
    },
    Indicator {
        name: "aged_55_and_over",
        official_code: "EECO08",
        label: "Participants 55 years of age and above",
        timing: AtEntry,
        all_of: &[&[AgeAtLeast(55)]],
    },
    Indicator {
        name: "under_25",
        official_code: "FI",
        label: "Under 25 years of age (national figure)",
        timing: AtEntry,
        all_of: &[&[AgeBelow(25)]],
    },
    Indicator {
        name: "isced_0_2",
        official_code: "EECO09",
        label: "With ISCED 0 to 2",
        timing: AtEntry,
        all_of: &[&[
            Education(Education::Isced0),
            Education(Education::Isced0To2),
        ]],
    },
    Indicator {
        name: "isced_3_4",
        official_code: "EECO10",
        label: "With ISCED 3 to 4",
        timing: AtEntry,
        all_of: &[&[Education(Education::Isced3To4)]],
    },
    Indicator {
        name: "isced_5_8",
        official_code: "EECO11",
        label: "With ISCED 5 to 8",
        timing: AtEntry,
        all_of: &[&[Education(Education::Isced5To8)]],
    },
    Indicator {
        name: "disability",
        official_code: "EECO12",
        label: "Participants with disabilities",
        timing: AtEntry,
        all_of: &[&[Disability]],
    },
    Indicator {
        name: "third_country_nationals",
        official_code: "EECO13",
        label: "Third-country nationals",
        timing: AtEntry,
        all_of: &[&[ThirdCountryNational]],
    },
    Indicator {
        name: "foreign_background",
        official_code: "EECO14",
        label: "Participants with a foreign background",
        timing: AtEntry,
        all_of: &[&[ForeignBackground]],
    },
    Indicator {
        name: "minorities",
        official_code: "EECO15",
        label: "Minorities (including marginalised communities such as the Roma)",
        timing: AtEntry,
        all_of: &[&[Minority]],
    },
    Indicator {
        name: "homeless",
        official_code: "EECO16",
        label: "Homeless or affected by housing exclusion",
        timing: AtEntry,
        all_of: &[&[Homeless]],
    },
    Indicator {
        name: "rural_areas",
        official_code: "EECO17",
        label: "Participants from rural areas",
        timing: AtEntry,
        all_of: &[&[HomeArea(Urbanisation::RuralAreas)]],
    },
    Indicator {
        name: "job_searching_on_leaving",
        official_code: "EECR01",
        label: "Participants engaged in job searching upon leaving (inactive at entry)",
        timing: OnLeaving,
        all_of: &[
            INACTIVE_AT_ENTRY,
            &[LeftAs(EuraExitOption::UnemployedJobSeeker)],
        ],
    },
    Indicator {
        name: "in_education_on_leaving",
        official_code: "EECR02",
        label: "Participants in education or training upon leaving",
        timing: OnLeaving,
        all_of: &[&[LeftAs(EuraExitOption::Studying)]],
    },
    Indicator {
        name: "qualification_on_leaving",
        official_code: "EECR03",
        label: "Participants gaining a qualification upon leaving",
        timing: OnLeaving,
        all_of: &[&[QualificationGained]],
    },
    Indicator {
        name: "employed_on_leaving",
        official_code: "EECR04",
        label: "Participants in employment, including self-employment, upon leaving (unemployed or inactive at entry)",
        timing: OnLeaving,
        all_of: &[NOT_EMPLOYED_AT_ENTRY, EMPLOYED_ON_LEAVING],
    },
    Indicator {
        name: "employed_six_months_after",
        official_code: "EECR05",
        label: "Participants in employment, including self-employment, six months after leaving (unemployed or inactive at entry)",
        timing: SixMonthsAfter,
        all_of: &[NOT_EMPLOYED_AT_ENTRY, &[EmployedSixMonthsAfter]],
    },
    Indicator {
        name: "improved_situation_six_months_after",
        official_code: "EECR06",
        label: "Participants with a better labour market situation six months after leaving (employed at entry)",
        timing: SixMonthsAfter,
        all_of: &[EMPLOYED_AT_ENTRY, &[ImprovedSixMonthsAfter]],
    },
];

#[cfg(test)]
mod tests {
    use super::super::tests::{find, subject};
    use super::super::{Subject, official_code};
    use super::*;
    use crate::ProgrammePeriod::EsfPlus2021To2027 as P;

    #[test]
    fn every_code_is_the_one_sfc2021_gives_the_indicator() {
        // SFC2021's numbering of the common indicators of Regulation (EU) 2021/1057, Annexes I
        // and II (the regulation lists the total last; SFC2021 numbers it first).
        let table = [
            ("participants", "EECO01"),
            ("unemployed", "EECO02"),
            ("long_term_unemployed", "EECO03"),
            ("inactive", "EECO04"),
            ("employed", "EECO05"),
            ("under_18", "EECO06"),
            ("aged_18_29", "EECO07"),
            ("aged_55_and_over", "EECO08"),
            ("isced_0_2", "EECO09"),
            ("isced_3_4", "EECO10"),
            ("isced_5_8", "EECO11"),
            ("disability", "EECO12"),
            ("third_country_nationals", "EECO13"),
            ("foreign_background", "EECO14"),
            ("minorities", "EECO15"),
            ("homeless", "EECO16"),
            ("rural_areas", "EECO17"),
            ("job_searching_on_leaving", "EECR01"),
            ("in_education_on_leaving", "EECR02"),
            ("qualification_on_leaving", "EECR03"),
            ("employed_on_leaving", "EECR04"),
            ("employed_six_months_after", "EECR05"),
            ("improved_situation_six_months_after", "EECR06"),
            ("under_25", "FI"),
        ];
        for (name, code) in table {
            assert_eq!(official_code(P, name), Some(code), "{name}");
        }
        assert_eq!(INDICATORS.len(), table.len(), "every indicator is pinned");
    }

    #[test]
    fn age_bands_meet_at_their_boundaries() {
        let names = ["under_18", "aged_18_29", "aged_55_and_over", "under_25"];
        for (age, expected) in [
            (17, [true, false, false, true]),
            (18, [false, true, false, true]),
            (24, [false, true, false, true]),
            (25, [false, true, false, false]),
            (29, [false, true, false, false]),
            (30, [false, false, false, false]),
            (54, [false, false, false, false]),
            (55, [false, false, true, false]),
        ] {
            let s = subject(age);
            assert_eq!(names.map(|n| find(P, n).counts(&s)), expected, "age {age}");
        }
    }

    fn leaver(status: LabourMarketStatus, option: EuraExitOption) -> Subject {
        Subject {
            labour_market: status,
            left_as: Some(option),
            ..subject(30)
        }
    }

    #[test]
    fn job_searching_upon_leaving_counts_those_inactive_at_entry() {
        let r = find(P, "job_searching_on_leaving");
        let seeker = EuraExitOption::UnemployedJobSeeker;
        assert!(r.counts(&leaver(LabourMarketStatus::Inactive, seeker)));
        assert!(r.counts(&leaver(LabourMarketStatus::InEducation, seeker)));
        assert!(!r.counts(&leaver(LabourMarketStatus::Unemployed, seeker)));
        assert!(!r.counts(&leaver(LabourMarketStatus::Employed, seeker)));
    }

    #[test]
    fn employment_upon_leaving_counts_those_not_employed_at_entry() {
        let r = find(P, "employed_on_leaving");
        for option in [EuraExitOption::Employed, EuraExitOption::SelfEmployed] {
            assert!(r.counts(&leaver(LabourMarketStatus::Unemployed, option)));
            assert!(r.counts(&leaver(LabourMarketStatus::Inactive, option)));
            assert!(!r.counts(&leaver(LabourMarketStatus::Employed, option)));
            assert!(!r.counts(&leaver(LabourMarketStatus::SelfEmployed, option)));
        }
        assert!(!r.counts(&leaver(
            LabourMarketStatus::Unemployed,
            EuraExitOption::Studying
        )));
    }

    #[test]
    fn six_months_after_employment_and_a_better_situation_split_by_status_at_entry() {
        let (employed, better) = (
            find(P, "employed_six_months_after"),
            find(P, "improved_situation_six_months_after"),
        );
        let with = |status, six_months| Subject {
            six_months,
            ..leaver(status, EuraExitOption::NoneOfThese)
        };
        let u = LabourMarketStatus::Unemployed;
        let e = LabourMarketStatus::Employed;
        assert!(employed.counts(&with(u, Some((true, false)))));
        assert!(!employed.counts(&with(u, Some((false, false)))));
        assert!(!employed.counts(&with(u, None)), "no follow-up, no result");
        assert!(!employed.counts(&with(e, Some((true, true)))));
        assert!(better.counts(&with(e, Some((true, true)))));
        assert!(!better.counts(&with(e, Some((true, false)))));
        assert!(!better.counts(&with(u, Some((true, true)))));
    }

    #[test]
    fn education_and_qualification_upon_leaving_count_every_leaver() {
        let (education, qualification) = (
            find(P, "in_education_on_leaving"),
            find(P, "qualification_on_leaving"),
        );
        for status in [
            LabourMarketStatus::InEducation,
            LabourMarketStatus::Employed,
        ] {
            let s = Subject {
                qualification_gained: true,
                ..leaver(status, EuraExitOption::Studying)
            };
            assert!(education.counts(&s) && qualification.counts(&s), "{status}");
        }
        assert!(!qualification.counts(&Subject {
            qualification_gained: true,
            ..subject(30)
        }));
    }

    #[test]
    fn only_thinly_populated_home_areas_count_as_rural() {
        let rural = find(P, "rural_areas");
        for (degree, counted) in [
            (Urbanisation::Cities, false),
            (Urbanisation::TownsAndSuburbs, false),
            (Urbanisation::RuralAreas, true),
            (Urbanisation::NotKnown, false),
        ] {
            let s = Subject {
                urbanisation: degree,
                ..subject(30)
            };
            assert_eq!(rural.counts(&s), counted, "{degree}");
        }
    }
}
