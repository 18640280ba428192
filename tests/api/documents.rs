//! 文号 and the printable sheets (issue 21, item 4): numbers from the issuing unit's prefix,
//! the year and a sequence per prefix and year, given at issue and never twice (also when
//! issues race); the 督办单 and 交办单 pages, A4, for whoever may see the directive or task.

use chrono::{Duration, TimeZone, Utc};
use duban::domain::vocabulary::Role;
use duban::entities::{audit_events, directives, units};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::helpers::{Client, NowUtc, TestApp, count_rows, spawn_demo};

/// Files a draft directive of the caller's unit, due in 30 days, and issues it; the issued
/// directive as the API answers.
async fn issue(app: &TestApp, client: &Client, title: &str) -> serde_json::Value {
    let draft = client.post("/api/v1/directives", draft_body(app, title)).await.expect(201);
    assert!(draft["doc_number"].is_null(), "a draft has no number: {draft}");
    let id = draft["id"].as_i64().expect("id");
    client.post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": draft["version"] })).await.expect(200)
}

fn draft_body(app: &TestApp, title: &str) -> serde_json::Value {
    json!({ "title_zh": title, "title_en": title, "body": "各地要全面排查", "category": "fire_safety",
        "priority": "normal", "deadline": (app.clock.now_utc() + Duration::days(30)).to_rfc3339() })
}

/// The demo's directives issued by the province office, in the order it issued them.
async fn province_directives(app: &TestApp) -> Vec<directives::Model> {
    let office = app.unit("jx-aw").await;
    directives::Entity::find()
        .filter(directives::Column::UnitId.eq(office))
        .order_by_asc(directives::Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("directives")
}

/// The admin's edit of the province office with a new 文号 prefix (a PUT names every field).
fn office_with_prefix(prefix: &str) -> serde_json::Value {
    json!({ "name_zh": "江西省安全生产委员会办公室", "name_en": "Jiangxi Provincial Work Safety Committee Office",
        "function": "general_office", "email": "office@jx-aw.gov.example", "head_email": "head@jx-aw.gov.example",
        "doc_prefix": prefix })
}

#[tokio::test]
async fn numbers_follow_the_prefix_and_the_year_one_two_three_and_a_new_year_starts_again_at_one() {
    let app = spawn_demo().await;
    // The demo's six directives were issued in October 2026 by an office whose prefix is 赣安办督.
    let demo = province_directives(&app).await;
    assert_eq!(demo.len(), 6);
    for (i, d) in demo.iter().enumerate() {
        assert_eq!(
            (d.doc_prefix.as_deref(), d.doc_year, d.doc_seq),
            (Some("赣安办督"), Some(2026), Some(i as i32 + 1))
        );
    }
    let province = app.as_user("jx-secretariat").await;
    let mut numbers = Vec::new();
    for title in ["秋冬季防火专项检查", "危化品企业复查", "燃气管网排查"] {
        numbers.push(issue(&app, &province, title).await["doc_number"].as_str().expect("a number").to_owned());
    }
    assert_eq!(numbers, ["赣安办督〔2026〕7号", "赣安办督〔2026〕8号", "赣安办督〔2026〕9号"]);

    // The admin gives the office another prefix: its sequence starts at 1; numbers given stay.
    let admin = app.as_user("admin").await;
    let office = app.unit("jx-aw").await;
    let unit = admin.put(&format!("/api/v1/units/{office}"), office_with_prefix("赣安委督")).await.expect(200);
    assert_eq!(unit["doc_prefix"], "赣安委督");
    assert_eq!(issue(&app, &province, "汛前检查").await["doc_number"], "赣安委督〔2026〕1号");
    let ninth = province_directives(&app).await[8].id;
    assert_eq!(
        province.get(&format!("/api/v1/directives/{ninth}")).await.expect(200)["doc_number"],
        "赣安办督〔2026〕9号"
    );

    // Back to the old prefix: its sequence goes on after 9, never reusing a number.
    admin.put(&format!("/api/v1/units/{office}"), office_with_prefix("赣安办督")).await.expect(200);
    assert_eq!(issue(&app, &province, "节前检查").await["doc_number"], "赣安办督〔2026〕10号");

    // A new year (in the configured zone: 1 January 2027 00:30 in Shanghai) starts at 1.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).single().expect("instant"));
    assert_eq!(issue(&app, &province, "元旦检查").await["doc_number"], "赣安办督〔2027〕1号");
    assert_eq!(issue(&app, &province, "春节检查").await["doc_number"], "赣安办督〔2027〕2号");

    // A unit without a prefix issues without a number.
    let city = app.as_user("jj-secretariat").await;
    admin.put(&format!("/api/v1/units/{}", app.unit("jj-aw").await), json!({
        "name_zh": "九江市安全生产委员会办公室", "name_en": "Jiujiang Work Safety Committee Office", "doc_prefix": "" }))
        .await
        .expect(200);
    assert!(issue(&app, &city, "市级检查").await["doc_number"].is_null());

    // A prefix that would garble the number is refused, naming the field; a city's admin
    // sets prefixes within its city only.
    admin
        .put(&format!("/api/v1/units/{office}"), office_with_prefix("赣安办督〔"))
        .await
        .expect_problem(422, "doc_prefix");
    let city_admin = app.as_user("jj-admin").await;
    city_admin.put(&format!("/api/v1/units/{office}"), office_with_prefix("浔")).await.expect(404);
}

#[tokio::test]
async fn a_unit_created_through_the_api_may_bring_its_prefix_and_a_bad_one_creates_nothing() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let admin = app.as_user("admin").await;
    let jj = app.unit("jj").await;
    let office = |prefix: &str| {
        json!({ "key": "jj-fx", "parent_id": jj, "kind": "secretariat", "level": "municipal",
            "name_zh": "九江市防汛抗旱指挥部办公室", "name_en": "Jiujiang Flood Control Office", "doc_prefix": prefix })
    };
    let before = (count_rows::<units::Entity>(db).await, count_rows::<audit_events::Entity>(db).await);
    for bad in ["浔防办〔2026〕", "浔防办号", "浔防\n办", &"浔".repeat(21)] {
        admin.post("/api/v1/units", office(bad)).await.expect_problem(422, "doc_prefix");
    }
    assert_eq!(
        (count_rows::<units::Entity>(db).await, count_rows::<audit_events::Entity>(db).await),
        before,
        "a refused unit is not created and nothing is audited"
    );

    let created = admin.post("/api/v1/units", office(" 浔防办 ")).await.expect(201);
    assert_eq!(created["doc_prefix"], "浔防办");
    let id = created["id"].as_i64().expect("id");
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("unit"))
        .filter(audit_events::Column::EntityId.eq(id))
        .all(db)
        .await
        .expect("events");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    assert!(audit[0].after.as_deref().is_some_and(|a| a.contains("\"doc_prefix\":\"浔防办\"")), "{:?}", audit[0].after);
    assert_eq!(admin.get(&format!("/api/v1/units/{id}")).await.expect(200)["doc_prefix"], "浔防办");

    // What it issues is numbered from its first day.
    app.add_demo_user("jj-fx-office", Role::Secretariat, "jj-fx").await;
    let clerk = app.as_user("jj-fx-office").await;
    assert_eq!(issue(&app, &clerk, "汛前检查").await["doc_number"], "浔防办〔2026〕1号");

    // Without the field (or blank) a unit has no prefix.
    let mut plain = office("");
    plain["key"] = json!("jj-fx2");
    assert!(admin.post("/api/v1/units", plain).await.expect(201)["doc_prefix"].is_null());
}

#[tokio::test]
async fn directives_issued_at_once_never_share_a_number() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    const N: usize = 12;
    let mut drafts = Vec::new();
    for i in 0..N {
        drafts.push(province.post("/api/v1/directives", draft_body(&app, &format!("并发下发{i}"))).await.expect(201));
    }
    let mut set = tokio::task::JoinSet::new();
    for draft in drafts {
        let province = province.clone();
        set.spawn(async move {
            let id = draft["id"].as_i64().expect("id");
            province.post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": draft["version"] })).await
        });
    }
    let mut numbers: Vec<String> = set
        .join_all()
        .await
        .into_iter()
        .map(|answer| answer.expect(200)["doc_number"].as_str().expect("a number").to_owned())
        .collect();
    numbers
        .sort_by_key(|n| n.trim_start_matches("赣安办督〔2026〕").trim_end_matches('号').parse::<u32>().expect("seq"));
    // After the demo's six: 7 to 18, each once.
    let expected: Vec<String> = (7..7 + N).map(|n| format!("赣安办督〔2026〕{n}号")).collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn the_sheets_print_the_number_the_lead_the_deadline_and_a_receipt_for_those_who_may_see_them() {
    let app = spawn_demo().await;
    // The demo's second directive (赣安办督〔2026〕2号): the city's emergency bureau leads it.
    let directive = province_directives(&app).await[1].clone();
    let get = |user: &'static str, path: String| {
        let app = &app;
        async move {
            let browser = app.browse_as(user, duban::services::demo::DEMO_PASSWORD).await;
            let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("page");
            (answer.status().as_u16(), answer.text().await.expect("body"))
        }
    };
    let (status, sheet) = get("jx-secretariat", format!("/directives/{}/sheet", directive.id)).await;
    assert_eq!(status, 200, "{sheet}");
    for words in
        ["督办单", "赣安办督〔2026〕2号", "九江市应急管理局", "签收回执", "签收单位", "江西省安全生产委员会办公室"]
    {
        assert!(sheet.contains(words), "the sheet holds {words}");
    }
    let deadline =
        duban::domain::format::datetime(duban::domain::vocabulary::Locale::Zh, app.ctx.zone(), directive.deadline);
    let lead = sheet.split("id=\"sheet-lead\"").nth(1).expect("the lead cell");
    assert!(lead.split("</td>").next().is_some_and(|c| c.contains("九江市应急管理局")), "{lead}");
    assert!(sheet.contains(&format!("id=\"sheet-deadline\">{deadline}<")), "the deadline {deadline}");
    // The directive page links to it and shows the number.
    let (_, page) = get("jx-secretariat", format!("/directives/{}", directive.id)).await;
    assert!(
        page.contains(&format!("href=\"/directives/{}/sheet\"", directive.id)) && page.contains("赣安办督〔2026〕2号")
    );
    // Nanchang has no part in it: 404, and nothing of it shown.
    let (status, refused) = get("nc", format!("/directives/{}/sheet", directive.id)).await;
    assert_eq!(status, 404);
    assert!(!refused.contains("赣安办督〔2026〕2号") && !refused.contains(&directive.title_zh));

    // The 交办单 of Hukou's enterprise task: the county bureau and the mayor read it, a sibling
    // county's bureau does not. In English too.
    let hukou = app.unit("jj-hukou-yj").await;
    let task = duban::entities::tasks::Entity::find()
        .filter(duban::entities::tasks::Column::AssigneeUnitId.eq(app.unit("jj-hukou-e2").await))
        .filter(duban::entities::tasks::Column::AssignerUnitId.eq(hukou))
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("task");
    let (status, sheet) = get("jj-hukou-yj", format!("/tasks/{}/sheet", task.id)).await;
    assert_eq!(status, 200);
    for words in ["交办单", "赣安办督〔2026〕2号", "湖口港区危险品仓储有限公司（示例）", "湖口县应急管理局", "签收回执"]
    {
        assert!(sheet.contains(words), "the task sheet holds {words}");
    }
    assert_eq!(get("jj-mayor", format!("/tasks/{}/sheet", task.id)).await.0, 200);
    assert_eq!(get("jj-ruichang-yj", format!("/tasks/{}/sheet", task.id)).await.0, 404);
    let (status, english) = get("jj-officer-en", format!("/directives/{}/sheet", directive.id)).await;
    assert_eq!(status, 200);
    assert!(english.contains("Supervision sheet") && english.contains("Acknowledgement of receipt"), "{english}");
    assert!(english.contains("赣安办督〔2026〕2号"));
}

#[tokio::test]
async fn the_directive_list_and_its_api_show_each_directives_number_and_search_finds_it_by_number() {
    let app = spawn_demo().await;
    let demo = province_directives(&app).await;
    let numbered: Vec<(i64, String)> =
        demo.iter().enumerate().map(|(i, d)| (d.id, format!("赣安办督〔2026〕{}号", i + 1))).collect();

    // The API's list carries the number of every directive that has one.
    let api = app.as_user("jx-secretariat").await;
    let listed = api.get("/api/v1/directives?per_page=200").await.expect(200);
    for (id, number) in &numbered {
        let item = listed["items"].as_array().expect("items").iter().find(|d| d["id"] == *id).expect("listed");
        assert_eq!(item["doc_number"], *number, "{item}");
    }

    // The list page shows it in each directive's row, in both languages; the county sees the
    // numbers of the directives that reached it too.
    let browser = app.browse_as("jx-secretariat", duban::services::demo::DEMO_PASSWORD).await;
    let get = |path: String| {
        let browser = browser.clone();
        let url = format!("{}{path}", app.address);
        async move {
            let answer = browser.get(url).send().await.expect("page");
            assert_eq!(answer.status().as_u16(), 200);
            answer.text().await.expect("body")
        }
    };
    for (lang, header) in [("zh", "文号"), ("en", "No.")] {
        let html = get(format!("/directives?lang={lang}")).await;
        assert!(html.contains(&format!("<th scope=\"col\">{header}</th>")), "{lang}: {html}");
        for (id, number) in &numbered {
            let row = html
                .split("<tr>")
                .find(|row| row.contains(&format!("href=\"/directives/{id}\"")))
                .unwrap_or_else(|| panic!("a row for directive {id} in {lang}"));
            assert!(row.contains(&format!(">{number}</td>")), "{lang}: {row}");
        }
    }
    let found = get("/directives?q=〔2026〕3号".to_owned()).await;
    assert!(found.contains(&format!("href=\"/directives/{}\"", numbered[2].0)), "{found}");
    for (id, _) in numbered.iter().filter(|(id, _)| *id != numbered[2].0) {
        assert!(!found.contains(&format!("href=\"/directives/{id}\"")), "only the third is found: {found}");
    }
    let page = get(format!("/directives/{}", numbered[1].0)).await;
    assert!(page.contains("<span id=\"doc-number\">赣安办督〔2026〕2号</span>"), "{page}");

    let county = app.browse_as("jj-hukou-yj", duban::services::demo::DEMO_PASSWORD).await;
    let html =
        county.get(format!("{}/directives", app.address)).send().await.expect("page").text().await.expect("body");
    assert!(html.contains(">赣安办督〔2026〕2号</td>"), "{html}");
}
