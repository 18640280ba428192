//! The admin pages, rendered for the roles that may see them and refused to the others; each
//! form does what it says (checked through the store or the JSON API), and a form without its
//! CSRF token changes nothing.

use duban::{
    domain::vocabulary::{Locale, NotificationStatus},
    entities,
    services::{calendar, demo::DEMO_PASSWORD, outbox},
    store::{self, notifications::NewNotification, notifications::Settle},
};

use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{NowUtc, TestApp, hidden_field, spawn_demo};

/// A signed-in browser on the app.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Browser<'a> {
    async fn new(app: &'a TestApp, username: &str) -> Browser<'a> {
        Browser { app, client: app.browse_as(username, DEMO_PASSWORD).await }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let answer = self.client.get(format!("{}{path}", self.app.address)).send().await.expect("request");
        (answer.status().as_u16(), answer.text().await.expect("body"))
    }

    async fn page(&self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, 200, "{path}: {html}");
        html
    }

    async fn csrf(&self) -> String {
        hidden_field(&self.page("/admin/units").await, "csrf")
    }

    /// Posts a form with the session's token; returns the status and where it leads.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend_from_slice(fields);
        self.send(path, &form).await
    }

    async fn send(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let answer = self.client.post(format!("{}{path}", self.app.address)).form(form).send().await.expect("post");
        let status = answer.status().as_u16();
        let location = answer.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = answer.text().await.expect("body");
        (status, if status == 303 { location } else { body })
    }

    /// Posts a file upload whose first field is `csrf` (when given).
    async fn upload(&self, path: &str, csrf: Option<&str>, text: &str) -> (u16, String) {
        let mut form = reqwest::multipart::Form::new();
        if let Some(csrf) = csrf {
            form = form.text("csrf", csrf.to_owned());
        }
        let file =
            reqwest::multipart::Part::text(text.to_owned()).file_name("file.csv").mime_str("text/csv").expect("mime");
        form = form.part("file", file);
        let answer =
            self.client.post(format!("{}{path}", self.app.address)).multipart(form).send().await.expect("upload");
        let status = answer.status().as_u16();
        let location = answer.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = answer.text().await.expect("body");
        (status, if status == 303 { location } else { body })
    }
}

/// The forms of a page: each `<form method="post" action=…>` with the names of its fields, in
/// order of appearance.
fn forms(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for chunk in html.split("<form ").skip(1) {
        let (tag, rest) = chunk.split_once('>').unwrap_or_default();
        if !tag.contains("method=\"post\"") {
            continue;
        }
        let action = tag.split("action=\"").nth(1).and_then(|a| a.split('"').next()).unwrap_or_default().to_owned();
        let body = rest.split("</form>").next().unwrap_or_default();
        let mut names: Vec<String> =
            body.split(" name=\"").skip(1).filter_map(|n| n.split('"').next()).map(str::to_owned).collect();
        names.dedup();
        found.push((action, names));
    }
    found
}

/// A form written out by hand: where it posts, and the names of its fields in order.
type Form = (String, &'static [&'static str]);

/// Asserts that the page has a form posting to `action` with exactly these fields.
fn assert_form(path: &str, html: &str, action: &str, fields: &[&str]) {
    let all = forms(html);
    let form =
        all.iter().find(|(a, _)| a == action).unwrap_or_else(|| panic!("{path}: no form to {action} in {all:?}"));
    assert_eq!(form.1, fields, "{path}: the fields of the form to {action}");
}

async fn unit(app: &TestApp, key: &str) -> Option<duban::entities::units::Model> {
    store::units::find_by_key(&app.ctx.db, key).await.expect("query")
}

#[tokio::test]
async fn every_admin_page_renders_for_the_admin_in_both_languages_and_is_refused_to_the_others() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let jj = app.unit("jj").await;
    let officer = store::users::find_by_username(&app.ctx.db, "jj-yj").await.expect("query").expect("user").id;
    let rule = store::keyword_rules::all(&app.ctx.db).await.expect("rules")[0].0;
    // A dead message, so that the outbox offers its retry.
    duban::services::escalation::sweep(&app.ctx).await.expect("sweep");
    let message = entities::notifications::Entity::find().one(&app.ctx.db).await.expect("q").expect("a message");
    let mut dead: entities::notifications::ActiveModel = message.clone().into();
    dead.status = sea_orm::Set(NotificationStatus::Dead);
    sea_orm::ActiveModelTrait::update(dead, &app.ctx.db).await.expect("dead");
    let policy = entities::escalation_policies::Entity::find().one(&app.ctx.db).await.expect("q").expect("policy").id;
    let rule_fields: &'static [&'static str] =
        &["csrf", "keyword", "category", "lead_function", "weight", "cooperating_functions"];
    let day_fields: &'static [&'static str] = &["csrf", "day", "kind", "name"];
    // The forms each page must offer, written out by hand: where they post and what they send.
    let expected: Vec<(String, Vec<Form>)> = vec![
        (
            "/admin/units".into(),
            vec![
                (
                    "/admin/units".into(),
                    &[
                        "csrf",
                        "parent_id",
                        "key",
                        "name_zh",
                        "name_en",
                        "kind",
                        "level",
                        "function",
                        "email",
                        "head_email",
                        "short_name",
                        "aliases",
                        "doc_prefix",
                    ],
                ),
                ("/admin/units/import".into(), &["csrf", "file"]),
            ],
        ),
        (
            format!("/admin/units/{jj}"),
            vec![
                (
                    format!("/admin/units/{jj}"),
                    &[
                        "csrf",
                        "name_zh",
                        "name_en",
                        "function",
                        "email",
                        "head_email",
                        "short_name",
                        "aliases",
                        "doc_prefix",
                    ],
                ),
                (format!("/admin/units/{jj}/move"), &["csrf", "parent_id"]),
                (format!("/admin/units/{jj}/deactivate"), &["csrf", "confirm"]),
            ],
        ),
        (
            "/admin/users".into(),
            vec![(
                "/admin/users".into(),
                &["csrf", "username", "display_name", "email", "role", "unit_id", "locale", "password"],
            )],
        ),
        (
            format!("/admin/users/{officer}"),
            vec![
                (format!("/admin/users/{officer}/move"), &["csrf", "unit_id"]),
                (format!("/admin/users/{officer}/password"), &["csrf", "password"]),
                (format!("/admin/users/{officer}/deactivate"), &["csrf", "confirm"]),
            ],
        ),
        ("/admin/rules".into(), vec![("/admin/rules".into(), rule_fields)]),
        (
            format!("/admin/rules/{rule}"),
            vec![(format!("/admin/rules/{rule}"), rule_fields), (format!("/admin/rules/{rule}/delete"), &["csrf"])],
        ),
        (
            "/admin/escalation".into(),
            vec![(format!("/admin/escalation/{policy}/steps"), &["csrf", "offset_days", "audience", "template"])],
        ),
        (
            "/admin/calendar".into(),
            vec![("/admin/calendar".into(), day_fields), ("/admin/calendar/import".into(), &["csrf", "file"])],
        ),
        ("/admin/calendar?year=2027".into(), vec![("/admin/calendar".into(), day_fields)]),
        ("/admin/outbox".into(), vec![(format!("/admin/outbox/{}/retry", message.id), &["csrf"])]),
    ];
    let paths = [
        "/admin/units".to_owned(),
        format!("/admin/units/{jj}"),
        "/admin/users".to_owned(),
        format!("/admin/users/{officer}"),
        "/admin/rules".to_owned(),
        format!("/admin/rules/{rule}"),
        "/admin/escalation".to_owned(),
        "/admin/calendar".to_owned(),
        "/admin/calendar?year=2027".to_owned(),
        "/admin/outbox".to_owned(),
    ];
    for path in &paths {
        let sep = if path.contains('?') { '&' } else { '?' };
        let zh = admin.page(&format!("{path}{sep}lang=zh")).await;
        let en = admin.page(&format!("{path}{sep}lang=en")).await;
        assert!(zh.contains("lang=\"zh-CN\""), "{path} in Chinese");
        assert!(en.contains("lang=\"en\""), "{path} in English");
        let (_, wanted) = expected.iter().find(|(p, _)| p == path).expect("forms written for every page");
        for (action, fields) in wanted {
            assert_form(path, &zh, action, fields);
            assert_form(path, &en, action, fields);
        }
    }
    assert!(admin.page("/admin/units?lang=zh").await.contains("九江市人民政府"));
    assert!(admin.page("/admin/units?lang=en").await.contains("Jiujiang Municipal Government"));
    assert!(admin.page("/admin/escalation?lang=zh").await.contains("办结时限前 3 个工作日"));
    assert!(admin.page("/admin/escalation?lang=en").await.contains("3 working days before the deadline"));
    for username in ["jx-secretariat", "jj-yj"] {
        let other = Browser::new(&app, username).await;
        for path in &paths {
            let (status, html) = other.get(path).await;
            assert_eq!(status, 403, "{username} on {path}");
            assert!(html.contains("403"), "the error page");
        }
    }
}

#[tokio::test]
async fn a_unit_is_created_moved_and_deactivated_through_the_pages_and_its_name_is_escaped() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let jj = app.unit("jj").await.to_string();
    let nc = app.unit("nc").await;
    let fields = [
        ("parent_id", jj.as_str()),
        ("key", "jj-test"),
        ("name_zh", "<script>alert(1)</script>测试局"),
        ("name_en", "Test bureau"),
        ("kind", "department"),
        ("level", "municipal"),
        ("function", ""),
        ("email", ""),
        ("head_email", "head@test.example"),
        ("short_name", "九江测试局"),
        ("aliases", "测试一局\n测试二局"),
        ("doc_prefix", "浔测"),
    ];
    // Without the token nothing is created.
    let (status, _) = admin.send("/admin/units", &fields).await;
    assert_eq!(status, 403);
    assert!(unit(&app, "jj-test").await.is_none());

    let (status, location) = admin.post("/admin/units", &fields).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.contains("notice=notice-admin-unit-created"));
    let created = unit(&app, "jj-test").await.expect("created");
    assert_eq!(created.parent_id, Some(app.unit("jj").await));
    assert_eq!(created.head_email.as_deref(), Some("head@test.example"));
    assert_eq!(created.short_name.as_deref(), Some("九江测试局"), "the short name, given at creation");
    assert_eq!(created.aliases, "测试一局\n测试二局", "the aliases, one a line");
    assert_eq!(created.doc_prefix.as_deref(), Some("浔测"), "the 文号 prefix, given at creation");
    let html = admin.page(&location).await;
    assert!(html.contains("单位已新增"), "the notice");
    for page in [admin.page("/admin/units").await, html] {
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;测试局"));
        assert!(!page.contains("<script>alert"));
    }

    // Moved under Nanchang.
    let path = format!("/admin/units/{}/move", created.id);
    let (status, _) = admin.send(&path, &[("parent_id", &nc.to_string())]).await;
    assert_eq!(status, 403);
    assert_eq!(unit(&app, "jj-test").await.expect("unit").parent_id, Some(app.unit("jj").await));
    let (status, location) = admin.post(&path, &[("parent_id", &nc.to_string())]).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(unit(&app, "jj-test").await.expect("unit").parent_id, Some(nc));

    // Deactivated only once the box is ticked.
    let path = format!("/admin/units/{}/deactivate", created.id);
    let (status, html) = admin.post(&path, &[]).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("确认："), "the field, in the page's language: {html}");
    let (status, _) = admin.send(&path, &[("confirm", "yes")]).await;
    assert_eq!(status, 403);
    assert!(unit(&app, "jj-test").await.expect("unit").active);
    let (status, _) = admin.post(&path, &[("confirm", "yes")]).await;
    assert_eq!(status, 303);
    assert!(!unit(&app, "jj-test").await.expect("unit").active);

    // Edited through its page.
    let (status, _) = admin
        .post(&format!("/admin/units/{}", created.id), &[("name_zh", "测试局"), ("name_en", "Test bureau 2")])
        .await;
    assert_eq!(status, 303);
    let edited = unit(&app, "jj-test").await.expect("unit");
    assert_eq!((edited.name_zh.as_str(), edited.name_en.as_str()), ("测试局", "Test bureau 2"));
    assert_eq!(edited.head_email, None, "a field left empty is cleared");
}

#[tokio::test]
async fn a_units_file_is_checked_first_then_imported() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let csrf = admin.csrf().await;
    let file = "key,parent,kind,level,name_zh,name_en\n\
                jj-new,jj,department,municipal,九江市新设局,Jiujiang New Bureau\n\
                jj-hukou,nc,government,county,湖口县人民政府,Hukou County Government\n";
    // Without the token first, nothing is read.
    let (status, _) = admin.upload("/admin/units/import", None, file).await;
    assert_eq!(status, 403);
    let (status, _) = admin.upload("/admin/units/import", Some("forged"), file).await;
    assert_eq!(status, 403);

    let (status, html) = admin.upload("/admin/units/import", Some(&csrf), file).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("jj-new") && html.contains("新增"), "the unit to add");
    assert!(html.contains("jj-hukou") && html.contains("调整隶属"), "the unit to move");
    assert!(html.contains("parent: jj → nc"), "what changes");
    assert!(unit(&app, "jj-new").await.is_none(), "the dry run changes nothing");
    assert_eq!(unit(&app, "jj-hukou").await.expect("unit").parent_id, Some(app.unit("jj").await));

    // A units file describes the whole tree: an administrator of a city may not load one.
    let city = Browser::new(&app, "jj-admin").await;
    let city_csrf = city.csrf().await;
    let (status, _) = city.upload("/admin/units/import", Some(&city_csrf), file).await;
    assert_eq!(status, 403);
    let (status, _) = city.post("/admin/units/import/apply", &[("text", file)]).await;
    assert_eq!(status, 403);

    let (status, _) = admin.send("/admin/units/import/apply", &[("text", file)]).await;
    assert_eq!(status, 403);
    assert!(unit(&app, "jj-new").await.is_none());
    let (status, location) = admin.post("/admin/units/import/apply", &[("text", file)]).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.contains("notice-admin-units-imported"));
    assert_eq!(unit(&app, "jj-new").await.expect("added").parent_id, Some(app.unit("jj").await));
    assert_eq!(unit(&app, "jj-hukou").await.expect("unit").parent_id, Some(app.unit("nc").await));
    crate::helpers::assert_tree_consistent(&app.ctx.db).await;

    // A bad file is refused naming its line, and changes nothing.
    let (status, html) = admin
        .upload(
            "/admin/units/import",
            Some(&csrf),
            "key,parent,kind,level,name_zh,name_en\nx,nowhere,department,municipal,甲,A\n",
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("文件："), "the field, in the page's language: {html}");
    assert!(unit(&app, "x").await.is_none());
}

#[tokio::test]
async fn an_account_is_created_moved_its_password_reset_and_deactivated_through_the_pages() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let jj_yj = app.unit("jj-yj").await.to_string();
    let fields = [
        ("username", "jj-new-officer"),
        ("display_name", "新科员 <b>"),
        ("email", "new@test.example"),
        ("role", "officer"),
        ("unit_id", jj_yj.as_str()),
        ("locale", "en"),
        ("password", "first-password"),
    ];
    let (status, _) = admin.send("/admin/users", &fields).await;
    assert_eq!(status, 403);
    assert!(store::users::find_by_username(&app.ctx.db, "jj-new-officer").await.expect("query").is_none());
    let (status, location) = admin.post("/admin/users", &fields).await;
    assert_eq!(status, 303, "{location}");
    let user = store::users::find_by_username(&app.ctx.db, "jj-new-officer").await.expect("query").expect("created");
    assert_eq!((user.unit_id, user.locale), (app.unit("jj-yj").await, Locale::En));
    let html = admin.page("/admin/users").await;
    assert!(html.contains("新科员 &lt;b&gt;") && !html.contains("新科员 <b>"));
    app.browse_as("jj-new-officer", "first-password").await;

    let path = format!("/admin/users/{}", user.id);
    admin.page(&path).await;
    let (status, _) = admin.post(&format!("{path}/password"), &[("password", "second-password")]).await;
    assert_eq!(status, 303);
    app.browse_as("jj-new-officer", "second-password").await;
    let (status, _) = admin.send(&format!("{path}/password"), &[("password", "third-password")]).await;
    assert_eq!(status, 403, "no token, no new password");
    app.browse_as("jj-new-officer", "second-password").await;

    let xf = app.unit("jj-xf").await;
    let (status, _) = admin.post(&format!("{path}/move"), &[("unit_id", &xf.to_string())]).await;
    assert_eq!(status, 303);
    assert_eq!(store::users::get(&app.ctx.db, user.id).await.expect("user").unit_id, xf);

    let (status, _) = admin.post(&format!("{path}/deactivate"), &[("confirm", "yes")]).await;
    assert_eq!(status, 303);
    assert!(!store::users::get(&app.ctx.db, user.id).await.expect("user").active);
}

#[tokio::test]
async fn a_keyword_rule_is_added_edited_and_deleted_through_the_pages() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let api = app.as_user("admin").await;
    let fields = [
        ("keyword", "冰雪路面"),
        ("category", "road_traffic"),
        ("lead_function", "traffic_police"),
        ("cooperating_functions", "transport"),
        ("cooperating_functions", "emergency_management"),
        ("weight", "40"),
    ];
    let count = |rules: &serde_json::Value| {
        rules.as_array().expect("rules").iter().filter(|r| r["keyword"] == "冰雪路面").count()
    };
    let (status, _) = admin.send("/admin/rules", &fields).await;
    assert_eq!(status, 403);
    assert_eq!(count(&api.get("/api/v1/keyword-rules").await.expect(200)), 0);
    let (status, location) = admin.post("/admin/rules", &fields).await;
    assert_eq!(status, 303, "{location}");
    let rules = api.get("/api/v1/keyword-rules").await.expect(200);
    let rule = rules.as_array().expect("rules").iter().find(|r| r["keyword"] == "冰雪路面").expect("added").clone();
    assert_eq!(rule["lead_function"], "traffic_police");
    assert_eq!(rule["cooperating_functions"], serde_json::json!(["transport", "emergency_management"]));
    assert!(admin.page("/admin/rules").await.contains("冰雪路面"));

    let path = format!("/admin/rules/{}", rule["id"]);
    let edit = [("keyword", "冰雪路面"), ("category", "road_traffic"), ("lead_function", ""), ("weight", "60")];
    let (status, _) = admin.post(&path, &edit).await;
    assert_eq!(status, 303);
    let rules = api.get("/api/v1/keyword-rules").await.expect(200);
    let rule = rules.as_array().expect("rules").iter().find(|r| r["keyword"] == "冰雪路面").expect("kept").clone();
    assert_eq!((rule["weight"].as_i64(), rule["lead_function"].is_null()), (Some(60), true));

    let (status, _) = admin.send(&format!("{path}/delete"), &[]).await;
    assert_eq!(status, 403);
    let (status, _) = admin.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(count(&api.get("/api/v1/keyword-rules").await.expect(200)), 0);
}

#[tokio::test]
async fn calendar_days_are_marked_removed_and_imported_through_the_pages() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    let year = |y| {
        (
            chrono::NaiveDate::from_ymd_opt(y, 1, 1).expect("date"),
            chrono::NaiveDate::from_ymd_opt(y, 12, 31).expect("date"),
        )
    };
    let (from, to) = year(2027);
    let marked = || async { calendar::list(&app.ctx, from, to).await.expect("list") };
    let fields = [("day", "2027-01-04"), ("kind", "holiday"), ("name", "<i>测试</i>假日")];
    let (status, _) = admin.send("/admin/calendar", &fields).await;
    assert_eq!(status, 403);
    assert!(marked().await.is_empty());
    let (status, location) = admin.post("/admin/calendar", &fields).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(location, "/admin/calendar?year=2027&notice=notice-admin-day-saved");
    assert_eq!(marked().await.iter().map(|d| d.day).collect::<Vec<_>>(), vec![day]);
    let html = admin.page(&location).await;
    assert!(html.contains("&lt;i&gt;测试&lt;/i&gt;假日") && html.contains("星期一"));

    // A holiday on a Saturday would change nothing: refused.
    let (status, _) = admin.post("/admin/calendar", &[("day", "2027-01-02"), ("kind", "holiday"), ("name", "x")]).await;
    assert_eq!(status, 409);

    let (status, _) = admin.post("/admin/calendar/2027-01-04/delete", &[]).await;
    assert_eq!(status, 303);
    assert!(marked().await.is_empty());

    let csrf = admin.csrf().await;
    let file = "day,kind,name\n2027-01-01,holiday,元旦\n2027-01-09,workday,调休\n";
    let (status, _) = admin.upload("/admin/calendar/import", None, file).await;
    assert_eq!(status, 403);
    assert!(marked().await.is_empty());
    let (status, location) = admin.upload("/admin/calendar/import", Some(&csrf), file).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(marked().await.len(), 2);
    assert!(admin.page("/admin/calendar?year=2027&lang=en").await.contains("Make-up working day"));
}

#[tokio::test]
async fn a_step_is_added_to_and_removed_from_an_escalation_ladder_through_the_pages() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let policy = entities::escalation_policies::Entity::find()
        .order_by_asc(entities::escalation_policies::Column::Id)
        .one(&app.ctx.db)
        .await
        .expect("policies")
        .expect("a policy")
        .id;
    let steps = || async {
        entities::escalation_steps::Entity::find()
            .order_by_asc(entities::escalation_steps::Column::PolicyId)
            .order_by_asc(entities::escalation_steps::Column::Position)
            .order_by_asc(entities::escalation_steps::Column::Id)
            .all(&app.ctx.db)
            .await
            .expect("steps")
    };
    let before = steps().await.len();
    let path = format!("/admin/escalation/{policy}/steps");
    let fields = [("offset_days", "14"), ("audience", "leader"), ("template", "escalation")];
    let (status, _) = admin.send(&path, &fields).await;
    assert_eq!(status, 403);
    assert_eq!(steps().await.len(), before);
    let (status, location) = admin.post(&path, &fields).await;
    assert_eq!(status, 303, "{location}");
    let added = steps().await.into_iter().find(|s| s.offset_days == 14).expect("added");
    assert!(admin.page("/admin/escalation").await.contains("超期 14 个工作日"));

    // An offset out of range or a template that is no step's is refused.
    let (status, _) =
        admin.post(&path, &[("offset_days", "99"), ("audience", "leader"), ("template", "escalation")]).await;
    assert_eq!(status, 422);
    let (status, _) = admin.post(&path, &[("offset_days", "1"), ("audience", "leader"), ("template", "welcome")]).await;
    assert_eq!(status, 422);
    assert_eq!(steps().await.len(), before + 1);

    let (status, _) = admin.post(&format!("/admin/escalation/steps/{}/delete", added.id), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(steps().await.len(), before);
    let history = store::audit::history(&app.ctx.db, "escalation_step", added.id).await.expect("audit");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "delete"], "both changes are in the audit trail");
}

#[tokio::test]
async fn a_dead_message_is_shown_in_the_outbox_and_retried_through_the_page() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let message = NewNotification {
        dedup_key: "pages-admin".into(),
        task_id: None,
        step_id: None,
        recipient_user_id: None,
        recipient_email: "gone@test.example".into(),
        template: "reminder".into(),
        locale: Locale::Zh,
        subject: "<b>提醒</b>".into(),
        body_text: "text".into(),
        body_html: "<p>html</p>".into(),
        channel: duban::domain::vocabulary::Channel::Email,
        robot_id: None,
    };
    store::notifications::insert_new(db, vec![message], now).await.expect("queued");
    let claimed = store::notifications::claim(db, "sender", now, now + outbox::LEASE, 1).await.expect("claim");
    let dead = claimed[0].id;
    let settle = Settle::Dead { attempts: outbox::MAX_ATTEMPTS, error: "550 mailbox unavailable".into() };
    assert!(store::notifications::settle(db, dead, "sender", settle).await.expect("settled"));

    let admin = Browser::new(&app, "admin").await;
    let html = admin.page("/admin/outbox").await;
    assert!(html.contains("gone@test.example") && html.contains("550 mailbox unavailable"));
    assert!(html.contains("&lt;b&gt;提醒&lt;/b&gt;"));
    assert!(html.contains(&format!("/admin/outbox/{dead}/retry")));

    let path = format!("/admin/outbox/{dead}/retry");
    let (status, _) = admin.send(&path, &[]).await;
    assert_eq!(status, 403);
    assert_eq!(store::notifications::get(db, dead).await.expect("row").status, NotificationStatus::Dead);
    let (status, location) = admin.post(&path, &[]).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(store::notifications::get(db, dead).await.expect("row").status, NotificationStatus::Pending);
    // Once back in line it cannot be retried again.
    let (status, _) = admin.post(&path, &[]).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_units_short_name_and_aliases_are_edited_on_its_page_one_alias_a_line() {
    let app = spawn_demo().await;
    let admin = Browser::new(&app, "admin").await;
    let zj = unit(&app, "jj-zj").await.expect("unit");
    let path = format!("/admin/units/{}", zj.id);
    let fields = [
        ("name_zh", zj.name_zh.as_str()),
        ("name_en", zj.name_en.as_str()),
        ("function", "housing_construction"),
        ("email", ""),
        ("head_email", ""),
        ("short_name", "市住建局"),
        ("aliases", "住建局\r\n\r\n<b>the housing bureau</b>\r\n"),
    ];
    let (status, location) = admin.post(&path, &fields).await;
    assert_eq!(status, 303, "{location}");
    let saved = unit(&app, "jj-zj").await.expect("unit");
    assert_eq!(saved.short_name.as_deref(), Some("市住建局"));
    assert_eq!(duban::domain::unit_names::from_stored(&saved.aliases), vec!["住建局", "<b>the housing bureau</b>"]);
    let html = admin.page(&path).await;
    assert!(html.contains("value=\"市住建局\""), "the short name is shown");
    assert!(
        html.contains("住建局\n&lt;b&gt;the housing bureau&lt;/b&gt;</textarea>"),
        "the aliases, one a line, escaped"
    );
}
