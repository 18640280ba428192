//! Nothing is taken before the caller is known: a form without files is read only up to a
//! small limit (413 naming it), an upload is refused before its body is read when the caller
//! may not report on the task (API) or sent the wrong token (pages), and one meeting's minutes
//! cannot make more drafts than a meeting holds; its page shows them a page at a time.

use duban::{domain::directives::MAX_DRAFTS_PER_MEETING, domain::drafting::MAX_MINUTES_CHARS, services::demo};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{
    helpers::{TestApp, browser, hidden_field, spawn_app_with, spawn_demo},
    uploads::{bureau_task, files_under},
};

/// A task of Jiujiang's emergency bureau (jj-yj), acknowledged (version 2).
async fn bureau_task_id(app: &TestApp) -> i64 {
    bureau_task(app).await.1
}

/// A session of `username` signed in over the API: its cookie value and CSRF token.
async fn session_of(app: &TestApp, username: &str) -> (String, String) {
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({ "username": username, "password": demo::DEMO_PASSWORD }))
        .send()
        .await
        .expect("signed in");
    let cookie = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("duban_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let body: serde_json::Value = answer.json().await.expect("json");
    (cookie, body["csrf_token"].as_str().expect("csrf token").to_owned())
}

const BOUNDARY: &str = "duban-test-boundary";

/// The opening of a multipart report: `fields` in order, then the head of an `evidence` file
/// and `file_bytes` of it; the rest of the body (to `declared` bytes) is never sent.
fn report_opening(fields: &[(&str, &str)], file_bytes: usize) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"big.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        )
        .as_bytes(),
    );
    body.resize(body.len() + file_bytes, b'x');
    body
}

/// Sends the head of a multipart POST declaring `declared` bytes of body and only `opening`
/// of them, then reads the status the server answers with.
async fn status_before_the_body_is_sent(
    app: &TestApp,
    path: &str,
    headers: &str,
    declared: u64,
    opening: &[u8],
) -> u16 {
    let headers =
        format!("{headers}Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {declared}\r\n");
    raw_status(app, path, &headers, opening).await
}

/// Sends the head of a POST with `headers` and then `opening`, never the rest of the body,
/// and reads the status line the server answers with. A server that waited for the whole
/// body would never answer: after a minute the test says so.
async fn raw_status(app: &TestApp, path: &str, headers: &str, opening: &[u8]) -> u16 {
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!("POST {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n");
    stream.write_all(head.as_bytes()).await.expect("send the head");
    stream.write_all(opening).await.expect("send the opening");
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = async {
        while !answer.windows(2).any(|w| w == b"\r\n") {
            let n = stream.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the server closed without answering");
            answer.extend_from_slice(&buffer[..n]);
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), read)
        .await
        .expect("the server answered before the rest of the body was sent");
    let line = String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned();
    line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a status line: {line:?}"))
}

const FORTY_FIVE_MB: u64 = 45 * 1024 * 1024;

async fn reports_of(app: &TestApp, task: i64) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    duban::entities::reports::Entity::find()
        .filter(duban::entities::reports::Column::TaskId.eq(task))
        .count(&app.ctx.db)
        .await
        .expect("count reports")
}

#[tokio::test]
async fn an_api_upload_to_a_task_the_caller_may_not_report_on_is_refused_before_its_body_is_read() {
    let app = spawn_demo().await;
    let task = bureau_task_id(&app).await;
    let attachments = app.ctx.config.attachments_dir();
    let before = files_under(&attachments);
    let opening = report_opening(&[("version", "2"), ("progress", "50"), ("text", "进展")], 256 * 1024);
    let path = format!("/api/v1/tasks/{task}/progress");

    // A sibling bureau does not see the task: 404, answered while 45 MB are still to come.
    let sibling = app.as_user("jj-xf").await.bearer.expect("token");
    let status = status_before_the_body_is_sent(
        &app,
        &path,
        &format!("Authorization: Bearer {sibling}\r\n"),
        FORTY_FIVE_MB,
        &opening,
    )
    .await;
    assert_eq!(status, 404);
    // The leader above sees the task but may not report on it: 403, as early.
    let leader = app.as_user("jj-mayor").await.bearer.expect("token");
    let status = status_before_the_body_is_sent(
        &app,
        &path,
        &format!("Authorization: Bearer {leader}\r\n"),
        FORTY_FIVE_MB,
        &opening,
    )
    .await;
    assert_eq!(status, 403);
    // Nobody signed in: 401 before anything is read.
    assert_eq!(status_before_the_body_is_sent(&app, &path, "", FORTY_FIVE_MB, &opening).await, 401);

    assert_eq!(files_under(&attachments), before, "no file, not even a temporary one, was written");
    assert_eq!(reports_of(&app, task).await, 0, "no report was recorded");
}

#[tokio::test]
async fn a_page_upload_with_a_wrong_or_late_csrf_token_is_refused_before_its_files_are_read() {
    let app = spawn_demo().await;
    let task = bureau_task_id(&app).await;
    let attachments = app.ctx.config.attachments_dir();
    let before = files_under(&attachments);
    let (cookie, csrf) = session_of(&app, "jj-yj").await;
    let path = format!("/tasks/{task}/progress");
    let cookie_header = format!("Cookie: duban_session={cookie}\r\n");

    let forged =
        report_opening(&[("csrf", "forged"), ("version", "2"), ("progress", "50"), ("text", "进展")], 256 * 1024);
    let status = status_before_the_body_is_sent(&app, &path, &cookie_header, FORTY_FIVE_MB, &forged).await;
    assert_eq!(status, 403, "a wrong token is refused while the file is still coming");
    // The right token, but not first: refused as well, before the fields after it are read.
    let late = report_opening(&[("version", "2"), ("csrf", &csrf), ("progress", "50"), ("text", "进展")], 256 * 1024);
    let status = status_before_the_body_is_sent(&app, &path, &cookie_header, FORTY_FIVE_MB, &late).await;
    assert_eq!(status, 403, "the token must come first");

    assert_eq!(files_under(&attachments), before, "nothing was written");
    assert_eq!(reports_of(&app, task).await, 0);
}

#[tokio::test]
async fn every_report_form_puts_its_csrf_token_first() {
    let app = spawn_demo().await;
    let task = bureau_task_id(&app).await;
    let browser = app.browse_as("jj-yj", demo::DEMO_PASSWORD).await;
    let html =
        browser.get(format!("{}/tasks/{task}", app.address)).send().await.expect("page").text().await.expect("body");
    let mut forms = 0;
    for form in html.split("<form").skip(1) {
        let form = form.split("</form>").next().unwrap_or_default();
        if !form.contains("multipart/form-data") {
            continue;
        }
        forms += 1;
        let first_field = form.split("name=\"").nth(1).and_then(|s| s.split('"').next());
        assert_eq!(first_field, Some("csrf"), "the first field of {form}");
    }
    assert!(forms >= 2, "the progress and completion forms are on the page ({forms} found)");
}

#[tokio::test]
async fn a_form_without_files_is_read_only_up_to_its_limit_and_refused_413_naming_it() {
    let app = spawn_demo().await;
    let task = bureau_task_id(&app).await;
    let browser = app.browse_as("jj-yj", demo::DEMO_PASSWORD).await;
    let page = browser.get(format!("{}/tasks/{task}", app.address)).send().await.expect("page");
    let csrf = hidden_field(&page.text().await.expect("body"), "csrf");
    // Far past the limit, yet under what any form was read up to before (1 MiB at least).
    let padding = "x".repeat(900 * 1024);
    let history = |app: &TestApp| {
        let db = app.ctx.db.clone();
        async move { duban::store::audit::history(&db, "task", task).await.expect("history").len() }
    };
    let events = history(&app).await;

    // A valid token and a body past the limit, declared: refused before it is read.
    let answer = browser
        .post(format!("{}/tasks/{task}/extension", app.address))
        .form(&[("csrf", csrf.as_str()), ("deadline", "2026-12-31"), ("reason", padding.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 413);
    let html = answer.text().await.expect("body");
    assert!(html.contains("65536"), "the page names the limit: {html}");

    // The same, sent in chunks with no declared length and never finished: reading stops at
    // the limit, and the answer comes while the body is still open.
    let (cookie, session_csrf) = session_of(&app, "jj-yj").await;
    let mut chunk = format!("csrf={session_csrf}&deadline=2026-12-31&reason=").into_bytes();
    chunk.extend_from_slice(padding.as_bytes());
    let mut opening = format!("{:x}\r\n", chunk.len()).into_bytes();
    opening.extend_from_slice(&chunk);
    opening.extend_from_slice(b"\r\n");
    let headers = format!(
        "Cookie: duban_session={cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
    );
    assert_eq!(raw_status(&app, &format!("/tasks/{task}/extension"), &headers, &opening).await, 413);
    assert_eq!(history(&app).await, events, "nothing changed");

    // Signing in is held to the same limit.
    let anonymous = browser_for(&app).await;
    let big = anonymous
        .post(format!("{}/sign-in", app.address))
        .form(&[("username", "jj-yj"), ("password", padding.as_str()), ("csrf", "x")])
        .send()
        .await
        .expect("answer");
    assert_eq!(big.status().as_u16(), 413);
}

#[tokio::test]
async fn the_form_limit_is_a_setting() {
    let app = spawn_app_with(&[("form_max_bytes", "8192")]).await;
    app.seed_demo().await;
    let browser = app.browse_as("jj-yj", demo::DEMO_PASSWORD).await;
    let page = browser.get(format!("{}/inbox", app.address)).send().await.expect("page");
    let csrf = hidden_field(&page.text().await.expect("body"), "csrf");
    let padding = "x".repeat(10 * 1024);
    let answer = browser
        .post(format!("{}/language", app.address))
        .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("back", padding.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 413);
    assert!(answer.text().await.expect("body").contains("8192"));
}

async fn browser_for(app: &TestApp) -> reqwest::Client {
    let browser = browser();
    let first = browser.get(&app.address).send().await.expect("the sign-in page");
    assert_eq!(first.status().as_u16(), 200, "a visitor's first page is the sign-in page");
    browser
}

/// Minutes of `items` numbered requirements, each a directive of its own.
fn numbered_minutes(items: usize) -> String {
    let mut minutes = String::from("会议纪要\n\n");
    for i in 1..=items {
        minutes
            .push_str(&format!("{i}. 市应急管理局要在12月{}日前完成第{i}片区危险化学品企业安全检查。\n", i % 28 + 1));
    }
    minutes
}

async fn count_directives(app: &TestApp) -> u64 {
    crate::helpers::count_rows::<duban::entities::directives::Entity>(&app.ctx.db).await
}

async fn count_meetings(app: &TestApp) -> u64 {
    crate::helpers::count_rows::<duban::entities::meetings::Entity>(&app.ctx.db).await
}

#[tokio::test]
async fn one_meeting_cannot_make_more_drafts_than_a_meeting_holds_and_its_page_shows_them_by_pages() {
    let app = spawn_demo().await;
    let browser = app.browse_as("jj-secretariat", demo::DEMO_PASSWORD).await;
    let form = browser.get(format!("{}/meetings/new", app.address)).send().await.expect("page");
    let csrf = hidden_field(&form.text().await.expect("body"), "csrf");
    let post = |minutes: String| {
        let (browser, url, csrf) = (browser.clone(), format!("{}/meetings/new", app.address), csrf.clone());
        async move {
            browser
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("title_zh", "安全生产会"),
                    ("held_on", "2026-11-27"),
                    ("minutes", &minutes),
                ])
                .send()
                .await
                .expect("answer")
        }
    };
    let (directives, meetings) = (count_directives(&app).await, count_meetings(&app).await);

    // Too many requirements: refused beside the minutes, naming the cap; nothing stored.
    let refused = post(numbered_minutes(MAX_DRAFTS_PER_MEETING + 20)).await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.expect("body");
    assert!(html.contains(&format!("一次会议最多 {MAX_DRAFTS_PER_MEETING} 条草稿")), "the cap is named: {html}");
    assert!(html.contains("安全生产会"), "the form comes back as typed");
    // Minutes just past their limit: refused beside the field (the form has room to carry them).
    let sentence = "要求各地加强安全检查。";
    let long = post(sentence.repeat(MAX_MINUTES_CHARS / sentence.chars().count() + 1)).await;
    assert_eq!(long.status().as_u16(), 422);
    assert!(long.text().await.expect("body").contains(&MAX_MINUTES_CHARS.to_string()), "the limit is named");
    assert_eq!((count_directives(&app).await, count_meetings(&app).await), (directives, meetings));

    // Many, but within the cap: kept, and shown fifty at a time.
    let kept = post(numbered_minutes(120)).await;
    assert_eq!(kept.status().as_u16(), 303);
    let location = kept.headers()["location"].to_str().expect("location").to_owned();
    let meeting = location.trim_start_matches("/meetings/").split('?').next().expect("id").to_owned();
    let drafted = count_directives(&app).await - directives;
    assert!(drafted >= 120, "every numbered item drafted ({drafted})");
    let first = browser.get(format!("{}/meetings/{meeting}", app.address)).send().await.expect("page");
    // Handlebars writes "=" in an attribute as "&#x3D;".
    let html = first.text().await.expect("body").replace("&#x3D;", "=");
    assert_eq!(html.matches("<section class=\"card\" id=\"directive-").count(), 50, "fifty on the first page");
    assert!(html.contains(&format!("href=\"/meetings/{meeting}?page=2\"")), "a link to the next page");
    let last_page = drafted.div_ceil(50);
    let last = browser.get(format!("{}/meetings/{meeting}?page={last_page}", app.address)).send().await.expect("page");
    let html = last.text().await.expect("body");
    let on_last = html.matches("<section class=\"card\" id=\"directive-").count() as u64;
    assert_eq!(on_last, drafted - 50 * (last_page - 1), "the rest on the last page");
    assert!(!html.contains("rel=\"next\""));

    // The API may not push the meeting past the cap either: all or nothing, 409.
    let secretariat = app.as_user("jj-secretariat").await;
    let more = numbered_minutes(MAX_DRAFTS_PER_MEETING - 120 + 10);
    let answer = secretariat
        .post(
            "/api/v1/drafts",
            json!({ "minutes": more, "meeting_id": meeting.parse::<i64>().expect("id"), "save": true }),
        )
        .await;
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert_eq!(count_directives(&app).await - directives, drafted, "none of them was kept");
}
