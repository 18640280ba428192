//! `duban backup FILE` and `duban restore FILE`, run as the real binary: a backup taken while
//! the app serves, restored after its data folder is gone, holds every task, report and file;
//! the commands refuse what would lose data; PostgreSQL is sent to pg_dump.

use duban::entities::{audit_events, directives, evidence_files, reports, tasks, units, users};
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::{
    helpers::{Client, TestApp, count_rows, spawn_app, spawn_demo},
    matrix::report_form,
};

/// What must come back: the rows of every table that holds work, and their number.
async fn holdings(db: &impl ConnectionTrait) -> [u64; 7] {
    [
        count_rows::<units::Entity>(db).await,
        count_rows::<users::Entity>(db).await,
        count_rows::<directives::Entity>(db).await,
        count_rows::<tasks::Entity>(db).await,
        count_rows::<reports::Entity>(db).await,
        count_rows::<evidence_files::Entity>(db).await,
        count_rows::<audit_events::Entity>(db).await,
    ]
}

/// The bytes of an evidence file as its download gives them.
async fn download(client: &Client, id: i64) -> Vec<u8> {
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/files/{id}", client.base))
        .bearer_auth(client.bearer.as_deref().expect("a token"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    response.bytes().await.expect("body").to_vec()
}

fn on_postgres(app: &TestApp) -> bool {
    !app.ctx.config.database_url.starts_with("sqlite:")
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_every_task_report_and_file() {
    let app = spawn_demo().await;
    if on_postgres(&app) {
        eprintln!("skipped: duban backup copies a SQLite database; PostgreSQL is backed up with pg_dump");
        return;
    }
    // An enterprise reports progress with a ledger.
    let firm = app.as_user("jj-hukou-e2").await;
    let own = firm.get("/api/v1/tasks?status=in_progress").await.expect(200);
    let task = own["items"][0].clone();
    let ledger = b"%PDF-1.4\n% hazard ledger of the port storage company, backed up\n%%EOF\n".to_vec();
    let form = report_form(task["version"].as_i64().expect("version") as i32, "60", "ledger.pdf", &ledger);
    firm.post_multipart(&format!("/api/v1/tasks/{}/progress", task["id"]), form).await.expect(200);
    let detail = firm.get(&format!("/api/v1/tasks/{}", task["id"])).await.expect(200);
    let file_id = detail["evidence"][0]["id"].as_i64().expect("the evidence file");
    let sha = hex::encode(Sha256::digest(&ledger));
    assert_eq!(detail["evidence"][0]["sha256"], sha);

    let before = holdings(&app.ctx.db).await;
    let backups = tempfile::tempdir().expect("a folder for backups");
    let file = backups.path().join("duban-2026-11-28.db");
    let file = file.to_str().expect("UTF-8 path");
    let run = app.duban(&["backup", file], "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("1 evidence files"), "{}", run.stdout);
    let copied = std::fs::read(format!("{file}.attachments/{}/{sha}", &sha[..2])).expect("the file is in the backup");
    assert_eq!(copied, ledger);

    // Nothing is overwritten: not a backup, not a database that holds an organisation, not
    // one that a server has open.
    let again = app.duban(&["backup", file], "").await;
    assert!(!again.success && again.stderr.contains("exists already"), "{again:?}");
    let over = app.duban(&["restore", file], "").await;
    assert!(!over.success && over.stderr.contains("--force"), "{over:?}");
    let forced = app.duban(&["restore", "--force", file], "").await;
    assert!(!forced.success && forced.stderr.contains("stop duban serve"), "{forced:?}");
    let text = backups.path().join("notes.txt");
    std::fs::write(&text, "not a database").expect("write");
    let wrong = app.duban(&["restore", text.to_str().expect("UTF-8")], "").await;
    assert!(!wrong.success && wrong.stderr.contains("not a SQLite database"), "{wrong:?}");
    assert_eq!(holdings(&app.ctx.db).await, before, "the refusals changed nothing");

    // The data folder is lost; the restore brings back the database and the files.
    std::fs::remove_dir_all(&app.ctx.config.data_dir).expect("destroy the data folder");
    let run = app.duban(&["restore", file], "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("1 evidence files"), "{}", run.stdout);

    let app = app.restart().await;
    assert_eq!(holdings(&app.ctx.db).await, before, "every unit, user, directive, task, report, file and event");
    let firm = app.as_user("jj-hukou-e2").await;
    let restored = firm.get(&format!("/api/v1/tasks/{}", task["id"])).await.expect(200);
    assert_eq!(restored["reports"], detail["reports"]);
    assert_eq!(hex::encode(Sha256::digest(download(&firm, file_id).await)), sha);
}

#[tokio::test]
async fn backing_up_or_restoring_postgresql_points_to_pg_dump_and_copies_nothing() {
    let app = spawn_app().await;
    let folder = tempfile::tempdir().expect("a folder for backups");
    let file = folder.path().join("duban.db");
    let file = file.to_str().expect("UTF-8 path");
    let postgres = [("DUBAN_DATABASE_URL", "postgres://duban@127.0.0.1:5432/duban")];
    let run = app.duban_with(&["backup", file], "", &postgres).await;
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("pg_dump") && run.stderr.contains("attachments"), "{}", run.stderr);
    let run = app.duban_with(&["restore", file], "", &postgres).await;
    assert!(!run.success && run.stderr.contains("pg_restore"), "{run:?}");
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 0, "nothing was written");
}
