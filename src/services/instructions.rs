//! Leaders' instructions (批示) on a directive or a task. Shown to everyone below, within the
//! writer's scope: an instruction reaches only the tasks its writer's unit sees (`reach`), on
//! the task pages, the directive page and in the e-mails alike. An instruction may open a new,
//! linked task assigned by the leader's unit.

use crate::domain::message::Message;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::records;
use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult, access,
    tasks::{self, AssignInput, Assignee, Origin},
};
use crate::domain::roles::Capability;
use crate::domain::{
    ids::{DirectiveId, TaskId, UnitId},
    vocabulary::{Role, TaskRole},
};
use crate::entities::{instructions, tasks as task_rows};

pub enum Target {
    Directive(DirectiveId),
    Task(TaskId),
}

/// A task the instruction opens: for which unit, by when.
pub struct LinkedTask {
    pub unit_id: UnitId,
    pub deadline: DateTime<Utc>,
    pub title: String,
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn create(
    ctx: &Ctx,
    actor: &Actor,
    target: Target,
    body: &str,
    open_task: Option<LinkedTask>,
) -> ServiceResult<records::Instruction> {
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    // Visibility first: whoever may not see the target learns nothing, not even that it exists.
    let (directive_id, task_id) = match target {
        Target::Directive(id) => (DirectiveId(access::visible_directive(&txn, actor, id).await?.id), None),
        Target::Task(id) => {
            let task = access::visible_task(&txn, actor, id).await?;
            (DirectiveId(task.directive_id), Some(TaskId(task.id)))
        }
    };
    actor.ensure(Capability::Instruct)?;
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::invalid("body", Message::new("error-instruction-empty")));
    }
    let linked = match open_task {
        None => None,
        Some(linked) => {
            // The leader's unit assigns the new task; it acts as an officer of that unit would.
            let as_unit = Actor { role: Role::Officer, ..*actor };
            let parent = match task_id {
                Some(id) => {
                    let task = store::tasks::get(&txn, id.0).await?;
                    (task.assignee_unit_id == actor.unit_id.0 && task.status.may_be_split()).then_some(id)
                }
                None => None,
            };
            if parent.is_none() {
                let directive = store::directives::get(&txn, directive_id.0).await?;
                if directive.unit_id != actor.unit_id.0 {
                    return Err(ServiceError::conflicts("open_task", Message::new("error-instruction-open-task")));
                }
            }
            let as_secretariat = Actor { role: Role::Secretariat, ..*actor };
            let created = tasks::assign_in(
                &txn,
                if parent.is_some() { &as_unit } else { &as_secretariat },
                AssignInput {
                    origin: match parent {
                        Some(parent_task_id) => Origin::Split { parent_task_id },
                        None => Origin::Directive(directive_id),
                    },
                    assignees: &[Assignee { unit_id: linked.unit_id, role: TaskRole::Lead }],
                    title: Some(linked.title.trim()).filter(|t| !t.is_empty()),
                    description: Some(body),
                    deadline: linked.deadline,
                    ack_within_days: 1,
                    report_every_days: None,
                },
                now,
                ctx.config.time_zone,
            )
            .await?;
            created.into_iter().next().map(|t| t.id)
        }
    };
    let instruction = store::instructions::insert(
        &txn,
        store::instructions::NewInstruction {
            directive_id: Some(directive_id.0).filter(|_| task_id.is_none()),
            task_id: task_id.map(TaskId::get),
            author_id: actor.user_id.0,
            author_unit_id: actor.unit_id.0,
            body,
            linked_task_id: linked,
        },
        now,
    )
    .await?;
    let entry = actor
        .entry("instruction", instruction.id, "create")
        .after(&serde_json::json!({ "directive_id": directive_id, "task_id": task_id, "linked_task_id": linked }))
        .note(Some(body));
    store::audit::record(&txn, entry, now).await?;
    if let Some(task_id) = task_id {
        store::audit::record(&txn, actor.entry("task", task_id.0, "instruct").note(Some(body)), now).await?;
    }
    txn.commit().await?;
    Ok(instruction.into())
}

/// A leader's instruction with the name of who wrote it.
#[derive(Debug, Clone)]
pub struct Signed {
    pub instruction: records::Instruction,
    pub author_name: String,
}

/// The instructions written on a directive itself, oldest first, if the actor may see it: of
/// them, those whose reach the actor shares. The issuing unit sees every one; any other unit
/// sees one written by its own unit or a unit below it, or one that reaches a task it sees.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = directive_id.0))]
pub async fn on_directive(ctx: &Ctx, actor: &Actor, directive_id: DirectiveId) -> ServiceResult<Vec<Signed>> {
    let directive = access::visible_directive(&ctx.db, actor, directive_id).await?;
    let rows = store::instructions::on(&ctx.db, directive.id, &[]).await?;
    let everything = directive.unit_id == actor.unit_id.0;
    let mut seen: Option<HashSet<i64>> = None;
    let mut shared: HashMap<i64, bool> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let shown = match shared.get(&row.author_unit_id) {
            Some(shown) => *shown,
            None => {
                let shown =
                    everything || store::units::is_within(&ctx.db, actor.unit_id.0, row.author_unit_id).await? || {
                        if seen.is_none() {
                            seen = Some(reach(&ctx.db, actor.unit_id, directive.id).await?);
                        }
                        let reached = reach(&ctx.db, UnitId(row.author_unit_id), directive.id).await?;
                        seen.as_ref().is_some_and(|seen| !seen.is_disjoint(&reached))
                    };
                shared.insert(row.author_unit_id, shown);
                shown
            }
        };
        if !shown {
            continue;
        }
        let author_name = store::users::get(&ctx.db, row.author_id).await?.display_name;
        out.push(Signed { instruction: row.into(), author_name });
    }
    Ok(out)
}

/// The ids of the directive's tasks an instruction written in `unit` reaches: those the unit
/// sees (`store::visibility`). The one rule of an instruction's reach.
pub(super) async fn reach(conn: &impl ConnectionTrait, unit: UnitId, directive_id: i64) -> ServiceResult<HashSet<i64>> {
    Ok(store::tasks::visible_of_directives(conn, unit, &[directive_id]).await?.into_iter().map(|(t, _)| t.id).collect())
}

/// Of these instructions on `task`'s directive or chain, those that reach `task`.
pub(super) async fn reaching(
    conn: &impl ConnectionTrait,
    task: &task_rows::Model,
    rows: Vec<instructions::Model>,
) -> ServiceResult<Vec<instructions::Model>> {
    let mut reaches: HashMap<i64, bool> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let unit = row.author_unit_id;
        let reached = match reaches.get(&unit) {
            Some(r) => *r,
            None => {
                let r = store::visibility::visible_task(conn, UnitId(unit), TaskId(task.id)).await?.is_some();
                reaches.insert(unit, r);
                r
            }
        };
        if reached {
            out.push(row);
        }
    }
    Ok(out)
}
