//! Money in integer cents and rates in basis points: no floating point near a euro.

use std::fmt;

/// A non-negative amount of euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

/// Why an amount or rate is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Amounts are never negative.
    #[error("an amount cannot be negative")]
    Negative,
    /// Above the largest amount Askel keeps (10^15 cents, ten trillion euros).
    #[error("the amount is larger than Askel accepts")]
    TooLarge,
    /// A rate is between 0 and 100 percent with at most two decimals.
    #[error("a rate is a percentage from 0 to 100 with at most two decimals")]
    Rate,
}

impl Cents {
    /// Largest amount accepted: far above any ESF budget, far below overflow when summed.
    pub const MAX: i64 = 1_000_000_000_000_000;

    /// An amount of cents, refusing negatives and absurd sizes.
    pub fn new(cents: i64) -> Result<Self, MoneyError> {
        if cents < 0 {
            Err(MoneyError::Negative)
        } else if cents > Self::MAX {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Self(cents))
        }
    }

    /// The number of cents.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Cents {
    /// Finnish notation: `239 586,00 €`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let euros = self.0 / 100;
        let digits = euros.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('\u{a0}');
            }
            grouped.push(ch);
        }
        write!(f, "{grouped},{:02}\u{a0}€", self.0 % 100)
    }
}

/// A rate in basis points: 8000 is 80,00 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(u16);

impl Rate {
    /// A rate from basis points, at most 10 000 (100 %).
    pub fn from_basis_points(bp: i64) -> Result<Self, MoneyError> {
        u16::try_from(bp)
            .ok()
            .filter(|bp| *bp <= 10_000)
            .map(Self)
            .ok_or(MoneyError::Rate)
    }

    /// A rate from a percentage such as `80` or `79.75`; more than two decimals is refused.
    pub fn from_percent(percent: f64) -> Result<Self, MoneyError> {
        let scaled = percent * 100.0;
        let rounded = scaled.round();
        if !scaled.is_finite() || (scaled - rounded).abs() > 1e-6 {
            return Err(MoneyError::Rate);
        }
        // In range after the check above; the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        Self::from_basis_points(rounded as i64)
    }

    /// Basis points.
    pub const fn basis_points(self) -> u16 {
        self.0
    }

    /// The percentage, e.g. `80.0`.
    pub fn percent(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// `amount × rate` rounded down and up to whole cents; both are a fair reading of a
    /// funding decision, which may round either way.
    pub fn apply(self, amount: Cents) -> (i64, i64) {
        let exact = i128::from(amount.get()) * i128::from(self.0);
        let floor = exact / 10_000;
        let ceil = if exact % 10_000 == 0 {
            floor
        } else {
            floor + 1
        };
        // amount ≤ Cents::MAX and rate ≤ 1, so both fit in i64.
        (
            i64::try_from(floor).unwrap_or(i64::MAX),
            i64::try_from(ceil).unwrap_or(i64::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_refuse_negative_and_absurd_amounts() {
        assert_eq!(Cents::new(-1), Err(MoneyError::Negative));
        assert_eq!(Cents::new(Cents::MAX + 1), Err(MoneyError::TooLarge));
        assert_eq!(Cents::new(0).unwrap().get(), 0);
        assert_eq!(Cents::new(Cents::MAX).unwrap().get(), Cents::MAX);
    }

    #[test]
    fn cents_print_the_finnish_way() {
        assert_eq!(
            Cents::new(23_958_600).unwrap().to_string(),
            "239\u{a0}586,00\u{a0}€"
        );
        assert_eq!(Cents::new(5).unwrap().to_string(), "0,05\u{a0}€");
    }

    #[test]
    fn rates_take_at_most_two_decimals_between_zero_and_hundred() {
        assert_eq!(Rate::from_percent(80.0).unwrap().basis_points(), 8000);
        assert_eq!(Rate::from_percent(79.75).unwrap().basis_points(), 7975);
        assert_eq!(Rate::from_percent(100.0).unwrap().basis_points(), 10_000);
        assert_eq!(Rate::from_percent(0.0).unwrap().basis_points(), 0);
        assert_eq!(Rate::from_percent(33.333), Err(MoneyError::Rate));
        assert_eq!(Rate::from_percent(100.01), Err(MoneyError::Rate));
        assert_eq!(Rate::from_percent(-1.0), Err(MoneyError::Rate));
        assert_eq!(Rate::from_percent(f64::NAN), Err(MoneyError::Rate));
        assert_eq!(Rate::from_percent(f64::INFINITY), Err(MoneyError::Rate));
    }

    #[test]
    fn applying_a_rate_gives_floor_and_ceiling_cents() {
        let total = Cents::new(29_948_250).unwrap(); // 299 482,50 €
        assert_eq!(
            Rate::from_percent(80.0).unwrap().apply(total),
            (23_958_600, 23_958_600)
        );
        let odd = Cents::new(101).unwrap();
        assert_eq!(Rate::from_percent(50.0).unwrap().apply(odd), (50, 51));
        let max = Cents::new(Cents::MAX).unwrap();
        assert_eq!(
            Rate::from_percent(100.0).unwrap().apply(max),
            (Cents::MAX, Cents::MAX)
        );
    }
}
