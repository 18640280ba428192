//! Users.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{StoreError, StoreResult};
use crate::{
    domain::vocabulary::{Locale, Role},
    entities::{unit_closure, users},
};

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: i64,
    pub locale: Locale,
}

pub async fn insert(conn: &impl ConnectionTrait, new: NewUser<'_>, now: DateTime<Utc>) -> StoreResult<users::Model> {
    Ok(users::ActiveModel {
        username: Set(new.username.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        email: Set(new.email.to_owned()),
        password_hash: Set(new.password_hash),
        role: Set(new.role),
        unit_id: Set(new.unit_id),
        locale: Set(new.locale),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<users::Model> {
    users::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("user"))
}

pub async fn find_by_username(conn: &impl ConnectionTrait, username: &str) -> StoreResult<Option<users::Model>> {
    Ok(users::Entity::find().filter(users::Column::Username.eq(username)).one(conn).await?)
}

pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<users::Model>> {
    Ok(users::Entity::find().order_by_asc(users::Column::Id).all(conn).await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(users::Entity::find().count(conn).await?)
}

pub async fn set_password(conn: &impl ConnectionTrait, id: i64, password_hash: String) -> StoreResult<users::Model> {
    let user = get(conn, id).await?;
    let mut active: users::ActiveModel = user.into();
    active.password_hash = Set(password_hash);
    Ok(active.update(conn).await?)
}

/// Users whose unit is `unit_id` or lies below it.
pub async fn within(
    conn: &impl ConnectionTrait,
    unit_id: crate::domain::ids::UnitId,
) -> StoreResult<Vec<users::Model>> {
    let subtree = sea_orm::sea_query::Query::select()
        .column(unit_closure::Column::DescendantId)
        .from(unit_closure::Entity)
        .and_where(unit_closure::Column::AncestorId.eq(unit_id))
        .to_owned();
    Ok(users::Entity::find()
        .filter(users::Column::UnitId.in_subquery(subtree))
        .order_by_asc(users::Column::Id)
        .all(conn)
        .await?)
}

pub async fn set_unit(conn: &impl ConnectionTrait, id: i64, unit_id: i64) -> StoreResult<users::Model> {
    let mut user: users::ActiveModel = get(conn, id).await?.into();
    user.unit_id = Set(unit_id);
    Ok(user.update(conn).await?)
}

pub async fn set_active(conn: &impl ConnectionTrait, id: i64, active: bool) -> StoreResult<users::Model> {
    let mut user: users::ActiveModel = get(conn, id).await?.into();
    user.active = Set(active);
    Ok(user.update(conn).await?)
}

pub async fn set_locale(conn: &impl ConnectionTrait, id: i64, locale: Locale) -> StoreResult<users::Model> {
    let mut user: users::ActiveModel = get(conn, id).await?.into();
    user.locale = Set(locale);
    Ok(user.update(conn).await?)
}

/// The active leaders of the units `unit_ids` (not of the units below them), by id.
pub async fn leaders_of(conn: &impl ConnectionTrait, unit_ids: &[i64]) -> StoreResult<Vec<users::Model>> {
    if unit_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::UnitId.is_in(unit_ids.iter().copied()))
        .filter(users::Column::Role.eq(Role::Leader))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Id)
        .all(conn)
        .await?)
}
