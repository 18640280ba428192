//! The task lifecycle through the services against the real database: every allowed and every
//! refused transition, stale versions, hierarchy rules, and the audit trail.

use chrono::Duration;
use duban::{
    domain::{
        directives::{DirectiveFields, Filing},
        drafting::Category,
        lifecycle::{Refusal, Relation, TaskAction, TaskStatus},
        vocabulary::{DirectiveSource, DirectiveStatus, Priority, TaskRole},
    },
    services::{
        Actor, ServiceError,
        records::Task,
        setup,
        tasks::{self, ActionInput, AssignInput, Assignee, Origin},
    },
    store,
};

use crate::helpers::{NowUtc, Org, TestApp, count_tasks, spawn_app};
use duban::domain::ids::{DirectiveId, UnitId};
use duban::domain::ids::{ReportId, TaskId};

async fn issued_directive(app: &TestApp, org: &Org) -> i64 {
    let now = app.clock.now_utc();
    let seq = store::directives::next_seq(&app.ctx.db, None, org.secretariat.unit_id.0).await.expect("number");
    setup::create_directive(
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
            deadline: now + Duration::days(30),
            places: vec![],
            industries: vec![],
        },
        now,
    )
    .await
    .expect("directive")
    .id
}

/// The province issues a directive and assigns it to Jiujiang's bureau (lead).
async fn assigned_task(app: &TestApp, org: &Org) -> Task {
    let directive_id = issued_directive(app, org).await;
    let now = app.clock.now_utc();
    tasks::assign(
        &app.ctx,
        &org.secretariat,
        AssignInput {
            origin: Origin::Directive(DirectiveId(directive_id)),
            assignees: &[Assignee { unit_id: org.bureau.unit_id, role: TaskRole::Lead }],
            title: None,
            description: None,
            deadline: now + Duration::days(20),
            ack_within_days: 1,
            report_every_days: None,
        },
    )
    .await
    .expect("assign")
    .remove(0)
}

/// The bureau splits its task to the county, with the parent's deadline.
async fn split_to_county(app: &TestApp, org: &Org, parent: &Task) -> Task {
    tasks::assign(
        &app.ctx,
        &org.bureau,
        AssignInput {
            origin: Origin::Split { parent_task_id: parent.id },
            assignees: &[Assignee { unit_id: org.county.unit_id, role: TaskRole::Lead }],
            title: None,
            description: None,
            deadline: parent.deadline,
            ack_within_days: 1,
            report_every_days: None,
        },
    )
    .await
    .expect("split")
    .remove(0)
}

/// What each action needs to succeed when it is allowed.
fn input_for(action: TaskAction, version: i32, org: &Org) -> ActionInput {
    ActionInput {
        version,
        text: Some(format!("{action} 的说明")),
        progress: Some(40),
        new_assignee_unit_id: (action == TaskAction::Reassign).then_some(org.sibling_bureau.unit_id),
    }
}

fn party(org: &Org, relation: Relation) -> &Actor {
    match relation {
        Relation::Assignee => &org.bureau,
        Relation::Assigner => &org.secretariat,
        Relation::Other => &org.city,
    }
}

/// Who DESIGN.md lets take each action, written out by hand: "Only the assignee unit
/// acknowledges, declines, reports and completes; only the assigning unit accepts, returns,
/// reassigns or cancels."
fn party_by_hand(action: TaskAction) -> Relation {
    use TaskAction as A;
    match action {
        A::Acknowledge | A::Decline | A::Progress | A::Complete => Relation::Assignee,
        A::Accept | A::Return | A::Reassign | A::Cancel => Relation::Assigner,
    }
}

/// DESIGN.md's lifecycle diagram, written out by hand: every allowed (state, action) and the
/// state it leads to. Completion is also reported straight from `acknowledged` (README), and
/// "any open state --cancel--> cancelled" is spelled out state by state. Every pair not listed
/// is refused.
const ALLOWED_BY_HAND: &[(TaskStatus, TaskAction, TaskStatus)] = {
    use TaskAction as A;
    use TaskStatus as S;
    &[
        (S::Assigned, A::Acknowledge, S::Acknowledged),
        (S::Assigned, A::Decline, S::Declined),
        (S::Acknowledged, A::Progress, S::InProgress),
        (S::InProgress, A::Progress, S::InProgress),
        (S::Returned, A::Progress, S::InProgress),
        (S::Acknowledged, A::Complete, S::Submitted),
        (S::InProgress, A::Complete, S::Submitted),
        (S::Returned, A::Complete, S::Submitted),
        (S::Submitted, A::Accept, S::Completed),
        (S::Submitted, A::Return, S::Returned),
        (S::Declined, A::Reassign, S::Assigned),
        (S::Assigned, A::Cancel, S::Cancelled),
        (S::Acknowledged, A::Cancel, S::Cancelled),
        (S::InProgress, A::Cancel, S::Cancelled),
        (S::Submitted, A::Cancel, S::Cancelled),
        (S::Returned, A::Cancel, S::Cancelled),
        (S::Declined, A::Cancel, S::Cancelled),
    ]
};

fn expected_by_hand(from: TaskStatus, action: TaskAction) -> Option<TaskStatus> {
    ALLOWED_BY_HAND.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
}

/// The path of actions that brings a new task to `status`.
fn path_to(status: TaskStatus) -> &'static [TaskAction] {
    use TaskAction as A;
    match status {
        TaskStatus::Assigned => &[],
        TaskStatus::Acknowledged => &[A::Acknowledge],
        TaskStatus::InProgress => &[A::Acknowledge, A::Progress],
        TaskStatus::Submitted => &[A::Acknowledge, A::Complete],
        TaskStatus::Completed => &[A::Acknowledge, A::Complete, A::Accept],
        TaskStatus::Returned => &[A::Acknowledge, A::Complete, A::Return],
        TaskStatus::Declined => &[A::Decline],
        TaskStatus::Cancelled => &[A::Cancel],
    }
}

async fn task_in(app: &TestApp, org: &Org, status: TaskStatus) -> Task {
    let mut task = assigned_task(app, org).await;
    for &action in path_to(status) {
        let actor = party(org, party_by_hand(action));
        task = app
            .act(actor, task.id.0, action, input_for(action, task.version, org))
            .await
            .unwrap_or_else(|e| panic!("{action} on the way to {status}: {e}"));
    }
    assert_eq!(task.status, status);
    task
}

#[tokio::test]
async fn every_state_and_action_is_allowed_or_refused_exactly_as_the_design_says() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let mut allowed_seen = 0;
    for &from in TaskStatus::ALL {
        for &action in TaskAction::ALL {
            let task = task_in(&app, &org, from).await;
            let events_before = store::audit::history(db, "task", task.id.0).await.expect("history").len();
            let (required, wrong) = match party_by_hand(action) {
                Relation::Assignee => (Relation::Assignee, Relation::Assigner),
                _ => (Relation::Assigner, Relation::Assignee),
            };
            // The other party is refused first, whatever the state, and changes nothing.
            let refused = app.act(party(&org, wrong), task.id.0, action, input_for(action, task.version, &org)).await;
            match refused {
                Err(ServiceError::Refused(Refusal::WrongParty { action: a, required: r, actual })) => {
                    assert_eq!((a, r, actual), (action, required, wrong), "{from} --{action}--> by {wrong}");
                }
                other => panic!("{from} --{action}--> by {wrong} should be refused as the wrong party, got {other:?}"),
            }
            assert_eq!(Task::from(store::tasks::get(db, task.id.0).await.expect("task")), task);

            let actor = party(&org, required);
            let result = app.act(actor, task.id.0, action, input_for(action, task.version, &org)).await;
            let after = store::tasks::get(db, task.id.0).await.expect("task");
            let events_after = store::audit::history(db, "task", task.id.0).await.expect("history");
            match expected_by_hand(from, action) {
                Some(expected) => {
                    allowed_seen += 1;
                    let updated = result.unwrap_or_else(|e| panic!("{from} --{action}--> refused: {e}"));
                    assert_eq!(updated.status, expected);
                    assert_eq!(after.status, expected, "{from} --{action}--> stored");
                    assert_eq!(after.version, task.version + 1);
                    assert_eq!(events_after.len(), events_before + 1, "one audit event for {from} --{action}-->");
                    let event = events_after.last().expect("event");
                    assert_eq!(event.action, action.as_str());
                    assert_eq!(event.actor_id, Some(actor.user_id.0));
                    assert!(event.before.as_deref().is_some_and(|b| b.contains(from.as_str())));
                    assert!(event.after.as_deref().is_some_and(|a| a.contains(expected.as_str())));
                }
                None => {
                    match result {
                        Err(ServiceError::Refused(Refusal::IllegalFrom { action: a, from: f })) => {
                            assert_eq!((a, f), (action, from), "the refusal names the action and the state");
                        }
                        other => panic!("{from} --{action}--> should be refused, got {other:?}"),
                    }
                    assert_eq!(Task::from(after), task, "a refused {from} --{action}--> changes nothing");
                    assert_eq!(events_after.len(), events_before, "and writes no audit event");
                }
            }
        }
    }
    assert_eq!(allowed_seen, ALLOWED_BY_HAND.len(), "every allowed move of the table was tried");
}

#[tokio::test]
async fn the_wrong_party_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let submitted = task_in(&app, &org, TaskStatus::Submitted).await;
    // The assignee cannot accept its own completion; a unit above it, with no part in the
    // task, cannot either.
    for (actor, relation) in [(&org.bureau, Relation::Assignee), (&org.city, Relation::Other)] {
        let err = app
            .act(actor, submitted.id.0, TaskAction::Accept, input_for(TaskAction::Accept, submitted.version, &org))
            .await
            .expect_err("refused");
        assert!(
            matches!(err, ServiceError::Refused(Refusal::WrongParty { actual, .. }) if actual == relation),
            "{err:?}"
        );
    }
    // A unit that may not see the task learns nothing of it, not even why it may not act.
    let err = app
        .act(
            &org.sibling_bureau,
            submitted.id.0,
            TaskAction::Accept,
            input_for(TaskAction::Accept, submitted.version, &org),
        )
        .await
        .expect_err("refused");
    assert!(matches!(err, ServiceError::NotFound("task")), "{err:?}");
    // The assigner cannot acknowledge for the assignee.
    let assigned = task_in(&app, &org, TaskStatus::Assigned).await;
    let err = app
        .act(&org.secretariat, assigned.id.0, TaskAction::Acknowledge, input_for(TaskAction::Acknowledge, 1, &org))
        .await
        .expect_err("refused");
    assert!(matches!(err, ServiceError::Refused(Refusal::WrongParty { .. })));
    assert_eq!(Task::from(store::tasks::get(db, submitted.id.0).await.expect("task")), submitted);
    assert_eq!(Task::from(store::tasks::get(db, assigned.id.0).await.expect("task")), assigned);
}

#[tokio::test]
async fn leaders_do_not_act_on_tasks() {
    let app = spawn_app().await;
    let org = app.org().await;
    let task = task_in(&app, &org, TaskStatus::Assigned).await;
    let err = app
        .act(&org.leader, task.id.0, TaskAction::Cancel, input_for(TaskAction::Cancel, 1, &org))
        .await
        .expect_err("forbidden");
    assert!(matches!(err, ServiceError::Forbidden(_)));
    assert_eq!(Task::from(store::tasks::get(&app.ctx.db, task.id.0).await.expect("task")), task);
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let task = task_in(&app, &org, TaskStatus::Acknowledged).await;
    let seen = task.version;
    // Someone else reports progress first.
    let moved = app
        .act(&org.bureau, task.id.0, TaskAction::Progress, input_for(TaskAction::Progress, seen, &org))
        .await
        .expect("first change");
    let events = store::audit::history(db, "task", task.id.0).await.expect("history").len();
    // The second change still carries the old version.
    let mut late = input_for(TaskAction::Progress, seen, &org);
    late.progress = Some(90);
    let err = app.act(&org.bureau, task.id.0, TaskAction::Progress, late).await.expect_err("stale");
    assert!(matches!(err, ServiceError::Stale { sent, current, .. } if sent == seen && current == seen + 1), "{err:?}");
    assert_eq!(Task::from(store::tasks::get(db, task.id.0).await.expect("task")), moved);
    assert_eq!(store::audit::history(db, "task", task.id.0).await.expect("history").len(), events);
    assert_eq!(reports_of(db, task.id.0).await.len(), 1, "only the first report exists");
}

#[tokio::test]
async fn a_review_sent_with_a_version_it_was_not_read_at_writes_nothing() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let task = task_in(&app, &org, TaskStatus::Submitted).await;
    // As a reviewer that read the task before another change committed would send it.
    let input = input_for(TaskAction::Accept, task.version - 1, &org);
    let err = app.act(&org.secretariat, task.id.0, TaskAction::Accept, input).await.expect_err("stale");
    assert!(
        matches!(err, ServiceError::Stale { sent, current, .. } if sent == task.version - 1 && current == task.version),
        "{err:?}"
    );
    assert_eq!(Task::from(store::tasks::get(db, task.id.0).await.expect("task")), task, "nothing was written");
}

#[tokio::test]
async fn a_parent_cannot_be_submitted_while_a_child_is_open() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let parent = task_in(&app, &org, TaskStatus::Acknowledged).await;
    let child = split_to_county(&app, &org, &parent).await;
    let err = app
        .act(&org.bureau, parent.id.0, TaskAction::Complete, input_for(TaskAction::Complete, parent.version, &org))
        .await
        .expect_err("open child");
    assert!(matches!(err, ServiceError::Refused(Refusal::OpenChildren { open_children: 1 })));
    assert_eq!(Task::from(store::tasks::get(db, parent.id.0).await.expect("task")), parent);

    // Once the county's task is accepted, the bureau may submit.
    let mut c = child;
    for action in [TaskAction::Acknowledge, TaskAction::Complete] {
        c = app.act(&org.county, c.id.0, action, input_for(action, c.version, &org)).await.expect("child step");
    }
    app.act(&org.bureau, c.id.0, TaskAction::Accept, input_for(TaskAction::Accept, c.version, &org))
        .await
        .expect("accept child");
    let submitted = app
        .act(&org.bureau, parent.id.0, TaskAction::Complete, input_for(TaskAction::Complete, parent.version, &org))
        .await
        .expect("submit parent");
    assert_eq!(submitted.status, TaskStatus::Submitted);
}

#[tokio::test]
async fn assigning_upwards_sideways_or_past_the_parent_deadline_is_refused() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let parent = task_in(&app, &org, TaskStatus::Acknowledged).await;
    let split = |unit_id: i64, deadline| AssignInput {
        origin: Origin::Split { parent_task_id: parent.id },
        assignees: Box::leak(Box::new([Assignee { unit_id: UnitId(unit_id), role: TaskRole::Lead }])),
        title: None,
        description: None,
        deadline,
        ack_within_days: 1,
        report_every_days: None,
    };
    let cases = [
        (split(org.sibling_bureau.unit_id.0, parent.deadline), "assignee_unit_id"),
        (split(org.city.unit_id.0, parent.deadline), "assignee_unit_id"),
        (split(org.other_city.unit_id.0, parent.deadline), "assignee_unit_id"),
        (split(org.county.unit_id.0, parent.deadline + Duration::days(1)), "deadline"),
    ];
    let before = count_tasks(db).await;
    for (input, field) in cases {
        let err = tasks::assign(&app.ctx, &org.bureau, input).await.expect_err("refused");
        assert!(matches!(err, ServiceError::ConflictsWith { field: f, .. } if f == field), "{err:?}");
    }
    assert_eq!(count_tasks(db).await, before, "nothing was created");
    // A sibling bureau cannot split a task that is not its own: to it, the task is not there.
    let err = tasks::assign(&app.ctx, &org.sibling_bureau, split(org.county.unit_id.0, parent.deadline))
        .await
        .expect_err("not found");
    assert!(matches!(err, ServiceError::NotFound("task")), "{err:?}");
    // The city above sees the task but does not hold it, so it may not split it.
    let err =
        tasks::assign(&app.ctx, &org.city, split(org.county.unit_id.0, parent.deadline)).await.expect_err("forbidden");
    assert!(matches!(err, ServiceError::Forbidden(_)), "{err:?}");
}

#[tokio::test]
async fn a_return_without_a_reason_is_refused() {
    let app = spawn_app().await;
    let org = app.org().await;
    let task = task_in(&app, &org, TaskStatus::Submitted).await;
    let mut input = input_for(TaskAction::Return, task.version, &org);
    input.text = Some("   ".into());
    let err = app.act(&org.secretariat, task.id.0, TaskAction::Return, input).await.expect_err("reason required");
    assert!(matches!(err, ServiceError::Invalid { field: "reason", .. }));
    assert_eq!(Task::from(store::tasks::get(&app.ctx.db, task.id.0).await.expect("task")), task);
}

#[tokio::test]
async fn the_time_to_acknowledge_counts_working_days_from_the_loaded_calendar() {
    use chrono::TimeZone;
    use duban::{domain::vocabulary::DayKind, entities::calendar_days};
    use sea_orm::{ActiveModelTrait, Set};

    let app = spawn_app().await;
    let org = app.org().await;
    // Friday 27 November 2026, 10:00 in Beijing.
    let friday = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).single().expect("instant");
    app.clock.set(friday);
    let monday_task = assigned_task(&app, &org).await;
    assert_eq!(monday_task.ack_due_at, friday + Duration::days(3), "due on Monday, not Saturday");

    calendar_days::ActiveModel {
        day: Set(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")),
        kind: Set(DayKind::Holiday),
        name: Set("示例假日".into()),
    }
    .insert(&app.ctx.db)
    .await
    .expect("holiday");
    let tuesday_task = assigned_task(&app, &org).await;
    assert_eq!(tuesday_task.ack_due_at, friday + Duration::days(4), "a Monday holiday moves it to Tuesday");
}

#[tokio::test]
async fn the_time_to_acknowledge_counts_from_the_day_in_beijing_not_in_utc() {
    use chrono::TimeZone;
    use duban::{domain::vocabulary::DayKind, entities::calendar_days};
    use sea_orm::{ActiveModelTrait, Set};

    let app = spawn_app().await;
    let org = app.org().await;
    let beijing = chrono_tz::Asia::Shanghai;
    let at = |y, m, d, h, min| beijing.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("instant").to_utc();

    // Friday 07:59 in Beijing is still Thursday in UTC: one working day is Monday, not Saturday.
    app.clock.set(at(2026, 11, 27, 7, 59));
    let task = assigned_task(&app, &org).await;
    assert_eq!(task.ack_due_at, at(2026, 11, 30, 7, 59), "due Monday 07:59 in Beijing");

    // Tuesday 00:30 in Beijing is Monday in UTC; with Wednesday a holiday, one working day is
    // Thursday.
    calendar_days::ActiveModel {
        day: Set(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date")),
        kind: Set(DayKind::Holiday),
        name: Set("示例假日".into()),
    }
    .insert(&app.ctx.db)
    .await
    .expect("holiday");
    app.clock.set(at(2026, 12, 1, 0, 30));
    let task = assigned_task(&app, &org).await;
    assert_eq!(task.ack_due_at, at(2026, 12, 3, 0, 30), "due Thursday 00:30 in Beijing, past the holiday");
}

#[tokio::test]
async fn progress_reports_are_asked_for_every_one_to_365_days() {
    let app = spawn_app().await;
    let org = app.org().await;
    let directive_id = issued_directive(&app, &org).await;
    let now = app.clock.now_utc();
    for days in [-7, 0, 366] {
        let input = AssignInput {
            origin: Origin::Directive(DirectiveId(directive_id)),
            assignees: &[Assignee { unit_id: org.bureau.unit_id, role: TaskRole::Lead }],
            title: None,
            description: None,
            deadline: now + Duration::days(20),
            ack_within_days: 1,
            report_every_days: Some(days),
        };
        let err = tasks::assign(&app.ctx, &org.secretariat, input).await.expect_err("refused");
        assert!(matches!(err, ServiceError::Invalid { field: "report_every_days", .. }), "{days}: {err:?}");
    }
    assert_eq!(count_tasks(&app.ctx.db).await, 0, "nothing was assigned");
}

#[tokio::test]
async fn an_extension_is_not_approved_once_the_task_is_submitted_or_closed() {
    use duban::services::extensions;

    let app = spawn_app().await;
    let org = app.org().await;
    let task = task_in(&app, &org, TaskStatus::InProgress).await;
    let later = task.deadline + Duration::days(5);
    let request = extensions::request(&app.ctx, &org.bureau, task.id, later, "需要更多时间").await.expect("request");
    let task = app
        .act(&org.bureau, task.id.0, TaskAction::Complete, input_for(TaskAction::Complete, task.version, &org))
        .await
        .expect("complete");
    let err = extensions::decide(&app.ctx, &org.secretariat, request.id, true, None).await.expect_err("refused");
    assert!(matches!(err, ServiceError::Conflict(_)), "{err:?}");
    assert_eq!(Task::from(store::tasks::get(&app.ctx.db, task.id.0).await.expect("task")), task, "the deadline stays");
    let task = app
        .act(&org.secretariat, task.id.0, TaskAction::Accept, input_for(TaskAction::Accept, task.version, &org))
        .await
        .expect("accept");
    let err = extensions::decide(&app.ctx, &org.secretariat, request.id, true, None).await.expect_err("refused");
    assert!(matches!(err, ServiceError::Conflict(_)), "{err:?}");
    assert_eq!(Task::from(store::tasks::get(&app.ctx.db, task.id.0).await.expect("task")).deadline, task.deadline);
    // Refusing the stale request is still possible, and settles it.
    extensions::decide(&app.ctx, &org.secretariat, request.id, false, Some("任务已办结")).await.expect("refuse");
}

#[tokio::test]
async fn the_inbox_sorts_the_units_work_into_what_needs_doing() {
    use duban::services::queries;

    let app = spawn_app().await;
    let org = app.org().await;
    let fresh = assigned_task(&app, &org).await;
    let returned = task_in(&app, &org, TaskStatus::Returned).await;
    let submitted = task_in(&app, &org, TaskStatus::Submitted).await;
    let inbox = queries::inbox(&app.ctx, &org.bureau).await.expect("inbox");
    let ids = |list: &[queries::TaskFacts]| list.iter().map(|f| f.task.id).collect::<Vec<_>>();
    assert!(ids(&inbox.to_acknowledge).contains(&fresh.id));
    assert!(ids(&inbox.returned).contains(&returned.id));
    assert!(inbox.overdue.is_empty() && inbox.due_soon.is_empty(), "twenty days ahead is neither");
    let review = queries::inbox(&app.ctx, &org.secretariat).await.expect("inbox");
    assert_eq!(ids(&review.awaiting_review), vec![submitted.id]);

    // Eighteen days on, the deadline is two working days away; two more weeks and it has passed.
    app.clock.advance(Duration::days(18));
    let soon = queries::inbox(&app.ctx, &org.bureau).await.expect("inbox");
    assert!(ids(&soon.due_soon).contains(&fresh.id), "due within three working days");
    app.clock.advance(Duration::days(14));
    let late = queries::inbox(&app.ctx, &org.bureau).await.expect("inbox");
    assert!(ids(&late.overdue).contains(&fresh.id) && !ids(&late.due_soon).contains(&fresh.id));
    assert!(!ids(&late.overdue).contains(&submitted.id), "submitted in time is not overdue");
}

#[tokio::test]
async fn an_inbox_section_lists_the_hundred_soonest_and_counts_them_all() {
    use duban::services::queries::{self, INBOX_SECTION_MAX};

    let app = spawn_app().await;
    let org = app.org().await;
    let mut fresh = Vec::new();
    for _ in 0..INBOX_SECTION_MAX + 2 {
        fresh.push(assigned_task(&app, &org).await.id);
    }
    let inbox = queries::inbox(&app.ctx, &org.bureau).await.expect("inbox");
    assert_eq!(inbox.totals.to_acknowledge, fresh.len() as u64, "every task to acknowledge is counted");
    let listed: Vec<TaskId> = inbox.to_acknowledge.iter().map(|f| f.task.id).collect();
    // The same deadline for all: the soonest first, then the oldest.
    assert_eq!(listed, fresh[..INBOX_SECTION_MAX].to_vec());
    assert_eq!(inbox.totals.returned, 0);
}

#[tokio::test]
async fn a_task_carries_its_latest_hundred_reports_and_pages_through_all_of_them() {
    use duban::services::queries::{self, DETAIL_REPORTS};

    let app = spawn_app().await;
    let org = app.org().await;
    let mut task = task_in(&app, &org, TaskStatus::InProgress).await;
    for _ in 0..DETAIL_REPORTS + 4 {
        task = app
            .act(&org.bureau, task.id.0, TaskAction::Progress, input_for(TaskAction::Progress, task.version, &org))
            .await
            .expect("report");
    }
    let all = reports_of(&app.ctx.db, task.id.0).await;
    let ids = |reports: &[duban::services::records::Report]| reports.iter().map(|r| r.id).collect::<Vec<_>>();
    let all_ids: Vec<ReportId> = all.iter().map(|r| ReportId(r.id)).collect();
    assert_eq!(all_ids.len() as u64, DETAIL_REPORTS + 5, "one report on the way in, then the loop's");

    let detail = queries::detail(&app.ctx, &org.secretariat, task.id).await.expect("detail");
    assert_eq!(detail.reports_total, all_ids.len() as u64);
    assert_eq!(
        ids(&detail.reports),
        all_ids[all_ids.len() - DETAIL_REPORTS as usize..].to_vec(),
        "the latest, oldest first"
    );

    let mut paged = Vec::new();
    for page in 1..=3 {
        let one = queries::reports(&app.ctx, &org.secretariat, task.id, page, 50).await.expect("page");
        assert_eq!(one.total, all_ids.len() as u64);
        paged.extend(ids(&one.items));
    }
    assert_eq!(paged, all_ids, "the pages hold every report once, oldest first");
    let refused = queries::reports(&app.ctx, &org.other_city, task.id, 1, 50).await;
    assert!(matches!(refused, Err(ServiceError::NotFound(_))), "another city sees nothing");
}

#[tokio::test]
async fn cancelling_a_task_cancels_its_open_splits_and_leaves_closed_ones_alone() {
    let app = spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let parent = task_in(&app, &org, TaskStatus::Acknowledged).await;
    let (done, open) = (split_to_county(&app, &org, &parent).await, split_to_county(&app, &org, &parent).await);
    let mut d = done;
    for action in [TaskAction::Acknowledge, TaskAction::Complete] {
        d = app.act(&org.county, d.id.0, action, input_for(action, d.version, &org)).await.expect("county step");
    }
    let d = app
        .act(&org.bureau, d.id.0, TaskAction::Accept, input_for(TaskAction::Accept, d.version, &org))
        .await
        .expect("accept");

    let parent = store::tasks::get(db, parent.id.0).await.expect("parent");
    app.act(&org.secretariat, parent.id, TaskAction::Cancel, input_for(TaskAction::Cancel, parent.version, &org))
        .await
        .expect("cancel");
    assert_eq!(store::tasks::get(db, open.id.0).await.expect("open split").status, TaskStatus::Cancelled);
    assert_eq!(
        Task::from(store::tasks::get(db, d.id.0).await.expect("done split")),
        d,
        "a completed split stays as it was"
    );
    let history = store::audit::history(db, "task", open.id.0).await.expect("history");
    assert_eq!(history.last().map(|e| e.action.as_str()), Some("cancel"));
    assert_eq!(history.last().and_then(|e| e.actor_id), Some(org.secretariat.user_id.0));
}

/// The task's reports as stored, oldest first.
async fn reports_of(db: &sea_orm::DatabaseConnection, task_id: i64) -> Vec<duban::entities::reports::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    duban::entities::reports::Entity::find()
        .filter(duban::entities::reports::Column::TaskId.eq(task_id))
        .order_by_asc(duban::entities::reports::Column::Id)
        .all(db)
        .await
        .expect("reports")
}
