//! The API keeps the promises its OpenAPI document makes (the fuzzer in `.ci/fuzz` checks them
//! at random; these pin the ones a change could quietly break): what the document calls a
//! whole number is one however it is written, a field sent as `null` where the document says
//! it holds a value is refused, pages past the last are empty, and a request well formed but
//! at odds with what is stored is a conflict (409) that names the field.

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::{
    helpers::{TestApp, spawn_app},
    matrix::days,
};

/// The demo, and the Jiujiang bureau's acknowledged task (version 2) of a fresh directive.
async fn bureau_task(app: &TestApp) -> i64 {
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let directive = json!({ "title_zh": "契约", "title_en": "Contract", "category": "mining", "priority": "high",
                            "deadline": days(app, 30) });
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": app.unit("jj-yj").await })).await;
    let task = tasks[0]["id"].as_i64().expect("task");
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1.0 })).await.expect(200);
    task
}

#[tokio::test]
async fn a_whole_number_written_with_a_fraction_of_zero_is_that_number_in_bodies_and_queries() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let task = bureau_task(&app).await;
    let bureau = app.as_user("jj-yj").await;
    let path = format!("/api/v1/tasks/{task}/progress");
    let report = json!({ "version": 2.0, "progress": 40.0, "text": "过半" });
    let answer = bureau.post(&path, report).await.expect(200);
    assert_eq!((answer["version"].as_i64(), answer["progress"].as_i64()), (Some(3), Some(40)), "{answer}");
    // A real fraction is still not a whole number.
    bureau.post(&path, json!({ "version": 3, "progress": 40.5, "text": "过半" })).await.expect_problem(422, "progress");
    let listed = bureau.get(&format!("/api/v1/tasks?per_page=10.0&directive_id={}.0", answer["directive_id"])).await;
    assert_eq!(listed.expect(200)["per_page"], 10);
}

#[tokio::test]
async fn a_field_the_document_says_holds_a_value_is_refused_as_null_and_a_draft_keeps_its_meeting() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let refused = secretariat.post("/api/v1/drafts", json!({ "minutes": null, "meeting_id": 1 })).await;
    refused.expect_problem(422, "minutes");
    let leader = app.as_user("jj-mayor").await;
    let refused =
        leader.post("/api/v1/instructions", json!({ "directive_id": null, "task_id": 1, "body": "抓紧" })).await;
    refused.expect_problem(422, "directive_id");
    // An edit names no meeting: a draft stays where it was drafted, and nothing sent is ignored.
    let draft = secretariat
        .post(
            "/api/v1/directives",
            json!({ "title_zh": "草稿", "title_en": "Draft", "category": "gas", "priority": "normal",
                    "deadline": days(&app, 20) }),
        )
        .await
        .expect(201);
    let edit = json!({ "version": draft["version"], "meeting_id": 1, "title_zh": "草稿二", "title_en": "Draft 2",
                       "category": "gas", "priority": "normal", "deadline": days(&app, 20) });
    let path = format!("/api/v1/directives/{}", draft["id"]);
    secretariat.put(&path, edit).await.expect_problem(422, "meeting_id");
    assert_eq!(secretariat.get(&path).await.expect(200)["title_zh"], "草稿");
}

#[tokio::test]
async fn pages_past_the_last_are_empty_and_an_empty_deadline_range_holds_nothing() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    for list in ["/api/v1/tasks", "/api/v1/directives", "/api/v1/meetings"] {
        let page = secretariat.get(&format!("{list}?page=10000000&per_page=200")).await.expect(200);
        assert_eq!(page["items"], json!([]), "{list}: {page}");
        assert!(page["total"].as_u64().is_some_and(|n| n > 0), "{list} still counts its rows: {page}");
        secretariat.get(&format!("{list}?page=10000001")).await.expect_problem(422, "page");
    }
}

#[tokio::test]
async fn what_is_well_formed_but_at_odds_with_what_is_stored_is_a_conflict_naming_the_field() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let secretariat = app.as_user("jx-secretariat").await;
    let directive = json!({ "title_zh": "冲突", "title_en": "Conflict", "category": "gas", "priority": "high",
                            "deadline": days(&app, -1), "meeting_id": 1 });
    secretariat.post("/api/v1/directives", directive.clone()).await.expect_problem(409, "deadline");
    let unknown_meeting = json!({ "title_zh": "冲突", "title_en": "Conflict", "category": "gas", "priority": "high",
                                  "deadline": days(&app, 9), "meeting_id": 999_999 });
    secretariat.post("/api/v1/directives", unknown_meeting).await.expect_problem(409, "meeting_id");
    let admin = app.as_user("admin").await;
    // 2026-12-05 is a Saturday: a holiday there would change nothing.
    let weekend = json!({ "kind": "holiday", "name": "周六" });
    admin.put("/api/v1/calendar/2026-12-05", weekend).await.expect_problem(409, "kind");
}

#[tokio::test]
async fn evidence_without_a_name_or_of_an_unlisted_kind_is_kept_and_served_as_a_download() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let task = bureau_task(&app).await;
    let bureau = app.as_user("jj-yj").await;
    let form = Form::new()
        .text("version", "2")
        .text("progress", "30")
        .text("text", "现场照片与表格")
        .part("evidence", Part::bytes(b"HEIC bytes from a phone".to_vec()))
        .part("evidence", Part::bytes(b"WPS table".to_vec()).file_name("台账.et"));
    bureau.post_multipart(&format!("/api/v1/tasks/{task}/progress"), form).await.expect(200);
    let detail = bureau.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let files: Vec<(String, String)> = detail["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            (e["file_name"].as_str().unwrap_or("").to_owned(), e["content_type"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        files,
        [
            ("evidence".to_owned(), "application/octet-stream".to_owned()),
            ("台账.et".to_owned(), "application/octet-stream".to_owned())
        ],
        "{detail}"
    );
}
