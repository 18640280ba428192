//! What `duban seed --scale` writes besides the tasks: their reports (late ones, completions
//! returned and submitted again) with the marks the rankings deduct for, and a year of
//! completed history. Everything is counted again here from the raw rows, by hand.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Duration};
use duban::{
    domain::{
        lifecycle::TaskStatus,
        vocabulary::{ReportKind, ReviewOutcome},
    },
    entities,
    services::{
        bench,
        rollups::{self, Narrowing},
    },
};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

use crate::helpers::{Quiet, at_or_below, spawn_app};

/// One mark count read straight from a marks table.
async fn mark(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .expect("query")
        .expect("a row");
    row.try_get::<Option<i64>>("", "n").expect("n").unwrap_or(0)
}

#[tokio::test]
async fn seed_scale_writes_late_reports_returned_completions_and_a_year_of_completed_history() {
    let app = spawn_app().await;
    let made = duban::services::scale::seed(&app.ctx, 6_000, &Quiet).await.expect("seeded");
    let (db, now) = (&app.ctx.db, app.ctx.now());
    let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let reports = entities::reports::Entity::find().all(db).await.expect("reports");
    let units = entities::units::Entity::find().all(db).await.expect("units");
    assert_eq!(made.reports as usize, reports.len(), "the seed says how many reports it wrote");
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut by_task: HashMap<i64, Vec<&entities::reports::Model>> = HashMap::new();
    for r in &reports {
        by_task.entry(r.task_id).or_default().push(r);
    }
    for list in by_task.values_mut() {
        list.sort_by_key(|r| (r.created_at, r.id));
    }

    // Each task's reports agree with its state, by hand: a completed task's last completion
    // was accepted, a submitted one's waits, a returned one's was returned; every report lies
    // in the past and the task's last report time is its latest report's.
    let (mut late_by_unit, mut returned_by_unit) = (HashMap::<i64, i64>::new(), HashMap::<i64, i64>::new());
    let mut resubmitted = 0;
    for t in &tasks {
        let list = by_task.get(&t.id).cloned().unwrap_or_default();
        assert!(list.iter().all(|r| r.created_at <= now), "task {}: a report in the future", t.id);
        assert_eq!(t.last_report_at, list.last().map(|r| r.created_at), "task {}: last report", t.id);
        let completions: Vec<_> = list.iter().filter(|r| r.kind == ReportKind::Completion).collect();
        let last = completions.last().map(|r| r.review_outcome);
        match t.status {
            TaskStatus::Completed => {
                assert_eq!(last, Some(Some(ReviewOutcome::Accepted)), "task {}", t.id);
                assert!(t.completed_at.is_some_and(|at| at <= now), "task {}: completed in the past", t.id);
            }
            TaskStatus::Submitted => assert_eq!(last, Some(None), "task {}", t.id),
            TaskStatus::Returned => assert_eq!(last, Some(Some(ReviewOutcome::Returned)), "task {}", t.id),
            TaskStatus::Assigned | TaskStatus::Acknowledged | TaskStatus::Declined | TaskStatus::Cancelled => {
                assert!(list.is_empty(), "task {}: reports on a task that never reported", t.id)
            }
            TaskStatus::InProgress => assert!(completions.is_empty(), "task {}", t.id),
        }
        let returned = completions.iter().filter(|r| r.review_outcome == Some(ReviewOutcome::Returned)).count() as i64;
        if t.status == TaskStatus::Completed && returned > 0 {
            resubmitted += 1;
        }
        // Late: more than the 7-day cadence after the report before (or the acknowledgement).
        let mut since = t.acknowledged_at.unwrap_or(t.created_at);
        let mut late = 0;
        for r in &list {
            if r.created_at - since > Duration::days(7) {
                late += 1;
            }
            since = r.created_at;
        }
        *late_by_unit.entry(t.assignee_unit_id).or_default() += late;
        *returned_by_unit.entry(t.assignee_unit_id).or_default() += returned;
    }
    let late_total: i64 = late_by_unit.values().sum();
    let returned_total: i64 = returned_by_unit.values().sum();
    assert!(late_total > 100, "late reports: {late_total}");
    assert!(returned_total > 100, "returned completions: {returned_total}");
    assert!(resubmitted > 50, "completions returned and then accepted: {resubmitted}");

    // The marks the rankings deduct for are those counts, under the province and, as the
    // province secretariat heads every seeded chain, in its chains too.
    let root = units.iter().find(|u| u.parent_id.is_none()).expect("the province").id;
    let secretariat = units.iter().find(|u| u.key == "p-aw").expect("the secretariat").id;
    for (name, expected) in [("late_report", late_total), ("returned_completion", returned_total)] {
        let subtree = format!(
            "SELECT CAST(SUM(n) AS BIGINT) AS n FROM rollup_marks WHERE unit_id = {root} AND directive_id = 0 \
             AND category = '' AND mark = '{name}'"
        );
        assert_eq!(mark(db, &subtree).await, expected, "{name} under the province");
        let chains = format!(
            "SELECT CAST(SUM(n) AS BIGINT) AS n FROM chain_marks WHERE root_unit_id = {secretariat} \
             AND unit_id = {root} AND directive_id = 0 AND category = '' AND mark = '{name}'"
        );
        assert_eq!(mark(db, &chains).await, expected, "{name} in the secretariat's chains");
        let by_category = format!(
            "SELECT CAST(SUM(n) AS BIGINT) AS n FROM rollup_marks WHERE unit_id = {root} AND directive_id = 0 \
             AND category <> '' AND mark = '{name}'"
        );
        assert_eq!(mark(db, &by_category).await, expected, "{name} summed over the categories");
    }

    // The leader's ranking of the cities deducts each city's own marks, counted by hand.
    let leader = bench::actor(&app.ctx, "p-leader").await.expect("q").expect("the leader");
    let ranked = rollups::ranking(&app.ctx, &leader, leader.unit_id, Narrowing::default()).await.expect("ranking");
    assert_eq!(ranked.len(), 12, "the cities and the secretariat");
    for city in &ranked {
        let within = |counts: &HashMap<i64, i64>| -> i64 {
            counts.iter().filter(|(unit, _)| at_or_below(&parent, **unit, city.unit.id.0)).map(|(_, n)| n).sum()
        };
        assert_eq!(city.marks.late_reports, within(&late_by_unit), "{}: late reports", city.unit.key);
        assert_eq!(city.marks.returned_completions, within(&returned_by_unit), "{}", city.unit.key);
        if city.unit.key != "p-aw" {
            assert!(city.score < 100.0, "{} loses points for its marks: {}", city.unit.key, city.score);
        }
    }

    // A year of history: work completed in most of the past twelve months, before the last
    // two, beside the current work.
    let zone = app.ctx.zone();
    let months: BTreeSet<(i32, u32)> = tasks
        .iter()
        .filter_map(|t| t.completed_at)
        .filter(|at| *at < now - Duration::days(60) && *at > now - Duration::days(366))
        .map(|at| {
            let day = at.with_timezone(&zone).date_naive();
            (day.year(), day.month())
        })
        .collect();
    assert!(months.len() >= 3, "completions spread over past months: {months:?}");
    let open_now = tasks.iter().filter(|t| t.status.is_open()).count();
    assert!(open_now > tasks.len() / 4, "the current work stays: {open_now} of {} open", tasks.len());
}

#[tokio::test]
async fn bench_pages_times_every_page_of_every_persona_and_each_answered_200() {
    let app = spawn_app().await;
    duban::services::scale::seed(&app.ctx, 2_000, &Quiet).await.expect("seeded");
    let args =
        ["bench", "--pages", "--rounds", "1", "--budget", "1", "--sessions", "6", "--writers", "2", "--seconds", "1"];
    let run = app.duban(&args, "").await;
    assert!(run.success, "the bench ends well (it stops at any answer but a 200): {}", run.stderr);

    // Both series hold every persona's pages, each timed at least once.
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('`'))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    for persona in ["root leader", "province secretariat", "city", "county", "enterprise"] {
        let pages: Vec<&str> = rows.iter().filter(|r| r[0] == persona).map(|r| r[1].trim_matches('`')).collect();
        for wanted in ["/", "/inbox", "/tasks?q=燃", "/tasks?q=燃气", "/tasks?q=督办", "/bulletin", "/overdue"] {
            if wanted == "/inbox" && persona == "root leader" {
                continue; // a leader's navigation has no inbox
            }
            assert_eq!(pages.iter().filter(|p| **p == wanted).count(), 2, "{persona}: {wanted} in both series");
        }
        for export in ["/exports/tasks.csv", "/exports/tasks.xlsx"] {
            assert_eq!(pages.iter().filter(|p| **p == export).count(), 2, "{persona}: {export}");
        }
        assert!(pages.iter().any(|p| p.starts_with("/tasks/")), "{persona}: a task page");
    }
    for leader in ["root leader", "province secretariat"] {
        for export in ["/exports/rollup.csv", "/exports/rollup.xlsx", "/exports/ranking.csv", "/exports/ranking.xlsx"] {
            let found = rows.iter().filter(|r| r[0] == leader && r[1].trim_matches('`').starts_with(export)).count();
            assert_eq!(found, 2, "{leader}: {export}");
        }
    }
    assert!(rows.iter().all(|r| r[2].parse::<u32>().is_ok_and(|n| n >= 1)), "each page timed");
    let mix: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with("| sessions browsing") || l.starts_with("| writers reporting") || l.starts_with("| all")
        })
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    // Two mixes: as people work (with pauses) and flat out.
    assert_eq!(mix.len(), 6, "the mixes' tables: {}", run.stdout);
    assert!(run.stdout.contains("as people work") && run.stdout.contains("flat out"), "both mixes");
    for row in &mix {
        assert!(row[2].parse::<u32>().is_ok_and(|n| n > 0), "{}: requests", row[0]);
        assert_eq!(row[7], "0", "{}: no errors", row[0]);
    }
    assert!(run.stdout.contains("The loopback SMTP sink received"), "the sweep's mail is counted");
}
