//! Activities of projects and attendance at them.

use crate::repositories::Activities;
use std::collections::HashMap;

use askel_domain::{
    Activity, AttendanceStatus, Name, OrganisationId, Page, PageRequest, ParticipantId, ProjectId,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{activity, attendance};
use crate::error::{corrupt, parse_stored};
use crate::paging::read_page;

impl Activities<'_> {
    /// Stores an activity.
    pub async fn insert_activity(&self, a: &Activity) -> Result<(), StoreError> {
        activity::Entity::insert(activity::ActiveModel {
            id: Set(a.id),
            project_id: Set(a.project_id.as_uuid()),
            kind: Set(a.kind.to_string()),
            title: Set(a.title.as_str().to_owned()),
            step: Set(a.step.map(|s| s.to_string())),
            date: Set(a.date),
            duration_minutes: Set(a.duration_minutes),
            organiser_id: Set(a.organiser_id.as_uuid()),
            created_at: Set(a.created_at),
            updated_at: Set(a.updated_at),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// One activity.
    pub async fn activity(&self, id: Uuid) -> Result<Activity, StoreError> {
        activity::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .map(to_domain)
            .ok_or(StoreError::NotFound)?
    }

    /// A page of a project's activities.
    pub async fn activities(
        &self,
        project: ProjectId,
        req: &PageRequest,
    ) -> Result<Page<Activity>, StoreError> {
        let select =
            activity::Entity::find().filter(activity::Column::ProjectId.eq(project.as_uuid()));
        read_page(self, select, req, to_domain).await
    }

    /// Sets each listed participant's attendance at an activity (others stay as they are).
    pub async fn set_attendance(
        &self,
        activity: Uuid,
        marks: &[(ParticipantId, AttendanceStatus)],
        recorded_by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if marks.is_empty() {
            return Ok(());
        }
        let rows = marks.iter().map(|(p, s)| attendance::ActiveModel {
            activity_id: Set(activity),
            participant_id: Set(p.as_uuid()),
            status: Set(s.to_string()),
            recorded_by: Set(recorded_by.to_owned()),
            updated_at: Set(now),
        });
        attendance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    attendance::Column::ActivityId,
                    attendance::Column::ParticipantId,
                ])
                .update_columns([
                    attendance::Column::Status,
                    attendance::Column::RecordedBy,
                    attendance::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&self.conn)
            .await?;
        activity::Entity::update_many()
            .col_expr(activity::Column::UpdatedAt, Expr::value(now))
            .filter(activity::Column::Id.eq(activity))
            .exec(&self.conn)
            .await?;
        Ok(())
    }

    /// The attendance recorded at an activity for the given participants.
    pub async fn attendance(
        &self,
        activity: Uuid,
        participants: &[ParticipantId],
    ) -> Result<Vec<(ParticipantId, AttendanceStatus)>, StoreError> {
        let rows = attendance::Entity::find()
            .filter(attendance::Column::ActivityId.eq(activity))
            .filter(
                attendance::Column::ParticipantId.is_in(participants.iter().map(|p| p.as_uuid())),
            )
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    ParticipantId::from_uuid(r.participant_id),
                    r.status.parse().map_err(|e| corrupt("attendance", e))?,
                ))
            })
            .collect()
    }

    /// Every attendance mark of a participant: `(activity, status)`.
    pub async fn attendance_of(
        &self,
        participant: ParticipantId,
    ) -> Result<Vec<(Uuid, AttendanceStatus)>, StoreError> {
        let rows = attendance::Entity::find()
            .filter(attendance::Column::ParticipantId.eq(participant.as_uuid()))
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    r.activity_id,
                    r.status.parse().map_err(|e| corrupt("attendance", e))?,
                ))
            })
            .collect()
    }

    /// Minutes each participant was present at activities: one grouped query for all of them.
    pub async fn participation_minutes(
        &self,
        participants: &[ParticipantId],
    ) -> Result<HashMap<ParticipantId, i64>, StoreError> {
        if participants.is_empty() {
            return Ok(HashMap::new());
        }
        let (att, act) = (Alias::new("attendance"), Alias::new("activities"));
        let select = Query::select()
            .column((att.clone(), attendance::Column::ParticipantId))
            .expr_as(
                Expr::col((act.clone(), activity::Column::DurationMinutes)).sum(),
                Alias::new("minutes"),
            )
            .from(att.clone())
            .inner_join(
                act.clone(),
                Expr::col((act.clone(), activity::Column::Id))
                    .equals((att.clone(), attendance::Column::ActivityId)),
            )
            .and_where(
                Expr::col((att.clone(), attendance::Column::ParticipantId))
                    .is_in(participants.iter().map(|p| p.as_uuid())),
            )
            .and_where(
                Expr::col((att.clone(), attendance::Column::Status))
                    .eq(AttendanceStatus::Present.to_string()),
            )
            .group_by_col((att, attendance::Column::ParticipantId))
            .to_owned();
        let statement = self.conn.get_database_backend().build(&select);
        let rows = self.conn.query_all_raw(statement).await?;
        rows.iter()
            .map(|r| {
                let id: Uuid = r.try_get("", "participant_id")?;
                let minutes: i64 = r.try_get("", "minutes")?;
                Ok((ParticipantId::from_uuid(id), minutes))
            })
            .collect()
    }
}

fn to_domain(m: activity::Model) -> Result<Activity, StoreError> {
    Ok(Activity {
        id: m.id,
        project_id: ProjectId::from_uuid(m.project_id),
        kind: m.kind.parse().map_err(|e| corrupt("activity kind", e))?,
        title: Name::parse(&m.title).map_err(|e| corrupt("activity title", e))?,
        step: parse_stored(m.step.as_deref(), "activity step", str::parse)?,
        date: m.date,
        duration_minutes: m.duration_minutes,
        organiser_id: OrganisationId::from_uuid(m.organiser_id),
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}
