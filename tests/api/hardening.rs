//! Input and edges hardened by class (issue 19): redirect targets, CSV cells, far deadlines,
//! metric labels, the sign-in throttle under parallel sign-ins, and the smaller edges
//! (cookies, caching, single-line fields).

use std::collections::BTreeSet;
use std::io::Read;

use chrono::{Duration, Months};
use duban::{
    domain::vocabulary::{Locale, Role, UnitKind, UnitLevel},
    services::{
        demo::DEMO_PASSWORD,
        setup::{self, UnitInput, UserInput},
    },
};
use sea_orm::EntityTrait;
use serde_json::json;
use tokio::task::JoinSet;

use crate::{
    helpers::{Client, NowUtc, TestApp, browser, count_rows, count_tasks, hidden_field, spawn_app, spawn_app_with},
    matrix::{days, report_form},
};

/// Redirect targets an attacker would send: each must fall back to a page of this site.
const HOSTILE_TARGETS: &[&str] = &[
    "/%09/evil.example/path",
    "/\t/evil.example/path",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%0d%0a/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    " /evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
];

/// The sign-in page's address with `next` percent-encoded.
fn sign_in_with_next(app: &TestApp, next: &str) -> String {
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("{}/sign-in?next={next}", app.address)
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn no_redirect_target_from_a_request_leads_off_the_site() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let signed_in = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let page = signed_in.get(format!("{}/inbox", app.address)).send().await.expect("page");
    let csrf = hidden_field(&page.text().await.expect("body"), "csrf");
    for hostile in HOSTILE_TARGETS {
        // The sign-in page does not carry the target into its form.
        let anonymous = browser();
        let form = anonymous
            .get(sign_in_with_next(&app, hostile))
            .send()
            .await
            .expect("sign-in page")
            .text()
            .await
            .expect("body");
        assert_eq!(hidden_field(&form, "next"), "", "the form drops next={hostile:?}");
        // Signing in with it leads to the role's first page.
        let answer = anonymous
            .post(format!("{}/sign-in", app.address))
            .form(&[
                ("username", "jj-yj"),
                ("password", DEMO_PASSWORD),
                ("csrf", &hidden_field(&form, "csrf")),
                ("next", hostile),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/inbox".to_owned()), "POST next={hostile:?}");
        // Someone signed in who follows a sign-in link goes to their first page too.
        let answer = signed_in.get(sign_in_with_next(&app, hostile)).send().await.expect("sign-in page");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/inbox".to_owned()), "GET next={hostile:?}");
        // The language switch goes back home instead.
        let answer = signed_in
            .post(format!("{}/language", app.address))
            .form(&[("csrf", csrf.as_str()), ("lang", "zh"), ("back", hostile)])
            .send()
            .await
            .expect("language");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/".to_owned()), "back={hostile:?}");
    }
    // A target of this site is kept, query and all.
    let kept = "/tasks?q=%E5%8A%A0%20%E5%BC%BA&status=open";
    let answer = signed_in.get(sign_in_with_next(&app, kept)).send().await.expect("sign-in page");
    assert_eq!(location(&answer), kept);
}

/// Titles a spreadsheet would compute: each must come out of a CSV as text.
const FORMULAS: &[&str] = &["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"];

/// A directive titled `title`, issued and assigned to Jiujiang's bureau.
async fn assigned(app: &TestApp, province: &Client, title: &str) -> i64 {
    let directive = json!({ "title_zh": title, "title_en": title, "category": "mining", "priority": "high",
                            "deadline": days(app, 30) });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": app.unit("jj-yj").await })).await;
    tasks[0]["id"].as_i64().expect("task id")
}

async fn download(browser: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Response {
    let response = browser.get(format!("{}{path}", app.address)).send().await.expect("download");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response
}

/// Every cell of a CSV export (after its byte order mark).
fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().flat_map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect::<Vec<_>>()).collect()
}

#[tokio::test]
async fn no_csv_cell_is_a_formula_and_xlsx_keeps_titles_as_text() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    for title in FORMULAS {
        assigned(&app, &province, title).await;
    }
    // A unit whose name is a formula, under the province, for the rollup.
    let unit = UnitInput {
        key: "formula-city".into(),
        parent_key: Some("jx".into()),
        kind: UnitKind::Government,
        level: UnitLevel::Municipal,
        function: None,
        name_zh: "=1+1 市".into(),
        name_en: "=1+1 city".into(),
        email: None,
        head_email: None,
        short_name: None,
        aliases: Vec::new(),
        doc_prefix: None,
    };
    setup::create_unit(&app.ctx.db, None, &unit, app.clock.now_utc()).await.expect("unit");
    let leader = app.browse_as("jx-leader", DEMO_PASSWORD).await;

    let tasks = csv_cells(&download(&leader, &app, "/exports/tasks.csv").await.bytes().await.expect("body"));
    for title in FORMULAS {
        let neutral = format!("'{title}");
        assert!(tasks.contains(&neutral), "{neutral:?} is in tasks.csv: {tasks:?}");
        assert!(!tasks.contains(&(*title).to_owned()), "{title:?} is never a bare cell");
    }
    assert!(tasks.iter().all(|c| !c.starts_with(['=', '+', '@', '\t', '\r'])), "{tasks:?}");

    let jx = app.unit("jx").await;
    let rollup = download(&leader, &app, &format!("/exports/rollup.csv?unit={jx}")).await;
    let rollup = csv_cells(&rollup.bytes().await.expect("body"));
    assert!(rollup.iter().any(|c| c == "'=1+1 市"), "the unit's name is neutralised: {rollup:?}");
    assert!(rollup.iter().all(|c| !c.starts_with(['=', '+', '@', '\t', '\r'])), "{rollup:?}");

    // Excel: the same titles are string cells (shared strings), and no cell holds a formula.
    let xlsx = download(&leader, &app, "/exports/tasks.xlsx").await.bytes().await.expect("body");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("an xlsx is a zip");
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).expect("part").read_to_string(&mut text).expect("utf-8");
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let strings = part("xl/sharedStrings.xml");
    let formula = sheet.find("<f>").or_else(|| sheet.find("<f "));
    assert_eq!(
        formula.map(|at| sheet.get(at.saturating_sub(40)..(at + 80).min(sheet.len())).unwrap_or("<f>")),
        None,
        "a formula cell"
    );
    let shared: Vec<String> = strings
        .split("<si>")
        .skip(1)
        .map(|si| {
            let text = si.split("</t>").next().unwrap_or_default();
            let text = text.rsplit('>').next().unwrap_or_default();
            text.replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&apos;", "'")
        })
        .collect();
    for title in FORMULAS {
        let index = shared.iter().position(|s| s == title).unwrap_or_else(|| panic!("{title:?} in {shared:?}"));
        assert!(sheet.contains(&format!("t=\"s\"><v>{index}</v>")), "{title:?} is a string cell: {sheet}");
    }
}

#[tokio::test]
async fn a_deadline_more_than_ten_years_ahead_is_refused_wherever_it_enters() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let now = app.clock.now_utc();
    let latest = now.checked_add_months(Months::new(120)).expect("ten years on");
    let beyond = (latest + Duration::seconds(1)).to_rfc3339();
    let year_200000 = "+200000-01-01T00:00:00Z";
    let refused = |answer: crate::helpers::Answer, field: &str| {
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert_eq!(answer.body["field"], field, "{}", answer.body);
        let detail = answer.body["detail"].as_str().unwrap_or_default().to_owned();
        assert!(detail.contains("10 years") && detail.contains(&latest.format("%-d %b %Y").to_string()), "{detail}");
    };
    let directive = |deadline: &str| json!({ "title_zh": "远期", "title_en": "Far", "category": "mining", "priority": "high", "deadline": deadline });
    let tasks_before = count_tasks(&app.ctx.db).await;
    let directives_before = count_rows::<duban::entities::directives::Entity>(&app.ctx.db).await;
    // A directive's deadline, the default of its tasks: filed, and edited as a draft.
    for deadline in [beyond.as_str(), year_200000] {
        refused(province.post("/api/v1/directives", directive(deadline)).await, "deadline");
    }
    let draft = province.post("/api/v1/directives", directive(&latest.to_rfc3339())).await.expect(201);
    let id = draft["id"].as_i64().expect("id");
    let mut edit = directive(&beyond);
    edit["version"] = draft["version"].clone();
    refused(province.put(&format!("/api/v1/directives/{id}"), edit).await, "deadline");
    province.post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": draft["version"] })).await.expect(200);
    // An assignment's deadline, and a split's.
    let assignment = json!({ "lead_unit_id": app.unit("jj-yj").await, "deadline": beyond });
    refused(province.post(&format!("/api/v1/directives/{id}/assignments"), assignment).await, "deadline");
    let task = province
        .post(&format!("/api/v1/directives/{id}/assignments"), json!({ "lead_unit_id": app.unit("jj-yj").await }))
        .await
        .expect(201)[0]["id"]
        .as_i64()
        .expect("task");
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    let split = json!({ "assignees": [{ "unit_id": app.unit("jj-hukou-yj").await }], "deadline": year_200000 });
    refused(bureau.post(&format!("/api/v1/tasks/{task}/split"), split).await, "deadline");
    // An extension asked for.
    let extension = json!({ "requested_deadline": beyond, "reason": "需要更多时间" });
    refused(bureau.post(&format!("/api/v1/tasks/{task}/extensions"), extension).await, "requested_deadline");
    // A draft whose minutes name a day more than ten years on.
    let minutes = json!({ "minutes": "会议要求，各地要在6月15日前完成冬季道路交通安全排查。", "meeting_date": "2199-06-01",
                          "save": true });
    refused(province.post("/api/v1/drafts", minutes).await, "deadline");
    // Nothing was kept but the one draft within the bound and its task.
    assert_eq!(count_tasks(&app.ctx.db).await, tasks_before + 1);
    assert_eq!(count_rows::<duban::entities::directives::Entity>(&app.ctx.db).await, directives_before + 1);
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    assert_eq!(detail["task"]["version"], 2, "the task did not change");
}

/// The HTTP methods counted by name; anything else is "other".
const KNOWN_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"];

/// The labels of every `duban_http_requests_total` series: (method, route, status).
fn request_series(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|line| line.strip_prefix("duban_http_requests_total{"))
        .map(|rest| {
            let labels = rest.rsplit_once('}').map_or(rest, |(labels, _)| labels);
            let label = |name: &str| {
                let marker = format!("{name}=\"");
                let start =
                    labels.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("{name} in {labels}"));
                labels[start..].split('"').next().unwrap_or_default().to_owned()
            };
            (label("method"), label("route"), label("status"))
        })
        .collect()
}

#[tokio::test]
async fn a_thousand_requests_with_invented_methods_and_paths_add_no_metric_series() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.as_user("admin").await;
    let http = reqwest::Client::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut expected = BTreeSet::new();
    for n in 0..1000 {
        let invented: String = (0..3 + next() % 6).map(|_| char::from(b'A' + (next() % 26) as u8)).collect();
        let method = match next() % 4 {
            _ if n == 0 => "GET".to_owned(),
            0 => ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"][(next() % 7) as usize].to_owned(),
            _ => invented,
        };
        let path = if next() % 2 == 0 { "/healthz".to_owned() } else { format!("/zz-{}/{}", next() % 100_000, n) };
        let request = http.request(
            reqwest::Method::from_bytes(method.as_bytes()).expect("a token"),
            format!("{}{path}", app.address),
        );
        let status = request.send().await.expect("an answer").status().as_u16();
        if path == "/healthz" {
            let label = if KNOWN_METHODS.contains(&method.as_str()) { method.clone() } else { "other".to_owned() };
            expected.insert((label, status.to_string()));
        }
    }
    let scrape = reqwest::Client::new()
        .get(format!("{}/metrics", app.address))
        .bearer_auth(admin.bearer.as_deref().expect("token"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(scrape.status().as_u16(), 200);
    let text = scrape.text().await.expect("body");
    let series = request_series(&text);
    // Every test of this binary records into one recorder: all their series obey the rule.
    for (method, route, status) in &series {
        assert!(method == "other" || KNOWN_METHODS.contains(&method.as_str()), "method label {method:?}");
        assert!(route.starts_with('/') && !route.contains("zz-"), "route label {route:?}");
        assert!(status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()), "status label {status:?}");
    }
    let healthz: BTreeSet<(String, String)> =
        series.iter().filter(|(_, route, _)| route == "/healthz").map(|(m, _, s)| (m.clone(), s.clone())).collect();
    assert_eq!(healthz, expected, "exactly the methods sent, named or \"other\"");
    assert!(expected.iter().any(|(m, _)| m == "other"), "invented methods were sent");
}

#[tokio::test]
async fn fifty_people_signing_in_at_once_from_one_address_all_get_in_and_failures_still_throttle() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let hash = setup::hash_password(DEMO_PASSWORD).expect("hash");
    for n in 0..50 {
        let input = UserInput {
            username: format!("office-{n}"),
            display_name: format!("office {n}"),
            email: format!("office-{n}@test.example"),
            role: Role::Officer,
            unit_key: "jj-yj".into(),
            locale: Locale::Zh,
        };
        setup::create_user(&app.ctx.db, None, &input, hash.clone(), app.clock.now_utc()).await.expect("user");
    }
    let mut set = JoinSet::new();
    for n in 0..50 {
        let (http, url) = (app.http.clone(), format!("{}/api/v1/session", app.address));
        set.spawn(async move {
            let body = json!({ "username": format!("office-{n}"), "password": DEMO_PASSWORD });
            http.post(url).json(&body).send().await.expect("request reaches the app").status().as_u16()
        });
    }
    let statuses = set.join_all().await;
    assert_eq!(statuses, vec![200; 50], "every correct password gets in");
    // Twenty wrong passwords from the address, at twenty accounts: then the address waits,
    // and says so without claiming failures it did not see.
    for n in 0..20 {
        let body = json!({ "username": format!("office-{n}"), "password": "a-wrong-guess" });
        let answer = Client::send(app.http.post(format!("{}/api/v1/session", app.address)).json(&body)).await;
        assert_eq!(answer.status, 401, "guess {n}: {}", answer.body);
    }
    let body = json!({ "username": "office-30", "password": "a-wrong-guess" });
    let answer = Client::send(app.http.post(format!("{}/api/v1/session", app.address)).json(&body)).await;
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert_eq!(answer.body["detail"], "too many sign-in attempts; try again in 1 seconds");
}

#[tokio::test]
async fn the_session_cookie_is_secure_exactly_when_base_url_is_https() {
    for (base_url, secure) in [("https://duban.example", true), ("http://duban.example", false)] {
        let app = spawn_app_with(&[("base_url", base_url)]).await;
        app.seed_demo().await;
        let answer = app
            .http
            .post(format!("{}/api/v1/session", app.address))
            .json(&json!({ "username": "jj-yj", "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("sign in");
        let page = browser().get(format!("{}/sign-in", app.address)).send().await.expect("page");
        for response in [&answer, &page] {
            let cookies: Vec<&str> =
                response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
            assert!(!cookies.is_empty(), "{base_url}: a cookie is set");
            for cookie in cookies {
                assert_eq!(cookie.contains("; Secure"), secure, "{base_url}: {cookie}");
            }
        }
    }
}

#[tokio::test]
async fn every_api_answer_and_download_says_no_store() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let admin = app.as_user("admin").await;
    let task = assigned(&app, &province, "缓存").await;
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    let pdf = b"%PDF-1.7\n% evidence\n";
    bureau
        .post_multipart(&format!("/api/v1/tasks/{task}/progress"), report_form(2, "20", "台账.pdf", pdf))
        .await
        .expect(200);
    let file = duban::entities::evidence_files::Entity::find().one(&app.ctx.db).await.expect("query").expect("a file");
    let leader = app.browse_as("jx-leader", DEMO_PASSWORD).await;
    let bearer = |client: &Client, path: &str| {
        reqwest::Client::new()
            .get(format!("{}{path}", app.address))
            .bearer_auth(client.bearer.as_deref().expect("token"))
    };
    let requests = [
        ("the user", bearer(&bureau, "/api/v1/me")),
        ("a task", bearer(&bureau, &format!("/api/v1/tasks/{task}"))),
        ("an evidence file", bearer(&bureau, &format!("/api/v1/files/{}", file.id))),
        ("a missing task", bearer(&bureau, "/api/v1/tasks/999999")),
        ("the metrics", bearer(&admin, "/metrics")),
        ("anonymous", reqwest::Client::new().get(format!("{}/api/v1/me", app.address))),
        ("the health check", reqwest::Client::new().get(format!("{}/healthz", app.address))),
        ("the tasks export", leader.get(format!("{}/exports/tasks.csv", app.address))),
        ("the tasks workbook", leader.get(format!("{}/exports/tasks.xlsx", app.address))),
    ];
    for (what, request) in requests {
        let response = request.send().await.expect("answer");
        let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(cache, "no-store", "{what} ({})", response.status());
    }
}

#[tokio::test]
async fn a_line_break_or_control_character_in_a_single_line_field_is_refused_by_name() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let admin = app.as_user("admin").await;
    let task = assigned(&app, &province, "单行").await;
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    let directive = |title: &str| {
        json!({ "title_zh": title, "title_en": "One line", "category": "mining", "priority": "high",
                "deadline": days(&app, 30) })
    };
    let tasks_before = count_tasks(&app.ctx.db).await;
    for bad in ["第一行\r\n第二行", "标题\nBcc: x@evil.example", "制表\t符", "响\u{7}铃", "反转\u{202E}文字"]
    {
        province.post("/api/v1/directives", directive(bad)).await.expect_problem(422, "title_zh");
        let meeting = json!({ "title_zh": bad, "title_en": "Meeting", "held_on": "2026-11-20" });
        province.post("/api/v1/meetings", meeting).await.expect_problem(422, "title_zh");
        let split = json!({ "assignees": [{ "unit_id": app.unit("jj-hukou-yj").await }], "deadline": days(&app, 10),
                            "title": bad });
        bureau.post(&format!("/api/v1/tasks/{task}/split"), split).await.expect_problem(422, "title");
        let unit = json!({ "key": "one-line", "parent_id": app.unit("jx").await, "kind": "government",
                           "level": "municipal", "name_zh": bad, "name_en": "x" });
        admin.post("/api/v1/units", unit).await.expect_problem(422, "name_zh");
        let user = json!({ "username": "one-line", "display_name": bad, "email": "one@test.example",
                           "role": "officer", "unit_id": app.unit("jj-yj").await, "password": "long enough password" });
        admin.post("/api/v1/users", user).await.expect_problem(422, "display_name");
        bureau.post("/api/v1/tokens", json!({ "name": bad })).await.expect_problem(422, "name");
    }
    assert_eq!(count_tasks(&app.ctx.db).await, tasks_before, "nothing was created");
}
