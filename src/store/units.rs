//! Units and their closure table.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use super::{StoreError, StoreResult};
use crate::{
    domain::{
        hierarchy::UnitFacts,
        vocabulary::{UnitKind, UnitLevel},
    },
    entities::{unit_closure, units},
};

pub struct NewUnit<'a> {
    pub key: &'a str,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub function: Option<&'a str>,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub email: Option<String>,
    pub head_email: Option<String>,
}

/// Inserts a unit and its closure rows: itself at distance 0 and every ancestor of its parent.
pub async fn insert(conn: &impl ConnectionTrait, new: NewUnit<'_>, now: DateTime<Utc>) -> StoreResult<units::Model> {
    let depth = match new.parent_id {
        Some(parent) => get(conn, parent).await?.depth + 1,
        None => 0,
    };
    let unit = units::ActiveModel {
        key: Set(new.key.to_owned()),
        parent_id: Set(new.parent_id),
        kind: Set(new.kind),
        level: Set(new.level),
        function: Set(new.function.map(str::to_owned)),
        depth: Set(depth),
        name_zh: Set(new.name_zh.to_owned()),
        name_en: Set(new.name_en.to_owned()),
        email: Set(new.email),
        head_email: Set(new.head_email),
        created_at: Set(now),
        active: Set(true),
        ..Default::default()
    }
    .insert(conn)
    .await?;

    let mut rows =
        vec![unit_closure::ActiveModel { ancestor_id: Set(unit.id), descendant_id: Set(unit.id), distance: Set(0) }];
    if let Some(parent) = new.parent_id {
        for above in
            unit_closure::Entity::find().filter(unit_closure::Column::DescendantId.eq(parent)).all(conn).await?
        {
            rows.push(unit_closure::ActiveModel {
                ancestor_id: Set(above.ancestor_id),
                descendant_id: Set(unit.id),
                distance: Set(above.distance + 1),
            });
        }
    }
    unit_closure::Entity::insert_many(rows).exec(conn).await?;
    Ok(unit)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<units::Model> {
    units::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("unit"))
}

pub async fn find_by_key(conn: &impl ConnectionTrait, key: &str) -> StoreResult<Option<units::Model>> {
    Ok(units::Entity::find().filter(units::Column::Key.eq(key)).one(conn).await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(units::Entity::find().count(conn).await?)
}

pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<units::Model>> {
    Ok(units::Entity::find().order_by_asc(units::Column::Depth).order_by_asc(units::Column::Id).all(conn).await?)
}

/// Ids of every unit strictly above `id`, nearest first.
pub async fn ancestors(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Vec<i64>> {
    Ok(unit_closure::Entity::find()
        .filter(unit_closure::Column::DescendantId.eq(id))
        .filter(unit_closure::Column::Distance.gt(0))
        .order_by_asc(unit_closure::Column::Distance)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.ancestor_id)
        .collect())
}

/// True when `descendant` is `ancestor` or lies below it.
pub async fn is_within(conn: &impl ConnectionTrait, ancestor: i64, descendant: i64) -> StoreResult<bool> {
    Ok(unit_closure::Entity::find_by_id((ancestor, descendant)).one(conn).await?.is_some())
}

pub fn facts(unit: &units::Model) -> UnitFacts {
    UnitFacts { id: unit.id, parent_id: unit.parent_id, kind: unit.kind, level: unit.level }
}

/// Ids of `id` and every unit below it.
pub async fn subtree_ids(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Vec<i64>> {
    Ok(unit_closure::Entity::find()
        .filter(unit_closure::Column::AncestorId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.descendant_id)
        .collect())
}

/// Holds the unit's row until the caller's transaction ends (`FOR UPDATE` on PostgreSQL).
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    units::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or(StoreError::NotFound("unit"))?;
    Ok(())
}

pub async fn by_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<Vec<units::Model>> {
    Ok(units::Entity::find()
        .filter(units::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(units::Column::Depth)
        .order_by_asc(units::Column::Id)
        .all(conn)
        .await?)
}
