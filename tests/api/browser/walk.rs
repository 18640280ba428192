//! The walk of issue 22, through the pages alone, on a phone (360 px) in a real browser, once in
//! Chinese and once in English: the provincial secretariat pastes a new meeting's minutes and
//! issues both drafts in one step to three cities, each leading a task of its own, Jiujiang's
//! public security bureau cooperating with Jiujiang; Jiujiang splits its task to Hukou county;
//! Hukou reports completion with a photo; Jiujiang sees the photo before deciding and returns
//! it once; Hukou reports again; Jiujiang accepts, then reports up with what Hukou reported;
//! the secretariat accepts. At each step the person sees the next step first, and every task
//! page is at most two screens tall before its history. No date changes on the way: the day
//! the minutes gave is the deadline of every task, down to the county's.

use chrono::NaiveDate;
use duban::entities::tasks;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{Browser, PHONE, flow::sign_in};
use crate::helpers::{TestApp, spawn_app};

/// Two requirements of every city, with the days they are due, as a secretariat pastes them.
const MINUTES: &str = "全省城镇燃气和人员密集场所安全专题会议纪要\n\
一、各设区市人民政府要于2026年12月20日前完成城镇燃气管道隐患排查整治，逐项建立整改台账。\n\
二、各设区市人民政府要在12月25日前完成人员密集场所消防安全检查，落实整改责任。";

/// The days the minutes name, read by hand (the meeting is held on the test clock's day,
/// 28 November 2026).
const FIRST_DUE: &str = "2026-12-20";
const SECOND_DUE: &str = "2026-12-25";

const PHOTO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/site-photo.png");

/// The tasks of `directive` as the database holds them.
async fn tasks_of(app: &TestApp, directive: i64) -> Vec<tasks::Model> {
    tasks::Entity::find().filter(tasks::Column::DirectiveId.eq(directive)).all(&app.ctx.db).await.expect("tasks")
}

async fn reload(app: &TestApp, id: i64) -> tasks::Model {
    tasks::Entity::find_by_id(id).one(&app.ctx.db).await.expect("read").expect("the task")
}

/// Where an element's top edge is in the document, in CSS pixels.
async fn text_of(browser: &Browser, css: &str) -> String {
    browser.find(css).await.text().await.expect("text").trim().to_owned()
}

async fn value_of(browser: &Browser, css: &str) -> String {
    browser.find(css).await.prop("value").await.expect("value").unwrap_or_default()
}

/// What a person sees first on a task page: the next step's heading, its one primary button
/// inside it, and no more than two phone screens before the history. Returns the height.
async fn next_step_first(browser: &Browser, who: &str, step: (&str, &str), english: bool) -> f64 {
    let heading = text_of(browser, "#next-heading").await;
    let expected = if english { format!("Next step: {}", step.1) } else { format!("下一步：{}", step.0) };
    assert_eq!(heading, expected, "{who} sees the next step first");
    let primary = browser.all("main button.primary").await;
    assert_eq!(primary.len(), 1, "{who}: one primary button");
    // The words of the page about the task, not what users wrote: no English on a Chinese page.
    if !english {
        for css in ["#next-heading", "#task-line", "#next button.primary", "#others-heading"] {
            for element in browser.all(css).await {
                let words = element.text().await.expect("text");
                assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{who}: English in {css}: {words}");
            }
        }
    }
    let next_bottom = browser
        .client
        .execute(
            "const r = document.querySelector('#next').getBoundingClientRect(); return r.bottom + window.scrollY;",
            vec![],
        )
        .await
        .expect("script")
        .as_f64()
        .expect("a number");
    let button = browser.top_of("#next button.primary").await;
    assert!(button < next_bottom, "{who}: the primary button is the next step's");
    let height = browser.top_of("#history").await;
    let screens = 2.0 * f64::from(PHONE.1);
    eprintln!("{who}: the task page is {height} px tall before its history (two screens: {screens} px)");
    if height > screens {
        let parts = browser
            .client
            .execute(
                "return Array.from(document.querySelectorAll('body > *, main > *, #next > *')).map(e => \
                 (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().height)).join(', ');",
                vec![],
            )
            .await
            .expect("script");
        panic!("{who}: {height} px before the history, more than two screens: {parts}");
    }
    height
}

/// The day a deadline falls on, as a task page writes it.
fn shown_day(english: bool, day: &str) -> String {
    let day: NaiveDate = day.parse().expect("a day");
    if english { day.format("%-d %b %Y").to_string() } else { day.format("%Y年%-m月%-d日").to_string() }
}

async fn attach_photo_and_complete(browser: &Browser, text: &str) {
    browser.fill("#complete-text", text).await;
    browser.find("#complete-files").await.send_keys(PHOTO).await.expect("attach the photo");
    browser.click("form[action$='/complete'] button[type=submit]").await;
}

async fn walk(name: &str, english: bool) {
    let app = spawn_app().await;
    app.seed_demo().await;
    let Some(browser) = Browser::open(name, &app.address, PHONE, if english { "en-US" } else { "zh-CN" }).await else {
        return;
    };
    let (nc, jj, px) = (app.unit("nc").await, app.unit("jj").await, app.unit("px").await);
    let (police, hukou) = (app.unit("jj-ga").await, app.unit("jj-hukou").await);
    let due_day = app.ctx.end_of_day(FIRST_DUE.parse().expect("a day"));
    let mut heights = Vec::new();

    // The secretariat pastes the minutes: two drafts, each keeping the day its line gave.
    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto("/meetings/new").await;
    browser.fill("#title_zh", "全省城镇燃气和人员密集场所安全专题会议").await;
    browser.fill("#title_en", "Province-wide meeting on town gas and crowded places").await;
    browser.fill("#minutes", MINUTES).await;
    browser.shot("secretariat-minutes").await;
    browser.click("form[action='/meetings/new'] button[type=submit]").await;
    let mut ids = Vec::new();
    for draft in browser.all("section.card[id^='directive-']").await {
        let id = draft.attr("id").await.expect("id").expect("an id");
        ids.push(id.trim_start_matches("directive-").parse::<i64>().expect("a directive id"));
    }
    assert_eq!(ids.len(), 2, "two requirements, two drafts");
    ids.sort_unstable();
    assert_eq!(value_of(&browser, &format!("#deadline-{}", ids[0])).await, FIRST_DUE, "the first line's day");
    assert_eq!(value_of(&browser, &format!("#deadline-{}", ids[1])).await, SECOND_DUE, "the second line's day");
    assert!(browser.all(".deadline-passed").await.is_empty(), "neither day has passed");
    for id in &ids {
        let title = value_of(&browser, &format!("#title_zh-{id}")).await;
        assert!(!title.starts_with('一') && !title.starts_with('二'), "no list marker in {title:?}");
    }
    assert_eq!(browser.all("#unit-picker").await.len(), 1, "one picker for the page");
    browser.shot("secretariat-drafts").await;

    // Both drafts to three cities, each as lead; Jiujiang's police cooperate with Jiujiang.
    for tick in [
        format!("#pick-lead-{nc}"),
        format!("#pick-lead-{jj}"),
        format!("#pick-lead-{px}"),
        format!("#pick-coop-{police}"),
        format!("#batch-{}", ids[0]),
        format!("#batch-{}", ids[1]),
    ] {
        browser.find(&tick).await.click().await.unwrap_or_else(|e| panic!("ticking {tick}: {e}"));
    }
    browser
        .client
        .execute("document.getElementById('pick-lead-' + arguments[0]).scrollIntoView()", vec![jj.into()])
        .await
        .expect("scroll");
    browser.shot("secretariat-several-leads").await;
    browser.click("form#assign-batch button[type=submit]").await;
    assert!(browser.path().await.contains("notice=notice-secretariat-assigned"), "{}", browser.path().await);
    for id in &ids {
        let given = tasks_of(&app, *id).await;
        let mut leads: Vec<i64> =
            given.iter().filter(|t| t.role.as_str() == "lead").map(|t| t.assignee_unit_id).collect();
        leads.sort_unstable();
        let mut cities = vec![nc, jj, px];
        cities.sort_unstable();
        assert_eq!(leads, cities, "each city leads a task of directive {id}");
        let lead_of_jj = given.iter().find(|t| t.assignee_unit_id == jj).expect("Jiujiang's task").id;
        let with = given.iter().find(|t| t.assignee_unit_id == police).expect("the police's task");
        assert_eq!(
            (with.role.as_str(), with.lead_task_id),
            ("cooperating", Some(lead_of_jj)),
            "the police cooperate with Jiujiang's task"
        );
    }
    let first = tasks_of(&app, ids[0]).await;
    for task in &first {
        assert_eq!(task.deadline, due_day, "the day of the minutes, unchanged, for every task");
    }
    let city_task = first.iter().find(|t| t.assignee_unit_id == jj).expect("Jiujiang's task").id;
    let police_task = first.iter().find(|t| t.assignee_unit_id == police).expect("the police's task").id;
    browser.goto(&format!("/directives/{}", ids[0])).await;
    let tree = browser.text().await;
    for (zh, en) in [("南昌市人民政府", "Nanchang"), ("九江市人民政府", "Jiujiang"), ("萍乡市人民政府", "Pingxiang")]
    {
        assert!(tree.contains(if english { en } else { zh }), "{zh} leads a task: {tree}");
    }
    browser.shot("secretariat-directive-tree").await;
    browser.sign_out().await;

    // Jiujiang's police see whose task they work with.
    sign_in(&browser, "jj-ga", english).await;
    browser.goto(&format!("/tasks/{police_task}")).await;
    let lead = text_of(&browser, "#lead-task").await;
    assert!(lead.contains(if english { "Jiujiang Municipal Government" } else { "九江市人民政府" }), "{lead}");
    browser.sign_out().await;

    // Jiujiang acknowledges and splits its task to Hukou county, by the same day.
    sign_in(&browser, "jj", english).await;
    browser.goto(&format!("/tasks/{city_task}")).await;
    heights.push(next_step_first(&browser, "the city, acknowledging", ("签收", "Acknowledge"), english).await);
    let line = text_of(&browser, "#task-line").await;
    assert!(line.contains(&shown_day(english, FIRST_DUE)), "the deadline of the minutes: {line}");
    browser.shot("city-task").await;
    browser.click("form[action$='/acknowledge'] button[type=submit]").await;
    heights.push(next_step_first(&browser, "the city, acknowledged", ("报送进展", "Report progress"), english).await);
    browser.find("#step-split > summary").await.click().await.expect("open the split form");
    assert_eq!(value_of(&browser, "#split-deadline").await, FIRST_DUE, "the split keeps the day");
    browser.find(&format!("#pick-lead-{hukou}")).await.click().await.expect("tick Hukou as lead");
    browser.shot("city-split").await;
    browser.click("form#split-form button[type=submit]").await;
    let children = duban::store::tasks::children(&app.ctx.db, city_task).await.expect("children");
    assert_eq!(children.len(), 1, "one task for Hukou");
    let county_task = children[0].id;
    assert_eq!((children[0].assignee_unit_id, children[0].deadline), (hukou, due_day), "Hukou's, by the same day");
    browser.sign_out().await;

    // Hukou acknowledges and reports completion with a photo.
    let first_report = if english {
        "Gas pipes checked: 12 hazards found and fixed."
    } else {
        "已完成全县燃气管道排查，整改隐患 12 处，现场照片附后。"
    };
    sign_in(&browser, "jj-hukou", english).await;
    browser.goto(&format!("/tasks/{county_task}")).await;
    heights.push(next_step_first(&browser, "the county, acknowledging", ("签收", "Acknowledge"), english).await);
    browser.click("form[action$='/acknowledge'] button[type=submit]").await;
    browser.find("#step-complete > summary").await.click().await.expect("open the completion form");
    browser.shot("county-completion").await;
    attach_photo_and_complete(&browser, first_report).await;
    assert_eq!(reload(&app, county_task).await.status.as_str(), "submitted");
    browser.sign_out().await;

    // Jiujiang reviews: the report and its photo before Accept; it returns it once.
    let reason = if english { "Add photos from before the repairs." } else { "请补充整改前的现场照片。" };
    sign_in(&browser, "jj", english).await;
    browser.goto(&format!("/tasks/{county_task}")).await;
    heights.push(next_step_first(&browser, "the city, reviewing", ("审核通过", "Accept"), english).await);
    assert!(text_of(&browser, "#submission").await.contains(first_report), "the report's text is shown");
    let width = browser.loaded_width("#submission img").await;
    assert_eq!(width, Some(160), "the photo is shown in place, at its own 160 px");
    let (photo, accept) = (browser.top_of("#submission img").await, browser.top_of("form[action$='/accept']").await);
    assert!(photo < accept, "the photo ({photo}) comes before Accept ({accept})");
    browser.shot("city-review").await;
    browser.find("#step-return > summary").await.click().await.expect("open the return form");
    browser.fill("#return-reason", reason).await;
    browser.click("form[action$='/return'] button[type=submit]").await;
    assert_eq!(reload(&app, county_task).await.status.as_str(), "returned");
    browser.sign_out().await;

    // Hukou reads why, and reports again with the photo.
    let second_report = if english {
        "Before and after photos added; all 12 hazards fixed."
    } else {
        "已补充整改前后对比照片，12 处隐患全部整改完毕。"
    };
    sign_in(&browser, "jj-hukou", english).await;
    browser.goto(&format!("/tasks/{county_task}")).await;
    heights.push(next_step_first(&browser, "the county, returned", ("报送办结", "Report completion"), english).await);
    let why = text_of(&browser, "#returned-why").await;
    assert!(why.contains(reason), "the reason it was returned, beside the next step: {why}");
    assert!(browser.top_of("#returned-why").await < browser.top_of("#next button.primary").await, "read first");
    browser.shot("county-returned").await;
    attach_photo_and_complete(&browser, second_report).await;
    browser.sign_out().await;

    // Jiujiang accepts, then reports up with what Hukou reported.
    sign_in(&browser, "jj", english).await;
    browser.goto(&format!("/tasks/{county_task}")).await;
    heights.push(next_step_first(&browser, "the city, reviewing again", ("审核通过", "Accept"), english).await);
    assert!(text_of(&browser, "#submission").await.contains(second_report), "the new report");
    browser.click("form[action$='/accept'] button.primary").await;
    assert_eq!(reload(&app, county_task).await.status.as_str(), "completed");
    browser.goto(&format!("/tasks/{city_task}")).await;
    heights.push(next_step_first(&browser, "the city, reporting up", ("报送办结", "Report completion"), english).await);
    // Its progress is its children's: Hukou's accepted task counts in full.
    let progress = text_of(&browser, "#task-progress").await;
    assert_eq!(progress, if english { "100% done below" } else { "下级汇总完成 100%" });
    let done = text_of(&browser, "#children-done").await;
    assert!(done.contains(if english { "Hukou County Government" } else { "湖口县人民政府" }), "{done}");
    let offered = value_of(&browser, "#complete-text").await;
    assert!(offered.contains(second_report), "the completion starts from the county's report: {offered}");
    browser.shot("city-report-up").await;
    browser.click("form[action$='/complete'] button.primary").await;
    assert_eq!(reload(&app, city_task).await.status.as_str(), "submitted");
    browser.sign_out().await;

    // The secretariat accepts Jiujiang's report.
    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto(&format!("/tasks/{city_task}")).await;
    heights.push(next_step_first(&browser, "the secretariat, reviewing", ("审核通过", "Accept"), english).await);
    assert!(text_of(&browser, "#submission").await.contains(second_report), "the city's report carries the county's");
    browser.shot("secretariat-review").await;
    browser.click("form[action$='/accept'] button.primary").await;
    let line = text_of(&browser, "#task-line").await;
    assert!(line.contains(if english { "Completed" } else { "已办结" }), "{line}");
    assert!(line.contains(&shown_day(english, FIRST_DUE)), "the deadline never moved: {line}");
    browser.shot("secretariat-accepted").await;
    let city = reload(&app, city_task).await;
    assert_eq!((city.status.as_str(), city.deadline, city.original_deadline), ("completed", due_day, due_day));
    eprintln!("{name}: task pages before their history, px: {heights:?}");
    browser.close().await;
}

#[tokio::test]
async fn the_walk_of_a_new_meeting_down_to_a_county_and_back_on_a_phone_in_chinese() {
    walk("walk-zh", false).await;
}

#[tokio::test]
async fn the_walk_of_a_new_meeting_down_to_a_county_and_back_on_a_phone_in_english() {
    walk("walk-en", true).await;
}
