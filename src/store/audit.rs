//! The append-only audit trail, a hash chain (`domain::audit`). Only inserts and reads live
//! here: nothing updates or deletes an event.
//!
//! Appending an event reads the chain's head row (`audit_chain`, one row) with `SELECT … FOR
//! UPDATE`, hashes the event as the next place after it, and inserts it; a trigger moves the
//! head to the new event within the insert. All of it happens in the caller's transaction, and
//! the head stays locked until that transaction ends: on PostgreSQL a second writer waits at
//! the `SELECT`, and then reads the head the first one committed, so the chain stays linear;
//! on SQLite the single writer orders transactions anyway. The unique index on `seq` refuses a
//! fork whatever happens (an append outside a transaction fails rather than forks).
//!
//! Because the head stays locked until commit, a transaction appends its events after its
//! other writes, so that it never waits for a row while holding the head (a deadlock with a
//! writer holding that row and waiting for the head).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;

use super::{StoreError, StoreResult};
use crate::{
    domain::audit::{self, Content},
    entities::{audit_chain, audit_checkpoints, audit_events},
};

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

/// Appends the event to the chain in the caller's transaction. Call it after the change's
/// other writes: the chain's head stays locked from here until the transaction ends.
pub async fn record(conn: &impl ConnectionTrait, entry: Entry, now: DateTime<Utc>) -> StoreResult<audit_events::Model> {
    if let Some(err) = entry.unserialisable {
        return Err(err.into());
    }
    // The precision both databases keep, so that the time read back is the time hashed.
    let at_micros = now.timestamp_micros();
    let at = DateTime::from_timestamp_micros(at_micros).unwrap_or(now);
    let head = lock_head(conn).await?;
    let seq = head.seq + 1;
    let content = Content {
        seq,
        at_micros,
        actor_id: entry.actor_id,
        actor_unit_id: entry.actor_unit_id,
        entity: entry.entity,
        entity_id: entry.entity_id,
        action: &entry.action,
        before: entry.before.as_deref(),
        after: entry.after.as_deref(),
        note: entry.note.as_deref(),
    };
    let hash = audit::event_hash(&head.hash, &content);
    let event = audit_events::ActiveModel {
        at: Set(at),
        actor_id: Set(entry.actor_id),
        actor_unit_id: Set(entry.actor_unit_id),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        action: Set(entry.action),
        before: Set(entry.before),
        after: Set(entry.after),
        note: Set(entry.note),
        seq: Set(seq),
        prev_hash: Set(head.hash),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(event)
}

/// Appends several events in order, after the transaction's other writes: a loop that
/// changes many rows gathers its entries and appends them at its end, so that it takes no row
/// while it holds the head.
pub async fn record_all(conn: &impl ConnectionTrait, entries: Vec<Entry>, now: DateTime<Utc>) -> StoreResult<()> {
    for entry in entries {
        record(conn, entry, now).await?;
    }
    Ok(())
}

/// The id of the head's one row.
const HEAD: i32 = 1;

/// The chain's head, locked until the transaction ends (SQLite's single writer holds it anyway).
async fn lock_head(conn: &impl ConnectionTrait) -> StoreResult<audit_chain::Model> {
    audit_chain::Entity::find_by_id(HEAD)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("the audit chain's head"))
}

/// The chain's head: the last event's `seq` and hash.
pub async fn head(conn: &impl ConnectionTrait) -> StoreResult<audit_chain::Model> {
    audit_chain::Entity::find_by_id(HEAD).one(conn).await?.ok_or(StoreError::NotFound("the audit chain's head"))
}

/// Up to `limit` events of the chain after `after_seq`, in chain order.
pub async fn chain_after(
    conn: &impl ConnectionTrait,
    after_seq: i64,
    limit: u64,
) -> StoreResult<Vec<audit_events::Model>> {
    Ok(audit_events::Entity::find()
        .filter(audit_events::Column::Seq.gt(after_seq))
        .order_by_asc(audit_events::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Events not on the chain at all (`seq` below 1: written around it).
pub async fn off_chain(conn: &impl ConnectionTrait) -> StoreResult<Option<audit_events::Model>> {
    Ok(audit_events::Entity::find()
        .filter(audit_events::Column::Seq.lt(1))
        .order_by_asc(audit_events::Column::Id)
        .one(conn)
        .await?)
}

/// The first and last `seq` of the events recorded at or after `from` and before `to`.
pub async fn seq_range(
    conn: &impl ConnectionTrait,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> StoreResult<Option<(i64, i64)>> {
    let mut query = audit_events::Entity::find()
        .select_only()
        .column_as(audit_events::Column::Seq.min(), "first")
        .column_as(audit_events::Column::Seq.max(), "last")
        .filter(audit_events::Column::Seq.gt(0));
    if let Some(from) = from {
        query = query.filter(audit_events::Column::At.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(audit_events::Column::At.lt(to));
    }
    let range: Option<(Option<i64>, Option<i64>)> = query.into_tuple().one(conn).await?;
    Ok(match range {
        Some((Some(first), Some(last))) => Some((first, last)),
        _ => None,
    })
}

/// The checkpoints recorded for places `first..=last` of the chain (all when `None`), oldest
/// first.
pub async fn checkpoints(
    conn: &impl ConnectionTrait,
    range: Option<(i64, i64)>,
) -> StoreResult<Vec<audit_checkpoints::Model>> {
    let mut query = audit_checkpoints::Entity::find().order_by_asc(audit_checkpoints::Column::Id);
    if let Some((first, last)) = range {
        query = query.filter(audit_checkpoints::Column::Seq.between(first, last));
    }
    Ok(query.all(conn).await?)
}

/// Records the chain's head as a checkpoint, unless it is empty or the last checkpoint
/// already names it. Returns the new checkpoint.
pub async fn checkpoint(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> StoreResult<Option<audit_checkpoints::Model>> {
    let head = head(conn).await?;
    if head.seq < 1 {
        return Ok(None);
    }
    let last = audit_checkpoints::Entity::find().order_by_desc(audit_checkpoints::Column::Id).one(conn).await?;
    if last.is_some_and(|last| last.seq == head.seq && last.hash == head.hash) {
        return Ok(None);
    }
    let at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    Ok(Some(
        audit_checkpoints::ActiveModel { seq: Set(head.seq), hash: Set(head.hash), at: Set(at), ..Default::default() }
            .insert(conn)
            .await?,
    ))
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

/// A read-only transaction that sees one state of the chain throughout, however many reads
/// a walk takes: repeatable read on PostgreSQL; SQLite's read transactions always are.
pub async fn snapshot(db: &sea_orm::DatabaseConnection) -> StoreResult<sea_orm::DatabaseTransaction> {
    use sea_orm::{AccessMode, DbBackend, IsolationLevel, TransactionTrait};
    Ok(match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?
        }
        _ => db.begin().await?,
    })
}
