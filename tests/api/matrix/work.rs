//! The work itself: reading tasks, evidence, directives and meetings; the lifecycle's steps;
//! writing meetings and directives; extensions, instructions, tokens and CSRF.

use super::*;

/// Reads: who may see the lead task, its child, the evidence, the directives and the meeting.
pub(super) async fn read_rows(w: &World) -> Vec<Row> {
    let (t, c, d) = (w.task, w.child, w.directive);
    let nanchang = w.app.unit("nc").await;
    let (yj, jj) = (w.app.unit("jj-yj").await, w.app.unit("jj").await);
    // A bulletin Jiujiang's secretariat published: readable by its unit and the units above it.
    let published = w
        .client(Who::OtherSecretariat)
        .post("/api/v1/bulletins", json!({ "from": "2026-11-21", "to": "2026-11-28", "commentary": "表扬与批评" }))
        .await
        .expect(201)["id"]
        .as_i64()
        .expect("bulletin id");
    vec![
        row(
            "get task",
            Call::Get(format!("/api/v1/tasks/{t}")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Bystander, 200)],
        ),
        row(
            "task history",
            Call::Get(format!("/api/v1/tasks/{t}/history")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ),
        row(
            "task reports",
            Call::Get(format!("/api/v1/tasks/{t}/reports")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ),
        row(
            "get child task",
            Call::Get(format!("/api/v1/tasks/{c}")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::Assigner, 200)],
        ),
        row(
            "download evidence",
            Call::Get(format!("/api/v1/files/{}", w.file)),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assigner, 200)],
        ),
        row(
            "get issued directive",
            Call::Get(format!("/api/v1/directives/{d}")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 200), (Who::OtherSecretariat, 404)],
        ),
        row(
            "get draft directive",
            Call::Get(format!("/api/v1/directives/{}", w.draft)),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404)],
        ),
        row(
            "get meeting",
            Call::Get(format!("/api/v1/meetings/{}", w.meeting)),
            // Units working on its directive read the meeting it came from; the sibling does not.
            [401, 404, 200, 200, 200, 200],
            &[(Who::ProvinceLeader, 200)],
        ),
        row(
            "get unit outside reach",
            Call::Get(format!("/api/v1/units/{nanchang}")),
            [401, 404, 404, 404, 404, 404],
            &[],
        ),
        row(
            "unit rollup",
            // The figures of a unit's subtree: its own unit and the units above it read them.
            Call::Get(format!("/api/v1/units/{yj}/rollup")),
            [401, 404, 404, 200, 200, 200],
            &[(Who::Assignee, 200), (Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::ProvinceLeader, 200)],
        ),
        row(
            "unit rollup outside reach",
            Call::Get(format!("/api/v1/units/{nanchang}/rollup?directive={d}")),
            [401, 404, 404, 404, 404, 404],
            &[],
        ),
        row(
            "unit ranking",
            Call::Get(format!("/api/v1/units/{jj}/ranking")),
            [401, 404, 404, 200, 200, 404],
            &[(Who::Bystander, 200), (Who::Assignee, 404), (Who::ProvinceLeader, 200)],
        ),
        row(
            "directive rollup",
            Call::Get(format!("/api/v1/directives/{d}/rollup")),
            [401, 404, 200, 200, 200, 200],
            &[(Who::Cooperating, 200), (Who::OtherSecretariat, 404), (Who::Assigner, 200)],
        ),
        row(
            "get bulletin",
            Call::Get(format!("/api/v1/bulletins/{published}")),
            [401, 404, 404, 200, 200, 404],
            &[(Who::OtherSecretariat, 200), (Who::Bystander, 200), (Who::ProvinceLeader, 200), (Who::Assigner, 404)],
        ),
        row("list bulletins", Call::Get("/api/v1/bulletins".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list tasks", Call::Get("/api/v1/tasks".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list directives", Call::Get("/api/v1/directives".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list meetings", Call::Get("/api/v1/meetings".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list units", Call::Get("/api/v1/units".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("inbox", Call::Get("/api/v1/inbox".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("me", Call::Get("/api/v1/me".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list tokens", Call::Get("/api/v1/tokens".into()), [401, 200, 200, 200, 200, 200], &[]),
        row("list calendar feeds", Call::Get("/api/v1/calendar-feeds".into()), [401, 200, 200, 200, 200, 200], &[]),
    ]
}

#[tokio::test]
async fn reads_are_refused_to_anonymous_callers_and_hidden_from_units_outside_the_task_chain() {
    let w = world().await;
    let (t, c, d) = (w.task, w.child, w.directive);
    w.run(&read_rows(&w).await).await;

    // Lists, even filtered straight at the objects, name only what the caller may see.
    let yj = w.app.unit("jj-yj").await;
    assert_eq!(w.client(Who::Assignee).unit_id(), yj);
    let ids = async |who: Who, path: String| -> Vec<i64> {
        let body = w.client(who).get(&path).await.expect(200);
        let items = body.get("items").unwrap_or(&body).as_array().expect("a list").clone();
        items.iter().map(|i| i["id"].as_i64().expect("id")).collect()
    };
    for query in ["", "?status=in_progress,acknowledged", &format!("?directive_id={d}"), &format!("?unit_id={yj}")] {
        let path = format!("/api/v1/tasks{query}&per_page=200").replacen('&', "?", usize::from(query.is_empty()));
        let sibling = ids(Who::Sibling, path.clone()).await;
        assert!(!sibling.contains(&t) && !sibling.contains(&c), "sibling list {path}: {sibling:?}");
        let child = ids(Who::Child, path.clone()).await;
        assert!(!child.contains(&t), "child list {path}: {child:?}");
        let cooperating = ids(Who::Cooperating, path.clone()).await;
        assert!(!cooperating.contains(&t) && !cooperating.contains(&c), "cooperating list {path}");
    }
    let leader = ids(Who::Leader, format!("/api/v1/tasks?directive_id={d}")).await;
    assert!(leader.contains(&t) && leader.contains(&c), "the mayor reads the whole chain: {leader:?}");
    assert!(ids(Who::Child, format!("/api/v1/tasks?directive_id={d}")).await.contains(&c));
    for who in [Who::Sibling, Who::OtherSecretariat, Who::Leader] {
        let directives = ids(who, "/api/v1/directives".into()).await;
        assert!(!directives.contains(&w.draft), "{who:?} lists the draft");
    }
    assert!(!ids(Who::Sibling, "/api/v1/meetings".into()).await.contains(&w.meeting), "the sibling lists the meeting");
    assert!(ids(Who::Leader, "/api/v1/meetings".into()).await.contains(&w.meeting), "the mayor lists the meeting");
    assert!(!ids(Who::Sibling, "/api/v1/directives".into()).await.contains(&d));
}

const ASSIGNER_ACTIONS: [&str; 4] = ["accept", "return", "reassign", "cancel"];

/// Every lifecycle action, with a body that would succeed for the right party.
pub(super) fn actions(w: &World, task: i64, version: i32) -> Vec<(&'static str, Call)> {
    let path = |action: &str| format!("/api/v1/tasks/{task}/{action}");
    vec![
        ("acknowledge", Call::Post(path("acknowledge"), json!({ "version": version }))),
        ("decline", Call::Post(path("decline"), json!({ "version": version, "reason": "不属本单位职责" }))),
        ("progress", Call::Post(path("progress"), json!({ "version": version, "text": "进展", "progress": 50 }))),
        ("progress with evidence", Call::Report(path("progress"), version)),
        ("complete", Call::Post(path("complete"), json!({ "version": version, "text": "已办结" }))),
        ("accept", Call::Post(path("accept"), json!({ "version": version }))),
        ("return", Call::Post(path("return"), json!({ "version": version, "reason": "证据不足" }))),
        ("reassign", Call::Post(path("reassign"), json!({ "version": version, "unit_id": w.ruichang }))),
        ("cancel", Call::Post(path("cancel"), json!({ "version": version, "text": "撤销" }))),
    ]
}

/// Asserts a 409 is the wrong-party refusal (not a stale version or a state refusal).
pub(super) async fn wrong_party(w: &World, name: &str, call: &Call, who: Who) {
    let answer = w.check(name, call, who, 409).await;
    let detail = answer.body["detail"].as_str().unwrap_or_default();
    assert!(detail.starts_with("only the"), "{name} as {who:?} is refused as the wrong party: {detail}");
}

/// The lifecycle actions and the split of the lead task, refused to everyone but its parties.
pub(super) async fn lifecycle_rows(w: &World) -> Vec<Row> {
    let mut rows = Vec::new();
    for (name, call) in actions(w, w.task, w.task_version) {
        rows.push(row(
            name,
            call,
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404)],
        ));
    }
    let split = json!({ "assignees": [{ "unit_id": w.app.unit("jj-hukou-yj").await }], "deadline": days(&w.app, 10) });
    rows.push(row(
        "split",
        Call::Post(w.task_path("split"), split),
        [401, 404, 404, 403, 403, 403],
        &[(Who::Cooperating, 404), (Who::Bystander, 403), (Who::Assigner, 403)],
    ));
    rows
}

#[tokio::test]
async fn lifecycle_actions_are_refused_to_strangers_leaders_and_the_wrong_party_and_change_nothing() {
    let w = world().await;
    w.run(&lifecycle_rows(&w).await).await;

    // Those who see the task but are not the party the lifecycle names get 409.
    for (name, call) in actions(&w, w.task, w.task_version) {
        let other_side = if ASSIGNER_ACTIONS.contains(&name) { Who::Assignee } else { Who::Assigner };
        wrong_party(&w, name, &call, Who::Bystander).await;
        wrong_party(&w, name, &call, other_side).await;
    }
    // On the child task the bureau is the assigner and Ruichang the assignee; the province
    // sees the child task but is neither.
    for (name, call) in actions(&w, w.child, w.child_version) {
        w.check(name, &call, Who::Anonymous, 401).await;
        w.check(name, &call, Who::Sibling, 404).await;
        w.check(name, &call, Who::Cooperating, 404).await;
        w.check(name, &call, Who::Leader, 403).await;
        wrong_party(&w, name, &call, Who::Assigner).await;
        wrong_party(&w, name, &call, Who::Bystander).await;
        let other_side = if ASSIGNER_ACTIONS.contains(&name) { Who::Child } else { Who::Assignee };
        wrong_party(&w, name, &call, other_side).await;
    }
}

/// Writing meetings and directives: the issuing secretariat only.
pub(super) async fn writing_rows(w: &World) -> Vec<Row> {
    let meeting = json!({ "title_zh": "会议", "title_en": "Meeting", "held_on": "2026-11-25" });
    let directive = json!({ "title_zh": "新部署", "title_en": "New directive", "category": "gas", "priority": "normal",
        "deadline": days(&w.app, 20) });
    let mut edit = directive.clone();
    edit["version"] = json!(w.draft_version);
    let mut edit_issued = edit.clone();
    edit_issued["version"] = json!(2);
    let issue = json!({ "version": w.draft_version });
    let assign = json!({ "lead_unit_id": w.app.unit("jj-ga").await });
    let (d, draft) = (w.directive, w.draft);
    vec![
        row(
            "create meeting",
            Call::Post("/api/v1/meetings".into(), meeting),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::SiblingLeader, 403)],
        ),
        row(
            "create directive",
            Call::Post("/api/v1/directives".into(), directive),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::ProvinceLeader, 403)],
        ),
        row(
            "edit draft",
            Call::Put(format!("/api/v1/directives/{draft}"), edit),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "issue draft",
            Call::Post(format!("/api/v1/directives/{draft}/issue"), issue),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "edit issued directive",
            Call::Put(format!("/api/v1/directives/{d}"), edit_issued),
            [401, 404, 403, 403, 403, 403],
            &[(Who::OtherSecretariat, 404), (Who::Assigner, 409)],
        ),
        row(
            "publish bulletin",
            Call::Post(
                "/api/v1/bulletins".into(),
                json!({ "from": "2026-11-21", "to": "2026-11-28", "commentary": "通报" }),
            ),
            [401, 403, 403, 403, 403, 403],
            &[(Who::SameUnitOfficer, 403), (Who::Assignee, 403), (Who::ProvinceLeader, 403)],
        ),
        row(
            "issue and assign a meeting's drafts",
            Call::Post(
                format!("/api/v1/meetings/{}/assignments", w.meeting),
                json!({ "directives": [{ "id": draft, "version": w.draft_version }], "assignment": assign }),
            ),
            [401, 404, 404, 404, 404, 404],
            &[(Who::OtherSecretariat, 404), (Who::ProvinceLeader, 404), (Who::SameUnitOfficer, 403)],
        ),
        row(
            "assign directive",
            Call::Post(format!("/api/v1/directives/{d}/assignments"), assign),
            [401, 404, 403, 403, 403, 403],
            &[
                (Who::OtherSecretariat, 404),
                (Who::Cooperating, 403),
                (Who::Bystander, 403),
                (Who::SameUnitOfficer, 403),
            ],
        ),
    ]
}

#[tokio::test]
async fn meetings_and_directives_are_written_only_by_the_issuing_secretariat_and_hidden_from_others() {
    let w = world().await;
    w.run(&writing_rows(&w).await).await;
}

/// Extensions, instructions and tokens.
pub(super) async fn access_rows(w: &World) -> Vec<Row> {
    let (t, d, e) = (w.task, w.directive, w.extension);
    let bureau_token = w.client(Who::Assignee).get("/api/v1/tokens").await.expect(200)[0]["id"].as_i64().expect("id");
    let made = w.client(Who::Assignee).post("/api/v1/calendar-feeds", json!({ "name": "matrix" })).await.expect(201);
    let bureau_feed = made["id"].as_i64().expect("feed id");
    let extension = json!({ "requested_deadline": days(&w.app, 45), "reason": "需要更多时间" });
    let on_task = json!({ "task_id": t, "body": "要压实责任，确保汛前全部整改到位" });
    let on_directive = json!({ "directive_id": d, "body": "各地要举一反三" });
    vec![
        row(
            "request extension",
            Call::Post(w.task_path("extensions"), extension),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assigner, 403), (Who::Bystander, 403)],
        ),
        row(
            "approve extension",
            Call::Post(format!("/api/v1/extensions/{e}/approve"), json!({})),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "refuse extension",
            Call::Post(format!("/api/v1/extensions/{e}/refuse"), json!({ "reason": "不同意" })),
            [401, 404, 404, 403, 403, 403],
            &[(Who::Cooperating, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        // 催办: the assigner, the secretariat and leaders above; never the unit that owes the work.
        row(
            "remind",
            Call::Post(w.task_path("reminders"), json!({ "message": "请加快进度" })),
            [401, 404, 404, 0, 403, 403],
            &[(Who::Cooperating, 404), (Who::SiblingLeader, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "instruction on task",
            Call::Post("/api/v1/instructions".into(), on_task.clone()),
            [401, 404, 404, 0, 403, 0],
            &[(Who::SiblingLeader, 404), (Who::Cooperating, 404), (Who::Assignee, 403), (Who::Bystander, 403)],
        ),
        row(
            "instruction on directive",
            Call::Post("/api/v1/instructions".into(), on_directive),
            [401, 404, 403, 0, 403, 0],
            &[(Who::SiblingLeader, 404), (Who::OtherSecretariat, 404)],
        ),
        row(
            "revoke another's token",
            Call::Delete(format!("/api/v1/tokens/{bureau_token}")),
            [401, 404, 404, 404, 404, 404],
            &[(Who::Assigner, 404)],
        ),
        row("create token", Call::Post("/api/v1/tokens".into(), json!({ "name": "x" })), [401, 0, 0, 0, 0, 0], &[]),
        row(
            "revoke another's calendar feed",
            Call::Delete(format!("/api/v1/calendar-feeds/{bureau_feed}")),
            [401, 404, 404, 404, 404, 404],
            &[(Who::Assigner, 404)],
        ),
        // Administrators follow no tasks, so they have no deadlines to subscribe to.
        row(
            "create calendar feed",
            Call::Post("/api/v1/calendar-feeds".into(), json!({ "name": "x" })),
            [401, 0, 0, 0, 403, 0],
            &[],
        ),
    ]
}

#[tokio::test]
async fn files_extensions_instructions_and_tokens_are_refused_to_those_outside_and_leaders_may_only_instruct() {
    let w = world().await;
    w.run(&access_rows(&w).await).await;
    let t = w.task;
    let on_task = json!({ "task_id": t, "body": "要压实责任，确保汛前全部整改到位" });
    w.client(Who::Assignee).get("/api/v1/me").await.expect(200);

    // The mayor may instruct on the bureau's task: one event in its trail, and the instruction
    // reaches the county below; units outside still see nothing of it.
    let events = w.client(Who::Assignee).get(&format!("/api/v1/tasks/{t}/history")).await.expect(200);
    let written = w.client(Who::Leader).post("/api/v1/instructions", on_task).await.expect(201);
    assert_eq!(written["task_id"], t);
    let after = w.client(Who::Assignee).get(&format!("/api/v1/tasks/{t}/history")).await.expect(200);
    assert_eq!(after.as_array().map(Vec::len), events.as_array().map(|e| e.len() + 1));
    let child = w.client(Who::Child).get(&format!("/api/v1/tasks/{}", w.child)).await.expect(200);
    assert!(child["instructions"].as_array().expect("instructions").iter().any(|i| i["id"] == written["id"]));
    w.check("get task", &Call::Get(format!("/api/v1/tasks/{t}")), Who::Sibling, 404).await;
}

#[tokio::test]
async fn a_cookie_session_write_without_its_csrf_token_is_refused_with_403_and_changes_nothing() {
    let w = world().await;
    let session = w.app.sign_in("jj-yj", DEMO_PASSWORD).await;
    let forged = |csrf: Option<String>| Client {
        base: session.base.clone(),
        http: session.http.clone(),
        bearer: None,
        csrf,
        user: session.user.clone(),
    };
    let progress = json!({ "version": w.task_version, "text": "进展", "progress": 60 });
    for client in [forged(None), forged(Some("0".repeat(64)))] {
        for call in [
            Call::Post(w.task_path("progress"), progress.clone()),
            Call::Report(w.task_path("progress"), w.task_version),
            Call::Post("/api/v1/tokens".into(), json!({ "name": "csrf" })),
            Call::Delete("/api/v1/session".into()),
        ] {
            let before = w.state().await;
            let answer = call.send(&client).await;
            assert_eq!(answer.status, 403, "{}", answer.body);
            assert!(answer.body["detail"].as_str().unwrap_or_default().contains("CSRF"), "{}", answer.body);
            assert_eq!(w.state().await, before, "a forged write changed something");
        }
        // Reads need no token, and the session survived the refused sign-out.
        client.get(&format!("/api/v1/tasks/{}", w.task)).await.expect(200);
    }
    // With its token the same session may write.
    session.post(&w.task_path("progress"), progress).await.expect(200);
}

#[tokio::test]
async fn a_revoked_api_token_is_refused_with_401_and_only_its_owner_may_revoke_it() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let bureau = app.as_user("jj-yj").await;
    let stranger = app.as_user("jj-jj").await;
    let tokens = bureau.get("/api/v1/tokens").await.expect(200);
    let id = tokens[0]["id"].as_i64().expect("token id");
    stranger.delete(&format!("/api/v1/tokens/{id}")).await.expect(404);
    bureau.get("/api/v1/me").await.expect(200);
    let revoked = bureau.delete(&format!("/api/v1/tokens/{id}")).await.expect(200);
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    for answer in [
        bureau.get("/api/v1/me").await,
        bureau.get("/api/v1/tasks").await,
        bureau.post("/api/v1/tokens", json!({ "name": "again" })).await,
    ] {
        assert_eq!(answer.status, 401, "{}", answer.body);
    }
    stranger.get("/api/v1/me").await.expect(200);
}
