//! The November 17 flow through the pages alone, in a real browser: the provincial
//! secretariat pastes the minutes, keeps two drafts and issues one to two Jiujiang bureaus;
//! the emergency bureau acknowledges and splits it to Hukou county's bureau; the county
//! reports completion with a file; the bureau accepts; the Jiujiang mayor's dashboard shows
//! the changed completion rate. Once in Chinese, once in English, once at phone width.

use duban::services::demo::DEMO_PASSWORD;

use super::{Browser, LAPTOP, PHONE};
use crate::helpers::{TestApp, spawn_app};

const MINUTES: &str = include_str!("../../fixtures/minutes/2023-11-17-province-production-safety-conference.txt");

async fn unit_of(app: &TestApp, username: &str) -> i64 {
    duban::store::users::find_by_username(&app.ctx.db, username).await.expect("query").expect("demo user").unit_id
}

/// Signs in through the sign-in page and, for an English run, switches the account to
/// English with the switch in the header (the demo accounts chose Chinese).
pub(super) async fn sign_in(browser: &Browser, username: &str, english: bool) {
    browser.sign_in(username, DEMO_PASSWORD).await;
    assert!(!browser.html().await.contains("name=\"password\""), "{username} signed in");
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    if english && lang != "en" {
        browser.click("header form[action='/language'] button").await;
    }
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    assert_eq!(lang, if english { "en" } else { "zh-CN" }, "{username} reads the pages in the run's language");
}

/// The href of the first link on the page whose text contains `text` or its English twin
/// (a task carries the directive's title in one language or the other).
async fn link_containing(browser: &Browser, css: &str, text: &str) -> String {
    let twin = text.replace("（保留 ", " (kept ").replace('）', ")");
    for link in browser.all(css).await {
        let shown = link.text().await.expect("text");
        if shown.contains(text) || shown.contains(&twin) {
            return link.attr("href").await.expect("href").expect("a link");
        }
    }
    panic!("no link {css} with {text:?} on {}", browser.path().await);
}

pub(super) async fn figure(browser: &Browser, id: &str) -> String {
    browser.find(&format!("#{id}")).await.text().await.expect("text").trim().to_owned()
}

async fn walk(name: &str, size: (u32, u32), english: bool) {
    let app = spawn_app().await;
    app.seed_demo().await;
    let accept_language = if english { "en-US" } else { "zh-CN" };
    let Some(browser) = Browser::open(name, &app.address, size, accept_language).await else { return };
    let hukou = unit_of(&app, "jj-hukou-yj").await;
    let (emergency, fire) = (unit_of(&app, "jj-yj").await, unit_of(&app, "jj-xf").await);

    // The mayor's dashboard before.
    sign_in(&browser, "jj-mayor", english).await;
    assert_eq!(browser.path().await, "/dashboard");
    let (total_before, completed_before) =
        (figure(&browser, "subtree-total").await, figure(&browser, "subtree-completed").await);
    let rate_before = figure(&browser, "subtree-completion-rate").await;
    browser.sign_out().await;

    // The provincial secretariat pastes the minutes and gets drafts beside them.
    sign_in(&browser, "jx-secretariat", english).await;
    assert_eq!(browser.path().await, "/meetings");
    browser.click("main a[href='/meetings/new']").await;
    browser.fill("#title_zh", "全省安全生产电视电话会议（浏览器）").await;
    browser.fill("#title_en", "Province-wide production safety conference (browser)").await;
    browser.fill("#minutes", MINUTES).await;
    browser.shot("secretariat-minutes").await;
    browser.click("form[action='/meetings/new'] button[type=submit]").await;
    assert!(browser.path().await.starts_with("/meetings/"), "on the meeting's page: {}", browser.path().await);
    let drafts = browser.all("section.card[id^='directive-']").await;
    assert!(drafts.len() >= 2, "the minutes gave at least two drafts, got {}", drafts.len());
    let mut ids = Vec::new();
    for draft in &drafts {
        ids.push(draft.attr("id").await.expect("id").expect("an id").trim_start_matches("directive-").to_owned());
    }
    browser.shot("secretariat-drafting").await;

    // Keep two drafts, edited; issue the first.
    for (n, id) in ids.iter().take(2).enumerate() {
        for (field, mark) in [
            (format!("#title_zh-{id}"), format!("（保留 {}）", n + 1)),
            (format!("#title_en-{id}"), format!(" (kept {})", n + 1)),
        ] {
            let kept =
                format!("{}{mark}", browser.find(&field).await.prop("value").await.expect("v").unwrap_or_default());
            browser.fill(&field, &kept).await;
        }
        browser.click(&format!("#directive-{id} form.secretariat-edit button[type=submit]")).await;
        let saved = if english { format!(" (kept {})", n + 1) } else { format!("（保留 {}）", n + 1) };
        assert!(browser.text().await.contains(&saved), "the draft was saved with its new title");
    }
    let first = &ids[0];
    browser.click(&format!("#directive-{first} form[action='/directives/{first}/issue'] button")).await;
    // Assign it to two Jiujiang bureaus with the page's one picker: emergency management leads,
    // fire and rescue cooperates.
    for tick in [format!("#pick-lead-{emergency}"), format!("#pick-coop-{fire}"), format!("#batch-{first}")] {
        browser.find(&tick).await.click().await.expect("tick");
    }
    browser.shot("secretariat-assign").await;
    browser.click("form#assign-batch button[type=submit]").await;
    browser.goto(&format!("/directives/{first}")).await;
    let tree = browser.text().await;
    for bureau in ["九江市应急管理局", "九江市消防救援支队"] {
        let english_name =
            if bureau.contains("应急") { "Jiujiang Emergency Management Bureau" } else { "Jiujiang Fire" };
        assert!(tree.contains(bureau) || tree.contains(english_name), "{bureau} has its task: {tree}");
    }
    browser.shot("secretariat-directive-tree").await;
    browser.sign_out().await;

    // The emergency bureau acknowledges and splits to Hukou county's bureau.
    sign_in(&browser, "jj-yj", english).await;
    assert_eq!(browser.path().await, "/inbox");
    let kept_title = "（保留 1）";
    let task = link_containing(&browser, "main a[href^='/tasks/']", kept_title).await;
    browser.goto(&task).await;
    browser.shot("officer-task").await;
    browser.click("form[action$='/acknowledge'] button[type=submit]").await;
    // Splitting is one of the steps folded below the next one.
    browser.find("#step-split > summary").await.click().await.expect("open the split form");
    browser.find(&format!("#pick-lead-{hukou}")).await.click().await.expect("tick Hukou's bureau as lead");
    browser.shot("officer-split").await;
    browser.click("form[action$='/split'] button[type=submit]").await;
    assert!(browser.text().await.contains("湖口县应急管理局") || browser.text().await.contains("Hukou Emergency"));
    browser.sign_out().await;

    // Hukou's bureau acknowledges and reports completion with a file.
    sign_in(&browser, "jj-hukou-yj", english).await;
    let child = link_containing(&browser, "main a[href^='/tasks/']", kept_title).await;
    browser.goto(&child).await;
    browser.click("form[action$='/acknowledge'] button[type=submit]").await;
    let evidence = tempfile::Builder::new().prefix("整改台账").suffix(".txt").tempfile().expect("file");
    std::fs::write(evidence.path(), "湖口县 2023 年冬季隐患整改台账：已整改 12 处。").expect("write");
    // Completion is folded below the next step (a progress report) until it is the next one.
    browser.find("#step-complete > summary").await.click().await.expect("open the completion form");
    browser.fill("#complete-text", "已完成全县排查整治，整改隐患 12 处，台账附后。").await;
    browser.find("#complete-files").await.send_keys(&evidence.path().display().to_string()).await.expect("attach");
    browser.shot("county-completion").await;
    browser.click("form[action$='/complete'] button[type=submit]").await;
    assert!(browser.html().await.contains("/api/v1/files/"), "the file is there to download");
    browser.sign_out().await;

    // The bureau accepts from its review queue.
    sign_in(&browser, "jj-yj", english).await;
    browser.goto("/reviews").await;
    let review = link_containing(&browser, "main a[href^='/tasks/']", kept_title).await;
    assert_eq!(review, child, "the county's report waits for the bureau");
    browser.goto(&review).await;
    browser.click("form[action$='/accept'] button[type=submit]").await;
    browser.shot("bureau-accepted").await;
    browser.sign_out().await;

    // The mayor's dashboard after: three more tasks, one more completed, another rate.
    sign_in(&browser, "jj-mayor", english).await;
    let total: i64 = figure(&browser, "subtree-total").await.parse().expect("a number");
    let completed: i64 = figure(&browser, "subtree-completed").await.parse().expect("a number");
    assert_eq!(total, total_before.parse::<i64>().expect("n") + 3, "two bureau tasks and the county's");
    assert_eq!(completed, completed_before.parse::<i64>().expect("n") + 1, "the county's task is done");
    assert_ne!(figure(&browser, "subtree-completion-rate").await, rate_before, "the completion rate moved");
    assert!(browser.html().await.contains("<svg"), "with its chart");
    browser.shot("leader-dashboard").await;
    browser.close().await;
}

#[tokio::test]
async fn the_november_17_flow_through_the_pages_in_chinese() {
    walk("flow-zh", LAPTOP, false).await;
}

#[tokio::test]
async fn the_november_17_flow_through_the_pages_in_english() {
    walk("flow-en", LAPTOP, true).await;
}

#[tokio::test]
async fn the_november_17_flow_through_the_pages_at_phone_width() {
    walk("flow-phone", PHONE, false).await;
}

#[tokio::test]
async fn signing_in_and_out_in_a_real_browser_in_both_languages_and_at_phone_width() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for (name, size, language, wrong, sign_out) in [
        ("sign-in-zh", LAPTOP, "zh-CN", "用户名或密码错误", "退出"),
        ("sign-in-en-phone", PHONE, "en-US", "The username or password is wrong", "Sign out"),
    ] {
        let Some(browser) = Browser::open(name, &app.address, size, language).await else { return };
        browser.goto("/").await;
        browser.shot("sign-in").await;
        browser.sign_in("jj-yj", "not-the-password").await;
        assert!(browser.text().await.contains(wrong), "{name}: the reason in the language");
        browser.sign_in("jj-yj", DEMO_PASSWORD).await;
        assert_eq!(browser.path().await, "/inbox", "{name}: an officer starts at the inbox");
        browser.shot("signed-in").await;
        // The demo accounts chose Chinese; the switch in the header changes that for good.
        if language.starts_with("en") {
            browser.click("header form[action='/language'] button").await;
            assert_eq!(browser.path().await, "/inbox", "{name}: back on the same page");
        }
        assert!(browser.find("header").await.text().await.expect("text").contains(sign_out), "{name}");
        browser.sign_out().await;
        assert!(browser.html().await.contains("name=\"password\""), "{name}: signed out");
        browser.close().await;
    }
}
