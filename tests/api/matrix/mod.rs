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

mod sign_in;
mod upkeep;
mod work;
