//! The unit that assigned the top task of each task's chain, kept on every task, and how many
//! tasks each such unit stands at the top of, by status.
//!
//! A unit sees every task below a task it assigned. The secretariat that issued a directive
//! therefore sees every task split from it, however far from its own subtree: at province
//! scale, nearly every task. Counting that set by walking the split tree down costs seconds;
//! with the chain's top assigner on each task it is a sum of a few counter rows, and only what
//! the unit sees for another reason is still gathered from the indexes. The top task's
//! assigner never changes (a reassignment changes the assignee), so neither does the column.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

use crate::{index, m20261128_000004_create_tasks::Tasks};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(big_integer(TaskRoots::RootAssignerUnitId).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskRootCounts::Table)
                    .if_not_exists()
                    .col(big_integer(TaskRootCounts::UnitId))
                    .col(string_len(TaskRootCounts::Status, 16))
                    .col(big_integer(TaskRootCounts::N))
                    .primary_key(Index::create().col(TaskRootCounts::UnitId).col(TaskRootCounts::Status))
                    .to_owned(),
            )
            .await?;

        // Top tasks first, then each level below from its parent, until no task is left.
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE tasks SET root_assigner_unit_id = assigner_unit_id WHERE parent_id IS NULL")
            .await?;
        loop {
            let done = db
                .execute_unprepared(
                    "UPDATE tasks SET root_assigner_unit_id = \
                     (SELECT p.root_assigner_unit_id FROM tasks p WHERE p.id = tasks.parent_id) \
                     WHERE root_assigner_unit_id = 0 AND parent_id IN \
                     (SELECT p.id FROM tasks p WHERE p.root_assigner_unit_id <> 0)",
                )
                .await?;
            if done.rows_affected() == 0 {
                break;
            }
        }
        db.execute_unprepared(
            "INSERT INTO task_root_counts (unit_id, status, n) \
             SELECT root_assigner_unit_id, status, COUNT(*) FROM tasks GROUP BY root_assigner_unit_id, status",
        )
        .await?;

        // What a unit sees besides the chains it heads: the tasks it assigned under another
        // unit's chain (a split), found without reading the ones it heads, and whether their
        // assignee left its subtree, from the index alone.
        manager
            .create_index(index(
                "idx_tasks_assigner_root",
                Tasks::Table,
                &["assigner_unit_id", "root_assigner_unit_id", "assignee_unit_id", "id"],
            ))
            .await?;
        manager
            .create_index(index("idx_tasks_root_status", Tasks::Table, &["root_assigner_unit_id", "status"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_tasks_root_status", "idx_tasks_assigner_root"] {
            manager.drop_index(Index::drop().name(name).table(Tasks::Table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(TaskRootCounts::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Tasks::Table).drop_column(TaskRoots::RootAssignerUnitId).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TaskRoots {
    RootAssignerUnitId,
}

#[derive(DeriveIden)]
enum TaskRootCounts {
    Table,
    UnitId,
    Status,
    N,
}
