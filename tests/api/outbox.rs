//! The outbox as administrators see it over the API: counts, the messages not delivered, and
//! a retry that puts a dead message back in line and is delivered once.

use duban::{
    domain::vocabulary::Locale,
    mail::Mailer,
    services::outbox,
    store::{self, notifications::NewNotification, notifications::Settle},
};
use serde_json::json;

use crate::{
    helpers::{NowUtc, spawn_demo},
    smtp::SmtpServer,
};

#[tokio::test]
async fn admins_see_the_outbox_and_retry_a_dead_message_which_is_then_delivered_once() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let new = |key: &str, to: &str| NewNotification {
        dedup_key: key.to_owned(),
        task_id: None,
        step_id: None,
        recipient_user_id: None,
        recipient_email: to.to_owned(),
        template: "reminder".into(),
        locale: Locale::Zh,
        subject: format!("about {key}"),
        body_text: "text".into(),
        body_html: "<p>html</p>".into(),
        channel: duban::domain::vocabulary::Channel::Email,
        robot_id: None,
    };
    store::notifications::insert_new(db, vec![new("a", "a@test.example"), new("b", "b@test.example")], now)
        .await
        .expect("queued");
    // "a" has used up its attempts.
    let claimed = store::notifications::claim(db, "sender", now, now + outbox::LEASE, 1).await.expect("claim");
    let dead = claimed[0].id;
    let settle = Settle::Dead { attempts: outbox::MAX_ATTEMPTS, error: "550 mailbox unavailable".into() };
    assert!(store::notifications::settle(db, dead, "sender", settle).await.expect("settled"));

    let admin = app.as_user("admin").await;
    let listing = admin.get("/api/v1/outbox").await.expect(200);
    assert_eq!(
        listing["counts"],
        json!({ "pending": 1, "sent": 0, "failed": 0, "dead": 1, "skipped": 0, "bundled": 0 })
    );
    let messages = listing["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["status"], "dead");
    assert_eq!(messages[0]["last_error"], "550 mailbox unavailable");

    let officer = app.as_user("jj-yj").await;
    officer.get("/api/v1/outbox").await.expect(403);
    officer.post(&format!("/api/v1/outbox/{dead}/retry"), json!({})).await.expect(403);
    admin.post("/api/v1/outbox/999999/retry", json!({})).await.expect(404);
    let pending = messages[1]["id"].as_i64().expect("id");
    admin.post(&format!("/api/v1/outbox/{pending}/retry"), json!({})).await.expect(409);

    let retried = admin.post(&format!("/api/v1/outbox/{dead}/retry"), json!({})).await.expect(200);
    assert_eq!((retried["status"].as_str(), retried["attempts"].as_i64()), (Some("pending"), Some(0)));
    admin.post(&format!("/api/v1/outbox/{dead}/retry"), json!({})).await.expect(409);

    let smtp = SmtpServer::start().await;
    let mut config = (*app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let mailer = Mailer::from_config(&config).expect("mailer");
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").sent, 2);
    assert_eq!(outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send").sent, 0);
    let mut to: Vec<String> = smtp.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    assert_eq!(to, ["a@test.example", "b@test.example"]);
    let listing = admin.get("/api/v1/outbox").await.expect(200);
    assert_eq!(listing["counts"]["sent"], 2);
    assert!(listing["messages"].as_array().expect("messages").is_empty());
    let history = store::audit::history(db, "notification", dead).await.expect("audit");
    assert_eq!(history.len(), 1, "the retry is in the audit trail");
    assert_eq!(history[0].action, "retry");
}
