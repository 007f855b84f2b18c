//! The single read of a participant for one caller, in one statement and outside any
//! transaction: the row, its participation minutes and the caller's organisation's roles in
//! the participant's project. One statement is its own consistent snapshot, so the hottest
//! read costs one round trip to the database instead of five (begin, row, minutes, roles,
//! commit).

use askel_domain::{ActorRole, AttendanceStatus, OrganisationId, ParticipantId};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, Query, QueryStatementBuilder, SimpleExpr,
};
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, QuerySelect, QueryTrait};

use crate::entities::{activity, attendance, participant, project_actor};
use crate::error::corrupt;
use crate::participants::to_domain;
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
}

const MINUTES: &str = "participation_minutes";
const CALLER_ROLE: &str = "caller_role";

impl Database {
    /// Reads participant `id` for a caller of `organisation`, in one statement: one row per
    /// role the organisation holds in the project (at least one, the role empty when it holds
    /// none).
    pub async fn participant_for(
        &self,
        id: ParticipantId,
        organisation: Option<OrganisationId>,
    ) -> Result<ParticipantForCaller, StoreError> {
        let mut select = participant::Entity::find_by_id(id.as_uuid());
        QuerySelect::query(&mut select).expr_as(minutes_of_participant(), Alias::new(MINUTES));
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
                            Expr::col((actors.clone(), project_actor::Column::OrganisationId))
                                .eq(org.as_uuid()),
                        ),
                )
                .expr_as(
                    Expr::col((actors, project_actor::Column::Role)),
                    Alias::new(CALLER_ROLE),
                );
        }
        let statement = select.build(self.conn.get_database_backend());
        let rows = self
            .conn
            .query_all_raw(statement)
            .await
            .map_err(StoreError::from)?;
        let first = rows.first().ok_or(StoreError::NotFound)?;
        let model = participant::Model::from_query_result(first, "")?;
        let minutes: i64 = first.try_get("", MINUTES)?;
        let mut caller_roles = Vec::new();
        if organisation.is_some() {
            for row in &rows {
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
        })
    }
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
