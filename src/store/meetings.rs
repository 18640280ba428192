//! Meetings.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{StoreError, StoreResult};
use crate::entities::meetings;

pub struct NewMeeting<'a> {
    pub unit_id: i64,
    pub title_zh: &'a str,
    pub title_en: &'a str,
    pub held_on: NaiveDate,
    pub host: &'a str,
    pub venue: &'a str,
    pub attendees: &'a str,
    pub minutes: &'a str,
    pub created_by: Option<i64>,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewMeeting<'_>,
    now: DateTime<Utc>,
) -> StoreResult<meetings::Model> {
    Ok(meetings::ActiveModel {
        unit_id: Set(new.unit_id),
        title_zh: Set(new.title_zh.to_owned()),
        title_en: Set(new.title_en.to_owned()),
        held_on: Set(new.held_on),
        host: Set(new.host.to_owned()),
        venue: Set(new.venue.to_owned()),
        attendees: Set(new.attendees.to_owned()),
        minutes: Set(new.minutes.to_owned()),
        created_by: Set(new.created_by),
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

pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<meetings::Model>> {
    Ok(meetings::Entity::find()
        .order_by_desc(meetings::Column::HeldOn)
        .order_by_desc(meetings::Column::Id)
        .all(conn)
        .await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(meetings::Entity::find().count(conn).await?)
}
