//! Counts read at every scrape of `/metrics`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QuerySelect};

use super::StoreResult;
use crate::{domain::lifecycle::TaskStatus, entities::tasks};

/// How many tasks are in each status (statuses with none are left out).
pub async fn tasks_by_status(conn: &impl ConnectionTrait) -> StoreResult<Vec<(TaskStatus, i64)>> {
    Ok(tasks::Entity::find()
        .select_only()
        .column(tasks::Column::Status)
        .column_as(tasks::Column::Id.count(), "n")
        .group_by(tasks::Column::Status)
        .into_tuple::<(TaskStatus, i64)>()
        .all(conn)
        .await?)
}
