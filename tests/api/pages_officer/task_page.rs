//! The task page as a person works in it: the next step first, the submission and its photo
//! before Accept and Return, a parent's turn to report up, refusals that keep what was
//! written, and lights that say why.

use super::*;
use crate::helpers::page_report_form;

/// A photo of a rectified site: a real PNG, whose first bytes are the PNG signature.
const PHOTO: &[u8] = include_bytes!("../../fixtures/evidence/site-photo.png");

/// Where `needle` first stands on `html`; a panic naming it when it is not there.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("{needle:?} is not on the page:\n{html}"))
}

/// The page from its heading to its history: what the task page shows before the history.
fn body(html: &str) -> &str {
    &html[at(html, "<h1>")..at(html, "id=\"history\"")]
}

#[tokio::test]
async fn the_task_page_leads_with_the_next_step_and_folds_the_others() {
    let app = spawn_demo().await;
    // Assigned: acknowledging is the one primary step, declining is folded below it.
    let task = app.task_assigned("jj-pengze", "jj").await;
    let pengze = app.browse_as("jj-pengze", PASSWORD).await;
    let (_, page) = get(&pengze, &app, &format!("/tasks/{}?lang=en", task.id)).await;
    let main = body(&page);
    let (next, ack, others) = (
        at(main, "id=\"next\""),
        at(main, &format!("action=\"/tasks/{}/acknowledge\"", task.id)),
        at(main, "id=\"others\""),
    );
    assert!(next < ack && ack < others, "the next step comes first");
    assert!(at(main, "Next step: Acknowledge") < ack);
    let decline = at(main, &format!("action=\"/tasks/{}/decline\"", task.id));
    assert!(
        others < decline && at(main, "<details class=\"step\" id=\"step-decline\">") < decline,
        "declining is folded"
    );
    assert_eq!(main.matches("class=\"primary\"").count(), 1, "one primary button: {main}");
    assert!(!main.contains("/complete\"") && !main.contains("/progress\""), "nothing the lifecycle refuses");

    // The assigning city has no next step on it, only folded ones.
    let city = app.browse_as("jj", PASSWORD).await;
    let (_, page) = get(&city, &app, &format!("/tasks/{}?lang=en", task.id)).await;
    let main = body(&page);
    assert!(!main.contains("id=\"next\"") && !main.contains("class=\"primary\""), "{main}");
    assert!(at(main, "id=\"others\"") < at(main, &format!("action=\"/tasks/{}/cancel\"", task.id)));
    assert!(!main.contains("/acknowledge\""), "the assigner does not acknowledge");
}

#[tokio::test]
async fn a_reviewer_sees_the_submission_and_its_photo_before_accept_and_return() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let enterprise = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let (_, page) = get(&enterprise, &app, &format!("/tasks/{}", task.id)).await;
    let form = page_report_form(
        &hidden_field(&page, "csrf"),
        &task.version.to_string(),
        "整改完毕，附现场照片",
        &[],
        &[("现场照片.png", PHOTO)],
    );
    let answer = enterprise
        .post(format!("{}/tasks/{}/complete", app.address, task.id))
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 303, "{}", answer.text().await.unwrap_or_default());
    // The enterprise, waiting for the review, has no next step and still sees what it sent.
    let (_, page) = get(&enterprise, &app, &format!("/tasks/{}", task.id)).await;
    let main = body(&page);
    assert!(!main.contains("id=\"next\""), "nothing to do but wait");
    assert!(at(main, "id=\"reports\"") < at(main, "整改完毕，附现场照片"), "its report is listed: {main}");
    assert!(main.contains("<img src=\"/api/v1/files/"), "with the photo");

    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    for (lang, heading) in [("zh", "下一步：审核通过"), ("en", "Next step: Accept")] {
        let (_, page) = get(&county, &app, &format!("/tasks/{}?lang={lang}", task.id)).await;
        let main = body(&page);
        let submission = at(main, "id=\"submission\"");
        let text = at(main, "整改完毕，附现场照片");
        let photo = at(main, "<img src=\"/api/v1/files/");
        let accept = at(main, &format!("action=\"/tasks/{}/accept\"", task.id));
        let others = at(main, "id=\"others\"");
        let return_ = at(main, &format!("action=\"/tasks/{}/return\"", task.id));
        assert!(at(main, heading) < submission, "{lang}: the heading names the next step");
        assert!(submission < text && text < photo && photo < accept, "{lang}: the submission before the decision");
        assert!(accept < others && others < return_, "{lang}: returning is folded");
        assert_eq!(main.matches("class=\"primary\"").count(), 1, "{lang}: one primary button");
    }
}

#[tokio::test]
async fn a_parent_shows_completion_disabled_while_children_are_open_then_offers_it_with_their_reports() {
    let app = spawn_demo().await;
    let parent = app.task_assigned("jj-hukou-yj", "jj-yj").await;
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let (_, page) = get(&county, &app, &format!("/tasks/{}?lang=en", parent.id)).await;
    let main = body(&page);
    let open = duban::store::tasks::children(&app.ctx.db, parent.id)
        .await
        .expect("children")
        .iter()
        .filter(|c| c.status.is_open())
        .count();
    assert!(open > 0, "the demo's county task has open children");
    assert!(!main.contains(&format!("action=\"/tasks/{}/complete\"", parent.id)), "no completion form");
    let blocked = at(main, "data-step=\"complete\"");
    assert!(at(&main[blocked..], "disabled>") < at(&main[blocked..], &format!("{open} child task")), "{main}");
    assert!(main.contains("still open: completion is reported once every child task is completed or cancelled"));
    let (_, page) = get(&county, &app, &format!("/tasks/{}?lang=zh", parent.id)).await;
    assert!(page.contains(&format!("还有 {open} 项下级任务未办结")), "and in Chinese");

    // A completion sent anyway (from a page read before the task was split) is refused; the
    // page says why at its top and keeps what was written, though it offers no such form.
    let form = page_report_form(&hidden_field(&page, "csrf"), &parent.version.to_string(), "全县已整改完毕", &[], &[]);
    let answer = county
        .post(format!("{}/tasks/{}/complete?lang=en", app.address, parent.id))
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 422);
    let html = answer.text().await.expect("page");
    let main = body(&html);
    let refusal = at(main, "id=\"refused-elsewhere\"");
    assert!(refusal < at(main, "id=\"next\""), "first on the page");
    let shown = &main[refusal..at(main, "id=\"next\"")];
    assert!(shown.contains("Not sent — Child tasks:") && shown.contains(&format!("{open} child task")), "{shown}");
    assert!(shown.contains("全县已整改完毕"), "what was written is kept: {shown}");
    assert_eq!(reload(&app, parent.id).await.status, parent.status, "nothing changed");

    // Every child closed through the service (each with a completion report), the parent says
    // so and offers its own completion first, with what the units below reported.
    let children = duban::store::tasks::children(&app.ctx.db, parent.id).await.expect("children");
    let reviewer = app.as_user("jj-hukou-yj").await;
    for child in &children {
        let unit_key = duban::entities::units::Entity::find_by_id(child.assignee_unit_id)
            .one(&app.ctx.db)
            .await
            .expect("query")
            .expect("unit")
            .key;
        let worker = app.as_user(&unit_key).await;
        let child = reload(&app, child.id).await;
        if child.status == TaskStatus::Assigned {
            let path = format!("/api/v1/tasks/{}/acknowledge", child.id);
            worker.post(&path, serde_json::json!({"version": child.version})).await.expect(200);
        }
        let child = reload(&app, child.id).await;
        if matches!(child.status, TaskStatus::Acknowledged | TaskStatus::InProgress | TaskStatus::Returned) {
            let path = format!("/api/v1/tasks/{}/complete", child.id);
            let body = serde_json::json!({"version": child.version, "text": format!("{unit_key} 已整改")});
            worker.post(&path, body).await.expect(200);
        }
        let child = reload(&app, child.id).await;
        if child.status == TaskStatus::Submitted {
            let path = format!("/api/v1/tasks/{}/accept", child.id);
            reviewer.post(&path, serde_json::json!({"version": child.version})).await.expect(200);
        }
        assert_eq!(reload(&app, child.id).await.status, TaskStatus::Completed);
    }
    let (_, page) = get(&county, &app, &format!("/tasks/{}?lang=en", parent.id)).await;
    let main = body(&page);
    let n = children.len();
    let done = at(main, &format!("All {n} child tasks are done: it is your unit&#x27;s turn to report up."));
    let complete = at(main, &format!("action=\"/tasks/{}/complete\"", parent.id));
    assert!(at(main, "id=\"next\"") < done && done < complete && complete < at(main, "id=\"others\""));
    let textarea = &main[complete..];
    let textarea = &textarea[at(textarea, "<textarea id=\"complete-text\"")..at(textarea, "</textarea>")];
    assert!(textarea.contains(": jj-hukou-e2 已整改"), "the children's reports start the parent's own: {textarea}");
    assert!(!main.contains("data-step=\"complete\""), "no longer disabled");
}

#[tokio::test]
async fn a_refused_completion_keeps_its_text_and_names_the_files_to_choose_again_in_both_languages() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let enterprise = app.browse_as("jj-hukou-e2", PASSWORD).await;
    let (_, page) = get(&enterprise, &app, &format!("/tasks/{}", task.id)).await;
    let csrf = hidden_field(&page, "csrf");
    for (lang, field, why) in [
        ("zh", "未能提交——佐证材料：", "伪装.pdf 实际上不是 .pdf 文件"),
        ("en", "Not sent — Evidence files:", "伪装.pdf is not really a .pdf file"),
    ] {
        let form = page_report_form(
            &csrf,
            &task.version.to_string(),
            "整改完毕 <b>见附件</b>",
            &[],
            &[("现场照片.png", PHOTO), ("伪装.pdf", b"MZ\x90\x00 not a pdf")],
        );
        let answer = enterprise
            .post(format!("{}/tasks/{}/complete?lang={lang}", app.address, task.id))
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status().as_u16(), 422, "{lang}");
        let html = answer.text().await.expect("page");
        let main = body(&html);
        // The refused form first, its alert at its top, naming the field in the reader's words.
        let (next, alert, form) = (
            at(main, "id=\"next\""),
            at(main, "id=\"refusal\""),
            at(main, &format!("action=\"/tasks/{}/complete\"", task.id)),
        );
        assert!(next < alert && alert < form && form < at(main, "id=\"others\""), "{lang}: {main}");
        let alert_text = &main[alert..form];
        assert!(alert_text.contains(field) && alert_text.contains(why), "{lang}: {alert_text}");
        assert!(alert_text.contains("现场照片.png, 伪装.pdf"), "{lang}: the files to choose again: {alert_text}");
        assert!(
            main[form..].contains("整改完毕 &lt;b&gt;见附件&lt;&#x2F;b&gt;</textarea>")
                || main[form..].contains("整改完毕 &lt;b&gt;见附件&lt;/b&gt;</textarea>"),
            "{lang}: the text is kept, escaped: {main}"
        );
        let other_words = if lang == "zh" { "Evidence files" } else { "佐证材料" };
        assert!(!alert_text.contains(other_words), "{lang}: no words of the other language");
        let now = reload(&app, task.id).await;
        assert_eq!((now.status, now.version), (task.status, task.version), "{lang}: nothing changed");
    }
    let files = duban::entities::evidence_files::Entity::find()
        .filter(duban::entities::evidence_files::Column::TaskId.eq(task.id))
        .all(&app.ctx.db)
        .await
        .expect("files");
    assert!(files.is_empty(), "a refused report stores no file");
}

#[tokio::test]
async fn a_refused_split_or_extension_comes_back_first_with_its_values() {
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-yj", "jx-aw").await;
    let bureau = app.browse_as("jj-yj", PASSWORD).await;
    let (_, page) = get(&bureau, &app, &format!("/tasks/{}", task.id)).await;
    let csrf = hidden_field(&page, "csrf");
    let units: Vec<String> = page
        .split("name=\"cooperating_unit_ids\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .take(2)
        .collect();
    let [lead, coop] = [&units[0], &units[1]];
    // A day after the task's own deadline: the split form first, the units still chosen,
    // the date kept.
    let late = (task.deadline + Duration::days(1)).with_timezone(&chrono_tz::Asia::Shanghai).date_naive().to_string();
    let path = format!("/tasks/{}/split?lang=en", task.id);
    let before = duban::store::tasks::children(&app.ctx.db, task.id).await.expect("children").len();
    let answer = post_form(
        &bureau,
        &app,
        &path,
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("lead_unit_ids", lead),
            ("cooperating_unit_ids", coop),
            ("deadline", &late),
        ],
    )
    .await;
    let status = answer.status().as_u16();
    let html = answer.text().await.expect("page");
    assert_eq!(status, 422, "{html}");
    let main = body(&html);
    assert!(at(main, "id=\"refusal\"") < at(main, &format!("action=\"/tasks/{}/split\"", task.id)));
    assert!(at(main, "id=\"refusal\"") < at(main, "id=\"others\""), "the refused form is the first");
    assert!(main.contains("Not sent — Deadline:"), "{main}");
    assert!(main.contains(&format!("id=\"pick-lead-{lead}\" aria-label=")), "the lead is offered");
    let ticked = |id: &str| {
        main.split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|s| s.split('>').next())
            .unwrap_or_default()
            .contains(" checked")
    };
    assert!(ticked(&format!("pick-lead-{lead}")), "the lead is kept");
    assert!(ticked(&format!("pick-coop-{coop}")), "the cooperating unit is kept");
    assert!(
        main.contains("id=\"step-split\" open") || at(main, "id=\"refusal\"") < at(main, "id=\"unit-picker\""),
        "the picker is shown with the refused form"
    );
    assert!(main.contains(&format!("value=\"{late}\" required")), "the date is kept");
    let after = duban::store::tasks::children(&app.ctx.db, task.id).await.expect("children").len();
    assert_eq!(after, before, "nothing was split");

    // An extension without a reason, in Chinese: the date is kept and the field named.
    let day = (task.deadline + Duration::days(5)).with_timezone(&chrono_tz::Asia::Shanghai).date_naive().to_string();
    let path = format!("/tasks/{}/extension?lang=zh", task.id);
    let answer = post_form(&bureau, &app, &path, &[("csrf", &csrf), ("deadline", &day), ("reason", " ")]).await;
    assert_eq!(answer.status().as_u16(), 422);
    let html = answer.text().await.expect("page");
    let main = body(&html);
    assert!(main.contains("未能提交——理由：") && main.contains("须填写理由"), "{main}");
    assert!(main.contains(&format!("value=\"{day}\" required")), "the date is kept");
    assert!(at(main, "id=\"refusal\"") < at(main, &format!("action=\"/tasks/{}/extension\"", task.id)));
}

#[tokio::test]
async fn a_yellow_light_says_why_on_the_task_page_and_in_the_list() {
    use chrono::TimeZone;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = spawn_demo().await;
    let task = app.task_assigned("jj-hukou-yj", "jj-yj").await;
    let utc = |m, d| chrono::Utc.with_ymd_and_hms(2026, m, d, 0, 0, 0).single().expect("instant");
    // Given on Mon 2 November, due Sat 12 December (08:00 in Shanghai): forty days.
    let mut row: tasks::ActiveModel = task.clone().into();
    row.created_at = Set(utc(11, 2));
    row.deadline = Set(utc(12, 12));
    row.original_deadline = Set(utc(12, 12));
    row.progress = Set(0);
    row.update(&app.ctx.db).await.expect("update");

    // Wed 2 December: thirty of forty days gone, 75 %, less 25 points of slack: 50 % expected,
    // 0 % done. Seven working days are left, too many to be due soon.
    app.clock.set(utc(12, 2));
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    for (lang, label, why) in [
        ("en", "Behind pace", "behind pace by 50 points (expected 50%)"),
        ("zh", "进度滞后", "进度落后 50 个百分点（应达 50%）"),
    ] {
        let (_, page) = get(&county, &app, &format!("/tasks/{}?lang={lang}", task.id)).await;
        let line = &page[at(&page, "id=\"task-line\"")..];
        let line = &line[..at(line, "</p>")];
        assert!(line.contains(&format!("light-yellow\" id=\"task-light\">{label}<")), "{lang}: {line}");
        assert!(line.contains(&format!("id=\"light-why\">{why}<")), "{lang}: {line}");
        let (_, list) = get(&county, &app, &format!("/tasks?lang={lang}&q=%E9%AB%98%E5%8D%B1")).await;
        let row = &list[at(&list, &format!("/tasks/{}\"", task.id))..];
        let row = &row[..at(row, "</tr>")];
        assert!(row.contains(label) && row.contains(why), "{lang}: the list says why too: {row}");
    }

    // Wed 9 December, all done: due within two working days (Thu 10, Fri 11).
    let mut row: tasks::ActiveModel = reload(&app, task.id).await.into();
    row.progress = Set(100);
    row.update(&app.ctx.db).await.expect("update");
    app.clock.set(utc(12, 9));
    let county = app.browse_as("jj-hukou-yj", PASSWORD).await;
    for (lang, why) in [("en", "due within 2 working days"), ("zh", "2 个工作日内到期")] {
        let (_, page) = get(&county, &app, &format!("/tasks/{}?lang={lang}", task.id)).await;
        let line = &page[at(&page, "id=\"task-line\"")..];
        let line = &line[..at(line, "</p>")];
        assert!(line.contains("light-yellow") && line.contains(&format!("id=\"light-why\">{why}<")), "{lang}: {line}");
    }
}
