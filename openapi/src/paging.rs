//! Paging on the wire: `?limit=&cursor=&updated_since=` in, `{items, next_cursor}` out.

use askel_domain::{Cursor, Limit, PageRequest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{Check, Invalid};

/// Query parameters every list accepts.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Items per page, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only items changed at or after this time (RFC 3339). Items come in `(updated_at, id)`
    /// order, so a client can mirror changes without gaps.
    #[serde(default, deserialize_with = "crate::dates::optional_timestamp")]
    pub updated_since: Option<DateTime<Utc>>,
}

impl ListQuery {
    /// The page asked for, or every invalid parameter.
    pub fn page_request(&self) -> Result<PageRequest, Invalid> {
        let mut check = Check::default();
        let limit = check.optional("limit", self.limit, Limit::new);
        let after = check.optional("cursor", self.cursor.as_deref(), decode_cursor);
        // Held to the range here too, whatever door parsed it (FHIR's `_lastUpdated`).
        let since = check.optional("updated_since", self.updated_since, |at| {
            if askel_domain::calendar::accepts_timestamp(at) {
                Ok(at)
            } else {
                Err(askel_domain::calendar::RANGE)
            }
        });
        check.finish(|| {
            Some(PageRequest {
                limit: limit?.unwrap_or_default(),
                after: after?,
                updated_since: since?,
            })
        })
    }
}

/// A cursor that was not issued by Askel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("is not a cursor this list issued; start again without one")]
pub struct BadCursor;

/// An opaque cursor: base64url of `micros:uuid`.
pub fn encode_cursor(cursor: Cursor) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}:{}",
        cursor.updated_at.timestamp_micros(),
        cursor.id
    ))
}

/// The cursor behind `text`.
pub fn decode_cursor(text: &str) -> Result<Cursor, BadCursor> {
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| BadCursor)?;
    let plain = String::from_utf8(bytes).map_err(|_| BadCursor)?;
    let (micros, id) = plain.split_once(':').ok_or(BadCursor)?;
    let micros: i64 = micros.parse().map_err(|_| BadCursor)?;
    let updated_at = DateTime::from_timestamp_micros(micros)
        .filter(|at| askel_domain::calendar::accepts_timestamp(*at))
        .ok_or(BadCursor)?;
    let id = Uuid::parse_str(id).map_err(|_| BadCursor)?;
    Ok(Cursor { updated_at, id })
}

/// Declares a page envelope for one item type, named for it so generated clients read well.
#[macro_export]
macro_rules! page_of {
    ($page:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema)]
        pub struct $page {
            /// The items, in `(updated_at, id)` order.
            pub items: Vec<$item>,
            /// Pass as `cursor` to read the next page; `null` on the last page.
            pub next_cursor: Option<String>,
        }

        impl $page {
            /// The envelope of a domain page, each item converted.
            pub fn from_page<T>(
                page: ::askel_domain::Page<T>,
                convert: impl FnMut(T) -> $item,
            ) -> Self {
                Self {
                    next_cursor: page.next.map($crate::paging::encode_cursor),
                    items: page.items.into_iter().map(convert).collect(),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let cursor = Cursor {
            updated_at: DateTime::from_timestamp_micros(1_732_000_000_123_456).unwrap(),
            id: Uuid::now_v7(),
        };
        assert_eq!(decode_cursor(&encode_cursor(cursor)), Ok(cursor));
    }

    #[test]
    fn foreign_cursors_are_refused() {
        for bad in [
            "",
            "abc",
            "!!!",
            &URL_SAFE_NO_PAD.encode("12:not-a-uuid"),
            &URL_SAFE_NO_PAD.encode("x:y"),
        ] {
            assert_eq!(decode_cursor(bad), Err(BadCursor), "{bad}");
        }
    }

    #[test]
    fn query_names_each_bad_parameter() {
        let q = ListQuery {
            limit: Some(0),
            cursor: Some("bogus".into()),
            updated_since: None,
        };
        let Invalid(errors) = q.page_request().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["limit", "cursor"]);
        assert_eq!(ListQuery::default().page_request().unwrap().limit.get(), 50);
    }
}
