//! Notices in 钉钉, 企业微信 and 飞书: a webhook receiver inside the test process (an axum
//! server on 127.0.0.1:0) stands for the three vendors. It checks what each is sent (the JSON
//! shape, DingTalk's and Feishu's signatures recomputed here with hmac/sha2/base64), answers
//! with outages and vendor error codes when told to, and counts what arrives: each notice once,
//! only to the robots of units that may see the task, and never a secret in an answer or page.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

use axum::{extract::State, http::Uri};
use base64::Engine;
use chrono::Duration;
use duban::{
    domain::vocabulary::{Channel, Locale},
    entities::{audit_events, notifications},
    mail::Mailer,
    services::{ServiceError, demo::DEMO_PASSWORD, escalation, outbox, units_import},
    store::{self, notifications::NewNotification},
};
use hmac::{KeyInit, Mac};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Client, NowUtc, TestApp, hidden_field, spawn_demo};

/// One request a robot received.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    query: HashMap<String, String>,
    body: Value,
}

/// Answers waiting for a path: status and body, in order.
type Script = HashMap<String, VecDeque<(u16, String)>>;

/// The vendors' webhooks: answers success unless a scripted answer waits for the path.
#[derive(Clone, Default)]
struct Receiver {
    hits: Arc<Mutex<Vec<Hit>>>,
    script: Arc<Mutex<Script>>,
    address: String,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        let receiver =
            Receiver { address: format!("http://{}", listener.local_addr().expect("address")), ..Receiver::default() };
        let app = axum::Router::new().fallback(answer).with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    /// The next answers to a POST on `path`, in order; then success again.
    fn script(&self, path: &str, answers: &[(u16, &str)]) {
        let mut script = self.script.lock().expect("lock");
        script.entry(path.to_owned()).or_default().extend(answers.iter().map(|(s, b)| (*s, (*b).to_owned())));
    }

    fn hits(&self, path: &str) -> Vec<Hit> {
        self.hits.lock().expect("lock").iter().filter(|h| h.path == path).cloned().collect()
    }
}

async fn answer(State(receiver): State<Receiver>, uri: Uri, body: String) -> (axum::http::StatusCode, String) {
    let path = uri.path().to_owned();
    let query = uri.query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    receiver.hits.lock().expect("lock").push(Hit { path: path.clone(), query, body });
    let scripted = receiver.script.lock().expect("lock").get_mut(&path).and_then(VecDeque::pop_front);
    let (status, text) = scripted.unwrap_or_else(|| {
        let ok = if path.starts_with("/feishu") {
            r#"{"code":0,"msg":"success","data":{}}"#
        } else {
            r#"{"errcode":0,"errmsg":"ok"}"#
        };
        (200, ok.to_owned())
    });
    (axum::http::StatusCode::from_u16(status).expect("status"), text)
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

const DING_SECRET: &str = "SECd1ngTalkSecretThatMustNeverShow";
const FEISHU_SECRET: &str = "feishuSecretThatMustNeverShow";
const TOKEN: &str = "accessTokenThatMustNeverShow";

/// A fresh city under the province, with no tasks of the demo's: what reaches its robots is
/// what this test assigns. Returns its id. The demo's own notices due now are written and
/// sent first, so that what the test sends later is its own.
async fn fresh_unit(app: &TestApp, key: &str) -> i64 {
    sweep_and_send(app, &Mailer::from_config(&app.ctx.config).expect("mailer")).await;
    let admin = app.as_user("admin").await;
    let parent = app.unit("jx").await;
    let unit = json!({ "key": key, "parent_id": parent, "kind": "government", "level": "municipal",
        "name_zh": format!("{key}市人民政府"), "name_en": format!("{key} City") });
    admin.post("/api/v1/units", unit).await.expect(201)["id"].as_i64().expect("unit id")
}

/// The province secretariat assigns a new directive to `unit`; returns the task id.
async fn assign_to(app: &TestApp, unit: i64, title: &str) -> i64 {
    let province = app.as_user("jx-secretariat").await;
    let deadline = app.clock.now_utc() + Duration::days(20);
    let directive = json!({ "title_zh": title, "title_en": title, "category": "gas", "priority": "normal",
        "deadline": deadline });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": unit })).await;
    tasks[0]["id"].as_i64().expect("task id")
}

async fn add_robot(admin: &Client, unit: i64, robot: Value) -> i64 {
    admin.post(&format!("/api/v1/units/{unit}/robots"), robot).await.expect(201)["id"].as_i64().expect("robot id")
}

/// Writes what the changes owe into the outbox and sends what is due.
async fn sweep_and_send(app: &TestApp, mailer: &Mailer) -> outbox::SendReport {
    escalation::sweep(&app.ctx).await.expect("sweep");
    outbox::send_due(&app.ctx, mailer, "sender").await.expect("send")
}

#[tokio::test]
async fn each_vendor_gets_the_assignment_notice_in_its_format_signed_and_linked_to_the_task_page() {
    let app = spawn_demo().await;
    let hooks = Receiver::start().await;
    let unit = fresh_unit(&app, "robotcity").await;
    let admin = app.as_user("admin").await;
    let base = &hooks.address;
    add_robot(
        &admin,
        unit,
        json!({ "kind": "dingtalk", "name": "办公室钉钉群",
        "webhook_url": format!("{base}/dingtalk?access_token={TOKEN}"), "secret": DING_SECRET }),
    )
    .await;
    add_robot(
        &admin,
        unit,
        json!({ "kind": "wecom", "name": "企业微信群",
        "webhook_url": format!("{base}/wecom?key={TOKEN}") }),
    )
    .await;
    add_robot(
        &admin,
        unit,
        json!({ "kind": "feishu", "name": "飞书群",
        "webhook_url": format!("{base}/feishu/{TOKEN}"), "secret": FEISHU_SECRET }),
    )
    .await;
    let task = assign_to(&app, unit, "机器人通知测试部署").await;
    let mailer = Mailer::from_config(&app.ctx.config).expect("mailer");
    let sent = sweep_and_send(&app, &mailer).await;
    assert_eq!((sent.sent, sent.failed, sent.dead), (3, 0, 0), "{sent:?}");

    let link = format!("{}/tasks/{task}", app.ctx.config.base_url);
    let now_ms = app.clock.now_utc().timestamp_millis();
    let ding = hooks.hits("/dingtalk");
    assert_eq!(ding.len(), 1, "{ding:?}");
    let ding = &ding[0];
    assert_eq!(ding.query["access_token"], TOKEN);
    // The signature, worked out here: HMAC-SHA256 of "timestamp\nsecret" keyed by the secret.
    assert_eq!(ding.query["timestamp"], now_ms.to_string());
    assert_eq!(ding.query["sign"], hmac_base64(DING_SECRET.as_bytes(), format!("{now_ms}\n{DING_SECRET}").as_bytes()));
    assert_eq!(ding.body["msgtype"], "markdown");
    let title = ding.body["markdown"]["title"].as_str().expect("title");
    let text = ding.body["markdown"]["text"].as_str().expect("text");
    assert!(title.contains("机器人通知测试部署"), "{title}");
    assert_eq!(
        text,
        format!(
            "#### {title}\n\n**任务**：机器人通知测试部署\n\n**承办单位**：robotcity市人民政府\n\n**期限**：{} (Asia/Shanghai)\n\n[查看任务]({link})",
            (app.clock.now_utc() + Duration::days(20))
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y年%-m月%-d日 %H:%M")
        )
    );
    assert!(!text.contains("/api/"), "the link is the task's page: {text}");

    let wecom = hooks.hits("/wecom");
    assert_eq!(wecom.len(), 1);
    assert_eq!(wecom[0].query["key"], TOKEN);
    assert_eq!(wecom[0].body, json!({ "msgtype": "markdown", "markdown": { "content": text } }));

    let feishu = hooks.hits(&format!("/feishu/{TOKEN}"));
    assert_eq!(feishu.len(), 1);
    let feishu = &feishu[0].body;
    let seconds = now_ms / 1000;
    assert_eq!(feishu["timestamp"], seconds.to_string());
    assert_eq!(feishu["sign"], hmac_base64(format!("{seconds}\n{FEISHU_SECRET}").as_bytes(), b""));
    assert_eq!(feishu["msg_type"], "interactive");
    assert_eq!(feishu["card"]["header"]["title"]["content"], title);
    assert_eq!(feishu["card"]["elements"], json!([{ "tag": "markdown", "content": text }]));

    // Sweeping and sending again posts nothing more.
    sweep_and_send(&app, &mailer).await;
    assert_eq!(hooks.hits.lock().expect("lock").len(), 3);
}

#[tokio::test]
async fn an_outage_and_vendor_error_codes_are_retried_and_each_notice_arrives_once() {
    let app = spawn_demo().await;
    let hooks = Receiver::start().await;
    let unit = fresh_unit(&app, "outagecity").await;
    let admin = app.as_user("admin").await;
    let base = &hooks.address;
    let wecom =
        add_robot(&admin, unit, json!({ "kind": "wecom", "name": "群", "webhook_url": format!("{base}/wecom?key=k") }))
            .await;
    let ding = add_robot(
        &admin,
        unit,
        json!({ "kind": "dingtalk", "name": "群", "webhook_url": format!("{base}/dingtalk?access_token=t") }),
    )
    .await;
    hooks.script("/wecom", &[(500, "down"), (200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#)]);
    hooks.script("/dingtalk", &[(503, ""), (200, r#"{"errcode":130101,"errmsg":"send too fast"}"#)]);
    assign_to(&app, unit, "故障重试测试部署").await;
    let mailer = Mailer::from_config(&app.ctx.config).expect("mailer");

    let first = sweep_and_send(&app, &mailer).await;
    assert_eq!((first.sent, first.failed), (0, 2), "{first:?}");
    let row = |robot: i64| {
        let db = app.ctx.db.clone();
        async move {
            notifications::Entity::find()
                .filter(notifications::Column::RobotId.eq(robot))
                .one(&db)
                .await
                .expect("query")
                .expect("the robot's row")
        }
    };
    assert_eq!(row(wecom).await.last_error.as_deref(), Some("wecom robot: HTTP 500 down"));
    // Not due before its backoff.
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").sent, 0);
    app.clock.advance(Duration::minutes(1));
    let second = outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!((second.sent, second.failed), (0, 2), "{second:?}");
    assert!(row(ding).await.last_error.is_some_and(|e| e.contains("130101 (rate limit)")));
    app.clock.advance(Duration::minutes(2));
    let third = outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(third.sent, 2, "{third:?}");
    app.clock.advance(Duration::hours(7));
    sweep_and_send(&app, &mailer).await;

    for (robot, path) in [(wecom, "/wecom"), (ding, "/dingtalk")] {
        let row = row(robot).await;
        assert_eq!((row.status.as_str(), row.attempts), ("sent", 3), "{path}");
        // Three posts, the third taken: the notice arrived once.
        assert_eq!(hooks.hits(path).len(), 3, "{path}");
    }
}

#[tokio::test]
async fn a_refused_webhook_is_a_dead_letter_that_the_outbox_admin_sends_again_once() {
    let app = spawn_demo().await;
    let hooks = Receiver::start().await;
    let unit = fresh_unit(&app, "deadcity").await;
    let admin = app.as_user("admin").await;
    let robot = add_robot(
        &admin,
        unit,
        json!({ "kind": "feishu", "name": "群", "webhook_url": format!("{}/feishu/x", hooks.address) }),
    )
    .await;
    hooks.script(
        "/feishu/x",
        &[(404, r#"{"code":19001,"msg":"param invalid: incoming webhook access token invalid"}"#)],
    );
    assign_to(&app, unit, "死信重发测试部署").await;
    let mailer = Mailer::from_config(&app.ctx.config).expect("mailer");
    assert_eq!(sweep_and_send(&app, &mailer).await.dead, 1);
    let listing = admin.get("/api/v1/outbox").await.expect(200);
    let dead = listing["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["robot_id"] == robot)
        .expect("the robot's message is listed")
        .clone();
    assert_eq!((dead["status"].as_str(), dead["channel"].as_str()), (Some("dead"), Some("feishu")));
    assert_eq!(dead["recipient_email"], "");
    admin.post(&format!("/api/v1/outbox/{}/retry", dead["id"]), json!({})).await.expect(200);
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").sent, 1);
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").sent, 0);
    assert_eq!(hooks.hits("/feishu/x").len(), 2);
}

#[tokio::test]
async fn a_unit_that_may_not_see_the_task_gets_nothing_not_even_a_row_queued_for_it() {
    let app = spawn_demo().await;
    let hooks = Receiver::start().await;
    let (assignee, sibling) = (fresh_unit(&app, "seecity").await, fresh_unit(&app, "othercity").await);
    let admin = app.as_user("admin").await;
    let base = &hooks.address;
    add_robot(
        &admin,
        assignee,
        json!({ "kind": "wecom", "name": "承办群", "webhook_url": format!("{base}/assignee") }),
    )
    .await;
    let other = add_robot(
        &admin,
        sibling,
        json!({ "kind": "wecom", "name": "兄弟单位群", "webhook_url": format!("{base}/sibling") }),
    )
    .await;
    let task = assign_to(&app, assignee, "可见范围测试部署").await;
    let mailer = Mailer::from_config(&app.ctx.config).expect("mailer");
    sweep_and_send(&app, &mailer).await;
    assert_eq!(hooks.hits("/assignee").len(), 1);
    assert!(hooks.hits("/sibling").is_empty());
    let rows = notifications::Entity::find()
        .filter(notifications::Column::RobotId.eq(other))
        .all(&app.ctx.db)
        .await
        .expect("query");
    assert!(rows.is_empty(), "nothing is even queued for the sibling's robot: {rows:?}");

    // A row for the sibling's robot about the task (as one queued while the task was the
    // sibling's, before a reassignment took it away) is skipped when its turn comes.
    let queued = NewNotification {
        dedup_key: format!("remind:{task}:2026-11-28:r{other}"),
        task_id: Some(task),
        step_id: None,
        recipient_user_id: None,
        recipient_email: String::new(),
        template: "reminder".into(),
        locale: Locale::Zh,
        subject: "提醒".into(),
        body_text: "#### 提醒".into(),
        body_html: String::new(),
        channel: Channel::Wecom,
        robot_id: Some(other),
    };
    store::notifications::insert_new(&app.ctx.db, vec![queued], app.clock.now_utc()).await.expect("queued");
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").skipped, 1);
    let skipped = notifications::Entity::find()
        .filter(notifications::Column::RobotId.eq(other))
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("row");
    assert_eq!(skipped.status.as_str(), "skipped");
    assert_eq!(skipped.last_error.as_deref(), Some("the robot's unit can no longer see the task"));
    assert!(hooks.hits("/sibling").is_empty());
}

#[tokio::test]
async fn secrets_never_appear_in_any_answer_or_page_and_sub_unit_admins_reach_only_their_subtree() {
    let app = spawn_demo().await;
    let hooks = Receiver::start().await;
    let unit = fresh_unit(&app, "secretcity").await;
    let admin = app.as_user("admin").await;
    let url = format!("{}/dingtalk?access_token={TOKEN}", hooks.address);
    let robot = add_robot(
        &admin,
        unit,
        json!({ "kind": "dingtalk", "name": "保密群", "webhook_url": url, "secret": DING_SECRET }),
    )
    .await;
    let leaks = |text: &str| text.contains(TOKEN) || text.contains(DING_SECRET);

    let listed = admin.get(&format!("/api/v1/units/{unit}/robots")).await.expect(200);
    assert!(!leaks(&listed.to_string()), "{listed}");
    assert_eq!(listed[0]["webhook"], format!("{}/…Show", hooks.address));
    assert_eq!((listed[0]["signed"].as_bool(), listed[0]["enabled"].as_bool()), (Some(true), Some(true)));
    // A change that leaves the address and the secret out keeps them, and shows neither.
    let changed = admin
        .put(&format!("/api/v1/robots/{robot}"), json!({ "kind": "dingtalk", "name": "保密群（改）", "enabled": true }))
        .await
        .expect(200);
    assert!(!leaks(&changed.to_string()) && changed["signed"] == true, "{changed}");
    admin
        .put(&format!("/api/v1/robots/{robot}"), json!({ "kind": "dingtalk", "name": "x", "webhook_url": "" }))
        .await
        .expect_problem(422, "webhook_url");
    // Bad input names the field and changes nothing.
    admin
        .post(
            &format!("/api/v1/units/{unit}/robots"),
            json!({ "kind": "dingtalk", "name": "x", "webhook_url": url, "secret": "has a space" }),
        )
        .await
        .expect_problem(422, "secret");
    admin
        .post(
            &format!("/api/v1/units/{unit}/robots"),
            json!({ "kind": "wecom", "name": "x", "webhook_url": "ftp://x" }),
        )
        .await
        .expect_problem(422, "webhook_url");
    assert_eq!(admin.get(&format!("/api/v1/units/{unit}/robots")).await.expect(200).as_array().map(Vec::len), Some(1));

    assign_to(&app, unit, "保密测试部署").await;
    let mailer = Mailer::from_config(&app.ctx.config).expect("mailer");
    assert_eq!(sweep_and_send(&app, &mailer).await.sent, 1);
    let outbox = admin.get("/api/v1/outbox").await.expect(200);
    assert!(!leaks(&outbox.to_string()));
    let history = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("robot"))
        .all(&app.ctx.db)
        .await
        .expect("query");
    assert_eq!(history.len(), 2, "created and changed");
    assert!(history.iter().all(|e| !leaks(&format!("{:?}{:?}", e.before, e.after))));

    let browser = app.browse_as("admin", DEMO_PASSWORD).await;
    for page in [format!("/admin/units/{unit}"), "/admin/outbox".to_owned()] {
        let html =
            browser.get(format!("{}{page}", app.address)).send().await.expect("page").text().await.expect("body");
        assert!(html.contains("保密群（改）") || page.ends_with("outbox"), "{page}");
        assert!(!leaks(&html), "{page} shows a secret");
    }

    // The unit's page sets robots without script: add one through the form, with its CSRF token.
    let page = browser
        .get(format!("{}/admin/units/{unit}", app.address))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    let csrf = hidden_field(&page, "csrf");
    let added = browser
        .post(format!("{}/admin/units/{unit}/robots", app.address))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "feishu"),
            ("name", "表单飞书群"),
            ("webhook_url", "https://open.feishu.cn/open-apis/bot/v2/hook/formTokenNeverShown"),
            ("enabled", "yes"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(added.status().as_u16(), 303);
    let page = browser
        .get(format!("{}/admin/units/{unit}", app.address))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(
        page.contains("表单飞书群")
            && page.contains("https://open.feishu.cn/…hown")
            && !page.contains("formTokenNeverShown")
    );
    let refused = browser
        .post(format!("{}/admin/units/{unit}/robots", app.address))
        .form(&[("csrf", "wrong"), ("kind", "feishu"), ("name", "x"), ("webhook_url", "https://x.example/h")])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status().as_u16(), 403);

    // A sub-unit's admin reaches the robots of its own subtree only; others are not admins.
    let jj_admin = app.as_user("jj-admin").await;
    jj_admin.get(&format!("/api/v1/units/{unit}/robots")).await.expect(404);
    jj_admin.put(&format!("/api/v1/robots/{robot}"), json!({ "kind": "dingtalk", "name": "x" })).await.expect(404);
    jj_admin.delete(&format!("/api/v1/robots/{robot}")).await.expect(404);
    let jj = app.unit("jj-yj").await;
    add_robot(&jj_admin, jj, json!({ "kind": "wecom", "name": "九江应急群", "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" })).await;
    app.as_user("jj-yj").await.get(&format!("/api/v1/units/{jj}/robots")).await.expect(403);
    admin.delete(&format!("/api/v1/robots/{robot}")).await.expect(204);
    admin.get(&format!("/api/v1/units/{unit}/robots")).await.expect(200);
}

#[tokio::test]
async fn the_units_file_gives_units_robots_matched_by_webhook_and_the_old_format_still_reads() {
    let app = spawn_demo().await;
    let file = "key,parent,kind,level,name_zh,name_en,robot_kind,robot_name,robot_webhook,robot_secret\n\
        csvcity,jx,government,municipal,导入市,Import City,dingtalk,导入群,\
        https://oapi.dingtalk.com/robot/send?access_token=csvTokenNeverShown,SECcsvSecret\n";
    units_import::import(&app.ctx, file).await.expect("imported");
    let unit = app.unit("csvcity").await;
    let admin = app.as_user("admin").await;
    let listed = || async { admin.get(&format!("/api/v1/units/{unit}/robots")).await.expect(200) };
    let robots = listed().await;
    assert_eq!(robots.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (robots[0]["kind"].as_str(), robots[0]["name"].as_str(), robots[0]["signed"].as_bool()),
        (Some("dingtalk"), Some("导入群"), Some(true))
    );
    assert_eq!(robots[0]["webhook"], "https://oapi.dingtalk.com/…hown");
    let robot_events = || async {
        audit_events::Entity::find()
            .filter(audit_events::Column::Entity.eq("robot"))
            .all(&app.ctx.db)
            .await
            .expect("query")
            .len()
    };
    assert_eq!(robot_events().await, 1);

    // The same file again changes nothing.
    units_import::import(&app.ctx, file).await.expect("imported again");
    assert_eq!(listed().await, robots);
    assert_eq!(robot_events().await, 1);
    // A new name, the secret left empty: the robot with that webhook is renamed, still signed.
    units_import::import(&app.ctx, &file.replace("导入群", "导入群二").replace(",SECcsvSecret", ","))
        .await
        .expect("renamed");
    let renamed = listed().await;
    assert_eq!((renamed.as_array().map(Vec::len), renamed[0]["name"].as_str()), (Some(1), Some("导入群二")));
    assert_eq!(renamed[0]["signed"], true);
    assert_eq!(robot_events().await, 2);

    // A robot of an unknown kind names the line and the column, and changes nothing.
    match units_import::import(&app.ctx, &file.replace(",dingtalk,", ",slack,")).await {
        Err(ServiceError::Invalid { field: "file", reason }) => {
            let said = reason.to_string();
            assert!(said.contains("error-file-line (line: 2, column: \"robot_kind\""), "{said}")
        }
        other => panic!("{other:?}"),
    }
    // The old format, without the robot columns, still reads and leaves the robot alone.
    units_import::import(
        &app.ctx,
        "key,parent,kind,level,name_zh,name_en\ncsvcity,jx,government,municipal,导入市,Import City\n",
    )
    .await
    .expect("the old format");
    assert_eq!(listed().await, renamed);
}
