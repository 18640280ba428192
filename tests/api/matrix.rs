//! The authorization matrix over HTTP: for every endpoint, who gets 401 (nobody signed in),
//! 404 (may not see the object, and learns nothing of it), 403 (may see it but may not do
//! this) or 409 (sees the task but is the wrong party for this lifecycle step); and after
//! every refusal, nothing changed.

use std::collections::HashMap;

use chrono::Duration;
use duban::{domain::vocabulary::Role, entities, services::demo::DEMO_PASSWORD};
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Answer, Client, NowUtc, TestApp, accounts, spawn_app, spawn_app_with, unit_tree};

/// Words that appear only in the directive, its tasks and its meeting: a refusal that
/// contains them has leaked the object.
pub const TITLE: &str = "矩阵专项：尾矿库汛期隐患排查（不得外泄）";
pub const DESCRIPTION: &str = "只给相关单位看的整改细节 matrix-secret-7731";
/// A small but real PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// The people the matrix asks, each by a demo account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    /// Jiujiang's traffic police: a sibling bureau with no part in the directive.
    Sibling,
    /// Jiujiang's fire detachment: holds the cooperating task, not the lead's.
    Cooperating,
    /// Ruichang's emergency bureau: below the lead bureau, holds the child task.
    Child,
    /// The mayor of Jiujiang: reads everything below, acts on nothing but instructions.
    Leader,
    /// An officer of Jiujiang's government: sees the bureau's tasks, is neither party.
    Bystander,
    /// The province secretariat, which assigned the task.
    Assigner,
    /// The lead bureau, Jiujiang Emergency Management.
    Assignee,
    /// Jiujiang's own secretariat: a secretariat that may not see the province's drafts.
    OtherSecretariat,
    /// An officer (not secretariat) of the province secretariat's unit.
    SameUnitOfficer,
    /// A leader of a sibling bureau (made for these tests).
    SiblingLeader,
    ProvinceLeader,
    /// The administrator of Jiujiang (the demo's `jj-admin`): manages the city's units and
    /// accounts and reads its outbox; acts on no task and changes nothing province-wide. (The
    /// API refuses no read by role: it reads what the city's subtree holds, as the city does.)
    SubAdmin,
    /// The head of the lead bureau (the demo's `jj-yj-head`): a leader of a unit below the
    /// city, reading its own bureau's subtree.
    SubLeader,
}

const EVERYONE: [Who; 14] = [
    Who::Anonymous,
    Who::Sibling,
    Who::Cooperating,
    Who::Child,
    Who::Leader,
    Who::Bystander,
    Who::Assigner,
    Who::Assignee,
    Who::OtherSecretariat,
    Who::SameUnitOfficer,
    Who::SiblingLeader,
    Who::ProvinceLeader,
    Who::SubAdmin,
    Who::SubLeader,
];

/// The actors every row names, in the order of its `expect`.
const CORE: [Who; 6] = [Who::Anonymous, Who::Sibling, Who::Child, Who::Leader, Who::SubAdmin, Who::SubLeader];

impl Who {
    fn username(self) -> Option<&'static str> {
        Some(match self {
            Who::Anonymous => return None,
            Who::Sibling => "jj-jj",
            Who::Cooperating => "jj-xf",
            Who::Child => "jj-ruichang-yj",
            Who::Leader => "jj-mayor",
            Who::Bystander => "jj",
            Who::Assigner => "jx-secretariat",
            Who::Assignee => "jj-yj",
            Who::OtherSecretariat => "jj-secretariat",
            Who::SameUnitOfficer => "jx-aw",
            Who::SiblingLeader => "jj-ga-head",
            Who::ProvinceLeader => "jx-leader",
            Who::SubAdmin => "jj-admin",
            Who::SubLeader => "jj-yj-head",
        })
    }
}

/// One request, rebuilt for every actor.
#[derive(Clone)]
pub enum Call {
    Get(String),
    Post(String, Value),
    Put(String, Value),
    Delete(String),
    /// A multipart progress report with a PDF, at this task version.
    Report(String, i32),
}

impl Call {
    /// The route this call exercises, as the API document names it: the method, and the path
    /// with its ids and days put back as `{id}` and `{day}`.
    pub fn route(&self) -> (&'static str, String) {
        let (method, path) = match self {
            Call::Get(path) => ("get", path),
            Call::Post(path, _) | Call::Report(path, _) => ("post", path),
            Call::Put(path, _) => ("put", path),
            Call::Delete(path) => ("delete", path),
        };
        let path = path.split('?').next().unwrap_or_default();
        let template = path
            .split('/')
            .map(|segment| {
                if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                    "{id}"
                } else if segment.len() == 10 && segment.as_bytes()[4] == b'-' && segment.as_bytes()[7] == b'-' {
                    "{day}"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        (method, template)
    }

    pub async fn send(&self, client: &Client) -> Answer {
        match self {
            Call::Get(path) => client.get(path).await,
            Call::Post(path, body) => client.post(path, body.clone()).await,
            Call::Put(path, body) => client.put(path, body.clone()).await,
            Call::Delete(path) => client.delete(path).await,
            Call::Report(path, version) => {
                client.post_multipart(path, report_form(*version, "30", "evidence.pdf", PDF)).await
            }
        }
    }
}

/// A multipart progress report with one evidence file.
pub fn report_form(version: i32, progress: &str, file_name: &str, bytes: &[u8]) -> Form {
    Form::new()
        .text("version", version.to_string())
        .text("progress", progress.to_owned())
        .text("text", "已完成辖区内尾矿库第一轮排查")
        .part("evidence", Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()))
}

/// One endpoint: what the six actors every row must name get (anonymous, sibling, child,
/// leader, the city's administrator, the bureau's head), and what any other actor worth
/// asking gets.
pub struct Row {
    pub name: &'static str,
    pub call: Call,
    pub expect: [u16; 6],
    pub extra: Vec<(Who, u16)>,
}

pub fn row(name: &'static str, call: Call, expect: [u16; 6], extra: &[(Who, u16)]) -> Row {
    Row { name, call, expect, extra: extra.to_vec() }
}

/// The demo organisation plus one directive passed down over HTTP: the province secretariat
/// assigned it to Jiujiang's emergency bureau (lead, task `task`) and fire detachment
/// (cooperating); the bureau acknowledged, split a child task to Ruichang's bureau, reported
/// progress with a PDF and asked for an extension.
pub struct World {
    pub app: TestApp,
    clients: HashMap<Who, Client>,
    pub directive: i64,
    pub draft: i64,
    pub draft_version: i32,
    pub meeting: i64,
    pub task: i64,
    pub task_version: i32,
    pub child: i64,
    pub child_version: i32,
    pub file: i64,
    pub extension: i64,
    /// Ruichang's government: a unit a reassignment could name.
    pub ruichang: i64,
}

pub fn days(app: &TestApp, n: i64) -> String {
    (app.clock.now_utc() + Duration::days(n)).to_rfc3339()
}

pub async fn world() -> World {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.add_demo_user("jj-ga-head", Role::Leader, "jj-ga").await;
    let mut clients = HashMap::new();
    for who in EVERYONE {
        let client = match who.username() {
            None => app.anonymous(),
            Some(username) => app.as_user(username).await,
        };
        clients.insert(who, client);
    }
    let province = &clients[&Who::Assigner];
    let bureau = &clients[&Who::Assignee];
    let meeting = province
        .post(
            "/api/v1/meetings",
            json!({ "title_zh": TITLE, "title_en": "Matrix meeting", "held_on": "2026-11-20", "minutes": DESCRIPTION }),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .expect("meeting id");
    let directive_body = |title: String| {
        json!({ "meeting_id": meeting, "title_zh": title, "title_en": "Tailings dams before the flood season",
            "body": DESCRIPTION, "category": "mining", "priority": "high", "deadline": days(&app, 60) })
    };
    let assignment = json!({ "lead_unit_id": app.unit("jj-yj").await, "cooperating_unit_ids": [app.unit("jj-xf").await],
        "deadline": days(&app, 30) });
    let (directive, tasks) = province.issue_and_assign(directive_body(TITLE.to_owned()), assignment).await;
    let lead = tasks.as_array().expect("tasks").iter().find(|t| t["role"] == "lead").expect("lead task");
    let task = lead["id"].as_i64().expect("task id");
    let acknowledged = bureau
        .post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": lead["version"] }))
        .await
        .expect(200);
    let children = bureau
        .post(
            &format!("/api/v1/tasks/{task}/split"),
            json!({ "assignees": [{ "unit_id": app.unit("jj-ruichang-yj").await }], "deadline": days(&app, 20) }),
        )
        .await
        .expect(201);
    let version = acknowledged["version"].as_i64().expect("version") as i32;
    bureau
        .post_multipart(&format!("/api/v1/tasks/{task}/progress"), report_form(version, "30", "排查台账.pdf", PDF))
        .await
        .expect(200);
    let extension = bureau
        .post(
            &format!("/api/v1/tasks/{task}/extensions"),
            json!({ "requested_deadline": days(&app, 40), "reason": "汛期提前，需补充排查" }),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .expect("extension id");
    let draft = province.post("/api/v1/directives", directive_body(format!("{TITLE}（草稿）"))).await.expect(201);
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    World {
        directive,
        draft: draft["id"].as_i64().expect("draft id"),
        draft_version: draft["version"].as_i64().expect("version") as i32,
        meeting,
        task,
        task_version: detail["task"]["version"].as_i64().expect("version") as i32,
        child: children[0]["id"].as_i64().expect("child id"),
        child_version: children[0]["version"].as_i64().expect("version") as i32,
        file: detail["evidence"][0]["id"].as_i64().expect("evidence id"),
        extension,
        ruichang: app.unit("jj-ruichang").await,
        clients,
        app,
    }
}

/// How many rows of every kind a request could add or revoke.
pub async fn row_counts(app: &TestApp) -> Value {
    let db = &app.ctx.db;
    let revoked = entities::api_tokens::Entity::find()
        .filter(entities::api_tokens::Column::RevokedAt.is_not_null())
        .count(db)
        .await
        .expect("count");
    json!([
        entities::tasks::Entity::find().count(db).await.expect("count"),
        entities::directives::Entity::find().count(db).await.expect("count"),
        entities::meetings::Entity::find().count(db).await.expect("count"),
        entities::evidence_files::Entity::find().count(db).await.expect("count"),
        entities::reports::Entity::find().count(db).await.expect("count"),
        entities::extension_requests::Entity::find().count(db).await.expect("count"),
        entities::instructions::Entity::find().count(db).await.expect("count"),
        entities::api_tokens::Entity::find().count(db).await.expect("count"),
        entities::audit_events::Entity::find().count(db).await.expect("count"),
        revoked,
    ])
}

pub fn essentials(task: &Value) -> Value {
    json!({
        "version": task["version"], "status": task["status"], "progress": task["progress"],
        "deadline": task["deadline"], "assignee_unit_id": task["assignee_unit_id"],
    })
}

impl World {
    pub fn client(&self, who: Who) -> &Client {
        &self.clients[&who]
    }

    pub fn task_path(&self, action: &str) -> String {
        format!("/api/v1/tasks/{}/{action}", self.task)
    }

    /// Everything a refused request could have changed: the two tasks as their owners read
    /// them, their audit trails, the directives, and the number of rows of every kind.
    pub async fn state(&self) -> Value {
        let read = |who: Who, path: String| async move { self.client(who).get(&path).await.expect(200) };
        let task = read(Who::Assignee, format!("/api/v1/tasks/{}", self.task)).await;
        let child = read(Who::Child, format!("/api/v1/tasks/{}", self.child)).await;
        let history = read(Who::Assignee, format!("/api/v1/tasks/{}/history", self.task)).await;
        let child_history = read(Who::Child, format!("/api/v1/tasks/{}/history", self.child)).await;
        let directive = read(Who::Assigner, format!("/api/v1/directives/{}", self.directive)).await;
        let draft = read(Who::Assigner, format!("/api/v1/directives/{}", self.draft)).await;
        json!({
            "task": essentials(&task["task"]),
            "children": task["children"].as_array().map(Vec::len),
            "reports": task["reports"].as_array().map(Vec::len),
            "evidence": task["evidence"].as_array().map(Vec::len),
            "extensions": task["extensions"],
            "instructions": task["instructions"].as_array().map(Vec::len),
            "history": history.as_array().map(Vec::len),
            "child": essentials(&child["task"]),
            "child_history": child_history.as_array().map(Vec::len),
            "directive": [directive["status"], directive["version"]],
            "draft": [draft["status"], draft["version"], draft["title_zh"], draft["deadline"]],
            "rows": row_counts(&self.app).await,
            "units": unit_tree(&self.app.ctx.db).await,
            "accounts": accounts(&self.app.ctx.db).await,
        })
    }

    /// Sends `call` as `who`, asserts the status, that a refusal says nothing of the object,
    /// and that nothing changed.
    pub async fn check(&self, name: &str, call: &Call, who: Who, status: u16) -> Answer {
        let before = self.state().await;
        let answer = call.send(self.client(who)).await;
        assert_eq!(answer.status, status, "{name} as {who:?}: {}", answer.body);
        if status >= 400 {
            assert_eq!(answer.body["status"], status, "{name} as {who:?} answers problem+json: {}", answer.body);
            let text = answer.body.to_string();
            for secret in [TITLE, DESCRIPTION] {
                assert!(!text.contains(secret), "{name} as {who:?} leaks the object: {text}");
            }
            assert!(answer.body.get("assignee_unit_id").is_none() && answer.body.get("task").is_none());
        }
        assert_eq!(self.state().await, before, "{name} as {who:?} changed something");
        answer
    }

    pub async fn run(&self, rows: &[Row]) {
        for row in rows {
            let core = CORE.into_iter().zip(row.expect);
            // 0: this actor succeeds here; the test asserts that on its own, after the refusals.
            for (who, status) in core.chain(row.extra.iter().copied()).filter(|(_, status)| *status != 0) {
                self.check(row.name, &row.call, who, status).await;
            }
        }
    }
}

/// Reads: who may see the lead task, its child, the evidence, the directives and the meeting.
async fn read_rows(w: &World) -> Vec<Row> {
    let (t, c, d) = (w.task, w.child, w.directive);
    let nanchang = w.app.unit("nc").await;
    let (yj, jj) = (w.app.unit("jj-yj").await, w.app.unit("jj").await);
    // A bulletin Jiujiang's secretariat published: readable by its unit and the units above it.
    let published = w
        .client(Who::OtherSecretariat)
        .post("/api/v1/bulletins", json!({ "from": "2026-11-21", "to": "2026-11-28", "commentary": "表扬与批评" }))
        .await
        .expect(201)["id"]
        .as_i64()
        .expect("bulletin id");
    vec![
        row(
            "get task",
            Call::Get(format!("/api/v1/tasks/{t}")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Bystander, 200)],
        ),
        row(
            "task history",
            Call::Get(format!("/api/v1/tasks/{t}/history")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ),
        row(
            "task reports",
            Call::Get(format!("/api/v1/tasks/{t}/reports")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ),
        row(
            "get child task",
            Call::Get(format!("/api/v1/tasks/{c}")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::Assigner, 200)],
        ),
        row(
            "download evidence",
            Call::Get(format!("/api/v1/files/{}", w.file)),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assigner, 200)],
        ),
        row(
            "get issued directive",
            Call::Get(format!("/api/v1/directives/{d}")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 200), (Who::OtherSecretariat, 404)],
        ),
        row(
            "get draft directive",
            Call::Get(format!("/api/v1/directives/{}", w.draft)),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404)],
        ),
        row(
            "get meeting",
            Call::Get(format!("/api/v1/meetings/{}", w.meeting)),
            // Units working on its directive read the meeting it came from; the sibling does not.
            [401, 404, 200, 200, 200, 200],
            &[(Who::ProvinceLeader, 200)],
        ),
        row(
            "get unit outside reach",
            Call::Get(format!("/api/v1/units/{nanchang}")),
            [401, 404, 404, 404, 404, 404],
            &[],
        ),
        row(
            "unit rollup",
            // The figures of a unit's subtree: its own unit and the units above it read them.
            Call::Get(format!("/api/v1/units/{yj}/rollup")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Assignee, 200), (Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::ProvinceLeader, 200)],
        ),
        row(
            "unit rollup outside reach",
            Call::Get(format!("/api/v1/units/{nanchang}/rollup?directive={d}")),
            [401, 404, 404, 404, 404, 404],
            &[],
        ),
        row(
            "unit ranking",
            Call::Get(format!("/api/v1/units/{jj}/ranking")),
            [401, 404, 404, 200, 200, 404],
            &[(Who::Bystander, 200), (Who::Assignee, 404), (Who::ProvinceLeader, 200)],
        ),
        row(
            "directive rollup",
            Call::Get(format!("/api/v1/directives/{d}/rollup")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 200), (Who::OtherSecretariat, 404), (Who::Assigner, 200)],
        ),
        row(
            "get bulletin",
            Call::Get(format!("/api/v1/bulletins/{published}")),
            [401, 404, 404, 200, 200, 404],
            &[(Who::OtherSecretariat, 200), (Who::Bystander, 200), (Who::ProvinceLeader, 200), (Who::Assigner, 404)],
        ),
        row("list bulletins", Call::Get("/api/v1/bulletins".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list tasks", Call::Get("/api/v1/tasks".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list directives", Call::Get("/api/v1/directives".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list meetings", Call::Get("/api/v1/meetings".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list units", Call::Get("/api/v1/units".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("inbox", Call::Get("/api/v1/inbox".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("me", Call::Get("/api/v1/me".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list tokens", Call::Get("/api/v1/tokens".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list calendar feeds", Call::Get("/api/v1/calendar-feeds".into()), [401, 200, 200, 200, 200, 200], &[]),
    ]
}

#[tokio::test]
async fn reads_are_refused_to_anonymous_callers_and_hidden_from_units_outside_the_task_chain() {
    let w = world().await;
    let (t, c, d) = (w.task, w.child, w.directive);
    w.run(&read_rows(&w).await).await;

    // Lists, even filtered straight at the objects, name only what the caller may see.
    let yj = w.app.unit("jj-yj").await;
    assert_eq!(w.client(Who::Assignee).unit_id(), yj);
    let ids = async |who: Who, path: String| -> Vec<i64> {
        let body = w.client(who).get(&path).await.expect(200);
        let items = body.get("items").unwrap_or(&body).as_array().expect("a list").clone();
        items.iter().map(|i| i["id"].as_i64().expect("id")).collect()
    };
    for query in ["", "?status=in_progress,acknowledged", &format!("?directive_id={d}"), &format!("?unit_id={yj}")] {
        let path = format!("/api/v1/tasks{query}&per_page=200").replacen('&', "?", usize::from(query.is_empty()));
        let sibling = ids(Who::Sibling, path.clone()).await;
        assert!(!sibling.contains(&t) && !sibling.contains(&c), "sibling list {path}: {sibling:?}");
        let child = ids(Who::Child, path.clone()).await;
        assert!(!child.contains(&t), "child list {path}: {child:?}");
        let cooperating = ids(Who::Cooperating, path.clone()).await;
        assert!(!cooperating.contains(&t) && !cooperating.contains(&c), "cooperating list {path}");
    }
    let leader = ids(Who::Leader, format!("/api/v1/tasks?directive_id={d}")).await;
    assert!(leader.contains(&t) && leader.contains(&c), "the mayor reads the whole chain: {leader:?}");
    assert!(ids(Who::Child, format!("/api/v1/tasks?directive_id={d}")).await.contains(&c));
    for who in [Who::Sibling, Who::OtherSecretariat, Who::Leader] {
        let directives = ids(who, "/api/v1/directives".into()).await;
        assert!(!directives.contains(&w.draft), "{who:?} lists the draft");
    }
    assert!(!ids(Who::Sibling, "/api/v1/meetings".into()).await.contains(&w.meeting), "the sibling lists the meeting");
    assert!(ids(Who::Leader, "/api/v1/meetings".into()).await.contains(&w.meeting), "the mayor lists the meeting");
    assert!(!ids(Who::Sibling, "/api/v1/directives".into()).await.contains(&d));
}

const ASSIGNER_ACTIONS: [&str; 4] = ["accept", "return", "reassign", "cancel"];

/// Every lifecycle action, with a body that would succeed for the right party.
fn actions(w: &World, task: i64, version: i32) -> Vec<(&'static str, Call)> {
    let path = |action: &str| format!("/api/v1/tasks/{task}/{action}");
    vec![
        ("acknowledge", Call::Post(path("acknowledge"), json!({ "version": version }))),
        ("decline", Call::Post(path("decline"), json!({ "version": version, "reason": "不属本单位职责" }))),
        ("progress", Call::Post(path("progress"), json!({ "version": version, "text": "进展", "progress": 50 }))),
        ("progress with evidence", Call::Report(path("progress"), version)),
        ("complete", Call::Post(path("complete"), json!({ "version": version, "text": "已办结" }))),
        ("accept", Call::Post(path("accept"), json!({ "version": version }))),
        ("return", Call::Post(path("return"), json!({ "version": version, "reason": "证据不足" }))),
        ("reassign", Call::Post(path("reassign"), json!({ "version": version, "unit_id": w.ruichang }))),
        ("cancel", Call::Post(path("cancel"), json!({ "version": version, "text": "撤销" }))),
    ]
}

/// Asserts a 409 is the wrong-party refusal (not a stale version or a state refusal).
async fn wrong_party(w: &World, name: &str, call: &Call, who: Who) {
    let answer = w.check(name, call, who, 409).await;
    let detail = answer.body["detail"].as_str().unwrap_or_default();
    assert!(detail.starts_with("only the"), "{name} as {who:?} is refused as the wrong party: {detail}");
}

/// The lifecycle actions and the split of the lead task, refused to everyone but its parties.
async fn lifecycle_rows(w: &World) -> Vec<Row> {
    let mut rows = Vec::new();
    for (name, call) in actions(w, w.task, w.task_version) {
        rows.push(row(
            name,
            call,
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ));
    }
    let split = json!({ "assignees": [{ "unit_id": w.app.unit("jj-hukou-yj").await }], "deadline": days(&w.app, 10) });
    rows.push(row(
        "split",
        Call::Post(w.task_path("split"), split),
        [401, 404, 404, 403, 403, 403],
        &[(Who::Cooperating, 404), (Who::Bystander, 403), (Who::Assigner, 403)],
    ));
    rows
}

#[tokio::test]
async fn lifecycle_actions_are_refused_to_strangers_leaders_and_the_wrong_party_and_change_nothing() {
    let w = world().await;
    w.run(&lifecycle_rows(&w).await).await;

    // Those who see the task but are not the party the lifecycle names get 409.
    for (name, call) in actions(&w, w.task, w.task_version) {
        let other_side = if ASSIGNER_ACTIONS.contains(&name) { Who::Assignee } else { Who::Assigner };
        wrong_party(&w, name, &call, Who::Bystander).await;
        wrong_party(&w, name, &call, other_side).await;
    }
    // On the child task the bureau is the assigner and Ruichang the assignee; the province
    // sees the child task but is neither.
    for (name, call) in actions(&w, w.child, w.child_version) {
        w.check(name, &call, Who::Anonymous, 401).await;
        w.check(name, &call, Who::Sibling, 404).await;
        w.check(name, &call, Who::Cooperating, 404).await;
        w.check(name, &call, Who::Leader, 403).await;
        wrong_party(&w, name, &call, Who::Assigner).await;
        wrong_party(&w, name, &call, Who::Bystander).await;
        let other_side = if ASSIGNER_ACTIONS.contains(&name) { Who::Child } else { Who::Assignee };
        wrong_party(&w, name, &call, other_side).await;
    }
}

/// Writing meetings and directives: the issuing secretariat only.
async fn writing_rows(w: &World) -> Vec<Row> {
    let meeting = json!({ "title_zh": "会议", "title_en": "Meeting", "held_on": "2026-11-25" });
    let directive = json!({ "title_zh": "新部署", "title_en": "New directive", "category": "gas", "priority": "normal",
        "deadline": days(&w.app, 20) });
    let mut edit = directive.clone();
    edit["version"] = json!(w.draft_version);
    let mut edit_issued = edit.clone();
    edit_issued["version"] = json!(2);
    let issue = json!({ "version": w.draft_version });
    let assign = json!({ "lead_unit_id": w.app.unit("jj-ga").await });
    let (d, draft) = (w.directive, w.draft);
    vec![
        row(
            "create meeting",
            Call::Post("/api/v1/meetings".into(), meeting),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::SiblingLeader, 403)],
        ),
        row(
            "create directive",
            Call::Post("/api/v1/directives".into(), directive),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::ProvinceLeader, 403)],
        ),
        row(
            "edit draft",
            Call::Put(format!("/api/v1/directives/{draft}"), edit),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "issue draft",
            Call::Post(format!("/api/v1/directives/{draft}/issue"), issue),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "edit issued directive",
            Call::Put(format!("/api/v1/directives/{d}"), edit_issued),
            [401, 404, 403, 403, 403, 403],
            &[(Who::OtherSecretariat, 404), (Who::Assigner, 409)],
        ),
        row(
            "publish bulletin",
            Call::Post(
                "/api/v1/bulletins".into(),
                json!({ "from": "2026-11-21", "to": "2026-11-28", "commentary": "通报" }),
            ),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::Assignee, 403), (Who::ProvinceLeader, 403)],
        ),
        row(
            "issue and assign a meeting's drafts",
            Call::Post(
                format!("/api/v1/meetings/{}/assignments", w.meeting),
                json!({ "directives": [{ "id": draft, "version": w.draft_version }], "assignment": assign }),
            ),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "assign directive",
            Call::Post(format!("/api/v1/directives/{d}/assignments"), assign),
            [401, 404, 403, 403, 403, 403],
            &[
                (Who::OtherSecretariat, 404),
                (Who::Cooperating, 403),
                (Who::Bystander, 403),
                (Who::SameUnitOfficer, 403),
            ],
        ),
    ]
}

#[tokio::test]
async fn meetings_and_directives_are_written_only_by_the_issuing_secretariat_and_hidden_from_others() {
    let w = world().await;
    w.run(&writing_rows(&w).await).await;
}

/// Extensions, instructions and tokens.
async fn access_rows(w: &World) -> Vec<Row> {
    let (t, d, e) = (w.task, w.directive, w.extension);
    let bureau_token = w.client(Who::Assignee).get("/api/v1/tokens").await.expect(200)[0]["id"].as_i64().expect("id");
    let made = w.client(Who::Assignee).post("/api/v1/calendar-feeds", json!({ "name": "matrix" })).await.expect(201);
    let bureau_feed = made["id"].as_i64().expect("feed id");
    let extension = json!({ "requested_deadline": days(&w.app, 45), "reason": "需要更多时间" });
    let on_task = json!({ "task_id": t, "body": "要压实责任，确保汛前全部整改到位" });
    let on_directive = json!({ "directive_id": d, "body": "各地要举一反三" });
    vec![
        row(
            "request extension",
            Call::Post(w.task_path("extensions"), extension),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assigner, 403), (Who::Bystander, 403)],
        ),
        row(
            "approve extension",
            Call::Post(format!("/api/v1/extensions/{e}/approve"), json!({})),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "refuse extension",
            Call::Post(format!("/api/v1/extensions/{e}/refuse"), json!({ "reason": "不同意" })),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        // 催办: the assigner, the secretariat and leaders above; never the unit that owes the work.
        row(
            "remind",
            Call::Post(w.task_path("reminders"), json!({ "message": "请加快进度" })),
            [401, 404, 404, 0, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "instruction on task",
            Call::Post("/api/v1/instructions".into(), on_task.clone()),
            [401, 404, 404, 0, 403, 0],
            &[(Who::SiblingLeader, 404), (Who::Cooperating, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "instruction on directive",
            Call::Post("/api/v1/instructions".into(), on_directive),
            [401, 404, 403, 0, 403, 0],
            &[(Who::SiblingLeader, 404), (Who::OtherSecretariat, 404)],
        ),
        row(
            "revoke another's token",
            Call::Delete(format!("/api/v1/tokens/{bureau_token}")),
            [401, 404, 404, 404, 404, 404],
            &[(Who::Assigner, 404)],
        ),
        row("create token", Call::Post("/api/v1/tokens".into(), json!({ "name": "x" })), [401, 0, 0, 0, 0, 0], &[]),
        row(
            "revoke another's calendar feed",
            Call::Delete(format!("/api/v1/calendar-feeds/{bureau_feed}")),
            [401, 404, 404, 404, 404, 404],
            &[(Who::Assigner, 404)],
        ),
        // Administrators follow no tasks, so they have no deadlines to subscribe to.
        row(
            "create calendar feed",
            Call::Post("/api/v1/calendar-feeds".into(), json!({ "name": "x" })),
            [401, 0, 0, 0, 403, 0],
            &[],
        ),
    ]
}

#[tokio::test]
async fn files_extensions_instructions_and_tokens_are_refused_to_those_outside_and_leaders_may_only_instruct() {
    let w = world().await;
    w.run(&access_rows(&w).await).await;
    let t = w.task;
    let on_task = json!({ "task_id": t, "body": "要压实责任，确保汛前全部整改到位" });
    w.client(Who::Assignee).get("/api/v1/me").await.expect(200);

    // The mayor may instruct on the bureau's task: one event in its trail, and the instruction
    // reaches the county below; units outside still see nothing of it.
    let events = w.client(Who::Assignee).get(&format!("/api/v1/tasks/{t}/history")).await.expect(200);
    let written = w.client(Who::Leader).post("/api/v1/instructions", on_task).await.expect(201);
    assert_eq!(written["task_id"], t);
    let after = w.client(Who::Assignee).get(&format!("/api/v1/tasks/{t}/history")).await.expect(200);
    assert_eq!(after.as_array().map(Vec::len), events.as_array().map(|e| e.len() + 1));
    let child = w.client(Who::Child).get(&format!("/api/v1/tasks/{}", w.child)).await.expect(200);
    assert!(child["instructions"].as_array().expect("instructions").iter().any(|i| i["id"] == written["id"]));
    w.check("get task", &Call::Get(format!("/api/v1/tasks/{t}")), Who::Sibling, 404).await;
}

#[tokio::test]
async fn a_cookie_session_write_without_its_csrf_token_is_refused_with_403_and_changes_nothing() {
    let w = world().await;
    let session = w.app.sign_in("jj-yj", DEMO_PASSWORD).await;
    let forged = |csrf: Option<String>| Client {
        base: session.base.clone(),
        http: session.http.clone(),
        bearer: None,
        csrf,
        user: session.user.clone(),
    };
    let progress = json!({ "version": w.task_version, "text": "进展", "progress": 60 });
    for client in [forged(None), forged(Some("0".repeat(64)))] {
        for call in [
            Call::Post(w.task_path("progress"), progress.clone()),
            Call::Report(w.task_path("progress"), w.task_version),
            Call::Post("/api/v1/tokens".into(), json!({ "name": "csrf" })),
            Call::Delete("/api/v1/session".into()),
        ] {
            let before = w.state().await;
            let answer = call.send(&client).await;
            assert_eq!(answer.status, 403, "{}", answer.body);
            assert!(answer.body["detail"].as_str().unwrap_or_default().contains("CSRF"), "{}", answer.body);
            assert_eq!(w.state().await, before, "a forged write changed something");
        }
        // Reads need no token, and the session survived the refused sign-out.
        client.get(&format!("/api/v1/tasks/{}", w.task)).await.expect(200);
    }
    // With its token the same session may write.
    session.post(&w.task_path("progress"), progress).await.expect(200);
}

#[tokio::test]
async fn a_revoked_api_token_is_refused_with_401_and_only_its_owner_may_revoke_it() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let bureau = app.as_user("jj-yj").await;
    let stranger = app.as_user("jj-jj").await;
    let tokens = bureau.get("/api/v1/tokens").await.expect(200);
    let id = tokens[0]["id"].as_i64().expect("token id");
    stranger.delete(&format!("/api/v1/tokens/{id}")).await.expect(404);
    bureau.get("/api/v1/me").await.expect(200);
    let revoked = bureau.delete(&format!("/api/v1/tokens/{id}")).await.expect(200);
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    for answer in [
        bureau.get("/api/v1/me").await,
        bureau.get("/api/v1/tasks").await,
        bureau.post("/api/v1/tokens", json!({ "name": "again" })).await,
    ] {
        assert_eq!(answer.status, 401, "{}", answer.body);
    }
    stranger.get("/api/v1/me").await.expect(200);
}

/// Signs in over HTTP, as from `from` when given (the test app trusts 127.0.0.1 as a proxy
/// only where the test says so).
async fn try_sign_in(app: &TestApp, username: &str, password: &str, from: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({ "username": username, "password": password }));
    if let Some(address) = from {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.expect("request reaches the app")
}

fn retry_after(response: &reqwest::Response) -> Option<u64> {
    response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn guesses_wait_longer_and_longer_even_with_the_right_password_and_a_success_clears_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for attempt in 1..=5 {
        assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401, "attempt {attempt}");
    }
    for password in ["wrong-guess", DEMO_PASSWORD] {
        let response = try_sign_in(&app, "jj-yj", password, None).await;
        assert_eq!(response.status().as_u16(), 429, "with {password}");
        assert_eq!(retry_after(&response), Some(1), "the first wait is a second");
    }
    // Another account from the same address is not slowed by this one's failures.
    assert_eq!(try_sign_in(&app, "jj-xf", DEMO_PASSWORD, None).await.status().as_u16(), 200);
    app.clock.advance(Duration::seconds(1));
    assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401);
    let response = try_sign_in(&app, "jj-yj", DEMO_PASSWORD, None).await;
    assert_eq!((response.status().as_u16(), retry_after(&response)), (429, Some(2)), "the next wait doubles");
    app.clock.advance(Duration::seconds(2));
    app.sign_in("jj-yj", DEMO_PASSWORD).await.get("/api/v1/me").await.expect(200);
    // The success cleared the count: five more guesses pass before any wait.
    for attempt in 1..=5 {
        assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401, "again {attempt}");
    }
}

#[tokio::test]
async fn a_guesser_elsewhere_never_locks_the_owner_out() {
    let app = spawn_app_with(&[("trusted_proxies", "127.0.0.1")]).await;
    app.seed_demo().await;
    let attacker = Some("203.0.113.66");
    for _ in 0..5 {
        assert_eq!(try_sign_in(&app, "admin", "guess", attacker).await.status().as_u16(), 401);
    }
    assert_eq!(try_sign_in(&app, "admin", "guess", attacker).await.status().as_u16(), 429);
    let owner = try_sign_in(&app, "admin", DEMO_PASSWORD, Some("198.51.100.10")).await;
    assert_eq!(owner.status().as_u16(), 200, "the owner, from their own address, signs in");
}

#[tokio::test]
async fn an_office_behind_one_address_signs_in_all_morning_and_only_failures_count() {
    let app = spawn_app().await;
    app.seed_demo().await;
    // Far more successful sign-ins than the address's free attempts, all at one instant.
    for n in 1..=30 {
        let user = ["jj-yj", "jj-xf", "jx-secretariat"][n % 3];
        assert_eq!(try_sign_in(&app, user, DEMO_PASSWORD, None).await.status().as_u16(), 200, "sign-in {n}");
    }
    // Failures still count: twenty guesses at many accounts, then the address waits.
    for n in 0..20 {
        let account = format!("nobody-{n}");
        assert_eq!(try_sign_in(&app, &account, "guess", None).await.status().as_u16(), 401, "guess {n}");
    }
    assert_eq!(try_sign_in(&app, "nobody-20", "guess", None).await.status().as_u16(), 429);
}

#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for n in 0..5 {
        let spoofed = format!("203.0.113.{n}");
        assert_eq!(try_sign_in(&app, "admin", "guess", Some(&spoofed)).await.status().as_u16(), 401);
    }
    let response = try_sign_in(&app, "admin", "guess", Some("203.0.113.99")).await;
    assert_eq!(response.status().as_u16(), 429, "a new X-Forwarded-For does not buy new guesses");
}

/// The tools of secretariats and admins: drafting, the calendar, the keyword rules and the
/// department names.
async fn tool_rows(w: &World) -> Vec<Row> {
    let day = (w.app.clock.now_utc() + Duration::days(40)).format("%Y-%m-%d").to_string();
    let holiday = json!({ "kind": "holiday", "name": "测试假日" });
    let rule = json!({ "keyword": "冰雪", "category": "road_traffic", "lead_function": "transport", "weight": 3 });
    let first_rule = w.client(Who::Assignee).get("/api/v1/keyword-rules").await.expect(200)[0]["id"]
        .as_i64()
        .expect("a default rule");
    let department = json!({ "name": "城投集团", "function": "housing_construction" });
    let first_name = w.client(Who::Assignee).get("/api/v1/department-names").await.expect(200)[0]["id"]
        .as_i64()
        .expect("a default department name");
    let minutes = json!({ "minutes": "会议要求，各地要加强冬季道路交通安全管理。", "meeting_date": "2026-11-20" });
    vec![
        row("draft from minutes", Call::Post("/api/v1/drafts".into(), minutes), [401, 403, 403, 403, 403, 403], &[]),
        row(
            "read the calendar",
            Call::Get(format!("/api/v1/calendar?from={day}&to={day}")),
            [401, 200, 200, 200, 200, 200],
            &[],
        ),
        row(
            "set a calendar day",
            Call::Put(format!("/api/v1/calendar/{day}"), holiday),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "clear a calendar day",
            Call::Delete(format!("/api/v1/calendar/{day}")),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row("list keyword rules", Call::Get("/api/v1/keyword-rules".into()), [401, 200, 200, 200, 200, 200], &[]),
        row(
            "add a keyword rule",
            Call::Post("/api/v1/keyword-rules".into(), rule.clone()),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "replace a keyword rule",
            Call::Put(format!("/api/v1/keyword-rules/{first_rule}"), rule),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row(
            "delete a keyword rule",
            Call::Delete(format!("/api/v1/keyword-rules/{first_rule}")),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row("list department names", Call::Get("/api/v1/department-names".into()), [401, 200, 200, 200, 200, 200], &[]),
        row(
            "add a department name",
            Call::Post("/api/v1/department-names".into(), department.clone()),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "replace a department name",
            Call::Put(format!("/api/v1/department-names/{first_name}"), department),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row(
            "delete a department name",
            Call::Delete(format!("/api/v1/department-names/{first_name}")),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
    ]
}

#[tokio::test]
async fn drafting_the_calendar_and_the_keyword_rules_are_refused_to_those_they_are_not_for() {
    let w = world().await;
    w.run(&tool_rows(&w).await).await;
}

/// The organisation's upkeep is for admins alone: every other caller is refused, and no unit,
/// account or audit event changes.
async fn admin_rows(w: &World) -> Vec<Row> {
    let (unit, nanchang) = (w.app.unit("jj-hukou-e1").await, w.app.unit("nc").await);
    let user = w.client(Who::Assignee).user_id();
    let new_unit = json!({ "key": "jj-sl", "parent_id": w.app.unit("jj").await, "kind": "department",
        "level": "municipal", "name_zh": "九江市水利局", "name_en": "Jiujiang Water Resources Bureau" });
    let new_user = json!({ "username": "intruder", "email": "i@example.org", "role": "admin", "unit_id": nanchang,
        "password": "a-long-password" });
    let others = [(Who::Assigner, 403), (Who::ProvinceLeader, 403), (Who::Assignee, 403)];
    vec![
        row("create a unit", Call::Post("/api/v1/units".into(), new_unit), [401, 403, 403, 403, 0, 403], &others),
        row(
            "rename a unit",
            Call::Put(format!("/api/v1/units/{unit}"), json!({ "name_zh": "改名", "name_en": "Renamed" })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "move a unit",
            Call::Post(format!("/api/v1/units/{unit}/move"), json!({ "parent_id": w.ruichang })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "deactivate a unit",
            Call::Post(format!("/api/v1/units/{unit}/deactivate"), json!({})),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row("list accounts", Call::Get("/api/v1/users".into()), [401, 403, 403, 403, 0, 403], &others),
        row("create an account", Call::Post("/api/v1/users".into(), new_user), [401, 403, 403, 403, 409, 403], &others),
        row(
            "move an account",
            Call::Post(format!("/api/v1/users/{user}/move"), json!({ "unit_id": nanchang })),
            [401, 403, 403, 403, 409, 403],
            &others,
        ),
        row(
            "deactivate an account",
            Call::Post(format!("/api/v1/users/{user}/deactivate"), json!({})),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "reset a password",
            Call::Post(format!("/api/v1/users/{user}/password"), json!({ "password": "taken-over-now" })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "rename a unit outside the city",
            Call::Put(format!("/api/v1/units/{nanchang}"), json!({ "name_zh": "改名", "name_en": "Renamed" })),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "list a unit's robots",
            Call::Get(format!("/api/v1/units/{unit}/robots")),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "add a robot",
            Call::Post(
                format!("/api/v1/units/{unit}/robots"),
                json!({ "kind": "wecom", "name": "群", "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" }),
            ),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "list the robots of a unit outside the city",
            Call::Get(format!("/api/v1/units/{nanchang}/robots")),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "change a robot",
            Call::Put("/api/v1/robots/999999".into(), json!({ "kind": "wecom", "name": "群" })),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row("remove a robot", Call::Delete("/api/v1/robots/999999".into()), [401, 403, 403, 403, 404, 403], &others),
        row("read the outbox", Call::Get("/api/v1/outbox".into()), [401, 403, 403, 403, 0, 403], &others),
        row(
            "retry a message",
            Call::Post("/api/v1/outbox/1/retry".into(), json!({})),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "retry messages in bulk",
            Call::Post("/api/v1/outbox/retry".into(), json!({ "statuses": ["dead"] })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
    ]
}

#[tokio::test]
async fn units_and_accounts_are_managed_by_admins_alone() {
    let w = world().await;
    w.run(&admin_rows(&w).await).await;
    // What the rows leave to the city's administrator it does within the city, and no further.
    let city = w.client(Who::SubAdmin);
    let listed = city.get("/api/v1/users").await.expect(200);
    let names: Vec<&str> = listed.as_array().expect("users").iter().filter_map(|u| u["username"].as_str()).collect();
    assert!(names.contains(&"jj-yj") && names.contains(&"jj-ruichang-yj"), "{names:?}");
    assert!(!names.iter().any(|n| ["nc", "jx-secretariat", "admin"].contains(n)), "{names:?}");
    let unit = w.app.unit("jj-hukou-e1").await;
    city.put(&format!("/api/v1/units/{unit}"), json!({ "name_zh": "改名", "name_en": "Renamed" })).await.expect(200);
    city.get("/api/v1/outbox").await.expect(200);
}

/// Routes no caller can be refused: signing in is for everyone, and signing out ends only the
/// caller's own session.
const OPEN_TO_ALL: [(&str, &str); 2] = [("post", "/api/v1/session"), ("delete", "/api/v1/session")];

#[tokio::test]
async fn every_route_in_the_api_document_has_its_row_in_the_matrix() {
    let w = world().await;
    let mut rows = read_rows(&w).await;
    for more in [
        lifecycle_rows(&w).await,
        writing_rows(&w).await,
        access_rows(&w).await,
        tool_rows(&w).await,
        admin_rows(&w).await,
    ] {
        rows.extend(more);
    }
    let covered: std::collections::BTreeSet<(&str, String)> = rows.iter().map(|r| r.call.route()).collect();
    let doc = w.app.anonymous().get("/api/openapi.json").await.expect(200);
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            let route = (method.as_str(), path.clone());
            if !covered.iter().any(|(m, p)| *m == route.0 && *p == route.1)
                && !OPEN_TO_ALL.contains(&(route.0, path.as_str()))
            {
                missing.push(format!("{} {}", method.to_uppercase(), path));
            }
        }
    }
    assert!(missing.is_empty(), "routes with no row in the authorization matrix: {missing:?}");
}
