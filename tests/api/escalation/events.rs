//! Reminders and the messages of events: unacknowledged tasks, assignments, returns,
//! extension decisions, instructions, completions, bulletins and the province-wide digest.

use super::*;

#[tokio::test]
async fn an_unacknowledged_task_past_its_limit_draws_one_reminder() {
    let w = world().await;
    let task = assign(&w.app, &w.org, w.task.directive_id.0, day(2026, 12, 26), TaskRole::Cooperating).await;
    // Assigned on Saturday 28 November with one working day to acknowledge: due by Monday 30.
    w.sweep_at(day(2026, 11, 30)).await;
    let rows_for = async |id: i64| {
        notifications::Entity::find()
            .filter(notifications::Column::TaskId.eq(id))
            .filter(notifications::Column::DedupKey.starts_with("ack:"))
            .all(&w.app.ctx.db)
            .await
            .expect("rows")
    };
    assert!(rows_for(task.id.0).await.is_empty());
    w.sweep_at(day(2026, 12, 1)).await;
    w.sweep_at(day(2026, 12, 2)).await;
    let rows = rows_for(task.id.0).await;
    assert_eq!(w.who(&rows), pairs(&[("ack_overdue", "bureau"), ("ack_overdue", "bureau-en")]));
    assert!(rows.iter().all(|r| r.dedup_key.starts_with(&format!("ack:{}:", task.id))));
}

#[tokio::test]
async fn a_user_without_an_e_mail_address_is_skipped_and_counted() {
    let w = world().await;
    use sea_orm::{ActiveModelTrait, Set};
    let mut user: duban::entities::users::ActiveModel =
        store::users::get(&w.app.ctx.db, w.english.user_id.0).await.expect("user").into();
    user.email = Set(String::new());
    user.update(&w.app.ctx.db).await.expect("cleared");
    let report = w.sweep_at(day(2026, 12, 7)).await;
    assert_eq!((report.enqueued, report.without_email), (1, 1));
    assert_eq!(w.who(&w.rows().await), pairs(&[("reminder", "bureau")]));
}

#[tokio::test]
async fn escalate_once_writes_the_demo_mail_and_a_second_run_adds_none() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let first = app.duban(&["escalate", "--once"], "").await;
    assert!(first.success, "{first:?}");
    let written = std::fs::read_dir(app.ctx.config.outbox_dir()).expect("data/outbox").count();
    assert!(written > 0, "{first:?}");
    let second = app.duban(&["escalate", "--once"], "").await;
    assert!(second.success, "{second:?}");
    assert!(second.stdout.contains("queued 0 new"), "{}", second.stdout);
    assert_eq!(std::fs::read_dir(app.ctx.config.outbox_dir()).expect("data/outbox").count(), written);
    let listing = app.duban(&["outbox"], "").await;
    assert!(listing.success, "{listing:?}");
    assert!(listing.stdout.contains(&format!("sent {written}")), "{}", listing.stdout);
}

#[tokio::test]
async fn assignments_returns_extension_decisions_and_instructions_are_told_to_the_unit_once() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    let ctx = &w.app.ctx;
    w.app.clock.set(at(day(2026, 12, 1)));
    // A leader's instruction on the task, an extension refused, a completion returned.
    instructions::create(ctx, &w.org.leader, instructions::Target::Task(w.task.id), "务必<彻底>整改", None)
        .await
        .expect("instruction");
    let request = extensions::request(ctx, &w.org.bureau, w.task.id, end_of_day(day(2026, 12, 18), TZ), "人手不足")
        .await
        .expect("requested");
    extensions::decide(ctx, &w.org.secretariat, request.id, false, Some("期限不变")).await.expect("refused");
    let task = w.app.ctx.db.clone();
    let task: Task = store::tasks::get(&task, w.task.id.0).await.expect("task").into();
    let task = w
        .app
        .act(
            &w.org.bureau,
            task.id.0,
            TaskAction::Complete,
            ActionInput { version: task.version, text: Some("已完成".into()), ..Default::default() },
        )
        .await
        .expect("submitted");
    w.app
        .act(
            &w.org.secretariat,
            task.id.0,
            TaskAction::Return,
            ActionInput { version: task.version, text: Some("缺少整改照片".into()), ..Default::default() },
        )
        .await
        .expect("returned");
    // And a new task for the bureau.
    assign(&w.app, &w.org, w.task.directive_id.0, day(2026, 12, 24), TaskRole::Cooperating).await;

    let first = escalation::sweep(ctx).await.expect("sweep");
    // Seven events: the instruction is recorded on itself and on its task; besides the
    // decision, the return and the assignment, the extension request and the completion.
    assert_eq!(first.changes, 7, "{first:?}");
    let second = escalation::sweep(ctx).await.expect("sweep");
    assert_eq!(second.enqueued, 0, "a second sweep adds nothing");
    let rows = notifications::Entity::find()
        .filter(notifications::Column::DedupKey.starts_with("change:"))
        .all(&ctx.db)
        .await
        .expect("rows");
    assert_eq!(
        w.who(&rows),
        pairs(&[
            ("instruction", "bureau"),
            ("instruction", "bureau-en"),
            ("instruction", "bureau-head"),
            ("extension_decided", "bureau"),
            ("extension_decided", "bureau-en"),
            ("returned", "bureau"),
            ("returned", "bureau-en"),
            ("assigned", "bureau"),
            ("assigned", "bureau-en"),
        ])
    );
    // The request was decided and the completion reviewed before the sweep: nothing waits
    // for the assigning unit any more, so it is not told.
    assert_eq!(rows.len(), 9);
    let sent = outbox::send_due(ctx, &mailer, "sender").await.expect("send");
    assert_eq!(sent.sent, 9);
    let messages = smtp.messages();
    let about = |address: &str, template_word: &str| {
        messages
            .iter()
            .find(|m| m.to == [address.to_owned()] && m.subject().contains(template_word))
            .unwrap_or_else(|| panic!("{template_word} to {address}"))
            .clone()
    };
    let returned = about("bureau@test.example", "办结报告被退回");
    assert!(returned.text().contains("退回理由：缺少整改照片"), "{}", returned.text());
    let instruction = about("bureau-head@test.example", "领导批示");
    assert!(instruction.text().contains("leader对以下工作作出批示"), "{}", instruction.text());
    assert!(instruction.html().contains("务必&lt;彻底&gt;整改"), "{}", instruction.html());
    let refused = about("bureau-en@test.example", "Extension refused");
    assert!(refused.text().contains("Note: 期限不变"), "{}", refused.text());
    about("bureau-en@test.example", "New task");

    // An instruction on the whole directive reaches each unit holding an open task of it, once
    // per person however many of its tasks the unit holds.
    instructions::create(ctx, &w.org.leader, instructions::Target::Directive(w.task.directive_id), "全面落实", None)
        .await
        .expect("instruction");
    let report = escalation::sweep(ctx).await.expect("sweep");
    assert_eq!(report.enqueued, 3, "{report:?}");
}

#[tokio::test]
async fn the_shipped_calendar_imports_once_and_a_bad_file_changes_nothing() {
    let app = spawn_app().await;
    let file = crate::helpers::repository_file("assets/calendar/cn-2026.csv");
    let first = app.duban(&["calendar", "import", &file], "").await;
    assert!(first.success, "{first:?}");
    assert!(first.stdout.contains("25 days added, 0 changed, 0 as they were"), "{}", first.stdout);
    let second = app.duban(&["calendar", "import", &file], "").await;
    assert!(second.stdout.contains("0 days added, 0 changed, 25 as they were"), "{}", second.stdout);
    let calendar = store::calendar::load(&app.ctx.db).await.expect("calendar");
    assert!(!calendar.is_working_day(day(2026, 10, 1)) && calendar.is_working_day(day(2026, 10, 10)));

    let dir = tempfile::tempdir().expect("folder");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "day,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,周六\n").expect("written");
    let refused = app.duban(&["calendar", "import", &bad.display().to_string()], "").await;
    assert!(!refused.success);
    assert!(
        refused.stderr.contains("line 3: 2 Jan 2027 is marked Holiday: the day is a weekend already"),
        "{}",
        refused.stderr
    );
    assert!(store::calendar::get(&app.ctx.db, day(2027, 1, 1)).await.expect("read").is_none(), "all or nothing");
}

#[tokio::test]
async fn leaders_get_one_weekly_bulletin_ranking_their_child_units() {
    let w = world().await;
    let ctx = &w.app.ctx;
    let bulletin_to = async |user: &str, week: &str| -> String {
        let id = w.names.iter().find(|(_, n)| n.as_str() == user).map(|(id, _)| *id).expect("user");
        notifications::Entity::find()
            .filter(notifications::Column::DedupKey.eq(format!("bulletin:{week}:u{id}")))
            .one(&ctx.db)
            .await
            .expect("read")
            .map(|n| n.body_text)
            .unwrap_or_default()
    };
    // Monday 7 December: the province's leader and Jiujiang's mayor lead units with units below.
    w.app.clock.set(at(day(2026, 12, 7)));
    assert_eq!(escalation::weekly_bulletins(ctx).await.expect("bulletins"), 2);
    assert_eq!(escalation::weekly_bulletins(ctx).await.expect("bulletins"), 0, "once a week");
    w.app.clock.set(at(day(2026, 12, 9)));
    assert_eq!(escalation::weekly_bulletins(ctx).await.expect("bulletins"), 0, "still the same week");
    let mayor = bulletin_to("mayor", "2026-12-07").await;
    assert!(
        mayor.contains(
            "1. jj-yj 单位  1  0  0.0%  —  0\n2. jj-xf 单位  0  0  —  —  0\n3. jj-ruichang 单位  0  0  —  —  0"
        ),
        "{mayor}"
    );
    let leader = bulletin_to("leader", "2026-12-07").await;
    assert!(leader.contains("1. jj 单位  1  0  0.0%  —  0"), "{leader}");
    assert!(bulletin_to("bureau-head", "2026-12-07").await.is_empty(), "no units below the bureau");
    // The next Monday the bureau's task is overdue.
    w.app.clock.set(at(day(2026, 12, 14)));
    assert_eq!(escalation::weekly_bulletins(ctx).await.expect("bulletins"), 2);
    let mayor = bulletin_to("mayor", "2026-12-14").await;
    assert!(mayor.contains("1. jj-yj 单位  1  0  0.0%  —  1"), "{mayor}");
}

#[tokio::test]
async fn a_step_naming_no_template_is_skipped_and_holds_up_nothing_else() {
    let w = world().await;
    let db = &w.app.ctx.db;
    // A ladder for normal priority (the task's) whose first rung names a template that does not exist.
    let ladder = [
        (-3, duban::domain::vocabulary::Audience::AssigneeUnit, "no_such_template"),
        (-3, duban::domain::vocabulary::Audience::AssigneeHead, "reminder"),
    ];
    store::escalation::insert_policy(db, "broken", Some(Priority::Normal), &ladder, w.app.clock.now_utc())
        .await
        .expect("policy");
    let report = w.sweep_at(day(2026, 12, 7)).await;
    assert_eq!(report.enqueued, 1, "{report:?}");
    assert_eq!(w.who(&w.rows().await), pairs(&[("reminder", "bureau-head")]));
}

#[tokio::test]
async fn an_instruction_on_a_task_reaches_the_units_its_splits_went_to() {
    let w = world().await;
    let ctx = &w.app.ctx;
    let now = w.app.clock.now_utc();
    // A unit below the bureau, with an officer, and a split of the bureau's task to it.
    let unit = duban::domain::organisation::UnitFields {
        key: "jj-yj-team".into(),
        parent_key: Some("jj-yj".into()),
        kind: duban::domain::vocabulary::UnitKind::Department,
        level: duban::domain::vocabulary::UnitLevel::County,
        function: None,
        name_zh: "jj-yj-team 单位".into(),
        name_en: "jj-yj-team unit".into(),
        email: None,
        head_email: None,
        short_name: None,
        aliases: Vec::new(),
        doc_prefix: None,
    };
    setup::create_unit(&ctx.db, None, &unit, now).await.expect("unit");
    let hash = setup::hash_password("correct horse battery").expect("hash");
    let input = UserInput {
        username: "team".into(),
        display_name: "team".into(),
        email: "team@test.example".into(),
        role: Role::Officer,
        unit_key: "jj-yj-team".into(),
        locale: Locale::Zh,
    };
    let team = setup::create_user(&ctx.db, None, &input, hash, now).await.expect("user");
    let split = AssignInput {
        origin: Origin::Split { parent_task_id: w.task.id },
        assignees: &[Assignee { unit_id: UnitId(team.unit_id), role: TaskRole::Lead }],
        title: None,
        description: None,
        deadline: w.task.deadline,
        ack_within_days: 1,
        report_every_days: None,
    };
    tasks::assign(ctx, &w.org.bureau, split).await.expect("split");
    escalation::sweep(ctx).await.expect("the split's own message");

    instructions::create(ctx, &w.org.leader, instructions::Target::Task(w.task.id), "层层压实责任", None)
        .await
        .expect("instruction");
    escalation::sweep(ctx).await.expect("sweep");
    let rows = notifications::Entity::find()
        .filter(notifications::Column::Template.eq("instruction"))
        .all(&ctx.db)
        .await
        .expect("rows");
    let mut to: Vec<String> = rows.iter().map(|r| r.recipient_email.clone()).collect();
    to.sort();
    assert_eq!(to, ["bureau-en@test.example", "bureau-head@test.example", "bureau@test.example", "team@test.example"]);
}

#[tokio::test]
async fn a_province_with_thousands_of_late_tasks_writes_each_person_above_at_most_one_digest() {
    use duban::entities::{tasks as task_rows, units, users};
    let app = spawn_app().await;
    duban::services::scale::seed(&app.ctx, 4_000, &crate::helpers::Quiet).await.expect("seeded");
    // A working day: the seed's deadlines are spread around the test's "today".
    app.clock.set(at(day(2026, 12, 1)));
    let first = escalation::sweep(&app.ctx).await.expect("sweep");
    assert!(first.digested > 100, "many tasks reached those above: {first:?}");
    let again = escalation::sweep(&app.ctx).await.expect("second sweep");
    assert_eq!((again.enqueued, again.digests), (0, 0), "one digest a day, however many sweeps");

    let rows = notifications::Entity::find().all(&app.ctx.db).await.expect("rows");
    let people: BTreeMap<i64, users::Model> =
        users::Entity::find().all(&app.ctx.db).await.expect("users").into_iter().map(|u| (u.id, u)).collect();
    let unit_heads: BTreeMap<i64, Option<String>> = units::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("units")
        .into_iter()
        .map(|u| (u.id, u.head_email))
        .collect();
    let tasks: BTreeMap<i64, task_rows::Model> =
        task_rows::Entity::find().all(&app.ctx.db).await.expect("tasks").into_iter().map(|t| (t.id, t)).collect();
    let mut digests_per_person: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        match row.task_id {
            // A message about one task goes to the unit that owes it: its people, or its head.
            Some(task_id) => {
                let unit = tasks[&task_id].assignee_unit_id;
                let to_the_unit = match row.recipient_user_id {
                    Some(user) => people[&user].unit_id == unit,
                    None => unit_heads[&unit].as_deref().is_some_and(|h| h.eq_ignore_ascii_case(&row.recipient_email)),
                };
                assert!(
                    to_the_unit,
                    "{} about task {task_id} goes to its unit, not to {}",
                    row.template, row.recipient_email
                );
            }
            None if row.template == "digest" => {
                *digests_per_person.entry(row.recipient_email.to_lowercase()).or_default() += 1;
            }
            None => assert_eq!(row.template, "reminders", "a bundle of the unit's own reminders"),
        }
    }
    assert_eq!(digests_per_person.len() as u64, first.digests);
    assert!(digests_per_person.values().all(|n| *n == 1), "{digests_per_person:?}");
    // What reaches one address from the sweep: at most three reminders alone, one bundle of the
    // rest and one digest (rows told inside a bundle are never sent).
    let mut per_address: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.status != NotificationStatus::Bundled) {
        *per_address.entry(row.recipient_email.to_lowercase()).or_default() += 1;
    }
    let most = per_address.values().max().copied().unwrap_or(0);
    assert!(most <= 3 + 1 + 1, "at most five messages to one address: {most}");
    assert!(first.bundles > 0 && first.bundled > first.bundles, "units with many tasks got bundles: {first:?}");
    let root_secretariat = people.values().find(|u| u.username == "p-secretariat").expect("the root secretariat");
    let theirs = rows.iter().filter(|r| r.recipient_user_id == Some(root_secretariat.id)).count();
    assert!(theirs <= 1, "the province secretariat gets its digest, not an e-mail per task: {theirs}");
}

#[tokio::test]
async fn a_completion_an_extension_request_and_a_decline_reach_the_assigning_units_officers_once() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    let ctx = &w.app.ctx;
    // The assigning office has a second officer, and a leader of its own who is not told.
    let hash = setup::hash_password("correct horse battery").expect("hash");
    for (username, role) in [("aw-officer", Role::Officer), ("aw-head", Role::Leader)] {
        let input = UserInput {
            username: username.to_owned(),
            display_name: username.to_owned(),
            email: format!("{username}@test.example"),
            role,
            unit_key: "jx-aw".to_owned(),
            locale: Locale::Zh,
        };
        setup::create_user(&ctx.db, None, &input, hash.clone(), w.app.clock.now_utc()).await.expect("user");
    }
    w.app.clock.set(at(day(2026, 12, 1)));
    extensions::request(ctx, &w.org.bureau, w.task.id, end_of_day(day(2026, 12, 18), TZ), "人手<不足>")
        .await
        .expect("requested");
    let task: Task = store::tasks::get(&ctx.db, w.task.id.0).await.expect("task").into();
    w.app
        .act(
            &w.org.bureau,
            task.id.0,
            TaskAction::Complete,
            ActionInput { version: task.version, text: Some("已全部整改".into()), ..Default::default() },
        )
        .await
        .expect("submitted");
    let other = assign(&w.app, &w.org, w.task.directive_id.0, day(2026, 12, 24), TaskRole::Cooperating).await;
    w.app
        .act(
            &w.org.bureau,
            other.id.0,
            TaskAction::Decline,
            ActionInput { version: other.version, text: Some("不属于本单位职责".into()), ..Default::default() },
        )
        .await
        .expect("declined");

    escalation::sweep(ctx).await.expect("sweep");
    assert_eq!(escalation::sweep(ctx).await.expect("sweep").enqueued, 0, "a second sweep adds nothing");
    let up = ["submitted", "extension_requested", "declined"];
    let rows: Vec<notifications::Model> = notifications::Entity::find()
        .filter(notifications::Column::Template.is_in(up))
        .all(&ctx.db)
        .await
        .expect("rows");
    let who: Vec<(String, String, i64)> = {
        let mut who: Vec<(String, String, i64)> =
            rows.iter().map(|r| (r.template.clone(), r.recipient_email.clone(), r.task_id.unwrap_or(0))).collect();
        who.sort();
        who
    };
    let (first, second) = (w.task.id.0, other.id.0);
    let expected: Vec<(String, String, i64)> = [
        ("declined", "aw-officer@test.example", second),
        ("declined", "secretariat@test.example", second),
        ("extension_requested", "aw-officer@test.example", first),
        ("extension_requested", "secretariat@test.example", first),
        ("submitted", "aw-officer@test.example", first),
        ("submitted", "secretariat@test.example", first),
    ]
    .into_iter()
    .map(|(t, a, id)| (t.to_owned(), a.to_owned(), id))
    .collect();
    assert_eq!(who, expected, "the assigning unit's officers, once each; not its leader, not the bureau");

    outbox::send_due(ctx, &mailer, "sender").await.expect("send");
    let messages = smtp.messages();
    let browser = w.app.browse_as("secretariat", "correct horse battery").await;
    for (subject, task_id, says) in [
        ("办结报告待你单位审核", first, "办结情况：已全部整改"),
        ("申请延期", first, "申请理由：人手<不足>"),
        ("承办单位拒收", second, "拒收理由：不属于本单位职责"),
    ] {
        for address in ["secretariat@test.example", "aw-officer@test.example"] {
            let got: Vec<_> =
                messages.iter().filter(|m| m.to == [address.to_owned()] && m.subject().contains(subject)).collect();
            assert_eq!(got.len(), 1, "{subject} to {address}, exactly once");
            let text = got[0].text();
            assert!(text.contains(says), "{text}");
            assert!(got[0].html().contains("&lt;") || !says.contains('<'), "the HTML part escapes what was written");
            // The link is the task's page, not the JSON API, and it opens for the recipient.
            let link = format!("{}/tasks/{task_id}", ctx.config.base_url.trim_end_matches('/'));
            assert!(text.contains(&link) && !text.contains("/api/"), "{text}");
            let path = link.strip_prefix(ctx.config.base_url.trim_end_matches('/')).expect("under base_url");
            let page = browser.get(format!("{}{path}", w.app.address)).send().await.expect("page");
            assert_eq!(page.status(), 200, "{link}");
            assert!(page.text().await.expect("body").contains("危化品"), "the task's page");
        }
    }
    assert!(messages.iter().all(|m| m.to != ["aw-head@test.example".to_owned()]), "the office's leader is not told");
}

#[tokio::test]
async fn a_task_the_unit_assigned_that_is_overdue_is_in_its_inbox_apart_from_its_own_overdue_work() {
    let w = world().await;
    // Due Friday 11 December, acknowledged and still open on Monday the 14th.
    w.app.clock.set(at(day(2026, 12, 14)));
    let id = w.task.id.0;
    let ids = |section: &serde_json::Value| -> Vec<i64> {
        section.as_array().expect("section").iter().map(|t| t["id"].as_i64().expect("id")).collect()
    };
    let secretariat = w.app.sign_in("secretariat", "correct horse battery").await;
    let inbox = secretariat.get("/api/v1/inbox").await.expect(200);
    assert_eq!(ids(&inbox["assigned_overdue"]), vec![id], "{inbox}");
    assert_eq!(inbox["totals"]["assigned_overdue"], 1);
    assert!(ids(&inbox["overdue"]).is_empty(), "not the secretariat's own overdue work");
    let bureau = w.app.sign_in("bureau", "correct horse battery").await;
    let inbox = bureau.get("/api/v1/inbox").await.expect(200);
    assert_eq!(ids(&inbox["overdue"]), vec![id]);
    assert!(ids(&inbox["assigned_overdue"]).is_empty(), "the bureau assigned nothing");

    let browser = w.app.browse_as("secretariat", "correct horse battery").await;
    let html = browser.get(format!("{}/inbox", w.app.address)).send().await.expect("page").text().await.expect("body");
    let section = html.split("我交办的逾期任务").nth(1).expect("the section is on the page");
    let section = section.split("<section").next().unwrap_or_default();
    assert!(section.contains(&format!("/tasks/{id}")), "{section}");
    // Before the deadline the section is empty.
    w.app.clock.set(at(day(2026, 12, 10)));
    let inbox = secretariat.get("/api/v1/inbox").await.expect(200);
    assert!(ids(&inbox["assigned_overdue"]).is_empty());
}
