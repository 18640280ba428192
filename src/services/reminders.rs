//! 催办 ("remind now"): the assigning unit, and the secretariat and leaders above it, press a
//! task's unit at once, with a short message, without waiting for the escalation ladder
//! (DESIGN.md, Escalation). Each reminder is a row (one a day per task and sender, held by a
//! unique key), counted on the task page, in the lists and in the exports; it is written to
//! the audit trail and put into the outbox for the assignee unit's officers and its head, like
//! any message the sweep writes.

use crate::domain::message::Message;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::TransactionTrait;
use serde_json::json;

use super::store::{self, StoreError};
use super::{Actor, Ctx, ServiceError, ServiceResult, access, notify, records};
use crate::domain::{
    escalation::{assignee_owes_work, reminder_key},
    ids::{TaskId, UnitId, UserId},
    roles::Capability,
    vocabulary::{Audience, Role},
};

/// The e-mail template a reminder is written with.
pub const TEMPLATE: &str = "reminder";

/// The longest message a reminder carries, in characters.
pub const MESSAGE_MAX: usize = 500;

/// What one reminder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    /// Messages put into the outbox (e-mails and group-robot cards).
    pub enqueued: u64,
    /// People of the unit who have no e-mail address, skipped.
    pub without_email: usize,
    /// How many times the task has been reminded now, this one included.
    pub times: u64,
}

/// One reminder as the task page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i64,
    pub sender_user_id: UserId,
    pub sender_unit_id: UnitId,
    pub day: NaiveDate,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

impl From<crate::entities::task_reminders::Model> for Reminder {
    fn from(r: crate::entities::task_reminders::Model) -> Self {
        Reminder {
            id: r.id,
            sender_user_id: UserId(r.sender_user_id),
            sender_unit_id: UnitId(r.sender_unit_id),
            day: r.day,
            message: r.message,
            created_at: r.created_at,
        }
    }
}

/// Whether `actor` may remind the unit of `task`, a task it can see (`store::visibility`
/// decides that first): the officers and secretariat of the unit that assigned it, and the
/// secretariat and leaders of any unit whose scope holds it — never the unit that owes the
/// work itself.
pub fn may_remind(actor: &Actor, task: &records::Task) -> bool {
    actor.may(Capability::Remind)
        && actor.unit_id != task.assignee_unit_id
        && (actor.unit_id == task.assigner_unit_id || matches!(actor.role, Role::Secretariat | Role::Leader))
}

/// A reminder's message: trimmed, at most [`MESSAGE_MAX`] characters, no NUL (422 otherwise).
pub fn check_message(message: &str) -> ServiceResult<String> {
    let message = message.trim();
    if message.chars().count() > MESSAGE_MAX {
        return Err(ServiceError::invalid("message", Message::new("error-too-long").number("max", MESSAGE_MAX)));
    }
    if message.contains('\0') {
        return Err(ServiceError::invalid("message", Message::new("error-nul")));
    }
    Ok(message.to_owned())
}

/// The conflict of a second reminder from one sender about one task in a day.
fn once_a_day() -> ServiceError {
    ServiceError::conflict("error-reminded-today")
}

/// Reminds the task's unit now (催办): 404 when the actor cannot see the task, 403 when it may
/// not remind it, 409 when its unit owes no work (done, cancelled, submitted, declined) or the
/// actor reminded it today already (in the configured zone). Otherwise the reminder is kept,
/// audited, and an e-mail goes into the outbox for each of the assignee unit's officers and
/// its head (leaders' accounts and the head's address), each once.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn remind_now(ctx: &Ctx, actor: &Actor, task_id: TaskId, message: &str) -> ServiceResult<Reminded> {
    let db = &ctx.db;
    let now = ctx.clock.now();
    let message = check_message(message)?;
    let task = access::visible_task(db, actor, task_id).await?;
    if !may_remind(actor, &records::Task::from(task.clone())) {
        return Err(ServiceError::Forbidden(if actor.unit_id.0 == task.assignee_unit_id {
            Message::new("error-remind-own-task")
        } else if actor.may(Capability::Remind) {
            Message::new("error-remind-not-assigned")
        } else {
            Capability::Remind.refusal(actor.role)
        }));
    }
    if !assignee_owes_work(task.status) {
        return Err(ServiceError::Conflict(Message::new("error-remind-no-work").term("status", task.status.as_str())));
    }
    let day = ctx.today();
    if store::reminders::sent_on(db, task.id, actor.user_id.0, day).await? {
        return Err(once_a_day());
    }
    let directive = store::directives::get(db, task.directive_id).await?;
    let calendar = store::calendar::load(db).await?;
    let directory = notify::Directory::load(db).await?;
    let render = notify::Facts::at(ctx, &directory, &calendar, now);
    // The unit's officers, then its head: one message each, whoever appears in both.
    let mut targets: Vec<notify::Target> = Vec::new();
    let mut without_email = 0;
    for audience in [Audience::AssigneeUnit, Audience::AssigneeHead] {
        let resolved = directory.resolve(audience, &task, &directive);
        without_email += resolved.without_email;
        for target in resolved.targets {
            let same = |t: &notify::Target| {
                t.recipient == target.recipient || (!t.email.is_empty() && t.email.eq_ignore_ascii_case(&target.email))
            };
            if !targets.iter().any(same) {
                targets.push(target);
            }
        }
    }

    let txn = db.begin().await?;
    let reminder = store::reminders::insert(
        &txn,
        store::reminders::NewReminder {
            task_id: task.id,
            sender_user_id: actor.user_id.0,
            sender_unit_id: actor.unit_id.0,
            day,
            message: &message,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        // Two presses at once: the unique key lets one of them in.
        StoreError::Duplicate(_) => once_a_day(),
        other => other.into(),
    })?;
    let times = store::reminders::counts(&txn, &[task.id]).await?.get(&task.id).copied().unwrap_or(0) as u64;
    let mut rows = Vec::new();
    for target in &targets {
        let extra = json!({
            "urged_by": directory.unit_name(actor.unit_id.0, target.locale),
            "message": message,
            "times": times,
        });
        let rendered = render.render(TEMPLATE, target, &task, &directive, &extra)?;
        let key = reminder_key(task.id, day, actor.user_id.0, &target.recipient);
        rows.push(target.row(key, (Some(task.id), None), TEMPLATE.to_owned(), rendered));
    }
    let enqueued = store::notifications::insert_new(&txn, rows, now).await?;
    let note =
        if message.is_empty() { format!("reminder no. {times}") } else { format!("reminder no. {times}: {message}") };
    let entry = actor
        .entry("task", task.id, "remind")
        .after(&json!({ "reminder_id": reminder.id, "times": times, "messages": enqueued, "message": message }))
        .note(Some(&note));
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(Reminded { enqueued, without_email, times })
}

/// The task's reminders, oldest first (404 when the actor cannot see the task).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn of_task(ctx: &Ctx, actor: &Actor, task_id: TaskId) -> ServiceResult<Vec<Reminder>> {
    let task = access::visible_task(&ctx.reads, actor, task_id).await?;
    Ok(records::from_rows(store::reminders::for_task(&ctx.reads, task.id).await?))
}

/// How many times each of these tasks was reminded (0 for those never reminded).
pub async fn counts(ctx: &Ctx, task_ids: &[TaskId]) -> ServiceResult<std::collections::HashMap<TaskId, u64>> {
    let ids: Vec<i64> = task_ids.iter().map(|t| t.0).collect();
    let found = store::reminders::counts(&ctx.reads, &ids).await?;
    Ok(task_ids.iter().map(|t| (*t, found.get(&t.0).copied().unwrap_or(0) as u64)).collect())
}
