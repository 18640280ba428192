//! Indexes for the bulletin's tasks completed in a period: by status and completion time
//! (a province reads the range), and by assignee, status and completion time (a unit's
//! subtree reads a range per unit). The overdue list is served by the indexes on (status,
//! deadline) and (assignee, status, deadline) that the tasks have had from the start.

use sea_orm_migration::prelude::*;

use crate::{index, m20261128_000004_create_tasks::Tasks};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 2] = [
    ("idx_tasks_status_completed", &["status", "completed_at"]),
    ("idx_tasks_assignee_completed", &["assignee_unit_id", "status", "completed_at"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            manager.create_index(index(name, Tasks::Table, cols).if_not_exists().to_owned()).await?;
        }
        crate::analyse_tasks_if_measured(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager.drop_index(Index::drop().name(name).table(Tasks::Table).to_owned()).await?;
        }
        Ok(())
    }
}
