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
mod tests;
