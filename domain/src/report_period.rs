//! The periods a protected reader may ask figures for. Every differently bounded period is a new
//! set of contributors with fresh noise, so a reader free to slide `from` and `to` by a day can
//! average the difference of two reports over many windows until the noise cancels (the second
//! penetration test recovered 95 % of counts 1–4 so). A protected reader therefore gets only
//! whole calendar granules — one month, one quarter or one year, from its first day to its last
//! — or the whole period to date (no `from` or `to`). No two such periods differ by a day, and a
//! month's people are covered by at most four windows (the month, its quarter, its year and the
//! whole), so there is nothing to average (`domain/tests/disclosure_attacks.rs`, attack (f)).

use chrono::{Datelike, Months, NaiveDate};

/// A calendar granule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granule {
    /// A calendar month.
    Month,
    /// A calendar quarter (January–March, …).
    Quarter,
    /// A calendar year.
    Year,
}

/// What a refusal says.
pub const ALIGNED: &str = "protected figures are given for one whole calendar month, quarter or year (from its first day to its last, e.g. from=2025-04-01&to=2025-06-30) or for the whole period (neither from nor to)";

/// The granule `from..=to` is, if it is one.
pub fn granule(from: NaiveDate, to: NaiveDate) -> Option<Granule> {
    let starts = |months: u32| from.day() == 1 && (from.month() - 1).is_multiple_of(months);
    let ends_after = |months: u32| {
        from.checked_add_months(Months::new(months))
            .and_then(|next| next.pred_opt())
            == Some(to)
    };
    [
        (Granule::Month, 1),
        (Granule::Quarter, 3),
        (Granule::Year, 12),
    ]
    .into_iter()
    .find(|(_, months)| starts(*months) && ends_after(*months))
    .map(|(g, _)| g)
}

/// Whether a protected reader may ask for `from`–`to`: both absent, or one whole granule.
pub fn protected_period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), &'static str> {
    match (from, to) {
        (None, None) => Ok(()),
        (Some(f), Some(t)) if granule(f, t).is_some() => Ok(()),
        _ => Err(ALIGNED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn whole_months_quarters_and_years_are_granules() {
        assert_eq!(
            granule(d("2025-02-01"), d("2025-02-28")),
            Some(Granule::Month)
        );
        assert_eq!(
            granule(d("2024-02-01"), d("2024-02-29")),
            Some(Granule::Month)
        );
        assert_eq!(
            granule(d("2025-04-01"), d("2025-06-30")),
            Some(Granule::Quarter)
        );
        assert_eq!(
            granule(d("2025-10-01"), d("2025-12-31")),
            Some(Granule::Quarter)
        );
        assert_eq!(
            granule(d("2025-01-01"), d("2025-12-31")),
            Some(Granule::Year)
        );
        assert_eq!(
            granule(d("2025-01-01"), d("2025-03-31")),
            Some(Granule::Quarter)
        );
    }

    #[test]
    fn anything_that_slides_is_not() {
        for (from, to) in [
            ("2025-02-02", "2025-02-28"),
            ("2025-02-01", "2025-02-27"),
            ("2025-02-01", "2025-03-31"),
            ("2025-02-01", "2025-04-30"),
            ("2025-03-01", "2025-05-31"),
            ("2025-01-01", "2026-12-31"),
            ("2025-07-01", "2026-06-30"),
            ("2025-01-01", "2025-01-01"),
        ] {
            assert_eq!(granule(d(from), d(to)), None, "{from}–{to}");
        }
    }

    #[test]
    fn a_protected_reader_asks_for_a_granule_or_everything() {
        assert!(protected_period(None, None).is_ok());
        assert!(protected_period(Some(d("2025-04-01")), Some(d("2025-06-30"))).is_ok());
        assert!(protected_period(Some(d("2025-04-01")), None).is_err());
        assert!(protected_period(None, Some(d("2025-06-30"))).is_err());
        assert!(protected_period(Some(d("2025-04-02")), Some(d("2025-06-30"))).is_err());
    }
}
