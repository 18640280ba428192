//! `duban units import FILE`, run as the real binary on the test's database: the demo file
//! builds the demo tree on an empty organisation, a second run changes nothing, a bad file is
//! refused naming its line and column and changes nothing, and moves keep the closure right.
//! A `doc_prefix` column sets the prefix of the 文号 a unit's directives are numbered with.

use chrono::Duration;
use duban::domain::vocabulary::Role;
use duban::entities::{audit_events, unit_closure, units};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{NowUtc, TestApp, assert_tree_consistent, count_rows, repository_file, spawn_app, unit_tree};

async fn import(app: &TestApp, path: &str) -> crate::helpers::Run {
    app.duban(&["units", "import", path], "").await
}

/// An app whose organisation came from the demo file, and a folder for more files.
async fn imported_demo() -> (TestApp, tempfile::TempDir) {
    let app = spawn_app().await;
    let run = import(&app, &repository_file("assets/demo/units.csv")).await;
    assert!(run.success, "{run:?}");
    (app, tempfile::tempdir().expect("temporary directory"))
}

/// Writes `body` under a header into a file of the test's folder and returns its path.
fn units_file(dir: &tempfile::TempDir, name: &str, header: &str, body: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{header}\n{body}")).expect("write the units file");
    path.display().to_string()
}

const HEADER: &str = "key,parent,kind,level,name_zh,name_en";

#[tokio::test]
async fn importing_the_demo_file_into_an_empty_organisation_builds_the_demo_tree_and_a_second_import_changes_nothing() {
    let app = spawn_app().await;
    let db = &app.ctx.db;
    let added = app
        .duban(
            &["user", "add", "root", "--role", "admin", "--unit", "jx", "--email", "root@example.org"],
            "a-long-password\n",
        )
        .await;
    assert!(added.success, "{added:?}");

    let first = import(&app, &repository_file("assets/demo/units.csv")).await;
    assert!(first.success, "{first:?}");
    assert!(first.stdout.contains("55 units in the file: 54 added, 1 changed, 0 unchanged"), "{}", first.stdout);
    assert_eq!(first.stdout.lines().filter(|l| l.starts_with("added")).count(), 54, "{}", first.stdout);
    let root_line = first.stdout.lines().find(|l| l.starts_with("changed")).expect("the root's line");
    assert!(root_line.contains("jx") && root_line.contains("江西省人民政府"), "{root_line}");
    assert_eq!(count_rows::<units::Entity>(db).await, 55);
    assert_tree_consistent(db).await;

    // The very tree the demo seed builds, down to lines of work and addresses.
    let demo = spawn_app().await;
    demo.seed_demo().await;
    assert_eq!(unit_tree(db).await, unit_tree(&demo.ctx.db).await);

    let events = count_rows::<audit_events::Entity>(db).await;
    let second = import(&app, &repository_file("assets/demo/units.csv")).await;
    assert!(second.success, "{second:?}");
    assert_eq!(second.stdout, "55 units in the file, all as it says already: nothing changed\n");
    assert_eq!(count_rows::<audit_events::Entity>(db).await, events, "a run that changes nothing records nothing");
    assert_eq!(unit_tree(db).await, unit_tree(&demo.ctx.db).await);

    // The first admin sees the whole organisation it now heads.
    let root = app.sign_in("root", "a-long-password").await;
    assert_eq!(root.get("/api/v1/units").await.expect(200).as_array().expect("units").len(), 55);
}

#[tokio::test]
async fn a_file_with_an_orphan_a_cycle_or_a_bad_level_is_refused_naming_the_line_and_changes_nothing() {
    let (app, dir) = imported_demo().await;
    let db = &app.ctx.db;
    // Each file adds a bureau and renames Jiujiang before the line that is wrong, so a partial
    // import would show.
    let good = "jj-new,jj,department,municipal,九江市新设局,Jiujiang New Bureau\njj,jx,government,municipal,九江市（改名）,Jiujiang (renamed)\n";
    let cases = [
        ("orphan.csv", "x1,nowhere,enterprise,enterprise,甲公司,A Co.", "line 4, parent", "\"nowhere\""),
        (
            "cycle.csv",
            "jj-ruichang,jj-ruichang-e1,government,county,瑞昌市人民政府,Ruichang",
            "line 4, parent",
            "cycle",
        ),
        ("unknown-level.csv", "jj-x,jj,government,provincial,某区,Some District", "line 4, level", "provincial"),
        (
            "level-above-parent.csv",
            "jj-y,jj-ruichang,government,municipal,某市,Some City",
            "line 4, level",
            "jj-ruichang",
        ),
    ];
    let before = (
        unit_tree(db).await,
        count_rows::<unit_closure::Entity>(db).await,
        count_rows::<audit_events::Entity>(db).await,
    );
    for (name, bad, names, reason) in cases {
        let path = units_file(&dir, name, HEADER, &format!("{good}{bad}\n"));
        let run = import(&app, &path).await;
        assert!(!run.success, "{name} is refused: {run:?}");
        assert!(run.stderr.contains(names) && run.stderr.contains(reason), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("nothing changed"), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name} reports no unit: {}", run.stdout);
        let after = (
            unit_tree(db).await,
            count_rows::<unit_closure::Entity>(db).await,
            count_rows::<audit_events::Entity>(db).await,
        );
        assert!(after == before, "{name} changed nothing");
    }
}

#[tokio::test]
async fn a_file_that_moves_units_moves_their_subtrees_parents_first_and_keeps_the_closure_right() {
    let (app, dir) = imported_demo().await;
    let db = &app.ctx.db;
    // Hukou goes under Ruichang (named first, moved second) and Ruichang under Nanchang.
    let path = units_file(
        &dir,
        "moves.csv",
        HEADER,
        "jj-hukou,jj-ruichang,government,county,湖口县人民政府,Hukou County Government\n\
         jj-ruichang,nc,government,county,瑞昌市人民政府,Ruichang City Government\n",
    );
    let run = import(&app, &path).await;
    assert!(run.success, "{run:?}");
    assert!(
        run.stdout.contains("moved    jj-ruichang") && run.stdout.contains("parent \"jj\" → \"nc\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("moved    jj-hukou"), "{}", run.stdout);
    assert!(run.stdout.contains("2 units in the file: 0 added, 2 changed, 0 unchanged"), "{}", run.stdout);
    assert_tree_consistent(db).await;

    let enterprise = app.unit("jj-hukou-e1").await;
    let above = duban::store::units::ancestors(db, enterprise).await.expect("ancestors");
    let keys = [app.unit("jj-hukou").await, app.unit("jj-ruichang").await, app.unit("nc").await, app.unit("jx").await];
    assert_eq!(above, keys, "nearest first: the county, Ruichang, Nanchang, the province");
    let moved = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("unit"))
        .filter(audit_events::Column::Action.eq("update"))
        .all(db)
        .await
        .expect("events");
    assert_eq!(moved.len(), 2, "one audit event per changed unit");

    // Columns the file leaves out are left alone: the lines of work and addresses stay.
    let ruichang_yj = units::Entity::find_by_id(app.unit("jj-ruichang-yj").await).one(db).await.expect("query");
    assert_eq!(ruichang_yj.and_then(|u| u.function).as_deref(), Some("emergency_management"));
}

#[tokio::test]
async fn short_names_and_aliases_are_optional_columns_and_a_file_without_them_leaves_them_alone() {
    let (app, dir) = imported_demo().await;
    let read = |key: &'static str| {
        let db = app.ctx.db.clone();
        async move { duban::store::units::find_by_key(&db, key).await.expect("read").expect("unit") }
    };
    let path = units_file(
        &dir,
        "names.csv",
        "key,parent,kind,level,name_zh,name_en,short_name,aliases",
        "jj-zj,jj,department,municipal,九江市住房和城乡建设局,Jiujiang Housing and Urban-Rural Development Bureau,市住建局,住建局| the housing bureau \n",
    );
    let run = import(&app, &path).await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("1 units in the file: 0 added, 1 changed, 0 unchanged"), "{}", run.stdout);
    let unit = read("jj-zj").await;
    assert_eq!(unit.short_name.as_deref(), Some("市住建局"));
    assert_eq!(duban::domain::unit_names::from_stored(&unit.aliases), vec!["住建局", "the housing bureau"]);
    // The same file again changes nothing; the demo file, without those columns, leaves them alone.
    let again = import(&app, &path).await;
    assert!(again.stdout.contains("nothing changed"), "{}", again.stdout);
    let demo = import(&app, &repository_file("assets/demo/units.csv")).await;
    assert!(demo.success && demo.stdout.contains("nothing changed"), "{demo:?}");
    assert_eq!(read("jj-zj").await, unit);
}

#[tokio::test]
async fn a_doc_prefix_column_gives_units_the_prefix_of_their_numbers_and_a_bad_one_is_refused_naming_its_line() {
    let (app, dir) = imported_demo().await;
    let db = &app.ctx.db;
    let prefix = |key: &'static str| {
        let db = db.clone();
        async move { duban::store::units::find_by_key(&db, key).await.expect("read").expect("unit").doc_prefix }
    };
    assert_eq!(prefix("jx-aw").await, None, "the demo file names no prefix");
    let header = "key,parent,kind,level,name_zh,name_en,doc_prefix";
    // The province office gets one (spaces trimmed), Jiujiang's a blank cell: none.
    let path = units_file(
        &dir,
        "prefixes.csv",
        header,
        "jx-aw,jx,secretariat,province,江西省安全生产委员会办公室,Jiangxi Provincial Work Safety Committee Office, 赣安办督 \n\
         jj-aw,jj,secretariat,municipal,九江市安全生产委员会办公室,Jiujiang Work Safety Committee Office,\n",
    );
    let run = import(&app, &path).await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("2 units in the file: 0 added, 1 changed, 1 unchanged"), "{}", run.stdout);
    assert!(run.stdout.contains("doc_prefix \"\" → \"赣安办督\""), "{}", run.stdout);
    assert_eq!(prefix("jx-aw").await.as_deref(), Some("赣安办督"));
    assert_eq!(prefix("jj-aw").await, None);
    let changed = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("unit"))
        .filter(audit_events::Column::Action.eq("update"))
        .all(db)
        .await
        .expect("events");
    assert_eq!(changed.len(), 1, "one audit event for the one changed unit");
    assert!(changed[0].after.as_deref().is_some_and(|a| a.contains("赣安办督")), "{:?}", changed[0].after);

    // What the office issues now carries it; a file without the column leaves it alone.
    app.add_demo_user("office", Role::Secretariat, "jx-aw").await;
    let office = app.as_user("office").await;
    let draft = office
        .post(
            "/api/v1/directives",
            json!({ "title_zh": "防火检查", "title_en": "Fire checks", "body": "各地要全面排查", "category": "fire_safety",
                "priority": "normal", "deadline": (app.clock.now_utc() + Duration::days(30)).to_rfc3339() }),
        )
        .await
        .expect(201);
    let issued = office
        .post(&format!("/api/v1/directives/{}/issue", draft["id"]), json!({ "version": draft["version"] }))
        .await
        .expect(200);
    assert_eq!(issued["doc_number"], "赣安办督〔2026〕1号");
    let demo = import(&app, &repository_file("assets/demo/units.csv")).await;
    assert!(demo.success && demo.stdout.contains("nothing changed"), "{demo:?}");
    assert_eq!(prefix("jx-aw").await.as_deref(), Some("赣安办督"));

    // A prefix that would garble the number is refused naming its line and column; the good
    // line before it is not applied either.
    let before = (unit_tree(db).await, prefix("jx-aw").await, count_rows::<audit_events::Entity>(db).await);
    let path = units_file(
        &dir,
        "bad-prefix.csv",
        header,
        "jj-aw,jj,secretariat,municipal,九江市安全生产委员会办公室,Jiujiang Work Safety Committee Office,浔安办\n\
         jx-aw,jx,secretariat,province,江西省安全生产委员会办公室,Jiangxi Provincial Work Safety Committee Office,赣安办督〔2026〕\n",
    );
    let run = import(&app, &path).await;
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("line 3, doc_prefix: must not hold '〔'"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
    assert_eq!((unit_tree(db).await, prefix("jx-aw").await, count_rows::<audit_events::Entity>(db).await), before);
    assert_eq!(prefix("jj-aw").await, None);
}
