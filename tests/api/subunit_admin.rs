//! An administrator of a city (the demo's `jj-admin`) manages its own subtree and nothing
//! province-wide: the working-day calendar, keyword rules, escalation ladders, a units file
//! and `/metrics` are refused (403) and left as they were; the outbox shows, and retries, only
//! messages addressed within its subtree. The province's administrator does all of it.

use std::collections::{BTreeSet, HashMap};

use duban::{
    domain::vocabulary::NotificationStatus,
    entities::{calendar_days, escalation_steps, keyword_rules, notifications, units, users},
    services::{demo::DEMO_PASSWORD, escalation},
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, count_rows, hidden_field, spawn_demo};

/// The units at or below `top`, found by walking the parent links by hand.
async fn subtree_by_hand(app: &TestApp, top: i64) -> BTreeSet<i64> {
    let all = units::Entity::find().all(&app.ctx.db).await.expect("units");
    let parent: HashMap<i64, Option<i64>> = all.iter().map(|u| (u.id, u.parent_id)).collect();
    all.iter().map(|u| u.id).filter(|id| crate::helpers::at_or_below(&parent, *id, top)).collect()
}

/// Whether the outbox row is addressed within `subtree`: to an account of a unit there, or
/// to a unit's head mailbox there.
async fn addressed_within(app: &TestApp, subtree: &BTreeSet<i64>, id: i64) -> bool {
    let row = notifications::Entity::find_by_id(id).one(&app.ctx.db).await.expect("row").expect("exists");
    match row.recipient_user_id {
        Some(user) => {
            let user = users::Entity::find_by_id(user).one(&app.ctx.db).await.expect("user").expect("exists");
            subtree.contains(&user.unit_id)
        }
        None => units::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("units")
            .iter()
            .any(|u| subtree.contains(&u.id) && u.head_email.as_deref() == Some(row.recipient_email.as_str())),
    }
}

fn listed(outbox: &Value) -> Vec<i64> {
    outbox["messages"].as_array().expect("messages").iter().map(|m| m["id"].as_i64().expect("id")).collect()
}

#[tokio::test]
async fn a_city_admin_changes_no_setting_that_applies_to_everyone() {
    let app = spawn_demo().await;
    let city = app.as_user("jj-admin").await;
    let root = app.as_user("admin").await;
    let db = &app.ctx.db;
    let (days, rules, steps) = (
        count_rows::<calendar_days::Entity>(db).await,
        count_rows::<keyword_rules::Entity>(db).await,
        count_rows::<escalation_steps::Entity>(db).await,
    );
    let holiday = json!({ "kind": "holiday", "name": "九江自定假日" });
    city.put("/api/v1/calendar/2026-12-16", holiday.clone()).await.expect(403);
    let rule = json!({ "keyword": "九江山洪", "category": "flood_geological", "lead_function": null, "weight": 50 });
    city.post("/api/v1/keyword-rules", rule.clone()).await.expect(403);
    let existing = root.get("/api/v1/keyword-rules").await.expect(200)[0]["id"].as_i64().expect("a demo rule");
    city.put(&format!("/api/v1/keyword-rules/{existing}"), rule.clone()).await.expect(403);
    city.delete(&format!("/api/v1/keyword-rules/{existing}")).await.expect(403);
    // A day the root admin marked, the city's admin cannot unmark.
    root.put("/api/v1/calendar/2026-12-17", holiday.clone()).await.expect(200);
    city.delete("/api/v1/calendar/2026-12-17").await.expect(403);
    let metrics = city.http.get(format!("{}/metrics", app.address)).bearer_auth(city.bearer.as_deref().expect("token"));
    assert_eq!(metrics.send().await.expect("answer").status().as_u16(), 403);
    let metrics = root.http.get(format!("{}/metrics", app.address)).bearer_auth(root.bearer.as_deref().expect("token"));
    assert_eq!(metrics.send().await.expect("answer").status().as_u16(), 200);

    // The pages: the ladders, the calendar and a units file are refused in the same way.
    let browser = app.browse_as("jj-admin", DEMO_PASSWORD).await;
    let ladders = browser.get(format!("{}/admin/escalation", app.address)).send().await.expect("page");
    let html = ladders.text().await.expect("html");
    let csrf = hidden_field(&html, "csrf");
    let policy = escalation_steps::Entity::find().all(db).await.expect("steps")[0].clone();
    let posted = |path: String, form: Vec<(&'static str, String)>| {
        let browser = browser.clone();
        async move { browser.post(path).form(&form).send().await.expect("answer").status().as_u16() }
    };
    let with_csrf = |mut fields: Vec<(&'static str, String)>| {
        fields.push(("csrf", csrf.clone()));
        fields
    };
    let add_step = with_csrf(vec![
        ("offset_days", "1".into()),
        ("audience", "assignee_unit".into()),
        ("template", "overdue".into()),
    ]);
    assert_eq!(posted(format!("{}/admin/escalation/{}/steps", app.address, policy.policy_id), add_step).await, 403);
    assert_eq!(
        posted(format!("{}/admin/escalation/steps/{}/delete", app.address, policy.id), with_csrf(vec![])).await,
        403
    );
    let day = with_csrf(vec![("day", "2026-12-18".into()), ("kind", "holiday".into()), ("name", "假日".into())]);
    assert_eq!(posted(format!("{}/admin/calendar", app.address), day).await, 403);
    // Nor do its pages offer those forms; the root admin's do.
    for path in ["/admin/escalation", "/admin/calendar", "/admin/rules", "/admin/units"] {
        let html =
            browser.get(format!("{}{path}", app.address)).send().await.expect("page").text().await.expect("html");
        for form in
            ["/steps\"", "action=\"/admin/calendar\"", "action=\"/admin/rules\"", "action=\"/admin/units/import\""]
        {
            assert!(!html.contains(form), "{path} offers {form} to a city's admin");
        }
    }
    let root_browser = app.browse_as("admin", DEMO_PASSWORD).await;
    let calendar = root_browser.get(format!("{}/admin/calendar", app.address)).send().await.expect("page");
    assert!(calendar.text().await.expect("html").contains("action=\"/admin/calendar\""));

    assert_eq!(count_rows::<calendar_days::Entity>(db).await, days + 1, "only the root admin's day was added");
    assert_eq!(count_rows::<keyword_rules::Entity>(db).await, rules);
    assert_eq!(count_rows::<escalation_steps::Entity>(db).await, steps);
    // The root admin may.
    root.post("/api/v1/keyword-rules", rule).await.expect(201);
}

#[tokio::test]
async fn a_city_admin_sees_and_retries_only_the_messages_addressed_within_its_city() {
    let app = spawn_demo().await;
    escalation::sweep(&app.ctx).await.expect("sweep");
    let city = app.as_user("jj-admin").await;
    let root = app.as_user("admin").await;
    let jj = subtree_by_hand(&app, app.unit("jj").await).await;

    let everything = root.get("/api/v1/outbox").await.expect(200);
    let mine = city.get("/api/v1/outbox").await.expect(200);
    // Every message is pending after the sweep; the lists hold the oldest 200.
    let mut all_ids: Vec<i64> =
        notifications::Entity::find().all(&app.ctx.db).await.expect("rows").iter().map(|r| r.id).collect();
    all_ids.sort_unstable();
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    for id in &all_ids {
        if addressed_within(&app, &jj, *id).await { inside.push(*id) } else { outside.push(*id) }
    }
    assert!(!inside.is_empty() && !outside.is_empty(), "the demo writes to Jiujiang and elsewhere");
    let first = |ids: &[i64]| ids.iter().copied().take(200).collect::<Vec<_>>();
    assert_eq!(listed(&mine), first(&inside), "the city's admin lists exactly the messages addressed within the city");
    assert_eq!(listed(&everything), first(&all_ids));
    let pending = |view: &Value| view["counts"]["pending"].as_u64().expect("count");
    assert_eq!(pending(&mine), inside.len() as u64);
    assert_eq!(pending(&everything), all_ids.len() as u64);

    // A dead message outside the city is not found by its admin; one inside is retried.
    for id in [inside[0], outside[0]] {
        let row = notifications::Entity::find_by_id(id).one(&app.ctx.db).await.expect("row").expect("exists");
        let mut dead: notifications::ActiveModel = row.into();
        dead.status = Set(NotificationStatus::Dead);
        dead.update(&app.ctx.db).await.expect("dead");
    }
    city.post(&format!("/api/v1/outbox/{}/retry", outside[0]), json!({})).await.expect(404);
    city.post(&format!("/api/v1/outbox/{}/retry", inside[0]), json!({})).await.expect(200);
    root.post(&format!("/api/v1/outbox/{}/retry", outside[0]), json!({})).await.expect(200);

    // The outbox page lists the city's messages alone too.
    let browser = app.browse_as("jj-admin", DEMO_PASSWORD).await;
    let page = browser.get(format!("{}/admin/outbox", app.address)).send().await.expect("page");
    let html = page.text().await.expect("html");
    for id in &outside {
        let row = notifications::Entity::find_by_id(*id).one(&app.ctx.db).await.expect("row").expect("exists");
        assert!(!html.contains(&row.recipient_email), "{} is shown to the city's admin", row.recipient_email);
    }
}
