//! "Remind now" (督办提醒): the assigning side presses a task's unit at once, without waiting
//! for the escalation ladder. The reminder goes into the outbox like any message the sweep
//! writes, keyed by task, day and recipient, so that pressing again the same day sends nothing
//! more; each reminder that went out is kept in the task's history.

use sea_orm::TransactionTrait;
use serde_json::json;

use super::store::{self, notifications::NewNotification};
use super::{Actor, Ctx, ServiceError, ServiceResult, access, notify, records};
use crate::domain::{
    escalation::{assignee_owes_work, reminder_key},
    ids::{TaskId, UnitId},
    roles::Capability,
    vocabulary::Audience,
};

/// The e-mail template a reminder is written with.
pub const TEMPLATE: &str = "reminder";

/// What one "remind now" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    /// Messages put into the outbox: none when the unit was reminded today already.
    pub enqueued: u64,
    /// People of the unit who have no e-mail address, skipped.
    pub without_email: usize,
}

/// Whether `actor` may remind the unit of `task`: the officers and secretariat of the unit that
/// assigned it, and the secretariat of the unit that issued its directive (which follows every
/// task of it down the tree).
pub fn may_remind(actor: &Actor, task: &records::Task, directive_unit_id: UnitId) -> bool {
    actor.may(Capability::Remind)
        && (actor.unit_id == task.assigner_unit_id
            || (actor.may(Capability::Issue) && actor.unit_id == directive_unit_id))
}

/// Puts a reminder to the task's unit into the outbox now: one per recipient and day (in the
/// configured zone), audited. A task whose unit owes no work (closed, submitted, declined) is
/// a conflict.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn remind_now(ctx: &Ctx, actor: &Actor, task_id: TaskId) -> ServiceResult<Reminded> {
    let db = &ctx.db;
    let now = ctx.clock.now();
    let tz = ctx.config.time_zone;
    let task = access::visible_task(db, actor, task_id).await?;
    let directive = store::directives::get(db, task.directive_id).await?;
    if !may_remind(actor, &records::Task::from(task.clone()), UnitId(directive.unit_id)) {
        return Err(ServiceError::Forbidden(Capability::Remind.refusal(actor.role).into()));
    }
    if !assignee_owes_work(task.status) {
        return Err(ServiceError::Conflict(format!(
            "the task is {}; its unit owes no work to remind it of",
            task.status
        )));
    }
    let calendar = store::calendar::load(db).await?;
    let directory = notify::Directory::load(db).await?;
    let render = notify::Facts::at(ctx, &directory, &calendar, now);
    let resolved = directory.resolve(Audience::AssigneeUnit, &task, &directive);
    let day = now.with_timezone(&tz).date_naive();
    let targets: Vec<_> = resolved.targets.into_iter().map(|t| (reminder_key(task.id, day, &t.recipient), t)).collect();
    let keys: Vec<String> = targets.iter().map(|(key, _)| key.clone()).collect();
    let existing = store::notifications::existing_keys(db, &keys).await?;
    let mut rows = Vec::new();
    for (key, target) in targets.into_iter().filter(|(key, _)| !existing.contains(key)) {
        let rendered = render.render(TEMPLATE, &target, &task, &directive, &json!({}))?;
        rows.push(NewNotification {
            dedup_key: key,
            task_id: Some(task.id),
            step_id: None,
            recipient_user_id: target.user_id,
            recipient_email: target.email,
            template: TEMPLATE.to_owned(),
            locale: target.locale,
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            channel: target.channel,
            robot_id: target.robot_id,
        });
    }
    let txn = db.begin().await?;
    // Two presses at once: the key lets one of them in.
    let enqueued = store::notifications::insert_new(&txn, rows, now).await?;
    if enqueued > 0 {
        let note = format!("{enqueued} reminder(s) to the unit");
        store::audit::record(&txn, actor.entry("task", task.id, "remind").note(Some(&note)), now).await?;
    }
    txn.commit().await?;
    Ok(Reminded { enqueued, without_email: resolved.without_email })
}
