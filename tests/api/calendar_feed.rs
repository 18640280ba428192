//! Calendar feeds (`/calendar/{secret}.ics`) and holiday calendars read from .ics files.
//!
//! One scenario, built by hand on the small organisation of `helpers::Org`: the province's
//! secretariat assigns tasks to Jiujiang's two bureaus, to Jiujiang itself (which splits its
//! task to its county) and to Nanchang; a bureau completes one task and has another cancelled.
//! Each person's feed is read back with the `icalendar` crate's parser and must hold exactly
//! the tasks written down here for them: an officer its unit's own, a leader its subtree, the
//! secretariat what it assigned and everything split below. Python's `icalendar` package
//! parses a demo feed in `.ci/run` besides.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use duban::{
    domain::{
        directives::{DirectiveFields, Filing},
        drafting::Category,
        ids::{DirectiveId, TaskId},
        lifecycle::TaskAction,
        vocabulary::{DirectiveSource, DirectiveStatus, Locale, Priority, Role, TaskRole},
    },
    services::{
        Actor, calendar, extensions, setup,
        tasks::{self, ActionInput, AssignInput, Assignee, Origin},
    },
    store,
};
use icalendar::Component;
use serde_json::json;

use crate::helpers::{Client, NowUtc, Org, TestApp, browser, hidden_field, spawn_app};

const PASSWORD: &str = "correct horse battery";

/// The last second of a day in Shanghai, as UTC: what a deadline "on that day" is.
fn end_of(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    // 23:59:59 at UTC+8 is 15:59:59 UTC.
    Utc.with_ymd_and_hms(y, m, d, 15, 59, 59).single().expect("valid instant")
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("valid instant")
}

struct Scenario {
    app: TestApp,
    org: Org,
    bureau: i64,
    sibling: i64,
    city: i64,
    county: i64,
    nanchang: i64,
    done: i64,
    cancelled: i64,
}

/// One task for `unit`: a directive has one lead unit, the others cooperate.
async fn assign(app: &TestApp, actor: &Actor, origin: Origin, unit: (Actor, TaskRole), deadline: DateTime<Utc>) -> i64 {
    let (unit, role) = unit;
    let input = AssignInput {
        origin,
        assignees: &[Assignee { unit_id: unit.unit_id, role }],
        title: None,
        description: None,
        deadline,
        ack_within_days: 1,
        report_every_days: None,
    };
    tasks::assign(&app.ctx, actor, input).await.expect("assign")[0].id.0
}

async fn act(app: &TestApp, actor: &Actor, task: i64, action: TaskAction, text: Option<&str>) {
    let version = store::tasks::get(&app.ctx.db, task).await.expect("task").version;
    let input = ActionInput { version, text: text.map(str::to_owned), progress: None, new_assignee_unit_id: None };
    app.act(actor, task, action, input).await.expect("action");
}

async fn scenario() -> Scenario {
    let app = spawn_app().await;
    let org = app.org().await;
    let now = app.clock.now_utc();
    let hash = setup::hash_password(PASSWORD).expect("hash");
    // Jiujiang's leader (the mayor): Jiujiang's subtree, not Nanchang.
    setup::create_user(
        &app.ctx.db,
        None,
        &setup::UserInput {
            username: "jj-leader".into(),
            display_name: "jj-leader".into(),
            email: "jj-leader@test.example".into(),
            role: Role::Leader,
            unit_key: "jj".into(),
            locale: Locale::Zh,
        },
        hash,
        now,
    )
    .await
    .expect("create the mayor");
    // New Year's Day 2027, a Friday, is a holiday.
    calendar::import(&app.ctx, "day,kind,name\n2027-01-01,holiday,元旦\n").await.expect("calendar");
    let seq = store::directives::next_seq(&app.ctx.db, None, org.secretariat.unit_id.0).await.expect("number");
    let directive = setup::create_directive(
        &app.ctx.db,
        Some(org.secretariat.user_id.0),
        Filing {
            meeting_id: None,
            unit_id: org.secretariat.unit_id.0,
            seq,
            status: DirectiveStatus::Issued,
            source: DirectiveSource::Manual,
        },
        DirectiveFields {
            title_zh: "冬季火灾隐患排查整治".to_owned(),
            title_en: "Winter fire-hazard inspection".to_owned(),
            body: "全覆盖排查整治".to_owned(),
            category: Category::FireSafety,
            priority: Priority::High,
            deadline: end_of(2027, 2, 26),
            places: vec![],
            industries: vec![],
        },
        now,
    )
    .await
    .expect("directive")
    .id;
    let from = Origin::Directive(DirectiveId(directive));
    let s = &org.secretariat;
    // Monday 14 December 2026.
    let (lead, cooperating) = (TaskRole::Lead, TaskRole::Cooperating);
    let bureau = assign(&app, s, from, (org.bureau, lead), end_of(2026, 12, 14)).await;
    // Monday 4 January 2027, after the New Year weekend.
    let sibling = assign(&app, s, from, (org.sibling_bureau, cooperating), end_of(2027, 1, 4)).await;
    let city = assign(&app, s, from, (org.city, cooperating), end_of(2027, 1, 29)).await;
    let nanchang = assign(&app, s, from, (org.other_city, cooperating), end_of(2027, 1, 20)).await;
    let done = assign(&app, s, from, (org.bureau, cooperating), end_of(2026, 12, 18)).await;
    let cancelled = assign(&app, s, from, (org.bureau, cooperating), end_of(2026, 12, 21)).await;
    act(&app, &org.city, city, TaskAction::Acknowledge, None).await;
    let split = Origin::Split { parent_task_id: TaskId(city) };
    let county = assign(&app, &org.city, split, (org.county, lead), end_of(2027, 1, 22)).await;
    act(&app, &org.bureau, done, TaskAction::Acknowledge, None).await;
    act(&app, &org.bureau, done, TaskAction::Complete, Some("已全部整改")).await;
    act(&app, s, done, TaskAction::Accept, None).await;
    act(&app, s, cancelled, TaskAction::Cancel, Some("合并到其他任务")).await;
    Scenario { app, org, bureau, sibling, city, county, nanchang, done, cancelled }
}

/// A feed's events, as the `icalendar` crate's parser reads them back.
struct Feed {
    text: String,
    calendar: icalendar::Calendar,
}

impl Feed {
    /// The task ids of the events, read from their UIDs (`task-{id}@host`).
    fn task_ids(&self) -> BTreeSet<i64> {
        self.calendar
            .events()
            .map(|e| {
                let uid = e.get_uid().expect("every event has a UID");
                let id = uid.strip_prefix("task-").and_then(|rest| rest.split('@').next()).expect("task-{id}@host");
                id.parse().expect("a task id")
            })
            .collect()
    }

    fn event(&self, task: i64) -> &icalendar::Event {
        self.calendar
            .events()
            .find(|e| e.get_uid().is_some_and(|uid| uid.starts_with(&format!("task-{task}@"))))
            .unwrap_or_else(|| panic!("task {task} is in the feed:\n{}", self.text))
    }

    /// The deadline of a task's event (DTSTART, in UTC).
    fn start(&self, task: i64) -> String {
        self.event(task).property_value("DTSTART").expect("DTSTART").to_owned()
    }

    /// When the task's alarm rings: DTSTART moved by the TRIGGER's duration, read by hand.
    fn alarm(&self, task: i64) -> DateTime<Utc> {
        let start = NaiveDate::parse_from_str(&self.start(task)[..8], "%Y%m%d").expect("date");
        let start = Utc.from_utc_datetime(
            &start.and_time(chrono::NaiveTime::parse_from_str(&self.start(task)[9..15], "%H%M%S").expect("time")),
        );
        let alarm = self.event(task).components().iter().find(|c| c.component_kind() == "VALARM").expect("a VALARM");
        assert_eq!(alarm.property_value("ACTION"), Some("DISPLAY"));
        start + duration(alarm.property_value("TRIGGER").expect("TRIGGER"))
    }
}

/// An RFC 5545 duration (`-P3DT14H59M59S`, `-P3DT53999S`, `-PT1H`), read by hand.
fn duration(text: &str) -> Duration {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.trim_start_matches('+')),
    };
    let rest = rest.strip_prefix('P').expect("a duration starts with P");
    let mut seconds = 0i64;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            unit => {
                let n: i64 = number.parse().expect("a number before each unit");
                number.clear();
                seconds += n * match unit {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3_600,
                    'M' => 60,
                    'S' => 1,
                    other => panic!("unit {other} in {text}"),
                };
            }
        }
    }
    Duration::seconds(sign * seconds)
}

impl Scenario {
    async fn signed_in(&self, username: &str) -> Client {
        self.app.sign_in(username, PASSWORD).await
    }

    /// Makes a feed for `username` through the API; its address's path on this test server.
    async fn make_feed(&self, username: &str) -> (i64, String) {
        let made = self.signed_in(username).await.post("/api/v1/calendar-feeds", json!({ "name": "Outlook" })).await;
        let made = made.expect(201);
        let url = made["url"].as_str().expect("the address").to_owned();
        let base = format!("{}/calendar/dbc_", self.app.ctx.config.base_url.trim_end_matches('/'));
        assert!(url.starts_with(&base) && url.ends_with(".ics"), "{url}");
        (made["id"].as_i64().expect("id"), url[url.find("/calendar/").expect("path")..].to_owned())
    }

    async fn fetch(&self, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
        let answer = reqwest::get(format!("{}{path}", self.app.address)).await.expect("the feed answers");
        let status = answer.status().as_u16();
        let headers = answer.headers().clone();
        (status, headers, answer.text().await.expect("body"))
    }

    async fn feed(&self, path: &str) -> Feed {
        let (status, headers, text) = self.fetch(path).await;
        assert_eq!(status, 200, "{text}");
        assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
        assert_eq!(headers["cache-control"], "no-store");
        let calendar: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
        assert!(text.contains("BEGIN:VCALENDAR\r\n") && text.trim_end().ends_with("END:VCALENDAR"));
        Feed { text, calendar }
    }

    async fn feed_of(&self, username: &str) -> Feed {
        let (_, path) = self.make_feed(username).await;
        self.feed(&path).await
    }
}

#[tokio::test]
async fn each_feed_holds_exactly_the_tasks_its_owner_follows_and_never_a_siblings() {
    let s = scenario().await;
    let all = BTreeSet::from([s.bureau, s.sibling, s.city, s.county, s.nanchang, s.done]);
    let expected: [(&str, BTreeSet<i64>); 7] = [
        // Officers: their unit's own work; the completed task stays, the cancelled one does not.
        ("bureau", BTreeSet::from([s.bureau, s.done])),
        ("sibling", BTreeSet::from([s.sibling])),
        ("city", BTreeSet::from([s.city])),
        ("county", BTreeSet::from([s.county])),
        ("other-city", BTreeSet::from([s.nanchang])),
        // Jiujiang's mayor: Jiujiang's subtree, never Nanchang's task beside it.
        ("jj-leader", BTreeSet::from([s.bureau, s.sibling, s.city, s.county, s.done])),
        // The province's leader and its secretariat: everything, split tasks included.
        ("leader", all.clone()),
    ];
    for (username, tasks) in expected {
        assert_eq!(s.feed_of(username).await.task_ids(), tasks, "{username}'s feed");
    }
    assert_eq!(s.feed_of("secretariat").await.task_ids(), all, "the secretariat's feed");
    assert!(!all.contains(&s.cancelled));
    // An administrator follows no tasks: no feed to make.
    s.app.add_demo_user("root-admin", Role::Admin, "jx").await;
    let admin = s.app.sign_in("root-admin", duban::services::demo::DEMO_PASSWORD).await;
    assert_eq!(admin.post("/api/v1/calendar-feeds", json!({ "name": "x" })).await.status, 403);
}

#[tokio::test]
async fn an_event_carries_the_deadline_title_status_light_link_and_a_reminder_a_working_day_before() {
    let s = scenario().await;
    let feed = s.feed_of("bureau").await;
    let event = feed.event(s.bureau);
    let base = s.app.ctx.config.base_url.trim_end_matches('/').to_owned();
    let host = url::Url::parse(&base).expect("base url").host_str().expect("host").to_owned();
    assert_eq!(event.get_uid(), Some(format!("task-{}@{host}", s.bureau).as_str()));
    assert!(event.get_timestamp().is_some(), "DTSTAMP");
    // Monday 14 December, 23:59:59 in Shanghai.
    assert_eq!(feed.start(s.bureau), "20261214T155959Z");
    // The bureau reads Chinese: the title, then the status (assigned: 待签收).
    assert_eq!(event.get_summary(), Some("冬季火灾隐患排查整治（待签收）"));
    let description = event.get_description().expect("DESCRIPTION");
    let link = format!("{base}/tasks/{}", s.bureau);
    // On 28 November, eleven working days ahead with nothing late yet: green (正常).
    for part in ["状态：待签收", "预警灯：正常", "截止时间：2026年12月14日 23:59 (Asia/Shanghai)", link.as_str()]
    {
        assert!(description.contains(part), "{part:?} in {description:?}");
    }
    assert_eq!(event.get_url(), Some(link.as_str()));
    // A working day before: Friday 11 December at 09:00 in Shanghai.
    assert_eq!(feed.alarm(s.bureau), utc(2026, 12, 11, 1));
    // Monday 4 January 2027: the weekend and New Year's Day (Friday) are skipped, Thursday
    // 31 December at 09:00.
    let sibling = s.feed_of("sibling").await;
    assert_eq!(sibling.start(s.sibling), "20270104T155959Z");
    assert_eq!(sibling.alarm(s.sibling), utc(2026, 12, 31, 1));
    // The completed task shows its status too.
    assert_eq!(feed.event(s.done).get_summary(), Some("冬季火灾隐患排查整治（已办结）"));
}

#[tokio::test]
async fn a_moved_deadline_shows_at_the_next_fetch() {
    let s = scenario().await;
    let (_, path) = s.make_feed("bureau").await;
    let first = s.feed(&path).await;
    assert_eq!(first.start(s.bureau), "20261214T155959Z");
    // Nothing changed, nothing differs: every UID (the alarms' too) is stable.
    assert_eq!(s.feed(&path).await.text, first.text);
    let asked = extensions::request(&s.app.ctx, &s.org.bureau, TaskId(s.bureau), end_of(2026, 12, 22), "汛期影响")
        .await
        .expect("request");
    extensions::decide(&s.app.ctx, &s.org.secretariat, asked.id, true, None).await.expect("approve");
    let feed = s.feed(&path).await;
    // Tuesday 22 December; its reminder on Monday 21 December at 09:00.
    assert_eq!(feed.start(s.bureau), "20261222T155959Z");
    assert_eq!(feed.alarm(s.bureau), utc(2026, 12, 21, 1));
}

#[tokio::test]
async fn a_revoked_address_and_an_unknown_one_get_the_same_404() {
    let s = scenario().await;
    let (id, path) = s.make_feed("bureau").await;
    let client = s.signed_in("bureau").await;
    assert_eq!(s.fetch(&path).await.0, 200);
    let listed = client.get("/api/v1/calendar-feeds").await.expect(200);
    assert_eq!(listed[0]["id"], id);
    assert!(listed[0]["last_used_at"].is_string(), "the fetch is recorded: {listed}");
    assert!(listed[0].get("url").is_none() && !listed.to_string().contains("dbc_"), "never the address again");
    // Someone else's feed is not theirs to revoke.
    s.signed_in("sibling").await.delete(&format!("/api/v1/calendar-feeds/{id}")).await.expect(404);
    assert_eq!(s.fetch(&path).await.0, 200);
    client.delete(&format!("/api/v1/calendar-feeds/{id}")).await.expect(200);
    let (revoked, _, revoked_body) = s.fetch(&path).await;
    let unknown_path = format!("/calendar/dbc_{}.ics", "0".repeat(64));
    let (unknown, _, unknown_body) = s.fetch(&unknown_path).await;
    assert_eq!((revoked, unknown), (404, 404));
    assert_eq!(revoked_body.replace(&path, "PATH"), unknown_body.replace(&unknown_path, "PATH"));
    // Without the .ics, or with a session's cookie instead of a secret: nothing.
    assert_eq!(s.fetch(&path.replace(".ics", "")).await.0, 404);
    client.delete(&format!("/api/v1/calendar-feeds/{id}")).await.expect(404);
}

#[tokio::test]
async fn the_account_page_makes_shows_once_and_revokes_a_feed() {
    let s = scenario().await;
    let browser = browser();
    let page = s.app.address.clone();
    let form = browser.get(&page).send().await.expect("page").text().await.expect("body");
    let csrf = hidden_field(&form, "csrf");
    let signed = browser
        .post(format!("{page}/sign-in"))
        .form(&[("username", "bureau"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed.status().as_u16(), 303);
    let account = browser.get(format!("{page}/account")).send().await.expect("page").text().await.expect("body");
    assert!(account.contains("日历订阅") && account.contains("action=\"/account/calendar-feeds\""), "{account}");
    let csrf = hidden_field(&account, "csrf");
    // Without the session's token nothing is made.
    let forged = browser.post(format!("{page}/account/calendar-feeds")).form(&[("name", "x"), ("csrf", "no")]);
    assert_eq!(forged.send().await.expect("answer").status().as_u16(), 403);
    let made = browser
        .post(format!("{page}/account/calendar-feeds"))
        .form(&[("name", "办公室 <Outlook>"), ("csrf", &csrf)])
        .send()
        .await
        .expect("answer");
    assert_eq!(made.status().as_u16(), 200);
    let made = made.text().await.expect("body");
    assert!(made.contains("办公室 &lt;Outlook&gt;") && !made.contains("<Outlook>"), "escaped");
    let start = made.find("/calendar/dbc_").expect("the address, shown once");
    let path = made[start..].split('"').next().expect("path").to_owned();
    assert!(made.contains("webcal://"), "a webcal link");
    assert_eq!(s.feed(&path).await.task_ids(), BTreeSet::from([s.bureau, s.done]));
    let again = browser.get(format!("{page}/account")).send().await.expect("page").text().await.expect("body");
    assert!(!again.contains("/calendar/dbc_"), "the address is not shown again");
    let id = s.signed_in("bureau").await.get("/api/v1/calendar-feeds").await.expect(200)[0]["id"].as_i64().expect("id");
    let revoked = browser
        .post(format!("{page}/account/calendar-feeds/{id}/revoke"))
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .expect("answer");
    assert_eq!(revoked.status().as_u16(), 303);
    assert_eq!(s.fetch(&path).await.0, 404);
    let english =
        browser.get(format!("{page}/account?lang=en")).send().await.expect("page").text().await.expect("body");
    assert!(english.contains("Calendar feeds") && english.contains("Revoked"), "{english}");
}

/// The days two databases hold, as (day, kind, name).
async fn stored_days(app: &TestApp) -> Vec<(String, String, String)> {
    let from = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2100, 12, 31).expect("date");
    store::calendar::between(&app.ctx.db, from, to)
        .await
        .expect("days")
        .into_iter()
        .map(|d| (d.day.to_string(), d.kind.as_str().to_owned(), d.name))
        .collect()
}

/// A holiday calendar as the Chinese government's are published: several-day events with
/// exclusive DTEND dates, "休" for days off and "班" for the make-up working days, the lines
/// folded as RFC 5545 folds them.
const HOLIDAYS_ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//holidays//CN\r\nX-WR-CALNAME:中国法定节假日\r\n\
BEGIN:VEVENT\r\nUID:2027-yuandan@holidays\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\n\
DTEND;VALUE=DATE:20270104\r\nSUMMARY:元旦 休\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2027-chunjie@holidays\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20270205\r\n\
DTEND;VALUE=DATE:20270213\r\nSUMMARY:春节 休\r\nCATEGORIES:假期\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2027-chunjie-ban@holidays\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20270214\r\n\
DTEND;VALUE=DATE:20270215\r\nSUMMARY:春节 \r\n 班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// The same days as a CSV file, written out by hand: 1 January 2027 is a Friday (2 and 3 are
/// the weekend already); 5–12 February run Friday to Friday (6 and 7 a weekend); 14 February
/// is a Sunday made a working day.
const HOLIDAYS_CSV: &str = "day,kind,name\n2027-01-01,holiday,元旦 休\n2027-02-05,holiday,春节 休\n\
2027-02-08,holiday,春节 休\n2027-02-09,holiday,春节 休\n2027-02-10,holiday,春节 休\n2027-02-11,holiday,春节 休\n\
2027-02-12,holiday,春节 休\n2027-02-14,workday,春节 班\n";

#[tokio::test]
async fn an_ics_holiday_calendar_stores_what_the_same_days_in_csv_store() {
    let (from_ics, from_csv) = (spawn_app().await, spawn_app().await);
    let folder = tempfile::tempdir().expect("folder");
    let ics = folder.path().join("cn-2027.ics");
    let csv = folder.path().join("cn-2027.csv");
    std::fs::write(&ics, HOLIDAYS_ICS).expect("write");
    std::fs::write(&csv, HOLIDAYS_CSV).expect("write");
    let run = from_ics.duban(&["calendar", "import", ics.to_str().expect("path")], "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("8 days added"), "{}", run.stdout);
    let run = from_csv.duban(&["calendar", "import", csv.to_str().expect("path")], "").await;
    assert!(run.success, "{run:?}");
    let stored = stored_days(&from_ics).await;
    assert_eq!(stored.len(), 8, "{stored:?}");
    assert_eq!(stored, stored_days(&from_csv).await);
    // Loading it again changes nothing.
    let again = from_ics.duban(&["calendar", "import", ics.to_str().expect("path")], "").await;
    assert!(again.stdout.contains("0 days added, 0 changed, 8 as they were"), "{}", again.stdout);
    // A file named .ics that is not iCalendar is refused, and nothing changes.
    let wrong = folder.path().join("wrong.ics");
    std::fs::write(&wrong, HOLIDAYS_CSV.replace("2027-01-01", "2027-03-01")).expect("write");
    let refused = from_ics.duban(&["calendar", "import", wrong.to_str().expect("path")], "").await;
    assert!(!refused.success && refused.stderr.contains("BEGIN:VCALENDAR"), "{refused:?}");
    assert_eq!(stored_days(&from_ics).await, stored);
}
