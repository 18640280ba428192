//! `spawn_app()`: the real application on 127.0.0.1:0 with its own fresh database — a
//! temporary SQLite file, or, when `DUBAN_TEST_DATABASE_URL` is set, a PostgreSQL database
//! created for the test and dropped after it — always through the real migrations.

use std::{collections::BTreeMap, sync::Arc};

use chrono::{DateTime, TimeZone, Utc};
use duban::domain::ids::TaskId;
use duban::domain::ids::{UnitId, UserId};
use duban::{
    app,
    clock::ManualClock,
    config::Config,
    domain::lifecycle::TaskAction,
    domain::vocabulary::{Locale, Role, UnitKind, UnitLevel},
    services::{
        Actor, Ctx, ServiceError,
        records::Task,
        setup::{self, UnitInput, UserInput},
        tasks::{self, ActionInput},
    },
};
use sea_orm::{ConnectionTrait, Database, EntityTrait, PaginatorTrait};

pub struct TestApp {
    pub address: String,
    pub ctx: Ctx,
    pub clock: ManualClock,
    pub http: reqwest::Client,
    // Dropped after the app's fields: the PostgreSQL database, then the SQLite folder.
    _postgres: Option<PostgresDatabase>,
    _dir: tempfile::TempDir,
}

/// The instant every test starts at: the session's "today".
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).single().expect("valid instant")
}

/// A PostgreSQL database made for one test and dropped after it.
struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside async; a short-lived runtime on its own thread removes the database.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(db) = Database::connect(&admin_url).await {
                    let _ = db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

async fn fresh_database(dir: &tempfile::TempDir) -> (String, Option<PostgresDatabase>) {
    match std::env::var("DUBAN_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("duban_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await.expect("connect to DUBAN_TEST_DATABASE_URL");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).expect("URL names a database");
            (format!("{base}/{name}"), Some(PostgresDatabase { admin_url, name }))
        }
        _ => (format!("sqlite://{}?mode=rwc", dir.path().join("duban.db").display()), None),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// `spawn_app` with settings of its own, as a `duban.toml` would give them.
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (database_url, postgres) = fresh_database(&dir).await;
    let mut file = BTreeMap::new();
    file.insert("database_url".to_owned(), database_url);
    file.insert("data_dir".to_owned(), dir.path().display().to_string());
    // Tests drive the sweep and the sender themselves, at the clock they set.
    file.insert("sweep_every".to_owned(), "off".to_owned());
    // …and send at once: the pacing has its own tests (domain::pacing).
    file.insert("send_rate".to_owned(), "0".to_owned());
    for (key, value) in settings {
        file.insert((*key).to_owned(), (*value).to_owned());
    }
    let config = Config::from_values(file, |_| None).expect("test configuration is valid");
    start(config, ManualClock::new(start_time()), postgres, dir).await
}

/// `spawn_app()` with the demo organisation and the November 17 conference loaded.
pub async fn spawn_demo() -> TestApp {
    let app = spawn_app().await;
    app.seed_demo().await;
    app
}

async fn start(
    config: Config,
    clock: ManualClock,
    postgres: Option<PostgresDatabase>,
    dir: tempfile::TempDir,
) -> TestApp {
    let ctx = app::prepare(config, Arc::new(clock.clone())).await.expect("the app prepares its database");
    let state = app::state(ctx.clone()).expect("templates compile");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().expect("bound address"));
    tokio::spawn(app::serve(listener, state, std::future::pending()));
    TestApp { address, ctx, clock, http: reqwest::Client::new(), _postgres: postgres, _dir: dir }
}

impl TestApp {
    /// The app started again on the same database and data folder, as after a restart. (The
    /// old server keeps answering on its own address, with what it had open.)
    pub async fn restart(self) -> TestApp {
        let config = (*self.ctx.config).clone();
        start(config, self.clock, self._postgres, self._dir).await
    }

    /// Runs the `duban` binary on this app's database and data folder, with `stdin` as its
    /// standard input, from a folder without a duban.toml.
    pub async fn duban(&self, args: &[&str], stdin: &str) -> Run {
        self.duban_with(args, stdin, &[]).await
    }

    /// `duban`, with `settings` (DUBAN_* variables) over the app's own.
    pub async fn duban_with(&self, args: &[&str], stdin: &str, settings: &[(&str, &str)]) -> Run {
        use tokio::io::AsyncWriteExt;
        let folder = tempfile::tempdir().expect("a folder to run in");
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_duban"));
        for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("DUBAN_")) {
            command.env_remove(key);
        }
        command
            .args(args)
            .current_dir(folder.path())
            .env("DUBAN_DATABASE_URL", &self.ctx.config.database_url)
            .env("DUBAN_DATA_DIR", &self.ctx.config.data_dir)
            .env("DUBAN_LOG", "warn")
            .envs(settings.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("the duban binary starts");
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(stdin.as_bytes()).await.expect("write stdin");
        drop(input);
        let output = child.wait_with_output().await.expect("the duban binary finishes");
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// What a run of the `duban` binary printed, and whether it succeeded.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A file shipped in the repository, by its path from the root.
pub fn repository_file(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Asserts that the closure table and every depth agree with the parent pointers: what
/// creating, moving and importing units must keep true.
pub async fn assert_tree_consistent(db: &impl ConnectionTrait) {
    use std::collections::{BTreeSet, HashMap};
    let units = duban::entities::units::Entity::find().all(db).await.expect("units");
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut expected = BTreeSet::new();
    for unit in &units {
        let (mut current, mut distance) = (Some(unit.id), 0);
        while let Some(id) = current {
            expected.insert((id, unit.id, distance));
            current = parent[&id];
            distance += 1;
        }
        assert_eq!(unit.depth, distance - 1, "depth of {}", unit.key);
    }
    let actual: BTreeSet<(i64, i64, i32)> = duban::entities::unit_closure::Entity::find()
        .all(db)
        .await
        .expect("closure")
        .into_iter()
        .map(|row| (row.ancestor_id, row.descendant_id, row.distance))
        .collect();
    assert_eq!(actual, expected, "the closure table matches the parent pointers");
}

/// Every unit as the organisation sees it, by key: parent, kind, level, line of work, names,
/// addresses, depth and whether it is active.
pub async fn unit_tree(db: &impl ConnectionTrait) -> Vec<String> {
    let units = duban::entities::units::Entity::find().all(db).await.expect("units");
    let key_of = |id: Option<i64>| units.iter().find(|u| Some(u.id) == id).map(|u| u.key.clone()).unwrap_or_default();
    let mut lines: Vec<String> = units
        .iter()
        .map(|u| {
            format!(
                "{} < {} | {} {} {:?} | {} | {} | {:?} {:?} | depth {} active {}",
                u.key,
                key_of(u.parent_id),
                u.kind,
                u.level,
                u.function,
                u.name_zh,
                u.name_en,
                u.email,
                u.head_email,
                u.depth,
                u.active
            )
        })
        .collect();
    lines.sort();
    lines
}

/// Every account with its unit, state and password hash: what admin refusals must leave alone.
pub async fn accounts(db: &impl ConnectionTrait) -> Vec<(String, i64, bool, String)> {
    let users = duban::entities::users::Entity::find().all(db).await.expect("users");
    users.into_iter().map(|u| (u.username, u.unit_id, u.active, u.password_hash)).collect()
}

/// How many rows a table holds.
pub async fn count_rows<E: EntityTrait>(db: &impl ConnectionTrait) -> u64
where
    E::Model: Sync,
{
    E::find().count(db).await.expect("count rows")
}

/// A small organisation for rule tests: the province with its secretariat, Jiujiang with two
/// bureaus and a county, and Nanchang beside it.
pub struct Org {
    pub secretariat: Actor,
    pub city: Actor,
    pub bureau: Actor,
    pub sibling_bureau: Actor,
    pub county: Actor,
    pub other_city: Actor,
    pub leader: Actor,
}

impl TestApp {
    pub async fn org(&self) -> Org {
        let now = self.clock.now_utc();
        let db = &self.ctx.db;
        let units: &[(&str, Option<&str>, UnitKind, UnitLevel)] = &[
            ("jx", None, UnitKind::Government, UnitLevel::Province),
            ("jx-aw", Some("jx"), UnitKind::Secretariat, UnitLevel::Province),
            ("jj", Some("jx"), UnitKind::Government, UnitLevel::Municipal),
            ("jj-yj", Some("jj"), UnitKind::Department, UnitLevel::Municipal),
            ("jj-xf", Some("jj"), UnitKind::Department, UnitLevel::Municipal),
            ("jj-ruichang", Some("jj"), UnitKind::Government, UnitLevel::County),
            ("nc", Some("jx"), UnitKind::Government, UnitLevel::Municipal),
        ];
        for (key, parent, kind, level) in units {
            setup::create_unit(
                db,
                None,
                &UnitInput {
                    key: (*key).to_owned(),
                    parent_key: parent.map(str::to_owned),
                    kind: *kind,
                    level: *level,
                    function: None,
                    name_zh: format!("{key} 单位"),
                    name_en: format!("{key} unit"),
                    email: None,
                    head_email: None,
                    short_name: None,
                    aliases: Vec::new(),
                    doc_prefix: None,
                },
                now,
            )
            .await
            .expect("create unit");
        }
        let hash = setup::hash_password("correct horse battery").expect("hash");
        let actor = async |username: &str, role: Role, unit: &str| -> Actor {
            let user = setup::create_user(
                db,
                None,
                &UserInput {
                    username: username.to_owned(),
                    display_name: username.to_owned(),
                    email: format!("{username}@test.example"),
                    role,
                    unit_key: unit.to_owned(),
                    locale: Locale::Zh,
                },
                hash.clone(),
                now,
            )
            .await
            .expect("create user");
            Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role: user.role }
        };
        Org {
            secretariat: actor("secretariat", Role::Secretariat, "jx-aw").await,
            city: actor("city", Role::Officer, "jj").await,
            bureau: actor("bureau", Role::Officer, "jj-yj").await,
            sibling_bureau: actor("sibling", Role::Officer, "jj-xf").await,
            county: actor("county", Role::Officer, "jj-ruichang").await,
            other_city: actor("other-city", Role::Officer, "nc").await,
            leader: actor("leader", Role::Leader, "jx").await,
        }
    }
}

/// The manual clock's current instant, without naming the trait at every call.
pub trait NowUtc {
    fn now_utc(&self) -> DateTime<Utc>;
}

impl NowUtc for ManualClock {
    fn now_utc(&self) -> DateTime<Utc> {
        duban::clock::Clock::now(self)
    }
}

/// A signed-in API client: a Bearer token, or a cookie session with its CSRF token.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub bearer: Option<String>,
    pub csrf: Option<String>,
    pub user: serde_json::Value,
}

/// One API answer: status and JSON body (Null when the body is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: serde_json::Value,
}

impl Answer {
    /// The body, after asserting the status.
    #[track_caller]
    pub fn expect(self, status: u16) -> serde_json::Value {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        self.body
    }

    /// Asserts a problem+json refusal naming `field`.
    #[track_caller]
    pub fn expect_problem(self, status: u16, field: &str) {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        assert_eq!(self.body["field"], field, "field named in {}", self.body);
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()), "a reason in {}", self.body);
    }
}

impl Client {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        request
    }

    pub async fn send(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        Answer { status, body: serde_json::from_str(&text).unwrap_or(serde_json::Value::Null) }
    }

    pub async fn get(&self, path: &str) -> Answer {
        Self::send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> Answer {
        Self::send(self.request(reqwest::Method::POST, path).json(&body)).await
    }

    pub async fn put(&self, path: &str, body: serde_json::Value) -> Answer {
        Self::send(self.request(reqwest::Method::PUT, path).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        Self::send(self.request(reqwest::Method::DELETE, path)).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        self.send_raw(reqwest::Method::POST, path, content_type, body).await
    }

    pub async fn send_raw(&self, method: reqwest::Method, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        Self::send(self.request(method, path).header("content-type", content_type).body(body)).await
    }

    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Answer {
        Self::send(self.request(reqwest::Method::POST, path).multipart(form)).await
    }

    pub fn user_id(&self) -> i64 {
        self.user["id"].as_i64().expect("user id")
    }

    pub fn unit_id(&self) -> i64 {
        self.user["unit_id"].as_i64().expect("unit id")
    }
}

impl TestApp {
    /// Loads the demo organisation and the November 17 conference.
    pub async fn seed_demo(&self) {
        duban::services::demo::seed(&self.ctx).await.expect("demo seed");
    }

    /// An anonymous client.
    pub fn anonymous(&self) -> Client {
        Client {
            base: self.address.clone(),
            http: reqwest::Client::new(),
            bearer: None,
            csrf: None,
            user: serde_json::Value::Null,
        }
    }

    /// Signs in with a password and keeps the session cookie and CSRF token.
    pub async fn sign_in(&self, username: &str, password: &str) -> Client {
        let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
        let answer = Client::send(
            http.post(format!("{}/api/v1/session", self.address))
                .json(&serde_json::json!({ "username": username, "password": password })),
        )
        .await;
        let body = answer.expect(200);
        Client {
            base: self.address.clone(),
            http,
            bearer: None,
            csrf: body["csrf_token"].as_str().map(str::to_owned),
            user: body["user"].clone(),
        }
    }

    /// Signs in as a demo account, creates an API token and returns a Bearer client.
    pub async fn as_user(&self, username: &str) -> Client {
        let session = self.sign_in(username, duban::services::demo::DEMO_PASSWORD).await;
        let token = session.post("/api/v1/tokens", serde_json::json!({ "name": "tests" })).await.expect(201);
        Client {
            base: self.address.clone(),
            http: reqwest::Client::new(),
            bearer: token["token"].as_str().map(str::to_owned),
            csrf: None,
            user: session.user.clone(),
        }
    }

    /// Adds an account with the demo password to the demo organisation.
    pub async fn add_demo_user(&self, username: &str, role: Role, unit_key: &str) {
        let hash = setup::hash_password(duban::services::demo::DEMO_PASSWORD).expect("hash");
        let input = UserInput {
            username: username.to_owned(),
            display_name: username.to_owned(),
            email: format!("{username}@test.example"),
            role,
            unit_key: unit_key.to_owned(),
            locale: Locale::Zh,
        };
        setup::create_user(&self.ctx.db, None, &input, hash, self.clock.now_utc()).await.expect("create user");
    }

    /// The id of a demo unit by its key.
    /// The demo's task assigned to the unit `unit_key` by the unit `by_key`.
    pub async fn task_assigned(&self, unit_key: &str, by_key: &str) -> duban::entities::tasks::Model {
        use duban::entities::tasks;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let (unit, by) = (self.unit(unit_key).await, self.unit(by_key).await);
        tasks::Entity::find()
            .filter(tasks::Column::AssigneeUnitId.eq(unit))
            .filter(tasks::Column::AssignerUnitId.eq(by))
            .order_by_asc(tasks::Column::Id)
            .one(&self.ctx.db)
            .await
            .expect("query")
            .expect("the demo has the task")
    }

    pub async fn unit(&self, key: &str) -> i64 {
        duban::store::units::find_by_key(&self.ctx.db, key).await.expect("query").expect("unit exists").id
    }
}

impl Client {
    /// Creates `directive` (a draft), issues it and assigns it as `assignment` says; returns the
    /// directive's id and the tasks created.
    pub async fn issue_and_assign(
        &self,
        directive: serde_json::Value,
        assignment: serde_json::Value,
    ) -> (i64, serde_json::Value) {
        let created = self.post("/api/v1/directives", directive).await.expect(201);
        let id = created["id"].as_i64().expect("directive id");
        self.post(&format!("/api/v1/directives/{id}/issue"), serde_json::json!({ "version": created["version"] }))
            .await
            .expect(200);
        let tasks = self.post(&format!("/api/v1/directives/{id}/assignments"), assignment).await.expect(201);
        (id, tasks)
    }
}

impl TestApp {
    /// Issues a directive of `by`'s unit titled `title` (a hazardous-chemicals campaign due in
    /// thirty days), numbered after every directive there is; returns its id.
    pub async fn issued_directive(&self, by: &Actor, title: &str) -> i64 {
        use duban::domain::{
            directives::{DirectiveFields, Filing},
            drafting::Category,
            vocabulary::{DirectiveSource, DirectiveStatus, Priority},
        };
        let db = &self.ctx.db;
        let now = self.clock.now_utc();
        let issued = duban::entities::directives::Entity::find().count(db).await.expect("count");
        let filing = Filing {
            meeting_id: None,
            unit_id: by.unit_id.0,
            seq: i32::try_from(issued).expect("few") + 1,
            status: DirectiveStatus::Issued,
            source: DirectiveSource::Manual,
        };
        let fields = DirectiveFields {
            title_zh: format!("{title}专项"),
            title_en: format!("{title} campaign"),
            body: "全面排查".to_owned(),
            category: Category::HazardousChemicals,
            priority: Priority::Normal,
            deadline: now + chrono::Duration::days(30),
            places: vec![],
            industries: vec![],
        };
        setup::create_directive(db, Some(by.user_id.0), filing, fields, now).await.expect("directive").id
    }

    /// One lifecycle action through the service, at the test clock's now.
    pub async fn act(
        &self,
        actor: &Actor,
        task_id: i64,
        action: TaskAction,
        input: ActionInput,
    ) -> Result<Task, ServiceError> {
        tasks::act(&self.ctx, actor, TaskId(task_id), action, input).await
    }
}

/// A browser's view of the pages: a cookie jar, no redirects followed (so tests see them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// A page fetched with a browser's session: its status and its text.
pub async fn get_page(browser: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("page");
    (answer.status().as_u16(), answer.text().await.expect("body"))
}

/// A report form as the task page sends it (multipart, csrf first): the kept files ticked,
/// then the files chosen.
pub fn page_report_form(
    csrf: &str,
    version: &str,
    text: &str,
    kept: &[i64],
    files: &[(&str, &[u8])],
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("version", version.to_owned())
        .text("text", text.to_owned());
    for id in kept {
        form = form.text("kept", id.to_string());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name((*name).to_owned())
            .mime_str("application/octet-stream")
            .expect("mime");
        form = form.part("evidence", part);
    }
    form
}

/// A page's form posted with a browser's session: the status, where it leads, and the body.
pub async fn post_form(
    browser: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let answer = browser.post(format!("{}{path}", app.address)).form(form).send().await.expect("post");
    let status = answer.status().as_u16();
    let location = answer.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (status, location, answer.text().await.expect("body"))
}

/// The value of the hidden field `name` in a page's form.
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).expect("the hidden field is in the page");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

impl TestApp {
    /// Signs in through the sign-in page as a person would, and returns the browser.
    pub async fn browse_as(&self, username: &str, password: &str) -> reqwest::Client {
        let browser = browser();
        let form = browser.get(&self.address).send().await.expect("page").text().await.expect("body");
        let csrf = hidden_field(&form, "csrf");
        let answer = browser
            .post(format!("{}/sign-in", self.address))
            .form(&[("username", username), ("password", password), ("csrf", &csrf)])
            .send()
            .await
            .expect("sign in");
        assert_eq!(answer.status().as_u16(), 303, "signed in and sent to the first page");
        browser
    }
}

/// How many tasks the database holds, to show that a refused request created none.
pub async fn count_tasks(db: &impl ConnectionTrait) -> u64 {
    count_rows::<duban::entities::tasks::Entity>(db).await
}

/// Each task's top assigner (the assigner of the top task of its chain), found by walking up
/// its parents.
pub fn top_assigners_by_hand(all: &[duban::entities::tasks::Model]) -> std::collections::HashMap<i64, i64> {
    let by_id: std::collections::HashMap<i64, &duban::entities::tasks::Model> = all.iter().map(|t| (t.id, t)).collect();
    all.iter()
        .map(|task| {
            let mut top = task;
            while let Some(parent) = top.parent_id {
                top = by_id[&parent];
            }
            (task.id, top.assigner_unit_id)
        })
        .collect()
}

/// Whether unit `id` is `top` or below it, found by walking `parent` links by hand (never the
/// closure table the code under test reads).
pub fn at_or_below(parent: &std::collections::HashMap<i64, Option<i64>>, id: i64, top: i64) -> bool {
    let mut at = Some(id);
    while let Some(unit) = at {
        if unit == top {
            return true;
        }
        at = parent[&unit];
    }
    false
}

/// Progress of `duban seed --scale` that nobody watches.
pub struct Quiet;

impl duban::services::scale::Progress for Quiet {
    fn phase(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}
