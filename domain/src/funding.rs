//! A project's funding: total eligible cost split into the ESF share, the own share and
//! co-funders' shares, all in cents; the parts must add up.

use crate::{Cents, OrganisationId, Rate};

/// Another organisation's contribution, e.g. Eksote's share in Esko.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoFunder {
    /// The contributing organisation.
    pub organisation_id: OrganisationId,
    /// The amount it contributes.
    pub amount: Cents,
}

/// Funding whose parts have been checked to add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    total_eligible_cost: Cents,
    esf_rate: Rate,
    esf_amount: Cents,
    own_share: Cents,
    co_funders: Vec<CoFunder>,
}

/// Why the parts of a funding do not add up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FundingError {
    /// The ESF amount is not the ESF rate of the total.
    #[error("the ESF amount must be {rate} % of the total eligible cost, {expected} cents")]
    EsfAmount {
        /// The rate in percent.
        rate: f64,
        /// The amount the rate gives (rounded down; rounding up is also accepted).
        expected: i64,
    },
    /// ESF + own share + co-funders differ from the total.
    #[error(
        "the ESF amount, own share and co-funders add up to {sum} cents, not the total eligible cost {total} cents"
    )]
    Sum {
        /// What the parts add up to.
        sum: i64,
        /// The total eligible cost.
        total: i64,
    },
    /// One organisation listed twice among co-funders.
    #[error("an organisation is listed more than once among co-funders")]
    DuplicateCoFunder,
}

impl Funding {
    /// Checks the arithmetic: `esf_amount = total × esf_rate` (to the cent, either rounding) and
    /// `esf_amount + own_share + Σ co-funders = total`.
    pub fn new(
        total_eligible_cost: Cents,
        esf_rate: Rate,
        esf_amount: Cents,
        own_share: Cents,
        co_funders: Vec<CoFunder>,
    ) -> Result<Self, FundingError> {
        let (floor, ceil) = esf_rate.apply(total_eligible_cost);
        if esf_amount.get() != floor && esf_amount.get() != ceil {
            return Err(FundingError::EsfAmount {
                rate: esf_rate.percent(),
                expected: floor,
            });
        }
        let mut ids: Vec<_> = co_funders.iter().map(|c| c.organisation_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != co_funders.len() {
            return Err(FundingError::DuplicateCoFunder);
        }
        // Each part is at most Cents::MAX (10^15), so the sum of a few thousand fits in i64.
        let sum = esf_amount.get()
            + own_share.get()
            + co_funders.iter().map(|c| c.amount.get()).sum::<i64>();
        if sum != total_eligible_cost.get() {
            return Err(FundingError::Sum {
                sum,
                total: total_eligible_cost.get(),
            });
        }
        Ok(Self {
            total_eligible_cost,
            esf_rate,
            esf_amount,
            own_share,
            co_funders,
        })
    }

    /// Total eligible cost.
    pub fn total_eligible_cost(&self) -> Cents {
        self.total_eligible_cost
    }
    /// ESF (or ESF+) share as a rate.
    pub fn esf_rate(&self) -> Rate {
        self.esf_rate
    }
    /// ESF share as an amount.
    pub fn esf_amount(&self) -> Cents {
        self.esf_amount
    }
    /// The administrator's own share.
    pub fn own_share(&self) -> Cents {
        self.own_share
    }
    /// Co-funders' contributions.
    pub fn co_funders(&self) -> &[CoFunder] {
        &self.co_funders
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(cents: i64) -> Cents {
        Cents::new(cents).unwrap()
    }
    fn pct(p: f64) -> Rate {
        Rate::from_percent(p).unwrap()
    }

    #[test]
    fn suunta_yhdessa_adds_up() {
        // ESF 239 586,00 € = 80 % of 299 482,50 €; Vaalijala's own share 20 %.
        let f = Funding::new(
            c(29_948_250),
            pct(80.0),
            c(23_958_600),
            c(5_989_650),
            vec![],
        )
        .unwrap();
        assert_eq!(
            f.esf_amount().get() + f.own_share().get(),
            f.total_eligible_cost().get()
        );
    }

    #[test]
    fn esf_amount_must_match_the_rate() {
        let err = Funding::new(
            c(29_948_250),
            pct(80.0),
            c(23_958_500),
            c(5_989_750),
            vec![],
        )
        .unwrap_err();
        assert_eq!(
            err,
            FundingError::EsfAmount {
                rate: 80.0,
                expected: 23_958_600
            }
        );
    }

    #[test]
    fn esf_amount_may_round_either_way() {
        // 50 % of 1,01 € is 0,505 €: 0,50 € and 0,51 € are both fair.
        assert!(Funding::new(c(101), pct(50.0), c(50), c(51), vec![]).is_ok());
        assert!(Funding::new(c(101), pct(50.0), c(51), c(50), vec![]).is_ok());
        assert!(Funding::new(c(101), pct(50.0), c(49), c(52), vec![]).is_err());
    }

    #[test]
    fn parts_must_add_up_to_the_total_with_co_funders() {
        let eksote = OrganisationId::new();
        let ok = Funding::new(
            c(100_000),
            pct(75.0),
            c(75_000),
            c(15_000),
            vec![CoFunder {
                organisation_id: eksote,
                amount: c(10_000),
            }],
        );
        assert!(ok.is_ok());
        let short = Funding::new(c(100_000), pct(75.0), c(75_000), c(15_000), vec![]).unwrap_err();
        assert_eq!(
            short,
            FundingError::Sum {
                sum: 90_000,
                total: 100_000
            }
        );
    }

    #[test]
    fn a_co_funder_is_listed_once() {
        let o = OrganisationId::new();
        let twice = vec![
            CoFunder {
                organisation_id: o,
                amount: c(5),
            },
            CoFunder {
                organisation_id: o,
                amount: c(5),
            },
        ];
        assert_eq!(
            Funding::new(c(100), pct(90.0), c(90), c(0), twice),
            Err(FundingError::DuplicateCoFunder)
        );
    }
}
