//! Who may see what, for the use cases: the rule itself is `store::visibility`, one SQL form
//! per question, and everything here asks it. What a user may not see is reported as "not
//! found", so that its existence is not revealed either.
//!
//! And whose settings are whose: what applies to everyone (the working-day calendar, keyword
//! rules, escalation ladders, the whole outbox, `/metrics`, a units file) belongs to the
//! administrator of the root unit (`ensure_administers_everyone`); an administrator of a unit
//! below manages its own subtree only (`admin_scope`).

use crate::domain::message::Message;
use sea_orm::ConnectionTrait;

use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::domain::roles::Capability;
use crate::{
    domain::{
        ids::{DirectiveId, TaskId, UnitId},
        vocabulary::DirectiveStatus,
    },
    entities::{directives, tasks},
};

/// True when the actor may read this task (`store::visibility`): one query, whatever the
/// depth of the task's chain.
pub async fn can_see_task(conn: &impl ConnectionTrait, actor: &Actor, task_id: TaskId) -> ServiceResult<bool> {
    Ok(store::visibility::visible_task(conn, actor.unit_id, task_id).await?.is_some())
}

/// True when the people of `unit` may read this task (the same rule, for a unit's group robot).
pub async fn unit_sees_task(conn: &impl ConnectionTrait, unit: UnitId, task_id: TaskId) -> ServiceResult<bool> {
    Ok(store::visibility::visible_task(conn, unit, task_id).await?.is_some())
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

/// True when the actor is an administrator whose unit holds every unit: the root's. The one
/// rule for settings that apply to everyone.
pub async fn administers_everyone(ctx: &Ctx, actor: &Actor) -> ServiceResult<bool> {
    Ok(actor.role.may(Capability::Admin) && store::units::holds_every_unit(&ctx.db, actor.unit_id.0).await?)
}

/// An administrator of the root unit, or 403: a setting that applies to everyone is changed
/// (or, for data about everyone, read) by it alone.
pub async fn ensure_administers_everyone(ctx: &Ctx, actor: &Actor) -> ServiceResult<()> {
    actor.ensure(Capability::Admin)?;
    if administers_everyone(ctx, actor).await? {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(Message::new("error-root-admin-only")))
    }
}

/// What an administrator's reads of shared records (the outbox) cover: `None` for the root's
/// administrator (everything), else its own unit's subtree. 403 for anyone not an administrator.
pub async fn admin_scope(ctx: &Ctx, actor: &Actor) -> ServiceResult<Option<UnitId>> {
    actor.ensure(Capability::Admin)?;
    Ok(if administers_everyone(ctx, actor).await? { None } else { Some(actor.unit_id) })
}
