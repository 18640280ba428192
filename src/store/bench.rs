//! What the write benchmark needs of the database: tasks a report can be written on, and the
//! rows of one progress report written by plain SQL, the yardstick the HTTP path is measured
//! against.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait};

use super::{Sql, StoreResult};

/// An open task its assignee may report progress on, and an active officer of that unit.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Reportable {
    pub task_id: i64,
    pub unit_id: i64,
    pub user_id: i64,
    pub username: String,
}

/// Up to `limit` acknowledged or in-progress tasks, each of a different unit that has an
/// active officer.
pub async fn reportable_tasks(conn: &impl ConnectionTrait, limit: u64) -> StoreResult<Vec<Reportable>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT t.id AS task_id, t.assignee_unit_id AS unit_id, u.id AS user_id, u.username AS username \
         FROM tasks t JOIN users u ON u.unit_id = t.assignee_unit_id AND u.role = 'officer' AND u.active \
         WHERE t.status IN ('acknowledged', 'in_progress') \
         AND t.id = (SELECT MIN(t2.id) FROM tasks t2 WHERE t2.assignee_unit_id = t.assignee_unit_id \
                     AND t2.status IN ('acknowledged', 'in_progress')) \
         AND u.id = (SELECT MIN(u2.id) FROM users u2 WHERE u2.unit_id = t.assignee_unit_id \
                     AND u2.role = 'officer' AND u2.active) \
         ORDER BY t.id LIMIT ",
    )
    .bind(limit as i64);
    Ok(Reportable::find_by_statement(sql.statement()).all(conn).await?)
}

/// The rows one progress report writes — the report, the task's progress, status and
/// version, an audit event — in one transaction, by plain SQL with no checks.
pub async fn raw_progress_report(
    db: &sea_orm::DatabaseConnection,
    task: &Reportable,
    progress: i32,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let mut report = Sql::new(backend);
    report
        .push("INSERT INTO reports (task_id, kind, progress, body, unit_id, author_id, created_at) VALUES (")
        .bind(task.task_id)
        .push(", 'progress', ")
        .bind(progress)
        .push(", ")
        .bind("raw SQL progress report")
        .push(", ")
        .bind(task.unit_id)
        .push(", ")
        .bind(task.user_id)
        .push(", ")
        .bind(now)
        .push(")");
    txn.execute_raw(report.statement()).await?;
    let mut update = Sql::new(backend);
    update
        .push("UPDATE tasks SET status = 'in_progress', progress = ")
        .bind(progress)
        .push(", last_report_at = ")
        .bind(now)
        .push(", updated_at = ")
        .bind(now)
        .push(", version = version + 1 WHERE id = ")
        .bind(task.task_id);
    txn.execute_raw(update.statement()).await?;
    let mut audit = Sql::new(backend);
    audit
        .push(
            "INSERT INTO audit_events (at, actor_id, actor_unit_id, entity, entity_id, action, before, after) VALUES (",
        )
        .bind(now)
        .push(", ")
        .bind(task.user_id)
        .push(", ")
        .bind(task.unit_id)
        .push(", 'task', ")
        .bind(task.task_id)
        .push(", 'progress', ")
        .bind(r#"{"status":"in_progress","progress":40}"#)
        .push(", ")
        .bind(r#"{"status":"in_progress","progress":41}"#)
        .push(")");
    txn.execute_raw(audit.statement()).await?;
    txn.commit().await?;
    Ok(())
}
