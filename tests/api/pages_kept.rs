//! Files kept across a refused report: a page's completion refused for a reason the person
//! can fix keeps the photo it carried; the form shown again lists it, ticked; the
//! resubmission attaches it without choosing it again (the same bytes), or drops it when
//! unticked; another person cannot attach it; the sweep removes it after a day.

use chrono::Duration;
use duban::{
    domain::vocabulary::Role,
    entities::{evidence_files, pending_evidence, tasks},
    services::pending,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, hidden_field, page_report_form, spawn_demo};

const PASSWORD: &str = duban::services::demo::DEMO_PASSWORD;

/// A photo of a rectified site: a real PNG.
const PHOTO: &[u8] = include_bytes!("../fixtures/evidence/site-photo.png");
/// Its sha256, taken with `sha256sum tests/fixtures/evidence/site-photo.png`.
const PHOTO_SHA256: &str = "1900b6c237eb7ab7c09f95c31892fd362b5396dce03c7be64a05bec076fc96aa";

/// The demo task the county enterprise unit reports on to its bureau.
async fn task(app: &TestApp) -> tasks::Model {
    app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await
}

async fn page(browser: &reqwest::Client, app: &TestApp, id: i64) -> String {
    browser.get(format!("{}/tasks/{id}?lang=en", app.address)).send().await.expect("page").text().await.expect("body")
}

async fn post(
    browser: &reqwest::Client,
    app: &TestApp,
    id: i64,
    lang: &str,
    form: reqwest::multipart::Form,
) -> (u16, String) {
    let answer = browser
        .post(format!("{}/tasks/{id}/complete?lang={lang}", app.address))
        .multipart(form)
        .send()
        .await
        .expect("post");
    (answer.status().as_u16(), answer.text().await.expect("body"))
}

async fn kept_rows(app: &TestApp, task_id: i64) -> Vec<pending_evidence::Model> {
    pending_evidence::Entity::find()
        .filter(pending_evidence::Column::TaskId.eq(task_id))
        .all(&app.ctx.db)
        .await
        .expect("query")
}

async fn evidence(app: &TestApp, task_id: i64) -> Vec<evidence_files::Model> {
    evidence_files::Entity::find()
        .filter(evidence_files::Column::TaskId.eq(task_id))
        .all(&app.ctx.db)
        .await
        .expect("query")
}

/// A completion refused for its empty text, with the photo: the page lists the photo as kept,
/// ticked, in the reader's language; its row and its blob are kept. The kept row.
async fn refused_with_photo(app: &TestApp, browser: &reqwest::Client, task: &tasks::Model) -> pending_evidence::Model {
    let csrf = hidden_field(&page(browser, app, task.id).await, "csrf");
    for (lang, heading, size) in [("zh", "已保留的附件", "(1 KB)"), ("en", "Files kept", "(1 KB)")] {
        let before = kept_rows(app, task.id).await;
        let kept: Vec<i64> = before.iter().map(|k| k.id).collect();
        let files: &[(&str, &[u8])] = if before.is_empty() { &[("现场照片.png", PHOTO)] } else { &[] };
        let (status, html) =
            post(browser, app, task.id, lang, page_report_form(&csrf, &task.version.to_string(), "", &kept, files))
                .await;
        assert_eq!(status, 422, "{lang}: {html}");
        let form = html.find(&format!("action=\"/tasks/{}/complete\"", task.id)).expect("the form again");
        let shown = &html[form..];
        let listed = shown.find(heading).unwrap_or_else(|| panic!("{lang}: the kept files are listed: {shown}"));
        let rows = kept_rows(app, task.id).await;
        assert_eq!(rows.len(), 1, "{lang}: one file kept, once");
        let checkbox = format!("<input type=\"checkbox\" name=\"kept\" value=\"{}\" checked> 现场照片.png", rows[0].id);
        let at = shown.find(&checkbox).unwrap_or_else(|| panic!("{lang}: {checkbox} in {shown}"));
        assert!(listed < at && shown[at..].contains(size), "{lang}: {shown}");
        assert!(!html.contains("choose them again") && !html.contains("请重新选择"), "{lang}: nothing to choose again");
    }
    let row = kept_rows(app, task.id).await.remove(0);
    assert_eq!(row.sha256, PHOTO_SHA256);
    assert_eq!(row.size_bytes, 306, "the photo is 306 bytes");
    assert!(app.ctx.blobs().exists(&row.storage_path).await.expect("store"), "the photo is stored");
    assert!(evidence(app, task.id).await.is_empty(), "nothing attached yet");
    assert_eq!(
        duban::store::tasks::get(&app.ctx.db, task.id).await.expect("task").version,
        task.version,
        "the task is unchanged"
    );
    row
}

#[tokio::test]
async fn a_refused_completion_keeps_its_photo_and_the_resubmission_attaches_the_same_bytes() {
    let app = spawn_demo().await;
    let task = task(&app).await;
    let e2 = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let kept = refused_with_photo(&app, &e2, &task).await;

    let csrf = hidden_field(&page(&e2, &app, task.id).await, "csrf");
    let (status, html) =
        post(&e2, &app, task.id, "en", page_report_form(&csrf, &task.version.to_string(), "整改完毕", &[kept.id], &[]))
            .await;
    assert_eq!(status, 303, "{html}");
    let files = evidence(&app, task.id).await;
    assert_eq!(files.len(), 1, "the kept photo is the report's evidence");
    assert_eq!((files[0].file_name.as_str(), files[0].sha256.as_str()), ("现场照片.png", PHOTO_SHA256));
    assert!(files[0].report_id.is_some(), "attached to the report");
    let download = e2.get(format!("{}/api/v1/files/{}", app.address, files[0].id)).send().await.expect("download");
    assert_eq!(download.status().as_u16(), 200);
    let stored = download.bytes().await.expect("bytes");
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&stored)), PHOTO_SHA256, "the same bytes are served");
    assert!(kept_rows(&app, task.id).await.is_empty(), "no longer pending");
}

#[tokio::test]
async fn an_unticked_kept_file_is_dropped_and_not_attached() {
    let app = spawn_demo().await;
    let task = task(&app).await;
    let e2 = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let kept = refused_with_photo(&app, &e2, &task).await;

    let csrf = hidden_field(&page(&e2, &app, task.id).await, "csrf");
    let (status, html) =
        post(&e2, &app, task.id, "zh", page_report_form(&csrf, &task.version.to_string(), "整改完毕", &[], &[])).await;
    assert_eq!(status, 303, "{html}");
    assert!(evidence(&app, task.id).await.is_empty(), "the unticked photo is not attached");
    assert!(kept_rows(&app, task.id).await.is_empty(), "and no longer kept");
    assert!(!app.ctx.blobs().exists(&kept.storage_path).await.expect("store"), "its blob is gone");
}

#[tokio::test]
async fn another_person_cannot_attach_a_kept_file() {
    let app = spawn_demo().await;
    let task = task(&app).await;
    let e2 = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let kept = refused_with_photo(&app, &e2, &task).await;

    app.add_demo_user("jj-hukou-e2-deputy", Role::Officer, "jj-hukou-e2").await;
    let deputy = app.browse_as("jj-hukou-e2-deputy", PASSWORD).await;
    let csrf = hidden_field(&page(&deputy, &app, task.id).await, "csrf");
    let (status, html) = post(
        &deputy,
        &app,
        task.id,
        "en",
        page_report_form(&csrf, &task.version.to_string(), "整改完毕", &[kept.id], &[]),
    )
    .await;
    assert_eq!(status, 404, "{html}");
    assert!(evidence(&app, task.id).await.is_empty(), "nothing attached");
    let now = duban::store::tasks::get(&app.ctx.db, task.id).await.expect("task");
    assert_eq!((now.status, now.version), (task.status, task.version), "nothing changed");
    assert_eq!(kept_rows(&app, task.id).await, vec![kept], "still kept for its uploader");
}

#[tokio::test]
async fn the_sweep_removes_a_file_kept_for_more_than_a_day() {
    let app = spawn_demo().await;
    let task = task(&app).await;
    let e2 = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let kept = refused_with_photo(&app, &e2, &task).await;

    app.clock.advance(Duration::hours(23));
    assert_eq!(pending::sweep(&app.ctx).await.expect("sweep"), 0, "kept for a day");
    assert_eq!(kept_rows(&app, task.id).await.len(), 1);
    app.clock.advance(Duration::hours(1) + Duration::minutes(1));
    assert_eq!(pending::sweep(&app.ctx).await.expect("sweep"), 1);
    assert!(kept_rows(&app, task.id).await.is_empty(), "the row is removed");
    assert!(!app.ctx.blobs().exists(&kept.storage_path).await.expect("store"), "and its blob");
}

#[tokio::test]
async fn a_refused_progress_report_keeps_its_photo_whether_its_text_is_missing_or_its_percentage_out_of_range() {
    let app = spawn_demo().await;
    let task = task(&app).await;
    let e2 = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let csrf = hidden_field(&page(&e2, &app, task.id).await, "csrf");
    let post_progress = |form: reqwest::multipart::Form| {
        let e2 = e2.clone();
        let url = format!("{}/tasks/{}/progress?lang=en", app.address, task.id);
        async move {
            let answer = e2.post(url).multipart(form).send().await.expect("post");
            (answer.status().as_u16(), answer.text().await.expect("body"))
        }
    };
    // No text field at all: refused before the files are checked; the photo is checked and kept.
    let photo =
        reqwest::multipart::Part::bytes(PHOTO.to_vec()).file_name("进度照片.png").mime_str("image/png").expect("mime");
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("version", task.version.to_string())
        .text("progress", "40")
        .part("evidence", photo);
    let (status, html) = post_progress(form).await;
    assert_eq!(status, 422, "{html}");
    let rows = kept_rows(&app, task.id).await;
    assert_eq!(rows.len(), 1, "the photo is kept");
    assert_eq!(rows[0].sha256, PHOTO_SHA256);
    let form_at = html.find(&format!("action=\"/tasks/{}/progress\"", task.id)).expect("the progress form again");
    let checkbox = format!("name=\"kept\" value=\"{}\" checked> 进度照片.png", rows[0].id);
    assert!(html[form_at..].contains(&checkbox), "listed in the progress form: {html}");
    // 150 %: refused by the lifecycle; the kept photo, still ticked, stays kept.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("version", task.version.to_string())
        .text("progress", "150")
        .text("text", "过半")
        .text("kept", rows[0].id.to_string());
    let (status, html) = post_progress(form).await;
    assert_eq!(status, 422, "{html}");
    assert_eq!(kept_rows(&app, task.id).await, rows, "still kept, once");
    assert!(html.contains(&checkbox), "{html}");
    assert!(evidence(&app, task.id).await.is_empty(), "nothing attached");
}
