//! The leader pages, rendered for the roles that may see them and refused to the others
//! (404 for a unit out of reach, as the README promises); the exports' rows checked one by
//! one against the tasks a walk of the tree and the chains by hand says the viewer sees.

use std::collections::{BTreeSet, HashMap};

use duban::{domain::lifecycle::TaskStatus, entities, services::demo::DEMO_PASSWORD};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::helpers::{NowUtc, TestApp, get_page, hidden_field, spawn_demo};

/// The ids of the tasks `unit` sees with these statuses, by hand: a task is seen when some
/// task up its chain was assigned by the unit, or to the unit or a unit below it (walked up
/// the parent links).
async fn seen_by_hand(app: &TestApp, unit: i64, statuses: &[TaskStatus]) -> BTreeSet<i64> {
    let units = entities::units::Entity::find().all(&app.ctx.db).await.expect("units");
    let tasks = entities::tasks::Entity::find().all(&app.ctx.db).await.expect("tasks");
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let by_id: HashMap<i64, &entities::tasks::Model> = tasks.iter().map(|t| (t.id, t)).collect();
    let below = |u: i64| crate::helpers::at_or_below(&parent, u, unit);
    let seen = |task: &entities::tasks::Model| {
        let mut at = Some(task);
        while let Some(t) = at {
            if t.assigner_unit_id == unit || below(t.assignee_unit_id) {
                return true;
            }
            at = t.parent_id.map(|p| by_id[&p]);
        }
        false
    };
    tasks.iter().filter(|t| statuses.contains(&t.status) && seen(t)).map(|t| t.id).collect()
}

async fn download(browser: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String, String, Vec<u8>) {
    let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("export");
    let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let status = answer.status().as_u16();
    (status, content_type, disposition, answer.bytes().await.expect("bytes").to_vec())
}

/// The text of the element with `id` (its first text up to the next tag).
fn cell(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("#{id} in the page"));
    html[start..].split('<').next().unwrap_or_default().trim().to_owned()
}

fn percent(rate: &serde_json::Value) -> String {
    rate.as_f64().map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The CSV rows (the byte order mark first, then headers and rows).
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte order mark for Excel");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn the_dashboard_shows_jiujiang_its_units_with_a_chart_and_the_apis_figures() {
    let app = spawn_demo().await;
    let jj = app.unit("jj").await;
    let mayor = app.browse_as("jj-mayor", DEMO_PASSWORD).await;
    let (status, html) = get_page(&mayor, &app, "/dashboard").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<svg") && html.contains("role=\"img\""), "an inline SVG chart");
    assert!(!html.contains("style="), "no inline styles (the CSP forbids them)");

    let api = app.as_user("jj-mayor").await;
    let rollup = api.get(&format!("/api/v1/units/{jj}/rollup")).await.expect(200);
    for (id, key) in [
        ("total", "total"),
        ("acknowledged", "acknowledged"),
        ("completed", "completed"),
        ("on-time", "completed_on_time"),
        ("overdue", "overdue"),
    ] {
        assert_eq!(cell(&html, &format!("subtree-{id}")), rollup["subtree"][key].to_string(), "{id}");
        assert_eq!(cell(&html, &format!("direct-{id}")), rollup["direct"][key].to_string(), "{id}");
    }
    assert_eq!(cell(&html, "subtree-completion-rate"), percent(&rollup["subtree"]["completion_rate"]));
    assert_eq!(cell(&html, "subtree-on-time-rate"), percent(&rollup["subtree"]["on_time_rate"]));
    let children = rollup["children"].as_array().expect("children");
    assert!(children.len() > 3, "Jiujiang has units below");
    for child in children {
        let id = child["unit"]["id"].as_i64().expect("id");
        assert!(html.contains(&format!("href=\"/units/{id}\"")), "a link to the dashboard of unit {id}");
        assert!(html.contains(child["unit"]["name_zh"].as_str().expect("name")));
    }

    // Drill down to a county, then to a bureau of the county.
    let hukou = app.unit("jj-hukou").await;
    let (status, html) = get_page(&mayor, &app, &format!("/units/{hukou}")).await;
    assert_eq!(status, 200, "{html}");
    let county = api.get(&format!("/api/v1/units/{hukou}/rollup")).await.expect(200);
    assert_eq!(cell(&html, "subtree-total"), county["subtree"]["total"].to_string());
    assert!(html.contains(&format!("href=\"/units/{jj}\"")), "a way back up");
    let bureau = app.unit("jj-hukou-yj").await;
    assert_eq!(get_page(&mayor, &app, &format!("/units/{bureau}")).await.0, 200);

    // Narrowed to one directive, through the form's query.
    let directive = api.get("/api/v1/tasks?per_page=1").await.expect(200)["items"][0]["directive_id"].clone();
    let (status, html) = get_page(&mayor, &app, &format!("/dashboard?directive={directive}&category=")).await;
    assert_eq!(status, 200, "{html}");
    let narrowed = api.get(&format!("/api/v1/units/{jj}/rollup?directive={directive}")).await.expect(200);
    assert_eq!(cell(&html, "subtree-total"), narrowed["subtree"]["total"].to_string());

    // English.
    let (status, html) = get_page(&mayor, &app, "/dashboard?lang=en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Completion rate"));
}

#[tokio::test]
async fn units_out_of_reach_are_refused() {
    let app = spawn_demo().await;
    let (nanchang, jx, ruichang) = (app.unit("nc").await, app.unit("jx").await, app.unit("jj-ruichang").await);
    let mayor = app.browse_as("jj-mayor", DEMO_PASSWORD).await;
    for unit in [nanchang, jx] {
        let (status, html) = get_page(&mayor, &app, &format!("/units/{unit}")).await;
        assert_eq!(status, 404, "unit {unit} is out of the mayor's reach");
        assert!(html.contains("<html") && !html.contains("subtree-total"), "an error page, no figures");
        for export in ["rollup.csv", "rollup.xlsx"] {
            let (status, _, _, _) = download(&mayor, &app, &format!("/exports/{export}?unit={unit}")).await;
            assert_eq!(status, 404, "{export} of unit {unit}");
        }
    }
    let county = app.browse_as("jj-hukou-yj", DEMO_PASSWORD).await;
    assert_eq!(get_page(&county, &app, "/dashboard").await.0, 200, "an officer reads its own unit");
    let (status, html) = get_page(&county, &app, &format!("/units/{ruichang}")).await;
    assert_eq!(status, 404, "a sibling county is out of reach");
    assert!(!html.contains("subtree-total"));
    let secretariat = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    assert_eq!(get_page(&secretariat, &app, "/dashboard").await.0, 200);
    assert_eq!(get_page(&secretariat, &app, "/bulletin").await.0, 200);
}

#[tokio::test]
async fn exports_answer_the_dashboards_rows_in_the_viewers_language() {
    let app = spawn_demo().await;
    let jj = app.unit("jj").await;
    let mayor = app.browse_as("jj-mayor", DEMO_PASSWORD).await;
    let api = app.as_user("jj-mayor").await;
    let rollup = api.get(&format!("/api/v1/units/{jj}/rollup")).await.expect(200);
    let children = rollup["children"].as_array().expect("children");

    let (status, content_type, disposition, bytes) =
        download(&mayor, &app, &format!("/exports/rollup.csv?unit={jj}")).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"), "{disposition}");
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][0], "单位");
    assert!(rows[0].contains(&"办结率".to_owned()));
    assert_eq!(rows.len(), children.len() + 1, "one row per unit on the page");
    for (row, child) in rows[1..].iter().zip(children) {
        assert_eq!(row[0], child["unit"]["name_zh"].as_str().expect("name"));
        assert_eq!(row[1], child["figures"]["total"].to_string());
        assert_eq!(row[6], percent(&child["figures"]["completion_rate"]));
    }

    let (_, _, _, bytes) = download(&mayor, &app, &format!("/exports/rollup.csv?unit={jj}&lang=en")).await;
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][0], "Unit");
    assert!(rows[0].contains(&"Completion rate".to_owned()));
    assert_eq!(rows.len(), children.len() + 1);

    let (status, content_type, disposition, bytes) =
        download(&mayor, &app, &format!("/exports/rollup.xlsx?unit={jj}")).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(disposition.contains(".xlsx"));
    assert!(bytes.len() > 100 && bytes.starts_with(b"PK"), "a zip file");

    // The overdue list, exported with the same query as the page's link.
    let (status, html) = get_page(&mayor, &app, "/overdue").await;
    assert_eq!(status, 200);
    let (status, content_type, _, bytes) =
        download(&mayor, &app, &format!("/exports/tasks.csv?overdue=1&unit={jj}")).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"));
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][1], "标题");
    assert!(rows.len() > 1, "the demo has overdue tasks");
    for row in &rows[1..] {
        assert!(html.contains(&format!("href=\"/tasks/{}\"", row[0])), "task {} is on the page too", row[0]);
    }
    assert_eq!(html.matches("<a href=\"/tasks/").count(), rows.len() - 1, "the same tasks as the page");
    let (status, content_type, _, bytes) =
        download(&mayor, &app, "/exports/tasks.xlsx?status=in_progress&lang=en").await;
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"));
    assert!(bytes.starts_with(b"PK"));
    let (_, _, _, bytes) = download(&mayor, &app, "/exports/tasks.csv?status=in_progress,acknowledged&lang=en").await;
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][1], "Title");
    // Exactly the tasks Jiujiang sees in those two statuses, each with its status named.
    let expected = seen_by_hand(&app, jj, &[TaskStatus::InProgress, TaskStatus::Acknowledged]).await;
    assert!(expected.len() > 1, "the demo has such tasks in Jiujiang: {expected:?}");
    let listed: BTreeSet<i64> = rows[1..].iter().map(|r| r[0].parse().expect("a task id")).collect();
    assert_eq!(listed, expected);
    assert_eq!(rows.len() - 1, expected.len(), "each task once");
    let statuses: HashMap<i64, TaskStatus> = entities::tasks::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("tasks")
        .into_iter()
        .map(|t| (t.id, t.status))
        .collect();
    for row in &rows[1..] {
        let named = match statuses[&row[0].parse::<i64>().expect("id")] {
            TaskStatus::InProgress => "In progress",
            TaskStatus::Acknowledged => "Acknowledged",
            other => panic!("task {} is {other:?}", row[0]),
        };
        assert_eq!(row[4], named, "{row:?}");
    }
    assert_eq!(download(&mayor, &app, "/exports/tasks.csv?status=nonsense").await.0, 400);
}

#[tokio::test]
async fn ranking_overdue_and_bulletin_render_in_both_languages() {
    let app = spawn_demo().await;
    let mayor = app.browse_as("jj-mayor", DEMO_PASSWORD).await;
    let lianxi = app.unit("jj-lianxi").await;
    for lang in ["zh", "en"] {
        for path in ["/dashboard", "/ranking", "/overdue", "/bulletin", "/bulletin?from=2026-11-01&to=2026-11-30"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let (status, html) = get_page(&mayor, &app, &format!("{path}{sep}lang={lang}")).await;
            assert_eq!(status, 200, "{path} in {lang}: {html}");
            assert!(html.contains(&format!("lang=\"{}\"", if lang == "zh" { "zh-CN" } else { "en" })));
        }
    }
    let (_, html) = get_page(&mayor, &app, "/ranking").await;
    assert!(html.contains(&format!("href=\"/units/{lianxi}\"")), "the ranking links to each unit");
    let (_, html) = get_page(&mayor, &app, "/overdue").await;
    assert!(html.contains("逾期 "), "working days late: {html}");
    let (_, html) = get_page(&mayor, &app, "/bulletin?lang=en").await;
    assert!(html.contains("Units ranked by completion"));
    let (status, _) = get_page(&mayor, &app, "/bulletin?from=2026-11-30&to=2026-11-01").await;
    assert_eq!(status, 422, "a period that ends before it begins");
}

#[tokio::test]
async fn a_leader_writes_an_instruction_through_the_form_and_nothing_changes_without_the_token() {
    let app = spawn_demo().await;
    let api = app.as_user("jj-mayor").await;
    let task = api.get("/api/v1/tasks?per_page=1").await.expect(200)["items"][0].clone();
    let (task_id, directive_id) = (task["id"].as_i64().expect("id"), task["directive_id"].as_i64().expect("d"));
    let mayor = app.browse_as("jj-mayor", DEMO_PASSWORD).await;
    let (status, form) = get_page(&mayor, &app, &format!("/instructions/new?task={task_id}")).await;
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("<label for=\"body\">"));
    let csrf = hidden_field(&form, "csrf");
    let instructions = |detail: &serde_json::Value| detail["instructions"].as_array().map_or(0, Vec::len);
    let before = instructions(&api.get(&format!("/api/v1/tasks/{task_id}")).await.expect(200));

    // Without the token: refused, nothing written.
    let answer = mayor
        .post(format!("{}/instructions", app.address))
        .form(&[("task", task_id.to_string().as_str()), ("body", "请抓紧办理")])
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 403);
    assert_eq!(instructions(&api.get(&format!("/api/v1/tasks/{task_id}")).await.expect(200)), before);

    // With it: written, and back to the task with a notice.
    let answer = mayor
        .post(format!("{}/instructions", app.address))
        .form(&[("csrf", csrf.as_str()), ("task", &task_id.to_string()), ("body", "请抓紧办理 <script>x</script>")])
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 303);
    let to = answer.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(to, format!("/tasks/{task_id}?notice=notice-leader-instructed"));
    let detail = api.get(&format!("/api/v1/tasks/{task_id}")).await.expect(200);
    assert_eq!(instructions(&detail), before + 1);

    // An empty instruction comes back as the form, with what was typed in the other fields.
    let answer = mayor
        .post(format!("{}/instructions", app.address))
        .form(&[
            ("csrf", csrf.as_str()),
            ("directive", &directive_id.to_string()),
            ("body", "  "),
            ("open_title", "<b>保留</b>"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 422);
    let html = answer.text().await.expect("body");
    assert!(html.contains("&lt;b&gt;保留&lt;/b&gt;"), "kept and escaped");

    // On a directive.
    let answer = mayor
        .post(format!("{}/instructions", app.address))
        .form(&[("csrf", csrf.as_str()), ("directive", &directive_id.to_string()), ("body", "各单位要高度重视")])
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(answer.headers()["location"], format!("/directives/{directive_id}?notice=notice-leader-instructed"));

    // Officers have no instruction form.
    let officer = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    assert_eq!(get_page(&officer, &app, &format!("/instructions/new?task={task_id}")).await.0, 403);
}

/// The narrowing form's directive options (value and label), without "all directives".
fn directive_options(html: &str) -> Vec<(String, String)> {
    let start = html.find("id=\"narrow-directive\"").expect("the directive select");
    let select = &html[start..start + html[start..].find("</select>").expect("its end")];
    select
        .split("<option value=\"")
        .skip(1)
        .filter(|option| !option.starts_with('"'))
        .map(|option| {
            let value = option[..option.find('"').expect("value")].to_owned();
            let label = option[option.find('>').expect("label") + 1..option.find("</option>").expect("end")].to_owned();
            (value, label)
        })
        .collect()
}

#[tokio::test]
async fn the_narrowing_form_offers_the_newest_thirty_directives_and_finds_the_others_by_words() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let deadline = app.clock.now_utc() + chrono::Duration::days(30);
    let mut written = Vec::new();
    for n in 1..=35 {
        let title = format!("第{n:02}号演练事项");
        let body = json!({ "title_zh": title, "title_en": format!("Drill item {n:02}"), "category": "general",
                           "priority": "normal", "deadline": deadline });
        let created = province.post("/api/v1/directives", body).await.expect(201);
        let id = created["id"].as_i64().expect("id");
        let issue = json!({ "version": created["version"] });
        province.post(&format!("/api/v1/directives/{id}/issue"), issue).await.expect(200);
        written.push((id, title));
    }
    let leader = app.browse_as("jx-leader", DEMO_PASSWORD).await;

    // The thirty newest: the last thirty written, newest first; the demo's own are not among them.
    let (status, html) = get_page(&leader, &app, "/dashboard").await;
    assert_eq!(status, 200, "{html}");
    let newest: Vec<(String, String)> =
        written.iter().rev().take(30).map(|(id, title)| (id.to_string(), title.clone())).collect();
    assert_eq!(directive_options(&html), newest);
    assert!(html.contains("列出 30 项"), "the page says the select does not hold them all");

    // An older one is found by its words, and stays offered (selected) once narrowed to.
    let (status, html) = get_page(&leader, &app, "/dashboard?find=%E7%AC%AC03%E5%8F%B7").await; // 第03号
    assert_eq!(status, 200, "{html}");
    let third = (written[2].0.to_string(), written[2].1.clone());
    assert_eq!(directive_options(&html), vec![third.clone()]);
    assert!(html.contains("value=\"第03号\""), "the words stay in the form");
    let (_, html) = get_page(&leader, &app, &format!("/dashboard?directive={}", written[0].0)).await;
    let options = directive_options(&html);
    assert_eq!(options.len(), 31, "the thirty newest and the one narrowed to");
    assert_eq!(options[0], (written[0].0.to_string(), written[0].1.clone()));
    assert!(html.contains(&format!("<option value=\"{}\" selected>", written[0].0)));

    // Words that match nothing say so, in English too.
    let (_, html) = get_page(&leader, &app, "/dashboard?find=zzzz&lang=en").await;
    assert!(directive_options(&html).is_empty());
    assert!(html.contains("No directive matches"), "{html}");
}
