//! The department names drafting recognises, as an admin keeps them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{StoreError, StoreResult};
use crate::{domain::drafting::DepartmentName, entities::department_names};

pub async fn insert(
    conn: &impl ConnectionTrait,
    name: &DepartmentName,
    now: DateTime<Utc>,
) -> StoreResult<department_names::Model> {
    Ok(department_names::ActiveModel {
        name: Set(name.name.clone()),
        function: Set(name.function.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(department_names::Entity::find().count(conn).await?)
}

/// Every name with its id, in the order they were entered.
pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<(i64, DepartmentName)>> {
    Ok(department_names::Entity::find()
        .order_by_asc(department_names::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| (row.id, DepartmentName { name: row.name, function: row.function, unit: None }))
        .collect())
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<department_names::Model> {
    department_names::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("department name"))
}

pub async fn update(
    conn: &impl ConnectionTrait,
    id: i64,
    name: &DepartmentName,
    now: DateTime<Utc>,
) -> StoreResult<department_names::Model> {
    let mut active: department_names::ActiveModel = get(conn, id).await?.into();
    active.name = Set(name.name.clone());
    active.function = Set(name.function.clone());
    active.updated_at = Set(now);
    Ok(active.update(conn).await?)
}

pub async fn delete(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    if department_names::Entity::delete_by_id(id).exec(conn).await?.rows_affected == 0 {
        return Err(StoreError::NotFound("department name"));
    }
    Ok(())
}

/// True when another row holds the same name.
pub async fn exists(conn: &impl ConnectionTrait, name: &str, except: Option<i64>) -> StoreResult<bool> {
    let mut query = department_names::Entity::find().filter(department_names::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(department_names::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}
