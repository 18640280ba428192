//! The officer pages, rendered for the roles that may see them and refused to the others; the
//! task page's forms doing what the API does; "remind now" writing one reminder a day.

use chrono::Duration;
use duban::{
    domain::lifecycle::TaskStatus,
    entities::{notifications, tasks},
    services::{ServiceError, reminders},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, hidden_field, spawn_demo};
use duban::domain::ids::{TaskId, UnitId, UserId};

const PASSWORD: &str = duban::services::demo::DEMO_PASSWORD;

async fn reload(app: &TestApp, id: i64) -> tasks::Model {
    duban::store::tasks::get(&app.ctx.db, id).await.expect("task")
}

async fn get(browser: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("page");
    let status = answer.status().as_u16();
    (status, answer.text().await.expect("body"))
}

async fn post_form(browser: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser.post(format!("{}{path}", app.address)).form(form).send().await.expect("post")
}

fn location(answer: &reqwest::Response) -> String {
    answer.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_pages_render_for_officers_and_the_secretariat_in_both_languages() {
    let app = spawn_demo().await;
    let county_task = app.task_assigned("jj-hukou-yj", "jj-yj").await;
    for user in ["jj-yj", "jj-hukou-yj", "jx-secretariat"] {
        let browser = app.browse_as(user, PASSWORD).await;
        for lang in ["zh", "en"] {
            for path in
                ["/inbox", "/tasks", "/reviews", "/tasks?overdue=1&q=%E7%81%AB&status=in_progress", "/tasks?page=2"]
            {
                let sep = if path.contains('?') { '&' } else { '?' };
                let (status, html) = get(&browser, &app, &format!("{path}{sep}lang={lang}")).await;
                assert_eq!(status, 200, "{user} {path} in {lang}: {html}");
            }
            let (status, html) = get(&browser, &app, &format!("/tasks/{}?lang={lang}", county_task.id)).await;
            assert_eq!(status, 200, "{user} task page in {lang}: {html}");
            assert!(html.contains(&county_task.title), "{user}: the task page names the task");
        }
    }
    // The inbox says what it holds, and says so when a section is empty.
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let (_, inbox) = get(&county, &app, "/inbox?lang=en").await;
    assert!(inbox.contains("Waiting for our review") && inbox.contains("Nothing to acknowledge."), "{inbox}");
    assert!(inbox.contains("Safety supervision of high-risk industries"), "each task names its directive");
    let (_, reviews) = get(&county, &app, "/reviews").await;
    let submitted = app.task_assigned("jj-hukou-e1", "jj-hukou-yj").await;
    assert!(reviews.contains(&format!("/tasks/{}", submitted.id)), "the submitted report waits for review");
    let (_, list) = get(&county, &app, "/tasks?overdue=1").await;
    let overdue = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    assert!(list.contains(&format!("/tasks/{}\"", overdue.id)), "the overdue filter keeps the overdue task");
    assert!(!list.contains(&format!("/tasks/{}\"", submitted.id)), "and drops the others");
    assert!(list.contains("/exports/tasks.csv?overdue&#x3D;1"), "the exports carry the same query");
    assert!(list.contains("light light-red"), "an overdue task shows its red light");

    // A leader reads tasks but has no inbox; an administrator has neither.
    let mayor = app.browse_as("jj-mayor", PASSWORD).await;
    assert_eq!(get(&mayor, &app, "/tasks").await.0, 200);
    let (status, page) = get(&mayor, &app, &format!("/tasks/{}", county_task.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/instructions/new?task={}", county_task.id)), "leaders may write an instruction");
    assert!(!page.contains("/acknowledge\""), "and see no action forms");
    assert_eq!(get(&mayor, &app, "/inbox").await.0, 403);
    let admin = app.browse_as("admin", PASSWORD).await;
    assert_eq!(get(&admin, &app, "/tasks").await.0, 403);
    assert_eq!(get(&admin, &app, "/reviews").await.0, 403);
}

#[tokio::test]
async fn an_enterprise_cannot_open_a_siblings_task() {
    let app = spawn_demo().await;
    let sibling = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let own = app.task_assigned("jj-hukou-e1", "jj-hukou-yj").await;
    // Both tasks come from one directive and share its title: give the sibling's a title of
    // its own, so that the page can be searched for it.
    let secret = "兄弟企业独有的任务标题";
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Unchanged, Set};
        tasks::ActiveModel { id: Unchanged(sibling.id), title: Set(secret.to_owned()), ..Default::default() }
            .update(&app.ctx.db)
            .await
            .expect("retitle");
    }
    let sibling = reload(&app, sibling.id).await;
    // The county that assigned it reads that title on the task's page.
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let (status, html) = get(&county, &app, &format!("/tasks/{}", sibling.id)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(secret), "the task page shows its title");

    let browser = app.browse_as("jj-hukou-e1", PASSWORD).await;
    let (status, html) = get(&browser, &app, &format!("/tasks/{}", own.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&own.title), "its own task is shown");
    let (status, html) = get(&browser, &app, &format!("/tasks/{}", sibling.id)).await;
    assert_eq!(status, 404, "{html}");
    assert!(!html.contains(secret), "the refusal shows nothing of the sibling's task: {html}");
    let (status, list) = get(&browser, &app, "/tasks").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("/tasks/{}\"", own.id)), "its own task is listed");
    assert!(!list.contains(secret) && !list.contains(&format!("/tasks/{}\"", sibling.id)), "the sibling's is not");
    // Nor act on it.
    let csrf = hidden_field(&get(&browser, &app, "/inbox").await.1, "csrf");
    let version = sibling.version.to_string();
    let answer =
        post_form(&browser, &app, &format!("/tasks/{}/cancel", sibling.id), &[("csrf", &csrf), ("version", &version)])
            .await;
    assert_eq!(answer.status().as_u16(), 404);
    assert_eq!(reload(&app, sibling.id).await.status, sibling.status);
}

#[tokio::test]
async fn acknowledge_through_the_page_and_a_form_without_csrf_changes_nothing() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-pengze", "jj").await;
    assert_eq!(task.status, TaskStatus::Assigned);
    let browser = app.browse_as("jj-pengze", PASSWORD).await;
    let (_, page) = get(&browser, &app, &format!("/tasks/{}", task.id)).await;
    assert!(page.contains(&format!("action=\"/tasks/{}/acknowledge\"", task.id)));
    assert!(!page.contains("/complete\""), "no completion form before acknowledging");
    let csrf = hidden_field(&page, "csrf");
    let version = hidden_field(&page, "version");
    let path = format!("/tasks/{}/acknowledge", task.id);

    let refused = post_form(&browser, &app, &path, &[("version", &version)]).await;
    assert_eq!(refused.status().as_u16(), 403);
    let refused = post_form(&browser, &app, &path, &[("version", &version), ("csrf", "forged")]).await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(reload(&app, task.id).await.status, TaskStatus::Assigned, "nothing changed");

    let done = post_form(&browser, &app, &path, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(location(&done), format!("/tasks/{}?notice=notice-officer-acknowledged", task.id));
    assert_eq!(reload(&app, task.id).await.status, TaskStatus::Acknowledged);
    let (_, page) = get(&browser, &app, &location(&done)).await;
    assert!(page.contains("class=\"notice\""), "the notice is shown");
    assert!(page.contains("/progress\"") && page.contains("/complete\""), "now it can be reported on");

    // The same form again, with the version it was read at, is stale: a 409 page.
    let stale = post_form(&browser, &app, &path, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(stale.status().as_u16(), 409);
}

fn report_form(
    csrf: &str,
    version: &str,
    progress: Option<&str>,
    text: &str,
    file: Option<(&str, &[u8])>,
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().text("csrf", csrf.to_owned()).text("version", version.to_owned());
    if let Some(progress) = progress {
        form = form.text("progress", progress.to_owned());
    }
    form = form.text("text", text.to_owned());
    match file {
        Some((name, bytes)) => form.part(
            "evidence",
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name(name.to_owned())
                .mime_str("text/plain")
                .expect("mime"),
        ),
        // What a browser sends for a file input left empty.
        None => form.part(
            "evidence",
            reqwest::multipart::Part::bytes(Vec::new())
                .file_name("")
                .mime_str("application/octet-stream")
                .expect("mime"),
        ),
    }
}

#[tokio::test]
async fn progress_and_completion_with_files_then_accept_and_return_through_the_pages() {
    let app = spawn_demo().await;
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;

    // Progress with a file, and a text with a script in it that stays text.
    let task = app.task_assigned("jj-hukou-yj", "jj-yj").await;
    let (_, page) = get(&county, &app, &format!("/tasks/{}", task.id)).await;
    let csrf = hidden_field(&page, "csrf");
    let version = task.version.to_string();
    let text = "排查企业12家 <script>alert('x')</script>";
    let form = report_form(&csrf, &version, Some("65"), text, Some(("台账.txt", "隐患台账".as_bytes())));
    let answer =
        county.post(format!("{}/tasks/{}/progress", app.address, task.id)).multipart(form).send().await.expect("post");
    assert_eq!(answer.status().as_u16(), 303, "{}", answer.text().await.unwrap_or_default());
    let api = app.as_user("jj-hukou-yj").await;
    let detail = api.get(&format!("/api/v1/tasks/{}", task.id)).await.expect(200);
    assert_eq!(detail["task"]["progress"].as_i64().or(detail["progress"].as_i64()), Some(65), "{detail}");
    let (_, page) = get(&county, &app, &format!("/tasks/{}", task.id)).await;
    assert!(!page.contains("<script>alert"), "the report text is escaped");
    assert!(page.contains("&lt;script&gt;"), "and shown as text");
    let file_link =
        page.split("href=\"/api/v1/files/").nth(1).and_then(|s| s.split('"').next()).expect("a file link").to_owned();
    let download = county.get(format!("{}/api/v1/files/{file_link}", app.address)).send().await.expect("download");
    assert_eq!(download.status().as_u16(), 200, "the session downloads the evidence");
    assert_eq!(download.text().await.expect("bytes"), "隐患台账");

    // A report form without its csrf field changes nothing.
    let form = reqwest::multipart::Form::new()
        .text("version", reload(&app, task.id).await.version.to_string())
        .text("progress", "90")
        .text("text", "x");
    let refused =
        county.post(format!("{}/tasks/{}/progress", app.address, task.id)).multipart(form).send().await.expect("post");
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(reload(&app, task.id).await.progress, 65);

    // The overdue enterprise reports completion with a file.
    let overdue = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let enterprise = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let (_, page) = get(&enterprise, &app, &format!("/tasks/{}", overdue.id)).await;
    let csrf = hidden_field(&page, "csrf");
    let form = report_form(&csrf, &overdue.version.to_string(), None, "整改完毕", Some(("整改报告.txt", b"done")));
    let answer = enterprise
        .post(format!("{}/tasks/{}/complete", app.address, overdue.id))
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 303);
    let submitted = reload(&app, overdue.id).await;
    assert_eq!(submitted.status, TaskStatus::Submitted);

    // The county accepts it from its review queue.
    let (_, reviews) = get(&county, &app, "/reviews").await;
    assert!(reviews.contains(&format!("/tasks/{}\"", overdue.id)));
    let (_, page) = get(&county, &app, &format!("/tasks/{}", overdue.id)).await;
    assert!(page.contains("/accept\"") && page.contains("/return\""));
    let csrf = hidden_field(&page, "csrf");
    let answer = post_form(
        &county,
        &app,
        &format!("/tasks/{}/accept", overdue.id),
        &[("csrf", &csrf), ("version", &submitted.version.to_string()), ("text", "")],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(reload(&app, overdue.id).await.status, TaskStatus::Completed);

    // And returns another with a reason.
    let other = app.task_assigned("jj-hukou-e1", "jj-hukou-yj").await;
    assert_eq!(other.status, TaskStatus::Submitted);
    let path = format!("/tasks/{}/return", other.id);
    let version = other.version.to_string();
    let no_reason = post_form(&county, &app, &path, &[("csrf", &csrf), ("version", &version), ("reason", " ")]).await;
    assert_eq!(no_reason.status().as_u16(), 422, "a return needs a reason");
    let answer =
        post_form(&county, &app, &path, &[("csrf", &csrf), ("version", &version), ("reason", "台账不全")]).await;
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(reload(&app, other.id).await.status, TaskStatus::Returned);
    let history = api.get(&format!("/api/v1/tasks/{}/history", other.id)).await.expect(200);
    assert!(history.to_string().contains("台账不全"), "the reason is in the history");
}

#[tokio::test]
async fn split_to_units_below_through_the_page() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-yj", "jx-aw").await;
    let browser = app.browse_as("jj-yj", PASSWORD).await;
    let (_, page) = get(&browser, &app, &format!("/tasks/{}", task.id)).await;
    assert!(page.contains(&format!("action=\"/tasks/{}/split\"", task.id)), "the bureau may split its task");
    let csrf = hidden_field(&page, "csrf");
    let deadline_day = hidden_date(&page, "split-deadline");
    // The page's one unit picker, its checkboxes belonging to the split form.
    assert_eq!(page.matches("id=\"unit-picker\"").count(), 1, "one picker on the page");
    let options: Vec<String> = page
        .split("form=\"split-form\" name=\"lead_unit_ids\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_owned))
        .collect();
    let pengze = app.unit("jj-pengze").await.to_string();
    let dean = app.unit("jj-dean").await.to_string();
    let (lead, coop) = if options.contains(&pengze) && options.contains(&dean) {
        (pengze, dean)
    } else {
        (options[0].clone(), options[1].clone())
    };
    let before = duban::store::tasks::children(&app.ctx.db, task.id).await.expect("children").len();
    let answer = post_form(
        &browser,
        &app,
        &format!("/tasks/{}/split", task.id),
        &[
            ("csrf", &csrf),
            ("version", &task.version.to_string()),
            ("lead_unit_ids", &lead),
            ("cooperating_unit_ids", &coop),
            ("deadline", &deadline_day),
        ],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 303, "{}", answer.text().await.unwrap_or_default());
    let children = duban::store::tasks::children(&app.ctx.db, task.id).await.expect("children");
    assert_eq!(children.len(), before + 2);
    let new: Vec<_> = children.iter().filter(|c| c.status == TaskStatus::Assigned).collect();
    assert!(new.iter().any(|c| c.assignee_unit_id.to_string() == lead && c.role.as_str() == "lead"));
    assert!(new.iter().any(|c| c.assignee_unit_id.to_string() == coop && c.role.as_str() == "cooperating"));
    let (_, page) = get(&browser, &app, &format!("/tasks/{}", task.id)).await;
    for child in new {
        assert!(page.contains(&format!("/tasks/{}\"", child.id)), "the page lists the new child task");
    }
}

/// The value of a date input by its id.
fn hidden_date(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).expect("the input");
    let rest = &html[at..];
    let start = rest.find("value=\"").expect("a value") + 7;
    rest[start..].split('"').next().unwrap_or_default().to_owned()
}

async fn reminders_of(app: &TestApp, task_id: i64) -> Vec<notifications::Model> {
    notifications::Entity::find()
        .filter(notifications::Column::TaskId.eq(task_id))
        .filter(notifications::Column::Template.eq("reminder"))
        .all(&app.ctx.db)
        .await
        .expect("outbox")
}

#[tokio::test]
async fn remind_now_enqueues_one_reminder_a_day_per_sender_and_refuses_closed_tasks() {
    let app = spawn_demo().await;
    let overdue = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let (_, page) = get(&county, &app, &format!("/tasks/{}", overdue.id)).await;
    assert!(page.contains(&format!("action=\"/tasks/{}/remind\"", overdue.id)), "the assigner may remind");
    let csrf = hidden_field(&page, "csrf");
    let path = format!("/tasks/{}/remind", overdue.id);

    let refused = post_form(&county, &app, &path, &[("version", "1")]).await;
    assert_eq!(refused.status().as_u16(), 403);
    assert!(reminders_of(&app, overdue.id).await.is_empty(), "no csrf, no reminder");

    let first = post_form(&county, &app, &path, &[("csrf", &csrf), ("message", "请本周内报送整改台账")]).await;
    assert_eq!(first.status().as_u16(), 303);
    assert!(location(&first).ends_with("notice=notice-officer-reminded"));
    let rows = reminders_of(&app, overdue.id).await;
    let mut to: Vec<&str> = rows.iter().map(|r| r.recipient_email.as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        ["head@jj-hukou-e2.enterprise.example", "jj-hukou-e2@enterprise.example"],
        "one reminder to the enterprise's officer and one to its head"
    );
    assert!(rows[0].subject.contains(&overdue.title), "{}", rows[0].subject);
    assert!(rows[0].body_text.contains("超过办理期限"), "an overdue reminder says so: {}", rows[0].body_text);
    assert!(rows[0].body_text.contains("请本周内报送整改台账"), "and carries the message: {}", rows[0].body_text);

    // A second the same day is refused, saying why, and sends nothing.
    let again = post_form(&county, &app, &path, &[("csrf", &csrf)]).await;
    assert_eq!(again.status().as_u16(), 409);
    assert!(again.text().await.expect("page").contains("您今天已催办过该任务"), "the page says why");
    assert_eq!(reminders_of(&app, overdue.id).await.len(), 2, "at most one a day");

    // The next day, one more; and the history keeps each.
    app.clock.advance(Duration::days(1));
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let csrf = hidden_field(&get(&county, &app, "/inbox").await.1, "csrf");
    let next = post_form(&county, &app, &path, &[("csrf", &csrf)]).await;
    assert!(location(&next).ends_with("notice=notice-officer-reminded"));
    assert_eq!(reminders_of(&app, overdue.id).await.len(), 4);
    let history = duban::store::audit::history(&app.ctx.db, "task", overdue.id).await.expect("history");
    assert_eq!(history.iter().filter(|e| e.action == "remind").count(), 2);

    // Through the outbox: the sender delivers it like any other message.
    let outbox = app.as_user("admin").await.get("/api/v1/outbox").await.expect(200);
    assert!(outbox.to_string().contains("jj-hukou-e2@enterprise.example"), "{outbox}");

    // The enterprise itself may not remind; a closed task is not reminded.
    let enterprise = duban::services::Actor {
        user_id: UserId(
            duban::store::users::find_by_username(&app.ctx.db, "jj-hukou-e2").await.expect("q").expect("user").id,
        ),
        unit_id: UnitId(overdue.assignee_unit_id),
        role: duban::domain::vocabulary::Role::Officer,
    };
    assert!(matches!(
        reminders::remind_now(&app.ctx, &enterprise, TaskId(overdue.id), "").await,
        Err(ServiceError::Forbidden(_))
    ));
    let completed = app.task_assigned("jj-ruichang-e1", "jj-ruichang-yj").await;
    assert_eq!(completed.status, TaskStatus::Completed);
    let ruichang = app.browse_as("jj-ruichang-yj", PASSWORD).await;
    let (_, page) = get(&ruichang, &app, &format!("/tasks/{}", completed.id)).await;
    assert!(!page.contains("/remind\""), "no reminder for a completed task");
    let answer = post_form(
        &ruichang,
        &app,
        &format!("/tasks/{}/remind", completed.id),
        &[("csrf", &hidden_field(&page, "csrf"))],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 409);
    assert!(reminders_of(&app, completed.id).await.is_empty());
}

#[tokio::test]
async fn a_refused_report_comes_back_with_what_was_written_and_an_extension_is_asked_and_decided() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-hukou-yj", "jj-yj").await;
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let (_, page) = get(&county, &app, &format!("/tasks/{}", task.id)).await;
    let csrf = hidden_field(&page, "csrf");

    // A program is no evidence: the form comes back holding the text, and nothing changed.
    let form =
        report_form(&csrf, &task.version.to_string(), Some("70"), "长篇进展说明", Some(("setup.exe", b"MZ\x90\x00")));
    let answer =
        county.post(format!("{}/tasks/{}/progress", app.address, task.id)).multipart(form).send().await.expect("post");
    assert_eq!(answer.status().as_u16(), 422);
    let html = answer.text().await.expect("body");
    assert!(html.contains("长篇进展说明</textarea>"), "the text is kept");
    assert!(html.contains("role=\"alert\""), "and the reason shown");
    assert_eq!(reload(&app, task.id).await.progress, task.progress);

    // An extension asked for on the page, then approved by the bureau on its page.
    let ask = format!("/tasks/{}/extension", task.id);
    let new_day =
        (task.deadline + Duration::days(3)).with_timezone(&chrono_tz::Asia::Shanghai).date_naive().to_string();
    let answer =
        post_form(&county, &app, &ask, &[("csrf", &csrf), ("deadline", &new_day), ("reason", "企业停产检修")]).await;
    assert_eq!(answer.status().as_u16(), 303, "{}", answer.text().await.unwrap_or_default());
    let bureau = app.browse_as("jj-yj", PASSWORD).await;
    let (_, page) = get(&bureau, &app, &format!("/tasks/{}", task.id)).await;
    assert!(page.contains("企业停产检修"));
    let approve = page
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/approve"))
        .expect("an approve form")
        .to_owned();
    let answer = post_form(&bureau, &app, &approve, &[("csrf", &hidden_field(&page, "csrf")), ("reason", "")]).await;
    assert_eq!(answer.status().as_u16(), 303);
    assert!(reload(&app, task.id).await.deadline > task.deadline, "the deadline moved");

    // The words filter finds tasks by their text.
    let (_, found) = get(&bureau, &app, "/tasks?q=%E9%AB%98%E5%8D%B1").await;
    assert!(found.contains(&format!("/tasks/{}\"", task.id)), "高危 finds the high-risk industries task");
    let (_, none) = get(&bureau, &app, "/tasks?q=zzzz-no-such-words").await;
    assert!(!none.contains(&format!("/tasks/{}\"", task.id)));
}

#[tokio::test]
async fn a_declined_task_is_reassigned_through_the_page() {
    let app = spawn_demo().await;
    let declined = app.task_assigned("jj-ruichang-e3", "jj-ruichang-yj").await;
    assert_eq!(declined.status, TaskStatus::Declined);
    let county = app.browse_as("jj-ruichang-yj", PASSWORD).await;
    let (_, page) = get(&county, &app, &format!("/tasks/{}", declined.id)).await;
    assert!(page.contains(&format!("action=\"/tasks/{}/reassign\"", declined.id)), "the assigner may reassign");
    let other = app.unit("jj-ruichang-e2").await.to_string();
    assert!(
        page.contains(&format!("type=\"radio\" form=\"reassign-form\" name=\"unit\" value=\"{other}\"")),
        "the page's one picker offers the other enterprise, one unit to choose"
    );
    let answer = post_form(
        &county,
        &app,
        &format!("/tasks/{}/reassign", declined.id),
        &[("csrf", &hidden_field(&page, "csrf")), ("version", &declined.version.to_string()), ("unit", &other)],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 303);
    let task = reload(&app, declined.id).await;
    assert_eq!((task.status, task.assignee_unit_id.to_string()), (TaskStatus::Assigned, other));
}

mod task_page;
