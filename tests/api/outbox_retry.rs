//! Re-sending failed and dead messages in bulk, by status and by the days they were queued:
//! from the command line, the API (admins) and the outbox page (a form with its CSRF token).
//! Each puts exactly the messages it names back in line, attempts counted afresh, says how
//! many, and leaves an audit entry; every other message stays as it was.

use std::collections::BTreeMap;

use chrono::Duration;
use duban::{
    domain::vocabulary::{Locale, NotificationStatus},
    services::{demo, outbox},
    store::{self, notifications::NewNotification, notifications::Settle},
};
use serde_json::json;

use crate::helpers::{NowUtc, TestApp, hidden_field, spawn_demo};

/// The outbox the tests start from, queued over three days (the test's start, two days
/// later, four days later), by name: what each message is and the id it got.
struct Queued {
    ids: BTreeMap<&'static str, i64>,
}

impl Queued {
    fn ids(&self, names: &[&str]) -> Vec<i64> {
        let mut ids: Vec<i64> = names.iter().map(|n| self.ids[n]).collect();
        ids.sort_unstable();
        ids
    }
}

/// Queues each message on its day and settles it as its name says.
async fn queue(app: &TestApp) -> Queued {
    let db = &app.ctx.db;
    let start = app.clock.now_utc();
    // name, day queued, outcome
    let plan: [(&'static str, i64, NotificationStatus); 8] = [
        ("early-dead", 0, NotificationStatus::Dead),
        ("early-failed", 0, NotificationStatus::Failed),
        ("mid-dead-1", 2, NotificationStatus::Dead),
        ("mid-dead-2", 2, NotificationStatus::Dead),
        ("mid-failed", 2, NotificationStatus::Failed),
        ("mid-sent", 2, NotificationStatus::Sent),
        ("late-dead", 4, NotificationStatus::Dead),
        // Last, so that the sender's claims above never pick it: it stays pending.
        ("mid-pending", 2, NotificationStatus::Pending),
    ];
    let mut ids = BTreeMap::new();
    for (name, day, outcome) in plan {
        let at = start + Duration::days(day);
        app.clock.set(at);
        let row = NewNotification {
            dedup_key: name.to_owned(),
            task_id: None,
            step_id: None,
            recipient_user_id: None,
            recipient_email: format!("{name}@test.example"),
            template: "reminder".into(),
            locale: Locale::Zh,
            subject: format!("about {name}"),
            body_text: "text".into(),
            body_html: "<p>html</p>".into(),
            channel: duban::domain::vocabulary::Channel::Email,
            robot_id: None,
        };
        store::notifications::insert_new(db, vec![row], at).await.expect("queued");
        if outcome != NotificationStatus::Pending {
            let claimed = store::notifications::claim(db, "sender", at, at + outbox::LEASE, 1).await.expect("claim");
            assert_eq!(claimed.len(), 1, "{name} is the one due");
            let settle = match outcome {
                NotificationStatus::Dead => Settle::Dead { attempts: outbox::MAX_ATTEMPTS, error: "550 gone".into() },
                NotificationStatus::Failed => Settle::Failed {
                    attempts: 3,
                    next_attempt_at: at + Duration::days(30),
                    error: "421 try later".into(),
                },
                _ => Settle::Sent { at },
            };
            assert!(store::notifications::settle(db, claimed[0].id, "sender", settle).await.expect("settle"));
        }
        let id = store::notifications::undelivered(db, None, 100)
            .await
            .expect("rows")
            .into_iter()
            .chain(store::notifications::recently_sent(db, None, 100).await.expect("rows"))
            .find(|n| n.dedup_key == name)
            .expect("the row")
            .id;
        ids.insert(name, id);
    }
    app.clock.set(start + Duration::days(5));
    Queued { ids }
}

/// Every message's status and attempts, by name.
async fn statuses(app: &TestApp, queued: &Queued) -> BTreeMap<&'static str, (NotificationStatus, i32)> {
    let mut out = BTreeMap::new();
    for (name, id) in &queued.ids {
        let row = store::notifications::get(&app.ctx.db, *id).await.expect("row");
        out.insert(*name, (row.status, row.attempts));
    }
    out
}

/// The statuses after a retry of `retried`: those pending with no attempts, the rest as queued.
fn expected(retried: &[&'static str]) -> BTreeMap<&'static str, (NotificationStatus, i32)> {
    use NotificationStatus::*;
    let mut all = BTreeMap::from([
        ("early-dead", (Dead, outbox::MAX_ATTEMPTS)),
        ("early-failed", (Failed, 3)),
        ("mid-dead-1", (Dead, outbox::MAX_ATTEMPTS)),
        ("mid-dead-2", (Dead, outbox::MAX_ATTEMPTS)),
        ("mid-failed", (Failed, 3)),
        ("mid-sent", (Sent, 1)),
        ("mid-pending", (Pending, 0)),
        ("late-dead", (Dead, outbox::MAX_ATTEMPTS)),
    ]);
    for name in retried {
        all.insert(name, (Pending, 0));
    }
    all
}

async fn bulk_audits(app: &TestApp) -> Vec<duban::entities::audit_events::Model> {
    store::audit::history(&app.ctx.db, "outbox", 0).await.expect("audit")
}

#[tokio::test]
async fn admins_retry_the_dead_messages_of_a_time_range_over_the_api() {
    let app = spawn_demo().await;
    let queued = queue(&app).await;
    let start = crate::helpers::start_time();
    let admin = app.as_user("admin").await;
    let officer = app.as_user("jj-yj").await;
    let range = json!({ "statuses": ["dead"], "from": start + Duration::days(1), "to": start + Duration::days(3) });

    officer.post("/api/v1/outbox/retry", range.clone()).await.expect(403);
    let sent = admin.post("/api/v1/outbox/retry", json!({ "statuses": ["sent"] })).await;
    assert_eq!(sent.status, 422, "{}", sent.body);
    assert!(sent.body["field"].as_str().is_some_and(|f| f.starts_with("statuses")), "{}", sent.body);
    admin.post("/api/v1/outbox/retry", json!({ "statuses": [] })).await.expect_problem(422, "status");
    let backwards = json!({ "statuses": ["dead"], "from": start + Duration::days(3), "to": start + Duration::days(1) });
    admin.post("/api/v1/outbox/retry", backwards).await.expect_problem(422, "to");
    assert_eq!(statuses(&app, &queued).await, expected(&[]), "nothing refused changed anything");
    assert!(bulk_audits(&app).await.is_empty());

    let answer = admin.post("/api/v1/outbox/retry", range.clone()).await.expect(200);
    assert_eq!(answer["requeued"], 2);
    assert_eq!(answer["ids"], json!(queued.ids(&["mid-dead-1", "mid-dead-2"])));
    assert_eq!(statuses(&app, &queued).await, expected(&["mid-dead-1", "mid-dead-2"]));
    let audits = bulk_audits(&app).await;
    assert_eq!(audits.len(), 1, "one audit entry for the bulk retry");
    assert_eq!(audits[0].action, "retry_many");
    assert_eq!(audits[0].actor_id, Some(admin.user_id()));
    assert!(audits[0].after.as_deref().is_some_and(|a| a.contains(&queued.ids["mid-dead-1"].to_string())));

    let again = admin.post("/api/v1/outbox/retry", range).await.expect(200);
    assert_eq!(again["requeued"], 0, "what is back in line is not taken twice");

    let everything = admin.post("/api/v1/outbox/retry", json!({ "statuses": ["failed", "dead"] })).await.expect(200);
    assert_eq!(everything["ids"], json!(queued.ids(&["early-dead", "early-failed", "mid-failed", "late-dead"])));
    assert_eq!(
        statuses(&app, &queued).await,
        expected(&["early-dead", "early-failed", "mid-dead-1", "mid-dead-2", "mid-failed", "late-dead"])
    );
}

#[tokio::test]
async fn the_command_line_retries_by_status_and_days_and_says_how_many() {
    let app = spawn_demo().await;
    let queued = queue(&app).await;
    let start = crate::helpers::start_time();
    // Days in the configured zone (Asia/Shanghai): the test's start is 10:00 there.
    let day = |n: i64| (start + Duration::days(n)).with_timezone(&chrono_tz::Asia::Shanghai).date_naive().to_string();

    let run = app.duban(&["outbox", "retry", "--status", "sent"], "").await;
    assert!(!run.success, "{run:?}");
    let run = app.duban(&["outbox", "retry", "--from", "yesterday"], "").await;
    assert!(!run.success && run.stderr.contains("--from"), "{run:?}");
    assert_eq!(statuses(&app, &queued).await, expected(&[]));

    let run = app.duban(&["outbox", "retry", "--status", "failed,dead", "--from", &day(2), "--to", &day(4)], "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("put 4 messages back in line"), "{}", run.stdout);
    assert_eq!(statuses(&app, &queued).await, expected(&["mid-dead-1", "mid-dead-2", "mid-failed", "late-dead"]));
    let audits = bulk_audits(&app).await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].actor_id, None, "the operator at the command line is no account");

    // Dead is the default status; a day range reaches to the end of its last day.
    let run = app.duban(&["outbox", "retry", "--to", &day(0)], "").await;
    assert!(run.success && run.stdout.contains("put 1 messages back in line"), "{run:?}");
    assert_eq!(
        statuses(&app, &queued).await,
        expected(&["mid-dead-1", "mid-dead-2", "mid-failed", "late-dead", "early-dead"])
    );
}

#[tokio::test]
async fn the_outbox_page_retries_in_bulk_with_its_csrf_token_and_shows_how_many() {
    let app = spawn_demo().await;
    let queued = queue(&app).await;
    let browser = app.browse_as("admin", demo::DEMO_PASSWORD).await;
    let page = browser.get(format!("{}/admin/outbox", app.address)).send().await.expect("page");
    let html = page.text().await.expect("body");
    assert!(html.contains("action=\"/admin/outbox/retry\""), "the page has the bulk form");
    let csrf = hidden_field(&html, "csrf");
    let post = |fields: Vec<(&'static str, String)>| {
        let (browser, url) = (browser.clone(), format!("{}/admin/outbox/retry", app.address));
        async move { browser.post(url).form(&fields).send().await.expect("answer") }
    };

    let forged = post(vec![("csrf", "forged".into()), ("status", "dead".into())]).await;
    assert_eq!(forged.status().as_u16(), 403);
    let refused = post(vec![("csrf", csrf.clone()), ("status", "dead".into()), ("from", "1 March".into())]).await;
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(statuses(&app, &queued).await, expected(&[]), "a refused form changes nothing");

    let answer = post(vec![
        ("csrf", csrf.clone()),
        ("status", "dead".into()),
        ("status", "failed".into()),
        ("from", String::new()),
        ("to", String::new()),
    ])
    .await;
    assert_eq!(answer.status().as_u16(), 303);
    let location = answer.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(location, "/admin/outbox?retried=6");
    assert_eq!(
        statuses(&app, &queued).await,
        expected(&["early-dead", "early-failed", "mid-dead-1", "mid-dead-2", "mid-failed", "late-dead"])
    );
    let shown = browser.get(format!("{}{location}", app.address)).send().await.expect("page");
    let html = shown.text().await.expect("body");
    assert!(html.contains("已安排重新发送 6 封邮件。"), "the count is shown: {html}");
    assert_eq!(bulk_audits(&app).await.len(), 1);
}

#[tokio::test]
async fn an_admin_of_a_sub_unit_retries_only_the_messages_to_accounts_of_its_subtree() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let account = async |username: &str| {
        store::users::find_by_username(db, username).await.expect("query").expect("demo account").id
    };
    // To an officer in Jiujiang, to the province's secretariat, to a unit's mailbox (no account).
    let recipients = [("to-jj", Some(account("jj-yj").await)), ("to-province", Some(account("jx-secretariat").await))];
    let mut rows: Vec<NewNotification> = recipients
        .iter()
        .map(|(key, user)| NewNotification {
            dedup_key: (*key).to_owned(),
            task_id: None,
            step_id: None,
            recipient_user_id: *user,
            recipient_email: format!("{key}@test.example"),
            template: "reminder".into(),
            locale: Locale::Zh,
            subject: (*key).to_owned(),
            body_text: "text".into(),
            body_html: "<p>html</p>".into(),
            channel: duban::domain::vocabulary::Channel::Email,
            robot_id: None,
        })
        .collect();
    rows.push(NewNotification { dedup_key: "to-mailbox".into(), recipient_user_id: None, ..rows[0].clone() });
    store::notifications::insert_new(db, rows, now).await.expect("queued");
    let mut ids = BTreeMap::new();
    for row in store::notifications::claim(db, "sender", now, now + outbox::LEASE, 10).await.expect("claim") {
        let settle = Settle::Dead { attempts: outbox::MAX_ATTEMPTS, error: "550 gone".into() };
        assert!(store::notifications::settle(db, row.id, "sender", settle).await.expect("settle"));
        ids.insert(row.dedup_key.clone(), row.id);
    }
    let city_admin = app.as_user("jj-admin").await;
    let answer = city_admin.post("/api/v1/outbox/retry", json!({ "statuses": ["dead"] })).await.expect(200);
    assert_eq!(answer["ids"], json!([ids["to-jj"]]), "only the message to an account below Jiujiang");
    let root_admin = app.as_user("admin").await;
    let answer = root_admin.post("/api/v1/outbox/retry", json!({ "statuses": ["dead"] })).await.expect(200);
    let mut rest = vec![ids["to-province"], ids["to-mailbox"]];
    rest.sort_unstable();
    assert_eq!(answer["ids"], json!(rest), "the root's admin reaches the rest");
}
