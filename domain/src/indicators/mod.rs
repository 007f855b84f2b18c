//! The participant indicators each programme period asks for: ESF+ 2021–2027 (Regulation (EU)
//! 2021/1057, Annex I, numbered as SFC2021 numbers them) in [`esf_plus`], and ESF
//! 2014–2020 (Regulation (EU) No 1304/2013, Annex I as amended in 2018) in [`esf_2014`]. Each
//! indicator is a rule over a participant's facts at entry, on leaving and six months after;
//! the same rules are counted in the database by `GROUP BY`, never by loading people.
//! `docs/FIGURES.md` gives each definition and its source.

pub mod esf_2014;
pub mod esf_plus;

use crate::{
    Education, EuraExitOption, LabourMarketStatus, ProgrammePeriod, SensitiveAnswer, Urbanisation,
};

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
    /// A sensitive question answered yes: disability.
    Disability,
    /// Third-country national: yes.
    ThirdCountryNational,
    /// Foreign background: yes.
    ForeignBackground,
    /// Minority, including Roma: yes.
    Minority,
    /// Homeless or in housing exclusion: yes.
    Homeless,
    /// Other disadvantaged (asked in ESF 2014–2020 projects): yes.
    OtherDisadvantaged,
    /// Home area of this degree of urbanisation.
    HomeArea(Urbanisation),
    /// The situation on (final) leaving maps to this EURA option.
    LeftAs(EuraExitOption),
    /// A qualification or competence gained on leaving.
    QualificationGained,
    /// In employment, including self-employment, six months after leaving.
    EmployedSixMonthsAfter,
    /// A better labour-market situation six months after leaving.
    ImprovedSixMonthsAfter,
}

/// When an indicator looks at a participant, and so whom it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// At entry: counts participants who entered in the period (their first entry).
    AtEntry,
    /// Upon leaving: counts leavers whose final exit falls in the period.
    OnLeaving,
    /// Six months after leaving: counts the same leavers, from their follow-ups.
    SixMonthsAfter,
}

impl Timing {
    /// The wire code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AtEntry => "at_entry",
            Self::OnLeaving => "on_leaving",
            Self::SixMonthsAfter => "six_months_after_leaving",
        }
    }

    /// Whether it counts leavers (else entrants).
    pub fn counts_leavers(self) -> bool {
        self != Self::AtEntry
    }
}

/// A rule in conjunctive form: every clause holds, a clause holding when any of its facts
/// does. No clauses count everyone.
pub type Rule = &'static [&'static [Fact]];

/// An indicator: our name, the official code, and its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Our name, stable in the API.
    pub name: &'static str,
    /// The official code (EECO/EECR, CO/CR), or `FI` for a national figure.
    pub official_code: &'static str,
    /// What it counts, in English.
    pub label: &'static str,
    /// When it looks, and whom it counts.
    pub timing: Timing,
    /// The rule.
    pub all_of: Rule,
}

/// What the rules read about one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// Labour-market status at entry.
    pub labour_market: LabourMarketStatus,
    /// Long-term unemployed at entry.
    pub long_term_unemployed: bool,
    /// Age on the (first) entry date.
    pub age_at_entry: i32,
    /// Education.
    pub education: Education,
    /// Degree of urbanisation of the home area.
    pub urbanisation: Urbanisation,
    /// The sensitive answers.
    pub sensitive: crate::SensitiveFacts,
    /// The EURA option the final exit maps to, if the participant has left (and not re-entered).
    pub left_as: Option<EuraExitOption>,
    /// Whether a qualification was gained on leaving.
    pub qualification_gained: bool,
    /// The follow-up six months after leaving, if recorded: (employed, improved situation).
    pub six_months: Option<(bool, bool)>,
}

impl Fact {
    /// Whether the fact holds for `s`.
    pub fn holds(self, s: &Subject) -> bool {
        let yes = |a: SensitiveAnswer| a == SensitiveAnswer::Yes;
        match self {
            Self::LabourMarket(status) => s.labour_market == status,
            Self::LongTermUnemployed => s.long_term_unemployed,
            Self::AgeBelow(n) => s.age_at_entry < n,
            Self::AgeAtLeast(n) => s.age_at_entry >= n,
            Self::Education(e) => s.education == e,
            Self::Disability => yes(s.sensitive.disability),
            Self::ThirdCountryNational => yes(s.sensitive.third_country_national),
            Self::ForeignBackground => yes(s.sensitive.foreign_background),
            Self::Minority => yes(s.sensitive.minority),
            Self::Homeless => yes(s.sensitive.homeless),
            Self::OtherDisadvantaged => yes(s.sensitive.other_disadvantaged),
            Self::HomeArea(degree) => s.urbanisation == degree,
            Self::LeftAs(option) => s.left_as == Some(option),
            Self::QualificationGained => s.left_as.is_some() && s.qualification_gained,
            Self::EmployedSixMonthsAfter => s.six_months.is_some_and(|(employed, _)| employed),
            Self::ImprovedSixMonthsAfter => s.six_months.is_some_and(|(_, improved)| improved),
        }
    }
}

impl Fact {
    /// Whether the fact is known at entry (else it is a result: on leaving or six months on).
    pub fn at_entry(self) -> bool {
        !matches!(
            self,
            Self::LeftAs(_)
                | Self::QualificationGained
                | Self::EmployedSixMonthsAfter
                | Self::ImprovedSixMonthsAfter
        )
    }
}

impl Indicator {
    /// The clauses of the indicator's own population: for a result, the conditions at entry
    /// that its rule asks (EECR01 counts among leavers inactive at entry, EECR05 among leavers
    /// unemployed or inactive at entry, EECR06 among leavers employed at entry); its share is
    /// over the leavers who meet them. An output's population is everyone entered.
    pub fn population(&self) -> Vec<&'static [Fact]> {
        if !self.timing.counts_leavers() {
            return Vec::new();
        }
        self.all_of
            .iter()
            .copied()
            .filter(|clause| clause.iter().all(|f| f.at_entry()))
            .collect()
    }

    /// Whether `s` is in the indicator's own population ([`Indicator::population`]).
    pub fn in_population(&self, s: &Subject) -> bool {
        (!self.timing.counts_leavers() || s.left_as.is_some())
            && self
                .population()
                .iter()
                .all(|clause| clause.iter().any(|f| f.holds(s)))
    }

    /// Whether `s` counts in this indicator.
    pub fn counts(&self, s: &Subject) -> bool {
        (!self.timing.counts_leavers() || s.left_as.is_some())
            && self
                .all_of
                .iter()
                .all(|clause| clause.iter().any(|f| f.holds(s)))
    }
}

/// Labour-market statuses at entry that are not employment: unemployed or inactive (in or out
/// of education).
pub(crate) const NOT_EMPLOYED_AT_ENTRY: &[Fact] = &[
    Fact::LabourMarket(LabourMarketStatus::Unemployed),
    Fact::LabourMarket(LabourMarketStatus::Inactive),
    Fact::LabourMarket(LabourMarketStatus::InEducation),
];

/// Employed at entry, including self-employed.
pub(crate) const EMPLOYED_AT_ENTRY: &[Fact] = &[
    Fact::LabourMarket(LabourMarketStatus::Employed),
    Fact::LabourMarket(LabourMarketStatus::SelfEmployed),
];

/// Inactive at entry, in or out of education.
pub(crate) const INACTIVE_AT_ENTRY: &[Fact] = &[
    Fact::LabourMarket(LabourMarketStatus::Inactive),
    Fact::LabourMarket(LabourMarketStatus::InEducation),
];

/// In employment, including self-employment, on leaving.
pub(crate) const EMPLOYED_ON_LEAVING: &[Fact] = &[
    Fact::LeftAs(EuraExitOption::Employed),
    Fact::LeftAs(EuraExitOption::SelfEmployed),
];

/// The indicators a project of `period` reports, in the order reports list them.
pub fn for_period(period: ProgrammePeriod) -> &'static [Indicator] {
    match period {
        ProgrammePeriod::Esf2014To2020 => esf_2014::INDICATORS,
        ProgrammePeriod::EsfPlus2021To2027 => esf_plus::INDICATORS,
    }
}

/// The official code of the total of participants in `period`.
pub fn participants_code(period: ProgrammePeriod) -> &'static str {
    official_code(period, "participants").unwrap_or("")
}

/// The official code of the indicator called `name` in `period`, if there is one.
pub fn official_code(period: ProgrammePeriod, name: &str) -> Option<&'static str> {
    for_period(period)
        .iter()
        .find(|i| i.name == name)
        .map(|i| i.official_code)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{CodeList, SensitiveFacts};

    pub(crate) fn subject(age: i32) -> Subject {
        Subject {
            labour_market: LabourMarketStatus::Unemployed,
            long_term_unemployed: false,
            age_at_entry: age,
            education: crate::Education::Isced0To2,
            urbanisation: Urbanisation::NotKnown,
            sensitive: SensitiveFacts::default(),
            left_as: None,
            qualification_gained: false,
            six_months: None,
        }
    }

    /// The second review: EECR01's share was over all leavers, not over the leavers inactive
    /// at entry it counts among.
    #[test]
    fn a_results_population_is_the_leavers_meeting_its_entry_conditions() {
        let p = ProgrammePeriod::EsfPlus2021To2027;
        let eecr01 = find(p, "job_searching_on_leaving");
        assert_eq!(eecr01.population(), [INACTIVE_AT_ENTRY]);
        let mut leaver = subject(30);
        leaver.left_as = Some(EuraExitOption::Employed);
        assert!(!eecr01.in_population(&leaver), "unemployed at entry");
        leaver.labour_market = LabourMarketStatus::Inactive;
        assert!(eecr01.in_population(&leaver));
        leaver.left_as = None;
        assert!(!eecr01.in_population(&leaver), "not a leaver");
        assert!(find(p, "in_education_on_leaving").population().is_empty());
        assert_eq!(
            find(p, "employed_six_months_after").population(),
            [NOT_EMPLOYED_AT_ENTRY]
        );
        assert!(
            find(p, "under_25").population().is_empty(),
            "an output: everyone"
        );
        for i in for_period(p)
            .iter()
            .chain(for_period(ProgrammePeriod::Esf2014To2020))
        {
            let mut s = subject(30);
            s.left_as = Some(EuraExitOption::UnemployedJobSeeker);
            if i.counts(&s) {
                assert!(
                    i.in_population(&s),
                    "{}: counted, so in its population",
                    i.name
                );
            }
        }
    }

    pub(crate) fn find(period: ProgrammePeriod, name: &str) -> &'static Indicator {
        for_period(period)
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn every_set_names_each_indicator_and_code_once_and_starts_with_the_total() {
        for period in ProgrammePeriod::all() {
            let set = for_period(*period);
            assert_eq!(set[0].name, "participants", "{period}");
            assert!(set[0].all_of.is_empty(), "the total counts everyone");
            let mut names: Vec<_> = set.iter().map(|i| i.name).collect();
            let mut codes: Vec<_> = set
                .iter()
                .map(|i| i.official_code)
                .filter(|c| *c != "FI")
                .collect();
            let (n, c) = (names.len(), codes.len());
            names.sort_unstable();
            names.dedup();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!((names.len(), codes.len()), (n, c), "{period}");
        }
    }

    #[test]
    fn the_labour_market_statuses_partition_the_participants_in_both_periods() {
        for (period, names) in [
            (
                ProgrammePeriod::EsfPlus2021To2027,
                ["unemployed", "inactive", "employed"],
            ),
            (
                ProgrammePeriod::Esf2014To2020,
                ["unemployed", "inactive", "employed"],
            ),
        ] {
            for status in LabourMarketStatus::all() {
                let s = Subject {
                    labour_market: *status,
                    ..subject(30)
                };
                let n = names
                    .iter()
                    .filter(|name| find(period, name).counts(&s))
                    .count();
                assert_eq!(n, 1, "{period} {status}");
            }
        }
    }

    #[test]
    fn sensitive_facts_count_only_a_yes() {
        let d = find(ProgrammePeriod::EsfPlus2021To2027, "disability");
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
    fn results_count_only_those_who_have_left() {
        for period in ProgrammePeriod::all() {
            for i in for_period(*period)
                .iter()
                .filter(|i| i.timing.counts_leavers())
            {
                let everything = Subject {
                    labour_market: LabourMarketStatus::Inactive,
                    qualification_gained: true,
                    six_months: Some((true, true)),
                    ..subject(60)
                };
                assert!(!i.counts(&everything), "{period} {}", i.name);
            }
        }
    }
}
