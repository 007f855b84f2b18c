//! ESF+ participant indicators (Regulation (EU) 2021/1057, Annex I) and the national under-25
//! figure. Each indicator is a rule over a participant's facts at entry (or situation on
//! leaving); the same rules are counted in the database by `GROUP BY`, never by loading people.

use crate::{Education, EuraExitOption, LabourMarketStatus, SensitiveAnswer, Urbanisation};

/// The facts an indicator rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// Labour-market status at entry.
    LabourMarket(LabourMarketStatus),
    /// Long-term unemployed at entry (derived, see `participant::long_term_unemployed`).
    LongTermUnemployed,
    /// Age on the entry date is below this.
    AgeBelow(i32),
    /// Age on the entry date is at least this.
    AgeAtLeast(i32),
    /// Highest completed education.
    Education(Education),
    /// A sensitive question answered yes.
    Disability,
    /// Third-country national: yes.
    ThirdCountryNational,
    /// Foreign background: yes.
    ForeignBackground,
    /// Minority, including Roma: yes.
    Minority,
    /// Homeless or in housing exclusion: yes.
    Homeless,
    /// Home area of this degree of urbanisation.
    HomeArea(Urbanisation),
    /// The situation on leaving maps to this EURA option.
    LeftAs(EuraExitOption),
    /// A qualification or competence gained on leaving.
    QualificationGained,
}

/// A rule: all of its facts hold (an empty rule counts everyone).
pub type Rule = &'static [Fact];

/// An indicator: our name, the official code, and its rule. Output indicators count
/// participants entered in the period; result indicators count those who left in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Our name, stable in the API.
    pub name: &'static str,
    /// The official code (EECO/EECR), or `FI` for a national figure.
    pub official_code: &'static str,
    /// What it counts, in English.
    pub label: &'static str,
    /// Whether it counts results on leaving (else outputs at entry).
    pub on_leaving: bool,
    /// The rule; several alternative rules are summed as separate facts only where listed.
    pub any_of: &'static [Rule],
}

use Fact::*;

/// Every indicator Askel computes, in the order reports list them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        name: "participants",
        official_code: "EECO01",
        label: "Total number of participants",
        on_leaving: false,
        any_of: &[&[]],
    },
    Indicator {
        name: "unemployed",
        official_code: "EECO02",
        label: "Unemployed, including long-term unemployed",
        on_leaving: false,
        any_of: &[&[LabourMarket(LabourMarketStatus::Unemployed)]],
    },
    Indicator {
        name: "long_term_unemployed",
        official_code: "EECO03",
        label: "Long-term unemployed",
        on_leaving: false,
        any_of: &[&[LongTermUnemployed]],
    },
    Indicator {
        name: "inactive",
        official_code: "EECO04",
        label: "Inactive",
        on_leaving: false,
        any_of: &[
            &[LabourMarket(LabourMarketStatus::Inactive)],
            &[LabourMarket(LabourMarketStatus::InEducation)],
        ],
    },
    Indicator {
        name: "employed",
        official_code: "EECO05",
        label: "Employed, including self-employed",
        on_leaving: false,
        any_of: &[
            &[LabourMarket(LabourMarketStatus::Employed)],
            &[LabourMarket(LabourMarketStatus::SelfEmployed)],
        ],
    },
    Indicator {
        name: "under_18",
        official_code: "EECO06",
        label: "Children below 18 years of age",
        on_leaving: false,
        any_of: &[&[AgeBelow(18)]],
    },
    Indicator {
        name: "aged_18_29",
        official_code: "EECO07",
        label: "Young people between 18 and 29 years of age",
        on_leaving: false,
        any_of: &[&[AgeAtLeast(18), AgeBelow(30)]],
    },
    Indicator {
        name: "aged_55_and_over",
        official_code: "EECO08",
        label: "Participants 55 years of age and above",
        on_leaving: false,
        any_of: &[&[AgeAtLeast(55)]],
    },
    Indicator {
        name: "under_25",
        official_code: "FI",
        label: "Under 25 years of age (national figure)",
        on_leaving: false,
        any_of: &[&[AgeBelow(25)]],
    },
    Indicator {
        name: "isced_0_2",
        official_code: "EECO09",
        label: "With ISCED 0 to 2",
        on_leaving: false,
        any_of: &[&[Education(crate::Education::Isced0To2)]],
    },
    Indicator {
        name: "isced_3_4",
        official_code: "EECO10",
        label: "With ISCED 3 to 4",
        on_leaving: false,
        any_of: &[&[Education(crate::Education::Isced3To4)]],
    },
    Indicator {
        name: "isced_5_8",
        official_code: "EECO11",
        label: "With ISCED 5 to 8",
        on_leaving: false,
        any_of: &[&[Education(crate::Education::Isced5To8)]],
    },
    Indicator {
        name: "disability",
        official_code: "EECO12",
        label: "Participants with disabilities",
        on_leaving: false,
        any_of: &[&[Disability]],
    },
    Indicator {
        name: "third_country_nationals",
        official_code: "EECO13",
        label: "Third-country nationals",
        on_leaving: false,
        any_of: &[&[ThirdCountryNational]],
    },
    Indicator {
        name: "foreign_background",
        official_code: "EECO14",
        label: "Participants with a foreign background",
        on_leaving: false,
        any_of: &[&[ForeignBackground]],
    },
    Indicator {
        name: "minorities",
        official_code: "EECO15",
        label: "Minorities (including marginalised communities such as the Roma)",
        on_leaving: false,
        any_of: &[&[Minority]],
    },
    Indicator {
        name: "homeless",
        official_code: "EECO16",
        label: "Homeless or affected by housing exclusion",
        on_leaving: false,
        any_of: &[&[Homeless]],
    },
    Indicator {
        name: "rural_areas",
        official_code: "EECO17",
        label: "Participants from rural areas",
        on_leaving: false,
        any_of: &[&[HomeArea(Urbanisation::RuralAreas)]],
    },
    Indicator {
        name: "job_searching_on_leaving",
        official_code: "EECR01",
        label: "Engaged in job searching upon leaving",
        on_leaving: true,
        any_of: &[&[LeftAs(EuraExitOption::UnemployedJobSeeker)]],
    },
    Indicator {
        name: "in_education_on_leaving",
        official_code: "EECR02",
        label: "In education or training upon leaving",
        on_leaving: true,
        any_of: &[&[LeftAs(EuraExitOption::Studying)]],
    },
    Indicator {
        name: "qualification_on_leaving",
        official_code: "EECR03",
        label: "Gaining a qualification upon leaving",
        on_leaving: true,
        any_of: &[&[QualificationGained]],
    },
    Indicator {
        name: "employed_on_leaving",
        official_code: "EECR04",
        label: "In employment, including self-employment, upon leaving",
        on_leaving: true,
        any_of: &[
            &[LeftAs(EuraExitOption::Employed)],
            &[LeftAs(EuraExitOption::SelfEmployed)],
        ],
    },
];

/// What the rules read about one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// Labour-market status at entry.
    pub labour_market: LabourMarketStatus,
    /// Long-term unemployed at entry.
    pub long_term_unemployed: bool,
    /// Age on the entry date.
    pub age_at_entry: i32,
    /// Education.
    pub education: Education,
    /// Degree of urbanisation of the home area.
    pub urbanisation: Urbanisation,
    /// The five sensitive answers: disability, third-country national, foreign background,
    /// minority, homeless.
    pub sensitive: crate::SensitiveFacts,
    /// The EURA option the last exit maps to, if the participant has left.
    pub left_as: Option<EuraExitOption>,
    /// Whether a qualification was gained on leaving.
    pub qualification_gained: bool,
}

impl Fact {
    /// Whether the fact holds for `s`.
    pub fn holds(self, s: &Subject) -> bool {
        let yes = |a: SensitiveAnswer| a == SensitiveAnswer::Yes;
        match self {
            LabourMarket(status) => s.labour_market == status,
            LongTermUnemployed => s.long_term_unemployed,
            AgeBelow(n) => s.age_at_entry < n,
            AgeAtLeast(n) => s.age_at_entry >= n,
            Education(e) => s.education == e,
            Disability => yes(s.sensitive.disability),
            ThirdCountryNational => yes(s.sensitive.third_country_national),
            ForeignBackground => yes(s.sensitive.foreign_background),
            Minority => yes(s.sensitive.minority),
            Homeless => yes(s.sensitive.homeless),
            HomeArea(degree) => s.urbanisation == degree,
            LeftAs(option) => s.left_as == Some(option),
            QualificationGained => s.left_as.is_some() && s.qualification_gained,
        }
    }
}

impl Indicator {
    /// Whether `s` counts in this indicator.
    pub fn counts(&self, s: &Subject) -> bool {
        (!self.on_leaving || s.left_as.is_some())
            && self
                .any_of
                .iter()
                .any(|rule| rule.iter().all(|f| f.holds(s)))
    }
}

/// The official code of the indicator called `name`, if there is one.
pub fn official_code(name: &str) -> Option<&'static str> {
    INDICATORS
        .iter()
        .find(|i| i.name == name)
        .map(|i| i.official_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SensitiveFacts;

    fn subject(age: i32) -> Subject {
        Subject {
            labour_market: LabourMarketStatus::Unemployed,
            long_term_unemployed: false,
            age_at_entry: age,
            education: crate::Education::Isced0To2,
            urbanisation: Urbanisation::NotKnown,
            sensitive: SensitiveFacts::default(),
            left_as: None,
            qualification_gained: false,
        }
    }

    fn find(name: &str) -> &'static Indicator {
        INDICATORS.iter().find(|i| i.name == name).unwrap()
    }

    #[test]
    fn age_bands_meet_at_their_boundaries() {
        let (u18, y, o55, u25) = (
            find("under_18"),
            find("aged_18_29"),
            find("aged_55_and_over"),
            find("under_25"),
        );
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
            assert_eq!(
                [u18.counts(&s), y.counts(&s), o55.counts(&s), u25.counts(&s)],
                expected,
                "age {age}"
            );
        }
    }

    #[test]
    fn labour_market_and_education_put_everyone_in_exactly_one_band() {
        let statuses = [find("unemployed"), find("inactive"), find("employed")];
        for status in [
            LabourMarketStatus::Unemployed,
            LabourMarketStatus::Inactive,
            LabourMarketStatus::InEducation,
            LabourMarketStatus::Employed,
            LabourMarketStatus::SelfEmployed,
        ] {
            let s = Subject {
                labour_market: status,
                ..subject(30)
            };
            assert_eq!(
                statuses.iter().filter(|i| i.counts(&s)).count(),
                1,
                "{status}"
            );
        }
        let bands = [find("isced_0_2"), find("isced_3_4"), find("isced_5_8")];
        for e in [
            crate::Education::Isced0To2,
            crate::Education::Isced3To4,
            crate::Education::Isced5To8,
        ] {
            assert_eq!(
                bands
                    .iter()
                    .filter(|i| i.counts(&Subject {
                        education: e,
                        ..subject(30)
                    }))
                    .count(),
                1
            );
        }
    }

    #[test]
    fn sensitive_facts_count_only_a_yes() {
        let d = find("disability");
        for (answer, counted) in [
            (SensitiveAnswer::Yes, true),
            (SensitiveAnswer::No, false),
            (SensitiveAnswer::PrefersNotToSay, false),
            (SensitiveAnswer::NotAsked, false),
        ] {
            let s = Subject {
                sensitive: SensitiveFacts {
                    disability: answer,
                    ..SensitiveFacts::default()
                },
                ..subject(30)
            };
            assert_eq!(d.counts(&s), counted, "{answer}");
        }
    }

    #[test]
    fn only_thinly_populated_home_areas_count_as_rural() {
        let rural = find("rural_areas");
        assert_eq!(rural.official_code, "EECO17");
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

    #[test]
    fn results_count_only_those_who_left() {
        let employed = find("employed_on_leaving");
        let q = find("qualification_on_leaving");
        assert!(!employed.counts(&subject(30)));
        let left = Subject {
            left_as: Some(EuraExitOption::SelfEmployed),
            qualification_gained: true,
            ..subject(30)
        };
        assert!(employed.counts(&left) && q.counts(&left));
        assert!(find("job_searching_on_leaving").counts(&Subject {
            left_as: Some(EuraExitOption::UnemployedJobSeeker),
            ..subject(30)
        }));
        assert!(
            !q.counts(&Subject {
                qualification_gained: true,
                ..subject(30)
            }),
            "no result before leaving"
        );
    }

    #[test]
    fn official_codes_are_unique_except_the_national_figure() {
        let mut codes: Vec<_> = INDICATORS
            .iter()
            .map(|i| i.official_code)
            .filter(|c| *c != "FI")
            .collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn every_code_is_the_one_sfc2021_gives_the_indicator() {
        // SFC2021's numbering of the common indicators of Regulation (EU) 2021/1057, Annex I
        // (the regulation lists the total last; SFC2021 numbers it first).
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
            ("under_25", "FI"),
        ];
        for (name, code) in table {
            assert_eq!(official_code(name), Some(code), "{name}");
        }
        assert_eq!(
            INDICATORS.len(),
            table.len(),
            "every indicator is in the table"
        );
    }
}
