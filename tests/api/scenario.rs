//! The November 17 scenario over HTTP: the province issues a directive to Jiujiang and other
//! cities; Jiujiang's emergency-management bureau splits it to three counties; one county
//! splits to two enterprises; the enterprises report with evidence and complete; the reviews
//! climb back up with one return on the way, then acceptance at every level.

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{Client, NowUtc, TestApp, spawn_app};

const PDF: &[u8] = b"%PDF-1.4\n% rectification ledger\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

fn version(task: &Value) -> i64 {
    task["version"].as_i64().expect("version")
}

async fn task(client: &Client, id: i64) -> Value {
    client.get(&format!("/api/v1/tasks/{id}")).await.expect(200)["task"].clone()
}

async fn act(client: &Client, id: i64, action: &str, extra: Value) -> Value {
    let current = task(client, id).await;
    let mut body = json!({ "version": version(&current) });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    client.post(&format!("/api/v1/tasks/{id}/{action}"), body).await.expect(200)
}

/// A progress or completion report with one evidence file, as a browser form would send it.
async fn report_with_evidence(client: &Client, id: i64, action: &str, text: &str, progress: Option<i32>) -> Value {
    let current = task(client, id).await;
    let mut form = reqwest::multipart::Form::new()
        .text("version", version(&current).to_string())
        .text("text", text.to_owned())
        .part("evidence", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("整改台账.pdf"));
    if let Some(progress) = progress {
        form = form.text("progress", progress.to_string());
    }
    client.post_multipart(&format!("/api/v1/tasks/{id}/{action}"), form).await.expect(200)
}

async fn split(client: &Client, id: i64, units: &[i64], deadline: chrono::DateTime<chrono::Utc>) -> Vec<Value> {
    let assignees: Vec<Value> = units.iter().map(|u| json!({ "unit_id": u })).collect();
    let created = client
        .post(&format!("/api/v1/tasks/{id}/split"), json!({ "assignees": assignees, "deadline": deadline }))
        .await
        .expect(201);
    created.as_array().expect("list").clone()
}

fn id(value: &Value) -> i64 {
    value["id"].as_i64().expect("id")
}

async fn history_actions(client: &Client, id: i64) -> Vec<(String, i64)> {
    let events = client.get(&format!("/api/v1/tasks/{id}/history")).await.expect(200);
    events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or_default().to_owned(), e["actor_id"].as_i64().unwrap_or_default()))
        .collect()
}

async fn issue_directive(app: &TestApp, secretariat: &Client) -> i64 {
    let meetings = secretariat.get("/api/v1/meetings").await.expect(200);
    let meeting_id = meetings["items"][0]["id"].as_i64().expect("the November 17 meeting");
    let deadline = app.clock.now_utc() + Duration::days(30);
    let directive = secretariat
        .post(
            "/api/v1/directives",
            json!({
                "meeting_id": meeting_id,
                "title_zh": "冬季高危行业安全监管专项行动",
                "title_en": "Winter safety supervision of high-risk industries",
                "body": "对煤矿、非煤矿山、危险化学品等企业开展精准排查整治。",
                "category": "mining",
                "priority": "high",
                "deadline": deadline,
                "industries": ["coal mines", "hazardous chemicals"],
            }),
        )
        .await
        .expect(201);
    assert_eq!(directive["status"], "draft");
    let issued = secretariat
        .post(&format!("/api/v1/directives/{}/issue", id(&directive)), json!({ "version": directive["version"] }))
        .await
        .expect(200);
    assert_eq!(issued["status"], "issued");
    id(&issued)
}

/// The province issues a directive and assigns it to Jiujiang's emergency bureau (lead);
/// `deadline` defaults to the directive's own. Returns the bureau's task.
async fn assign_to_bureau(
    app: &TestApp,
    secretariat: &Client,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
) -> Value {
    let directive = issue_directive(app, secretariat).await;
    let mut body = json!({ "lead_unit_id": app.unit("jj-yj").await });
    if let Some(deadline) = deadline {
        body["deadline"] = json!(deadline);
    }
    let tasks = secretariat.post(&format!("/api/v1/directives/{directive}/assignments"), body).await.expect(201);
    tasks[0].clone()
}

#[tokio::test]
async fn a_directive_travels_down_three_levels_and_comes_back_accepted() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let counties =
        [app.as_user("jj-ruichang-yj").await, app.as_user("jj-hukou-yj").await, app.as_user("jj-lianxi-yj").await];
    let enterprises = [app.as_user("jj-hukou-e1").await, app.as_user("jj-hukou-e2").await];
    let now = app.clock.now_utc();

    // The province issues the directive to Jiujiang's bureau (lead) and two other cities.
    let directive = issue_directive(&app, &secretariat).await;
    let tasks = secretariat
        .post(
            &format!("/api/v1/directives/{directive}/assignments"),
            json!({
                "lead_unit_id": app.unit("jj-yj").await,
                "cooperating_unit_ids": [app.unit("px").await, app.unit("gz").await],
                "deadline": now + Duration::days(30),
            }),
        )
        .await
        .expect(201);
    let tasks = tasks.as_array().expect("tasks");
    assert_eq!(tasks.len(), 3);
    assert_eq!(tasks[0]["role"], "lead");
    let top = id(&tasks[0]);

    // The bureau acknowledges and splits to three county bureaus.
    act(&bureau, top, "acknowledge", json!({})).await;
    let county_units =
        [app.unit("jj-ruichang-yj").await, app.unit("jj-hukou-yj").await, app.unit("jj-lianxi-yj").await];
    let county_tasks = split(&bureau, top, &county_units, now + Duration::days(25)).await;
    assert_eq!(county_tasks.len(), 3);

    // Hukou splits to two enterprises.
    let hukou = id(&county_tasks[1]);
    act(&counties[1], hukou, "acknowledge", json!({})).await;
    let enterprise_units = [app.unit("jj-hukou-e1").await, app.unit("jj-hukou-e2").await];
    let enterprise_tasks = split(&counties[1], hukou, &enterprise_units, now + Duration::days(20)).await;

    // The enterprises report with evidence and complete.
    for (client, task) in enterprises.iter().zip(&enterprise_tasks) {
        act(client, id(task), "acknowledge", json!({})).await;
        let reported = report_with_evidence(client, id(task), "progress", "已完成隐患排查，正在整改。", Some(60)).await;
        assert_eq!(reported["status"], "in_progress");
        assert_eq!(reported["progress"], 60);
        let submitted = report_with_evidence(client, id(task), "complete", "整改全部完成，附台账。", None).await;
        assert_eq!(submitted["status"], "submitted");
    }

    // A parent cannot be submitted while a child is open.
    act(&counties[1], hukou, "progress", json!({ "progress": 50, "text": "两家企业已报送" })).await;
    let current = task(&counties[1], hukou).await;
    let refused = counties[1]
        .post(&format!("/api/v1/tasks/{hukou}/complete"), json!({ "version": version(&current), "text": "办结" }))
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(task(&counties[1], hukou).await["status"], "in_progress");

    // Hukou accepts one enterprise and returns the other with a reason; it resubmits.
    let (e1, e2) = (id(&enterprise_tasks[0]), id(&enterprise_tasks[1]));
    act(&counties[1], e1, "accept", json!({ "text": "同意办结" })).await;
    let returned = act(&counties[1], e2, "return", json!({ "reason": "缺少复查照片，请补充。" })).await;
    assert_eq!(returned["status"], "returned");
    let inbox = enterprises[1].get("/api/v1/inbox").await.expect(200);
    assert!(inbox["returned"].as_array().is_some_and(|l| l.iter().any(|t| id(t) == e2)), "returned to us: {inbox}");
    report_with_evidence(&enterprises[1], e2, "complete", "已补充复查照片。", None).await;
    act(&counties[1], e2, "accept", json!({})).await;

    // The counties complete; the bureau reviews them; the bureau completes; the province accepts.
    for (client, task) in counties.iter().zip(&county_tasks) {
        let t = id(task);
        if t != hukou {
            act(client, t, "acknowledge", json!({})).await;
        }
        act(client, t, "complete", json!({ "text": "本辖区整治完成。" })).await;
    }
    let waiting = bureau.get("/api/v1/inbox").await.expect(200);
    assert_eq!(
        waiting["awaiting_review"].as_array().map(|l| l.iter().filter(|t| t["parent_id"] == top).count()),
        Some(3)
    );
    for task in &county_tasks {
        act(&bureau, id(task), "accept", json!({})).await;
    }
    act(&bureau, top, "complete", json!({ "text": "全市高危行业专项整治完成。" })).await;
    let accepted = act(&secretariat, top, "accept", json!({ "text": "同意办结" })).await;
    assert_eq!(accepted["status"], "completed");
    assert_eq!(accepted["on_time"], true);

    // Report once: the province reads the enterprise's report and downloads its evidence.
    let detail = secretariat.get(&format!("/api/v1/tasks/{e2}")).await.expect(200);
    assert_eq!(detail["reports"].as_array().map(Vec::len), Some(3), "progress, first and second completion");
    assert_eq!(detail["reports"][1]["review_outcome"], "returned");
    assert_eq!(detail["reports"][1]["review_reason"], "缺少复查照片，请补充。");
    let url = detail["evidence"][0]["url"].as_str().expect("evidence url").to_owned();
    let file = secretariat
        .http
        .get(format!("{}{url}", app.address))
        .bearer_auth(secretariat.bearer.as_deref().unwrap_or_default())
        .send()
        .await
        .expect("download");
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.expect("bytes").as_ref(), PDF);

    // The audit trail shows every step with its actor.
    let e2_history = history_actions(&secretariat, e2).await;
    let e2_owner = enterprises[1].user_id();
    let hukou_user = counties[1].user_id();
    assert_eq!(
        e2_history,
        vec![
            ("assign".to_owned(), hukou_user),
            ("acknowledge".to_owned(), e2_owner),
            ("progress".to_owned(), e2_owner),
            ("complete".to_owned(), e2_owner),
            ("return".to_owned(), hukou_user),
            ("complete".to_owned(), e2_owner),
            ("accept".to_owned(), hukou_user),
        ]
    );
    let top_history = history_actions(&secretariat, top).await;
    let actions: Vec<&str> = top_history.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["assign", "acknowledge", "complete", "accept"]);
    assert_eq!(top_history[0].1, secretariat.user_id());
    assert_eq!(top_history[1].1, bureau.user_id());
    assert_eq!(top_history[3].1, secretariat.user_id());
}

#[tokio::test]
async fn an_extension_moves_the_deadline_and_keeps_the_old_one_in_the_history() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let now = app.clock.now_utc();
    let lead_task = assign_to_bureau(&app, &secretariat, Some(now + Duration::days(10))).await;
    let top = id(&lead_task);
    act(&bureau, top, "acknowledge", json!({})).await;
    let asked = now + Duration::days(20);
    let request = bureau
        .post(
            &format!("/api/v1/tasks/{top}/extensions"),
            json!({ "requested_deadline": asked, "reason": "汛后复查需要更多时间" }),
        )
        .await
        .expect(201);
    let approved =
        secretariat.post(&format!("/api/v1/extensions/{}/approve", id(&request)), json!({})).await.expect(200);
    assert_eq!(approved["status"], "approved");
    let after = task(&bureau, top).await;
    assert_eq!(after["deadline"].as_str().map(|d| d.parse::<chrono::DateTime<chrono::Utc>>().ok()), Some(Some(asked)));
    assert_ne!(after["original_deadline"], after["deadline"]);
    let history = bureau.get(&format!("/api/v1/tasks/{top}/history")).await.expect(200);
    let approval =
        history.as_array().and_then(|h| h.iter().find(|e| e["action"] == "approve_extension")).expect("audited");
    assert_ne!(approval["before"]["deadline"], approval["after"]["deadline"]);

    // A second decision on the same request is a conflict.
    secretariat
        .post(&format!("/api/v1/extensions/{}/refuse", id(&request)), json!({ "reason": "不同意" }))
        .await
        .expect(409);
}

#[tokio::test]
async fn a_leader_writes_an_instruction_everyone_below_sees_and_may_open_a_linked_task() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let mayor = app.as_user("jj-mayor").await;
    let now = app.clock.now_utc();
    let lead_task = assign_to_bureau(&app, &secretariat, None).await;
    let top = id(&lead_task);
    act(&bureau, top, "acknowledge", json!({})).await;
    let county = app.as_user("jj-ruichang-yj").await;
    let child = split(&bureau, top, &[app.unit("jj-ruichang-yj").await], now + Duration::days(20)).await;

    let instruction = mayor
        .post(
            "/api/v1/instructions",
            json!({
                "task_id": top,
                "body": "请市应急局牵头，务必在月底前完成煤矿隐患清零。",
                "open_task": { "unit_id": app.unit("jj-yj").await, "deadline": now + Duration::days(15), "title": "煤矿隐患清零" },
            }),
        )
        .await;
    // The mayor's unit (Jiujiang) does not hold this task; it was assigned by the province.
    instruction.expect_problem(409, "open_task");
    let plain = mayor.post("/api/v1/instructions", json!({ "task_id": top, "body": "请抓紧落实。" })).await.expect(201);
    let seen_below = county.get(&format!("/api/v1/tasks/{}", id(&child[0]))).await.expect(200);
    assert!(
        seen_below["instructions"].as_array().is_some_and(|l| l.iter().any(|i| i["id"] == plain["id"])),
        "the county sees the instruction on the task above its own: {seen_below}"
    );
    // Officers do not write instructions.
    bureau.post("/api/v1/instructions", json!({ "task_id": top, "body": "x" })).await.expect(403);
}

#[tokio::test]
async fn meeting_and_directive_lists_come_in_pages() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let all = secretariat.get("/api/v1/directives").await.expect(200);
    assert_eq!(all["total"], 6, "the six directives of November 17");
    let second = secretariat.get("/api/v1/directives?page=2&per_page=4").await.expect(200);
    assert_eq!(second["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(second["items"][0]["id"], all["items"][4]["id"]);
    assert_eq!((second["page"].as_u64(), second["per_page"].as_u64()), (Some(2), Some(4)));
    let beyond = secretariat.get("/api/v1/meetings?page=3").await.expect(200);
    assert_eq!((beyond["total"].as_u64(), beyond["items"].as_array().map(Vec::len)), (Some(1), Some(0)));
    // A county working on a provincial directive reads the meeting it came from.
    let county = app.as_user("jj-hukou-e1").await;
    assert_eq!(county.get("/api/v1/meetings").await.expect(200)["items"][0]["held_on"], "2023-11-17");
}

#[tokio::test]
async fn a_directive_has_one_lead_and_may_gain_cooperating_units_later() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let directive = issue_directive(&app, &secretariat).await;
    let path = format!("/api/v1/directives/{directive}/assignments");
    secretariat
        .post(&path, json!({ "cooperating_unit_ids": [app.unit("gz").await] }))
        .await
        .expect_problem(409, "assignees");
    secretariat.post(&path, json!({ "lead_unit_id": app.unit("jj-yj").await })).await.expect(201);
    secretariat.post(&path, json!({ "lead_unit_id": app.unit("jj-xf").await })).await.expect_problem(409, "assignees");
    let added = secretariat.post(&path, json!({ "cooperating_unit_ids": [app.unit("px").await] })).await.expect(201);
    assert_eq!(added[0]["role"], "cooperating");
    let tasks = secretariat.get(&format!("/api/v1/tasks?directive_id={directive}")).await.expect(200);
    let leads = tasks["items"].as_array().map(|l| l.iter().filter(|t| t["role"] == "lead").count());
    assert_eq!(leads, Some(1));
}

#[tokio::test]
async fn an_admin_loads_holidays_and_the_time_to_acknowledge_follows_them() {
    use chrono::TimeZone;

    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.as_user("admin").await;
    let secretariat = app.as_user("jx-secretariat").await;
    // Monday 30 November 2026, 10:00 in Beijing; Tuesday becomes a holiday.
    let monday = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).single().expect("instant");
    app.clock.set(monday);
    let holiday = json!({ "kind": "holiday", "name": "示例假日 Example holiday" });
    secretariat.put("/api/v1/calendar/2026-12-01", holiday.clone()).await.expect(403);
    admin.put("/api/v1/calendar/2026-12-05", holiday.clone()).await.expect_problem(409, "kind");
    admin.put("/api/v1/calendar/2026-13-01", holiday.clone()).await.expect_problem(400, "day");
    admin.put("/api/v1/calendar/2026-12-01", holiday).await.expect(200);
    let listed = secretariat.get("/api/v1/calendar?from=2026-12-01&to=2026-12-31").await.expect(200);
    assert_eq!(listed[0]["day"], "2026-12-01");

    let lead_task = assign_to_bureau(&app, &secretariat, None).await;
    let due: chrono::DateTime<chrono::Utc> =
        lead_task["ack_due_at"].as_str().and_then(|d| d.parse().ok()).expect("date");
    assert_eq!(due, monday + Duration::days(2), "acknowledge by Wednesday: Tuesday is a holiday");

    admin.delete("/api/v1/calendar/2026-12-01").await.expect(204);
    admin.delete("/api/v1/calendar/2026-12-01").await.expect(404);
}
