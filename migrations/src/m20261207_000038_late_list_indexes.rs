//! Indexes for the bulletin's tasks completed in a period: by status and completion time
//! (a province reads the range), and by assignee, status and completion time (a unit's
//! subtree reads a range per unit). The overdue list is served by the indexes on (status,
//! deadline) and (assignee, status, deadline) that the tasks have had from the start.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 2] = [
    ("idx_tasks_status_completed", &["status", "completed_at"]),
    ("idx_tasks_assignee_completed", &["assignee_unit_id", "status", "completed_at"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::create_task_indexes(manager, &INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_task_indexes(manager, &INDEXES).await
    }
}
