//! An index for the inbox's section of the overdue tasks a unit assigned (我交办的逾期任务):
//! by assigner, status and deadline, so the section and its count read the unit's open tasks
//! past their deadline instead of every task the unit ever assigned (24,398 for the
//! provincial 安委办 at a million tasks, about a second on SQLite).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 1] =
    [("idx_tasks_assigner_status_deadline", &["assigner_unit_id", "status", "deadline"])];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::create_task_indexes(manager, &INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_task_indexes(manager, &INDEXES).await
    }
}
