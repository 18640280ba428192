//! The secretariat at its desk, in a real browser (issue 21): the provincial 安委办 issues a
//! directive drafted from the November 17 minutes and assigns it to two Jiujiang counties; one
//! county reports completion; the desk shows the new directive with its figures, per city, and
//! the report waits in the inbox, from which the secretariat accepts it; past the deadline (the
//! injected clock moved) the other county's task is among the overdue tasks it assigned and
//! the secretariat 催办s it; then it publishes a 通报 and downloads its .docx. Once in Chinese,
//! once in English.

use std::io::Read;

use chrono::{Datelike, Duration};
use duban::entities::tasks;
use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    Browser, LAPTOP,
    flow::{figure, sign_in},
};
use crate::helpers::{NowUtc, TestApp, spawn_app};

const MINUTES: &str = include_str!("../../fixtures/minutes/2023-11-17-province-production-safety-conference.txt");

/// The texts of the cells of the desk's row for `directive`: total, completed, overdue, due
/// soon, completion rate, then one cell per unit of the header's `data-unit` columns.
async fn desk_row(browser: &Browser, directive: i64) -> Vec<String> {
    let row = browser.find(&format!("#desk tr[data-directive='{directive}']")).await;
    let mut cells = Vec::new();
    for cell in row.find_all(Locator::Css("td")).await.expect("cells") {
        cells.push(cell.text().await.expect("text").trim().to_owned());
    }
    cells
}

/// The desk's cell of `directive` under the unit `unit`.
async fn desk_cell(browser: &Browser, directive: i64, unit: i64) -> String {
    let mut columns = Vec::new();
    for th in browser.all("#desk thead th[data-unit]").await {
        columns.push(th.attr("data-unit").await.expect("attr").unwrap_or_default());
    }
    let at = columns.iter().position(|c| *c == unit.to_string()).expect("a column for the unit");
    desk_row(browser, directive).await[5 + at].clone()
}

/// The tasks of `directive` as the database holds them.
async fn tasks_of(app: &TestApp, directive: i64) -> Vec<tasks::Model> {
    tasks::Entity::find().filter(tasks::Column::DirectiveId.eq(directive)).all(&app.ctx.db).await.expect("tasks")
}

async fn walk(name: &str, english: bool) {
    let app = spawn_app().await;
    app.seed_demo().await;
    let accept_language = if english { "en-US" } else { "zh-CN" };
    let Some(browser) = Browser::open(name, &app.address, LAPTOP, accept_language).await else { return };
    let (jj, hukou, ruichang) = (app.unit("jj").await, app.unit("jj-hukou").await, app.unit("jj-ruichang").await);

    // The desk before: everything the province office issued and assigned.
    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto("/dashboard").await;
    let total_before: i64 = figure(&browser, "subtree-total").await.parse().expect("a number");
    let completed_before: i64 = figure(&browser, "subtree-completed").await.parse().expect("a number");

    // Issue a directive drafted from the minutes and assign it to two counties, Hukou leading.
    browser.goto("/meetings").await;
    browser.click("main a[href='/meetings/new']").await;
    browser.fill("#title_zh", "全省安全生产电视电话会议（督办台）").await;
    browser.fill("#title_en", "Province-wide production safety conference (desk)").await;
    browser.fill("#minutes", MINUTES).await;
    browser.click("form[action='/meetings/new'] button[type=submit]").await;
    let first = browser.find("section.card[id^='directive-']").await.attr("id").await.expect("id").expect("an id");
    let id: i64 = first.trim_start_matches("directive-").parse().expect("a directive id");
    browser.click(&format!("#directive-{id} form[action='/directives/{id}/issue'] button")).await;
    // The page's one unit picker: Hukou leads, Ruichang cooperates, and nothing else.
    for ticked in browser.all("input[id^='pick-']:checked").await {
        ticked.click().await.expect("untick a suggested unit");
    }
    for tick in [format!("#pick-lead-{hukou}"), format!("#pick-coop-{ruichang}"), format!("#batch-{id}")] {
        browser.find(&tick).await.click().await.expect("tick");
    }
    browser.click("form#assign-batch button[type=submit]").await;
    let assigned = tasks_of(&app, id).await;
    let mut assignees: Vec<i64> = assigned.iter().map(|t| t.assignee_unit_id).collect();
    assignees.sort_unstable();
    let mut expected = vec![hukou, ruichang];
    expected.sort_unstable();
    assert_eq!(assignees, expected, "one task for each county");
    let task_of = |unit: i64| assigned.iter().find(|t| t.assignee_unit_id == unit).expect("its task").clone();
    let (lead, coop) = (task_of(hukou), task_of(ruichang));
    browser.sign_out().await;

    // Hukou acknowledges and reports completion.
    sign_in(&browser, "jj-hukou", english).await;
    browser.goto(&format!("/tasks/{}", lead.id)).await;
    browser.click("form[action$='/acknowledge'] button[type=submit]").await;
    // Completion is folded below the next step (a progress report) until it is the next one.
    browser.find("#step-complete > summary").await.click().await.expect("open the completion form");
    browser.fill("#complete-text", "已完成全县排查整治，整改隐患 8 处。").await;
    // In Chinese with a file; in English with the file input left empty, as a browser sends
    // it (a nameless part), which is no file and no refusal.
    let evidence = tempfile::Builder::new().prefix("排查台账").suffix(".txt").tempfile().expect("file");
    std::fs::write(evidence.path(), "湖口县排查整治台账：整改隐患 8 处。").expect("write");
    if !english {
        browser.find("#complete-files").await.send_keys(&evidence.path().display().to_string()).await.expect("attach");
    }
    browser.shot("county-completion").await;
    browser.click("form[action$='/complete'] button[type=submit]").await;
    let submitted = tasks::Entity::find_by_id(lead.id).one(&app.ctx.db).await.expect("read").expect("the task");
    assert_eq!(submitted.status.as_str(), "submitted", "{}", browser.text().await);
    browser.sign_out().await;

    // The desk shows the new directive first, with its two tasks under Jiujiang; the report
    // waits in the inbox.
    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto("/dashboard").await;
    assert_eq!(figure(&browser, "subtree-total").await, (total_before + 2).to_string(), "two more tasks");
    let first_row = browser.find("#desk tbody tr").await.attr("data-directive").await.expect("attr");
    assert_eq!(first_row, Some(id.to_string()), "the newest directive first");
    let row = desk_row(&browser, id).await;
    assert_eq!(row[..3], ["2", "0", "0"], "two tasks, none completed, none overdue: {row:?}");
    assert_eq!(row[4], "0.0%");
    assert_eq!(desk_cell(&browser, id, jj).await, "0/2", "both under Jiujiang");
    browser.goto("/inbox").await;
    browser.shot("secretariat-inbox").await;
    let waiting = browser.find("section#awaiting-review").await.html(false).await.expect("html");
    assert!(waiting.contains(&format!("href=\"/tasks/{}\"", lead.id)), "the report waits for review: {waiting}");
    browser.click(&format!("section#awaiting-review a[href='/tasks/{}']", lead.id)).await;
    browser.click("form[action$='/accept'] button[type=submit]").await;
    browser.goto("/dashboard").await;
    assert_eq!(figure(&browser, "subtree-completed").await, (completed_before + 1).to_string());
    let row = desk_row(&browser, id).await;
    assert_eq!((row[0].as_str(), row[1].as_str(), row[4].as_str()), ("2", "1", "50.0%"), "{row:?}");
    assert_eq!(desk_cell(&browser, id, jj).await, "1/2");
    browser.shot("secretariat-desk").await;
    browser.client.execute("document.getElementById('desk-heading').scrollIntoView()", vec![]).await.expect("scroll");
    browser.shot("secretariat-desk-directives").await;

    // A day past the deadline Ruichang has done nothing: the desk counts it overdue, the inbox
    // lists it among the overdue tasks we assigned, and the secretariat reminds it. (Signed
    // out while the clock moves: a session lasts hours, not weeks.)
    browser.sign_out().await;
    app.clock.set(coop.deadline + Duration::days(1));
    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto("/dashboard").await;
    assert_eq!(desk_row(&browser, id).await[2], "1", "one overdue");
    browser.goto("/inbox").await;
    browser.click(&format!("section#assigned-overdue a[href='/tasks/{}']", coop.id)).await;
    let reminded_before = figure(&browser, "reminders").await;
    assert_eq!(reminded_before, if english { "none" } else { "未催办" });
    // Reminding is never the next step: it is folded with the other steps.
    browser.find("#step-remind > summary").await.click().await.expect("open the reminder form");
    browser.fill("#remind-message", "请于三日内报送整改进展。").await;
    browser.click("form[action$='/remind'] button[type=submit]").await;
    assert_eq!(figure(&browser, "reminders").await, if english { "reminded once" } else { "催办 1 次" });

    // The 通报: the office's first of the year, with the ranking and the commentary, kept and
    // downloadable as a Word document.
    let commentary = if english {
        "Praise: Hukou finished its checks on time. Criticism: Ruichang is overdue."
    } else {
        "表扬：湖口县按期完成排查整治。通报批评：瑞昌市逾期未办结，限期整改。"
    };
    browser.goto("/bulletins/new").await;
    browser.fill("#commentary", commentary).await;
    browser.click("form[action='/bulletins'] button[type=submit]").await;
    assert!(browser.path().await.starts_with("/bulletins/"), "on the bulletin: {}", browser.path().await);
    let year = app.clock.now_utc().with_timezone(&app.ctx.zone()).year();
    let issue = if english { format!("No. 1 of {year}") } else { format!("{year}年第1期") };
    assert_eq!(figure(&browser, "issue").await, issue);
    assert_eq!(figure(&browser, "commentary").await, commentary);
    let first_ranked = browser.find("tr.rank-row th").await.text().await.expect("text");
    browser.shot("bulletin").await;

    let href = browser.find("a[href$='/document.docx']").await.attr("href").await.expect("attr").expect("href");
    let cookies: Vec<String> = browser
        .client
        .get_all_cookies()
        .await
        .expect("cookies")
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect();
    let answer = reqwest::Client::new()
        .get(format!("{}{href}", app.address))
        .header("cookie", cookies.join("; "))
        .send()
        .await
        .expect("download");
    assert_eq!(answer.status().as_u16(), 200);
    let bytes = answer.bytes().await.expect("bytes").to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip archive");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).expect("utf-8");
    assert!(xml.contains(&issue), "the issue number in the document");
    assert!(xml.contains(&format!(">{first_ranked}<")), "the ranking's first unit, {first_ranked}");
    assert!(xml.contains(commentary), "the commentary as written");
    browser.close().await;
}

#[tokio::test]
async fn the_secretariat_follows_what_it_issued_at_its_desk_in_chinese() {
    walk("desk-zh", false).await;
}

#[tokio::test]
async fn the_secretariat_follows_what_it_issued_at_its_desk_in_english() {
    walk("desk-en", true).await;
}
