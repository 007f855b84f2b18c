//! Askel's published contract: the request and response shapes partners code against, the
//! problem type, paging envelopes and the base OpenAPI document.
//!
//! Wire types convert to domain types in one place each (`TryFrom` for requests, `From` for
//! responses); database entities never appear here.

pub mod activities;
pub mod actors;
pub mod assessments;
pub mod auth;
pub mod batch;
pub mod check;
pub mod code_lists;
pub mod dates;
pub mod document;
pub mod enums;
pub mod events;
pub mod export;
pub mod fhir;
pub mod follow_ups;
pub mod funding;
pub mod goals;
pub mod organisations;
pub mod paging;
pub mod participant_input;
pub mod participants;
pub mod path;
pub mod problem;
pub mod projects;
pub mod referral_contact;
pub mod referrals;
pub mod reports;
pub mod retention;
pub mod staff;
pub mod statements;
pub mod webhooks;

pub use check::{Check, FieldError, Invalid};
pub use paging::{ListQuery, decode_cursor, encode_cursor};
pub use problem::{Problem, ProblemKind};

/// For a change's optional fields: `Some(None)` for an explicit `null` (clear it), `None` when
/// the field is left out (keep it).
pub(crate) fn nullable<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(d).map(Some)
}
