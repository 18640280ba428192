//! Two `duban serve` processes behind nginx, as a province runs them: different data folders,
//! one PostgreSQL database, evidence in an S3-compatible store, nginx's round-robin in front
//! with `trusted_proxies` set to it, both sweeping and sending to one SMTP server (in this
//! process). The November 17 cascade is walked through nginx — sign in, assign, acknowledge,
//! report with evidence, download it through the other instance, complete, accept, dashboard —
//! and every e-mail the outbox sent arrives exactly once.
//!
//! It needs nginx, PostgreSQL (`DUBAN_TEST_DATABASE_URL`) and an S3-compatible server
//! (`DUBAN_TEST_S3_ENDPOINT`), as `.ci/run` provides on its PostgreSQL run; elsewhere it says
//! what is missing and passes, unless `DUBAN_TEST_LB=required`.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{helpers::Client, smtp::SmtpServer};

/// Processes started by this test, stopped by their PIDs when it ends, however it ends.
#[derive(Default)]
struct Started(Vec<(String, Child)>);

impl Drop for Started {
    fn drop(&mut self) {
        for (_, child) in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A PostgreSQL database made for the walk, dropped after it.
struct Scratch {
    admin: DatabaseConnection,
    name: String,
}

impl Scratch {
    async fn drop_database(self) {
        let _ = self.admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

/// What the walk needs, or the reason it cannot run here.
fn requirements() -> Result<(String, String), String> {
    let database = std::env::var("DUBAN_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"));
    let s3 = std::env::var("DUBAN_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty());
    let nginx = Command::new("nginx").arg("-v").stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    match (database, s3, nginx) {
        (Some(database), Some(s3), true) => Ok((database, s3)),
        (database, s3, nginx) => Err(format!(
            "needs PostgreSQL (DUBAN_TEST_DATABASE_URL: {}), an S3-compatible server (DUBAN_TEST_S3_ENDPOINT: {}) and nginx ({})",
            if database.is_some() { "set" } else { "unset" },
            if s3.is_some() { "set" } else { "unset" },
            if nginx { "found" } else { "not found" },
        )),
    }
}

/// Asks `url` every 20 ms until it answers 200 (a process starting), for at most a minute.
async fn until_ready(http: &reqwest::Client, url: &str, log: &Path) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if http.get(url).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{url} never answered: {}", std::fs::read_to_string(log).unwrap_or_default());
}

fn nginx_config(dir: &Path, listen: u16, upstreams: &[u16]) -> String {
    let servers: String = upstreams.iter().map(|port| format!("        server 127.0.0.1:{port};\n")).collect();
    let d = dir.display();
    format!(
        "pid {d}/nginx.pid;\nerror_log {d}/nginx-error.log warn;\nevents {{ worker_connections 256; }}\nhttp {{\n    \
         access_log {d}/nginx-access.log;\n    client_body_temp_path {d}/body;\n    proxy_temp_path {d}/proxy;\n    \
         fastcgi_temp_path {d}/fastcgi;\n    uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n    \
         upstream duban {{\n{servers}    }}\n    server {{\n        listen 127.0.0.1:{listen};\n        \
         client_max_body_size 250m;\n        location / {{\n            proxy_pass http://duban;\n            \
         proxy_http_version 1.1;\n            proxy_request_buffering off;\n            \
         proxy_set_header Host $host;\n            \
         proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n            \
         proxy_set_header X-Forwarded-Proto $scheme;\n        }}\n    }}\n}}\n"
    )
}

/// Signs in through nginx and makes an API token, as `TestApp::as_user` does.
async fn as_user(base: &str, username: &str) -> Client {
    let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let session = Client { base: base.to_owned(), http, bearer: None, csrf: None, user: serde_json::Value::Null };
    let body = session
        .post("/api/v1/session", json!({ "username": username, "password": duban::services::demo::DEMO_PASSWORD }))
        .await
        .expect(200);
    let session =
        Client { csrf: body["csrf_token"].as_str().map(str::to_owned), user: body["user"].clone(), ..session };
    let token = session.post("/api/v1/tokens", json!({ "name": "scale-out" })).await.expect(201);
    Client {
        base: base.to_owned(),
        http: reqwest::Client::new(),
        bearer: token["token"].as_str().map(str::to_owned),
        csrf: None,
        user: session.user.clone(),
    }
}

/// The instance that answered.
fn instance(response: &reqwest::Response) -> String {
    response.headers().get("x-duban-instance").and_then(|v| v.to_str().ok()).unwrap_or("none").to_owned()
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .expect("query")
        .expect("a row");
    row.try_get_by_index::<i64>(0).expect("a count")
}

#[tokio::test]
async fn two_instances_behind_nginx_walk_the_cascade_and_send_every_email_once() {
    let (admin_url, s3_endpoint) = match requirements() {
        Ok(found) => found,
        Err(reason) if std::env::var("DUBAN_TEST_LB").as_deref() == Ok("required") => panic!("{reason}"),
        Err(reason) => {
            eprintln!("skipped: the two-instance walk {reason}");
            return;
        }
    };
    // One database for both instances, one bucket prefix, one mail server.
    let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL");
    let scratch = Scratch { admin, name: format!("duban_lb_{}", uuid::Uuid::new_v4().simple()) };
    scratch.admin.execute_unprepared(&format!("CREATE DATABASE \"{}\"", scratch.name)).await.expect("create");
    let database_url = format!("{}/{}", admin_url.rsplit_once('/').expect("URL names a database").0, scratch.name);
    let bucket_settings = vec![("storage_endpoint".to_owned(), s3_endpoint.clone())];
    crate::storage::create_bucket(&bucket_settings).await;
    let smtp = SmtpServer::start().await;
    let folder = tempfile::tempdir().expect("a folder for the instances and nginx");
    let (nginx_port, ports) = (free_port(), [free_port(), free_port()]);
    let base = format!("http://127.0.0.1:{nginx_port}");
    let mut env: BTreeMap<&str, String> = BTreeMap::new();
    env.insert("DUBAN_DATABASE_URL", database_url.clone());
    env.insert("DUBAN_STORAGE_URL", format!("s3://duban-test/lb-{}", uuid::Uuid::new_v4().simple()));
    env.insert("DUBAN_STORAGE_ENDPOINT", s3_endpoint);
    env.insert("DUBAN_BASE_URL", base.clone());
    env.insert("DUBAN_SMTP_URL", smtp.url.clone());
    env.insert("DUBAN_TRUSTED_PROXIES", "127.0.0.1".into());
    env.insert("DUBAN_SWEEP_EVERY", "1s".into());
    env.insert("DUBAN_LOG", "info,duban::jobs=debug,sqlx=warn,sea_orm=warn".into());
    let duban = |data_dir: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_duban"));
        for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("DUBAN_")) {
            command.env_remove(key);
        }
        command
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("DUBAN_DATA_DIR", data_dir)
            .current_dir(folder.path());
        command
    };

    // The schema and the demo organisation, once, before the instances start.
    let seeded = duban(&folder.path().join("seed")).args(["seed", "--demo"]).output().expect("duban seed");
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));

    let mut started = Started::default();
    let http = reqwest::Client::new();
    let mut logs: Vec<PathBuf> = Vec::new();
    for (name, port) in ["a", "b"].into_iter().zip(ports) {
        let data_dir = folder.path().join(format!("data-{name}"));
        let log = folder.path().join(format!("duban-{name}.log"));
        let child = duban(&data_dir)
            .arg("serve")
            .env("DUBAN_LISTEN", format!("127.0.0.1:{port}"))
            .env("DUBAN_INSTANCE_NAME", name)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("duban serve starts");
        started.0.push((format!("duban serve {name}"), child));
        until_ready(&http, &format!("http://127.0.0.1:{port}/readyz"), &log).await;
        logs.push(log);
    }
    std::fs::write(folder.path().join("nginx.conf"), nginx_config(folder.path(), nginx_port, &ports)).expect("conf");
    let nginx = Command::new("nginx")
        .arg("-p")
        .arg(folder.path())
        .arg("-c")
        .arg(folder.path().join("nginx.conf"))
        .args(["-g", "daemon off; master_process off;"])
        .stderr(std::fs::File::create(folder.path().join("nginx.stderr")).expect("file"))
        .spawn()
        .expect("nginx starts");
    started.0.push(("nginx".into(), nginx));
    until_ready(&http, &format!("{base}/healthz"), &folder.path().join("nginx.stderr")).await;

    // Round robin: consecutive requests land on alternate instances.
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(instance(&http.get(format!("{base}/healthz")).send().await.expect("answer")));
    }
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "alternating instances: {seen:?}");
    assert!(seen.iter().all(|s| s == "a" || s == "b"), "{seen:?}");

    // The walk, through nginx.
    let province = as_user(&base, "jx-secretariat").await;
    let bureau = as_user(&base, "jj-yj").await;
    let bureau_unit = bureau.unit_id();
    let deadline = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let directive = json!({ "title_zh": "尾矿库汛前排查", "title_en": "Tailings dams checked before the flood season",
                            "category": "mining", "priority": "high", "deadline": deadline });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": bureau_unit })).await;
    let task = tasks[0]["id"].as_i64().expect("task");
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);

    // Evidence up through one instance, down through the other.
    let ledger = {
        let mut bytes = b"%PDF-1.7\n% tailings dam ledger\n".to_vec();
        bytes.extend((0..(6 << 20)).map(|i: u32| (i % 251) as u8));
        bytes
    };
    let form = crate::matrix::report_form(2, "60", "尾矿库台账.pdf", &ledger);
    let upload_started = Instant::now();
    let uploaded = bureau
        .http
        .post(format!("{base}/api/v1/tasks/{task}/progress"))
        .bearer_auth(bureau.bearer.as_deref().expect("token"))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let uploaded_by = instance(&uploaded);
    let upload_took = upload_started.elapsed();
    assert_eq!(uploaded.status().as_u16(), 200, "{}", uploaded.text().await.unwrap_or_default());
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let file = detail["evidence"][0]["id"].as_i64().expect("the evidence file");
    let mut downloaded_by = Vec::new();
    let download_started = Instant::now();
    for _ in 0..2 {
        let answer = http
            .get(format!("{base}/api/v1/files/{file}"))
            .bearer_auth(bureau.bearer.as_deref().expect("token"))
            .send()
            .await
            .expect("download");
        downloaded_by.push(instance(&answer));
        assert_eq!(answer.status().as_u16(), 200);
        let body = answer.bytes().await.expect("body");
        assert_eq!(hex::encode(Sha256::digest(&body)), hex::encode(Sha256::digest(&ledger)));
    }
    let download_took = download_started.elapsed() / 2;
    assert!(
        downloaded_by.iter().any(|by| *by != uploaded_by),
        "uploaded through {uploaded_by}, downloaded through {downloaded_by:?}: the other instance served it too"
    );

    let version = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200)["task"]["version"].clone();
    bureau
        .post(
            &format!("/api/v1/tasks/{task}/complete"),
            json!({ "version": version, "text": "全部排查完毕，台账已上传" }),
        )
        .await
        .expect(200);
    let version = province.get(&format!("/api/v1/tasks/{task}")).await.expect(200)["task"]["version"].clone();
    let accepted =
        province.post(&format!("/api/v1/tasks/{task}/accept"), json!({ "version": version })).await.expect(200);
    assert_eq!(accepted["status"], "completed", "{accepted}");

    // The leader's dashboard, as a page, signed in through nginx (the session is in the database).
    let browser = reqwest::Client::builder().cookie_store(true).build().expect("browser");
    let form = browser.get(&base).send().await.expect("page").text().await.expect("body");
    let csrf = crate::helpers::hidden_field(&form, "csrf");
    browser
        .post(format!("{base}/sign-in"))
        .form(&[("username", "jx-leader"), ("password", duban::services::demo::DEMO_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    for _ in 0..2 {
        let page = browser.get(format!("{base}/dashboard")).send().await.expect("dashboard");
        assert_eq!(page.status().as_u16(), 200, "the dashboard through {}", instance(&page));
    }

    // Both instances sweep and send; the outbox empties, and every message sent arrived once.
    let db = Database::connect(&database_url).await.expect("connect");
    let start = Instant::now();
    loop {
        let waiting = count(&db, "SELECT COUNT(*) FROM notifications WHERE status IN ('pending', 'failed')").await;
        let sent = count(&db, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'").await;
        let stepped = logs.iter().all(|log| {
            std::fs::read_to_string(log).unwrap_or_default().matches("escalation and outbox step").count() >= 2
        });
        if waiting == 0 && sent > 0 && stepped && smtp.messages().len() as i64 >= sent {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(90), "the outbox did not drain: {waiting} waiting, {sent} sent");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = count(&db, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'").await;
    let messages = smtp.messages();
    let ids: std::collections::BTreeSet<String> = messages.iter().filter_map(|m| m.header("Message-ID")).collect();
    assert_eq!(messages.len() as i64, sent, "one message per outbox row sent");
    assert_eq!(ids.len(), messages.len(), "no message arrived twice");
    db.close().await.expect("close");
    eprintln!(
        "walk: instances {seen:?}; {} bytes of evidence up through {uploaded_by} in {upload_took:?}, down through \
         {downloaded_by:?} in {download_took:?} each; {} e-mails, each once",
        ledger.len(),
        messages.len()
    );

    // The log of each instance shows its own sweeps, and no error.
    for log in &logs {
        let text = std::fs::read_to_string(log).expect("log");
        assert!(text.contains("escalation and outbox step"), "{}", log.display());
        assert!(!text.contains(" ERROR "), "{}: {text}", log.display());
    }
    drop(started);
    scratch.drop_database().await;
}
