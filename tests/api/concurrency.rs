//! Many requests at once, as several `serve` instances on one PostgreSQL database would send
//! them (each test app has a pool of real connections there; on SQLite its one writer
//! serialises, and the same answers must come out). Every rule that a check alone cannot hold
//! under READ COMMITTED is held by the database: these tests race the requests and count.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::{
    helpers::{Client, TestApp, spawn_app},
    matrix::days,
};

/// Sends every request at once and returns the answers' statuses and bodies, in the order of
/// the requests.
async fn all_at_once(requests: Vec<(Client, String, Value)>) -> Vec<(u16, Value)> {
    let mut set = JoinSet::new();
    for (n, (client, path, body)) in requests.into_iter().enumerate() {
        set.spawn(async move {
            let answer = client.post(&path, body).await;
            (n, answer.status, answer.body)
        });
    }
    let mut answers = set.join_all().await;
    answers.sort_by_key(|(n, _, _)| *n);
    answers.into_iter().map(|(_, status, body)| (status, body)).collect()
}

fn count(answers: &[(u16, Value)], status: u16) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

fn directive(app: &TestApp, title: &str) -> Value {
    json!({ "title_zh": title, "title_en": title, "category": "mining", "priority": "high", "deadline": days(app, 30) })
}

/// The provincial secretariat's directive with Jiujiang's bureau as lead; the bureau has
/// acknowledged it. Returns the clients and the bureau's task id (at version 2).
async fn acknowledged_task(app: &TestApp) -> (Client, Client, i64) {
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let (_, tasks) =
        province.issue_and_assign(directive(app, "并发测试"), json!({ "lead_unit_id": app.unit("jj-yj").await })).await;
    let task = tasks[0]["id"].as_i64().expect("task id");
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    (province, bureau, task)
}

#[tokio::test]
async fn a_hundred_changes_from_one_version_let_exactly_one_through() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, bureau, task) = acknowledged_task(&app).await;
    let path = format!("/api/v1/tasks/{task}/progress");
    let requests = (0..100)
        .map(|n| {
            (bureau.clone(), path.clone(), json!({ "version": 2, "progress": n % 100, "text": format!("进展 {n}") }))
        })
        .collect();
    let answers = all_at_once(requests).await;
    assert_eq!((count(&answers, 200), count(&answers, 409)), (1, 99), "{answers:?}");
    let history = bureau.get(&format!("/api/v1/tasks/{task}/history")).await.expect(200);
    let progress = history.as_array().expect("events").iter().filter(|e| e["action"] == "progress").count();
    assert_eq!(progress, 1, "one audit event for the one change");
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    assert_eq!((detail["task"]["version"].as_i64(), detail["reports"].as_array().map(Vec::len)), (Some(3), Some(1)));
}

/// The county's task of a race, split to it from the bureau's task and acknowledged.
async fn county_task(app: &TestApp, bureau: &Client, county: &Client, parent: i64) -> i64 {
    let split = json!({ "assignees": [{ "unit_id": app.unit("jj-hukou-yj").await }], "deadline": days(app, 20) });
    let child =
        bureau.post(&format!("/api/v1/tasks/{parent}/split"), split).await.expect(201)[0]["id"].as_i64().expect("id");
    county.post(&format!("/api/v1/tasks/{child}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    child
}

/// The two requests of a race on the county's task `child`: its split further down to an
/// enterprise, and `rival` (its completion by the county, or its cancellation by the bureau).
async fn race_requests(
    app: &TestApp,
    bureau: &Client,
    county: &Client,
    child: i64,
    rival: &str,
) -> [(Client, String, Value); 2] {
    let enterprise = app.unit("jj-hukou-e1").await;
    let split_further = (
        county.clone(),
        format!("/api/v1/tasks/{child}/split"),
        json!({ "assignees": [{ "unit_id": enterprise }], "deadline": days(app, 10) }),
    );
    let other = match rival {
        "complete" => {
            (county.clone(), format!("/api/v1/tasks/{child}/complete"), json!({ "version": 2, "text": "完成" }))
        }
        _ => (bureau.clone(), format!("/api/v1/tasks/{child}/cancel"), json!({ "version": 2 })),
    };
    [split_further, other]
}

/// The county's task after a race: its status and the statuses of its children.
async fn state_of(county: &Client, child: i64) -> (String, Vec<String>) {
    let detail = county.get(&format!("/api/v1/tasks/{child}")).await.expect(200);
    let status = detail["task"]["status"].as_str().expect("status").to_owned();
    let children = detail["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["status"].as_str().expect("status").to_owned())
        .collect();
    (status, children)
}

/// What each order of the race must give, written by hand: the answers (split, rival) and the
/// county's task afterwards.
struct Outcome {
    answers: (u16, u16),
    status: &'static str,
    children: &'static [&'static str],
}

fn outcomes_by_hand(rival: &str) -> [Outcome; 2] {
    match rival {
        // A completion and a split exclude each other: the task with an open child cannot be
        // submitted, and a submitted task is not split.
        "complete" => [
            Outcome { answers: (201, 409), status: "acknowledged", children: &["assigned"] },
            Outcome { answers: (409, 200), status: "submitted", children: &[] },
        ],
        // A cancellation after a split cancels the new child too; a cancelled task is not split.
        _ => [
            Outcome { answers: (201, 200), status: "cancelled", children: &["cancelled"] },
            Outcome { answers: (409, 200), status: "cancelled", children: &[] },
        ],
    }
}

/// Races a split of a county task against `rival`. First each order is driven one request after
/// the other, and each must end as written by hand; then the two are sent at once, fifty times,
/// and each round must end as one of the two orders, never with a closed or submitted task
/// holding an open child.
async fn race_split_against(app: &TestApp, rival: &str) {
    let (_, bureau, parent) = acknowledged_task(app).await;
    let county = app.as_user("jj-hukou-yj").await;
    let expected = outcomes_by_hand(rival);

    // Split first, then the rival; the rival first, then the split.
    for (order, outcome) in expected.iter().enumerate() {
        let child = county_task(app, &bureau, &county, parent).await;
        let [split, other] = race_requests(app, &bureau, &county, child, rival).await;
        let sequence = if order == 0 { [split, other] } else { [other, split] };
        let mut statuses = Vec::new();
        for (client, path, body) in sequence {
            statuses.push(client.post(&path, body).await.status);
        }
        let answers = if order == 0 { (statuses[0], statuses[1]) } else { (statuses[1], statuses[0]) };
        assert_eq!(answers, outcome.answers, "{rival}, order {order}: (split, {rival})");
        let (status, children) = state_of(&county, child).await;
        assert_eq!(
            (status.as_str(), children),
            (outcome.status, outcome.children.iter().map(|c| c.to_string()).collect())
        );
    }

    let mut seen = [0; 2];
    for round in 0..50 {
        let child = county_task(app, &bureau, &county, parent).await;
        let answers = all_at_once(race_requests(app, &bureau, &county, child, rival).await.into()).await;
        let got = (answers[0].0, answers[1].0);
        let (status, children) = state_of(&county, child).await;
        let order = expected
            .iter()
            .position(|o| o.answers == got)
            .unwrap_or_else(|| panic!("round {round}: answers {answers:?} match neither order"));
        let outcome = &expected[order];
        assert_eq!(
            (status.as_str(), children.clone()),
            (outcome.status, outcome.children.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
            "round {round}: the task after answers {got:?}"
        );
        seen[order] += 1;
    }
    assert_eq!(seen.iter().sum::<i32>(), 50, "{seen:?}");
}

#[tokio::test]
async fn a_split_never_commits_beside_the_completion_of_its_parent() {
    let app = spawn_app().await;
    app.seed_demo().await;
    race_split_against(&app, "complete").await;
}

#[tokio::test]
async fn a_split_never_outlives_the_cancellation_of_its_parent() {
    let app = spawn_app().await;
    app.seed_demo().await;
    race_split_against(&app, "cancel").await;
}

#[tokio::test]
async fn twenty_assignments_of_a_lead_at_once_leave_one_lead() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let created = province.post("/api/v1/directives", directive(&app, "一位牵头")).await.expect(201);
    let id = created["id"].as_i64().expect("id");
    province.post(&format!("/api/v1/directives/{id}/issue"), json!({ "version": 1 })).await.expect(200);
    let leads = ["jj-yj", "jj-xf", "jj-ga", "jj-zj"];
    let mut requests = Vec::new();
    for n in 0..20 {
        let unit = app.unit(leads[n % leads.len()]).await;
        requests.push((
            province.clone(),
            format!("/api/v1/directives/{id}/assignments"),
            json!({ "lead_unit_id": unit }),
        ));
    }
    let answers = all_at_once(requests).await;
    assert_eq!(count(&answers, 201), 1, "{answers:?}");
    assert_eq!(count(&answers, 409), 19, "the others are told the directive has its lead: {answers:?}");
    let tasks = province.get(&format!("/api/v1/tasks?directive_id={id}")).await.expect(200);
    let leads = tasks["items"].as_array().expect("items").iter().filter(|t| t["role"] == "lead").count();
    assert_eq!(leads, 1);
}

#[tokio::test]
async fn twenty_extension_requests_at_once_leave_one_waiting() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, bureau, task) = acknowledged_task(&app).await;
    let requests = (0..20)
        .map(|n| {
            let body = json!({ "requested_deadline": days(&app, 35 + n), "reason": format!("需要时间 {n}") });
            (bureau.clone(), format!("/api/v1/tasks/{task}/extensions"), body)
        })
        .collect();
    let answers = all_at_once(requests).await;
    assert_eq!((count(&answers, 201), count(&answers, 409)), (1, 19), "{answers:?}");
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let pending = detail["extensions"].as_array().expect("extensions").iter().filter(|e| e["status"] == "pending");
    assert_eq!(pending.count(), 1);
}

#[tokio::test]
async fn twenty_directives_filed_at_once_under_one_meeting_get_twenty_numbers() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let meeting = province
        .post("/api/v1/meetings", json!({ "title_zh": "并发会议", "title_en": "Meeting", "held_on": "2026-11-20" }))
        .await
        .expect(201);
    let meeting_id = meeting["id"].as_i64().expect("meeting id");
    let requests = (0..20)
        .map(|n| {
            let mut body = directive(&app, &format!("部署 {n}"));
            body["meeting_id"] = json!(meeting_id);
            (province.clone(), "/api/v1/directives".to_owned(), body)
        })
        .collect();
    let answers = all_at_once(requests).await;
    assert_eq!(count(&answers, 201), 20, "{answers:?}");
    let numbers: BTreeSet<i64> = answers.iter().filter_map(|(_, d)| d["seq"].as_i64()).collect();
    assert_eq!(numbers, (1..=20).collect(), "each directive has its own number");
}

#[tokio::test]
async fn thirty_wrong_passwords_at_once_let_only_the_free_attempts_be_checked() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let mut set = JoinSet::new();
    for _ in 0..30 {
        let (http, url) = (app.http.clone(), format!("{}/api/v1/session", app.address));
        set.spawn(async move {
            let body = json!({ "username": "jj-yj", "password": "a-wrong-guess" });
            http.post(url).json(&body).send().await.expect("request reaches the app").status().as_u16()
        });
    }
    let statuses = set.join_all().await;
    let (checked, throttled) =
        (statuses.iter().filter(|s| **s == 401).count(), statuses.iter().filter(|s| **s == 429).count());
    assert_eq!((checked, throttled), (5, 25), "{statuses:?}");
}
