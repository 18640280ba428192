//! Reminders and escalations: the default ladder on working days, once per key, never about a
//! closed task nor to someone who can no longer see it, delivered over real SMTP exactly once
//! through outages, competing senders and a sender that died. Time is the test clock's; the
//! sweep and the sender are called directly.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use duban::{
    domain::{
        calendar::end_of_day,
        directives::{DirectiveFields, Filing},
        drafting::Category,
        lifecycle::TaskAction,
        vocabulary::{DayKind, DirectiveSource, DirectiveStatus, Locale, NotificationStatus, Priority, Role, TaskRole},
    },
    entities::notifications,
    mail::Mailer,
    services::{
        Actor, escalation, extensions, instructions, outbox,
        records::Task,
        setup::{self, UserInput},
        tasks::{self, ActionInput, AssignInput, Assignee, Origin},
    },
    store::{self, notifications::NewNotification},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    helpers::{NowUtc, Org, TestApp, spawn_app, spawn_app_with},
    smtp::SmtpServer,
};
use duban::domain::ids::{DirectiveId, UnitId, UserId};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// 10:00 in Beijing on that day.
fn at(date: NaiveDate) -> DateTime<Utc> {
    TZ.from_local_datetime(&date.and_hms_opt(10, 0, 0).expect("time"))
        .single()
        .expect("valid instant")
        .with_timezone(&Utc)
}

/// The small organisation, with a head for the bureau, a mayor for the city and an officer
/// who reads English; a holiday on Wednesday 9 December and a make-up working day on Saturday
/// 12 December; and one task for the bureau, due Friday 11 December, acknowledged.
struct World {
    app: TestApp,
    org: Org,
    english: Actor,
    task: Task,
    names: BTreeMap<i64, String>,
}

const TITLE: &str = "排查<危化品>企业隐患 & 整改";

async fn world_with(settings: &[(&str, &str)]) -> World {
    let app = spawn_app_with(settings).await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    store::calendar::put(db, day(2026, 12, 9), DayKind::Holiday, "测试假日").await.expect("holiday");
    store::calendar::put(db, day(2026, 12, 12), DayKind::Workday, "调休上班").await.expect("make-up day");
    let hash = setup::hash_password("correct horse battery").expect("hash");
    let add = async |username: &str, role: Role, unit: &str, locale: Locale| -> Actor {
        let input = UserInput {
            username: username.to_owned(),
            display_name: username.to_owned(),
            email: format!("{username}@test.example"),
            role,
            unit_key: unit.to_owned(),
            locale,
        };
        let user = setup::create_user(db, None, &input, hash.clone(), now).await.expect("user");
        Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role }
    };
    let head = add("bureau-head", Role::Leader, "jj-yj", Locale::Zh).await;
    let mayor = add("mayor", Role::Leader, "jj", Locale::Zh).await;
    let english = add("bureau-en", Role::Officer, "jj-yj", Locale::En).await;
    let directive = setup::create_directive(
        db,
        Some(org.secretariat.user_id.0),
        Filing {
            meeting_id: None,
            unit_id: org.secretariat.unit_id.0,
            seq: 1,
            status: DirectiveStatus::Issued,
            source: DirectiveSource::Manual,
        },
        DirectiveFields {
            title_zh: "危险化学品安全专项整治".to_owned(),
            title_en: "Hazardous chemicals campaign".to_owned(),
            body: "全面排查".to_owned(),
            category: Category::HazardousChemicals,
            priority: Priority::Normal,
            deadline: now + Duration::days(30),
            places: vec![],
            industries: vec![],
        },
        now,
    )
    .await
    .expect("directive");
    let task = assign(&app, &org, directive.id, day(2026, 12, 11), TaskRole::Lead).await;
    let task = app
        .act(
            &org.bureau,
            task.id.0,
            TaskAction::Acknowledge,
            ActionInput { version: task.version, ..Default::default() },
        )
        .await
        .expect("acknowledged");
    // The setup's own assignment is history, as the demo's is: only later changes are told.
    let latest = store::notifications::latest_audit_id(db).await.expect("latest");
    store::notifications::start_cursor(db, store::notifications::CHANGES_CURSOR, latest, now).await.expect("cursor");
    let names = [
        (org.secretariat, "secretariat"),
        (org.bureau, "bureau"),
        (org.city, "city"),
        (org.leader, "leader"),
        (org.county, "county"),
        (org.sibling_bureau, "sibling"),
        (head, "bureau-head"),
        (mayor, "mayor"),
        (english, "bureau-en"),
    ]
    .into_iter()
    .map(|(actor, name)| (actor.user_id.0, name.to_owned()))
    .collect();
    World { app, org, english, task, names }
}

async fn world() -> World {
    world_with(&[]).await
}

async fn assign(app: &TestApp, org: &Org, directive_id: i64, due: NaiveDate, role: TaskRole) -> Task {
    let input = AssignInput {
        origin: Origin::Directive(DirectiveId(directive_id)),
        assignees: &[Assignee { unit_id: org.bureau.unit_id, role }],
        title: Some(TITLE),
        description: None,
        deadline: end_of_day(due, TZ),
        ack_within_days: 1,
        report_every_days: None,
    };
    tasks::assign(&app.ctx, &org.secretariat, input).await.expect("assign").remove(0)
}

impl World {
    /// The outbox rows about the task, oldest first.
    async fn rows(&self) -> Vec<notifications::Model> {
        notifications::Entity::find()
            .filter(notifications::Column::TaskId.eq(self.task.id))
            .order_by_asc(notifications::Column::Id)
            .all(&self.app.ctx.db)
            .await
            .expect("rows")
    }

    /// (template, recipient) of each row.
    fn who(&self, rows: &[notifications::Model]) -> BTreeSet<(String, String)> {
        rows.iter()
            .map(|r| {
                let name = r.recipient_user_id.and_then(|id| self.names.get(&id).cloned()).unwrap_or_default();
                (r.template.clone(), name)
            })
            .collect()
    }

    async fn sweep_at(&self, date: NaiveDate) -> escalation::SweepReport {
        self.app.clock.set(at(date));
        escalation::sweep(&self.app.ctx).await.expect("sweep")
    }

    async fn mailer(&self, smtp: &SmtpServer) -> Mailer {
        let mut config = (*self.app.ctx.config).clone();
        config.smtp_url = Some(smtp.url.clone());
        Mailer::from_config(&config).expect("mailer")
    }
}

fn pairs(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items.iter().map(|(t, w)| ((*t).to_owned(), (*w).to_owned())).collect()
}

#[tokio::test]
async fn with_digests_off_the_default_ladder_fires_per_task_on_working_days_across_a_holiday_and_a_make_up_day() {
    let w = world_with(&[("digest_audiences", "none")]).await;
    let mut seen = 0;
    let mut fired = BTreeMap::new();
    for date in day(2026, 11, 30).iter_days().take_while(|d| *d <= day(2026, 12, 22)) {
        let first = w.sweep_at(date).await;
        let again = escalation::sweep(&w.app.ctx).await.expect("second sweep");
        assert_eq!(again.enqueued, 0, "a second sweep on {date} adds nothing");
        assert_eq!(again.due, first.due, "the same messages are due on {date}");
        let rows = w.rows().await;
        if rows.len() > seen {
            fired.insert(date, w.who(&rows[seen..]));
            seen = rows.len();
        }
    }
    // Three working days before Friday the 11th, across the holiday on the 9th: Monday the 7th.
    // Three working days after it, counting the make-up Saturday: Tuesday the 15th. Seven:
    // Monday the 21st.
    let expected = BTreeMap::from([
        (day(2026, 12, 7), pairs(&[("reminder", "bureau"), ("reminder", "bureau-en")])),
        (day(2026, 12, 11), pairs(&[("due_today", "bureau-head")])),
        (day(2026, 12, 15), pairs(&[("overdue", "secretariat"), ("overdue", "mayor")])),
        (day(2026, 12, 21), pairs(&[("escalation", "secretariat"), ("escalation", "leader")])),
    ]);
    assert_eq!(fired, expected);
    let keys: BTreeSet<String> = w.rows().await.into_iter().map(|r| r.dedup_key).collect();
    assert_eq!(keys.len(), 7, "one key per task, step and recipient");
    assert!(keys.iter().all(|k| k.starts_with(&format!("step:{}:", w.task.id))), "{keys:?}");
}

#[tokio::test]
async fn the_default_ladder_tells_the_unit_per_task_and_those_above_by_one_digest_a_working_day() {
    let w = world().await;
    let digests = |rows: Vec<notifications::Model>| -> Vec<notifications::Model> {
        rows.into_iter().filter(|r| r.template == "digest").collect()
    };
    let (mut seen, mut seen_digests) = (0, 0);
    let (mut fired, mut digested) = (BTreeMap::new(), BTreeMap::new());
    for date in day(2026, 11, 30).iter_days().take_while(|d| *d <= day(2026, 12, 22)) {
        w.sweep_at(date).await;
        let again = escalation::sweep(&w.app.ctx).await.expect("second sweep");
        assert_eq!((again.enqueued, again.digests), (0, 0), "a second sweep on {date} adds nothing");
        let rows = w.rows().await;
        if rows.len() > seen {
            fired.insert(date, w.who(&rows[seen..]));
            seen = rows.len();
        }
        let all = digests(
            notifications::Entity::find()
                .order_by_asc(notifications::Column::Id)
                .all(&w.app.ctx.db)
                .await
                .expect("rows"),
        );
        if all.len() > seen_digests {
            digested.insert(date, w.who(&all[seen_digests..]));
            seen_digests = all.len();
        }
    }
    // The bureau (which owes the work) and its head, task by task, as before.
    let expected = BTreeMap::from([
        (day(2026, 12, 7), pairs(&[("reminder", "bureau"), ("reminder", "bureau-en")])),
        (day(2026, 12, 11), pairs(&[("due_today", "bureau-head")])),
    ]);
    assert_eq!(fired, expected);
    // Those above: one digest a working day while the rung naming them is the task's current
    // one: "overdue" (secretariat, mayor) from Tuesday the 15th, "escalation" (secretariat,
    // leader) from Monday the 21st; nothing on the weekend of the 19th and 20th.
    let overdue = pairs(&[("digest", "secretariat"), ("digest", "mayor")]);
    let escalated = pairs(&[("digest", "secretariat"), ("digest", "leader")]);
    let expected = BTreeMap::from([
        (day(2026, 12, 15), overdue.clone()),
        (day(2026, 12, 16), overdue.clone()),
        (day(2026, 12, 17), overdue.clone()),
        (day(2026, 12, 18), overdue),
        (day(2026, 12, 21), escalated.clone()),
        (day(2026, 12, 22), escalated),
    ]);
    assert_eq!(digested, expected);
    let all = digests(notifications::Entity::find().all(&w.app.ctx.db).await.expect("rows"));
    let mayor_first = all
        .iter()
        .find(|r| w.names.get(&r.recipient_user_id.unwrap_or(0)).map(String::as_str) == Some("mayor"))
        .expect("the mayor's digest");
    assert!(
        mayor_first.subject.contains("需督办任务1项") || mayor_first.subject.contains("1 tasks"),
        "{}",
        mayor_first.subject
    );
    assert!(mayor_first.body_text.contains(TITLE), "the task is listed by name: {}", mayor_first.body_text);
    assert!(mayor_first.body_text.contains(&format!("/tasks/{}", w.task.id)), "linked to its page");
    assert!(mayor_first.task_id.is_none() && mayor_first.dedup_key.starts_with("digest:2026-12-15:u"));
}

#[tokio::test]
async fn a_task_completed_before_its_step_gets_nothing() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    w.sweep_at(day(2026, 12, 7)).await;
    assert_eq!(w.rows().await.len(), 2, "the reminders are queued");
    // Completed on the 8th, before the reminders went out and before any later step.
    w.app.clock.set(at(day(2026, 12, 8)));
    let task = w
        .app
        .act(
            &w.org.bureau,
            w.task.id.0,
            TaskAction::Complete,
            ActionInput { version: w.task.version, text: Some("已完成".into()), ..Default::default() },
        )
        .await
        .expect("submitted");
    w.app
        .act(
            &w.org.secretariat,
            task.id.0,
            TaskAction::Accept,
            ActionInput { version: task.version, ..Default::default() },
        )
        .await
        .expect("accepted");
    let sent = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!((sent.sent, sent.skipped), (0, 2));
    for date in [day(2026, 12, 11), day(2026, 12, 15), day(2026, 12, 21)] {
        let report = w.sweep_at(date).await;
        assert_eq!(report.enqueued, 0, "nothing about a completed task on {date}");
    }
    assert!(smtp.messages().is_empty());
    let rows = w.rows().await;
    assert!(rows.iter().all(|r| r.status == NotificationStatus::Skipped), "{rows:?}");
    assert!(rows[0].last_error.as_deref().is_some_and(|e| e.contains("completed")), "{:?}", rows[0].last_error);
}

#[tokio::test]
async fn a_user_moved_to_another_unit_stops_getting_mail_about_the_old_units_tasks() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    let db = &w.app.ctx.db;
    let sibling_unit = w.org.sibling_bureau.unit_id;
    // Moved before the sweep: not in the audience at all.
    store::users::set_unit(db, w.english.user_id.0, sibling_unit.0).await.expect("moved");
    w.sweep_at(day(2026, 12, 7)).await;
    assert_eq!(w.who(&w.rows().await), pairs(&[("reminder", "bureau")]));
    // Moved after the sweep, before the sender: the queued message is not sent.
    store::users::set_unit(db, w.org.bureau.user_id.0, sibling_unit.0).await.expect("moved");
    let sent = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!((sent.sent, sent.skipped), (0, 1));
    assert!(smtp.messages().is_empty(), "nothing reached the moved users");
    let row = &w.rows().await[0];
    assert_eq!(row.status, NotificationStatus::Skipped);
    assert_eq!(row.last_error.as_deref(), Some("the recipient can no longer see the task"));
}

#[tokio::test]
async fn delivered_messages_carry_recipients_subject_and_body_in_both_languages_with_a_working_link() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    w.sweep_at(day(2026, 12, 7)).await;
    let sent = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(sent.sent, 2);
    let messages = smtp.messages();
    let to = |address: &str| {
        messages.iter().find(|m| m.to == [address.to_owned()]).unwrap_or_else(|| panic!("a message to {address}"))
    };
    let link = format!("{}/tasks/{}", w.app.ctx.config.base_url, w.task.id);

    let zh = to("bureau@test.example");
    assert_eq!(zh.from, "duban@localhost");
    assert_eq!(zh.subject(), format!("【督办提醒】{TITLE}：剩余3个工作日"));
    let text = zh.text();
    for expected in [
        "bureau：",
        &format!("任务：{TITLE}"),
        "决策部署：危险化学品安全专项整治",
        "责任单位：jj-yj 单位",
        "交办单位：jx-aw 单位",
        "办理期限：2026年12月11日 23:59 (Asia/Shanghai)",
        "剩余 3 个工作日",
        &link,
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let html = zh.html();
    assert!(html.contains("排查&lt;危化品&gt;企业隐患 &amp; 整改"), "escaped in {html}");
    assert!(!html.contains("<危化品>"));
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");

    let en = to("bureau-en@test.example");
    assert_eq!(en.subject(), format!("[Duban] Reminder: {TITLE}, 3 working day(s) left"));
    let text = en.text();
    for expected in [
        "Dear bureau-en,",
        "Directive: Hazardous chemicals campaign",
        "Responsible unit: jj-yj unit",
        "3 working day(s) left",
        &link,
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }

    // Each message names its notification, the same on every attempt.
    let ids: BTreeSet<String> = messages.iter().filter_map(|m| m.header("Message-ID")).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.starts_with("<duban.") && id.ends_with("@localhost>")), "{ids:?}");

    // The link opens the task's page (not the JSON API) for the person it was sent to, after
    // signing in.
    let path = link.strip_prefix(&w.app.ctx.config.base_url).expect("a link under base_url");
    let anonymous = crate::helpers::browser().get(format!("{}{path}", w.app.address)).send().await.expect("page");
    assert_eq!(anonymous.status(), 303, "a reader not signed in is sent to sign in first");
    let location = anonymous.headers()["location"].to_str().expect("location").to_owned();
    assert!(location.starts_with("/sign-in"), "{location}");
    let bureau = w.app.browse_as("bureau", "correct horse battery").await;
    let page = bureau.get(format!("{}{path}", w.app.address)).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().expect("type").starts_with("text/html"));
    let html = page.text().await.expect("body");
    assert!(html.contains("排查&lt;危化品&gt;企业隐患 &amp; 整改"), "the task's page, its title escaped");
}

#[tokio::test]
async fn while_smtp_is_down_messages_wait_and_then_arrive_exactly_once() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    w.sweep_at(day(2026, 12, 7)).await;
    smtp.refuse(true);
    let down = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!((down.sent, down.failed), (0, 2));
    let rows = w.rows().await;
    assert!(rows.iter().all(|r| r.status == NotificationStatus::Failed && r.attempts == 1), "{rows:?}");
    assert!(rows.iter().all(|r| r.last_error.as_deref().is_some_and(|e| e.contains("451"))), "{rows:?}");
    // Not before the backoff: one minute after the first failure, two after the second.
    let again = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(again, outbox::SendReport::default(), "nothing is due before its backoff");
    w.app.clock.advance(Duration::minutes(1));
    assert_eq!(outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send").failed, 2);
    w.app.clock.advance(Duration::seconds(90));
    assert_eq!(outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send"), outbox::SendReport::default());
    smtp.refuse(false);
    w.app.clock.advance(Duration::seconds(30));
    let back = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(back.sent, 2);
    w.app.clock.advance(Duration::days(1));
    w.sweep_at(day(2026, 12, 8)).await;
    assert_eq!(outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send").sent, 0);
    let mut to: Vec<String> = smtp.messages().iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["bureau-en@test.example", "bureau@test.example"], "each exactly once");
    let rows = w.rows().await;
    assert!(rows.iter().all(|r| r.status == NotificationStatus::Sent && r.attempts == 3), "{rows:?}");
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_dead_after_the_last_attempt_with_its_error_kept() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    w.sweep_at(day(2026, 12, 7)).await;
    smtp.refuse(true);
    for attempt in 1..=outbox::MAX_ATTEMPTS {
        let report = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
        let expected = if attempt < outbox::MAX_ATTEMPTS { (2, 0) } else { (0, 2) };
        assert_eq!((report.failed, report.dead), expected, "attempt {attempt}");
        w.app.clock.advance(Duration::hours(7));
    }
    let rows = w.rows().await;
    assert!(rows.iter().all(|r| r.status == NotificationStatus::Dead && r.attempts == outbox::MAX_ATTEMPTS));
    assert!(rows.iter().all(|r| r.last_error.as_deref().is_some_and(|e| e.contains("451"))));
    assert_eq!(outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send"), outbox::SendReport::default());
    assert!(smtp.messages().is_empty());
}

/// `n` messages with no task behind them, straight into the outbox.
async fn queue(app: &TestApp, n: usize) {
    let rows = (0..n)
        .map(|i| NewNotification {
            dedup_key: format!("load:{i}"),
            task_id: None,
            step_id: None,
            recipient_user_id: None,
            recipient_email: format!("person{i}@test.example"),
            template: "reminder".into(),
            locale: Locale::Zh,
            subject: format!("message {i}"),
            body_text: format!("body {i}"),
            body_html: format!("<p>body {i}</p>"),
            channel: duban::domain::vocabulary::Channel::Email,
            robot_id: None,
        })
        .collect::<Vec<_>>();
    for chunk in rows.chunks(200) {
        store::notifications::insert_new(&app.ctx.db, chunk.to_vec(), app.clock.now_utc()).await.expect("queued");
    }
}

#[tokio::test]
async fn two_senders_against_one_outbox_deliver_a_thousand_messages_each_exactly_once() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start().await;
    let mut config = (*app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let (first, second) =
        (Mailer::from_config(&config).expect("mailer"), Mailer::from_config(&config).expect("mailer"));
    queue(&app, 1000).await;
    let (a, b) =
        tokio::join!(outbox::send_due(&app.ctx, &first, "sender-a"), outbox::send_due(&app.ctx, &second, "sender-b"));
    let (a, b) = (a.expect("sender a"), b.expect("sender b"));
    assert_eq!(a.sent + b.sent, 1000, "{a:?} {b:?}");
    assert_eq!(a.lost_lease + b.lost_lease, 0);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1000);
    let distinct: BTreeSet<String> = messages.iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(distinct.len(), 1000, "every message exactly once");
    let counts = store::notifications::counts(&app.ctx.db, None).await.expect("counts");
    assert!(counts.contains(&(NotificationStatus::Sent, 1000)), "{counts:?}");
}

#[tokio::test]
async fn a_sender_that_died_after_claiming_is_replaced_once_its_lease_runs_out() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start().await;
    let mut config = (*app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let mailer = Mailer::from_config(&config).expect("mailer");
    queue(&app, 3).await;
    let now = app.clock.now_utc();
    let claimed =
        store::notifications::claim(&app.ctx.db, "died", now, now + outbox::LEASE, 10).await.expect("claimed");
    assert_eq!(claimed.len(), 3);
    // The claimer never sends. Another sender leaves its rows alone while the lease holds…
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "alive").await.expect("send").sent, 0);
    app.clock.advance(outbox::LEASE);
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "alive").await.expect("send").sent, 0, "not at the very end");
    // …and takes them once it has run out.
    app.clock.advance(Duration::seconds(1));
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "alive").await.expect("send").sent, 3);
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "alive").await.expect("send").sent, 0);
    assert_eq!(smtp.messages().len(), 3, "each once");
    // The dead sender's late answer changes nothing.
    let late = store::notifications::settle(
        &app.ctx.db,
        claimed[0].id,
        "died",
        store::notifications::Settle::Sent { at: app.clock.now_utc() },
    )
    .await
    .expect("settle");
    assert!(!late, "the lease was no longer the dead sender's");
}

#[tokio::test]
async fn without_smtp_messages_are_written_as_eml_files_under_the_data_folder() {
    let w = world_with(&[]).await;
    let mailer = Mailer::from_config(&w.app.ctx.config).expect("mailer");
    w.sweep_at(day(2026, 12, 7)).await;
    let sent = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(sent.sent, 2);
    let dir = w.app.ctx.config.outbox_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("data/outbox exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().all(|f| f.starts_with("notification-") && f.ends_with(".eml")), "{files:?}");
    let text = std::fs::read_to_string(dir.join(&files[0])).expect("readable");
    assert!(text.contains("剩余 3 个工作日") || text.contains("3 working day(s) left"), "{text}");
    assert!(text.contains("Message-ID: <duban."), "{text}");
}

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
            None => {
                assert_eq!(row.template, "digest");
                *digests_per_person.entry(row.recipient_email.to_lowercase()).or_default() += 1;
            }
        }
    }
    assert_eq!(digests_per_person.len() as u64, first.digests);
    assert!(digests_per_person.values().all(|n| *n == 1), "{digests_per_person:?}");
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
