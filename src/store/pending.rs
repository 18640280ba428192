//! Pending evidence: files a refused page report carried, kept (their blobs at their content
//! address, like evidence) for the person and task until the resubmission attaches them or
//! the sweep removes them.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{StoreError, StoreResult};
use crate::entities::pending_evidence;

pub struct NewPending<'a> {
    pub task_id: i64,
    pub user_id: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_path: &'a str,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewPending<'_>,
    now: DateTime<Utc>,
) -> StoreResult<pending_evidence::Model> {
    Ok(pending_evidence::ActiveModel {
        task_id: Set(new.task_id),
        user_id: Set(new.user_id),
        file_name: Set(new.file_name.to_owned()),
        content_type: Set(new.content_type.to_owned()),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256.to_owned()),
        storage_path: Set(new.storage_path.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The files kept for `user_id` on `task_id`, oldest first.
pub async fn for_task_user(
    conn: &impl ConnectionTrait,
    task_id: i64,
    user_id: i64,
) -> StoreResult<Vec<pending_evidence::Model>> {
    Ok(pending_evidence::Entity::find()
        .filter(pending_evidence::Column::TaskId.eq(task_id))
        .filter(pending_evidence::Column::UserId.eq(user_id))
        .order_by_asc(pending_evidence::Column::Id)
        .all(conn)
        .await?)
}

/// The rows `ids` names, each of which must be kept for `user_id` on `task_id`: any other id
/// (another person's file, another task's, one already removed) is not found.
pub async fn chosen(
    conn: &impl ConnectionTrait,
    task_id: i64,
    user_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<pending_evidence::Model>> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let rows = pending_evidence::Entity::find()
        .filter(pending_evidence::Column::Id.is_in(unique.clone()))
        .filter(pending_evidence::Column::TaskId.eq(task_id))
        .filter(pending_evidence::Column::UserId.eq(user_id))
        .order_by_asc(pending_evidence::Column::Id)
        .all(conn)
        .await?;
    if rows.len() != unique.len() {
        return Err(StoreError::NotFound("file"));
    }
    Ok(rows)
}

/// Removes the rows `ids`; not found unless every one of them was still there.
pub async fn remove(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let removed = pending_evidence::Entity::delete_many()
        .filter(pending_evidence::Column::Id.is_in(ids.to_vec()))
        .exec(conn)
        .await?
        .rows_affected;
    if removed != ids.len() as u64 {
        return Err(StoreError::NotFound("file"));
    }
    Ok(())
}

/// Removes one row if it is still there (the sweep, or a file the person dropped).
pub async fn remove_one(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    pending_evidence::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// The rows kept since before `cutoff`.
pub async fn older_than(
    conn: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> StoreResult<Vec<pending_evidence::Model>> {
    Ok(pending_evidence::Entity::find()
        .filter(pending_evidence::Column::CreatedAt.lt(cutoff))
        .order_by_asc(pending_evidence::Column::Id)
        .all(conn)
        .await?)
}

/// True when a pending row names the blob.
pub async fn names_blob(conn: &impl ConnectionTrait, sha256: &str) -> StoreResult<bool> {
    Ok(pending_evidence::Entity::find().filter(pending_evidence::Column::Sha256.eq(sha256)).one(conn).await?.is_some())
}
