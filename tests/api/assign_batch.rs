//! A meeting's drafts issued and assigned in one request over the API, as the meeting page does
//! it: each lead with its own cooperating units; a directive of another meeting, or one lead
//! named two ways, refuses the whole request and changes nothing. And the assignment's schema
//! says that one lead and several are two shapes of one body, never both.

use serde_json::{Value, json};

use crate::helpers::{Client, NowUtc, TestApp, spawn_demo};
use duban::entities::tasks;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn meeting(province: &Client, title: &str) -> i64 {
    let body = json!({ "title_zh": title, "title_en": title, "held_on": "2026-11-28" });
    province.post("/api/v1/meetings", body).await.expect(201)["id"].as_i64().expect("meeting id")
}

async fn draft(app: &TestApp, province: &Client, meeting: i64, title: &str) -> Value {
    let deadline = app.clock.now_utc() + chrono::Duration::days(30);
    let body = json!({ "meeting_id": meeting, "title_zh": title, "title_en": title, "category": "gas",
        "priority": "high", "deadline": deadline });
    province.post("/api/v1/directives", body).await.expect(201)
}

async fn tasks_of(app: &TestApp, directive: i64) -> Vec<tasks::Model> {
    tasks::Entity::find().filter(tasks::Column::DirectiveId.eq(directive)).all(&app.ctx.db).await.expect("tasks")
}

fn chosen(drafts: &[&Value]) -> Value {
    drafts.iter().map(|d| json!({ "id": d["id"], "version": d["version"] })).collect()
}

#[tokio::test]
async fn a_meetings_drafts_are_issued_and_assigned_in_one_request_each_lead_with_its_own_cooperating_units() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let (jj, nc, police) = (app.unit("jj").await, app.unit("nc").await, app.unit("jj-ga").await);
    let held = meeting(&province, "燃气专题会议").await;
    let other = meeting(&province, "另一次会议").await;
    let (first, second) =
        (draft(&app, &province, held, "燃气管道排查").await, draft(&app, &province, held, "餐饮场所燃气检查").await);
    let elsewhere = draft(&app, &province, other, "另一次会议的事项").await;
    let path = format!("/api/v1/meetings/{held}/assignments");
    let assignment = json!({ "leads": [{ "unit_id": jj, "cooperating_unit_ids": [police] }, { "unit_id": nc }] });

    // Refused whole, naming the field, nothing issued or assigned.
    let refusals = [
        (json!({ "directives": chosen(&[&first, &elsewhere]), "assignment": assignment }), 422, "directives"),
        (json!({ "directives": chosen(&[&first, &first]), "assignment": assignment }), 422, "directives"),
        (
            json!({ "directives": chosen(&[&first, &second]),
                "assignment": { "lead_unit_id": jj, "leads": [{ "unit_id": nc }] } }),
            422,
            "leads",
        ),
    ];
    for (body, status, field) in refusals {
        let answer = province.post(&path, body.clone()).await;
        assert_eq!((answer.status, answer.body["field"].as_str()), (status, Some(field)), "{body}: {}", answer.body);
        for d in [&first, &second, &elsewhere] {
            let id = d["id"].as_i64().expect("id");
            assert_eq!(province.get(&format!("/api/v1/directives/{id}")).await.expect(200)["status"], "draft");
            assert!(tasks_of(&app, id).await.is_empty(), "nothing assigned for {body}");
        }
    }
    // Another secretariat does not find the meeting.
    let city = app.as_user("jj-secretariat").await;
    let body = json!({ "directives": chosen(&[&first]), "assignment": assignment });
    assert_eq!(city.post(&path, body).await.status, 404);

    let body = json!({ "directives": chosen(&[&first, &second]), "assignment": assignment });
    let done = province.post(&path, body).await.expect(201);
    let done = done.as_array().expect("one entry per directive");
    assert_eq!(done.len(), 2);
    for (entry, d) in done.iter().zip([&first, &second]) {
        let id = d["id"].as_i64().expect("id");
        assert_eq!(
            (entry["directive"]["id"].as_i64(), entry["directive"]["status"].as_str()),
            (Some(id), Some("issued"))
        );
        assert_eq!(entry["tasks"].as_array().expect("tasks").len(), 3, "two leads and the police");
        let rows = tasks_of(&app, id).await;
        let lead_of = |unit: i64| rows.iter().find(|t| t.assignee_unit_id == unit && t.role.as_str() == "lead");
        let (jj_task, nc_task) = (lead_of(jj).expect("Jiujiang leads"), lead_of(nc).expect("Nanchang leads"));
        let with = rows.iter().find(|t| t.assignee_unit_id == police).expect("the police's task");
        assert_eq!((with.role.as_str(), with.lead_task_id), ("cooperating", Some(jj_task.id)), "with Jiujiang");
        assert_ne!(with.lead_task_id, Some(nc_task.id));
    }
}

#[tokio::test]
async fn the_assignment_schema_is_one_lead_or_several_or_neither_never_both() {
    let app = spawn_demo().await;
    let doc = app.anonymous().get("/api/openapi.json").await.expect(200);
    let schema = &doc["components"]["schemas"]["AssignmentBody"];
    let all_of = schema["allOf"].as_array().expect("the body and its choice");
    let branches = all_of.iter().find_map(|s| s["oneOf"].as_array()).expect("a oneOf");
    assert_eq!(branches.len(), 3, "{schema}");
    // Each branch by hand: (lead_unit_id required and an integer | null), leads (min, max).
    let shape = |b: &Value| {
        let required: Vec<String> = b["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        (
            required,
            b["properties"]["lead_unit_id"]["type"].as_str().map(str::to_owned),
            b["properties"]["leads"]["minItems"].as_u64(),
            b["properties"]["leads"]["maxItems"].as_u64(),
        )
    };
    let shapes: Vec<_> = branches.iter().map(shape).collect();
    assert_eq!(
        shapes,
        vec![
            (vec!["lead_unit_id".to_owned()], Some("integer".to_owned()), None, Some(0)),
            (vec!["leads".to_owned()], Some("null".to_owned()), Some(1), None),
            (vec![], Some("null".to_owned()), None, Some(0)),
        ]
    );
    let route = &doc["paths"]["/api/v1/meetings/{id}/assignments"]["post"];
    assert!(route["responses"]["201"].is_object(), "the batch route is documented: {route}");
}
