//! Disclosure control for figures shown to those without access to personal data (funders,
//! steering groups, reporters): the cell key method, as the UK's ONS used it for Census 2021
//! and the Australian Bureau of Statistics uses it in TableBuilder. `docs/DISCLOSURE.md` gives
//! the threat model, the perturbation table and the measured attack success rates.
//!
//! Each participant has a random record key in `0..KEY_RANGE`, drawn once when registered. A
//! cell's key is the sum of its contributors' record keys modulo `KEY_RANGE`, so the same
//! contributors always give the same key — in any report, for any period — and the published
//! value is the count plus the noise the perturbation table gives that count and key. Asking
//! again, or in another report, or for another period with the same people, gains nothing.
//! Published values below the threshold (zero included) are withheld; totals, shares and rates
//! are made only of published values.

/// Record keys and cell keys are in `0..KEY_RANGE`.
pub const KEY_RANGE: i64 = 256;

/// A cell as counted: how many contributors and the sum of their record keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "(i64, i64)", into = "(i64, i64)")]
pub struct Count {
    /// Contributors.
    pub n: i64,
    /// The sum of their record keys (any size; reduced modulo `KEY_RANGE` when used).
    pub key_sum: i64,
}

/// Kept as `[n, key_sum]`: report parts hold thousands of cells.
impl From<(i64, i64)> for Count {
    fn from((n, key_sum): (i64, i64)) -> Self {
        Self { n, key_sum }
    }
}

impl From<Count> for (i64, i64) {
    fn from(c: Count) -> Self {
        (c.n, c.key_sum)
    }
}

impl Count {
    /// A cell.
    pub fn new(n: i64, key_sum: i64) -> Self {
        Self { n, key_sum }
    }

    /// The cell of two cells' contributors, who are different people (e.g. women and men).
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self {
            n: self.n + other.n,
            key_sum: self.key_sum.rem_euclid(KEY_RANGE) + other.key_sum.rem_euclid(KEY_RANGE),
        }
    }

    /// The cell key.
    pub fn cell_key(self) -> i64 {
        self.key_sum.rem_euclid(KEY_RANGE)
    }
}

/// The perturbation table: for a cell key, the noise added to a count of one or more, as
/// half-open key ranges. The noise is symmetric, its mean is 0 and its variance 1.2.
pub const PERTURBATION: [(std::ops::Range<i64>, i64); 5] = [
    (0..26, -2),
    (26..77, -1),
    (77..179, 0),
    (179..230, 1),
    (230..256, 2),
];

/// The noise the perturbation table gives a cell: none for an empty cell.
pub fn noise(count: Count) -> i64 {
    if count.n == 0 {
        return 0;
    }
    let key = count.cell_key();
    PERTURBATION
        .iter()
        .find(|(keys, _)| keys.contains(&key))
        .map_or(0, |(_, d)| *d)
}

/// One published figure, or the fact it is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Shown.
    Shown(i64),
    /// Withheld.
    Withheld,
}

impl Cell {
    /// The value, if shown.
    pub fn value(self) -> Option<i64> {
        match self {
            Self::Shown(v) => Some(v),
            Self::Withheld => None,
        }
    }
}

/// How a report shows counts: exactly (to the project's administrator, who may see its
/// participants) or protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// Counts as they are.
    Exact,
    /// Perturbed by the cell key method; published values below `threshold` withheld.
    Protected {
        /// The smallest value shown; 5 withholds 0 to 4.
        threshold: i64,
    },
}

impl Disclosure {
    /// The published figure for a cell.
    pub fn publish(self, count: Count) -> Cell {
        match self {
            Self::Exact => Cell::Shown(count.n),
            Self::Protected { threshold } => {
                let v = count.n + noise(count);
                if v < threshold {
                    Cell::Withheld
                } else {
                    Cell::Shown(v)
                }
            }
        }
    }

    /// Whether counts are protected.
    pub fn is_protected(self) -> bool {
        matches!(self, Self::Protected { .. })
    }

    /// Whether a statistic of `group` (a median, a mean, a share of it) may be shown: always
    /// exactly; protected, only when the group truly holds at least the threshold of people —
    /// a perturbed count of 5 may stand for 3 people, whose median is one person's value.
    pub fn states_statistics_of(self, group: Count) -> bool {
        match self {
            Self::Exact => true,
            Self::Protected { threshold } => group.n >= threshold,
        }
    }

    /// The median of `group`'s days: exact to the day; protected, to the nearest 5 days.
    pub fn median_days(self, group: Count, median: f64) -> Option<f64> {
        self.states_statistics_of(group).then(|| match self {
            Self::Exact => median,
            Self::Protected { .. } => (median / 5.0).round() * 5.0,
        })
    }

    /// The mean of a change over `group`: exact to two decimals; protected, to one.
    pub fn mean(self, group: Count, mean: f64) -> Option<f64> {
        self.states_statistics_of(group).then(|| match self {
            Self::Exact => (mean * 100.0).round() / 100.0,
            Self::Protected { .. } => (mean * 10.0).round() / 10.0,
        })
    }

    /// `part / whole` of the published counts: exact to four decimals; protected, only when
    /// the whole truly holds the threshold of people, and to whole percent.
    pub fn share(self, part: Count, whole: Count) -> Option<f64> {
        if !self.states_statistics_of(whole) {
            return None;
        }
        let s = share(self.publish(part), self.publish(whole))?;
        Some(match self {
            Self::Exact => s,
            Self::Protected { .. } => (s * 100.0).round() / 100.0,
        })
    }
}

/// `part / whole` of published figures, rounded to four decimals; none when either is
/// withheld or the whole is 0.
pub fn share(part: Cell, whole: Cell) -> Option<f64> {
    match (part, whole) {
        (Cell::Shown(p), Cell::Shown(w)) if w > 0 => {
            // Counts of people are far inside f64's exact range.
            #[allow(clippy::cast_precision_loss)]
            let s = p as f64 / w as f64;
            Some((s * 10_000.0).round() / 10_000.0)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Cell::{Shown, Withheld};

    /// The second review: a true 3 published as 5 carried its exact median (one person's
    /// value) and a mean of two decimals (0.33 tells the group size modulo 3).
    #[test]
    fn statistics_of_a_group_smaller_than_the_threshold_are_never_shown_to_protected_readers() {
        let three = Count::new(3, 200);
        let six = Count::new(6, 200);
        assert_eq!(P.median_days(three, 12.0), None);
        assert_eq!(P.mean(three, 0.333), None);
        assert_eq!(P.share(Count::new(2, 5), three), None);
        assert_eq!(
            P.median_days(six, 12.0),
            Some(10.0),
            "to the nearest 5 days"
        );
        assert_eq!(P.median_days(six, 13.0), Some(15.0));
        assert_eq!(P.mean(six, 0.333), Some(0.3), "one decimal");
        assert_eq!(Disclosure::Exact.median_days(three, 12.5), Some(12.5));
        assert_eq!(Disclosure::Exact.mean(three, 0.333), Some(0.33));
        let whole = Count::new(40, 100);
        let shown = P.share(Count::new(13, 0), whole).unwrap();
        assert!(
            (shown * 100.0 - (shown * 100.0).round()).abs() < 1e-9,
            "whole percent"
        );
        assert_eq!(
            Disclosure::Exact.share(Count::new(1, 0), Count::new(3, 0)),
            Some(0.3333)
        );
    }

    const P: Disclosure = Disclosure::Protected { threshold: 5 };

    #[test]
    fn the_table_covers_every_key_once_with_symmetric_zero_mean_noise() {
        let mut covered = 0;
        let mut sum = 0;
        let mut square = 0;
        for key in 0..KEY_RANGE {
            let hits: Vec<_> = PERTURBATION
                .iter()
                .filter(|(keys, _)| keys.contains(&key))
                .collect();
            assert_eq!(hits.len(), 1, "key {key}");
            covered += 1;
            sum += hits[0].1;
            square += hits[0].1 * hits[0].1;
        }
        assert_eq!(covered, KEY_RANGE);
        assert_eq!(sum, 0, "mean 0");
        assert_eq!(square * 10 / KEY_RANGE, 12, "variance about 1.2");
    }

    #[test]
    fn the_same_contributors_always_publish_the_same_value() {
        let cell = Count::new(37, 4_100);
        assert_eq!(P.publish(cell), P.publish(cell));
        // Women and men counted apart and summed give the same key as counted together.
        let (women, men) = (Count::new(20, 1_000), Count::new(17, 3_100));
        assert_eq!(women.plus(men).cell_key(), cell.cell_key());
        assert_eq!(P.publish(women.plus(men)), P.publish(cell));
    }

    #[test]
    fn each_key_range_adds_its_noise() {
        for (key, published) in [
            (0, 98),
            (25, 98),
            (26, 99),
            (100, 100),
            (179, 101),
            (255, 102),
        ] {
            assert_eq!(
                P.publish(Count::new(100, key)),
                Shown(published),
                "key {key}"
            );
        }
    }

    #[test]
    fn values_below_the_threshold_are_withheld_zero_included() {
        assert_eq!(P.publish(Count::new(0, 0)), Withheld, "an empty cell");
        assert_eq!(P.publish(Count::new(3, 100)), Withheld);
        assert_eq!(P.publish(Count::new(3, 255)), Shown(5), "3 + 2");
        assert_eq!(P.publish(Count::new(6, 0)), Withheld, "6 − 2");
        assert_eq!(P.publish(Count::new(5, 100)), Shown(5));
    }

    #[test]
    fn exact_figures_are_the_counts() {
        assert_eq!(Disclosure::Exact.publish(Count::new(3, 255)), Shown(3));
        assert_eq!(Disclosure::Exact.publish(Count::new(0, 0)), Shown(0));
    }

    #[test]
    fn shares_follow_their_published_parts() {
        assert_eq!(share(Shown(1), Shown(3)), Some(0.3333));
        assert_eq!(share(Withheld, Shown(30)), None);
        assert_eq!(share(Shown(0), Shown(0)), None);
    }
}
