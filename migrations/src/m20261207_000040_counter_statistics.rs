//! PostgreSQL's planner guesses how many rows of the rollup counters a dashboard reads from
//! the grain columns taken one by one: `directive_id = 0` and `category = ''` each hold for
//! most rows, but together only for the "every task" grain, a small part. Taking them as
//! independent it guessed some 260,000 rows where 19,000 are read (1,000,000 tasks), which put
//! the dashboard's one aggregate just over `jit_above_cost`: every leader's and secretariat's
//! dashboard paid 7–13 ms of JIT compilation for a 6 ms read (30 ms in all, 7 ms without).
//! Statistics over the two columns together (most common values) let the planner see the
//! grains as they are. PostgreSQL only: SQLite has no such statistics, and its plans do not
//! change. (No builder covers `CREATE STATISTICS`; the statements are written out.)

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["rollup_counters", "chain_counters"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!(
                "CREATE STATISTICS IF NOT EXISTS st_{table}_grain (mcv) ON directive_id, category FROM {table}"
            ))
            .await?;
            // Gathered now, not at autovacuum's next visit: the next dashboard is planned with them.
            db.execute_unprepared(&format!("ANALYZE {table}")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!("DROP STATISTICS IF EXISTS st_{table}_grain")).await?;
        }
        Ok(())
    }
}
