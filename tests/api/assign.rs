//! Assignment as directives are really given: "各市政府要……" makes every city lead of a task of
//! its own, each counted under its city; refused input names its field and creates nothing;
//! drafts keep the deadlines their minutes gave, flagged until a person confirms or changes them.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Client, NowUtc, TestApp, get_page, hidden_field, post_form, spawn_demo};
use duban::entities::tasks;
use duban::services::demo::DEMO_PASSWORD;

/// The eleven cities of the demo province, keys typed by hand from `assets/demo/units.csv`.
const CITIES: [&str; 11] = ["nc", "jdz", "px", "jj", "xy", "yt", "gz", "ja", "yc", "fz", "sr"];

fn directive(app: &TestApp, title: &str) -> Value {
    let deadline = app.clock.now_utc() + chrono::Duration::days(30);
    json!({ "title_zh": title, "title_en": title, "category": "fire_safety", "priority": "high", "deadline": deadline })
}

/// An issued directive of the provincial secretariat, not yet assigned.
async fn issued(app: &TestApp, province: &Client, title: &str) -> i64 {
    let created = province.post("/api/v1/directives", directive(app, title)).await.expect(201);
    let id = created["id"].as_i64().expect("id");
    province
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": created["version"] }))
        .await
        .expect(200);
    id
}

/// Each child unit's total and acknowledged tasks on a unit's dashboard, by unit id.
async fn by_child(client: &Client, unit: i64) -> HashMap<i64, (i64, i64)> {
    let rollup = client.get(&format!("/api/v1/units/{unit}/rollup")).await.expect(200);
    rollup["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| {
            let f = &c["figures"];
            (
                c["unit"]["id"].as_i64().expect("id"),
                (f["total"].as_i64().expect("t"), f["acknowledged"].as_i64().expect("a")),
            )
        })
        .collect()
}

async fn tasks_of(app: &TestApp, directive: i64) -> Vec<tasks::Model> {
    tasks::Entity::find().filter(tasks::Column::DirectiveId.eq(directive)).all(&app.ctx.db).await.expect("tasks")
}

#[tokio::test]
async fn a_directive_to_eleven_cities_gives_eleven_lead_tasks_each_counted_under_its_city() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let leader = app.as_user("jx-leader").await;
    let jx = app.unit("jx").await;
    let mut cities = Vec::new();
    for key in CITIES {
        cities.push(app.unit(key).await);
    }
    let (jj_yj, jj_xf, jx_yj) = (app.unit("jj-yj").await, app.unit("jj-xf").await, app.unit("jx-yj").await);
    let before = by_child(&leader, jx).await;
    let id = issued(&app, &province, "各设区市政府要各自牵头开展消防安全排查").await;

    let mut leads: Vec<Value> = cities.iter().map(|c| json!({ "unit_id": c })).collect();
    // Jiujiang's task has its own cooperating bureaus; Nanchang's the provincial bureau.
    let jj_at = CITIES.iter().position(|k| *k == "jj").expect("jj");
    leads[jj_at]["cooperating_unit_ids"] = json!([jj_yj, jj_xf]);
    leads[0]["cooperating_unit_ids"] = json!([jx_yj]);
    let created =
        province.post(&format!("/api/v1/directives/{id}/assignments"), json!({ "leads": leads })).await.expect(201);
    assert_eq!(created.as_array().expect("tasks").len(), 11 + 3);

    let rows = tasks_of(&app, id).await;
    let lead_rows: Vec<&tasks::Model> = rows.iter().filter(|t| t.role.as_str() == "lead").collect();
    assert_eq!(lead_rows.len(), 11, "one lead task per city");
    for city in &cities {
        assert_eq!(lead_rows.iter().filter(|t| t.assignee_unit_id == *city).count(), 1, "city {city} leads once");
    }
    // Each cooperating task works with its own city's lead task.
    let lead_task = |unit: i64| lead_rows.iter().find(|t| t.assignee_unit_id == unit).expect("lead").id;
    for (unit, city) in [(jj_yj, cities[jj_at]), (jj_xf, cities[jj_at]), (jx_yj, cities[0])] {
        let row = rows.iter().find(|t| t.assignee_unit_id == unit).expect("cooperating task");
        assert_eq!(row.role.as_str(), "cooperating");
        assert_eq!(row.lead_task_id, Some(lead_task(city)), "unit {unit} cooperates with its city's task");
    }

    // The leader's dashboard, city by city: one more task under each; Jiujiang's cooperating
    // bureaus lie in its subtree, so Jiujiang counts three; the provincial bureau one.
    let after = by_child(&leader, jx).await;
    for (n, city) in cities.iter().enumerate() {
        let more = if CITIES[n] == "jj" { 3 } else { 1 };
        assert_eq!(after[city].0, before[city].0 + more, "{}: total", CITIES[n]);
        assert_eq!(after[city].1, before[city].1, "{}: none acknowledged yet", CITIES[n]);
    }
    assert_eq!(after[&jx_yj].0, before[&jx_yj].0 + 1, "the provincial bureau: total");
    for (unit, figures) in &before {
        if !cities.contains(unit) && *unit != jx_yj {
            assert_eq!(after[unit], *figures, "unit {unit} outside the cities is unchanged");
        }
    }

    // Ganzhou acknowledges its own task: only Ganzhou's count moves.
    let gz = cities[6];
    let ganzhou_user = app.as_user("gz").await;
    let task = lead_task(gz);
    ganzhou_user.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    let later = by_child(&leader, jx).await;
    for city in &cities {
        let acknowledged = after[city].1 + i64::from(*city == gz);
        assert_eq!(later[city].1, acknowledged, "unit {city}: acknowledged");
    }

    // The leads were named once: a later assignment adds cooperating units only.
    province
        .post(
            &format!("/api/v1/directives/{id}/assignments"),
            json!({ "leads": [{ "unit_id": app.unit("jj-ga").await }] }),
        )
        .await
        .expect_problem(409, "assignees");
}

#[tokio::test]
async fn leads_that_cannot_be_given_are_refused_by_field_and_nothing_is_created() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let leader = app.as_user("jx-leader").await;
    let jx = app.unit("jx").await;
    let (nc, jj, jj_yj) = (app.unit("nc").await, app.unit("jj").await, app.unit("jj-yj").await);
    let before = by_child(&leader, jx).await;
    let id = issued(&app, &province, "各市牵头（拒绝）").await;
    let path = format!("/api/v1/directives/{id}/assignments");
    let cases = [
        (json!({ "leads": [{ "unit_id": nc }, { "unit_id": 99_999_999 }] }), 409, "leads"),
        (json!({ "leads": [{ "unit_id": nc }, { "unit_id": jj }, { "unit_id": nc }] }), 422, "leads"),
        // The province government is above the secretariat: out of its reach.
        (json!({ "leads": [{ "unit_id": nc }, { "unit_id": jx }] }), 409, "leads"),
        (
            json!({ "leads": [{ "unit_id": nc, "cooperating_unit_ids": [99_999_999] }] }),
            409,
            "leads.cooperating_unit_ids",
        ),
        (
            json!({ "leads": [{ "unit_id": nc, "cooperating_unit_ids": [jj] }, { "unit_id": jj }] }),
            409,
            "leads.cooperating_unit_ids",
        ),
        (json!({ "lead_unit_id": jj_yj, "leads": [{ "unit_id": nc }] }), 422, "leads"),
        (json!({ "leads": [{ "unit_id": nc }], "cooperating_unit_ids": [jx] }), 409, "cooperating_unit_ids"),
    ];
    for (body, status, field) in cases {
        let answer = province.post(&path, body.clone()).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.body);
        assert_eq!(answer.body["field"], field, "{body}: {}", answer.body);
        assert!(tasks_of(&app, id).await.is_empty(), "nothing created for {body}");
    }
    assert_eq!(by_child(&leader, jx).await, before, "no count moved");
}

#[tokio::test]
async fn minutes_dated_in_the_past_keep_their_deadlines_and_issue_only_once_confirmed() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let minutes = "一、各地要在3月31日前完成燃气管道隐患排查整治。\n二、各地要在清明节前完成森林防火检查。";
    let answer = province
        .post("/api/v1/drafts", json!({ "minutes": minutes, "meeting_date": "2024-03-05", "save": true }))
        .await
        .expect(200);
    let saved = answer["saved"].as_array().expect("saved");
    assert_eq!(saved.len(), 2, "{answer}");
    // Kept as the minutes gave them (end of day in Beijing), though both have passed.
    let deadlines: Vec<&str> = saved.iter().map(|d| d["deadline"].as_str().expect("deadline")).collect();
    assert!(deadlines[0].starts_with("2024-03-31T15:59:59"), "{deadlines:?}");
    assert!(deadlines[1].starts_with("2024-04-03T15:59:59"), "the eve of Qingming 2024: {deadlines:?}");

    let id = saved[0]["id"].as_i64().expect("id");
    let version = saved[0]["version"].clone();
    province
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": version }))
        .await
        .expect_problem(422, "deadline");
    let issued = province
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": version, "confirm_past_deadline": true }))
        .await
        .expect(200);
    assert_eq!(issued["status"], "issued");
    assert_eq!(issued["deadline"], saved[0]["deadline"], "issued with the day the minutes gave");
}

/// A meeting entered through the page, held on `held_on`; its id and its page's address.
async fn meeting_through_the_page(
    browser: &reqwest::Client,
    app: &TestApp,
    held_on: &str,
    minutes: &str,
) -> (i64, String) {
    let (_, html) = get_page(browser, app, "/meetings/new").await;
    let csrf = hidden_field(&html, "csrf");
    let form = [("csrf", csrf.as_str()), ("title_zh", "专题会议"), ("held_on", held_on), ("minutes", minutes)];
    let (status, location, body) = post_form(browser, app, "/meetings/new", &form).await;
    assert_eq!(status, 303, "{body}");
    let id = location["/meetings/".len()..].split('?').next().and_then(|id| id.parse().ok()).expect("id");
    (id, format!("/meetings/{id}"))
}

#[tokio::test]
async fn the_meeting_page_flags_a_past_deadline_and_issues_it_only_once_confirmed() {
    let app = spawn_demo().await;
    let api = app.as_user("jx-secretariat").await;
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let (meeting, path) =
        meeting_through_the_page(&browser, &app, "2024-03-05", "一、各地要在3月31日前完成燃气管道隐患排查整治。").await;
    let drafts = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let draft = drafts["items"][0].clone();
    assert!(draft["deadline"].as_str().is_some_and(|d| d.starts_with("2024-03-31")), "kept: {draft}");
    let (id, version) = (draft["id"].as_i64().expect("id"), draft["version"].to_string());

    for (lang, flag) in [("zh", "已过"), ("en", "has passed")] {
        let (status, html) = get_page(&browser, &app, &format!("{path}?lang={lang}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("deadline-passed") && html.contains(flag), "{lang}: flagged: {html}");
        assert!(html.contains("value=\"2024-03-31\""), "{lang}: the date the minutes gave is in the form");
    }
    let (_, html) = get_page(&browser, &app, &path).await;
    let csrf = hidden_field(&html, "csrf");
    let issue = format!("/directives/{id}/issue");
    let (status, _, body) = post_form(&browser, &app, &issue, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(status, 422, "not confirmed: {body}");
    assert!(body.contains("办理期限："), "the refusal names the field in the page's language: {body}");
    assert_eq!(api.get(&format!("/api/v1/directives/{id}")).await.expect(200)["status"], "draft");
    let confirmed = [("csrf", csrf.as_str()), ("version", version.as_str()), ("confirm_past_deadline", "1")];
    let (status, _, body) = post_form(&browser, &app, &issue, &confirmed).await;
    assert_eq!(status, 303, "{body}");
    let issued = api.get(&format!("/api/v1/directives/{id}")).await.expect(200);
    assert_eq!((issued["status"].as_str(), issued["deadline"].clone()), (Some("issued"), draft["deadline"].clone()));
}

#[tokio::test]
async fn the_meeting_page_issues_several_drafts_to_several_leads_with_one_picker() {
    let app = spawn_demo().await;
    let api = app.as_user("jx-secretariat").await;
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let today = duban::domain::format::day_of(app.ctx.zone(), app.clock.now_utc()).to_string();
    let minutes =
        "一、各设区市人民政府要在年底前完成燃气管道隐患排查整治。\n二、各设区市人民政府要在年底前完成森林防火检查。";
    let (meeting, path) = meeting_through_the_page(&browser, &app, &today, minutes).await;
    let drafts = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let drafts = drafts["items"].as_array().expect("items").clone();
    assert_eq!(drafts.len(), 2, "{drafts:?}");

    // One picker on the page however many drafts; filtered by pinyin initials (市人民政府: srmzf),
    // it lists the eleven cities and Jiujiang's three county-level cities (瑞昌市, 共青城市,
    // 庐山市), and nothing else.
    let (_, html) = get_page(&browser, &app, &path).await;
    assert_eq!(html.matches("id=\"unit-picker\"").count(), 1, "one picker");
    assert_eq!(html.matches("name=\"lead_unit_ids\"").count(), html.matches("class=\"unit-picker-unit\"").count());
    let (_, filtered) = get_page(&browser, &app, &format!("{path}?units_q=srmzf")).await;
    let mut cities = Vec::new();
    for key in CITIES {
        let city = app.unit(key).await;
        assert!(filtered.contains(&format!("id=\"pick-lead-{city}\"")), "{key} in the filtered picker");
        cities.push(city);
    }
    for key in ["jj-ruichang", "jj-gongqing", "jj-lushan"] {
        assert!(
            filtered.contains(&format!("id=\"pick-lead-{}\"", app.unit(key).await)),
            "{key} in the filtered picker"
        );
    }
    assert_eq!(filtered.matches("class=\"unit-picker-unit\"").count(), 11 + 3, "the cities alone");
    let (_, by_name) =
        get_page(&browser, &app, &format!("{path}?units_q=%E4%B9%9D%E6%B1%9F%E5%B8%82%E5%BA%94%E6%80%A5")).await;
    assert_eq!(by_name.matches("class=\"unit-picker-unit\"").count(), 1, "九江市应急 finds one bureau");

    // Both drafts, the eleven cities as leads, one submit.
    let csrf = hidden_field(&html, "csrf");
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf), ("back".into(), path.clone())];
    for d in &drafts {
        form.push(("directive_ids".into(), format!("{}:{}", d["id"], d["version"])));
    }
    for city in &cities {
        form.push(("lead_unit_ids".into(), city.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // A unit outside the secretariat's reach among them: refused, naming the field, nothing issued.
    let jx = app.unit("jx").await.to_string();
    let mut refused = pairs.clone();
    refused.push(("lead_unit_ids", jx.as_str()));
    let (status, _, body) = post_form(&browser, &app, &format!("/meetings/{meeting}/assign"), &refused).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("牵头单位："), "the refusal names the field in the page's language: {body}");
    for d in &drafts {
        assert_eq!(api.get(&format!("/api/v1/directives/{}", d["id"])).await.expect(200)["status"], "draft");
        assert!(tasks_of(&app, d["id"].as_i64().expect("id")).await.is_empty());
    }
    let (status, location, body) = post_form(&browser, &app, &format!("/meetings/{meeting}/assign"), &pairs).await;
    assert_eq!(status, 303, "{body}");
    assert!(location.starts_with(&path) && location.contains("notice-secretariat-assigned"), "{location}");
    for d in &drafts {
        let id = d["id"].as_i64().expect("id");
        assert_eq!(api.get(&format!("/api/v1/directives/{id}")).await.expect(200)["status"], "issued");
        let rows = tasks_of(&app, id).await;
        assert_eq!(rows.len(), 11);
        let mut units: Vec<i64> =
            rows.iter().filter(|t| t.role.as_str() == "lead").map(|t| t.assignee_unit_id).collect();
        units.sort();
        let mut expected = cities.clone();
        expected.sort();
        assert_eq!(units, expected, "each city leads its own task of directive {id}");
    }
}

#[tokio::test]
async fn a_lead_the_minutes_name_that_is_not_in_the_tree_is_named_on_the_page() {
    let app = spawn_demo().await;
    let api = app.as_user("jx-secretariat").await;
    let browser = app.browse_as("jx-secretariat", DEMO_PASSWORD).await;
    let today = duban::domain::format::day_of(app.ctx.zone(), app.clock.now_utc()).to_string();
    let minutes =
        "一、省林业和草原局要牵头在年底前完成森林防火重点区域检查。\n二、省公安厅要牵头在年底前完成大型活动安全检查。";
    let (meeting, path) = meeting_through_the_page(&browser, &app, &today, minutes).await;
    let drafts = api.get(&format!("/api/v1/directives?meeting_id={meeting}")).await.expect(200);
    let suggested: Vec<Value> =
        drafts["items"].as_array().expect("items").iter().map(|d| d["suggested_units"].clone()).collect();
    let not_found: Vec<&str> = suggested.iter().filter_map(|s| s["name_not_in_tree"].as_str()).collect();
    assert_eq!(not_found, ["林业和草原局", "公安厅"], "{suggested:?}");
    let police = app.unit("jj-ga").await;
    assert_eq!(suggested[1]["lead_unit_id"], police, "the unit of the same line of work in its place");
    let said = [
        (
            "zh",
            [
                "纪要中的“林业和草原局”不在单位树中，也没有同一职能的单位",
                "纪要中的“公安厅”不在单位树中，已按同一职能建议“九江市公安局”",
            ],
        ),
        (
            "en",
            [
                "The minutes name “林业和草原局”, which is not in the unit tree, and no unit has its line of work",
                "The minutes name “公安厅”, which is not in the unit tree; “Jiujiang Public Security Bureau”, of the same line of work",
            ],
        ),
    ];
    for (lang, sentences) in said {
        let (_, html) = get_page(&browser, &app, &format!("{path}?lang={lang}")).await;
        // Fluent isolates each placeable with U+2068 … U+2069: read the words without them.
        let html = html.replace(['\u{2068}', '\u{2069}'], "");
        for sentence in sentences {
            assert!(html.contains(sentence), "{lang}: {sentence}: {html}");
        }
    }
}
