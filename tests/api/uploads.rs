//! Evidence uploads are streamed to disk with the size limit enforced while they arrive, are
//! capped in number, and leave no file behind when the report they came with is refused.

use std::path::Path;

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::{
    helpers::{Client, TestApp, spawn_app, spawn_app_with},
    matrix::{days, report_form},
};

const PDF: &[u8] = b"%PDF-1.7\n% evidence\n";

/// Every file under the attachments folder, temporary ones included.
pub(crate) fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Jiujiang's bureau with an acknowledged task (version 2).
pub(crate) async fn bureau_task(app: &TestApp) -> (Client, i64) {
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let directive = json!({ "title_zh": "证据", "title_en": "Evidence", "category": "mining", "priority": "high",
                            "deadline": days(app, 30) });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": app.unit("jj-yj").await })).await;
    let task = tasks[0]["id"].as_i64().expect("task");
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    (bureau, task)
}

#[tokio::test]
async fn a_refused_report_leaves_no_file_on_disk() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (bureau, task) = bureau_task(&app).await;
    let attachments = app.ctx.config.attachments_dir();
    let before = files_under(&attachments).len();
    let progress = format!("/api/v1/tasks/{task}/progress");
    // A stale version: the lifecycle refuses after the file has arrived.
    assert_eq!(bureau.post_multipart(&progress, report_form(1, "20", "台账.pdf", PDF)).await.status, 409);
    // A percentage out of range: refused inside the transaction.
    assert_eq!(bureau.post_multipart(&progress, report_form(2, "150", "台账.pdf", PDF)).await.status, 422);
    assert_eq!(files_under(&attachments).len(), before, "no blob and no temporary file is left");
    bureau.post_multipart(&progress, report_form(2, "20", "台账.pdf", PDF)).await.expect(200);
    assert_eq!(files_under(&attachments).len(), before + 1, "the accepted report's file is kept");
}

#[tokio::test]
async fn a_report_carries_at_most_ten_files() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (bureau, task) = bureau_task(&app).await;
    let mut form = Form::new().text("version", "2").text("progress", "20").text("text", "附件过多");
    for n in 0..11 {
        form = form.part("evidence", Part::bytes(PDF.to_vec()).file_name(format!("{n}.pdf")));
    }
    bureau.post_multipart(&format!("/api/v1/tasks/{task}/progress"), form).await.expect_problem(422, "evidence");
    assert!(files_under(&app.ctx.config.attachments_dir()).is_empty(), "nothing was kept");
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    assert_eq!(detail["task"]["version"], 2, "the task did not change");
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_naming_evidence_and_nothing_of_it_is_kept() {
    let app = spawn_app_with(&[("upload_max_bytes", "2048")]).await;
    app.seed_demo().await;
    let (bureau, task) = bureau_task(&app).await;
    let mut big = PDF.to_vec();
    big.resize(64 * 1024, b'0');
    let progress = format!("/api/v1/tasks/{task}/progress");
    bureau.post_multipart(&progress, report_form(2, "20", "big.pdf", &big)).await.expect_problem(422, "evidence");
    assert!(files_under(&app.ctx.config.attachments_dir()).is_empty(), "nothing was kept");
    let mut fits = PDF.to_vec();
    fits.resize(2048, b'0');
    bureau.post_multipart(&progress, report_form(2, "20", "fits.pdf", &fits)).await.expect(200);
}

#[tokio::test]
async fn the_same_bytes_reported_twice_are_stored_once_and_read_back_whole() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (bureau, task) = bureau_task(&app).await;
    let progress = format!("/api/v1/tasks/{task}/progress");
    let mut bytes = PDF.to_vec();
    bytes.extend((0..200_000u32).flat_map(|n| n.to_le_bytes()));
    bureau.post_multipart(&progress, report_form(2, "20", "一.pdf", &bytes)).await.expect(200);
    bureau.post_multipart(&progress, report_form(3, "40", "二.pdf", &bytes)).await.expect(200);
    assert_eq!(files_under(&app.ctx.config.attachments_dir()).len(), 1, "one blob for the same bytes");
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let evidence = detail["evidence"].as_array().expect("evidence");
    assert_eq!(evidence.len(), 2);
    let url = evidence[1]["url"].as_str().expect("url");
    let downloaded = bureau
        .http
        .get(format!("{}{url}", bureau.base))
        .bearer_auth(bureau.bearer.as_deref().expect("token"))
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(downloaded.as_ref(), bytes.as_slice());
}
