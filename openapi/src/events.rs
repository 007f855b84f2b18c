//! The change feed on the wire.

use askel_domain as d;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::enums::EventType;

/// A change.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Event {
    /// The event's id.
    pub id: Uuid,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The kind of object: `participant`, `goal`, `assessment`, `follow_up`, `activity` or
    /// `referral`.
    pub resource_type: String,
    /// The object's id; read it to see its new state.
    pub resource_id: Uuid,
    /// The object's project.
    pub project_id: Option<Uuid>,
    /// The participant the change is about, when you may read the participant (never on a
    /// referral target's events).
    pub participant_id: Option<Uuid>,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Pass as `after` to continue after this event.
    pub cursor: String,
}

impl From<d::Event> for Event {
    fn from(e: d::Event) -> Self {
        Self {
            id: e.id,
            event_type: e.event_type.into(),
            resource_type: e.event_type.resource().to_owned(),
            resource_id: e.resource_id,
            project_id: e.project_id.map(d::ProjectId::as_uuid),
            participant_id: e.participant_id.map(d::ParticipantId::as_uuid),
            occurred_at: e.occurred_at,
            cursor: encode_position(e.position),
        }
    }
}

/// A page of the feed.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct EventPage {
    /// Events in commit order.
    pub items: Vec<Event>,
    /// Pass as `after` next time; unchanged when there was nothing new. Keep polling with it.
    pub next_cursor: String,
}

/// Where to read the feed from.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// The cursor of the last event you processed; from the beginning when left out.
    pub after: Option<String>,
    /// Events per page, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// Only events of this project.
    pub project_id: Option<Uuid>,
    /// Only events of these types, comma-separated (code list `event_types`), e.g.
    /// `referral.received,referral.status_changed`.
    pub types: Option<String>,
}

/// An opaque feed cursor.
pub fn encode_position(p: d::FeedPosition) -> String {
    URL_SAFE_NO_PAD.encode(format!("e{}:{}", p.commit_order, p.seq))
}

/// The position behind a cursor.
pub fn decode_position(text: &str) -> Option<d::FeedPosition> {
    let plain = String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
    let (order, seq) = plain.strip_prefix('e')?.split_once(':')?;
    Some(d::FeedPosition {
        commit_order: order.parse().ok()?,
        seq: seq.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_foreign_cursors_are_refused() {
        let p = d::FeedPosition {
            commit_order: 123_456,
            seq: 42,
        };
        assert_eq!(decode_position(&encode_position(p)), Some(p));
        assert_eq!(decode_position("nonsense"), None);
        assert_eq!(decode_position(&URL_SAFE_NO_PAD.encode("x1:2")), None);
    }
}
