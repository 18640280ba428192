//! Duban's schema, one change per file, written once with sea-query's builder so the same
//! migrations run on SQLite (the embedded default) and PostgreSQL (the scale-out database).

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_units;
mod m20261128_000002_create_users_and_sessions;
mod m20261128_000003_create_meetings_and_directives;
mod m20261128_000004_create_tasks;
mod m20261128_000005_create_reports_and_evidence;
mod m20261128_000006_create_extensions_and_instructions;
mod m20261128_000007_create_audit_events;
mod m20261128_000008_create_escalation_and_outbox;
mod m20261128_000009_create_calendar_keywords_bulletins;
mod m20261129_000010_hold_rules_in_the_database;
mod m20261129_000011_units_active;
mod m20261130_000012_rollup_counters;
mod m20261130_000013_notification_cursors;
mod m20261130_000015_list_indexes;
mod m20261204_000016_task_roots;
mod m20261204_000017_list_covering_indexes;
mod m20261205_000018_audit_chain;
mod m20261205_000018_instruction_writer_unit;
mod m20261205_000019_calendar_feeds;
mod m20261205_000020_unit_robots;
mod m20261205_000021_outbox_channels;
mod m20261205_000022_unit_names_for_drafting;
mod m20261205_000023_department_names;
mod m20261206_000032_chain_counters;
mod m20261206_000034_task_reminders;
mod m20261206_000035_document_numbers;
mod m20261206_000036_published_bulletins;
mod m20261207_000038_late_list_indexes;
mod m20261207_000039_task_search;
mod m20261207_000040_counter_statistics;
mod m20261207_000043_several_leads;
mod m20261207_000044_assigned_overdue_index;
mod m20261208_000045_pending_evidence;
mod m20261209_000046_chain_overdue_index;
mod m20261210_000047_outbox_created_index;
mod m20261210_000048_task_crossings;
pub mod search_text;

pub use m20261207_000039_task_search::fill as fill_task_search;
pub use m20261210_000048_task_crossings::{CROSSING as TASK_CROSSING, fill as fill_task_crossings};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_units::Migration),
            Box::new(m20261128_000002_create_users_and_sessions::Migration),
            Box::new(m20261128_000003_create_meetings_and_directives::Migration),
            Box::new(m20261128_000004_create_tasks::Migration),
            Box::new(m20261128_000005_create_reports_and_evidence::Migration),
            Box::new(m20261128_000006_create_extensions_and_instructions::Migration),
            Box::new(m20261128_000007_create_audit_events::Migration),
            Box::new(m20261128_000008_create_escalation_and_outbox::Migration),
            Box::new(m20261128_000009_create_calendar_keywords_bulletins::Migration),
            Box::new(m20261129_000010_hold_rules_in_the_database::Migration),
            Box::new(m20261129_000011_units_active::Migration),
            Box::new(m20261130_000012_rollup_counters::Migration),
            Box::new(m20261130_000013_notification_cursors::Migration),
            Box::new(m20261130_000015_list_indexes::Migration),
            Box::new(m20261204_000016_task_roots::Migration),
            Box::new(m20261204_000017_list_covering_indexes::Migration),
            Box::new(m20261205_000018_audit_chain::Migration),
            Box::new(m20261205_000018_instruction_writer_unit::Migration),
            Box::new(m20261205_000019_calendar_feeds::Migration),
            Box::new(m20261205_000020_unit_robots::Migration),
            Box::new(m20261205_000021_outbox_channels::Migration),
            Box::new(m20261205_000022_unit_names_for_drafting::Migration),
            Box::new(m20261205_000023_department_names::Migration),
            Box::new(m20261206_000032_chain_counters::Migration),
            Box::new(m20261206_000034_task_reminders::Migration),
            Box::new(m20261206_000035_document_numbers::Migration),
            Box::new(m20261206_000036_published_bulletins::Migration),
            Box::new(m20261207_000038_late_list_indexes::Migration),
            Box::new(m20261207_000039_task_search::Migration),
            Box::new(m20261207_000040_counter_statistics::Migration),
            Box::new(m20261207_000043_several_leads::Migration),
            Box::new(m20261207_000044_assigned_overdue_index::Migration),
            Box::new(m20261208_000045_pending_evidence::Migration),
            Box::new(m20261209_000046_chain_overdue_index::Migration),
            Box::new(m20261210_000047_outbox_created_index::Migration),
            Box::new(m20261210_000048_task_crossings::Migration),
        ]
    }
}

/// Measures the tasks' indexes again where the planner has statistics (PostgreSQL always;
/// SQLite once `ANALYZE` ran, as `duban seed --scale` does): new indexes without them look
/// cheap, and SQLite chose them where they do not cover (a county's task list took twice as
/// long). Measured in full: a sample of a thousand rows misled SQLite worse, and the full count
/// took a second over a million tasks. A SQLite database never analysed is left so: statistics
/// taken now would go stale unseen.
pub(crate) async fn analyse_tasks_if_measured(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
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

/// Creates a plain (non-unique) index; every table's query paths name theirs here.
pub(crate) fn index<T: IntoIden + 'static>(name: &str, table: T, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

/// A migration that only adds indexes on the tasks: creates each (name, columns) that is not
/// there yet, then measures them as [`analyse_tasks_if_measured`] says.
pub(crate) async fn create_task_indexes(
    manager: &SchemaManager<'_>,
    indexes: &[(&str, &[&'static str])],
) -> Result<(), DbErr> {
    use m20261128_000004_create_tasks::Tasks;
    for (name, cols) in indexes {
        manager.create_index(index(name, Tasks::Table, cols).if_not_exists().to_owned()).await?;
    }
    analyse_tasks_if_measured(manager).await
}

/// Undoes [`create_task_indexes`].
pub(crate) async fn drop_task_indexes(
    manager: &SchemaManager<'_>,
    indexes: &[(&str, &[&'static str])],
) -> Result<(), DbErr> {
    use m20261128_000004_create_tasks::Tasks;
    for (name, _) in indexes {
        manager.drop_index(Index::drop().name(*name).table(Tasks::Table).to_owned()).await?;
    }
    Ok(())
}

/// The rule that a directive has one open lead task (`per_unit`: one per lead unit, since a
/// directive may go to many units each as lead of its own task): a unique index over the
/// directive's top-level, not cancelled lead tasks, which refuses the second of two
/// assignments made at once whatever the application read before.
pub(crate) fn one_open_lead(name: &str, per_unit: bool) -> IndexCreateStatement {
    use m20261128_000004_create_tasks::Tasks;
    let mut stmt = Index::create();
    stmt.name(name).table(Tasks::Table).col(Tasks::DirectiveId);
    if per_unit {
        stmt.col(Tasks::AssigneeUnitId);
    }
    stmt.unique()
        .and_where(Expr::col(Tasks::ParentId).is_null())
        .and_where(Expr::col(Tasks::Role).eq("lead"))
        .and_where(Expr::col(Tasks::Status).ne("cancelled"))
        .to_owned()
}
