//! Leaders' instructions.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::StoreResult;
use crate::entities::instructions;

/// An instruction to store: on a directive (`directive_id`) or a task (`task_id`), by
/// `author_id` of `author_unit_id`, perhaps opening `linked_task_id`.
pub struct NewInstruction<'a> {
    pub directive_id: Option<i64>,
    pub task_id: Option<i64>,
    pub author_id: i64,
    pub author_unit_id: i64,
    pub body: &'a str,
    pub linked_task_id: Option<i64>,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewInstruction<'_>,
    now: DateTime<Utc>,
) -> StoreResult<instructions::Model> {
    Ok(instructions::ActiveModel {
        directive_id: Set(new.directive_id),
        task_id: Set(new.task_id),
        author_id: Set(new.author_id),
        author_unit_id: Set(new.author_unit_id),
        body: Set(new.body.to_owned()),
        linked_task_id: Set(new.linked_task_id),
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
