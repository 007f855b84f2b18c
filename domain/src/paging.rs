//! Keyset paging: lists are read in `(updated_at, id)` order, so a client that follows the
//! cursor, or asks for what changed since a time, pages through without gaps.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The position after the last item of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The last item's `updated_at`.
    pub updated_at: DateTime<Utc>,
    /// The last item's id.
    pub id: Uuid,
}

/// How many items a page holds: 1 to 500, 50 unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u16);

/// A limit outside 1..=500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("limit must be from 1 to {max}")]
pub struct LimitError {
    /// The largest limit.
    pub max: u16,
}

impl Limit {
    /// The largest page.
    pub const MAX: u16 = 500;
    /// The page size when none is asked for.
    pub const DEFAULT: Self = Self(50);

    /// A limit from 1 to 500.
    pub fn new(n: i64) -> Result<Self, LimitError> {
        u16::try_from(n)
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(Self)
            .ok_or(LimitError { max: Self::MAX })
    }

    /// The limit.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for Limit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What page to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageRequest {
    /// Page size.
    pub limit: Limit,
    /// Continue after this position.
    pub after: Option<Cursor>,
    /// Only items changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of items and where the next begins (`None` on the last page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items in `(updated_at, id)` order.
    pub items: Vec<T>,
    /// The cursor of the next page.
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// The same page with each item mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_one_to_five_hundred() {
        assert_eq!(Limit::new(1).unwrap().get(), 1);
        assert_eq!(Limit::new(500).unwrap().get(), 500);
        assert!(Limit::new(0).is_err());
        assert!(Limit::new(501).is_err());
        assert!(Limit::new(-5).is_err());
        assert_eq!(Limit::default().get(), 50);
    }
}
