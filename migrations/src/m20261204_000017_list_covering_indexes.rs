//! Indexes that answer the lists' questions without reading the tasks themselves: which
//! directives a unit's assigned tasks belong to (the directive list), which tasks assigned
//! within a subtree lie under another unit's chains, and which children of a task left the
//! subtree (the task list's count). The index on the parent alone gives way to one that also
//! holds the child's assignee and top assigner.

use sea_orm_migration::prelude::*;

use crate::{index, m20261128_000004_create_tasks::Tasks};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 3] = [
    ("idx_tasks_assigner_directive", &["assigner_unit_id", "directive_id"]),
    ("idx_tasks_assignee_root", &["assignee_unit_id", "root_assigner_unit_id", "id"]),
    ("idx_tasks_parent_cover", &["parent_id", "assignee_unit_id", "root_assigner_unit_id", "id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            manager.create_index(index(name, Tasks::Table, cols).if_not_exists().to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("idx_tasks_parent").table(Tasks::Table).to_owned()).await?;
        crate::analyse_tasks_if_measured(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(index("idx_tasks_parent", Tasks::Table, &["parent_id"])).await?;
        for (name, _) in INDEXES {
            manager.drop_index(Index::drop().name(name).table(Tasks::Table).to_owned()).await?;
        }
        Ok(())
    }
}
