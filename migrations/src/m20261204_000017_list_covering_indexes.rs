//! Indexes that answer the lists' questions without reading the tasks themselves: which
//! directives a unit's assigned tasks belong to (the directive list), which tasks assigned
//! within a subtree lie under another unit's chains, and which children of a task left the
//! subtree (the task list's count). The index on the parent alone gives way to one that also
//! holds the child's assignee and top assigner.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

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
        // Where the planner has statistics (PostgreSQL always; SQLite once `ANALYZE` ran, as
        // `duban seed --scale` does), new indexes without them look cheap, and SQLite chose
        // them where they do not cover (a county's task list took twice as long). So the
        // tasks' indexes are measured again, in full: a sample of a thousand rows misled
        // SQLite worse, and the full count took a second over a million tasks. A SQLite
        // database never analysed is left so: statistics taken now would go stale unseen.
        let db = manager.get_connection();
        let analysed = match db.get_database_backend() {
            DbBackend::Sqlite => db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT 1 AS found FROM sqlite_master WHERE name = 'sqlite_stat1'",
                ))
                .await?
                .is_some(),
            _ => true,
        };
        if analysed {
            db.execute_unprepared("ANALYZE tasks").await?;
        }
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
