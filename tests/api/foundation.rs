//! The spine: migrations on both databases, health, the first page, the demo seed.

use duban::{
    entities::{
        api_tokens, audit_chain, audit_checkpoints, audit_events, bulletin_units, bulletins, calendar_days,
        calendar_feeds, department_names, directives, document_sequences, escalation_policies, escalation_steps,
        evidence_files, extension_requests, instructions, keyword_rules, meetings, notification_cursors, notifications,
        pending_evidence, reports, sessions, sign_in_throttles, task_reminders, tasks, unit_closure, unit_robots,
        units, users,
    },
    services::demo::{self, Seeded},
    store,
};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityName, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};
use std::collections::BTreeSet;

use crate::helpers::spawn_app;

/// The tables the database holds, read from its own catalogue.
async fn tables(db: &sea_orm::DatabaseConnection) -> BTreeSet<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        _ => {
            "SELECT CAST(table_name AS TEXT) AS t FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await.expect("catalogue");
    let names: BTreeSet<String> = rows.iter().map(|row| row.try_get::<String>("", "t").expect("name")).collect();
    // SQLite keeps a full-text (FTS5) table's data in shadow tables named after it: they
    // come and go with it, so only the virtual table itself is counted.
    let virtual_tables: Vec<String> = names
        .iter()
        .filter(|name| names.contains(&format!("{name}_config")) && names.contains(&format!("{name}_data")))
        .cloned()
        .collect();
    names.into_iter().filter(|name| !virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_")))).collect()
}

/// Row counts of every table the database holds (its migration record aside), by name.
async fn table_counts(db: &sea_orm::DatabaseConnection) -> Vec<(String, u64)> {
    let backend = db.get_database_backend();
    let mut counts = Vec::new();
    for table in tables(db).await.into_iter().filter(|t| t != "seaql_migrations") {
        let sql = format!("SELECT COUNT(*) AS n FROM \"{table}\"");
        let row = db.query_one_raw(Statement::from_string(backend, sql)).await.expect("count").expect("a row");
        let n: i64 = row.try_get("", "n").expect("n");
        counts.push((table, n as u64));
    }
    counts
}

/// The table of every entity under `src/entities/`, read from the files themselves.
fn entity_tables() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/entities");
    let mut names = BTreeSet::new();
    for file in std::fs::read_dir(dir).expect("entities") {
        let text = std::fs::read_to_string(file.expect("file").path()).expect("source");
        if let Some((_, rest)) = text.split_once("table_name = \"") {
            names.insert(rest.split('"').next().expect("name").to_owned());
        }
    }
    names
}

/// Reads every row of every entity the application maps (which fails when a column the
/// entity expects is missing) and returns the tables read.
async fn read_every_entity(db: &sea_orm::DatabaseConnection) -> BTreeSet<String> {
    macro_rules! read {
        ($($entity:ident),+) => {{
            let mut read = BTreeSet::new();
            $(
                $entity::Entity::find().all(db).await.expect(stringify!($entity));
                read.insert($entity::Entity.table_name().to_owned());
            )+
            read
        }};
    }
    read!(
        units,
        unit_closure,
        unit_robots,
        users,
        sessions,
        api_tokens,
        sign_in_throttles,
        meetings,
        directives,
        document_sequences,
        tasks,
        task_reminders,
        reports,
        evidence_files,
        pending_evidence,
        extension_requests,
        instructions,
        audit_events,
        audit_chain,
        audit_checkpoints,
        escalation_policies,
        escalation_steps,
        notifications,
        notification_cursors,
        calendar_days,
        calendar_feeds,
        keyword_rules,
        department_names,
        bulletins,
        bulletin_units
    )
}

/// The tables kept by the migrations alone, with no entity: the rollup counters and marks
/// (of subtrees and of chains), the counts under each chain's top, the full-text index of
/// tasks, the tasks given out of their assigner's subtree, and the migrations' own record.
const TABLES_WITHOUT_ENTITY: [&str; 8] = [
    "chain_counters",
    "chain_marks",
    "rollup_counters",
    "rollup_marks",
    "seaql_migrations",
    "task_crossings",
    "task_root_counts",
    "task_search",
];

#[tokio::test]
async fn migrations_create_every_table_and_can_be_rolled_back_and_reapplied() {
    let app = spawn_app().await;
    let db = &app.ctx.db;
    let entities = entity_tables();
    assert!(entities.len() >= 20, "the entities are found: {entities:?}");
    let mut expected = entities.clone();
    expected.extend(TABLES_WITHOUT_ENTITY.map(str::to_owned));
    assert_eq!(tables(db).await, expected, "the migrations create the table of every entity, and no other");
    // Every entity can be read: its table and columns exist as the entity expects.
    assert_eq!(read_every_entity(db).await, entities, "every entity is read");
    assert!(Migrator::get_pending_migrations(db).await.expect("status").is_empty());

    Migrator::down(db, None).await.expect("every migration rolls back");
    assert_eq!(
        tables(db).await,
        BTreeSet::from(["seaql_migrations".to_owned()]),
        "rolling back drops every table but the record"
    );
    assert_eq!(Migrator::get_pending_migrations(db).await.expect("status").len(), Migrator::migrations().len());
    Migrator::up(db, None).await.expect("and applies again");
    assert_eq!(tables(db).await, expected);
    assert_eq!(read_every_entity(db).await, entities);
    let counts = table_counts(db).await;
    assert_eq!(counts.len(), expected.len() - 1);
    // Every table is empty but the audit chain's head: the one row that says the chain has no
    // event yet (sequence 0 and the genesis hash), which the next event's append locks.
    for (table, n) in &counts {
        let want = if table == "audit_chain" { 1 } else { 0 };
        assert_eq!(*n, want, "rows in {table} after the migrations apply again: {counts:?}");
    }
}

#[tokio::test]
async fn a_configured_database_starts_without_demo_data_but_with_default_rules() {
    let app = spawn_app().await;
    let db = &app.ctx.db;
    assert_eq!(store::units::count(db).await.expect("count"), 0);
    assert!(store::keyword_rules::count(db).await.expect("count") >= 20, "drafting rules are installed");
    assert_eq!(store::escalation::count_policies(db).await.expect("count"), 1);
}

#[tokio::test]
async fn healthz_answers_when_the_database_is_reachable() {
    let app = spawn_app().await;
    let response = app.http.get(format!("{}/healthz", app.address)).send().await.expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["database"], "reachable");
}

#[tokio::test]
async fn seeding_the_demo_twice_changes_nothing() {
    let app = spawn_app().await;
    let db = &app.ctx.db;
    assert_eq!(demo::seed(&app.ctx).await.expect("first seed"), Seeded::Loaded);
    let first = table_counts(db).await;
    assert_eq!(demo::seed(&app.ctx).await.expect("second seed"), Seeded::AlreadyPresent);
    assert_eq!(table_counts(db).await, first);

    let count = |name: &str| first.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).unwrap_or_default();
    assert_eq!(count("units"), 55, "every unit of units.csv");
    assert_eq!(count("meetings"), 1);
    assert_eq!(count("directives"), 6);
    assert!(count("tasks") >= 40, "tasks at three levels");
    assert!(count("users") > count("units"), "an officer per unit and the named accounts");
}

#[tokio::test]
async fn the_demo_covers_every_state_a_user_meets() {
    use duban::domain::lifecycle::TaskStatus;
    let app = spawn_app().await;
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    demo::seed(&app.ctx).await.expect("seed");
    for status in [
        TaskStatus::Assigned,
        TaskStatus::Acknowledged,
        TaskStatus::InProgress,
        TaskStatus::Submitted,
        TaskStatus::Completed,
        TaskStatus::Returned,
        TaskStatus::Declined,
        TaskStatus::Cancelled,
    ] {
        let n = tasks::Entity::find().filter(tasks::Column::Status.eq(status)).count(db).await.expect("count");
        assert!(n > 0, "no demo task is {status}");
    }
    let all = tasks::Entity::find().all(db).await.expect("tasks");
    let clock = |t: &tasks::Model| duban::domain::timing::TaskClock {
        status: t.status,
        created_at: t.created_at,
        deadline: t.deadline,
        submitted_at: t.submitted_at,
        progress: t.progress,
    };
    assert!(all.iter().any(|t| clock(t).is_overdue(now)), "some task is overdue");
    assert!(all.iter().any(|t| clock(t).is_on_time()), "some task was completed on time");
    assert!(
        all.iter().any(|t| t.status == TaskStatus::Completed && !clock(t).is_on_time()),
        "some task was completed late"
    );
    let levels: std::collections::BTreeSet<_> = {
        let mut set = std::collections::BTreeSet::new();
        for t in &all {
            set.insert(store::units::get(db, t.assignee_unit_id).await.expect("unit").level.as_str());
        }
        set
    };
    assert!(levels.contains("municipal") && levels.contains("county") && levels.contains("enterprise"));
}

#[tokio::test]
async fn the_first_page_lists_the_meeting_its_directives_and_counts_per_level() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let browser = app.browse_as("jx-secretariat", demo::DEMO_PASSWORD).await;
    let page = browser.get(&app.address).send().await.expect("request");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("body");
    assert!(html.contains("全省安全生产电视电话会议"));
    for title in PROVINCE_DIRECTIVES {
        assert!(html.contains(title), "missing directive {title}");
    }
    for level in ["市级", "县级", "企业"] {
        assert!(html.contains(level), "missing level {level}");
    }
    let english =
        browser.get(format!("{}/?lang=en", app.address)).send().await.expect("request").text().await.expect("body");
    assert!(english.contains("Winter fire-hazard inspection and rectification"));
    assert!(english.contains("Enterprise"));
}

const PROVINCE_DIRECTIVES: [&str; 6] = [
    "冬季火灾隐患排查整治",
    "高危行业领域安全监管",
    "道路交通违法行为整治",
    "大型群众性活动踩踏风险防范",
    "城镇燃气安全专项整治",
    "压实安全生产责任",
];

#[tokio::test]
async fn a_visitor_who_has_not_signed_in_sees_the_sign_in_form_and_nothing_else() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let page = app.http.get(&app.address).send().await.expect("request");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("body");
    assert!(html.contains("name=\"password\""), "a sign-in form");
    for secret in PROVINCE_DIRECTIVES.iter().chain(&["全省安全生产电视电话会议", "九江", "市级", "class=\"num\""])
    {
        assert!(!html.contains(secret), "an anonymous visitor sees {secret:?}");
    }
}

#[tokio::test]
async fn an_enterprise_sees_only_the_directives_and_counts_of_its_own_work() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let browser = app.browse_as("jj-hukou-e1", demo::DEMO_PASSWORD).await;
    let html = browser.get(&app.address).send().await.expect("request").text().await.expect("body");
    assert!(html.contains("全省安全生产电视电话会议"), "the meeting its task comes from");
    let seen = PROVINCE_DIRECTIVES.iter().filter(|t| html.contains(*t)).count();
    assert!((1..PROVINCE_DIRECTIVES.len()).contains(&seen), "some directives, not all: {seen}");
    for level in ["市级", "县级"] {
        assert!(!html.contains(level), "the enterprise counts no {level} tasks");
    }
    assert!(html.contains("企业"));
}

#[tokio::test]
async fn the_sign_in_form_without_its_token_signs_nobody_in() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let browser = crate::helpers::browser();
    browser.get(&app.address).send().await.expect("page");
    let answer = browser
        .post(format!("{}/sign-in", app.address))
        .form(&[("username", "jx-secretariat"), ("password", demo::DEMO_PASSWORD), ("csrf", "forged")])
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 403);
    assert!(
        answer.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap_or("").starts_with("duban_session="))
    );
    let html = browser.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(html.contains("name=\"password\""), "still signed out");
}

#[tokio::test]
async fn signing_out_from_the_page_ends_the_session() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let browser = app.browse_as("jj-yj", demo::DEMO_PASSWORD).await;
    let html = browser.get(&app.address).send().await.expect("page").text().await.expect("body");
    let csrf = crate::helpers::hidden_field(&html, "csrf");
    let forged = browser.post(format!("{}/sign-out", app.address)).form(&[("csrf", "x")]).send().await.expect("post");
    assert_eq!(forged.status().as_u16(), 403, "another site's form changes nothing");
    let out = browser.post(format!("{}/sign-out", app.address)).form(&[("csrf", &csrf)]).send().await.expect("post");
    assert_eq!(out.status().as_u16(), 303);
    let html = browser.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(html.contains("name=\"password\""), "signed out");
}

#[tokio::test]
async fn the_first_page_escapes_what_users_wrote() {
    let app = spawn_app().await;
    demo::seed(&app.ctx).await.expect("seed");
    let province = app.as_user("jx-secretariat").await;
    province
        .post(
            "/api/v1/meetings",
            serde_json::json!({ "title_zh": "<script>alert(1)</script>", "title_en": "x", "held_on": "2026-11-01" }),
        )
        .await
        .expect(201);
    let browser = app.browse_as("jx-secretariat", demo::DEMO_PASSWORD).await;
    let html = browser.get(&app.address).send().await.expect("request").text().await.expect("body");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;"));
}

use crate::helpers::NowUtc;

#[tokio::test]
async fn the_first_start_on_the_default_embedded_database_loads_the_demo_once() {
    // The embedded default is what `cargo run --release` uses: no database configured.
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut file = std::collections::BTreeMap::new();
    file.insert("data_dir".to_owned(), dir.path().display().to_string());
    let config = duban::config::Config::from_values(file, |_| None).expect("valid");
    assert!(!config.database_configured);
    let clock = std::sync::Arc::new(duban::clock::ManualClock::new(crate::helpers::start_time()));
    let ctx = duban::app::prepare(config.clone(), clock.clone()).await.expect("first start");
    assert!(dir.path().join("duban.db").exists(), "the SQLite file is created under data_dir");
    let first = table_counts(&ctx.db).await;
    assert_eq!(first.iter().find(|(n, _)| *n == "units").map(|(_, c)| *c), Some(55));
    drop(ctx);
    let again = duban::app::prepare(config, clock).await.expect("second start");
    assert_eq!(table_counts(&again.db).await, first, "a second start changes nothing");
}

#[tokio::test]
async fn a_first_start_on_a_database_filled_by_seed_scale_serves_it_without_a_demo_beside_it() {
    // `duban seed --scale N` into the embedded default's file, then `duban serve` with no
    // configuration: the province is served as it is; the demo goes only into an empty database.
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("duban.db").display());
    let configured = std::collections::BTreeMap::from([
        ("data_dir".to_owned(), dir.path().display().to_string()),
        ("database_url".to_owned(), url),
    ]);
    let clock = std::sync::Arc::new(duban::clock::ManualClock::new(crate::helpers::start_time()));
    let config = duban::config::Config::from_values(configured, |_| None).expect("valid");
    assert!(config.database_configured);
    let seeding = duban::app::prepare(config, clock.clone()).await.expect("a configured database starts empty");
    duban::services::scale::seed(&seeding, 200, &crate::helpers::Quiet).await.expect("seeded");
    let seeded = table_counts(&seeding.db).await;
    drop(seeding);

    // The sweep stays off: this test is about what is served, not what is sent.
    let default = std::collections::BTreeMap::from([
        ("data_dir".to_owned(), dir.path().display().to_string()),
        ("sweep_every".to_owned(), "off".to_owned()),
    ]);
    let config = duban::config::Config::from_values(default, |_| None).expect("valid");
    assert!(!config.database_configured);
    let serving = duban::app::prepare(config, clock).await.expect("the seeded province starts");
    assert_eq!(table_counts(&serving.db).await, seeded, "nothing is added beside the seeded province");
    let state = duban::app::state(serving).expect("templates");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(duban::app::serve(listener, state, async move {
        stopped.await.expect("the test sends the stop signal");
    }));
    let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let signed_in = http
        .post(format!("http://{address}/api/v1/session"))
        .json(&serde_json::json!({"username": "p-secretariat", "password": duban::services::demo::DEMO_PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200, "the seeded province's secretariat signs in");
    let inbox = http.get(format!("http://{address}/")).send().await.expect("home page");
    assert_eq!(inbox.status(), 200);
    stop.send(()).expect("server running");
    server.await.expect("joined").expect("served");
}
