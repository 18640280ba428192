//! The tools of secretariats and admins, the organisation's upkeep, and the check that every
//! route of the API document has its row.

use super::{work::*, *};

/// The tools of secretariats and admins: drafting, the calendar, the keyword rules and the
/// department names.
pub(super) async fn tool_rows(w: &World) -> Vec<Row> {
    let day = (w.app.clock.now_utc() + Duration::days(40)).format("%Y-%m-%d").to_string();
    let holiday = json!({ "kind": "holiday", "name": "测试假日" });
    let rule = json!({ "keyword": "冰雪", "category": "road_traffic", "lead_function": "transport", "weight": 3 });
    let first_rule = w.client(Who::Assignee).get("/api/v1/keyword-rules").await.expect(200)[0]["id"]
        .as_i64()
        .expect("a default rule");
    let department = json!({ "name": "城投集团", "function": "housing_construction" });
    let first_name = w.client(Who::Assignee).get("/api/v1/department-names").await.expect(200)[0]["id"]
        .as_i64()
        .expect("a default department name");
    let minutes = json!({ "minutes": "会议要求，各地要加强冬季道路交通安全管理。", "meeting_date": "2026-11-20" });
    vec![
        row("draft from minutes", Call::Post("/api/v1/drafts".into(), minutes), [401, 403, 403, 403, 403, 403], &[]),
        row(
            "read the calendar",
            Call::Get(format!("/api/v1/calendar?from={day}&to={day}")),
            [401, 200, 200, 200, 200, 200],
            &[],
        ),
        row(
            "set a calendar day",
            Call::Put(format!("/api/v1/calendar/{day}"), holiday),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "clear a calendar day",
            Call::Delete(format!("/api/v1/calendar/{day}")),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row("list keyword rules", Call::Get("/api/v1/keyword-rules".into()), [401, 200, 200, 200, 200, 200], &[]),
        row(
            "add a keyword rule",
            Call::Post("/api/v1/keyword-rules".into(), rule.clone()),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "replace a keyword rule",
            Call::Put(format!("/api/v1/keyword-rules/{first_rule}"), rule),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row(
            "delete a keyword rule",
            Call::Delete(format!("/api/v1/keyword-rules/{first_rule}")),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row("list department names", Call::Get("/api/v1/department-names".into()), [401, 200, 200, 200, 200, 200], &[]),
        row(
            "add a department name",
            Call::Post("/api/v1/department-names".into(), department.clone()),
            [401, 403, 403, 403, 403, 403],
            &[],
        ),
        row(
            "replace a department name",
            Call::Put(format!("/api/v1/department-names/{first_name}"), department),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
        row(
            "delete a department name",
            Call::Delete(format!("/api/v1/department-names/{first_name}")),
            [401, 403, 403, 403, 403, 403],
            &[(Who::Assigner, 403)],
        ),
    ]
}

#[tokio::test]
async fn drafting_the_calendar_and_the_keyword_rules_are_refused_to_those_they_are_not_for() {
    let w = world().await;
    w.run(&tool_rows(&w).await).await;
}

/// The organisation's upkeep is for admins alone: every other caller is refused, and no unit,
/// account or audit event changes.
pub(super) async fn admin_rows(w: &World) -> Vec<Row> {
    let (unit, nanchang) = (w.app.unit("jj-hukou-e1").await, w.app.unit("nc").await);
    let user = w.client(Who::Assignee).user_id();
    let new_unit = json!({ "key": "jj-sl", "parent_id": w.app.unit("jj").await, "kind": "department",
        "level": "municipal", "name_zh": "九江市水利局", "name_en": "Jiujiang Water Resources Bureau" });
    let new_user = json!({ "username": "intruder", "email": "i@example.org", "role": "admin", "unit_id": nanchang,
        "password": "a-long-password" });
    let others = [(Who::Assigner, 403), (Who::ProvinceLeader, 403), (Who::Assignee, 403)];
    vec![
        row("create a unit", Call::Post("/api/v1/units".into(), new_unit), [401, 403, 403, 403, 0, 403], &others),
        row(
            "rename a unit",
            Call::Put(format!("/api/v1/units/{unit}"), json!({ "name_zh": "改名", "name_en": "Renamed" })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "move a unit",
            Call::Post(format!("/api/v1/units/{unit}/move"), json!({ "parent_id": w.ruichang })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "deactivate a unit",
            Call::Post(format!("/api/v1/units/{unit}/deactivate"), json!({})),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row("list accounts", Call::Get("/api/v1/users".into()), [401, 403, 403, 403, 0, 403], &others),
        row("create an account", Call::Post("/api/v1/users".into(), new_user), [401, 403, 403, 403, 409, 403], &others),
        row(
            "move an account",
            Call::Post(format!("/api/v1/users/{user}/move"), json!({ "unit_id": nanchang })),
            [401, 403, 403, 403, 409, 403],
            &others,
        ),
        row(
            "deactivate an account",
            Call::Post(format!("/api/v1/users/{user}/deactivate"), json!({})),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "reset a password",
            Call::Post(format!("/api/v1/users/{user}/password"), json!({ "password": "taken-over-now" })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "rename a unit outside the city",
            Call::Put(format!("/api/v1/units/{nanchang}"), json!({ "name_zh": "改名", "name_en": "Renamed" })),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "list a unit's robots",
            Call::Get(format!("/api/v1/units/{unit}/robots")),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "add a robot",
            Call::Post(
                format!("/api/v1/units/{unit}/robots"),
                json!({ "kind": "wecom", "name": "群", "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" }),
            ),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
        row(
            "list the robots of a unit outside the city",
            Call::Get(format!("/api/v1/units/{nanchang}/robots")),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "change a robot",
            Call::Put("/api/v1/robots/999999".into(), json!({ "kind": "wecom", "name": "群" })),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row("remove a robot", Call::Delete("/api/v1/robots/999999".into()), [401, 403, 403, 403, 404, 403], &others),
        row("read the outbox", Call::Get("/api/v1/outbox".into()), [401, 403, 403, 403, 0, 403], &others),
        row(
            "retry a message",
            Call::Post("/api/v1/outbox/1/retry".into(), json!({})),
            [401, 403, 403, 403, 404, 403],
            &others,
        ),
        row(
            "retry messages in bulk",
            Call::Post("/api/v1/outbox/retry".into(), json!({ "statuses": ["dead"] })),
            [401, 403, 403, 403, 0, 403],
            &others,
        ),
    ]
}

#[tokio::test]
async fn units_and_accounts_are_managed_by_admins_alone() {
    let w = world().await;
    w.run(&admin_rows(&w).await).await;
    // What the rows leave to the city's administrator it does within the city, and no further.
    let city = w.client(Who::SubAdmin);
    let listed = city.get("/api/v1/users").await.expect(200);
    let names: Vec<&str> = listed.as_array().expect("users").iter().filter_map(|u| u["username"].as_str()).collect();
    assert!(names.contains(&"jj-yj") && names.contains(&"jj-ruichang-yj"), "{names:?}");
    assert!(!names.iter().any(|n| ["nc", "jx-secretariat", "admin"].contains(n)), "{names:?}");
    let unit = w.app.unit("jj-hukou-e1").await;
    city.put(&format!("/api/v1/units/{unit}"), json!({ "name_zh": "改名", "name_en": "Renamed" })).await.expect(200);
    city.get("/api/v1/outbox").await.expect(200);
}

/// Routes no caller can be refused: signing in is for everyone, and signing out ends only the
/// caller's own session.
const OPEN_TO_ALL: [(&str, &str); 2] = [("post", "/api/v1/session"), ("delete", "/api/v1/session")];

#[tokio::test]
async fn every_route_in_the_api_document_has_its_row_in_the_matrix() {
    let w = world().await;
    let mut rows = read_rows(&w).await;
    for more in [
        lifecycle_rows(&w).await,
        writing_rows(&w).await,
        access_rows(&w).await,
        tool_rows(&w).await,
        admin_rows(&w).await,
    ] {
        rows.extend(more);
    }
    let covered: std::collections::BTreeSet<(&str, String)> = rows.iter().map(|r| r.call.route()).collect();
    let doc = w.app.anonymous().get("/api/openapi.json").await.expect(200);
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            let route = (method.as_str(), path.clone());
            if !covered.iter().any(|(m, p)| *m == route.0 && *p == route.1)
                && !OPEN_TO_ALL.contains(&(route.0, path.as_str()))
            {
                missing.push(format!("{} {}", method.to_uppercase(), path));
            }
        }
    }
    assert!(missing.is_empty(), "routes with no row in the authorization matrix: {missing:?}");
}
