//! Leaving the project: the situation on leaving and its place on the EURA 2021 exit form.

use chrono::NaiveDate;

use crate::text::Description;

code_list! {
    /// The participant's situation on leaving.
    pub enum ExitSituation ("exit_situations", "Situation on leaving") {
        OpenMarketEmployment = "open_market_employment", "avoimet työmarkkinat", "öppna arbetsmarknaden", "open-market employment";
        SelfEmployment = "self_employment", "yrittäjyys", "företagande", "self-employment";
        Apprenticeship = "apprenticeship", "oppisopimus", "läroavtal", "apprenticeship";
        PaySubsidisedEmployment = "pay_subsidised_employment", "palkkatuettu työ", "lönesubventionerat arbete", "pay-subsidised employment";
        WorkTrial = "work_trial", "työkokeilu", "arbetsprövning", "work trial";
        EducationOrTraining = "education_or_training", "koulutus", "utbildning", "education or training";
        UnemployedJobSeeker = "unemployed_job_seeker", "työtön työnhakija", "arbetslös arbetssökande", "unemployed job seeker";
        Rehabilitation = "rehabilitation", "kuntoutus", "rehabilitering", "rehabilitation";
        SocialRehabilitation = "social_rehabilitation", "sosiaalinen kuntoutus", "social rehabilitering", "social rehabilitation";
        NoneOfThese = "none_of_these", "ei mikään näistä", "inget av dessa", "none of these";
    }
}

code_list! {
    /// The five options of the EURA 2021 exit form.
    pub enum EuraExitOption ("eura_exit_options", "Options of the EURA 2021 exit form") {
        UnemployedJobSeeker = "unemployed_job_seeker", "työtön työnhakija", "arbetslös arbetssökande", "unemployed job seeker";
        Studying = "studying", "opiskelija", "studerande", "in education or training";
        Employed = "employed", "työllinen (myös oppisopimus)", "sysselsatt (även läroavtal)", "employed, including apprenticeship";
        SelfEmployed = "self_employed", "yrittäjä", "företagare", "self-employed";
        NoneOfThese = "none_of_these", "ei mikään näistä", "inget av dessa", "none of these";
    }
}

impl ExitSituation {
    /// Where the situation goes on the EURA 2021 exit form. A work trial is not employment:
    /// the person is still an unemployed job seeker. Rehabilitation is none of the five.
    pub fn eura(self) -> EuraExitOption {
        match self {
            Self::OpenMarketEmployment | Self::Apprenticeship | Self::PaySubsidisedEmployment => {
                EuraExitOption::Employed
            }
            Self::SelfEmployment => EuraExitOption::SelfEmployed,
            Self::EducationOrTraining => EuraExitOption::Studying,
            Self::UnemployedJobSeeker | Self::WorkTrial => EuraExitOption::UnemployedJobSeeker,
            Self::Rehabilitation | Self::SocialRehabilitation | Self::NoneOfThese => {
                EuraExitOption::NoneOfThese
            }
        }
    }
}

/// A participant's exit from the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    /// Date of leaving.
    pub date: NaiveDate,
    /// Situation on leaving.
    pub situation: ExitSituation,
    /// The day the situation refers to: on leaving or within four weeks after
    /// ([`SITUATION_WINDOW_DAYS`]).
    pub situation_on: NaiveDate,
    /// Whether a qualification or competence was gained.
    pub qualification_gained: bool,
    /// The services the person moves on to.
    pub follow_on_plan: Option<Description>,
}

/// How long after leaving a situation still counts as the situation upon leaving: four weeks.
/// The common result indicators upon leaving (Regulation 2021/1057 Annex I, EECR01–EECR04;
/// Regulation 1304/2013 Annex I, CR01–CR05) count the situation "upon leaving", which the
/// Commission's guidance (the SFC2014 and SFC2021 FAQs) takes as within four weeks of leaving,
/// the last situation in that window counting.
pub const SITUATION_WINDOW_DAYS: i64 = 28;

/// Why an exit's situation date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SituationDateError {
    /// Before leaving.
    #[error("the situation's date is on or after the exit date")]
    BeforeLeaving,
    /// More than four weeks after leaving: not the situation upon leaving.
    #[error("the situation's date is within four weeks of leaving, on or before {latest}")]
    TooLate {
        /// The latest date accepted.
        latest: NaiveDate,
    },
}

impl Exit {
    /// Whether the situation's date lies in the window upon leaving.
    pub fn check_situation_date(&self) -> Result<(), SituationDateError> {
        let latest = self.date + chrono::Duration::days(SITUATION_WINDOW_DAYS);
        if self.situation_on < self.date {
            return Err(SituationDateError::BeforeLeaving);
        }
        if self.situation_on > latest {
            return Err(SituationDateError::TooLate { latest });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;

    #[test]
    fn the_situation_upon_leaving_is_the_one_within_four_weeks() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let exit = |on: &str| Exit {
            date: d("2025-06-01"),
            situation: ExitSituation::OpenMarketEmployment,
            situation_on: d(on),
            qualification_gained: false,
            follow_on_plan: None,
        };
        assert_eq!(exit("2025-06-01").check_situation_date(), Ok(()));
        assert_eq!(exit("2025-06-29").check_situation_date(), Ok(()));
        assert_eq!(
            exit("2025-06-30").check_situation_date(),
            Err(SituationDateError::TooLate {
                latest: d("2025-06-29")
            })
        );
        assert_eq!(
            exit("2025-05-31").check_situation_date(),
            Err(SituationDateError::BeforeLeaving)
        );
    }

    #[test]
    fn every_situation_maps_to_one_eura_option() {
        let expected = [
            (
                ExitSituation::OpenMarketEmployment,
                EuraExitOption::Employed,
            ),
            (ExitSituation::SelfEmployment, EuraExitOption::SelfEmployed),
            (ExitSituation::Apprenticeship, EuraExitOption::Employed),
            (
                ExitSituation::PaySubsidisedEmployment,
                EuraExitOption::Employed,
            ),
            (
                ExitSituation::WorkTrial,
                EuraExitOption::UnemployedJobSeeker,
            ),
            (ExitSituation::EducationOrTraining, EuraExitOption::Studying),
            (
                ExitSituation::UnemployedJobSeeker,
                EuraExitOption::UnemployedJobSeeker,
            ),
            (ExitSituation::Rehabilitation, EuraExitOption::NoneOfThese),
            (
                ExitSituation::SocialRehabilitation,
                EuraExitOption::NoneOfThese,
            ),
            (ExitSituation::NoneOfThese, EuraExitOption::NoneOfThese),
        ];
        assert_eq!(expected.len(), ExitSituation::all().len());
        for (situation, option) in expected {
            assert_eq!(situation.eura(), option, "{situation}");
        }
        let used: std::collections::BTreeSet<_> =
            ExitSituation::all().iter().map(|s| s.eura()).collect();
        assert_eq!(
            used.len(),
            EuraExitOption::all().len(),
            "every EURA option is reachable"
        );
    }
}
