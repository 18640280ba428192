//! The full-text index of tasks (`task_search`), filled for every task already written: its
//! title and description, its directive's titles and requirements, and its reports' texts,
//! cut by `search_text` (each CJK character a token; words lower-cased).
//!
//! On SQLite an FTS5 table (its rowid the task's id; bm25 ranks), on PostgreSQL a table of
//! `tsvector`s under a GIN index (ts_rank ranks). Neither an FTS5 table nor a GIN index has a
//! form in sea-query's builder, so those two statements are written as SQL; the rest uses it.

use std::collections::HashMap;

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement},
};

use crate::search_text;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TaskSearch {
    Table,
    TaskId,
    Body,
}

/// Tasks read and indexed at a time.
const BATCH: i64 = 2_000;

#[derive(FromQueryResult)]
struct TaskRow {
    id: i64,
    title: String,
    description: String,
    title_zh: String,
    title_en: String,
    body: String,
}

#[derive(FromQueryResult)]
struct ReportRow {
    task_id: i64,
    body: String,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        match backend {
            DbBackend::Postgres => {
                manager
                    .create_table(
                        Table::create()
                            .table(TaskSearch::Table)
                            .col(ColumnDef::new(TaskSearch::TaskId).big_integer().not_null().primary_key())
                            .col(ColumnDef::new(TaskSearch::Body).custom(Alias::new("tsvector")).not_null())
                            .to_owned(),
                    )
                    .await?;
                db.execute_unprepared("CREATE INDEX idx_task_search_body ON task_search USING GIN (body)").await?;
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE VIRTUAL TABLE task_search USING fts5(body, \
                     tokenize = \"unicode61 remove_diacritics 0 tokenchars '{}'\")",
                    search_text::SQLITE_BREAK
                ))
                .await?;
            }
        }
        fill(db).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TaskSearch::Table).to_owned()).await
    }
}

/// Indexes every task, a batch at a time in order of id, into an empty `task_search` (the
/// migration, and `store::search::rebuild` after a bulk load).
pub async fn fill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after = 0_i64;
    loop {
        let (sql, values): (&str, Vec<sea_orm_migration::sea_orm::Value>) = match backend {
            DbBackend::Postgres => (
                "SELECT t.id, t.title, t.description, d.title_zh, d.title_en, d.body FROM tasks t \
                 INNER JOIN directives d ON d.id = t.directive_id WHERE t.id > $1 ORDER BY t.id LIMIT $2",
                vec![after.into(), BATCH.into()],
            ),
            _ => (
                "SELECT t.id, t.title, t.description, d.title_zh, d.title_en, d.body FROM tasks t \
                 INNER JOIN directives d ON d.id = t.directive_id WHERE t.id > ? ORDER BY t.id LIMIT ?",
                vec![after.into(), BATCH.into()],
            ),
        };
        let tasks = TaskRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
        let Some(last) = tasks.last() else { return Ok(()) };
        let (first, last) = (tasks[0].id, last.id);
        let range = match backend {
            DbBackend::Postgres => {
                "SELECT task_id, body FROM reports WHERE task_id >= $1 AND task_id <= $2 ORDER BY id"
            }
            _ => "SELECT task_id, body FROM reports WHERE task_id >= ? AND task_id <= ? ORDER BY id",
        };
        let reports =
            ReportRow::find_by_statement(Statement::from_sql_and_values(backend, range, [first.into(), last.into()]))
                .all(db)
                .await?;
        let mut by_task: HashMap<i64, Vec<String>> = HashMap::new();
        for r in reports {
            by_task.entry(r.task_id).or_default().push(r.body);
        }
        for chunk in tasks.chunks(200) {
            let mut sql = String::new();
            let mut values: Vec<sea_orm_migration::sea_orm::Value> = Vec::new();
            for t in chunk {
                let texts = by_task.get(&t.id).map(Vec::as_slice).unwrap_or_default();
                let pieces = search_text::task_text(
                    &t.title,
                    &t.description,
                    [&t.title_zh, &t.title_en, &t.body],
                    texts.iter().map(String::as_str),
                );
                sql.push_str(if sql.is_empty() { "" } else { ", " });
                values.push(t.id.into());
                match backend {
                    DbBackend::Postgres => {
                        values.push(search_text::pg_vector(&pieces).into());
                        sql.push_str(&format!("(${}, CAST(${} AS tsvector))", values.len() - 1, values.len()));
                    }
                    _ => {
                        values.push(search_text::sqlite_body(&pieces).into());
                        sql.push_str("(?, ?)");
                    }
                }
            }
            let insert = match backend {
                DbBackend::Postgres => format!("INSERT INTO task_search (task_id, body) VALUES {sql}"),
                _ => format!("INSERT INTO task_search (rowid, body) VALUES {sql}"),
            };
            db.execute_raw(Statement::from_sql_and_values(backend, insert, values)).await?;
        }
        after = last;
    }
}
