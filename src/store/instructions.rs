//! Leaders' instructions.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::StoreResult;
use crate::entities::instructions;

pub async fn insert(
    conn: &impl ConnectionTrait,
    directive_id: Option<i64>,
    task_id: Option<i64>,
    author_id: i64,
    author_unit_id: i64,
    body: &str,
    linked_task_id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<instructions::Model> {
    Ok(instructions::ActiveModel {
        directive_id: Set(directive_id),
        task_id: Set(task_id),
        author_id: Set(author_id),
        author_unit_id: Set(author_unit_id),
        body: Set(body.to_owned()),
        linked_task_id: Set(linked_task_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Instructions on a directive, or on any of the given tasks.
pub async fn on(
    conn: &impl ConnectionTrait,
    directive_id: i64,
    task_ids: &[i64],
) -> StoreResult<Vec<instructions::Model>> {
    use sea_orm::Condition;
    Ok(instructions::Entity::find()
        .filter(
            Condition::any()
                .add(instructions::Column::DirectiveId.eq(directive_id))
                .add(instructions::Column::TaskId.is_in(task_ids.iter().copied())),
        )
        .order_by_asc(instructions::Column::Id)
        .all(conn)
        .await?)
}
