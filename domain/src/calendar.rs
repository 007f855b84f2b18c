//! The one range of dates Askel accepts, in bodies, queries and cursors alike: from 1900 to the
//! end of 2199. Every date a project records (births, entries, activities, statements, project
//! periods) falls within it, and both databases store every day of it (PostgreSQL refuses
//! dates before 4713 BC, which SQLite would store).

use chrono::{DateTime, NaiveDate, Utc};

/// The earliest date accepted.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest date accepted.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// What a refusal says.
pub const RANGE: &str = "must be a date from 1900-01-01 to 2199-12-31";

/// Whether `date` is within the accepted range.
pub fn accepts_date(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// Whether `at` falls on a day within the accepted range (in UTC).
pub fn accepts_timestamp(at: DateTime<Utc>) -> bool {
    accepts_date(at.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_range_runs_from_1900_through_2199() {
        assert!(accepts_date(date(1900, 1, 1)));
        assert!(accepts_date(date(2199, 12, 31)));
        assert!(!accepts_date(date(1899, 12, 31)));
        assert!(!accepts_date(date(2200, 1, 1)));
        assert!(!accepts_date(date(-5000, 1, 1)));
        assert!(accepts_timestamp(
            date(2025, 1, 7).and_hms_opt(12, 0, 0).unwrap().and_utc()
        ));
        assert!(!accepts_timestamp(DateTime::<Utc>::MIN_UTC));
    }
}
