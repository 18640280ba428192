//! Meetings.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::{StoreError, StoreResult};
use crate::{domain::directives::MeetingFields, entities::meetings};

pub async fn insert(
    conn: &impl ConnectionTrait,
    unit_id: i64,
    fields: &MeetingFields,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<meetings::Model> {
    Ok(meetings::ActiveModel {
        unit_id: Set(unit_id),
        title_zh: Set(fields.title_zh.clone()),
        title_en: Set(fields.title_en.clone()),
        held_on: Set(fields.held_on),
        host: Set(fields.host.clone()),
        venue: Set(fields.venue.clone()),
        attendees: Set(fields.attendees.clone()),
        minutes: Set(fields.minutes.clone()),
        created_by: Set(created_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<meetings::Model> {
    meetings::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("meeting"))
}

/// Meetings held by any of `unit_ids`, newest first.
pub async fn list_for_units(conn: &impl ConnectionTrait, unit_ids: &[i64]) -> StoreResult<Vec<meetings::Model>> {
    Ok(meetings::Entity::find()
        .filter(meetings::Column::UnitId.is_in(unit_ids.iter().copied()))
        .order_by_desc(meetings::Column::HeldOn)
        .order_by_desc(meetings::Column::Id)
        .all(conn)
        .await?)
}

/// Holds the meeting's row until the caller's transaction ends (`FOR UPDATE` on PostgreSQL).
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    meetings::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or(StoreError::NotFound("meeting"))?;
    Ok(())
}
