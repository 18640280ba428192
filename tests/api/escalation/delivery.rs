//! Delivery through the outbox: exactly once through SMTP outages, competing senders and a
//! sender that died; dead letters keep their error; without SMTP, files.

use super::*;

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
