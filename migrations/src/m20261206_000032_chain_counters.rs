//! The rollup counters again, kept apart for each chain's top assigner: what a secretariat's
//! desk reads. A secretariat follows "what we issued and assigned", every task of the chains
//! its unit heads (`tasks.root_assigner_unit_id`), wherever in the tree those tasks went; its
//! own subtree is usually empty. `chain_counters` holds, for each top assigner R and each unit
//! U above a task's assignee (the assignee included), the tasks of R's chains under U by class,
//! at the three grains of `rollup_counters`; `chain_marks` the same for the marks. A desk is
//! then a sum over a few rows, like a leader's dashboard.
//!
//! Both are filled here from the tasks and reports that exist already.

use chrono::{DateTime, Duration, Utc};
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, FromQueryResult, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const ON_TIME: &str = "CASE WHEN t.status IN ('submitted', 'completed') AND t.submitted_at IS NOT NULL \
                       AND t.submitted_at <= t.deadline THEN 1 ELSE 0 END";

/// The directive and category columns at each grain, and what to group by besides.
const GRAINS: [(&str, &str, &str); 3] =
    [("0", "''", ""), ("t.directive_id", "''", ", t.directive_id"), ("0", "d.category", ", d.category")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChainCounters::Table)
                    .if_not_exists()
                    .col(big_integer(ChainCounters::RootUnitId))
                    .col(big_integer(ChainCounters::UnitId))
                    .col(big_integer(ChainCounters::DirectiveId))
                    .col(string_len(ChainCounters::Category, 32))
                    .col(string_len(ChainCounters::Status, 16))
                    .col(small_integer(ChainCounters::OnTime))
                    .col(timestamp_with_time_zone(ChainCounters::DueAt))
                    .col(big_integer(ChainCounters::N))
                    .primary_key(
                        Index::create()
                            .col(ChainCounters::RootUnitId)
                            .col(ChainCounters::UnitId)
                            .col(ChainCounters::DirectiveId)
                            .col(ChainCounters::Category)
                            .col(ChainCounters::Status)
                            .col(ChainCounters::OnTime)
                            .col(ChainCounters::DueAt),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChainMarks::Table)
                    .if_not_exists()
                    .col(big_integer(ChainMarks::RootUnitId))
                    .col(big_integer(ChainMarks::UnitId))
                    .col(big_integer(ChainMarks::DirectiveId))
                    .col(string_len(ChainMarks::Category, 32))
                    .col(string_len(ChainMarks::Mark, 32))
                    .col(big_integer(ChainMarks::N))
                    .primary_key(
                        Index::create()
                            .col(ChainMarks::RootUnitId)
                            .col(ChainMarks::UnitId)
                            .col(ChainMarks::DirectiveId)
                            .col(ChainMarks::Category)
                            .col(ChainMarks::Mark),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (directive, category, group) in GRAINS {
            db.execute_unprepared(&format!(
                "INSERT INTO chain_counters (root_unit_id, unit_id, directive_id, category, status, on_time, due_at, n) \
                 SELECT t.root_assigner_unit_id, c.ancestor_id, {directive}, {category}, t.status, {ON_TIME}, t.deadline, COUNT(*) \
                 FROM tasks t INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
                 INNER JOIN directives d ON d.id = t.directive_id \
                 GROUP BY t.root_assigner_unit_id, c.ancestor_id{group}, t.status, {ON_TIME}, t.deadline"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "INSERT INTO chain_marks (root_unit_id, unit_id, directive_id, category, mark, n) \
                 SELECT t.root_assigner_unit_id, c.ancestor_id, {directive}, {category}, 'returned_completion', COUNT(*) \
                 FROM reports r INNER JOIN tasks t ON t.id = r.task_id \
                 INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
                 INNER JOIN directives d ON d.id = t.directive_id \
                 WHERE r.review_outcome = 'returned' \
                 GROUP BY t.root_assigner_unit_id, c.ancestor_id{group}"
            ))
            .await?;
        }
        backfill_late_reports(db).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ChainMarks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ChainCounters::Table).to_owned()).await
    }
}

#[derive(FromQueryResult)]
struct ReportRow {
    task_id: i64,
    report_every_days: i32,
    acknowledged_at: Option<DateTime<Utc>>,
    task_created_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct PlaceRow {
    root_assigner_unit_id: i64,
    ancestor_id: i64,
    directive_id: i64,
    category: String,
}

/// Late progress reports, by the rule `domain::rollup::is_late_report` applies to every new
/// report: read in order, task by task, so that the report before is at hand.
async fn backfill_late_reports(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = ReportRow::find_by_statement(Statement::from_string(
        backend,
        "SELECT r.task_id, t.report_every_days, t.acknowledged_at, t.created_at AS task_created_at, r.created_at \
         FROM reports r INNER JOIN tasks t ON t.id = r.task_id WHERE t.report_every_days IS NOT NULL \
         ORDER BY r.task_id, r.id",
    ))
    .all(db)
    .await?;
    let mut late_by_task: Vec<(i64, i64)> = Vec::new();
    let mut previous: Option<(i64, DateTime<Utc>)> = None;
    for row in rows {
        let since = match previous {
            Some((task, at)) if task == row.task_id => at,
            _ => row.acknowledged_at.unwrap_or(row.task_created_at),
        };
        if row.created_at > since + Duration::days(i64::from(row.report_every_days)) {
            match late_by_task.last_mut() {
                Some((task, n)) if *task == row.task_id => *n += 1,
                _ => late_by_task.push((row.task_id, 1)),
            }
        }
        previous = Some((row.task_id, row.created_at));
    }
    for (task_id, late) in late_by_task {
        let places = PlaceRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DatabaseBackend::Postgres => {
                    "SELECT t.root_assigner_unit_id, c.ancestor_id, t.directive_id, d.category FROM tasks t \
                     INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
                     INNER JOIN directives d ON d.id = t.directive_id WHERE t.id = $1"
                }
                _ => {
                    "SELECT t.root_assigner_unit_id, c.ancestor_id, t.directive_id, d.category FROM tasks t \
                     INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
                     INNER JOIN directives d ON d.id = t.directive_id WHERE t.id = ?"
                }
            },
            [task_id.into()],
        ))
        .all(db)
        .await?;
        for place in places {
            for (directive_id, category) in
                [(0, String::new()), (place.directive_id, String::new()), (0, place.category)]
            {
                let insert = Query::insert()
                    .into_table(ChainMarks::Table)
                    .columns([
                        ChainMarks::RootUnitId,
                        ChainMarks::UnitId,
                        ChainMarks::DirectiveId,
                        ChainMarks::Category,
                        ChainMarks::Mark,
                        ChainMarks::N,
                    ])
                    .values_panic([
                        place.root_assigner_unit_id.into(),
                        place.ancestor_id.into(),
                        directive_id.into(),
                        category.into(),
                        "late_report".into(),
                        late.into(),
                    ])
                    .on_conflict(
                        OnConflict::columns([
                            ChainMarks::RootUnitId,
                            ChainMarks::UnitId,
                            ChainMarks::DirectiveId,
                            ChainMarks::Category,
                            ChainMarks::Mark,
                        ])
                        .value(ChainMarks::N, Expr::col((ChainMarks::Table, ChainMarks::N)).add(late))
                        .to_owned(),
                    )
                    .to_owned();
                db.execute(&insert).await?;
            }
        }
    }
    Ok(())
}

#[derive(DeriveIden)]
enum ChainCounters {
    Table,
    RootUnitId,
    UnitId,
    DirectiveId,
    Category,
    Status,
    OnTime,
    DueAt,
    N,
}

#[derive(DeriveIden)]
enum ChainMarks {
    Table,
    RootUnitId,
    UnitId,
    DirectiveId,
    Category,
    Mark,
    N,
}
