//! Assessment instruments (versioned definitions) and assessments.

use crate::repositories::Assessments;
use std::collections::BTreeMap;

use askel_domain::{Assessment, Dimension, Instrument, Item, ParticipantId, Scale};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{assessment, instrument};
use crate::error::corrupt;

#[derive(Serialize, Deserialize)]
struct ItemJson {
    code: String,
    label: String,
    min: i32,
    max: i32,
}

#[derive(Serialize, Deserialize)]
struct DimensionJson {
    code: String,
    label: String,
    items: Vec<ItemJson>,
}

#[derive(Serialize, Deserialize)]
struct DefinitionJson {
    name: String,
    description: String,
    dimensions: Vec<DimensionJson>,
}

impl Assessments<'_> {
    /// Stores an instrument version.
    pub async fn insert_instrument(&self, i: &Instrument) -> Result<(), StoreError> {
        let definition = DefinitionJson {
            name: i.name.clone(),
            description: i.description.clone(),
            dimensions: i
                .dimensions
                .iter()
                .map(|d| DimensionJson {
                    code: d.code.clone(),
                    label: d.label.clone(),
                    items: d
                        .items
                        .iter()
                        .map(|it| ItemJson {
                            code: it.code.clone(),
                            label: it.label.clone(),
                            min: it.scale.min,
                            max: it.scale.max,
                        })
                        .collect(),
                })
                .collect(),
        };
        instrument::Entity::insert(instrument::ActiveModel {
            id: Set(i.id),
            code: Set(i.code.clone()),
            version: Set(i.version),
            definition: Set(serde_json::to_value(definition).map_err(|e| corrupt("instrument", e))?),
            created_at: Set(i.created_at),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// Every instrument version, by code and version.
    pub async fn instruments(&self) -> Result<Vec<Instrument>, StoreError> {
        let rows = instrument::Entity::find()
            .order_by_asc(instrument::Column::Code)
            .order_by_asc(instrument::Column::Version)
            .all(&self.conn)
            .await?;
        rows.into_iter().map(instrument_to_domain).collect()
    }

    /// One instrument version.
    pub async fn instrument(&self, id: Uuid) -> Result<Instrument, StoreError> {
        instrument::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .map(instrument_to_domain)
            .ok_or(StoreError::NotFound)?
    }

    /// The newest version number of `code`, if any.
    pub async fn latest_instrument_version(&self, code: &str) -> Result<Option<i32>, StoreError> {
        let row = instrument::Entity::find()
            .filter(instrument::Column::Code.eq(code))
            .order_by_desc(instrument::Column::Version)
            .one(&self.conn)
            .await?;
        Ok(row.map(|r| r.version))
    }

    /// Stores an assessment with its dimension scores, derived from `instrument` (the version
    /// it was made with).
    pub async fn insert_assessment(
        &self,
        a: &Assessment,
        instrument: &Instrument,
    ) -> Result<(), StoreError> {
        // Each dimension's score, derived here so no caller can store one that disagrees.
        let dimension_scores = &instrument.dimension_scores(&a.scores);
        if !dimension_scores.is_empty() {
            let mut insert = sea_orm::sea_query::Query::insert();
            insert
                .into_table(sea_orm::sea_query::Alias::new("assessment_scores"))
                .columns(
                    [
                        "assessment_id",
                        "participant_id",
                        "instrument_id",
                        "dimension",
                        "date",
                        "score",
                    ]
                    .map(sea_orm::sea_query::Alias::new),
                );
            for (dimension, score) in dimension_scores {
                insert.values_panic([
                    a.id.into(),
                    a.participant_id.as_uuid().into(),
                    a.instrument_id.into(),
                    dimension.clone().into(),
                    a.date.into(),
                    (*score).into(),
                ]);
            }
            let statement =
                sea_orm::ConnectionTrait::get_database_backend(&self.conn).build(&insert);
            sea_orm::ConnectionTrait::execute_raw(&self.conn, statement).await?;
            self.figures().add_to_trends(a, dimension_scores).await?;
        }
        assessment::Entity::insert(assessment::ActiveModel {
            id: Set(a.id),
            participant_id: Set(a.participant_id.as_uuid()),
            instrument_id: Set(a.instrument_id),
            phase: Set(a.phase.to_string()),
            date: Set(a.date),
            scores: Set(serde_json::to_value(&a.scores).map_err(|e| corrupt("scores", e))?),
            recorded_by: Set(a.recorded_by.clone()),
            recorded_at: Set(a.recorded_at),
        })
        .exec_without_returning(&self.conn)
        .await?;
        Ok(())
    }

    /// A page of a participant's assessments, in `(recorded_at, id)` order.
    pub async fn assessments_page(
        &self,
        participant: ParticipantId,
        req: &askel_domain::PageRequest,
    ) -> Result<askel_domain::Page<Assessment>, StoreError> {
        let select = assessment::Entity::find()
            .filter(assessment::Column::ParticipantId.eq(participant.as_uuid()));
        crate::paging::read_page(self, select, req, |m| assessment_of(participant, m)).await
    }

    /// A participant's assessments in the order recorded.
    pub async fn assessments(
        &self,
        participant: ParticipantId,
    ) -> Result<Vec<Assessment>, StoreError> {
        let rows = assessment::Entity::find()
            .filter(assessment::Column::ParticipantId.eq(participant.as_uuid()))
            .order_by_asc(assessment::Column::Id)
            .all(&self.conn)
            .await?;
        rows.into_iter()
            .map(|m| assessment_of(participant, m))
            .collect()
    }
}

fn instrument_to_domain(m: instrument::Model) -> Result<Instrument, StoreError> {
    let d: DefinitionJson =
        serde_json::from_value(m.definition).map_err(|e| corrupt("instrument definition", e))?;
    Ok(Instrument {
        id: m.id,
        code: m.code,
        version: m.version,
        name: d.name,
        description: d.description,
        dimensions: d
            .dimensions
            .into_iter()
            .map(|dim| Dimension {
                code: dim.code,
                label: dim.label,
                items: dim
                    .items
                    .into_iter()
                    .map(|i| Item {
                        code: i.code,
                        label: i.label,
                        scale: Scale {
                            min: i.min,
                            max: i.max,
                        },
                    })
                    .collect(),
            })
            .collect(),
        created_at: m.created_at,
    })
}

fn assessment_of(
    participant: ParticipantId,
    m: assessment::Model,
) -> Result<Assessment, StoreError> {
    let scores: BTreeMap<String, i32> =
        serde_json::from_value(m.scores).map_err(|e| corrupt("scores", e))?;
    Ok(Assessment {
        id: m.id,
        participant_id: participant,
        instrument_id: m.instrument_id,
        phase: m.phase.parse().map_err(|e| corrupt("phase", e))?,
        date: m.date,
        scores,
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
    })
}
