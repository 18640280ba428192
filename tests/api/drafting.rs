//! Drafting directives from minutes over HTTP: proposals with units of the secretariat's own
//! organisation, kept as drafts only when asked, issued only by a person; and the keyword
//! rules an admin edits.

use serde_json::{Value, json};

use crate::helpers::{TestApp, count_tasks, spawn_app};

const NOV_17: &str = include_str!("../fixtures/minutes/2023-11-17-province-production-safety-conference.txt");
const FLOOD_ZH: &str = include_str!("../fixtures/minutes/2024-05-20-flood-season-zh.txt");

fn find<'a>(drafts: &'a Value, category: &str) -> &'a Value {
    drafts["drafts"]
        .as_array()
        .and_then(|list| list.iter().find(|d| d["category"] == category))
        .unwrap_or_else(|| panic!("no {category} draft in {drafts}"))
}

async fn unit_key(app: &TestApp, unit: &Value) -> String {
    let id = unit["id"].as_i64().expect("unit id");
    duban::store::units::get(&app.ctx.db, id).await.expect("unit").key
}

#[tokio::test]
async fn the_november_minutes_yield_drafts_with_units_the_secretariat_can_assign_to() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let meeting = secretariat.get("/api/v1/meetings").await.expect(200)["items"][0]["id"].clone();
    let answer = secretariat.post("/api/v1/drafts", json!({ "meeting_id": meeting })).await.expect(200);

    let fire = find(&answer, "fire_safety");
    assert_eq!(fire["lead_function"], "fire_rescue");
    assert_eq!(unit_key(&app, &fire["lead_unit"]).await, "jj-xf");
    let cooperating: Vec<&str> =
        fire["cooperating_units"].as_array().expect("list").iter().filter_map(|u| u["key"].as_str()).collect();
    assert!(cooperating.contains(&"jj-jy") && cooperating.contains(&"jj-wj"), "{cooperating:?}");
    assert!(fire["places"].as_array().is_some_and(|p| p.iter().any(|x| x == "nine small places")));

    assert_eq!(find(&answer, "mining")["lead_function"], "emergency_management");
    assert_eq!(unit_key(&app, &find(&answer, "road_traffic")["lead_unit"]).await, "jj-jj");
    let crowd = find(&answer, "crowd_safety");
    assert_eq!(unit_key(&app, &crowd["lead_unit"]).await, "jj-ga");
    assert!(crowd["cooperating_units"].as_array().is_some_and(|l| l.iter().any(|u| u["key"] == "jj-wl")));
    assert_eq!(unit_key(&app, &find(&answer, "gas")["lead_unit"]).await, "jj-zj");
    assert_eq!(answer["saved"], json!([]), "proposing saves nothing");
    let text = answer.to_string();
    assert!(!text.contains("pointed out") && !text.contains("Jiujiang News"), "no draft from background paragraphs");
}

#[tokio::test]
async fn kept_drafts_are_draft_directives_until_a_person_issues_and_assigns_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let tasks_before = count_tasks(&app.ctx.db).await;
    let answer = secretariat
        .post("/api/v1/drafts", json!({ "minutes": NOV_17, "meeting_date": "2023-11-17", "save": true }))
        .await
        .expect(200);
    let saved = answer["saved"].as_array().expect("saved");
    assert_eq!(saved.len(), answer["drafts"].as_array().map(Vec::len).unwrap_or_default());
    assert!(saved.iter().all(|d| d["status"] == "draft" && d["source"] == "drafted"));
    assert_eq!(count_tasks(&app.ctx.db).await, tasks_before, "nothing was assigned");

    // The secretariat edits the gas draft, issues it and assigns it to the suggested units.
    let gas = saved.iter().find(|d| d["category"] == "gas").expect("gas draft");
    let id = gas["id"].as_i64().expect("id");
    let edited = secretariat
        .put(
            &format!("/api/v1/directives/{id}"),
            json!({
                "version": gas["version"], "title_zh": "城镇燃气安全专项整治", "title_en": "Urban gas safety rectification",
                "body": gas["body"], "category": "gas", "priority": "high", "deadline": gas["deadline"],
            }),
        )
        .await
        .expect(200);
    assert_eq!(edited["title_zh"], "城镇燃气安全专项整治");
    let issued = secretariat
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": edited["version"] }))
        .await
        .expect(200);
    let lead = issued["suggested_units"]["lead_unit_id"].as_i64().expect("a suggested lead");
    let tasks = secretariat
        .post(
            &format!("/api/v1/directives/{id}/assignments"),
            json!({ "lead_unit_id": lead, "cooperating_unit_ids": issued["suggested_units"]["cooperating_unit_ids"] }),
        )
        .await
        .expect(201);
    assert_eq!(tasks[0]["assignee_unit_id"].as_i64(), Some(lead));
    // An issued directive is no longer a draft.
    secretariat.put(&format!("/api/v1/directives/{id}"), json!({
        "version": issued["version"], "title_zh": "x", "title_en": "x", "category": "gas", "priority": "high", "deadline": gas["deadline"],
    })).await.expect(409);
}

#[tokio::test]
async fn chinese_minutes_give_chinese_drafts_and_deadlines_reach_the_draft() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jj-secretariat").await;
    let answer = secretariat
        .post("/api/v1/drafts", json!({ "minutes": FLOOD_ZH, "meeting_date": "2024-05-20" }))
        .await
        .expect(200);
    let drafts = answer["drafts"].as_array().expect("drafts");
    assert!(drafts.iter().all(|d| d["language"] == "zh"));
    assert!(drafts.iter().any(|d| d["category"] == "flood_geological" && d["deadline"] == "2024-06-15"), "{answer}");
}

#[tokio::test]
async fn empty_huge_and_non_minutes_input_get_a_clear_answer() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    secretariat.post("/api/v1/drafts", json!({ "minutes": "   " })).await.expect_problem(422, "minutes");
    secretariat
        .post("/api/v1/drafts", json!({ "minutes": "a".repeat(300 * 1024) }))
        .await
        .expect_problem(422, "minutes");
    // Text that asks nothing of anyone drafts nothing.
    let recipe = secretariat
        .post("/api/v1/drafts", json!({ "minutes": "Preheat the oven. Mix flour and butter. Bake for 20 minutes." }))
        .await
        .expect(200);
    assert_eq!(recipe["drafts"], json!([]), "{recipe}");
    secretariat.post("/api/v1/drafts", json!({})).await.expect_problem(422, "minutes");
    let too_big = secretariat.post("/api/v1/drafts", json!({ "minutes": "a".repeat(5 * 1024 * 1024) })).await;
    assert_eq!(too_big.status, 413);
    // Officers do not draft directives.
    app.as_user("jj-yj").await.post("/api/v1/drafts", json!({ "minutes": NOV_17 })).await.expect(403);
}

#[tokio::test]
async fn an_admin_edits_the_keyword_rules_and_the_drafts_follow() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.as_user("admin").await;
    let secretariat = app.as_user("jx-secretariat").await;
    let minutes = "It is necessary to clear snow and ice from mountain roads before the holidays.";
    let before = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    assert_ne!(before["drafts"][0]["lead_function"], "transport");

    let rule = json!({ "keyword": "snow and ice", "category": "road_traffic", "lead_function": "transport", "cooperating_functions": ["traffic_police"], "weight": 60 });
    let created = admin.post("/api/v1/keyword-rules", rule.clone()).await.expect(201);
    admin.post("/api/v1/keyword-rules", rule.clone()).await.expect(409);
    secretariat.post("/api/v1/keyword-rules", rule.clone()).await.expect(403);
    let mut bad = rule.clone();
    bad["lead_function"] = json!("weather_magic");
    admin.post("/api/v1/keyword-rules", bad).await.expect_problem(422, "function");

    let after = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    assert_eq!(after["drafts"][0]["category"], "road_traffic");
    assert_eq!(after["drafts"][0]["lead_function"], "transport");

    let id = created["id"].as_i64().expect("id");
    admin.delete(&format!("/api/v1/keyword-rules/{id}")).await.expect(204);
    admin.delete(&format!("/api/v1/keyword-rules/{id}")).await.expect(404);
    let rules = secretariat.get("/api/v1/keyword-rules").await.expect(200);
    assert!(rules.as_array().is_some_and(|r| r.len() > 50 && r.iter().all(|x| x["keyword"] != "snow and ice")));
}

#[tokio::test]
async fn each_suggestion_says_why_and_pasted_minutes_are_dated_by_their_date_line() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let minutes = "6月3日上午，县政府召开防汛工作会议。\n\n会议要求，自然资源部门要对地质灾害隐患点开展排查，汛期结束前完成复查。学校要完善极端天气停课预案。";
    let answer = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    let drafts = answer["drafts"].as_array().expect("drafts");
    assert_eq!(drafts.len(), 2, "{answer}");
    let geology = &drafts[0];
    assert_eq!(geology["lead_function"], "natural_resources");
    assert_eq!(geology["why"]["lead_basis"], "named_department");
    assert_eq!(geology["why"]["lead_words"], "自然资源部门");
    assert!(geology["why"]["topic_words"].as_array().is_some_and(|w| w.iter().any(|x| x == "地质灾害")), "{geology}");
    // The date line says June 3 without a year: the latest June 3 up to today, whose flood season ends September 30.
    let deadline = geology["deadline"].as_str().expect("deadline");
    assert!(deadline.ends_with("-09-30"), "{deadline}");
    assert!(geology["deadline_note"].as_str().is_some_and(|n| n.contains("汛期结束前")), "{geology}");
    let school = &drafts[1];
    assert_eq!(school["lead_function"], "education");
    assert_eq!(school["why"]["lead_basis"], "keyword");
    assert_eq!(school["why"]["lead_words"], "学校");
    assert_eq!(school["why"]["subject"], "学校");
}

#[tokio::test]
async fn a_lead_the_secretariat_gives_to_another_line_of_work_becomes_a_candidate_rule() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jj-secretariat").await;
    let answer = secretariat
        .post("/api/v1/drafts", json!({ "minutes": FLOOD_ZH, "meeting_date": "2024-05-20", "save": true }))
        .await
        .expect(200);
    let saved = answer["saved"].as_array().expect("saved");
    let scenic = saved.iter().find(|d| d["body"].as_str().is_some_and(|b| b.contains("景区"))).expect("scenic draft");
    assert_eq!(scenic["suggested_units"]["lead_function"], "culture_tourism");
    assert_eq!(scenic["suggested_units"]["subject"], Value::Null, "要加强旅游景区管理 has no subject");
    let words = scenic["suggested_units"]["lead_words"].as_str().expect("the keyword behind the lead").to_string();
    assert!(scenic["body"].as_str().is_some_and(|b| b.contains(&words)), "{scenic}");
    // The secretariat gives the scenic areas to a unit suggested for another line of work.
    let other = saved
        .iter()
        .find(|d| {
            d["suggested_units"]["lead_unit_id"].is_i64() && d["suggested_units"]["lead_function"] != "culture_tourism"
        })
        .expect("a draft led by another line of work");
    let water = other["suggested_units"]["lead_unit_id"].as_i64().expect("unit");
    let other_function = other["suggested_units"]["lead_function"].as_str().expect("function").to_string();
    let id = scenic["id"].as_i64().expect("id");
    let issued = secretariat
        .post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": scenic["version"] }))
        .await
        .expect(200);
    assert_eq!(issued["id"].as_i64(), Some(id));
    secretariat
        .post(
            &format!("/api/v1/directives/{id}/assignments"),
            json!({ "lead_unit_id": water, "cooperating_unit_ids": [] }),
        )
        .await
        .expect(201);

    let learned = duban::services::drafts::learned_rules(&app.ctx, 10).await.expect("learned");
    assert_eq!(learned.len(), 1, "only the corrected draft counts: {learned:?}");
    assert_eq!(learned[0].count, 1);
    assert_eq!(learned[0].rule.keyword, words);
    assert_eq!(learned[0].rule.lead_function, Some(other_function));
    assert_eq!(learned[0].rule.category.as_str(), "crowd_safety");
}

/// The unit with `key`, as the admin API shows it.
async fn unit_by_key(app: &TestApp, key: &str) -> duban::entities::units::Model {
    duban::store::units::find_by_key(&app.ctx.db, key).await.expect("read").expect("unit")
}

#[tokio::test]
async fn a_unit_alias_added_through_the_api_changes_the_suggested_unit_on_the_next_draft() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.as_user("admin").await;
    let secretariat = app.as_user("jx-secretariat").await;
    let hukou = unit_by_key(&app, "jj-hukou-yj").await;
    let minutes = "会议要求：\n1. 湖口应急局要在5月31日前完成尾矿库隐患复查。";

    // Before: "应急局" is only a line of work in the compiled table, and its first unit is suggested.
    let before = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    let draft = &before["drafts"][0];
    assert_eq!(draft["lead_function"], "emergency_management");
    assert_eq!(draft["why"]["lead_basis"], "named_department");
    assert_ne!(draft["lead_unit"]["key"], "jj-hukou-yj", "{draft}");

    let edit = json!({
        "name_zh": hukou.name_zh, "name_en": hukou.name_en, "function": hukou.function,
        "email": hukou.email, "head_email": hukou.head_email,
        "short_name": "湖口县应急局", "aliases": ["湖口应急局", " the Hukou EMB "],
    });
    let unit = admin.put(&format!("/api/v1/units/{}", hukou.id), edit.clone()).await.expect(200);
    assert_eq!(unit["short_name"], "湖口县应急局");
    assert_eq!(unit["aliases"], json!(["湖口应急局", "the Hukou EMB"]));
    assert_eq!(admin.get(&format!("/api/v1/units/{}", hukou.id)).await.expect(200)["aliases"], unit["aliases"]);
    let mut blank = edit.clone();
    blank["aliases"] = json!(["  "]);
    admin.put(&format!("/api/v1/units/{}", hukou.id), blank).await.expect_problem(422, "aliases");
    secretariat.put(&format!("/api/v1/units/{}", hukou.id), edit).await.expect(403);

    // After: the tree's own name wins over the table, and says so.
    let after = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    let draft = &after["drafts"][0];
    assert_eq!(draft["lead_unit"]["key"], "jj-hukou-yj", "{draft}");
    assert_eq!(draft["why"]["lead_basis"], "unit");
    assert_eq!(draft["why"]["lead_words"], "湖口应急局");
    assert_eq!(draft["confidence"], "high");
    assert_eq!(draft["check_lead"], false);
    let english = "The meeting decided as follows.\n1. The Hukou EMB shall inspect every tailings pond by 31 May.";
    let en = secretariat.post("/api/v1/drafts", json!({ "minutes": english })).await.expect(200);
    assert_eq!(en["drafts"][0]["lead_unit"]["key"], "jj-hukou-yj", "{en}");
}

#[tokio::test]
async fn a_lead_found_only_by_topic_is_marked_for_checking_and_comes_first_on_the_meeting_page() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    // The first names its unit; the second has only a topic (gas), the third nothing at all.
    let minutes =
        "会议要求：\n1. 市教育局要在6月30日前完成校舍安全排查。\n2. 要加强燃气管道巡查。\n3. 要做好各项工作的统筹。";
    let answer = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    let confidence: Vec<&str> =
        answer["drafts"].as_array().expect("drafts").iter().filter_map(|d| d["confidence"].as_str()).collect();
    assert_eq!(confidence, vec!["high", "low", "guess"], "{answer}");
    let checks: Vec<bool> =
        answer["drafts"].as_array().expect("drafts").iter().filter_map(|d| d["check_lead"].as_bool()).collect();
    assert_eq!(checks, vec![false, true, true]);

    let meeting = secretariat
        .post(
            "/api/v1/meetings",
            json!({ "title_zh": "校舍与燃气安全会议", "title_en": "School and gas safety", "held_on": "2026-06-01", "minutes": minutes }),
        )
        .await
        .expect(201)["id"]
        .clone();
    secretariat.post("/api/v1/drafts", json!({ "meeting_id": meeting, "save": true })).await.expect(200);
    let browser = app.browse_as("jx-secretariat", duban::services::demo::DEMO_PASSWORD).await;
    let answer = browser.get(format!("{}/meetings/{meeting}", app.address)).send().await.expect("page");
    assert_eq!(answer.status().as_u16(), 200);
    let html = answer.text().await.expect("body");
    // The drafts, after the minutes shown beside them.
    let page = &html[html.find("id=\"directive-").expect("a draft is shown")..];
    let guess = page.find("做好各项工作的统筹").expect("the guess is shown");
    let gas = page.find("加强燃气管道巡查").expect("the gas draft is shown");
    let school = page.find("校舍安全排查").expect("the school draft is shown");
    assert!(guess < gas && gas < school, "least sure first");
    let marks = page.matches("请核对牵头单位").count() + page.matches("Check the lead unit").count();
    assert_eq!(marks, 2, "the two unsure drafts are marked");
}

#[tokio::test]
async fn the_department_names_are_in_the_database_and_an_admin_edits_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.as_user("admin").await;
    let secretariat = app.as_user("jx-secretariat").await;
    // Installed from assets/drafting/departments.tsv into the empty table.
    let names = secretariat.get("/api/v1/department-names").await.expect(200);
    let list = names.as_array().expect("list");
    assert!(list.len() > 200, "{}", list.len());
    assert!(list.iter().any(|n| n["name"] == "住建部门" && n["function"] == "housing_construction"));

    let minutes = "会议要求：\n1. 城投集团要在6月30日前完成老旧燃气管网改造。";
    let before = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    assert_ne!(before["drafts"][0]["why"]["lead_basis"], "named_department", "{before}");

    let name = json!({ "name": "城投集团", "function": "urban_management" });
    let created = admin.post("/api/v1/department-names", name.clone()).await.expect(201);
    admin.post("/api/v1/department-names", name.clone()).await.expect(409);
    secretariat.post("/api/v1/department-names", name.clone()).await.expect(403);
    admin
        .post("/api/v1/department-names", json!({ "name": "某公司", "function": "weather_magic" }))
        .await
        .expect_problem(422, "function");

    let after = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    let draft = &after["drafts"][0];
    assert_eq!(draft["lead_function"], "urban_management", "{draft}");
    assert_eq!(draft["why"]["lead_basis"], "named_department");
    assert_eq!(draft["why"]["lead_words"], "城投集团");

    let id = created["id"].as_i64().expect("id");
    let edited = admin
        .put(
            &format!("/api/v1/department-names/{id}"),
            json!({ "name": "城投集团", "function": "housing_construction" }),
        )
        .await
        .expect(200);
    assert_eq!(edited["function"], "housing_construction");
    let again = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    assert_eq!(again["drafts"][0]["lead_function"], "housing_construction");
    admin.delete(&format!("/api/v1/department-names/{id}")).await.expect(204);
    admin.delete(&format!("/api/v1/department-names/{id}")).await.expect(404);
    let gone = secretariat.post("/api/v1/drafts", json!({ "minutes": minutes })).await.expect(200);
    assert_eq!(gone["drafts"][0], before["drafts"][0]);
}
