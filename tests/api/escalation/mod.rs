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

mod bundles;
mod delivery;
mod events;
