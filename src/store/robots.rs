//! Units' group robots (DingTalk, WeCom, Feishu webhooks).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{StoreError, StoreResult};
use crate::{domain::vocabulary::RobotKind, entities::unit_robots};

/// A robot's fields as they are saved; `secret: None` means none.
#[derive(Clone)]
pub struct RobotFields {
    pub kind: RobotKind,
    pub name: String,
    pub webhook_url: String,
    pub secret: Option<String>,
    pub enabled: bool,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    unit_id: i64,
    fields: RobotFields,
    now: DateTime<Utc>,
) -> StoreResult<unit_robots::Model> {
    Ok(unit_robots::ActiveModel {
        unit_id: Set(unit_id),
        kind: Set(fields.kind),
        name: Set(fields.name),
        webhook_url: Set(fields.webhook_url),
        secret: Set(fields.secret),
        enabled: Set(fields.enabled),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn update(
    conn: &impl ConnectionTrait,
    robot: unit_robots::Model,
    fields: RobotFields,
    now: DateTime<Utc>,
) -> StoreResult<unit_robots::Model> {
    let mut row: unit_robots::ActiveModel = robot.into();
    row.kind = Set(fields.kind);
    row.name = Set(fields.name);
    row.webhook_url = Set(fields.webhook_url);
    row.secret = Set(fields.secret);
    row.enabled = Set(fields.enabled);
    row.updated_at = Set(now);
    Ok(row.update(conn).await?)
}

pub async fn delete(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    unit_robots::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<unit_robots::Model> {
    unit_robots::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("robot"))
}

/// The robot, if it exists (a removed robot's outbox rows are skipped, not an error).
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Option<unit_robots::Model>> {
    Ok(unit_robots::Entity::find_by_id(id).one(conn).await?)
}

/// A unit's robots, oldest first.
pub async fn of_unit(conn: &impl ConnectionTrait, unit_id: i64) -> StoreResult<Vec<unit_robots::Model>> {
    Ok(unit_robots::Entity::find()
        .filter(unit_robots::Column::UnitId.eq(unit_id))
        .order_by_asc(unit_robots::Column::Id)
        .all(conn)
        .await?)
}

/// Every enabled robot, by unit and then age: what the sweep posts to.
pub async fn enabled(conn: &impl ConnectionTrait) -> StoreResult<Vec<unit_robots::Model>> {
    Ok(unit_robots::Entity::find()
        .filter(unit_robots::Column::Enabled.eq(true))
        .order_by_asc(unit_robots::Column::UnitId)
        .order_by_asc(unit_robots::Column::Id)
        .all(conn)
        .await?)
}
