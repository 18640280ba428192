//! The tasks split from a parent to a unit outside the subtree of the parent's unit (a
//! department's to the counties of its government, say): few, and the only way a split leaves
//! a unit's subtree. A unit's visibility reads what was split out of its subtree from here, by
//! the parent's unit, instead of reading every child of every task in the subtree (at a
//! million tasks, 90,000 children looked up for a city to find none).
//!
//! Kept by the store: a task inserted or reassigned, a unit moved (`store::crossings`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TaskCrossings {
    Table,
    TaskId,
    FromUnitId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TaskCrossings::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(TaskCrossings::TaskId).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(TaskCrossings::FromUnitId).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_task_crossings_from")
                    .table(TaskCrossings::Table)
                    .col(TaskCrossings::FromUnitId)
                    .col(TaskCrossings::TaskId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        fill(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TaskCrossings::Table).to_owned()).await
    }
}

/// How a task split from a parent is judged: `SELECT` the child `t`'s id and its parent `p`'s
/// unit `FROM … WHERE` the child lies outside the subtree of the parent's unit; a caller adds
/// ` AND` conditions on `t` and `p`.
pub const CROSSING: &str = "SELECT t.id, p.assignee_unit_id FROM tasks t INNER JOIN tasks p ON p.id = t.parent_id \
     WHERE NOT EXISTS (SELECT 1 FROM unit_closure c WHERE c.ancestor_id = p.assignee_unit_id \
     AND c.descendant_id = t.assignee_unit_id)";

/// Every task split out of its parent's unit's subtree, written into an empty `task_crossings`
/// (the migration, and `duban seed --scale` after its bulk load).
pub async fn fill(db: &impl sea_orm_migration::sea_orm::ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO task_crossings (task_id, from_unit_id) {CROSSING}")).await?;
    Ok(())
}
