//! Dates and timestamps read from bodies and queries, held to the one accepted range
//! (`askel_domain::calendar`): a date outside it is refused with the field's name and the
//! range, never stored, never sent on to a database that cannot store it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, de::Error};

use askel_domain::calendar::{RANGE, accepts_date, accepts_timestamp};

fn checked<'de, D: Deserializer<'de>>(d: NaiveDate) -> Result<NaiveDate, D::Error> {
    if accepts_date(d) {
        Ok(d)
    } else {
        Err(D::Error::custom(RANGE))
    }
}

/// A date written as text (`2026-01-31`), held to the range: for doors that read a date
/// outside serde (FHIR elements, query parameters).
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    let date = text
        .parse::<NaiveDate>()
        .map_err(|_| "is not a date (2026-01-31)")?;
    if accepts_date(date) {
        Ok(date)
    } else {
        Err(RANGE)
    }
}

/// A required date.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    checked::<D>(NaiveDate::deserialize(d)?)
}

/// An optional date (with `#[serde(default)]`).
pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<NaiveDate>::deserialize(d)?
        .map(checked::<D>)
        .transpose()
}

/// A date in a change: left out (`None`, with `#[serde(default)]`), `null` (`Some(None)`,
/// clear it) or a date.
pub fn nullable_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<NaiveDate>>, D::Error> {
    optional_date(d).map(Some)
}

/// An optional timestamp (with `#[serde(default)]`).
pub fn optional_timestamp<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<DateTime<Utc>>::deserialize(d)? {
        Some(at) if !accepts_timestamp(at) => Err(D::Error::custom(RANGE)),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::date")]
        on: chrono::NaiveDate,
        #[serde(default, deserialize_with = "super::nullable_date")]
        until: Option<Option<chrono::NaiveDate>>,
        #[serde(default, deserialize_with = "super::optional_timestamp")]
        since: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[test]
    fn dates_outside_the_range_are_refused_and_absence_and_null_kept_apart() {
        let ok: Body = serde_json::from_str(r#"{"on": "2025-01-07"}"#).unwrap();
        assert_eq!(
            (ok.on.to_string(), ok.until, ok.since),
            ("2025-01-07".into(), None, None)
        );
        let cleared: Body = serde_json::from_str(r#"{"on": "2025-01-07", "until": null}"#).unwrap();
        assert_eq!(cleared.until, Some(None));
        for bad in [
            r#"{"on": "-5000-01-01"}"#,
            r#"{"on": "1899-12-31"}"#,
            r#"{"on": "2025-01-07", "until": "+10000-01-01"}"#,
            r#"{"on": "2025-01-07", "since": "2300-01-01T00:00:00Z"}"#,
        ] {
            let err = serde_json::from_str::<Body>(bad).unwrap_err().to_string();
            assert!(err.contains("1900-01-01 to 2199-12-31"), "{bad}: {err}");
        }
    }
}
