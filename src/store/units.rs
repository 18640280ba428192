//! Units and their closure table.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};

use super::{StoreError, StoreResult};
use crate::{
    domain::{
        hierarchy::UnitFacts,
        unit_names,
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
    pub short_name: Option<&'a str>,
    pub aliases: &'a [String],
    pub doc_prefix: Option<&'a str>,
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
        short_name: Set(new.short_name.map(str::to_owned)),
        aliases: Set(unit_names::stored(new.aliases)),
        doc_prefix: Set(new.doc_prefix.map(str::to_owned)),
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

/// Ids of the units without a parent: the tops of the tree (one, unless units were imported
/// beside it).
pub async fn top_level_ids(conn: &impl ConnectionTrait) -> StoreResult<Vec<i64>> {
    Ok(units::Entity::find()
        .filter(units::Column::ParentId.is_null())
        .order_by_asc(units::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
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

/// True when every unit is in `unit_id`'s subtree: it is then the assignee's ancestor for
/// every task, and the issuer's for every directive. That is when it is the one root of the
/// tree: it has no parent, and no other unit is without one. Asked before every list, so it
/// reads two index entries rather than the whole tree.
pub async fn holds_every_unit(conn: &impl ConnectionTrait, unit_id: i64) -> StoreResult<bool> {
    use sea_orm::FromQueryResult;
    #[derive(Debug, FromQueryResult)]
    struct Outside {
        n: i64,
    }
    let mut sql = super::Sql::new(conn.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM units WHERE (units.parent_id IS NULL AND units.id <> ")
        .bind(unit_id)
        .push(") OR (units.id = ")
        .bind(unit_id)
        .push(" AND units.parent_id IS NOT NULL)");
    Ok(Outside::find_by_statement(sql.statement()).one(conn).await?.is_none_or(|r| r.n == 0))
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

/// What may change of an existing unit besides its key and its place in the tree.
pub struct UnitEdit<'a> {
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub function: Option<&'a str>,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub email: Option<&'a str>,
    pub head_email: Option<&'a str>,
    pub short_name: Option<&'a str>,
    pub aliases: &'a [String],
}

pub async fn update(conn: &impl ConnectionTrait, id: i64, edit: UnitEdit<'_>) -> StoreResult<units::Model> {
    let mut unit: units::ActiveModel = get(conn, id).await?.into();
    unit.kind = Set(edit.kind);
    unit.level = Set(edit.level);
    unit.function = Set(edit.function.map(str::to_owned));
    unit.name_zh = Set(edit.name_zh.to_owned());
    unit.name_en = Set(edit.name_en.to_owned());
    unit.email = Set(edit.email.map(str::to_owned));
    unit.head_email = Set(edit.head_email.map(str::to_owned));
    unit.short_name = Set(edit.short_name.map(str::to_owned));
    unit.aliases = Set(unit_names::stored(edit.aliases));
    Ok(unit.update(conn).await?)
}

pub async fn set_active(conn: &impl ConnectionTrait, id: i64, active: bool) -> StoreResult<units::Model> {
    let mut unit: units::ActiveModel = get(conn, id).await?.into();
    unit.active = Set(active);
    Ok(unit.update(conn).await?)
}

/// The units directly below `id`.
pub async fn children(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Vec<units::Model>> {
    Ok(units::Entity::find().filter(units::Column::ParentId.eq(id)).order_by_asc(units::Column::Id).all(conn).await?)
}

/// `SELECT descendant_id FROM unit_closure WHERE ancestor_id = id`: `id` and every unit below it.
fn subtree_of(id: i64) -> SelectStatement {
    Query::select()
        .column(unit_closure::Column::DescendantId)
        .from(unit_closure::Entity)
        .and_where(unit_closure::Column::AncestorId.eq(id))
        .to_owned()
}

/// Moves `id`, with every unit below it, under `new_parent` (None: to the top), keeping the
/// closure table and every depth of the subtree right. The caller has made sure that
/// `new_parent` is not in the subtree, and moves the subtree's rollup counts with it
/// (`rollups::shift_subtree`). Written as set statements over the closure table, so a large
/// subtree costs three statements, not a round trip per unit.
pub async fn move_subtree(conn: &impl ConnectionTrait, id: i64, new_parent: Option<i64>) -> StoreResult<units::Model> {
    let unit = get(conn, id).await?;
    let new_depth = match new_parent {
        Some(parent) => get(conn, parent).await?.depth + 1,
        None => 0,
    };
    // Cut the subtree loose from every unit above it; the pairs inside it stay as they are.
    let above = Query::select()
        .column(unit_closure::Column::AncestorId)
        .from(unit_closure::Entity)
        .and_where(unit_closure::Column::DescendantId.eq(id))
        .and_where(unit_closure::Column::Distance.gt(0))
        .to_owned();
    unit_closure::Entity::delete_many()
        .filter(unit_closure::Column::DescendantId.in_subquery(subtree_of(id)))
        .filter(unit_closure::Column::AncestorId.in_subquery(above))
        .exec(conn)
        .await?;
    // Then tie it under every unit above the new parent, the parent included:
    // (a, d, a→parent + 1 + id→d) for each ancestor a of the parent and each d of the subtree.
    if let Some(parent) = new_parent {
        let (a, d) = (Alias::new("a"), Alias::new("d"));
        let pairs = Query::select()
            .expr(Expr::col((a.clone(), unit_closure::Column::AncestorId)))
            .expr(Expr::col((d.clone(), unit_closure::Column::DescendantId)))
            .expr(
                Expr::col((a.clone(), unit_closure::Column::Distance))
                    .add(Expr::col((d.clone(), unit_closure::Column::Distance)))
                    .add(1),
            )
            .from_as(unit_closure::Entity, a.clone())
            .from_as(unit_closure::Entity, d.clone())
            .and_where(Expr::col((a, unit_closure::Column::DescendantId)).eq(parent))
            .and_where(Expr::col((d, unit_closure::Column::AncestorId)).eq(id))
            .to_owned();
        let insert = Query::insert()
            .into_table(unit_closure::Entity)
            .columns([
                unit_closure::Column::AncestorId,
                unit_closure::Column::DescendantId,
                unit_closure::Column::Distance,
            ])
            .select_from(pairs)
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .to_owned();
        conn.execute(&insert).await?;
    }
    units::Entity::update_many()
        .col_expr(units::Column::Depth, Expr::col(units::Column::Depth).add(new_depth - unit.depth))
        .filter(units::Column::Id.in_subquery(subtree_of(id)))
        .exec(conn)
        .await?;
    let mut moved: units::ActiveModel = get(conn, id).await?.into();
    moved.parent_id = Set(new_parent);
    Ok(moved.update(conn).await?)
}

/// Sets (or, with `None`, clears) the prefix of the 文号 of the directives the unit issues.
pub async fn set_doc_prefix(conn: &impl ConnectionTrait, id: i64, prefix: Option<&str>) -> StoreResult<units::Model> {
    let mut unit: units::ActiveModel = get(conn, id).await?.into();
    unit.doc_prefix = Set(prefix.map(str::to_owned));
    Ok(unit.update(conn).await?)
}
