//! The task page in a real browser: a county bureau reviews an enterprise's completion report
//! that carries a photo. The page leads with the review — the report's text and the photo,
//! loaded in place — before Accept, with Return folded below; the photo itself opens in the
//! browser, sandboxed. In Chinese, in English and at phone width, where the page before its
//! history is at most two screens tall.

use duban::services::demo::DEMO_PASSWORD;
use reqwest::multipart::{Form, Part};

use super::{Browser, LAPTOP, PHONE};
use crate::helpers::{TestApp, spawn_app};

const PHOTO: &[u8] = include_bytes!("../../fixtures/evidence/site-photo.png");

/// Signs in and, for an English run, switches the account to English with the header's switch.
async fn sign_in(browser: &Browser, username: &str, english: bool) {
    browser.sign_in(username, DEMO_PASSWORD).await;
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    if english != (lang == "en") {
        browser.click("header form[action='/language'] button").await;
    }
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    assert_eq!(lang, if english { "en" } else { "zh-CN" }, "{username} reads the run's language");
}

/// The enterprise's task, reported complete with the photo through the API.
async fn submitted_with_photo(app: &TestApp) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let task = duban::entities::tasks::Entity::find()
        .filter(duban::entities::tasks::Column::AssigneeUnitId.eq(app.unit("jj-hukou-e2").await))
        .filter(duban::entities::tasks::Column::AssignerUnitId.eq(app.unit("jj-hukou-yj").await))
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("the enterprise's task from the county");
    let enterprise = app.as_user("jj-hukou-e2").await;
    let form = Form::new()
        .text("version", task.version.to_string())
        .text("text", "隐患已整改完毕，现场照片附后。")
        .part("evidence", Part::bytes(PHOTO.to_vec()).file_name("现场照片.png"));
    enterprise.post_multipart(&format!("/api/v1/tasks/{}/complete", task.id), form).await.expect(200);
    task.id
}

/// Where an element's top edge is in the document, in CSS pixels.
async fn review(app: &TestApp, task: i64, name: &str, size: (u32, u32), english: bool, decide: bool) {
    let Some(browser) = Browser::open(name, &app.address, size, if english { "en-US" } else { "zh-CN" }).await else {
        return;
    };
    sign_in(&browser, "jj-hukou-yj", english).await;
    browser.goto(&format!("/tasks/{task}")).await;
    browser.shot("reviewer-task").await;

    // The next step is the review: the heading says so, the report and its photo come first.
    let heading = browser.find("#next-heading").await.text().await.expect("text");
    let expected = if english { "Next step: Accept" } else { "下一步：审核通过" };
    assert_eq!(heading.trim(), expected, "{name}");
    let submission = browser.find("#submission").await.text().await.expect("text");
    assert!(submission.contains("隐患已整改完毕，现场照片附后。"), "{name}: {submission}");
    let loaded = browser.loaded_width("#submission img").await;
    assert_eq!(loaded, Some(160), "{name}: the photo is shown in place, at its own width of 160 px");
    let (photo, accept) = (browser.top_of("#submission img").await, browser.top_of("form[action$='/accept']").await);
    assert!(photo < accept, "{name}: the photo ({photo}) is seen before Accept ({accept})");
    let return_form = browser.find("form[action$='/return'] textarea").await;
    assert!(!return_form.is_displayed().await.expect("shown?"), "{name}: Return is folded");
    let primary = browser.all("main button.primary").await;
    assert_eq!(primary.len(), 1, "{name}: one primary button");

    // The page before its history, on a phone: at most two screens.
    let (_, height) = size;
    let before_history = browser.top_of("#history").await;
    eprintln!("{name}: the task page is {before_history} px tall before its history (a screen is {height} px)");
    if size == PHONE {
        let parts = browser
            .client
            .execute(
                "return Array.from(document.querySelectorAll('body > *, main > *')).map(e => \
                 (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().height)).join(', ');",
                vec![],
            )
            .await
            .expect("script");
        assert!(before_history <= 2.0 * f64::from(height), "{name}: {before_history} px before the history: {parts}");
    }

    // The photo opens in the browser, as an image, not as a download.
    let href = browser.find("#submission a.thumb").await.attr("href").await.expect("href").expect("a link");
    browser.goto(&href).await;
    let kind = browser.client.execute("return document.contentType;", vec![]).await.expect("script");
    assert_eq!(kind.as_str(), Some("image/png"), "{name}: the photo is shown in place");
    browser.shot("evidence-inline").await;

    if decide {
        browser.goto(&format!("/tasks/{task}")).await;
        browser.fill("#accept-text", if english { "Checked on site." } else { "经现场核查属实。" }).await;
        browser.click("form[action$='/accept'] button.primary").await;
        let line = browser.find("#task-line").await.text().await.expect("text");
        assert!(line.contains(if english { "Completed" } else { "已办结" }), "{name}: {line}");
        browser.shot("reviewer-accepted").await;
    }
    browser.close().await;
}

#[tokio::test]
async fn a_reviewer_sees_the_photo_in_place_before_deciding_in_both_languages_and_on_a_phone() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let task = submitted_with_photo(&app).await;
    review(&app, task, "taskpage-zh", LAPTOP, false, false).await;
    review(&app, task, "taskpage-en", LAPTOP, true, false).await;
    review(&app, task, "taskpage-phone-en", PHONE, true, false).await;
    review(&app, task, "taskpage-phone", PHONE, false, true).await;
}
