//! The append-only audit trail. Only inserts and reads live here: nothing updates or deletes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::StoreResult;
use crate::entities::audit_events;

/// One change, as the service that made it describes it. Built in one way everywhere:
/// `Entry::new(entity, id, action)` for the system, or `actor.entry(…)` in services for a
/// person, then `.before(…)`, `.after(…)` and `.note(…)` as the change has them.
pub struct Entry {
    actor_id: Option<i64>,
    actor_unit_id: Option<i64>,
    entity: &'static str,
    entity_id: i64,
    action: String,
    before: Option<String>,
    after: Option<String>,
    note: Option<String>,
    /// A state that would not serialise; reported by `record` rather than lost.
    unserialisable: Option<serde_json::Error>,
}

impl Entry {
    /// A change made by Duban itself (the seed, the command line): no actor.
    pub fn new(entity: &'static str, entity_id: i64, action: &str) -> Self {
        Entry {
            actor_id: None,
            actor_unit_id: None,
            entity,
            entity_id,
            action: action.to_owned(),
            before: None,
            after: None,
            note: None,
            unserialisable: None,
        }
    }

    /// The person who made the change and the unit they acted for, as far as they are known
    /// (the seed creates meetings for a unit with no person behind them).
    pub fn by(mut self, user_id: impl Into<Option<i64>>, unit_id: impl Into<Option<i64>>) -> Self {
        self.actor_id = user_id.into();
        self.actor_unit_id = unit_id.into();
        self
    }

    /// The state before the change.
    pub fn before(mut self, state: &impl Serialize) -> Self {
        self.before = self.serialise(state);
        self
    }

    /// The state after the change.
    pub fn after(mut self, state: &impl Serialize) -> Self {
        self.after = self.serialise(state);
        self
    }

    /// A reason or remark, when the change has one.
    pub fn note(mut self, note: Option<&str>) -> Self {
        self.note = note.map(str::to_owned);
        self
    }

    fn serialise(&mut self, state: &impl Serialize) -> Option<String> {
        match serde_json::to_string(state) {
            Ok(json) => Some(json),
            Err(err) => {
                self.unserialisable = Some(err);
                None
            }
        }
    }
}

pub async fn record(conn: &impl ConnectionTrait, entry: Entry, now: DateTime<Utc>) -> StoreResult<audit_events::Model> {
    if let Some(err) = entry.unserialisable {
        return Err(err.into());
    }
    Ok(audit_events::ActiveModel {
        at: Set(now),
        actor_id: Set(entry.actor_id),
        actor_unit_id: Set(entry.actor_unit_id),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        action: Set(entry.action),
        before: Set(entry.before),
        after: Set(entry.after),
        note: Set(entry.note),
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
