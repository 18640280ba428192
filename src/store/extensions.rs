//! Extension requests.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::{StoreError, StoreResult};
use crate::{domain::vocabulary::ExtensionStatus, entities::extension_requests};

pub struct NewExtension<'a> {
    pub task_id: i64,
    pub requested_by: i64,
    pub current_deadline: DateTime<Utc>,
    pub requested_deadline: DateTime<Utc>,
    pub reason: &'a str,
    pub progress: i32,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewExtension<'_>,
    now: DateTime<Utc>,
) -> StoreResult<extension_requests::Model> {
    extension_requests::ActiveModel {
        task_id: Set(new.task_id),
        requested_by: Set(Some(new.requested_by)),
        current_deadline: Set(new.current_deadline),
        requested_deadline: Set(new.requested_deadline),
        reason: Set(new.reason.to_owned()),
        progress: Set(new.progress),
        status: Set(ExtensionStatus::Pending),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| super::unless_duplicate(e, "error-duplicate-extension-request"))
}

pub async fn pending_for(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<Option<extension_requests::Model>> {
    Ok(extension_requests::Entity::find()
        .filter(extension_requests::Column::TaskId.eq(task_id))
        .filter(extension_requests::Column::Status.eq(ExtensionStatus::Pending))
        .one(conn)
        .await?)
}

/// Decides a pending request; NotFound-as-stale when someone decided it first.
pub async fn decide(
    conn: &impl ConnectionTrait,
    id: i64,
    status: ExtensionStatus,
    decided_by: i64,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<extension_requests::Model> {
    let written = extension_requests::Entity::update_many()
        .set(extension_requests::ActiveModel {
            status: Set(status),
            decided_by: Set(Some(decided_by)),
            decided_at: Set(Some(now)),
            decision_reason: Set(reason.map(str::to_owned)),
            ..Default::default()
        })
        .filter(extension_requests::Column::Id.eq(id))
        .exec_with_returning(conn)
        .await?;
    written.into_iter().next().ok_or(StoreError::NotFound("extension request"))
}

/// The request, its row held until the caller's transaction ends (`FOR UPDATE` on
/// PostgreSQL), so that two decisions on it take turns and the second sees the first.
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> StoreResult<extension_requests::Model> {
    extension_requests::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("extension request"))
}

pub async fn for_task(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<Vec<extension_requests::Model>> {
    Ok(extension_requests::Entity::find()
        .filter(extension_requests::Column::TaskId.eq(task_id))
        .order_by_asc(extension_requests::Column::Id)
        .all(conn)
        .await?)
}
