//! The index of a chain's tasks by status gains the deadline: a secretariat's overdue list
//! and its count (the tasks under the chains its office heads, open and past their deadline)
//! read each open status's range of deadlines instead of every task of the office's chains
//! (about a second for the provincial secretariat at a million tasks). It replaces the index
//! without the deadline, whose every use it serves.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NEW: [(&str, &[&str]); 1] =
    [("idx_tasks_root_status_deadline", &["root_assigner_unit_id", "status", "deadline"])];
const OLD: [(&str, &[&str]); 1] = [("idx_tasks_root_status", &["root_assigner_unit_id", "status"])];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::create_task_indexes(manager, &NEW).await?;
        crate::drop_task_indexes(manager, &OLD).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::create_task_indexes(manager, &OLD).await?;
        crate::drop_task_indexes(manager, &NEW).await
    }
}
