//! Who may see what, decided in one place. Everything a user reads is bounded by its unit's
//! subtree, plus the tasks its unit assigned and everything split below them. Nobody sees a
//! sibling unit's tasks or files; what a user may not see is reported as "not found", so that
//! its existence is not revealed either.

use sea_orm::ConnectionTrait;

use super::{Actor, ServiceError, ServiceResult};
use crate::{
    domain::{
        ids::{DirectiveId, TaskId},
        vocabulary::DirectiveStatus,
    },
    entities::{directives, tasks},
    store,
};

/// True when the actor may read this task: some task on its chain up to the directive was
/// assigned by the actor's unit, or is assigned to a unit in the actor's subtree.
pub async fn can_see_task(conn: &impl ConnectionTrait, actor: &Actor, task: &tasks::Model) -> ServiceResult<bool> {
    // Every task under a chain the unit heads (its own top task and all split below it).
    let unit_id = actor.unit_id.0;
    if task.root_assigner_unit_id == unit_id {
        return Ok(true);
    }
    let mut current = task.clone();
    loop {
        if current.assigner_unit_id == unit_id
            || current.assignee_unit_id == unit_id
            || store::units::is_within(conn, unit_id, current.assignee_unit_id).await?
        {
            return Ok(true);
        }
        match current.parent_id {
            Some(parent) => current = store::tasks::get(conn, parent).await?,
            None => return Ok(false),
        }
    }
}

/// The task, if the actor may see it; otherwise "not found".
pub async fn visible_task(conn: &impl ConnectionTrait, actor: &Actor, task_id: TaskId) -> ServiceResult<tasks::Model> {
    let task = store::tasks::get(conn, task_id.0).await?;
    if can_see_task(conn, actor, &task).await? { Ok(task) } else { Err(ServiceError::NotFound("task")) }
}

/// A directive is visible to the unit that issued it, to the units above that unit, and to
/// any unit that can see one of its tasks. A draft only to the issuing unit.
pub async fn can_see_directive(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    directive: &directives::Model,
) -> ServiceResult<bool> {
    let unit_id = actor.unit_id.0;
    if directive.unit_id == unit_id {
        return Ok(true);
    }
    if directive.status == DirectiveStatus::Draft {
        return Ok(false);
    }
    if store::units::is_within(conn, unit_id, directive.unit_id).await? {
        return Ok(true);
    }
    Ok(store::tasks::any_visible_of_directive(conn, unit_id, directive.id).await?)
}

pub async fn visible_directive(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    directive_id: DirectiveId,
) -> ServiceResult<directives::Model> {
    let directive = store::directives::get(conn, directive_id.0).await?;
    if can_see_directive(conn, actor, &directive).await? {
        Ok(directive)
    } else {
        Err(ServiceError::NotFound("directive"))
    }
}
