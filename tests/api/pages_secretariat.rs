//! The secretariat pages, rendered for the roles that may see them and refused to the others;
//! the drafting path walked through the pages alone, its effects read back through the API.

use duban::services::demo::DEMO_PASSWORD;
use serde_json::{Value, json};

use crate::helpers::{TestApp, count_tasks, get_page, hidden_field, post_form, spawn_demo};

const NOV_17: &str = include_str!("../fixtures/minutes/2023-11-17-province-production-safety-conference.txt");

async fn csrf_of(browser: &reqwest::Client, app: &TestApp) -> String {
    let (status, html) = get_page(browser, app, "/directives").await;
    assert_eq!(status, 200, "{html}");
    hidden_field(&html, "csrf")
}

/// The demo meeting and its second directive (high-risk industries: led by the Jiujiang
/// emergency bureau, split to Hukou and Ruichang), as the secretariat reads them.
async fn demo_ids(app: &TestApp) -> (i64, i64) {
    let api = app.as_user("jx-secretariat").await;
    let meeting = api.get("/api/v1/meetings").await.expect(200)["items"][0]["id"].as_i64().expect("meeting");
    let directives = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let first = directives["items"].as_array().expect("items").iter().find(|d| d["seq"] == 2).expect("directive 2");
    (meeting, first["id"].as_i64().expect("id"))
}

#[tokio::test]
async fn the_secretariat_pages_render_in_both_languages() {
    let app = spawn_demo().await;
    let (meeting, directive) = demo_ids(&app).await;
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    for (lang, words) in [("zh", ["会议", "决策部署", "牵头单位"]), ("en", ["Meetings", "Directives", "Lead"])]
    {
        for path in [
            "/meetings".to_owned(),
            "/meetings/new".to_owned(),
            format!("/meetings/{meeting}"),
            "/directives".to_owned(),
            "/directives?status=issued&q=fire&page=1".to_owned(),
            format!("/directives?meeting={meeting}"),
            format!("/directives/{directive}"),
        ] {
            let (status, html) =
                get_page(&browser, &app, &format!("{path}{}lang={lang}", if path.contains('?') { '&' } else { '?' }))
                    .await;
            assert_eq!(status, 200, "{path} in {lang}: {html}");
            assert!(html.contains(&format!("lang=\"{}\"", if lang == "zh" { "zh-CN" } else { "en" })), "{path}");
        }
        let (_, html) = get_page(&browser, &app, &format!("/meetings?lang={lang}")).await;
        assert!(html.contains(words[0]) && html.contains("/meetings/new"), "{html}");
        assert!(
            html.contains("全省安全生产电视电话会议") || html.contains("Province-wide production safety"),
            "{html}"
        );
        let (_, html) = get_page(&browser, &app, &format!("/directives/{directive}?lang={lang}")).await;
        assert!(html.contains(words[1]), "{html}");
        // The tree of tasks links each task, down to the counties and enterprises.
        assert!(html.contains("href=\"/tasks/"), "{html}");
        assert!(html.contains("secretariat-depth-2"), "split tasks are indented: {html}");
        // An issued directive of the secretariat's own unit can be given more units.
        assert!(html.contains(&format!("action=\"/directives/{directive}/assign\"")), "{html}");
        let (_, html) = get_page(&browser, &app, &format!("/meetings/{meeting}?lang={lang}")).await;
        assert!(html.contains("class=\"two\"") && html.contains("九江"), "minutes beside the directives: {html}");
        let _ = words[2];
    }
    // Pages that name nothing are "not found" pages in the user's language.
    for path in ["/directives/abc", "/directives/999999", "/meetings/0", "/meetings/999999"] {
        let (status, html) = get_page(&browser, &app, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("<html"), "{path}: a page");
    }
    // The directive list pages.
    let (status, html) = get_page(&browser, &app, "/directives?page=99").await;
    assert_eq!(status, 200);
    assert!(html.contains("rel=\"prev\""), "{html}");
}

#[tokio::test]
async fn officers_and_leaders_open_the_directives_they_may_read_and_no_others() {
    let app = spawn_demo().await;
    let (_, directive) = demo_ids(&app).await;
    let secretariat = app.as_user("jx-secretariat").await;
    // A draft, seen by its secretariat alone, and a directive given to Nanchang only.
    let draft = secretariat
        .post(
            "/api/v1/directives",
            json!({ "title_zh": "草稿", "title_en": "Draft", "category": "general", "priority": "normal",
                    "deadline": "2026-12-20T09:00:00Z" }),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .expect("id");
    let nanchang = app.unit("nc").await;
    let (elsewhere, _) = secretariat
        .issue_and_assign(
            json!({ "title_zh": "南昌事项", "title_en": "Nanchang only", "category": "general", "priority": "normal",
                    "deadline": "2026-12-20T09:00:00Z" }),
            json!({ "lead_unit_id": nanchang }),
        )
        .await;
    // A leader's instruction on the directive reaches everyone who reads it, as text.
    let leader = app.as_user("jx-leader").await;
    leader
        .post("/api/v1/instructions", json!({ "directive_id": directive, "body": "<script>x()</script>务必压实责任" }))
        .await
        .expect(201);
    for user in ["jj-yj", "jj-hukou-yj", "jj-mayor", "jx-leader"] {
        let browser = app.browse_as(user, DEMO_PASSWORD).await;
        let (status, html) = get_page(&browser, &app, "/directives").await;
        assert_eq!(status, 200, "{user}: {html}");
        for lang in ["zh", "en"] {
            let (status, html) = get_page(&browser, &app, &format!("/directives/{directive}?lang={lang}")).await;
            assert_eq!(status, 200, "{user} reads directive {directive}: {html}");
            assert!(html.contains("href=\"/tasks/"), "{user} sees tasks: {html}");
            assert!(html.contains("&lt;script&gt;x()&lt;/script&gt;务必压实责任"), "{user} reads the instruction");
            assert!(!html.contains("<script>x()"), "{user}: the instruction is text");
            assert!(!html.contains("/edit\"") && !html.contains("/assign\""), "{user} gets no secretariat forms");
            let instruct = format!("/instructions/new?directive={directive}");
            assert_eq!(html.contains(&instruct), user.ends_with("mayor") || user.ends_with("leader"), "{user}");
        }
        let (status, _) = get_page(&browser, &app, &format!("/directives/{draft}")).await;
        assert_eq!(status, 404, "{user} may not see another unit's draft");
        if user != "jx-leader" {
            let (status, html) = get_page(&browser, &app, &format!("/directives/{elsewhere}")).await;
            assert_eq!(status, 404, "{user} may not see Nanchang's directive: {html}");
        }
        let (status, _) = get_page(&browser, &app, "/meetings").await;
        assert_eq!(status, 200, "{user} reads the meetings it may");
        let (status, _) = get_page(&browser, &app, "/meetings/new").await;
        assert_eq!(status, 403, "{user} enters no meeting");
    }
}

#[tokio::test]
async fn an_officer_cannot_post_the_secretariat_forms() {
    let app = spawn_demo().await;
    let (_, directive) = demo_ids(&app).await;
    let secretariat = app.as_user("jx-secretariat").await;
    let draft = secretariat
        .post(
            "/api/v1/directives",
            json!({ "title_zh": "草稿", "title_en": "Draft", "category": "general", "priority": "normal",
                    "deadline": "2026-12-20T09:00:00Z" }),
        )
        .await
        .expect(201);
    let draft_id = draft["id"].as_i64().expect("id");
    let tasks_before = count_tasks(&app.ctx.db).await;
    let meetings_before = secretariat.get("/api/v1/meetings").await.expect(200)["total"].clone();
    let browser = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let csrf = csrf_of(&browser, &app).await;
    let bureau = app.unit("jj-xf").await.to_string();
    let attempts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/directives/{draft_id}/edit"),
            vec![
                ("csrf", &csrf),
                ("version", "1"),
                ("title_zh", "改"),
                ("title_en", "x"),
                ("category", "general"),
                ("priority", "normal"),
                ("deadline", "2026-12-30"),
            ],
        ),
        (format!("/directives/{draft_id}/issue"), vec![("csrf", &csrf), ("version", "1")]),
        (format!("/directives/{directive}/assign"), vec![("csrf", &csrf), ("lead_unit_id", &bureau)]),
        (
            "/meetings/new".to_owned(),
            vec![("csrf", &csrf), ("title_zh", "会"), ("held_on", "2026-11-20"), ("minutes", NOV_17)],
        ),
    ];
    for (path, form) in attempts {
        let (status, _, html) = post_form(&browser, &app, &path, &form).await;
        assert_eq!(status, 403, "{path}: {html}");
        assert!(html.contains("<html"), "an error page, not JSON: {html}");
    }
    let after = secretariat.get(&format!("/api/v1/directives/{draft_id}")).await.expect(200);
    assert_eq!((after["status"].clone(), after["version"].clone()), (json!("draft"), draft["version"].clone()));
    assert_eq!(count_tasks(&app.ctx.db).await, tasks_before);
    assert_eq!(secretariat.get("/api/v1/meetings").await.expect(200)["total"], meetings_before);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_changes_nothing() {
    let app = spawn_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let draft = secretariat
        .post(
            "/api/v1/directives",
            json!({ "title_zh": "草稿", "title_en": "Draft", "category": "general", "priority": "normal",
                    "deadline": "2026-12-20T09:00:00Z" }),
        )
        .await
        .expect(201);
    let id = draft["id"].as_i64().expect("id");
    let meetings_before = secretariat.get("/api/v1/meetings").await.expect(200)["total"].clone();
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    for csrf in [None, Some("forged")] {
        let mut edit = vec![
            ("version", "1"),
            ("title_zh", "改了"),
            ("title_en", "Changed"),
            ("category", "gas"),
            ("priority", "high"),
            ("deadline", "2026-12-30"),
        ];
        let mut issue = vec![("version", "1")];
        let mut meeting = vec![("title_zh", "新会议"), ("held_on", "2026-11-20"), ("minutes", NOV_17)];
        if let Some(csrf) = csrf {
            edit.push(("csrf", csrf));
            issue.push(("csrf", csrf));
            meeting.push(("csrf", csrf));
        }
        for (path, form) in [
            (format!("/directives/{id}/edit"), edit),
            (format!("/directives/{id}/issue"), issue),
            ("/meetings/new".to_owned(), meeting),
        ] {
            let (status, _, _) = post_form(&browser, &app, &path, &form).await;
            assert_eq!(status, 403, "{path} without its token");
        }
    }
    let after = secretariat.get(&format!("/api/v1/directives/{id}")).await.expect(200);
    assert_eq!(after["title_zh"], "草稿");
    assert_eq!(after["status"], "draft");
    assert_eq!(secretariat.get("/api/v1/meetings").await.expect(200)["total"], meetings_before);
}

#[tokio::test]
async fn invalid_input_shows_the_form_again_with_the_minutes_kept() {
    let app = spawn_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let meetings_before = secretariat.get("/api/v1/meetings").await.expect(200)["total"].clone();
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let csrf = csrf_of(&browser, &app).await;
    let minutes = format!("{NOV_17}\n<b>加粗</b> & 结尾");
    for lang in ["zh", "en"] {
        for (title, held_on, field) in [("", "2026-11-20", "title-error"), ("冬季会议", "11/20/2026", "held-on-error")]
        {
            let form = [
                ("csrf", csrf.as_str()),
                ("title_zh", title),
                ("title_en", ""),
                ("held_on", held_on),
                ("host", "省政府"),
                ("venue", "省主会场"),
                ("minutes", minutes.as_str()),
            ];
            let (status, _, html) = post_form(&browser, &app, &format!("/meetings/new?lang={lang}"), &form).await;
            assert_eq!(status, 422, "{html}");
            assert!(html.contains(&format!("id=\"{field}\"")), "the error beside its field: {html}");
            assert!(
                html.contains("Jiujiang News Network (Jiujiang Daily all-media reporter Shen Mingjie)"),
                "the minutes kept"
            );
            assert!(html.contains("&lt;b&gt;加粗&lt;/b&gt; &amp; 结尾"), "the minutes kept to the end, escaped");
            assert!(html.contains("value=\"省主会场\""), "the other fields kept");
            assert!(html.contains(&format!("value=\"{held_on}\"")), "the date kept as typed");
        }
        // Minutes of nothing but blanks.
        let form = [("csrf", csrf.as_str()), ("title_zh", "会议"), ("held_on", "2026-11-20"), ("minutes", "   \n  ")];
        let (status, _, html) = post_form(&browser, &app, &format!("/meetings/new?lang={lang}"), &form).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"minutes-error\""), "{html}");
    }
    assert_eq!(secretariat.get("/api/v1/meetings").await.expect(200)["total"], meetings_before, "nothing stored");
}

#[tokio::test]
async fn the_secretariat_drafts_edits_issues_and_assigns_through_the_pages() {
    let app = spawn_demo().await;
    let api = app.as_user("jx-secretariat").await;
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let (status, html) = get_page(&browser, &app, "/meetings/new").await;
    assert_eq!(status, 200);
    let csrf = hidden_field(&html, "csrf");
    let form = [
        ("csrf", csrf.as_str()),
        ("title_zh", "全省安全生产电视电话会议（复核）"),
        ("title_en", ""),
        ("held_on", "2026-11-27"),
        ("host", "江西省人民政府"),
        ("venue", "省主会场"),
        ("attendees", ""),
        ("minutes", NOV_17),
    ];
    let (status, location, _) = post_form(&browser, &app, "/meetings/new", &form).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/meetings/") && location.contains("notice=notice-secretariat-drafted"), "{location}");
    let meeting: i64 = location["/meetings/".len()..].split('?').next().and_then(|id| id.parse().ok()).expect("id");
    let stored = api.get(&format!("/api/v1/meetings/{meeting}")).await.expect(200);
    assert_eq!(stored["minutes"], NOV_17);
    assert_eq!(stored["title_en"], "全省安全生产电视电话会议（复核）", "one title serves both languages");

    // The drafts appear beside the minutes, with their suggestions, editable.
    let drafts = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let drafts = drafts["items"].as_array().expect("items").clone();
    assert!(drafts.len() >= 2, "the November minutes give several drafts: {drafts:?}");
    assert!(drafts.iter().all(|d| d["status"] == "draft"));
    let (status, html) = get_page(&browser, &app, &location).await;
    assert_eq!(status, 200, "{html}");
    for d in &drafts {
        assert!(html.contains(&format!("action=\"/directives/{}/edit\"", d["id"])), "a form per draft");
        assert!(html.contains(&format!("action=\"/directives/{}/issue\"", d["id"])), "an issue button per draft");
    }
    // The notice the redirect asked for, as the layout shows it (the `notice` query word alone
    // is echoed by every form's `back` field, so the element and its words are what count).
    assert!(
        html.contains("<p class=\"notice\" role=\"status\">会议已保存，决策部署草稿已拟出，请逐项核对。</p>"),
        "{html}"
    );
    // Each draft's card shows the lead unit Duban suggested, by name, or says there is none.
    let mut leads_shown = 0;
    for d in &drafts {
        let start = html.find(&format!("id=\"directive-{}\"", d["id"])).expect("a card per draft");
        let card = &html[start..start + html[start..].find("</section>").expect("card ends")];
        let lead = match d["suggested_units"]["lead_unit_id"].as_i64() {
            Some(unit) => {
                leads_shown += 1;
                duban::store::units::get(&app.ctx.db, unit).await.expect("unit").name_zh
            }
            None => "<span class=\"muted\">无</span>".to_owned(),
        };
        assert!(card.contains(&format!("<dt>牵头单位</dt><dd>{lead}</dd>")), "draft {}: {card}", d["id"]);
    }
    assert!(leads_shown > 0, "the November minutes name lead units: {drafts:?}");
    let fire = drafts.iter().find(|d| d["suggested_units"]["lead_unit_id"].is_i64()).unwrap_or(&drafts[0]).clone();
    let id = fire["id"].as_i64().expect("id");
    let version = fire["version"].to_string();

    // A refused edit shows the form again with what was typed, and changes nothing.
    let form = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("back", ""),
        ("title_zh", "  "),
        ("title_en", "Kept title"),
        ("body", "逐项排查，不留死角。"),
        ("category", "gas"),
        ("priority", "high"),
        ("deadline", "2026-12-29"),
    ];
    let (status, _, html) = post_form(&browser, &app, &format!("/directives/{id}/edit"), &form).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("逐项排查，不留死角。") && html.contains("value=\"Kept title\""), "typed text kept: {html}");
    assert!(html.contains("value=\"2026-12-29\"") && html.contains("value=\"gas\" selected"), "{html}");
    assert!(html.contains("role=\"alert\""), "the reason shown");
    assert_eq!(api.get(&format!("/api/v1/directives/{id}")).await.expect(200)["version"], fire["version"]);

    // Edit it, with a title that must come back as text.
    let back = format!("/meetings/{meeting}");
    let title = "<script>alert('x')</script>冬季消防";
    let form = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("back", back.as_str()),
        ("title_zh", title),
        ("title_en", "Winter fire safety"),
        ("body", "全面排查整治火灾隐患。"),
        ("category", "fire_safety"),
        ("priority", "urgent"),
        ("deadline", "2026-12-31"),
    ];
    let (status, location, _) = post_form(&browser, &app, &format!("/directives/{id}/edit"), &form).await;
    assert_eq!(status, 303);
    assert!(location.starts_with(&format!("/meetings/{meeting}?notice=notice-secretariat-saved")), "{location}");
    let edited = api.get(&format!("/api/v1/directives/{id}")).await.expect(200);
    assert_eq!((edited["title_zh"].as_str(), edited["priority"].as_str()), (Some(title), Some("urgent")));
    for path in
        [location.clone(), format!("/directives/{id}"), "/directives?q=%E5%86%AC%E5%AD%A3%E6%B6%88%E9%98%B2".to_owned()]
    {
        let (_, html) = get_page(&browser, &app, &path).await;
        assert!(!html.contains("<script>alert"), "{path} shows the title as text");
        assert!(html.contains("&lt;script&gt;"), "{path}: {html}");
    }

    // A stale version is refused and changes nothing.
    let (status, _, _) = post_form(
        &browser,
        &app,
        &format!("/directives/{id}/issue"),
        &[("csrf", csrf.as_str()), ("version", version.as_str())],
    )
    .await;
    assert_eq!(status, 409);
    // Issue it.
    let version = edited["version"].to_string();
    let (status, location, _) = post_form(
        &browser,
        &app,
        &format!("/directives/{id}/issue"),
        &[("csrf", csrf.as_str()), ("version", version.as_str()), ("back", back.as_str())],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(api.get(&format!("/api/v1/directives/{id}")).await.expect(200)["status"], "issued");
    let (_, html) = get_page(&browser, &app, &location).await;
    assert!(html.contains(&format!("value=\"{id}:")), "the directive can be ticked for the page's one assignment form");
    assert!(html.contains(&format!("action=\"/meetings/{meeting}/assign\"")), "the page's one assignment form");
    let yj = app.unit("jj-yj").await;
    let xf = app.unit("jj-xf").await;
    assert!(
        html.contains(&format!("value=\"{yj}\"")) && html.contains(&format!("value=\"{xf}\"")),
        "the bureaus in the picker"
    );

    // Assign it to two Jiujiang bureaus.
    let (yj_s, xf_s) = (yj.to_string(), xf.to_string());
    let form = [
        ("csrf", csrf.as_str()),
        ("back", back.as_str()),
        ("lead_unit_id", yj_s.as_str()),
        ("cooperating_unit_ids", xf_s.as_str()),
        ("deadline", "2026-12-20"),
    ];
    let (status, location, html) = post_form(&browser, &app, &format!("/directives/{id}/assign"), &form).await;
    assert_eq!(status, 303, "{html}");
    assert!(location.contains("notice=notice-secretariat-assigned"), "{location}");
    let tasks = api.get(&format!("/api/v1/tasks?directive_id={id}")).await.expect(200);
    let mut assigned: Vec<(i64, String)> = tasks["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| (t["assignee_unit_id"].as_i64().expect("unit"), t["role"].as_str().unwrap_or_default().to_owned()))
        .collect();
    assigned.sort();
    let mut expected = vec![(yj, "lead".to_owned()), (xf, "cooperating".to_owned())];
    expected.sort();
    assert_eq!(assigned, expected);

    // The directive page shows its two tasks to the secretariat and to the bureau.
    for (who, lang) in [("jx-secretariat", "zh"), ("jj-yj", "en"), ("jj-xf", "zh")] {
        let reader = app.browse_as(who, DEMO_PASSWORD).await;
        let (status, html) = get_page(&reader, &app, &format!("/directives/{id}?lang={lang}")).await;
        assert_eq!(status, 200, "{who}: {html}");
        assert!(html.contains("href=\"/tasks/"), "{who} sees the tasks");
        assert!(!html.contains("<script>alert"));
    }
    let _: Value = tasks;
}

/// The page's text with handlebars' escaping undone for `=`, as a link is written in an attribute.
fn unescaped(html: &str) -> String {
    html.replace("&#x3D;", "=")
}

#[tokio::test]
async fn the_secretariats_desk_shows_each_directive_it_issued_per_city_with_the_light_tiles() {
    use duban::entities::tasks;
    use sea_orm::EntityTrait;
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let now = duban::clock::Clock::now(&app.clock);
    let office = app.unit("jx-aw").await;
    let units = duban::store::units::all(db).await.expect("units");
    let parent: std::collections::HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let all = tasks::Entity::find().all(db).await.expect("tasks");
    let tops = crate::helpers::top_assigners_by_hand(&all);
    let issued: Vec<&tasks::Model> = all.iter().filter(|t| tops[&t.id] == office).collect();
    assert_eq!(issued.len(), all.len(), "the demo's chains are all the provincial office's");

    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let (status, html) = get_page(&browser, &app, "/dashboard").await;
    assert_eq!(status, 200, "{html}");
    let html = unescaped(&html);
    assert!(html.contains("id=\"issued-by\""), "the page says whose work it counts");
    assert!(!html.contains("本单位没有下级单位"), "no longer the empty subtree of the office");
    // Every directive of the November 17 conference, with its figures for each city.
    let (meeting, _) = demo_ids(&app).await;
    let api = app.as_user("jx-secretariat").await;
    let directives = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let directives = directives["items"].as_array().expect("items").clone();
    assert_eq!(directives.len(), 6);
    let cities = ["jj", "px", "gz", "nc", "sr"];
    let mut cells = 0;
    for d in &directives {
        let id = d["id"].as_i64().expect("id");
        assert!(html.contains(&format!("data-directive=\"{id}\"")), "directive {id} is on the desk");
        for key in cities {
            let city = app.unit(key).await;
            let part: Vec<&&tasks::Model> = issued
                .iter()
                .filter(|t| t.directive_id == id && crate::helpers::at_or_below(&parent, t.assignee_unit_id, city))
                .collect();
            if part.is_empty() {
                assert!(!html.contains(&format!("href=\"/units/{city}?directive={id}\"")), "{key} has no part in {id}");
                continue;
            }
            let completed = part.iter().filter(|t| t.status == duban::domain::lifecycle::TaskStatus::Completed).count();
            let cell = format!("href=\"/units/{city}?directive={id}\">{completed}/{}</a>", part.len());
            assert!(html.contains(&cell), "directive {id}, {key}: {cell}");
            cells += 1;
        }
    }
    assert!(cells >= 8, "Jiujiang and the other cities have their parts: {cells}");
    for key in cities {
        let city = app.unit(key).await;
        assert!(html.contains(&format!("data-unit=\"{city}\"")), "{key} is a column of the desk");
    }
    // The tiles: open tasks at each light by deadline, counted by hand.
    let open: Vec<&&tasks::Model> = issued.iter().filter(|t| t.status.is_open()).collect();
    let red = open
        .iter()
        .filter(|t| {
            let in_time = t.status == duban::domain::lifecycle::TaskStatus::Submitted
                && t.submitted_at.is_some_and(|at| at <= t.deadline);
            now > t.deadline && !in_time
        })
        .count();
    assert!(red > 0, "the demo has overdue work");
    assert!(html.contains(&format!("id=\"tile-red\">{red}</strong>")), "red tile {red}");
    assert!(html.contains("id=\"tile-yellow\">") && html.contains("id=\"tile-green\">"));
    // A city's drill-down keeps to the chains, down to its enterprises.
    let jj = app.unit("jj").await;
    let (status, city_page) = get_page(&browser, &app, &format!("/units/{jj}")).await;
    assert_eq!(status, 200, "{city_page}");
    let in_jj = issued.iter().filter(|t| crate::helpers::at_or_below(&parent, t.assignee_unit_id, jj)).count();
    assert!(city_page.contains(&format!("id=\"subtree-total\">{in_jj}</td>")), "Jiujiang's part: {in_jj}");

    // The English page says the same.
    let (status, english) = get_page(&browser, &app, "/dashboard?lang=en").await;
    assert_eq!(status, 200);
    assert!(english.contains("Directives we issued") && english.contains("Jiujiang Municipal Government"));

    // The inbox: a completion submitted to the office waits for its review.
    let waiting: Vec<&&tasks::Model> = issued
        .iter()
        .filter(|t| t.assigner_unit_id == office && t.status == duban::domain::lifecycle::TaskStatus::Submitted)
        .collect();
    assert!(!waiting.is_empty(), "the demo has a submission for the province to review");
    let (status, inbox) = get_page(&browser, &app, "/inbox").await;
    assert_eq!(status, 200, "{inbox}");
    let section =
        inbox.split("id=\"awaiting-review\"").nth(1).expect("the section").split("<section").next().unwrap_or_default();
    for t in waiting {
        assert!(section.contains(&format!("/tasks/{}", t.id)), "task {} waits for review", t.id);
    }
}
