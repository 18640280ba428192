//! Who may see what, for the use cases: the rule itself is `store::visibility`, one SQL form
//! per question, and everything here asks it. What a user may not see is reported as "not
//! found", so that its existence is not revealed either.

use sea_orm::ConnectionTrait;

use super::store;
use super::{Actor, ServiceError, ServiceResult};
use crate::{
    domain::{
        ids::{DirectiveId, TaskId},
        vocabulary::DirectiveStatus,
    },
    entities::{directives, tasks},
};

/// True when the actor may read this task (`store::visibility`): one query, whatever the
/// depth of the task's chain.
pub async fn can_see_task(conn: &impl ConnectionTrait, actor: &Actor, task_id: TaskId) -> ServiceResult<bool> {
    Ok(store::visibility::visible_task(conn, actor.unit_id, task_id).await?.is_some())
}

/// The task, if the actor may see it; otherwise "not found".
pub async fn visible_task(conn: &impl ConnectionTrait, actor: &Actor, task_id: TaskId) -> ServiceResult<tasks::Model> {
    store::visibility::visible_task(conn, actor.unit_id, task_id).await?.ok_or(ServiceError::NotFound("task"))
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
    Ok(store::visibility::any_of_directive(conn, actor.unit_id, directive.id).await?)
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
