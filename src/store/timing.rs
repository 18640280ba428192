//! The SQL form of `domain::timing`'s rules, and the only one: overdue, on time (a submission
//! in time) and due soon, for a task row of a query. Each mirrors the `TaskClock` method of
//! the same name; the table test below checks on hand-written cases that the two agree, on
//! SQLite and, when `DUBAN_TEST_DATABASE_URL` names one, on PostgreSQL.

use chrono::{DateTime, Utc};

use super::Sql;
use crate::domain::{lifecycle::TaskStatus, rollup::Horizon};

/// `('completed', 'cancelled')`: the statuses that are not open, as SQL literals (they come
/// from the closed vocabulary, never from a request).
fn closed() -> String {
    let list: Vec<String> =
        TaskStatus::ALL.iter().filter(|s| !s.is_open()).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", list.join(", "))
}

/// `TaskClock::submitted_in_time` of the task row `alias`: a completion report submitted at
/// or before the deadline that stands. Plain text, so that it can be grouped by.
pub(super) fn submitted_in_time(alias: &str) -> String {
    format!(
        "({alias}.status IN ('{submitted}', '{completed}') AND {alias}.submitted_at IS NOT NULL \
         AND {alias}.submitted_at <= {alias}.deadline)",
        submitted = TaskStatus::Submitted.as_str(),
        completed = TaskStatus::Completed.as_str(),
    )
}

/// `TaskClock::is_overdue(now)` of the task row `alias`.
pub(super) fn overdue(sql: &mut Sql, alias: &str, now: DateTime<Utc>) {
    sql.push(&format!("({alias}.status NOT IN {} AND {alias}.deadline < ", closed()))
        .bind(now)
        .push(&format!(" AND NOT {})", submitted_in_time(alias)));
}

/// `TaskClock::is_overdue(now)` of the task row `alias`, written so that an index on the
/// status (or the assignee and the status) and the deadline answers it: the open statuses
/// named (`IN`, which an index can seek, where `NOT IN` reads every row), each a range of
/// deadlines before `now`. The same rows as [`overdue`].
pub(super) fn overdue_by_index(sql: &mut Sql, alias: &str, now: DateTime<Utc>) {
    let open: Vec<String> =
        TaskStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.as_str())).collect();
    sql.push(&format!("({alias}.status IN ({}) AND {alias}.deadline < ", open.join(", ")))
        .bind(now)
        .push(&format!(" AND NOT {})", submitted_in_time(alias)));
}

/// `TaskClock::is_due_soon` of the task row `alias`, at the horizon's instant: open, not
/// waiting for review, not past its deadline, and due before the first day that is not soon.
pub(super) fn due_soon(sql: &mut Sql, alias: &str, horizon: &Horizon) {
    sql.push(&format!(
        "({alias}.status NOT IN {} AND {alias}.status <> '{}' AND {alias}.deadline >= ",
        closed(),
        TaskStatus::Submitted.as_str()
    ))
    .bind(horizon.now)
    .push(&format!(" AND {alias}.deadline < "))
    .bind(horizon.due_soon_before)
    .push(")");
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Tz;
    use sea_orm::{ConnectionTrait, Database, FromQueryResult, TransactionTrait};

    use super::*;
    use crate::domain::{calendar::WorkCalendar, timing::TaskClock};

    const TZ: Tz = chrono_tz::Asia::Shanghai;
    const DUE_SOON_DAYS: i64 = 3;

    /// A local time in Shanghai.
    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(2026, 12, d, h, m, 0).single().expect("instant").with_timezone(&Utc)
    }

    struct Case {
        status: TaskStatus,
        deadline: DateTime<Utc>,
        submitted_at: Option<DateTime<Utc>>,
        overdue: bool,
        on_time: bool,
        due_soon: bool,
    }

    /// Now is Monday 7 December 2026, 10:00 in Shanghai; "soon" is three working days, so a
    /// deadline up to Thursday the 10th is due soon and one from Friday the 11th is not.
    fn cases() -> Vec<Case> {
        use TaskStatus as S;
        let case = |status, deadline, submitted_at, (overdue, on_time, due_soon)| Case {
            status,
            deadline,
            submitted_at,
            overdue,
            on_time,
            due_soon,
        };
        vec![
            case(S::InProgress, at(6, 23, 59), None, (true, false, false)),
            case(S::InProgress, at(7, 9, 59), None, (true, false, false)),
            case(S::InProgress, at(7, 11, 0), None, (false, false, true)),
            case(S::InProgress, at(10, 23, 59), None, (false, false, true)),
            case(S::InProgress, at(11, 0, 0), None, (false, false, false)),
            case(S::InProgress, at(12, 23, 59), None, (false, false, false)),
            case(S::Assigned, at(9, 23, 59), None, (false, false, true)),
            case(S::Returned, at(3, 23, 59), Some(at(2, 9, 0)), (true, false, false)),
            case(S::Declined, at(6, 23, 59), None, (true, false, false)),
            case(S::Submitted, at(6, 23, 59), Some(at(5, 9, 0)), (false, false, false)),
            case(S::Submitted, at(6, 23, 59), Some(at(6, 23, 59)), (false, false, false)),
            case(S::Submitted, at(6, 23, 59), Some(at(7, 8, 0)), (true, false, false)),
            case(S::Submitted, at(10, 23, 59), Some(at(7, 8, 0)), (false, false, false)),
            case(S::Completed, at(6, 23, 59), Some(at(4, 9, 0)), (false, true, false)),
            case(S::Completed, at(6, 23, 59), Some(at(7, 8, 0)), (false, false, false)),
            case(S::Completed, at(6, 23, 59), None, (false, false, false)),
            case(S::Cancelled, at(6, 23, 59), None, (false, false, false)),
            case(S::Cancelled, at(9, 23, 59), None, (false, false, false)),
        ]
    }

    fn now() -> DateTime<Utc> {
        at(7, 10, 0)
    }

    #[test]
    fn the_rust_form_says_what_the_table_says() {
        let calendar = WorkCalendar::default();
        for (i, c) in cases().iter().enumerate() {
            let clock = TaskClock {
                status: c.status,
                created_at: at(1, 9, 0),
                deadline: c.deadline,
                submitted_at: c.submitted_at,
                progress: 0,
            };
            assert_eq!(clock.is_overdue(now()), c.overdue, "case {i}: overdue");
            assert_eq!(clock.is_on_time(), c.on_time, "case {i}: on time");
            assert_eq!(clock.is_due_soon(now(), &calendar, TZ, DUE_SOON_DAYS), c.due_soon, "case {i}: due soon");
        }
    }

    #[derive(Debug, FromQueryResult)]
    struct Answer {
        id: i64,
        overdue: i32,
        overdue_by_index: i32,
        in_time: i32,
        due_soon: i32,
    }

    /// The cases as rows of a temporary table with the columns' own types, asked through the
    /// SQL forms, inside a transaction that is rolled back.
    async fn sql_answers(url: &str) -> Vec<Answer> {
        let db = Database::connect(url).await.expect("database");
        let txn = db.begin().await.expect("transaction");
        let backend = txn.get_database_backend();
        let instant =
            if backend == sea_orm::DbBackend::Postgres { "TIMESTAMPTZ" } else { "TIMESTAMP_WITH_TIMEZONE_TEXT" };
        let create = format!(
            "CREATE TEMPORARY TABLE timing_cases (id BIGINT NOT NULL, status TEXT NOT NULL, \
             deadline {instant} NOT NULL, submitted_at {instant} NULL)"
        );
        txn.execute_raw(sea_orm::Statement::from_string(backend, create)).await.expect("table");
        for (i, c) in cases().iter().enumerate() {
            let mut sql = Sql::new(backend);
            sql.push("INSERT INTO timing_cases (id, status, deadline, submitted_at) VALUES (")
                .bind(i as i64)
                .push(", ")
                .bind(c.status.as_str())
                .push(", ")
                .bind(c.deadline)
                .push(", ")
                .bind(c.submitted_at)
                .push(")");
            txn.execute_raw(sql.statement()).await.expect("case");
        }
        let horizon = Horizon::at(now(), &WorkCalendar::default(), TZ, DUE_SOON_DAYS);
        let mut sql = Sql::new(backend);
        sql.push("SELECT c.id AS id, CASE WHEN ");
        overdue(&mut sql, "c", now());
        sql.push(" THEN 1 ELSE 0 END AS overdue, CASE WHEN ");
        overdue_by_index(&mut sql, "c", now());
        sql.push(&format!(
            " THEN 1 ELSE 0 END AS overdue_by_index, CASE WHEN {} THEN 1 ELSE 0 END AS in_time, CASE WHEN ",
            submitted_in_time("c")
        ));
        due_soon(&mut sql, "c", &horizon);
        sql.push(" THEN 1 ELSE 0 END AS due_soon FROM timing_cases c ORDER BY c.id");
        let answers = Answer::find_by_statement(sql.statement()).all(&txn).await.expect("answers");
        txn.rollback().await.expect("rollback");
        answers
    }

    async fn agree_on(url: &str) {
        let answers = sql_answers(url).await;
        let cases = cases();
        assert_eq!(answers.len(), cases.len());
        for (a, c) in answers.iter().zip(&cases) {
            assert_eq!(a.overdue == 1, c.overdue, "{url}, case {}: overdue", a.id);
            assert_eq!(a.overdue_by_index == 1, c.overdue, "{url}, case {}: overdue (by index)", a.id);
            // On time is a completed task's submission in time.
            assert_eq!(a.in_time == 1 && c.status == TaskStatus::Completed, c.on_time, "{url}, case {}: on time", a.id);
            assert_eq!(a.due_soon == 1, c.due_soon, "{url}, case {}: due soon", a.id);
        }
    }

    #[tokio::test]
    async fn the_sql_form_says_what_the_table_says_on_sqlite_and_postgresql() {
        agree_on("sqlite::memory:").await;
        if let Ok(url) = std::env::var("DUBAN_TEST_DATABASE_URL") {
            agree_on(&url).await;
        }
    }
}
