//! A participant read for one caller in one statement: the row, its participation minutes, the
//! caller's organisation's roles in the project and, for a step write, the project's
//! administrator. On its own
//! (the hottest read, one round trip instead of five) or within a write's transaction (where
//! it replaces four queries).

use crate::repositories::Participants;
use std::sync::OnceLock;

use askel_domain::{ActorRole, AttendanceStatus, OrganisationId, ParticipantId};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, LockType, Query, QueryStatementBuilder, SimpleExpr,
};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryResult, QuerySelect, QueryTrait,
    Statement, Value,
};
use uuid::Uuid;

use crate::entities::{activity, attendance, participant, project_actor};
use crate::error::corrupt;
use crate::participant_rows::to_domain;
use crate::{Database, StoreError, StoredParticipant};

/// A participant as read for a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantForCaller {
    /// The participant, with its participation minutes.
    pub stored: StoredParticipant,
    /// The caller's organisation's roles in the participant's project (none for a caller
    /// without an organisation).
    pub caller_roles: Vec<ActorRole>,
    /// The encrypted identity code, if one is stored.
    pub identity_cipher: Option<Vec<u8>>,
    /// The organisation that administers the participant's project (one always does), when
    /// read with [`WithAdministrator::Yes`]; `None` otherwise.
    pub project_administrator: Option<OrganisationId>,
}

const MINUTES: &str = "participation_minutes";
const CALLER_ROLE: &str = "caller_role";
const ADMINISTRATOR: &str = "project_administrator";

/// Whether a participant read also names its project's administrator: a subquery of its own,
/// which only the step write needs (the event it stores is addressed to the administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithAdministrator {
    /// [`ParticipantForCaller::project_administrator`] read as well.
    Yes,
    /// [`ParticipantForCaller::project_administrator`] left `None`.
    No,
}

impl Database {
    /// Reads participant `id` for a caller of `organisation` in one statement, on its own (one
    /// statement is its own consistent snapshot; on PostgreSQL on a kept connection).
    pub async fn participant_for(
        &self,
        id: ParticipantId,
        organisation: Option<OrganisationId>,
        administrator: WithAdministrator,
    ) -> Result<ParticipantForCaller, StoreError> {
        let backend = self.conn.get_database_backend();
        let statement = statement(backend, id, organisation, false, administrator);
        let rows = if backend == DbBackend::Postgres {
            self.kept_query_all(&statement).await?
        } else {
            self.conn
                .query_all_raw(statement)
                .await
                .map_err(StoreError::from)?
        };
        decode(&rows, organisation, administrator)
    }
}

impl Participants<'_> {
    /// [`Database::participant_for`] within this transaction. A write transaction locks the
    /// participant's row until it ends (on SQLite the write lock already serialises writers), so
    /// a rule checked against what was read still holds when the change is stored.
    pub async fn participant_for(
        &self,
        id: ParticipantId,
        organisation: Option<OrganisationId>,
        administrator: WithAdministrator,
    ) -> Result<ParticipantForCaller, StoreError> {
        let statement = statement(
            self.conn.get_database_backend(),
            id,
            organisation,
            self.writes,
            administrator,
        );
        let rows = self.conn.query_all_raw(statement).await?;
        decode(&rows, organisation, administrator)
    }
}

/// Stand-ins the statement is built with once; each use puts the real ids in their place.
const ID_STAND_IN: Uuid = Uuid::from_u128(0x0a5c_e100_0000_7000_8000_0000_0000_0001);
const ORGANISATION_STAND_IN: Uuid = Uuid::from_u128(0x0a5c_e100_0000_7000_8000_0000_0000_0002);

/// [`build`], built once per database, caller kind, lock and administrator (building it took a
/// tenth of the hottest read's time), with the ids bound for this read.
fn statement(
    backend: DbBackend,
    id: ParticipantId,
    organisation: Option<OrganisationId>,
    lock: bool,
    administrator: WithAdministrator,
) -> Statement {
    static BUILT: [OnceLock<Statement>; 16] = [const { OnceLock::new() }; 16];
    let slot = 8 * usize::from(administrator == WithAdministrator::Yes)
        + 4 * usize::from(lock)
        + 2 * usize::from(backend == DbBackend::Postgres)
        + usize::from(organisation.is_some());
    let mut statement = BUILT[slot]
        .get_or_init(|| {
            build(
                backend,
                ID_STAND_IN,
                organisation.map(|_| ORGANISATION_STAND_IN),
                lock,
                administrator,
            )
        })
        .clone();
    if let Some(values) = &mut statement.values {
        for value in &mut values.0 {
            if *value == Value::from(ID_STAND_IN) {
                *value = id.as_uuid().into();
            } else if let Some(org) =
                organisation.filter(|_| *value == Value::from(ORGANISATION_STAND_IN))
            {
                *value = org.as_uuid().into();
            }
        }
    }
    statement
}

/// One row per role `organisation` holds in the participant's project (at least one, the role
/// empty when it holds none), each with the participant's columns, its participation minutes
/// and, when asked, its project's administrator; with `lock`, the participant's row locked for
/// update.
fn build(
    backend: DbBackend,
    id: Uuid,
    organisation: Option<Uuid>,
    lock: bool,
    administrator: WithAdministrator,
) -> Statement {
    let mut select = participant::Entity::find_by_id(id);
    if lock {
        QuerySelect::query(&mut select).lock_with_tables(LockType::Update, [participant::Entity]);
    }
    QuerySelect::query(&mut select).expr_as(minutes_of_participant(), Alias::new(MINUTES));
    if administrator == WithAdministrator::Yes {
        QuerySelect::query(&mut select)
            .expr_as(administrator_of_project(), Alias::new(ADMINISTRATOR));
    }
    if let Some(org) = organisation {
        let actors = Alias::new("caller_actors");
        QuerySelect::query(&mut select)
            .join_as(
                JoinType::LeftJoin,
                project_actor::Entity,
                actors.clone(),
                Expr::col((actors.clone(), project_actor::Column::ProjectId))
                    .equals((participant::Entity, participant::Column::ProjectId))
                    .and(
                        Expr::col((actors.clone(), project_actor::Column::OrganisationId)).eq(org),
                    ),
            )
            .expr_as(
                Expr::col((actors, project_actor::Column::Role)),
                Alias::new(CALLER_ROLE),
            );
    }
    select.build(backend)
}

fn decode(
    rows: &[QueryResult],
    organisation: Option<OrganisationId>,
    administrator: WithAdministrator,
) -> Result<ParticipantForCaller, StoreError> {
    let first = rows.first().ok_or(StoreError::NotFound)?;
    let model = participant::Model::from_query_result(first, "")?;
    let minutes: i64 = first.try_get("", MINUTES)?;
    let administrator: Option<Uuid> = match administrator {
        WithAdministrator::Yes => first.try_get("", ADMINISTRATOR)?,
        WithAdministrator::No => None,
    };
    let mut caller_roles = Vec::new();
    if organisation.is_some() {
        for row in rows {
            if let Some(role) = row.try_get::<Option<String>>("", CALLER_ROLE)? {
                caller_roles.push(role.parse().map_err(|e| corrupt("actor role", e))?);
            }
        }
    }
    let identity_cipher = model.identity_cipher.clone();
    let mut stored = to_domain(model)?;
    stored.participation_minutes = minutes;
    Ok(ParticipantForCaller {
        stored,
        caller_roles,
        identity_cipher,
        project_administrator: administrator.map(OrganisationId::from_uuid),
    })
}

/// The organisation that administers the participant's project, correlated with the outer row.
fn administrator_of_project() -> SimpleExpr {
    let mut admin = Query::select();
    admin
        .column((project_actor::Entity, project_actor::Column::OrganisationId))
        .from(project_actor::Entity)
        .and_where(
            Expr::col((project_actor::Entity, project_actor::Column::ProjectId))
                .equals((participant::Entity, participant::Column::ProjectId)),
        )
        .and_where(
            Expr::col((project_actor::Entity, project_actor::Column::Role))
                .eq(ActorRole::Administrator.to_string()),
        )
        .limit(1);
    SimpleExpr::SubQuery(None, Box::new(admin.into_sub_query_statement()))
}

/// `COALESCE(SUM(minutes of the activities the participant was present at), 0)` as a bigint on
/// both databases, correlated with the participant row of the outer query.
fn minutes_of_participant() -> SimpleExpr {
    let mut sum = Query::select();
    sum.expr(Func::cast_as(
        Func::coalesce([
            Func::sum(Expr::col((
                activity::Entity,
                activity::Column::DurationMinutes,
            )))
            .into(),
            Expr::value(0i64),
        ]),
        Alias::new("BIGINT"),
    ))
    .from(attendance::Entity)
    .inner_join(
        activity::Entity,
        Expr::col((activity::Entity, activity::Column::Id))
            .equals((attendance::Entity, attendance::Column::ActivityId)),
    )
    .and_where(
        Expr::col((attendance::Entity, attendance::Column::ParticipantId))
            .equals((participant::Entity, participant::Column::Id)),
    )
    .and_where(
        Expr::col((attendance::Entity, attendance::Column::Status))
            .eq(AttendanceStatus::Present.to_string()),
    );
    SimpleExpr::SubQuery(None, Box::new(sum.into_sub_query_statement()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_statement_binds_the_ids_of_each_read() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            for organisation in [None, Some(OrganisationId::new())] {
                for lock in [false, true] {
                    for with in [WithAdministrator::Yes, WithAdministrator::No] {
                        for _ in 0..2 {
                            let id = ParticipantId::new();
                            let org = organisation.map(|o| o.as_uuid());
                            assert_eq!(
                                statement(backend, id, organisation, lock, with),
                                build(backend, id.as_uuid(), org, lock, with),
                                "{backend:?}, organisation {}, lock {lock}, {with:?}",
                                organisation.is_some()
                            );
                        }
                    }
                }
            }
        }
    }
}
