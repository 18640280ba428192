//! Rollup counters: how many tasks each unit's subtree holds in each class, kept in the same
//! transaction as every change to a task, so that a dashboard sums a few hundred rows instead
//! of counting a million tasks.
//!
//! `rollup_counters` holds, for every unit U (each ancestor of a task's assignee, the assignee
//! included, through `unit_closure`), the number of tasks of one class: status, whether the
//! submission came by the deadline, and the deadline itself. Overdue depends on the clock, so
//! the deadline is kept exactly and "overdue" is summed at read time (`due_at < now`), never
//! stored. Each row exists at three grains: all tasks (`directive_id = 0, category = ''`), one
//! directive (`category = ''`), one category (`directive_id = 0`), so that each filter of the
//! dashboard reads only its own rows.
//!
//! `rollup_marks` counts events the ranking deducts for, by unit and grain: late progress
//! reports and returned completions.
//!
//! Both are filled here from the tasks and reports that exist already.

use chrono::{DateTime, Duration, Utc};
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, FromQueryResult},
};

type ChronoDateTimeUtc = DateTime<Utc>;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RollupCounters::Table)
                    .if_not_exists()
                    .col(big_integer(RollupCounters::UnitId))
                    .col(big_integer(RollupCounters::DirectiveId))
                    .col(string_len(RollupCounters::Category, 32))
                    .col(string_len(RollupCounters::Status, 16))
                    .col(small_integer(RollupCounters::OnTime))
                    .col(timestamp_with_time_zone(RollupCounters::DueAt))
                    .col(big_integer(RollupCounters::N))
                    .primary_key(
                        Index::create()
                            .col(RollupCounters::UnitId)
                            .col(RollupCounters::DirectiveId)
                            .col(RollupCounters::Category)
                            .col(RollupCounters::Status)
                            .col(RollupCounters::OnTime)
                            .col(RollupCounters::DueAt),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupMarks::Table)
                    .if_not_exists()
                    .col(big_integer(RollupMarks::UnitId))
                    .col(big_integer(RollupMarks::DirectiveId))
                    .col(string_len(RollupMarks::Category, 32))
                    .col(string_len(RollupMarks::Mark, 32))
                    .col(big_integer(RollupMarks::N))
                    .primary_key(
                        Index::create()
                            .col(RollupMarks::UnitId)
                            .col(RollupMarks::DirectiveId)
                            .col(RollupMarks::Category)
                            .col(RollupMarks::Mark),
                    )
                    .to_owned(),
            )
            .await?;
        // The directive rollup reads a directive's tasks, with their units, in one go.
        manager.create_index(index("idx_tasks_directive_parent", Tasks::Table, &["directive_id", "parent_id"])).await?;

        for grain in [Grain::All, Grain::Directive, Grain::Category] {
            backfill_counters(manager, grain).await?;
            backfill_returned(manager, grain).await?;
        }
        backfill_late_reports(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_tasks_directive_parent").table(Tasks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RollupMarks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RollupCounters::Table).to_owned()).await
    }
}

#[derive(Clone, Copy)]
enum Grain {
    All,
    Directive,
    Category,
}

impl Grain {
    /// The directive and category columns of a counter row at this grain, and the one of
    /// them to group by (constants are not grouped by: SQLite reads a number there as a
    /// column position).
    fn keys(self) -> (SimpleExpr, SimpleExpr, Vec<SimpleExpr>) {
        let directive: SimpleExpr = Expr::col((Tasks::Table, Tasks::DirectiveId));
        let category: SimpleExpr = Expr::col((Directives::Table, Directives::Category));
        match self {
            Grain::All => (Expr::cust("0"), Expr::cust("''"), vec![]),
            Grain::Directive => (directive.clone(), Expr::cust("''"), vec![directive]),
            Grain::Category => (Expr::cust("0"), category.clone(), vec![category]),
        }
    }
}

/// 1 when a submitted or completed task's submission came by its deadline: the flag that
/// makes a completion "on time" and keeps a submission awaiting review from being overdue.
fn on_time_expr() -> SimpleExpr {
    Expr::cust(
        "CASE WHEN tasks.status IN ('submitted', 'completed') AND tasks.submitted_at IS NOT NULL \
         AND tasks.submitted_at <= tasks.deadline THEN 1 ELSE 0 END",
    )
}

async fn backfill_counters(manager: &SchemaManager<'_>, grain: Grain) -> Result<(), DbErr> {
    let (directive, category, grouped) = grain.keys();
    let ancestor = Expr::col((UnitClosure::Table, UnitClosure::AncestorId));
    let select = Query::select()
        .expr(ancestor.clone())
        .expr(directive)
        .expr(category)
        .expr(Expr::col((Tasks::Table, Tasks::Status)))
        .expr(on_time_expr())
        .expr(Expr::col((Tasks::Table, Tasks::Deadline)))
        .expr(Expr::cust("COUNT(*)"))
        .from(Tasks::Table)
        .inner_join(
            UnitClosure::Table,
            Expr::col((UnitClosure::Table, UnitClosure::DescendantId)).equals((Tasks::Table, Tasks::AssigneeUnitId)),
        )
        .inner_join(
            Directives::Table,
            Expr::col((Directives::Table, Directives::Id)).equals((Tasks::Table, Tasks::DirectiveId)),
        )
        .add_group_by(
            [ancestor]
                .into_iter()
                .chain(grouped)
                .chain([Expr::col((Tasks::Table, Tasks::Status)), on_time_expr()])
                .chain([Expr::col((Tasks::Table, Tasks::Deadline))]),
        )
        .to_owned();
    let insert = Query::insert()
        .into_table(RollupCounters::Table)
        .columns([
            RollupCounters::UnitId,
            RollupCounters::DirectiveId,
            RollupCounters::Category,
            RollupCounters::Status,
            RollupCounters::OnTime,
            RollupCounters::DueAt,
            RollupCounters::N,
        ])
        .select_from(select)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    manager.exec_stmt(insert).await
}

async fn backfill_returned(manager: &SchemaManager<'_>, grain: Grain) -> Result<(), DbErr> {
    let (directive, category, grouped) = grain.keys();
    let ancestor = Expr::col((UnitClosure::Table, UnitClosure::AncestorId));
    let select = Query::select()
        .expr(ancestor.clone())
        .expr(directive)
        .expr(category)
        .expr(Expr::cust("'returned_completion'"))
        .expr(Expr::cust("COUNT(*)"))
        .from(Reports::Table)
        .inner_join(Tasks::Table, Expr::col((Tasks::Table, Tasks::Id)).equals((Reports::Table, Reports::TaskId)))
        .inner_join(
            UnitClosure::Table,
            Expr::col((UnitClosure::Table, UnitClosure::DescendantId)).equals((Tasks::Table, Tasks::AssigneeUnitId)),
        )
        .inner_join(
            Directives::Table,
            Expr::col((Directives::Table, Directives::Id)).equals((Tasks::Table, Tasks::DirectiveId)),
        )
        .and_where(Expr::col((Reports::Table, Reports::ReviewOutcome)).eq("returned"))
        .add_group_by([ancestor].into_iter().chain(grouped))
        .to_owned();
    let insert = Query::insert()
        .into_table(RollupMarks::Table)
        .columns([
            RollupMarks::UnitId,
            RollupMarks::DirectiveId,
            RollupMarks::Category,
            RollupMarks::Mark,
            RollupMarks::N,
        ])
        .select_from(select)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    manager.exec_stmt(insert).await
}

#[derive(FromQueryResult)]
struct ReportRow {
    task_id: i64,
    report_every_days: i32,
    acknowledged_at: Option<ChronoDateTimeUtc>,
    task_created_at: ChronoDateTimeUtc,
    created_at: ChronoDateTimeUtc,
}

#[derive(FromQueryResult)]
struct AncestorRow {
    ancestor_id: i64,
    directive_id: i64,
    category: String,
}

/// A report is late when it came more than `report_every_days` days after the report before
/// it (or, for the first, after the acknowledgement): the rule `store::rollups` applies to
/// every new report. Reports are read in order, task by task, so the one before is at hand.
async fn backfill_late_reports(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .column((Reports::Table, Reports::TaskId))
        .column((Tasks::Table, Tasks::ReportEveryDays))
        .column((Tasks::Table, Tasks::AcknowledgedAt))
        .expr_as(Expr::col((Tasks::Table, Tasks::CreatedAt)), Alias::new("task_created_at"))
        .column((Reports::Table, Reports::CreatedAt))
        .from(Reports::Table)
        .inner_join(Tasks::Table, Expr::col((Tasks::Table, Tasks::Id)).equals((Reports::Table, Reports::TaskId)))
        .and_where(Expr::col((Tasks::Table, Tasks::ReportEveryDays)).is_not_null())
        .order_by((Reports::Table, Reports::TaskId), Order::Asc)
        .order_by((Reports::Table, Reports::Id), Order::Asc)
        .to_owned();
    let rows = ReportRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    let mut late_by_task: Vec<(i64, i64)> = Vec::new();
    let mut previous: Option<(i64, ChronoDateTimeUtc)> = None;
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
        let keys = Query::select()
            .column((UnitClosure::Table, UnitClosure::AncestorId))
            .column((Tasks::Table, Tasks::DirectiveId))
            .column((Directives::Table, Directives::Category))
            .from(Tasks::Table)
            .inner_join(
                UnitClosure::Table,
                Expr::col((UnitClosure::Table, UnitClosure::DescendantId))
                    .equals((Tasks::Table, Tasks::AssigneeUnitId)),
            )
            .inner_join(
                Directives::Table,
                Expr::col((Directives::Table, Directives::Id)).equals((Tasks::Table, Tasks::DirectiveId)),
            )
            .and_where(Expr::col((Tasks::Table, Tasks::Id)).eq(task_id))
            .to_owned();
        for row in AncestorRow::find_by_statement(db.get_database_backend().build(&keys)).all(db).await? {
            for (directive_id, category) in [(0, String::new()), (row.directive_id, String::new()), (0, row.category)] {
                let insert = Query::insert()
                    .into_table(RollupMarks::Table)
                    .columns([
                        RollupMarks::UnitId,
                        RollupMarks::DirectiveId,
                        RollupMarks::Category,
                        RollupMarks::Mark,
                        RollupMarks::N,
                    ])
                    .values_panic([
                        row.ancestor_id.into(),
                        directive_id.into(),
                        category.into(),
                        "late_report".into(),
                        late.into(),
                    ])
                    .on_conflict(
                        OnConflict::columns([
                            RollupMarks::UnitId,
                            RollupMarks::DirectiveId,
                            RollupMarks::Category,
                            RollupMarks::Mark,
                        ])
                        .value(RollupMarks::N, Expr::col((RollupMarks::Table, RollupMarks::N)).add(late))
                        .to_owned(),
                    )
                    .to_owned();
                manager.exec_stmt(insert).await?;
            }
        }
    }
    Ok(())
}

#[derive(DeriveIden)]
enum RollupCounters {
    Table,
    UnitId,
    DirectiveId,
    Category,
    Status,
    OnTime,
    DueAt,
    N,
}

#[derive(DeriveIden)]
enum RollupMarks {
    Table,
    UnitId,
    DirectiveId,
    Category,
    Mark,
    N,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    DirectiveId,
    AssigneeUnitId,
    Status,
    Deadline,
    ReportEveryDays,
    AcknowledgedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Directives {
    Table,
    Id,
    Category,
}

#[derive(DeriveIden)]
enum UnitClosure {
    Table,
    AncestorId,
    DescendantId,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    TaskId,
    ReviewOutcome,
    CreatedAt,
    Id,
}
