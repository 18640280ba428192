//! Administrators over HTTP (the matrix shows that nobody else may manage units and accounts):
//! an admin reaches only its own subtree; moving a unit or an account changes who sees what at
//! once; a deactivated unit receives no new task; a password reset ends the sessions; every
//! change writes one audit event.

use chrono::Duration;
use duban::{
    entities::{audit_events, sessions, unit_closure},
    services::demo::DEMO_PASSWORD,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::helpers::{
    Client, NowUtc, TestApp, accounts, assert_tree_consistent, count_rows, count_tasks, spawn_demo, unit_tree,
};

/// The province secretariat assigns a fresh directive straight to `unit`; returns the task id.
async fn task_for(app: &TestApp, unit: &str) -> i64 {
    let province = app.as_user("jx-secretariat").await;
    let deadline = app.clock.now_utc() + Duration::days(20);
    let directive = json!({ "title_zh": "单位调整测试部署", "title_en": "Directive for a reorganised unit",
        "category": "gas", "priority": "normal", "deadline": deadline });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": app.unit(unit).await })).await;
    tasks[0]["id"].as_i64().expect("task id")
}

/// The newest audit event.
async fn last_event(app: &TestApp) -> audit_events::Model {
    audit_events::Entity::find()
        .order_by_desc(audit_events::Column::Id)
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("an event")
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    duban::store::users::find_by_username(&app.ctx.db, username).await.expect("query").expect("user exists").id
}

/// Signs in and expects the answer's status.
async fn sign_in_status(app: &TestApp, username: &str, password: &str) -> u16 {
    Client::send(
        reqwest::Client::new()
            .post(format!("{}/api/v1/session", app.address))
            .json(&json!({ "username": username, "password": password })),
    )
    .await
    .status
}

#[tokio::test]
async fn an_admin_reaches_only_its_own_units_subtree() {
    let app = spawn_demo().await;
    let admin = app.as_user("jj-admin").await;
    let (nc, nc_user, jj_user) = (app.unit("nc").await, user_id(&app, "nc").await, user_id(&app, "jj-yj").await);

    let listed = admin.get("/api/v1/users").await.expect(200);
    let listed: Vec<&str> = listed.as_array().expect("users").iter().filter_map(|u| u["username"].as_str()).collect();
    assert!(listed.contains(&"jj-yj") && listed.contains(&"jj-hukou-e1"), "{listed:?}");
    assert!(!listed.contains(&"nc") && !listed.contains(&"admin"), "{listed:?}");

    let before = (unit_tree(&app.ctx.db).await, accounts(&app.ctx.db).await);
    admin.put(&format!("/api/v1/units/{nc}"), json!({ "name_zh": "改名", "name_en": "Renamed" })).await.expect(404);
    admin.post(&format!("/api/v1/units/{nc}/deactivate"), json!({})).await.expect(404);
    admin.post(&format!("/api/v1/users/{nc_user}/deactivate"), json!({})).await.expect(404);
    admin.post(&format!("/api/v1/users/{nc_user}/password"), json!({ "password": "x" })).await.expect(404);
    admin.post(&format!("/api/v1/users/{jj_user}/move"), json!({ "unit_id": nc })).await.expect_problem(409, "unit_id");
    let under_nc = json!({ "key": "nc-x", "parent_id": nc, "kind": "department", "level": "municipal",
        "name_zh": "南昌某局", "name_en": "A Nanchang bureau" });
    admin.post("/api/v1/units", under_nc).await.expect_problem(409, "parent_id");
    assert!((unit_tree(&app.ctx.db).await, accounts(&app.ctx.db).await) == before, "nothing changed");
}

#[tokio::test]
async fn moving_a_unit_moves_its_tasks_into_the_new_parents_view_and_out_of_the_old_ones() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let task = task_for(&app, "jj-hukou").await;
    let path = format!("/api/v1/tasks/{task}");
    let (jiujiang, mayor, nanchang) = (app.as_user("jj").await, app.as_user("jj-mayor").await, app.as_user("nc").await);
    jiujiang.get(&path).await.expect(200);
    mayor.get(&path).await.expect(200);
    nanchang.get(&path).await.expect(404);

    let admin = app.as_user("admin").await;
    let (hukou, nc) = (app.unit("jj-hukou").await, app.unit("nc").await);
    // Refusals first: under itself, under its own subtree, under a lower level, under nothing.
    let before = (unit_tree(db).await, count_rows::<unit_closure::Entity>(db).await);
    let moving = |unit: i64| format!("/api/v1/units/{unit}/move");
    admin.post(&moving(hukou), json!({ "parent_id": hukou })).await.expect_problem(409, "parent_id");
    let jj = app.unit("jj").await;
    admin.post(&moving(jj), json!({ "parent_id": hukou })).await.expect_problem(409, "parent_id");
    admin
        .post(&moving(hukou), json!({ "parent_id": app.unit("jj-ruichang-e1").await }))
        .await
        .expect_problem(409, "parent_id");
    admin.post(&moving(hukou), json!({ "parent_id": 999_999 })).await.expect_problem(409, "parent_id");
    admin.post(&moving(999_999), json!({ "parent_id": nc })).await.expect(404);
    assert!(
        (unit_tree(db).await, count_rows::<unit_closure::Entity>(db).await) == before,
        "refused moves change nothing"
    );

    let moved = admin.post(&moving(hukou), json!({ "parent_id": nc })).await.expect(200);
    assert_eq!(moved["parent_id"], nc);
    assert_tree_consistent(db).await;
    nanchang.get(&path).await.expect(200);
    jiujiang.get(&path).await.expect(404);
    mayor.get(&path).await.expect(404);
    // The whole subtree went along: Nanchang now reaches Hukou's enterprises too.
    let e1 = app.unit("jj-hukou-e1").await;
    assert!(duban::store::units::is_within(db, nc, e1).await.expect("query"));
    assert!(!duban::store::units::is_within(db, jj, e1).await.expect("query"));
    let event = last_event(&app).await;
    assert_eq!((event.entity.as_str(), event.entity_id, event.action.as_str()), ("unit", hukou, "move"));
    assert_eq!(event.actor_id, Some(admin.user_id()));
}

#[tokio::test]
async fn a_moved_user_stops_seeing_the_old_units_tasks_at_once_with_the_same_session_and_token() {
    let app = spawn_demo().await;
    let task = task_for(&app, "jj-hukou").await;
    let path = format!("/api/v1/tasks/{task}");
    let token = app.as_user("jj-hukou").await;
    let session = app.sign_in("jj-hukou", DEMO_PASSWORD).await;
    token.get(&path).await.expect(200);
    session.get(&path).await.expect(200);

    let admin = app.as_user("admin").await;
    let nc = app.unit("nc").await;
    let moved =
        admin.post(&format!("/api/v1/users/{}/move", token.user_id()), json!({ "unit_id": nc })).await.expect(200);
    assert_eq!(moved["unit_id"], nc);

    // No new sign-in: the very next request is answered for the new unit.
    token.get(&path).await.expect(404);
    session.get(&path).await.expect(404);
    assert_eq!(session.get("/api/v1/me").await.expect(200)["unit_id"], nc);
    let event = last_event(&app).await;
    assert_eq!((event.entity.as_str(), event.action.as_str()), ("user", "move"));
}

#[tokio::test]
async fn a_deactivated_unit_keeps_its_tasks_readable_but_cannot_be_assigned_new_ones() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let admin = app.as_user("admin").await;
    let (county, e1, e2) = (app.unit("jj-hukou").await, app.unit("jj-hukou-e1").await, app.unit("jj-hukou-e2").await);
    let deactivating = |unit: i64| format!("/api/v1/units/{unit}/deactivate");
    // A unit with active units below it stays active.
    admin.post(&deactivating(county), json!({})).await.expect(409);
    let deactivated = admin.post(&deactivating(e1), json!({})).await.expect(200);
    assert_eq!(deactivated["active"], false);
    admin.post(&deactivating(e1), json!({})).await.expect(409);

    // Its history stays readable, to itself and to those above.
    let enterprise = app.as_user("jj-hukou-e1").await;
    let own = enterprise.get("/api/v1/tasks").await.expect(200);
    let own_task = own["items"][0]["id"].as_i64().expect("the enterprise still has its task");
    enterprise.get(&format!("/api/v1/tasks/{own_task}")).await.expect(200);
    let bureau = app.as_user("jj-hukou-yj").await;
    bureau.get(&format!("/api/v1/tasks/{own_task}")).await.expect(200);
    let units = bureau.get("/api/v1/units").await.expect(200);
    let listed = units.as_array().expect("units").iter().find(|u| u["id"] == e1).expect("still listed");
    assert_eq!(listed["active"], false);

    // No new task: neither a split of the county bureau's task nor a directive's assignment.
    let tasks = bureau.get("/api/v1/tasks?status=in_progress").await.expect(200);
    let county_bureau = app.unit("jj-hukou-yj").await;
    let parent = tasks["items"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["assignee_unit_id"] == county_bureau)
        .expect("the county bureau's task")
        .clone();
    let split = |unit: i64| json!({ "assignees": [{ "unit_id": unit }], "deadline": parent["deadline"] });
    let split_path = format!("/api/v1/tasks/{}/split", parent["id"]);
    let tasks_before = count_tasks(db).await;
    let refused = bureau.post(&split_path, split(e1)).await;
    assert!(refused.body["detail"].as_str().is_some_and(|d| d.contains("deactivated")), "{}", refused.body);
    refused.expect_problem(409, "assignee_unit_id");
    let province = app.as_user("jx-secretariat").await;
    let directive = json!({ "title_zh": "停用单位测试", "title_en": "Deactivated unit test", "category": "gas",
        "priority": "normal", "deadline": app.clock.now_utc() + Duration::days(20) });
    let created = province.post("/api/v1/directives", directive).await.expect(201);
    let id = created["id"].as_i64().expect("directive id");
    province
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": created["version"] }))
        .await
        .expect(200);
    province
        .post(&format!("/api/v1/directives/{id}/assignments"), json!({ "lead_unit_id": e1 }))
        .await
        .expect_problem(409, "assignee_unit_id");
    assert_eq!(count_tasks(db).await, tasks_before, "no task was created");
    // An active sibling is assigned as before.
    bureau.post(&split_path, split(e2)).await.expect(201);
}

#[tokio::test]
async fn resetting_a_password_ends_the_users_sessions() {
    let app = spawn_demo().await;
    let session = app.sign_in("jj-yj", DEMO_PASSWORD).await;
    session.get("/api/v1/me").await.expect(200);
    let admin = app.as_user("admin").await;
    let resetting = format!("/api/v1/users/{}/password", session.user_id());

    admin.post(&resetting, json!({ "password": "short" })).await.expect_problem(422, "password");
    session.get("/api/v1/me").await.expect(200);

    admin.post(&resetting, json!({ "password": "a-fresh-long-password" })).await.expect(200);
    session.get("/api/v1/me").await.expect(401);
    assert_eq!(sign_in_status(&app, "jj-yj", DEMO_PASSWORD).await, 401);
    assert_eq!(sign_in_status(&app, "jj-yj", "a-fresh-long-password").await, 200);
    let resets = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("reset_password"))
        .all(&app.ctx.db)
        .await
        .expect("events");
    let resets: Vec<(i64, Option<i64>)> = resets.into_iter().map(|e| (e.entity_id, e.actor_id)).collect();
    assert_eq!(resets, [(session.user_id(), Some(admin.user_id()))], "one event, for the refused attempt none");
}

#[tokio::test]
async fn a_deactivated_account_cannot_sign_in_and_its_sessions_and_tokens_stop_working() {
    let app = spawn_demo().await;
    let token = app.as_user("jj-xf").await;
    let session = app.sign_in("jj-xf", DEMO_PASSWORD).await;
    let admin = app.as_user("admin").await;
    let deactivating = format!("/api/v1/users/{}/deactivate", token.user_id());
    let answer = admin.post(&deactivating, json!({})).await.expect(200);
    assert_eq!(answer["active"], false);
    admin.post(&deactivating, json!({})).await.expect(409);
    token.get("/api/v1/me").await.expect(401);
    session.get("/api/v1/me").await.expect(401);
    assert_eq!(sign_in_status(&app, "jj-xf", DEMO_PASSWORD).await, 401);
    // An administrator does not lock itself out.
    admin.post(&format!("/api/v1/users/{}/deactivate", admin.user_id()), json!({})).await.expect(409);
    let sessions_left = count_rows::<sessions::Entity>(&app.ctx.db).await;
    assert!(sessions_left > 0, "other people's sessions stay");
}

#[tokio::test]
async fn an_admin_creates_a_unit_and_an_account_that_works_there_and_every_change_is_audited() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let admin = app.as_user("admin").await;
    let jj = app.unit("jj").await;
    let unit = json!({ "key": "jj-sl", "parent_id": jj, "kind": "department", "level": "municipal",
        "name_zh": "九江市水利局", "name_en": "Jiujiang Water Resources Bureau", "function": "water_resources",
        "email": "office@jj-sl.gov.example" });
    let bad = |field: &str, value: Value| {
        let mut body = unit.clone();
        body[field] = value;
        body
    };
    let events = count_rows::<audit_events::Entity>(db).await;
    admin.post("/api/v1/units", bad("function", json!("water"))).await.expect_problem(422, "function");
    admin.post("/api/v1/units", bad("level", json!("province"))).await.expect_problem(409, "level");
    admin.post("/api/v1/units", bad("kind", json!("bureau"))).await.expect_problem(422, "kind");
    admin.post("/api/v1/units", bad("key", json!("jj sl"))).await.expect_problem(422, "key");
    admin.post("/api/v1/units", bad("name_zh", json!(" "))).await.expect_problem(422, "name_zh");
    admin.post("/api/v1/units", bad("email", json!("not-an-address"))).await.expect_problem(422, "email");
    assert_eq!(count_rows::<audit_events::Entity>(db).await, events, "refusals record nothing");

    let created = admin.post("/api/v1/units", unit.clone()).await.expect(201);
    admin.post("/api/v1/units", unit).await.expect(409);
    let unit_id = created["id"].as_i64().expect("unit id");
    assert_eq!((created["active"].clone(), created["function"].clone()), (json!(true), json!("water_resources")));
    assert_tree_consistent(db).await;
    let mut audited = vec![("unit", unit_id, "create")];

    let edited = admin
        .put(
            &format!("/api/v1/units/{unit_id}"),
            json!({ "name_zh": "九江市水利局（防汛）", "name_en": "Jiujiang Water Bureau",
            "function": "water_resources" }),
        )
        .await
        .expect(200);
    assert_eq!(edited["name_en"], "Jiujiang Water Bureau");
    audited.push(("unit", unit_id, "update"));

    let account = json!({ "username": "jj-sl", "email": "jj-sl@gov.example", "role": "officer", "unit_id": unit_id,
        "password": "water-is-rising" });
    let user = admin.post("/api/v1/users", account.clone()).await.expect(201);
    admin.post("/api/v1/users", account).await.expect(409);
    let user_id = user["id"].as_i64().expect("user id");
    audited.push(("user", user_id, "create"));
    let officer = app.sign_in("jj-sl", "water-is-rising").await;
    assert_eq!(officer.get("/api/v1/me").await.expect(200)["unit_id"], unit_id);

    // The new bureau can be given work by the city's secretariat.
    let jj_secretariat = app.as_user("jj-secretariat").await;
    let directive = json!({ "title_zh": "汛期水库巡查", "title_en": "Reservoir patrols in the flood season", "category": "gas",
        "priority": "normal", "deadline": app.clock.now_utc() + Duration::days(10) });
    let (_, tasks) = jj_secretariat.issue_and_assign(directive, json!({ "lead_unit_id": unit_id })).await;
    officer.get(&format!("/api/v1/tasks/{}", tasks[0]["id"])).await.expect(200);

    admin
        .post(&format!("/api/v1/units/{unit_id}/move"), json!({ "parent_id": app.unit("jx").await }))
        .await
        .expect(200);
    audited.push(("unit", unit_id, "move"));
    admin.post(&format!("/api/v1/users/{user_id}/move"), json!({ "unit_id": jj })).await.expect(200);
    audited.push(("user", user_id, "move"));
    admin
        .post(&format!("/api/v1/users/{user_id}/password"), json!({ "password": "another-long-one" }))
        .await
        .expect(200);
    audited.push(("user", user_id, "reset_password"));
    admin.post(&format!("/api/v1/users/{user_id}/deactivate"), json!({})).await.expect(200);
    audited.push(("user", user_id, "deactivate"));
    admin.post(&format!("/api/v1/units/{unit_id}/deactivate"), json!({})).await.expect(200);
    audited.push(("unit", unit_id, "deactivate"));

    let trail: Vec<(String, i64, String, Option<i64>)> = audit_events::Entity::find()
        .order_by_asc(audit_events::Column::Id)
        .all(db)
        .await
        .expect("events")
        .into_iter()
        .filter(|e| (e.entity == "unit" && e.entity_id == unit_id) || (e.entity == "user" && e.entity_id == user_id))
        .filter(|e| e.action != "sign_in")
        .map(|e| (e.entity, e.entity_id, e.action, e.actor_id))
        .collect();
    let expected: Vec<(String, i64, String, Option<i64>)> = audited
        .into_iter()
        .map(|(entity, id, action)| (entity.to_owned(), id, action.to_owned(), Some(admin.user_id())))
        .collect();
    assert_eq!(trail, expected, "one event per change, each naming the admin");
}
