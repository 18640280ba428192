//! Bad input, endpoint by endpoint: each is refused with the right status and a problem+json
//! body naming the field, and nothing changes. Nothing anybody sends causes a 500.

use serde_json::{Value, json};

use crate::{
    helpers::{Answer, Client, TestApp, spawn_app},
    matrix::{PDF, days, essentials, report_form, row_counts},
};

/// The province assigned a directive to Jiujiang's emergency bureau (lead; `task`,
/// acknowledged) and fire detachment (cooperating; `submitted`, reported complete); `draft`
/// is a directive not yet issued.
struct Setup {
    app: TestApp,
    province: Client,
    bureau: Client,
    fire: Client,
    directive: i64,
    draft: i64,
    task: i64,
    version: i32,
    submitted: i64,
    submitted_version: i32,
}

fn id(value: &Value) -> i64 {
    value["id"].as_i64().expect("id")
}

fn version(value: &Value) -> i32 {
    value["version"].as_i64().expect("version") as i32
}

async fn setup() -> Setup {
    let app = spawn_app().await;
    app.seed_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let fire = app.as_user("jj-xf").await;
    let body = json!({ "title_zh": "燃气管网隐患排查", "title_en": "Gas network inspection", "category": "gas",
        "priority": "high", "deadline": days(&app, 60) });
    let assignment = json!({ "lead_unit_id": app.unit("jj-yj").await, "cooperating_unit_ids": [app.unit("jj-xf").await],
        "deadline": days(&app, 30) });
    let (directive, tasks) = province.issue_and_assign(body.clone(), assignment).await;
    let (lead, coop) = (&tasks[0], &tasks[1]);
    assert_eq!(lead["role"], "lead");
    let task = bureau
        .post(&format!("/api/v1/tasks/{}/acknowledge", id(lead)), json!({ "version": version(lead) }))
        .await
        .expect(200);
    let acknowledged = fire
        .post(&format!("/api/v1/tasks/{}/acknowledge", id(coop)), json!({ "version": version(coop) }))
        .await
        .expect(200);
    let submitted = fire
        .post(
            &format!("/api/v1/tasks/{}/complete", id(coop)),
            json!({ "version": version(&acknowledged), "text": "已全部排查" }),
        )
        .await
        .expect(200);
    let draft = province.post("/api/v1/directives", body).await.expect(201);
    Setup {
        directive,
        draft: id(&draft),
        task: id(&task),
        version: version(&task),
        submitted: id(&submitted),
        submitted_version: version(&submitted),
        app,
        province,
        bureau,
        fire,
    }
}

impl Setup {
    fn path(&self, action: &str) -> String {
        format!("/api/v1/tasks/{}/{action}", self.task)
    }

    /// The two tasks as their owners read them, the draft, and how many rows of each kind exist.
    async fn state(&self) -> Value {
        let task = self.bureau.get(&format!("/api/v1/tasks/{}", self.task)).await.expect(200);
        let history = self.bureau.get(&self.path("history")).await.expect(200);
        let submitted = self.fire.get(&format!("/api/v1/tasks/{}", self.submitted)).await.expect(200);
        let draft = self.province.get(&format!("/api/v1/directives/{}", self.draft)).await.expect(200);
        json!({
            "task": essentials(&task["task"]),
            "reports": task["reports"],
            "evidence": task["evidence"],
            "children": task["children"],
            "history": history.as_array().map(Vec::len),
            "submitted": essentials(&submitted["task"]),
            "draft": draft,
            "rows": row_counts(&self.app).await,
        })
    }

    /// Sends one bad request and asserts its refusal names `field` and changes nothing.
    async fn refused(&self, answer: impl std::future::Future<Output = Answer>, status: u16, field: &str) {
        let before = self.state().await;
        answer.await.expect_problem(status, field);
        assert_eq!(self.state().await, before, "a refused request ({status} {field}) changed something");
    }

    /// Like `refused`, for refusals that name no field (404, 409).
    async fn refused_plain(&self, what: &str, answer: impl std::future::Future<Output = Answer>, status: u16) {
        let before = self.state().await;
        let answer = answer.await;
        assert_eq!(answer.status, status, "{what}: {}", answer.body);
        assert_eq!(answer.body["status"], status, "{what} answers problem+json: {}", answer.body);
        assert_eq!(self.state().await, before, "{what} changed something");
    }
}

#[tokio::test]
async fn malformed_json_a_wrong_content_type_and_missing_or_mistyped_fields_are_refused_naming_the_field() {
    let s = setup().await;
    let (b, p) = (&s.bureau, s.path("progress"));
    let v = s.version;
    s.refused(b.post_raw(&p, "application/json", br#"{"version": 2, "text": "#.to_vec()), 400, "body").await;
    s.refused(b.post_raw(&s.path("cancel"), "application/json", b"{version: 2}".to_vec()), 400, "body").await;
    let valid = json!({ "version": v, "text": "进展", "progress": 10 }).to_string().into_bytes();
    s.refused(b.post_raw(&p, "text/plain", valid.clone()), 415, "content-type").await;
    s.refused(b.post_raw(&s.path("acknowledge"), "application/x-www-form-urlencoded", valid), 415, "content-type")
        .await;
    s.refused(b.post(&p, json!({ "text": "进展", "progress": 10 })), 422, "version").await;
    s.refused(b.post(&s.path("acknowledge"), json!({})), 422, "version").await;
    s.refused(b.post(&p, json!({ "version": "two", "text": "进展", "progress": 10 })), 422, "version").await;
    s.refused(b.post(&p, json!({ "version": v, "text": "进展", "progress": "half" })), 422, "progress").await;
    s.refused(b.post(&p, json!({ "version": v, "text": "进展", "progress": 10, "colour": "red" })), 422, "colour")
        .await;
    s.refused(b.post(&p, json!({ "version": v, "progress": 10 })), 422, "text").await;
    s.refused(b.post(&p, json!({ "version": v, "text": "a\u{0}b", "progress": 10 })), 422, "body").await;
    let nul_name = json!({ "username": "jj-yj\u{0}", "password": "x" });
    s.refused(s.app.anonymous().post("/api/v1/session", nul_name), 422, "body").await;
    let form = reqwest::multipart::Form::new().text("progress", "10").text("text", "进展");
    s.refused(b.post_multipart(&p, form), 422, "version").await;
    let form = reqwest::multipart::Form::new().text("version", "two").text("progress", "10");
    s.refused(b.post_multipart(&p, form), 422, "version").await;
    let split = s.path("split");
    s.refused(b.post(&split, json!({ "assignees": "jj-ruichang", "deadline": days(&s.app, 5) })), 422, "assignees")
        .await;
    s.refused(b.post(&split, json!({ "assignees": [] })), 422, "deadline").await;
    s.refused(b.post(&split, json!({ "assignees": [], "deadline": "next week" })), 422, "deadline").await;
    let pr = &s.province;
    s.refused(
        pr.post(
            "/api/v1/directives",
            json!({ "title_zh": "x", "category": "gas", "priority": "high", "deadline": days(&s.app, 9) }),
        ),
        422,
        "title_en",
    )
    .await;
    s.refused(
        pr.post(
            "/api/v1/directives",
            json!({ "title_zh": "x", "title_en": "x", "category": "gas", "priority": "high", "deadline": 20261231 }),
        ),
        422,
        "deadline",
    )
    .await;
    s.refused(
        pr.post(
            "/api/v1/directives",
            json!({ "title_zh": "x", "title_en": "x", "category": "gas", "priority": "extreme", "deadline": days(&s.app, 9) }),
        ),
        422,
        "priority",
    )
    .await;
    s.refused(
        pr.post("/api/v1/meetings", json!({ "title_zh": "x", "title_en": "x", "held_on": "17 Nov" })),
        422,
        "held_on",
    )
    .await;
    s.refused(pr.post(&format!("/api/v1/directives/{}/issue", s.draft), json!({ "version": [1] })), 422, "version")
        .await;
}

#[tokio::test]
async fn unknown_ids_are_refused_with_404_and_ids_that_are_not_positive_numbers_with_400() {
    let s = setup().await;
    let (b, pr) = (&s.bureau, &s.province);
    let version = json!({ "version": 1 });
    s.refused_plain("acknowledge 999999", b.post("/api/v1/tasks/999999/acknowledge", version.clone()), 404).await;
    s.refused_plain("get directive 999999", pr.get("/api/v1/directives/999999"), 404).await;
    s.refused_plain("get task", b.get("/api/v1/tasks/999999"), 404).await;
    s.refused_plain("history", b.get("/api/v1/tasks/999999/history"), 404).await;
    s.refused_plain("file", b.get("/api/v1/files/999999"), 404).await;
    s.refused_plain("meeting", b.get("/api/v1/meetings/999999"), 404).await;
    s.refused_plain("unit", b.get("/api/v1/units/999999"), 404).await;
    s.refused_plain("issue", pr.post("/api/v1/directives/999999/issue", version.clone()), 404).await;
    s.refused_plain(
        "assign",
        pr.post("/api/v1/directives/999999/assignments", json!({ "lead_unit_id": s.app.unit("jj-yj").await })),
        404,
    )
    .await;
    s.refused_plain("approve", pr.post("/api/v1/extensions/999999/approve", json!({})), 404).await;
    s.refused_plain("revoke", b.delete("/api/v1/tokens/999999"), 404).await;
    let leader = s.app.as_user("jj-mayor").await;
    s.refused_plain(
        "instruction",
        leader.post("/api/v1/instructions", json!({ "task_id": 999999, "body": "抓紧" })),
        404,
    )
    .await;
    s.refused_plain(
        "progress 999999",
        b.post_multipart("/api/v1/tasks/999999/progress", report_form(1, "10", "a.pdf", PDF)),
        404,
    )
    .await;
    for path in ["/api/v1/tasks/abc", "/api/v1/tasks/0", "/api/v1/tasks/-3", "/api/v1/tasks/1.5", "/api/v1/files/x"] {
        s.refused(b.get(path), 400, "id").await;
    }
    s.refused(b.get("/api/v1/tasks/99999999999999999999999"), 400, "id").await;
    s.refused(b.post("/api/v1/tasks/abc/acknowledge", version.clone()), 400, "id").await;
    s.refused(pr.put("/api/v1/directives/first", version), 400, "id").await;
}

#[tokio::test]
async fn a_split_that_breaks_the_hierarchy_or_the_parents_deadline_is_refused_with_409() {
    let s = setup().await;
    let split = s.path("split");
    let to = async |key: &str| json!([{ "unit_id": s.app.unit(key).await }]);
    let b = &s.bureau;
    let county = to("jj-ruichang-yj").await;
    s.refused(b.post(&split, json!({ "assignees": county, "deadline": days(&s.app, 31) })), 409, "deadline").await;
    s.refused(b.post(&split, json!({ "assignees": county, "deadline": days(&s.app, -1) })), 409, "deadline").await;
    for sideways_or_up in ["jj-xf", "jj", "jx", "jj-yj", "jj-aw", "nc"] {
        let body = json!({ "assignees": to(sideways_or_up).await, "deadline": days(&s.app, 10) });
        s.refused(b.post(&split, body), 409, "assignee_unit_id").await;
    }
    let nobody = json!({ "assignees": [{ "unit_id": 999999 }], "deadline": days(&s.app, 10) });
    s.refused(b.post(&split, nobody), 409, "assignee_unit_id").await;
    s.refused(b.post(&split, json!({ "assignees": [], "deadline": days(&s.app, 10) })), 409, "assignees").await;
    let twice = json!({ "assignees": [county[0], county[0]], "deadline": days(&s.app, 10) });
    s.refused(b.post(&split, twice), 409, "assignees").await;
    // The province assigns only below itself, and not past the directive's deadline.
    let assign = format!("/api/v1/directives/{}/assignments", s.directive);
    let pr = &s.province;
    // (The directive has its lead already, so these add cooperating units.)
    s.refused(pr.post(&assign, json!({ "cooperating_unit_ids": [s.app.unit("jx").await] })), 409, "assignee_unit_id")
        .await;
    let late = json!({ "cooperating_unit_ids": [s.app.unit("nc").await], "deadline": days(&s.app, 61) });
    s.refused(pr.post(&assign, late), 409, "deadline").await;
    let past = json!({ "cooperating_unit_ids": [s.app.unit("nc").await], "deadline": days(&s.app, -2) });
    s.refused(pr.post(&assign, past), 409, "deadline").await;
    // A reassignment names a unit below the assigner, too (the task must be declined first).
    let reassign = json!({ "version": s.submitted_version, "unit_id": s.app.unit("jx").await });
    s.refused_plain(
        "reassign a submitted task",
        pr.post(&format!("/api/v1/tasks/{}/reassign", s.submitted), reassign),
        409,
    )
    .await;
}

#[tokio::test]
async fn evidence_of_a_disallowed_or_disguised_type_or_over_the_size_limit_is_refused_naming_evidence() {
    let s = setup().await;
    let (b, v) = (&s.bureau, s.version);
    let progress = s.path("progress");
    s.refused(b.post_multipart(&progress, report_form(v, "20", "virus.exe", b"MZ\x90\x00\x03\x00")), 422, "evidence")
        .await;
    s.refused(b.post_multipart(&progress, report_form(v, "20", "photo.png", b"MZ\x90\x00not a png")), 422, "evidence")
        .await;
    s.refused(b.post_multipart(&progress, report_form(v, "20", "report.pdf", b"")), 422, "evidence").await;
    let completion = reqwest::multipart::Form::new()
        .text("version", v.to_string())
        .text("text", "整改完成")
        .part("evidence", reqwest::multipart::Part::bytes(b"MZ".to_vec()).file_name("a.exe"));
    s.refused(b.post_multipart(&s.path("complete"), completion), 422, "evidence").await;
    // A completion form names no percentage: it is 100.
    s.refused(b.post_multipart(&s.path("complete"), report_form(v, "100", "a.pdf", PDF)), 422, "progress").await;
    let mut big = PDF.to_vec();
    big.resize(21 * 1024 * 1024, b'0');
    s.refused(b.post_multipart(&progress, report_form(v, "20", "big.pdf", &big)), 422, "evidence").await;
    // One bad file among good ones refuses the whole report.
    let form = report_form(v, "20", "ok.pdf", PDF)
        .part("evidence", reqwest::multipart::Part::bytes(b"MZ".to_vec()).file_name("bad.exe"));
    s.refused(b.post_multipart(&progress, form), 422, "evidence").await;
    // And a good file goes through.
    b.post_multipart(&progress, report_form(v, "20", "ok.pdf", PDF)).await.expect(200);
}

#[tokio::test]
async fn a_json_body_over_256_kib_is_refused_with_413_on_every_json_endpoint() {
    let s = setup().await;
    let text = "据".repeat(100 * 1024);
    let body = json!({ "version": s.version, "text": text, "progress": 10 }).to_string().into_bytes();
    assert!(body.len() > 256 * 1024);
    for action in ["progress", "complete", "cancel", "acknowledge"] {
        s.refused(s.bureau.post_raw(&s.path(action), "application/json", body.clone()), 413, "body").await;
    }
    let instruction = json!({ "task_id": s.task, "body": text }).to_string().into_bytes();
    let leader = s.app.as_user("jj-mayor").await;
    s.refused(leader.post_raw("/api/v1/instructions", "application/json", instruction), 413, "body").await;
}

#[tokio::test]
async fn a_stale_version_a_missing_return_reason_and_progress_over_100_are_refused_and_change_nothing() {
    let s = setup().await;
    let (b, pr, v) = (&s.bureau, &s.province, s.version);
    let stale = json!({ "version": v - 1, "text": "进展", "progress": 10 });
    s.refused_plain("stale progress", b.post(&s.path("progress"), stale), 409).await;
    s.refused_plain(
        "future version",
        b.post(&s.path("progress"), json!({ "version": v + 1, "text": "x", "progress": 1 })),
        409,
    )
    .await;
    let draft = pr.get(&format!("/api/v1/directives/{}", s.draft)).await.expect(200);
    let mut edit = draft.clone();
    for key in ["id", "meeting_id", "unit_id", "seq", "status", "suggested_units", "source", "issued_at", "doc_number"]
    {
        edit.as_object_mut().expect("object").remove(key);
    }
    edit["version"] = json!(version(&draft) + 1);
    s.refused_plain("stale edit", pr.put(&format!("/api/v1/directives/{}", s.draft), edit), 409).await;
    s.refused_plain(
        "stale issue",
        pr.post(&format!("/api/v1/directives/{}/issue", s.draft), json!({ "version": version(&draft) - 1 })),
        409,
    )
    .await;

    let back = format!("/api/v1/tasks/{}/return", s.submitted);
    let sv = s.submitted_version;
    s.refused(pr.post(&back, json!({ "version": sv })), 422, "reason").await;
    s.refused(pr.post(&back, json!({ "version": sv, "reason": "   " })), 422, "reason").await;
    s.refused(pr.post(&format!("/api/v1/extensions/{}/refuse", 999999), json!({})), 422, "reason").await;
    for progress in [101, -1, i32::MAX] {
        s.refused(
            b.post(&s.path("progress"), json!({ "version": v, "text": "进展", "progress": progress })),
            422,
            "progress",
        )
        .await;
    }
    s.refused(b.post_multipart(&s.path("progress"), report_form(v, "150", "a.pdf", PDF)), 422, "progress").await;
    s.refused(b.post_multipart(&s.path("progress"), report_form(v, "lots", "a.pdf", PDF)), 422, "progress").await;
    s.refused(b.post(&s.path("progress"), json!({ "version": v, "text": "进展", "progress": 1e10 })), 422, "progress")
        .await;
    s.refused(b.post(&s.path("progress"), json!({ "version": v, "text": "进展" })), 422, "progress").await;
}

#[tokio::test]
async fn bad_list_filters_are_refused_naming_the_parameter() {
    let s = setup().await;
    let b = &s.bureau;
    s.refused(b.get("/api/v1/tasks?status=nope"), 400, "status").await;
    s.refused(b.get("/api/v1/tasks?status=assigned,nope"), 400, "status").await;
    s.refused(b.get("/api/v1/tasks?per_page=0"), 422, "per_page").await;
    s.refused(b.get("/api/v1/tasks?per_page=201"), 422, "per_page").await;
    s.refused(b.get("/api/v1/tasks?per_page=-1"), 400, "per_page").await;
    s.refused(b.get("/api/v1/tasks?page=0"), 422, "page").await;
    s.refused(b.get("/api/v1/tasks?page=abc"), 400, "page").await;
    s.refused(b.get("/api/v1/tasks?page=18446744073709551615&per_page=200"), 422, "page").await;
    s.refused(b.get("/api/v1/tasks?directive_id=x"), 400, "directive_id").await;
    s.refused(b.get("/api/v1/tasks?deadline_from=yesterday"), 400, "deadline_from").await;
    let (from, to) = (days(&s.app, 5).replace('+', "%2B"), days(&s.app, 1).replace('+', "%2B"));
    // An empty range of deadlines holds no task.
    let empty = b.get(&format!("/api/v1/tasks?deadline_from={from}&deadline_to={to}")).await.expect(200);
    assert_eq!(empty["total"], 0, "{empty}");
    s.refused(b.get("/api/v1/directives?meeting_id=first"), 400, "meeting_id").await;
    s.refused(b.get("/api/v1/directives?per_page=0"), 422, "per_page").await;
    s.refused(b.get("/api/v1/meetings?page=0"), 422, "page").await;
    s.refused(b.get("/api/v1/meetings?per_page=1000"), 422, "per_page").await;
    b.get(&format!("/api/v1/tasks?status=acknowledged&deadline_to={from}&per_page=200")).await.expect(200);
}

#[tokio::test]
async fn directives_with_an_unknown_category_or_a_past_deadline_are_refused() {
    let s = setup().await;
    let pr = &s.province;
    let directive = |category: &str, deadline: String| json!({ "title_zh": "部署", "title_en": "Directive", "category": category, "priority": "normal", "deadline": deadline });
    s.refused(pr.post("/api/v1/directives", directive("witchcraft", days(&s.app, 9))), 422, "category").await;
    s.refused(pr.post("/api/v1/directives", directive("gas", days(&s.app, -1))), 409, "deadline").await;
    let draft = format!("/api/v1/directives/{}", s.draft);
    let mut edit = directive("fire_safety", days(&s.app, -3));
    edit["version"] = json!(1);
    s.refused(pr.put(&draft, edit.clone()), 409, "deadline").await;
    edit["deadline"] = json!(days(&s.app, 9));
    edit["category"] = json!("");
    s.refused(pr.put(&draft, edit), 422, "category").await;
    let extension = json!({ "requested_deadline": days(&s.app, 20), "reason": "需要时间" });
    s.refused(s.bureau.post(&s.path("extensions"), extension), 409, "requested_deadline").await;
    let blank = json!({ "requested_deadline": days(&s.app, 40), "reason": "  " });
    s.refused(s.bureau.post(&s.path("extensions"), blank), 422, "reason").await;
    let leader = s.app.as_user("jj-mayor").await;
    s.refused(leader.post("/api/v1/instructions", json!({ "body": "抓紧" })), 422, "directive_id").await;
    s.refused(leader.post("/api/v1/instructions", json!({ "task_id": s.task, "body": " " })), 422, "body").await;
    s.refused(pr.post("/api/v1/tokens", json!({ "name": "" })), 422, "name").await;
}

#[tokio::test]
async fn garbage_thrown_at_every_endpoint_never_causes_a_server_error() {
    let s = setup().await;
    let t = s.task;
    // Every operation of the API document that takes a body, read from the document, so that
    // a new route is thrown garbage too. Ids are the setup's (or 1 where any id will do).
    let doc = s.app.anonymous().get("/api/openapi.json").await.expect(200);
    let mut endpoints = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if operation.get("requestBody").is_none() {
                continue;
            }
            let id = if path.starts_with("/api/v1/tasks/") {
                t
            } else if path.starts_with("/api/v1/directives/") {
                s.directive
            } else {
                1
            };
            let concrete = path.replace("{id}", &id.to_string()).replace("{day}", "2026-12-24");
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            endpoints.push((method, concrete));
        }
    }
    assert!(endpoints.len() >= 20, "the document lists the routes that take a body: {}", endpoints.len());
    let huge = i64::MAX;
    let garbage: Vec<Vec<u8>> = [
        String::new(),
        "null".into(),
        "[]".into(),
        "{}".into(),
        "\"x\"".into(),
        "-0".into(),
        "{\"version\":null}".into(),
        "{\"version\":1e400}".into(),
        "{\"version\":99999999999999999999}".into(),
        format!("{}1{}", "[".repeat(5000), "]".repeat(5000)),
        format!("{{\"version\":1,\"unit_id\":{huge},\"text\":\"\\u0000\"}}"),
        format!("{{\"assignees\":[{{\"unit_id\":{huge}}}],\"deadline\":\"9999-12-31T23:59:59Z\",\"ack_within_days\":{huge}}}"),
        "{\"assignees\":[{\"unit_id\":-1,\"role\":\"boss\"}],\"deadline\":\"0000-01-01T00:00:00Z\"}".into(),
        format!(
            "{{\"lead_unit_id\":{huge},\"cooperating_unit_ids\":[-1,0],\"deadline\":\"9999-12-31T23:59:59Z\",\"ack_within_days\":{huge},\"report_every_days\":-5}}"
        ),
        "{\"title_zh\":\"\",\"title_en\":\"\",\"category\":\"gas\",\"priority\":\"high\",\"deadline\":\"9999-12-31T23:59:59Z\"}"
            .into(),
        "{\"title_zh\":\"x\",\"title_en\":\"x\",\"held_on\":\"0001-01-01\",\"minutes\":\"\\ud800\"}".into(),
        format!("{{\"requested_deadline\":\"9999-12-31T23:59:59Z\",\"reason\":\"{}\"}}", "长".repeat(1000)),
        format!("{{\"task_id\":{t},\"body\":\"x\",\"open_task\":{{\"unit_id\":{huge},\"deadline\":\"9999-12-31T23:59:59Z\"}}}}"),
        "{\"username\":\"\\u0000\",\"password\":\"\"}".into(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .chain([vec![0xff, 0xfe, 0x00], b"{\"version\":1,\"text\":\"\xff\"}".to_vec()])
    .collect();
    // Bodies valid in every way but one extreme number.
    let (county, nanchang) = (s.app.unit("jj-ruichang-yj").await, s.app.unit("nc").await);
    let mut garbage = garbage;
    for days_to_acknowledge in [huge, 10_000_000_000, 1_000_000_000, -huge] {
        let split = json!({ "assignees": [{ "unit_id": county }], "deadline": days(&s.app, 10),
            "ack_within_days": days_to_acknowledge, "report_every_days": i32::MIN });
        let assign = json!({ "lead_unit_id": nanchang, "ack_within_days": days_to_acknowledge });
        garbage.extend([split.to_string().into_bytes(), assign.to_string().into_bytes()]);
    }
    let leader = s.app.as_user("jj-mayor").await;
    let nul = reqwest::multipart::Form::new()
        .text("version", s.version.to_string())
        .text("progress", "5")
        .text("text", "a\0b");
    s.bureau.post_multipart(&format!("/api/v1/tasks/{t}/progress"), nul).await.expect_problem(422, "text");
    // Every refusal leaves the rows (and so the audit trail) as they were; the rare garbage a
    // route takes as valid moves the baseline on.
    let mut rows = row_counts(&s.app).await;
    for (method, path) in &endpoints {
        for client in [&s.bureau, &s.province, &leader] {
            for body in &garbage {
                for content_type in ["application/json", "multipart/form-data", "multipart/form-data; boundary=x"] {
                    let answer = client.send_raw(method.clone(), path, content_type, body.clone()).await;
                    assert!(
                        answer.status < 500,
                        "{method} {path} {content_type} {:?}: {answer:?}",
                        String::from_utf8_lossy(body)
                    );
                    let after = row_counts(&s.app).await;
                    if answer.status >= 400 {
                        assert_eq!(
                            after,
                            rows,
                            "a refused {method} {path} {content_type} {:?} changed something",
                            String::from_utf8_lossy(body)
                        );
                    }
                    rows = after;
                }
            }
        }
    }
}

/// What a hostile query must get: its status, and the field (a parameter) or the thing (a
/// missing resource) the answer names; or, for a valid query, an empty page.
enum Expected {
    Refused(u16, &'static str),
    Missing(&'static str),
    /// A valid query that matches nothing: an empty page.
    Nothing,
}

#[tokio::test]
async fn hostile_queries_are_refused_with_their_exact_status_naming_the_parameter() {
    use Expected::{Missing, Nothing, Refused};
    let s = setup().await;
    let own = s.app.unit("jj-yj").await;
    let cases: Vec<(String, Expected)> = vec![
        ("/api/v1/tasks?page=18446744073709551615&per_page=200".into(), Refused(422, "page")),
        ("/api/v1/tasks?unit_id=-1&directive_id=99999999999".into(), Refused(400, "unit_id")),
        ("/api/v1/tasks?unit_id=0".into(), Refused(400, "unit_id")),
        ("/api/v1/tasks?directive_id=-9223372036854775808".into(), Refused(400, "directive_id")),
        ("/api/v1/tasks?directive_id=99999999999".into(), Nothing),
        // A far bound is a valid filter: nothing is due then.
        ("/api/v1/tasks?deadline_from=9999-12-31T23:59:59Z".into(), Nothing),
        ("/api/v1/tasks?status=%00".into(), Refused(400, "status")),
        ("/api/v1/tasks/9223372036854775807".into(), Missing("task")),
        ("/api/v1/tasks/9223372036854775807/history".into(), Missing("task")),
        ("/api/v1/files/9223372036854775807".into(), Missing("file")),
        ("/api/v1/directives?meeting_id=-9223372036854775808".into(), Refused(400, "meeting_id")),
        (format!("/api/v1/units/{own}/rollup?directive=-9223372036854775808"), Refused(400, "directive")),
        (format!("/api/v1/units/{own}/rollup?directive=9223372036854775807&category=gas"), Refused(422, "directive")),
        (format!("/api/v1/units/{own}/ranking?directive=0"), Refused(400, "directive")),
        (format!("/api/v1/units/{own}/rollup?category=%00"), Refused(400, "category")),
        (format!("/api/v1/units/{own}/ranking?directive=1&unknown=1"), Refused(400, "unknown")),
        ("/api/v1/units/9223372036854775807/ranking".into(), Missing("unit")),
        ("/api/v1/directives/9223372036854775807/rollup".into(), Missing("directive")),
    ];
    let mut wrong = Vec::new();
    for (path, expected) in &cases {
        let answer = s.bureau.get(path).await;
        let detail = answer.body["detail"].as_str().unwrap_or_default().to_owned();
        let fits = match expected {
            Refused(status, field) => answer.status == *status && answer.body["field"] == *field && !detail.is_empty(),
            Missing(thing) => answer.status == 404 && detail.contains(thing),
            Nothing => {
                answer.status == 200 && answer.body["total"] == 0 && answer.body["items"] == serde_json::json!([])
            }
        };
        if !fits {
            wrong.push(format!("{path}: {} {}", answer.status, answer.body));
        }
    }
    assert!(wrong.is_empty(), "answers not as expected:\n{}", wrong.join("\n"));
}
