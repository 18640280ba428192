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
        // From the officers' units (a few thousand), each unit's first such task through the
        // assignee index: not a correlated MIN for each of a million tasks.
        "SELECT x.task_id AS task_id, x.unit_id AS unit_id, u.id AS user_id, u.username AS username FROM \
         (SELECT o.unit_id AS unit_id, MIN(o.id) AS user_id, \
                 (SELECT MIN(t.id) FROM tasks t WHERE t.assignee_unit_id = o.unit_id \
                  AND t.status IN ('acknowledged', 'in_progress')) AS task_id \
          FROM users o WHERE o.role = 'officer' AND o.active GROUP BY o.unit_id) x \
         INNER JOIN users u ON u.id = x.user_id \
         WHERE x.task_id IS NOT NULL ORDER BY x.task_id LIMIT ",
    )
    .bind(limit as i64);
    Ok(Reportable::find_by_statement(sql.statement()).all(conn).await?)
}

/// The rows one progress report writes — the report, the task's progress, status and
/// version, an audit event — in one transaction, by plain SQL with no checks (the audit event
/// appended to the chain by the store, as every event is).
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
    // The audit event goes onto the chain as every event does: the chain is part of the rows
    // a change writes.
    let entry = super::audit::Entry::new("task", task.task_id, "progress")
        .by(task.user_id, task.unit_id)
        .before(&serde_json::json!({"status": "in_progress", "progress": 40}))
        .after(&serde_json::json!({"status": "in_progress", "progress": 41}));
    super::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(())
}

/// What the outbox holds for one address: messages to be sent (or sent), and reminders told
/// inside a bundle (never sent alone).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Mailbox {
    pub address: String,
    pub messages: i64,
}

/// Every address the outbox writes to with how many messages it holds for it (reminders told
/// inside a bundle left out), the most first.
pub async fn mailboxes(conn: &impl ConnectionTrait) -> StoreResult<Vec<Mailbox>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT LOWER(recipient_email) AS address, COUNT(*) AS messages FROM notifications \
         WHERE status <> 'bundled' AND recipient_email <> '' GROUP BY LOWER(recipient_email) \
         ORDER BY messages DESC, address",
    );
    Ok(Mailbox::find_by_statement(sql.statement()).all(conn).await?)
}

/// Puts every sent message back in line, as if never sent: the delivery bench sends the same
/// messages again with another setting.
pub async fn unsend_all(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> StoreResult<u64> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "UPDATE notifications SET status = 'pending', attempts = 0, sent_at = NULL, locked_by = NULL, \
         locked_until = NULL, next_attempt_at = ",
    )
    .bind(now)
    .push(" WHERE status = 'sent'");
    Ok(conn.execute_raw(sql.statement()).await?.rows_affected())
}
