//! The append-only audit trail. Only inserts and reads live here: nothing updates or deletes.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::StoreResult;
use crate::entities::audit_events;

/// One change, as the service that made it describes it.
pub struct Entry<'a, B: Serialize, A: Serialize> {
    pub actor_id: Option<i64>,
    pub actor_unit_id: Option<i64>,
    pub entity: &'static str,
    pub entity_id: i64,
    pub action: &'a str,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
    pub note: Option<&'a str>,
}

pub async fn record<B: Serialize, A: Serialize>(
    conn: &impl ConnectionTrait,
    entry: Entry<'_, B, A>,
    now: DateTime<Utc>,
) -> StoreResult<audit_events::Model> {
    let before = entry.before.map(serde_json::to_string).transpose()?;
    let after = entry.after.map(serde_json::to_string).transpose()?;
    Ok(audit_events::ActiveModel {
        at: Set(now),
        actor_id: Set(entry.actor_id),
        actor_unit_id: Set(entry.actor_unit_id),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        action: Set(entry.action.to_owned()),
        before: Set(before),
        after: Set(after),
        note: Set(entry.note.map(str::to_owned)),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The history of one entity, oldest first.
pub async fn history(
    conn: &impl ConnectionTrait,
    entity: &str,
    entity_id: i64,
) -> StoreResult<Vec<audit_events::Model>> {
    Ok(audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq(entity))
        .filter(audit_events::Column::EntityId.eq(entity_id))
        .order_by_asc(audit_events::Column::Id)
        .all(conn)
        .await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(audit_events::Entity::find().count(conn).await?)
}
