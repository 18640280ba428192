//! Extensions: before the deadline the assignee asks for a new date with a reason and its
//! progress; the assigning unit approves (the deadline moves, history kept) or refuses.

use crate::domain::message::Message;
use chrono::{DateTime, Utc};
use sea_orm::{Set, TransactionTrait};

use super::records;
use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult, access,
    tasks::{TaskSnapshot, write_task},
};
use crate::{
    domain::{
        hierarchy,
        ids::{ExtensionId, TaskId},
        roles::Capability,
        vocabulary::ExtensionStatus,
    },
    entities::tasks,
};

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn request(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    requested_deadline: DateTime<Utc>,
    reason: &str,
) -> ServiceResult<records::Extension> {
    let now = ctx.clock.now();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid("reason", Message::new("error-reason-required")));
    }
    let txn = ctx.db.begin().await?;
    let task = access::visible_task(&txn, actor, task_id).await?;
    if task.assignee_unit_id != actor.unit_id.0 || !actor.may(Capability::Work) {
        return Err(ServiceError::Forbidden(Message::new("error-extension-who")));
    }
    if !task.status.is_open() {
        return Err(ServiceError::Conflict(
            Message::new("error-extension-closed").term("status", task.status.as_str()),
        ));
    }
    if now > task.deadline {
        return Err(ServiceError::conflict("error-extension-late"));
    }
    if requested_deadline <= task.deadline {
        return Err(ServiceError::conflicts("requested_deadline", Message::new("error-extension-earlier")));
    }
    super::check_deadline_ahead("requested_deadline", requested_deadline, now)?;
    if store::extensions::pending_for(&txn, task.id).await?.is_some() {
        return Err(waiting());
    }
    let request = store::extensions::insert(
        &txn,
        store::extensions::NewExtension {
            task_id: task.id,
            requested_by: actor.user_id.0,
            current_deadline: task.deadline,
            requested_deadline,
            reason,
            progress: task.progress,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        store::StoreError::Duplicate(_) => waiting(),
        other => other.into(),
    })?;
    audit(&txn, actor, &task, "request_extension", Some(reason), None, now).await?;
    txn.commit().await?;
    Ok(request.into())
}

/// At most one request per task waits for a decision; the database holds it too.
fn waiting() -> ServiceError {
    ServiceError::conflict("error-extension-waiting")
}

/// Approves or refuses a pending request; only the assigning unit may.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, request = request_id.0))]
pub async fn decide(
    ctx: &Ctx,
    actor: &Actor,
    request_id: ExtensionId,
    approve: bool,
    reason: Option<&str>,
) -> ServiceResult<(records::Extension, records::Task)> {
    let now = ctx.clock.now();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if !approve && reason.is_none() {
        return Err(ServiceError::invalid("reason", Message::new("error-extension-refusal-reason")));
    }
    let txn = ctx.db.begin().await?;
    // Held until the decision commits: a second decision waits, then finds it decided.
    let pending = store::extensions::lock(&txn, request_id.0).await?;
    access::visible_task(&txn, actor, TaskId(pending.task_id))
        .await
        .map_err(|_| ServiceError::NotFound("extension request"))?;
    // Held until the decision commits, so that the deadline moves on the task as it is now.
    let task = store::tasks::lock(&txn, pending.task_id).await?;
    if task.assigner_unit_id != actor.unit_id.0 || !actor.may(Capability::Review) {
        return Err(ServiceError::Forbidden(Message::new("error-extension-decider")));
    }
    if pending.status != ExtensionStatus::Pending {
        return Err(ServiceError::Conflict(
            Message::new("error-extension-decided").term("officer-extension", pending.status.as_str()),
        ));
    }
    if approve && !task.status.deadline_may_move() {
        return Err(ServiceError::Conflict(
            Message::new("error-extension-task-closed").term("status", task.status.as_str()),
        ));
    }
    let status = if approve { ExtensionStatus::Approved } else { ExtensionStatus::Refused };
    let mut updated_task = task.clone();
    if approve {
        let parent_deadline = match task.parent_id {
            Some(parent) => Some(store::tasks::get(&txn, parent).await?.deadline),
            None => Some(store::directives::get(&txn, task.directive_id).await?.deadline),
        };
        super::check_deadline_within("requested_deadline", pending.requested_deadline, now)?;
        hierarchy::check_deadline(pending.requested_deadline, parent_deadline).map_err(|e| {
            ServiceError::invalid(
                "requested_deadline",
                Message::new("error-extension-parent").nested("reason", e.message()),
            )
        })?;
        let changes = tasks::ActiveModel { deadline: Set(pending.requested_deadline), ..Default::default() };
        updated_task = write_task(&txn, &task, changes, now).await?;
    }
    let decided = store::extensions::decide(&txn, request_id.0, status, actor.user_id.0, reason, now).await?;
    let action = if approve { "approve_extension" } else { "refuse_extension" };
    audit(&txn, actor, &task, action, reason, approve.then_some(&updated_task), now).await?;
    txn.commit().await?;
    Ok((decided.into(), updated_task.into()))
}

async fn audit(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    before: &tasks::Model,
    action: &str,
    note: Option<&str>,
    after: Option<&tasks::Model>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let before = TaskSnapshot::from(before);
    let after = after.map(TaskSnapshot::from);
    let mut entry = actor.entry("task", before.id, action).before(&before).note(note);
    if let Some(after) = &after {
        entry = entry.after(after);
    }
    store::audit::record(conn, entry, now).await?;
    Ok(())
}
