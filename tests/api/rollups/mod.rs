//! Rollups: who may read them, and that every figure equals a count by hand straight from the
//! tasks table, after every step of a random history on a random organisation.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use duban::{
    domain::{
        directives::{DirectiveFields, Filing},
        drafting::Category,
        lifecycle::{TaskAction, TaskStatus},
        rollup::Figures,
        vocabulary::{
            DirectiveSource, DirectiveStatus, Locale, Priority, ReviewOutcome, Role, TaskRole, UnitKind, UnitLevel,
        },
    },
    entities,
    services::{
        Actor, admin, extensions,
        rollups::{self, Narrowing},
        setup::{self, UnitInput, UserInput},
        tasks::{self, ActionInput, AssignInput, Assignee, Origin},
    },
    store,
};
use proptest::{
    prelude::*,
    test_runner::{RngAlgorithm, TestRng, TestRunner},
};
use sea_orm::EntityTrait;

use crate::helpers::{NowUtc, TestApp, spawn_app, spawn_demo, top_assigners_by_hand};
use duban::domain::ids::{DirectiveId, TaskId, UnitId, UserId};

/// The tasks of the units in `subtree`, counted from the tasks table.
async fn tasks_under(app: &TestApp, unit: i64) -> Vec<entities::tasks::Model> {
    let subtree: HashSet<i64> =
        store::units::subtree_ids(&app.ctx.db, unit).await.expect("subtree").into_iter().collect();
    entities::tasks::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("tasks")
        .into_iter()
        .filter(|t| subtree.contains(&t.assignee_unit_id))
        .collect()
}

#[tokio::test]
async fn a_county_cannot_read_a_siblings_figures_and_a_leader_reads_its_whole_subtree() {
    let app = spawn_demo().await;
    let (ruichang, xunyang, jj, jx) =
        (app.unit("jj-ruichang").await, app.unit("jj-xunyang").await, app.unit("jj").await, app.unit("jx").await);
    let county = app.as_user("jj-ruichang").await;
    for path in [
        format!("/api/v1/units/{xunyang}/rollup"),
        format!("/api/v1/units/{xunyang}/ranking"),
        format!("/api/v1/units/{jj}/rollup"),
        format!("/api/v1/units/{jj}/ranking"),
    ] {
        let answer = county.get(&path).await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.body);
        assert!(answer.body.get("subtree").is_none());
    }
    county.get(&format!("/api/v1/units/{ruichang}/rollup")).await.expect(200);

    let mayor = app.as_user("jj-mayor").await;
    assert_eq!(mayor.get(&format!("/api/v1/units/{jx}/rollup")).await.status, 404, "a unit above is out of reach");
    let rollup = mayor.get(&format!("/api/v1/units/{jj}/rollup")).await.expect(200);
    let tasks = tasks_under(&app, jj).await;
    assert!(tasks.len() > 5, "the demo gives Jiujiang work");
    let completed = tasks.iter().filter(|t| t.status == TaskStatus::Completed).count();
    assert_eq!(rollup["subtree"]["total"], tasks.len());
    assert_eq!(rollup["subtree"]["completed"], completed);
    let children = rollup["children"].as_array().expect("children");
    assert_eq!(children.len(), store::units::children(&app.ctx.db, jj).await.expect("children").len());
    let child_total: i64 = children.iter().map(|c| c["figures"]["total"].as_i64().expect("total")).sum();
    assert_eq!(child_total + rollup["direct"]["total"].as_i64().expect("direct"), tasks.len() as i64);
    // Deep in the subtree too.
    let bureau_of_ruichang = app.unit("jj-ruichang-yj").await;
    mayor.get(&format!("/api/v1/units/{bureau_of_ruichang}/rollup")).await.expect(200);
    let ranking = mayor.get(&format!("/api/v1/units/{jj}/ranking")).await.expect(200);
    assert_eq!(ranking.as_array().expect("ranked").len(), children.len());
    assert_eq!(ranking[0]["rank"], 1);

    // A directive's rollup counts only the tasks the caller may see: those with some task up
    // their chain assigned by the caller's unit or to a unit within its subtree (DESIGN: a unit
    // sees its subtree and what it assigned), found here by walking parent links.
    let all = entities::tasks::Entity::find().all(&app.ctx.db).await.expect("tasks");
    let units = store::units::all(&app.ctx.db).await.expect("units");
    let within = |unit: i64, top: i64| {
        let mut at = Some(unit);
        while let Some(id) = at {
            if id == top {
                return true;
            }
            at = units.iter().find(|u| u.id == id).and_then(|u| u.parent_id);
        }
        false
    };
    let seen_by_county = |task: &entities::tasks::Model| {
        let mut at = Some(task);
        while let Some(t) = at {
            if t.assigner_unit_id == ruichang || within(t.assignee_unit_id, ruichang) {
                return true;
            }
            at = t.parent_id.and_then(|p| all.iter().find(|x| x.id == p));
        }
        false
    };
    let mut directives: Vec<i64> = tasks.iter().map(|t| t.directive_id).collect();
    directives.sort_unstable();
    directives.dedup();
    let (mut partly, mut not_at_all) = (0, 0);
    for directive in directives {
        let of_directive: Vec<&entities::tasks::Model> = all.iter().filter(|t| t.directive_id == directive).collect();
        let visible = of_directive.iter().filter(|t| seen_by_county(t)).count();
        let whole = app.as_user("jx-secretariat").await.get(&format!("/api/v1/directives/{directive}/rollup")).await;
        assert_eq!(whole.expect(200)["total"]["total"], of_directive.len(), "the province sees every task");
        let part = county.get(&format!("/api/v1/directives/{directive}/rollup")).await;
        if visible == 0 {
            not_at_all += 1;
            assert_eq!(part.status, 404, "directive {directive}: {}", part.body);
        } else {
            partly += usize::from(visible < of_directive.len());
            assert_eq!(part.expect(200)["total"]["total"], visible, "directive {directive}");
        }
    }
    assert!(partly > 0 && not_at_all > 0, "the demo has directives the county sees in part ({partly}) and not at all");
}

#[tokio::test]
async fn narrowing_to_an_unknown_directive_is_refused_naming_it() {
    let app = spawn_demo().await;
    let jj = app.unit("jj").await;
    let mayor = app.as_user("jj-mayor").await;
    mayor.get(&format!("/api/v1/units/{jj}/rollup?directive=999999")).await.expect_problem(422, "directive");
    let answer = mayor.get(&format!("/api/v1/units/{jj}/rollup?category=gas")).await.expect(200);
    assert!(answer["subtree"]["total"].as_i64().is_some());
    assert_eq!(mayor.get(&format!("/api/v1/units/{jj}/rollup?category=nonsense")).await.status, 400);
}

mod history;

/// The kept number of tasks under each unit's chains, by status, in key order, as text.
async fn root_count_rows(app: &TestApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.ctx.db;
    let sql = "SELECT unit_id, status, n FROM task_root_counts ORDER BY unit_id, status";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("counts");
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let unit: i64 = row.try_get("", "unit_id").expect("unit");
            let status: String = row.try_get("", "status").expect("status");
            let n: i64 = row.try_get("", "n").expect("n");
            format!("{unit} {status} {n}")
        })
        .collect();
    lines.sort();
    lines
}

/// Every non-zero counter and mark, in key order, as text.
async fn counter_rows(app: &TestApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.ctx.db;
    let backend = db.get_database_backend();
    let mut rows = Vec::new();
    for sql in [
        "SELECT -1 AS root_unit_id, unit_id, directive_id, category, status, on_time, due_at, n FROM rollup_counters WHERE n <> 0",
        "SELECT -1 AS root_unit_id, unit_id, directive_id, category, mark, 0 AS on_time, NULL AS due_at, n FROM rollup_marks WHERE n <> 0",
        "SELECT root_unit_id, unit_id, directive_id, category, status, on_time, due_at, n FROM chain_counters WHERE n <> 0",
        "SELECT root_unit_id, unit_id, directive_id, category, mark, 0 AS on_time, NULL AS due_at, n FROM chain_marks WHERE n <> 0",
    ] {
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await.expect("counters") {
            let text = |col: &str| row.try_get::<String>("", col).unwrap_or_default();
            let number = |col: &str| row.try_get::<i64>("", col).unwrap_or_default();
            let due_at = row.try_get::<Option<DateTime<Utc>>>("", "due_at").ok().flatten();
            rows.push(format!(
                "{} {} {} {} {} {} {:?} {}",
                number("root_unit_id"),
                number("unit_id"),
                number("directive_id"),
                text("category"),
                text("status") + &text("mark"),
                row.try_get::<i16>("", "on_time").map(i64::from).unwrap_or_else(|_| number("on_time")),
                due_at,
                number("n"),
            ));
        }
    }
    rows.sort();
    rows
}

#[tokio::test]
async fn the_migration_fills_the_counters_as_every_change_keeps_them() {
    use migration::{Migrator, MigratorTrait};
    let app = spawn_demo().await;
    let kept = counter_rows(&app).await;
    let kept_under_tops: Vec<String> =
        root_count_rows(&app).await.into_iter().filter(|row| !row.ends_with(" 0")).collect();
    assert!(kept.len() > 50, "the demo's history moved the counters: {}", kept.len());
    assert!(kept.iter().any(|row| !row.starts_with("-1 ")), "the demo's chains are counted apart");
    assert!(kept.iter().any(|row| !row.starts_with("-1 ") && row.contains("returned_completion")), "and their marks");
    assert!(!kept_under_tops.is_empty(), "the demo's tasks are counted under their tops");
    // Back to before the counters (m20261130_000012 and the four after it), and up again.
    Migrator::down(&app.ctx.db, Some(5)).await.expect("down");
    Migrator::up(&app.ctx.db, None).await.expect("up again, filling the counters from the tasks");
    assert_eq!(counter_rows(&app).await, kept);
    assert_eq!(root_count_rows(&app).await, kept_under_tops);
    let all = entities::tasks::Entity::find().all(&app.ctx.db).await.expect("tasks");
    let tops = top_assigners_by_hand(&all);
    assert!(all.iter().all(|t| t.root_assigner_unit_id == tops[&t.id]), "the migration finds each chain's top");
}

#[tokio::test]
async fn whether_a_unit_sees_some_task_of_a_directive_agrees_with_the_full_visibility_query() {
    use duban::domain::listing::TaskFilter;
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let directives: HashSet<i64> =
        entities::tasks::Entity::find().all(db).await.expect("tasks").into_iter().map(|t| t.directive_id).collect();
    let mut seen = 0;
    for unit in store::units::all(db).await.expect("units") {
        for directive in &directives {
            let quick = store::visibility::any_of_directive(db, UnitId(unit.id), *directive).await.expect("quick");
            let filter = TaskFilter { directive_id: Some(DirectiveId(*directive)), ..Default::default() };
            let total = store::tasks::list_visible(db, UnitId(unit.id), &filter, app.ctx.now(), 0, 1)
                .await
                .expect("full")
                .total;
            assert_eq!(quick, total > 0, "unit {} directive {directive}", unit.key);
            seen += usize::from(quick);
        }
    }
    assert!(seen > directives.len(), "units below the province see the demo's directives: {seen}");
}
