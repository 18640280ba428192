//! 催办 rows: one per task, sender and day (the unique key refuses a second), counted for the
//! task page, the lists and the exports.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set,
};

use super::{Sql, StoreResult};
use crate::entities::task_reminders;

/// What one reminder records.
pub struct NewReminder<'a> {
    pub task_id: i64,
    pub sender_user_id: i64,
    pub sender_unit_id: i64,
    pub day: NaiveDate,
    pub message: &'a str,
}

/// Files the reminder; `Duplicate` when the sender reminded the task that day already.
pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewReminder<'_>,
    now: DateTime<Utc>,
) -> StoreResult<task_reminders::Model> {
    task_reminders::ActiveModel {
        task_id: Set(new.task_id),
        sender_user_id: Set(new.sender_user_id),
        sender_unit_id: Set(new.sender_unit_id),
        day: Set(new.day),
        message: Set(new.message.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| super::unless_duplicate(e, "error-duplicate-reminder"))
}

/// Whether the sender reminded the task on `day` already.
pub async fn sent_on(
    conn: &impl ConnectionTrait,
    task_id: i64,
    sender_user_id: i64,
    day: NaiveDate,
) -> StoreResult<bool> {
    Ok(task_reminders::Entity::find()
        .filter(task_reminders::Column::TaskId.eq(task_id))
        .filter(task_reminders::Column::SenderUserId.eq(sender_user_id))
        .filter(task_reminders::Column::Day.eq(day))
        .one(conn)
        .await?
        .is_some())
}

/// The task's reminders, oldest first.
pub async fn for_task(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<Vec<task_reminders::Model>> {
    Ok(task_reminders::Entity::find()
        .filter(task_reminders::Column::TaskId.eq(task_id))
        .order_by_asc(task_reminders::Column::Id)
        .all(conn)
        .await?)
}

#[derive(FromQueryResult)]
struct Count {
    task_id: i64,
    n: i64,
}

/// How many times each of these tasks was reminded (tasks never reminded are left out), read
/// through the unique index, whose first column is the task, a batch at a time.
pub async fn counts(conn: &impl ConnectionTrait, task_ids: &[i64]) -> StoreResult<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    for batch in task_ids.chunks(500) {
        let mut sql = Sql::new(conn.get_database_backend());
        sql.push("SELECT task_id, COUNT(*) AS n FROM task_reminders WHERE task_id IN (")
            .bind_list(batch)
            .push(") GROUP BY task_id");
        for row in Count::find_by_statement(sql.statement()).all(conn).await? {
            out.insert(row.task_id, row.n);
        }
    }
    Ok(out)
}
