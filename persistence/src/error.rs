//! Storage errors, translated from SeaORM once, here.

use sea_orm::{DbErr, SqlErr};

/// Which uniqueness rule a write broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Another project has this code.
    ProjectCode,
    /// Another organisation has this business ID.
    BusinessId,
    /// The organisation already has this role in the project (or the project already has an
    /// administrator or funder).
    ActorRole,
    /// The idempotency key is already stored.
    IdempotencyKey,
    /// A person with this identity code is already registered in the project.
    IdentityCode,
    /// The owner already has a participant with this `external_ref` in the project.
    ExternalRef,
    /// The exit already has a follow-up.
    FollowUp,
    /// Any other uniqueness rule.
    Other,
}

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// A referenced row is missing.
    #[error("a referenced row does not exist")]
    MissingReference,
    /// The database cannot be reached.
    #[error("database unavailable")]
    Unavailable(#[source] DbErr),
    /// Any other database error.
    #[error("database error")]
    Db(#[source] DbErr),
    /// A stored value no longer parses as its domain type.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(msg)) => Self::Conflict(conflict_of(&msg)),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::MissingReference,
            _ if is_connection_error(&err) => Self::Unavailable(err),
            _ => Self::Db(err),
        }
    }
}

fn is_connection_error(err: &DbErr) -> bool {
    matches!(err, DbErr::Conn(_) | DbErr::ConnectionAcquire(_))
        || err.to_string().to_ascii_lowercase().contains("connection")
}

/// PostgreSQL names the index, SQLite names the columns; both are matched here.
fn conflict_of(message: &str) -> Conflict {
    const RULES: &[(&[&str], Conflict)] = &[
        (
            &["ux_projects_code", "projects.code"],
            Conflict::ProjectCode,
        ),
        (
            &["ux_organisations_business_id", "organisations.business_id"],
            Conflict::BusinessId,
        ),
        (
            &[
                "ux_project_actors_role",
                "ux_project_single_",
                "project_actors.",
            ],
            Conflict::ActorRole,
        ),
        (&["idempotency_keys"], Conflict::IdempotencyKey),
        (
            &["identity_hash", "ux_participants_identity"],
            Conflict::IdentityCode,
        ),
        (&["external_ref"], Conflict::ExternalRef),
        (&["participant_follow_ups"], Conflict::FollowUp),
    ];
    RULES
        .iter()
        .find(|(needles, _)| needles.iter().any(|n| message.contains(n)))
        .map_or(Conflict::Other, |(_, c)| *c)
}

/// A stored code that no longer parses.
pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {err}"))
}

/// Parses an optional stored value with `parse`, naming `what` was corrupt if it does not parse.
pub(crate) fn parse_stored<T, E: std::fmt::Display>(
    raw: Option<&str>,
    what: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    raw.map(parse).transpose().map_err(|e| corrupt(what, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_both_databases_wording() {
        assert_eq!(
            conflict_of("UNIQUE constraint failed: projects.code"),
            Conflict::ProjectCode
        );
        assert_eq!(
            conflict_of("duplicate key value violates unique constraint \"ux_projects_code\""),
            Conflict::ProjectCode
        );
        assert_eq!(
            conflict_of("UNIQUE constraint failed: project_actors.project_id"),
            Conflict::ActorRole
        );
        assert_eq!(conflict_of("something else"), Conflict::Other);
    }
}
