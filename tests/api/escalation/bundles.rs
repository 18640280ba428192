//! The unit that owes the work gets a few reminders a day one by one and the rest in one
//! bundle: counted by hand over a bureau with six tasks on one rung and a sibling with two,
//! delivered over loopback SMTP; later reminders of the same day wait for the next bundle
//! `reminders_bundle_every` after the last; events stay immediate.

use super::*;

/// Issues a directive of its own and assigns it to `unit` as `title`, due at the end of `due`,
/// acknowledged (a unit leads one task per directive).
async fn acknowledged(w: &World, unit: Actor, title: &str, due: NaiveDate) -> i64 {
    let directive = w.app.issued_directive(&w.org.secretariat, title).await;
    let input = AssignInput {
        origin: Origin::Directive(DirectiveId(directive)),
        assignees: &[Assignee { unit_id: unit.unit_id, role: TaskRole::Lead }],
        title: Some(title),
        description: None,
        deadline: end_of_day(due, TZ),
        ack_within_days: 1,
        report_every_days: None,
    };
    let task = tasks::assign(&w.app.ctx, &w.org.secretariat, input).await.expect("assign").remove(0);
    w.app
        .act(&unit, task.id.0, TaskAction::Acknowledge, ActionInput { version: task.version, ..Default::default() })
        .await
        .expect("acknowledged");
    task.id.0
}

/// Every message the outbox holds for `address`, oldest first: (template, status, task).
async fn to(w: &World, address: &str) -> Vec<(String, NotificationStatus, Option<i64>)> {
    notifications::Entity::find()
        .filter(notifications::Column::RecipientEmail.eq(address))
        .order_by_asc(notifications::Column::Id)
        .all(&w.app.ctx.db)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.template, r.status, r.task_id))
        .collect()
}

fn at_hour(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    TZ.from_local_datetime(&date.and_hms_opt(hour, minute, 0).expect("time"))
        .single()
        .expect("valid instant")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn more_than_three_reminders_a_day_reach_a_person_as_one_bundle_and_later_ones_wait_for_the_next() {
    let w = world().await;
    let smtp = SmtpServer::start().await;
    let mailer = w.mailer(&smtp).await;
    let monday = day(2026, 12, 7);
    // The bureau owes six tasks due Friday the 11th (the world's and five more); its sibling two.
    let mut bureau_tasks = vec![w.task.id.0];
    for i in 1..=5 {
        bureau_tasks.push(acknowledged(&w, w.org.bureau, &format!("第{i}项整改"), day(2026, 12, 11)).await);
    }
    let sibling_tasks = [
        acknowledged(&w, w.org.sibling_bureau, "消防通道清理", day(2026, 12, 11)).await,
        acknowledged(&w, w.org.sibling_bureau, "应急预案修订", day(2026, 12, 11)).await,
    ];

    // Monday 10:00: the reminder rung (three working days before) comes for all eight.
    w.app.clock.set(at_hour(monday, 10, 0));
    let first = escalation::sweep(&w.app.ctx).await.expect("sweep");
    // By hand: the bureau's two readers (bureau, bureau-en) each one bundle of six; the
    // sibling two reminders of its own.
    assert_eq!((first.bundles, first.bundled, first.waiting), (2, 12, 0), "{first:?}");
    // Written: the two bundles, the sibling's two reminders, and the seven assignments told
    // one by one to the units' readers (5 × 2 + 2), as events always are.
    assert_eq!(first.enqueued, 4 + 12, "{first:?}");
    let bureau = to(&w, "bureau@test.example").await;
    let bundle: Vec<_> = bureau.iter().filter(|(t, _, _)| t == "reminders").collect();
    assert_eq!(bundle.len(), 1, "{bureau:?}");
    assert_eq!(bundle[0].1, NotificationStatus::Pending);
    let mut told: Vec<i64> = bureau
        .iter()
        .filter(|(t, s, _)| t == "reminder" && *s == NotificationStatus::Bundled)
        .filter_map(|(_, _, task)| *task)
        .collect();
    told.sort_unstable();
    assert_eq!(told, bureau_tasks, "each of the six is kept as told inside the bundle");
    let sibling: Vec<_> =
        to(&w, "sibling@test.example").await.into_iter().filter(|(t, _, _)| t != "assigned").collect();
    let mut apart: Vec<(String, NotificationStatus, Option<i64>)> =
        sibling_tasks.iter().map(|id| ("reminder".to_owned(), NotificationStatus::Pending, Some(*id))).collect();
    apart.sort_by_key(|r| r.2);
    assert_eq!(sibling, apart, "two reminders go one by one");
    assert_eq!(escalation::sweep(&w.app.ctx).await.expect("again").enqueued, 0, "a second sweep tells nothing");

    // Delivered: one message to each of the bureau's readers, listing every task with its link;
    // the reminders told in the bundle are never sent alone.
    let sent = outbox::send_due(&w.app.ctx, &mailer, "sender").await.expect("send");
    assert_eq!(sent.sent, 16);
    let messages = smtp.messages();
    let received = |address: &str| messages.iter().filter(|m| m.to == [address.to_owned()]).collect::<Vec<_>>();
    let bundle_of = |address: &str| -> Vec<crate::smtp::Received> {
        received(address)
            .into_iter()
            .filter(|m| !m.subject().contains("交办") && !m.subject().contains("New task"))
            .cloned()
            .collect()
    };
    let zh = bundle_of("bureau@test.example");
    assert_eq!(zh.len(), 1, "{:?}", received("bureau@test.example").iter().map(|m| m.subject()).collect::<Vec<_>>());
    assert_eq!(zh[0].subject(), "【督办提醒汇总】您单位有6项任务需办理，其中逾期0项");
    let text = zh[0].text();
    for id in &bureau_tasks {
        assert!(text.contains(&format!("{}/tasks/{id}\n", w.app.ctx.config.base_url)), "task {id} in {text}");
    }
    assert!(text.contains(&format!("{TITLE}（jj-yj 单位）：到期提醒，期限2026年12月11日 23:59")), "{text}");
    assert!(zh[0].html().contains("排查&lt;危化品&gt;企业隐患 &amp; 整改"), "escaped in the HTML");
    let en = bundle_of("bureau-en@test.example");
    assert_eq!(en.len(), 1);
    assert_eq!(en[0].subject(), "[Duban] 6 tasks of yours need attention, 0 overdue");
    assert!(en[0].text().contains("第3项整改 (jj-yj unit): Reminder, deadline"), "{}", en[0].text());
    assert_eq!(received("sibling@test.example").len(), 2 + 2, "two reminders, two assignments");

    // 11:00: four more tasks reach the bureau's reminder rung. With a bundle an hour old they
    // wait; their assignments are told at once, one by one, as events always are.
    w.app.clock.set(at_hour(monday, 11, 0));
    let mut later = Vec::new();
    for i in 6..=9 {
        later.push(acknowledged(&w, w.org.bureau, &format!("第{i}项整改"), day(2026, 12, 11)).await);
    }
    let waiting = escalation::sweep(&w.app.ctx).await.expect("sweep");
    assert_eq!((waiting.bundles, waiting.waiting), (0, 8), "four for each of two readers wait: {waiting:?}");
    let assigned = to(&w, "bureau@test.example").await.into_iter().filter(|(t, _, _)| t == "assigned").count();
    assert_eq!(assigned, 5 + 4, "events are not bundled");

    // 14:00 is still within four hours of 10:00; 14:01 is not: one bundle of the four.
    w.app.clock.set(at_hour(monday, 13, 59));
    assert_eq!(escalation::sweep(&w.app.ctx).await.expect("sweep").bundles, 0);
    w.app.clock.set(at_hour(monday, 14, 1));
    let second = escalation::sweep(&w.app.ctx).await.expect("sweep");
    assert_eq!((second.bundles, second.bundled, second.waiting), (2, 8, 0), "{second:?}");
    let rows = to(&w, "bureau@test.example").await;
    let bundles = rows.iter().filter(|(t, _, _)| t == "reminders").count();
    let mut told: Vec<i64> =
        rows.iter().filter(|(_, s, _)| *s == NotificationStatus::Bundled).filter_map(|(_, _, task)| *task).collect();
    told.sort_unstable();
    let mut expected: Vec<i64> = bureau_tasks.iter().chain(&later).copied().collect();
    expected.sort_unstable();
    assert_eq!((bundles, told), (2, expected));
    let single = rows.iter().filter(|(t, s, _)| t == "reminder" && *s != NotificationStatus::Bundled).count();
    assert_eq!(single, 0, "none of the bureau's ten went alone");
}

#[tokio::test]
async fn reminders_one_by_one_count_against_the_day_so_a_fourth_the_same_day_waits_for_a_bundle() {
    // Three a day one by one, bundles at most hourly: the sibling gets two at 10:00 and one at
    // 10:30 alone; a fourth at 11:00 is a bundle of one (none went out today yet).
    let w = world_with(&[("reminders_bundle_every", "1h")]).await;
    let monday = day(2026, 12, 7);
    w.app.clock.set(at_hour(monday, 9, 0));
    acknowledged(&w, w.org.sibling_bureau, "一", day(2026, 12, 11)).await;
    acknowledged(&w, w.org.sibling_bureau, "二", day(2026, 12, 11)).await;
    // Due Monday the 14th: its reminder comes on Thursday the 10th (three working days before,
    // counting the make-up Saturday the 12th).
    acknowledged(&w, w.org.sibling_bureau, "五", day(2026, 12, 14)).await;
    w.app.clock.set(at_hour(monday, 10, 0));
    escalation::sweep(&w.app.ctx).await.expect("sweep");
    acknowledged(&w, w.org.sibling_bureau, "三", day(2026, 12, 11)).await;
    w.app.clock.set(at_hour(monday, 10, 30));
    escalation::sweep(&w.app.ctx).await.expect("sweep");
    acknowledged(&w, w.org.sibling_bureau, "四", day(2026, 12, 11)).await;
    w.app.clock.set(at_hour(monday, 11, 0));
    let fourth = escalation::sweep(&w.app.ctx).await.expect("sweep");
    let reminders: Vec<(String, NotificationStatus)> = to(&w, "sibling@test.example")
        .await
        .into_iter()
        .filter(|(t, _, _)| t != "assigned")
        .map(|(t, s, _)| (t, s))
        .collect();
    let pending = NotificationStatus::Pending;
    let expected = [
        ("reminder", pending),
        ("reminder", pending),
        ("reminder", pending),
        ("reminders", pending),
        ("reminder", NotificationStatus::Bundled),
    ]
    .map(|(t, s)| (t.to_owned(), s));
    assert_eq!(reminders, expected, "{fourth:?}");
    // Another day's count starts again: Thursday's first reminder goes alone.
    w.app.clock.set(at_hour(day(2026, 12, 10), 10, 0));
    let next = escalation::sweep(&w.app.ctx).await.expect("sweep");
    assert_eq!((next.bundles, next.bundled), (0, 0), "{next:?}");
    let last = to(&w, "sibling@test.example").await.into_iter().rfind(|(t, _, _)| t != "assigned");
    assert_eq!(last.map(|(t, s, _)| (t, s)), Some(("reminder".to_owned(), pending)));
}
