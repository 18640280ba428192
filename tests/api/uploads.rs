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

#[tokio::test]
async fn checked_images_and_pdfs_open_in_place_sandboxed_and_everything_else_downloads() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (bureau, task) = bureau_task(&app).await;
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    // (name, bytes, the type it is served as, inline or attachment), written out by hand.
    let cases: &[(&str, &[u8], &str, &str)] = &[
        ("现场.png", include_bytes!("../fixtures/evidence/site-photo.png"), "image/png", "inline"),
        ("现场.jpg", b"\xFF\xD8\xFF\xE0 a jpeg", "image/jpeg", "inline"),
        ("标识.gif", b"GIF89a a gif", "image/gif", "inline"),
        ("整改.pdf", PDF, "application/pdf", "inline"),
        ("台账.txt", "台账".as_bytes(), "text/plain; charset=utf-8", "attachment"),
        ("台账.xlsx", b"PK\x03\x04 a sheet", xlsx, "attachment"),
        ("页面.html", b"<html><script>alert(1)</script></html>", "application/octet-stream", "attachment"),
        (
            "图.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "application/octet-stream",
            "attachment",
        ),
    ];
    let mut form = Form::new().text("version", "2").text("progress", "30").text("text", "现场照片与台账");
    for (name, bytes, _, _) in cases {
        form = form.part("evidence", Part::bytes(bytes.to_vec()).file_name((*name).to_owned()));
    }
    bureau.post_multipart(&format!("/api/v1/tasks/{task}/progress"), form).await.expect(200);
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let evidence = detail["evidence"].as_array().expect("evidence");
    for (name, _, content_type, how) in cases {
        let file = evidence.iter().find(|e| e["file_name"] == *name).unwrap_or_else(|| panic!("{name} kept"));
        let answer = reqwest::Client::new()
            .get(format!("{}/api/v1/files/{}", bureau.base, file["id"]))
            .bearer_auth(bureau.bearer.as_deref().expect("a token"))
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status().as_u16(), 200, "{name}");
        let header = |h: &str| answer.headers().get(h).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header("content-type"), *content_type, "{name}");
        let disposition = header("content-disposition");
        assert!(disposition.starts_with(&format!("{how}; filename=")), "{name}: {disposition}");
        assert!(disposition.contains("filename*=UTF-8''"), "{name}: {disposition}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{name}");
        let csp = header("content-security-policy");
        assert!(csp.starts_with("sandbox;"), "{name}: sandboxed: {csp}");
        assert!(csp.contains("default-src 'none'") && csp.contains("img-src 'self'"), "{name}: {csp}");
        assert!(!csp.contains("script-src"), "{name}: no script allowed: {csp}");
    }
}
