//! What administrators do to the organisation: create, edit, move and deactivate units; create,
//! move and deactivate accounts and reset their passwords. An administrator acts within its own
//! unit's subtree: a unit or account outside it is "not found", in a path or in a body alike.
//! Every change commits with its audit event; a request that changes nothing writes none.

use crate::domain::message::Message;
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult,
    accounts::{self, Ended},
    records,
    setup::{self, UnitAudit, UnitInput, UserAudit, UserInput},
};
use crate::domain::roles::Capability;
use crate::{
    domain::{
        ids::{UnitId, UserId},
        organisation::{self, UnitFields},
        unit_names,
    },
    entities::{units, users},
};

/// A unit within the administrator's reach, named in the path: otherwise not found.
pub(super) async fn reachable_unit(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: UnitId,
) -> ServiceResult<units::Model> {
    if !store::units::is_within(conn, actor.unit_id.0, id.0).await? {
        return Err(ServiceError::NotFound("unit"));
    }
    Ok(store::units::get(conn, id.0).await?)
}

/// A unit within the administrator's reach, named by the body's `field`: otherwise the field is
/// refused, with the same words whether the unit is elsewhere or nowhere.
async fn named_unit(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    field: &'static str,
    id: UnitId,
) -> ServiceResult<units::Model> {
    match reachable_unit(conn, actor, id).await {
        Err(ServiceError::NotFound(_)) => {
            Err(ServiceError::conflicts(field, Message::new("error-no-unit-in-reach").number("id", id)))
        }
        other => other,
    }
}

/// New users and units go only into an active unit.
fn ensure_active(unit: &units::Model) -> ServiceResult<()> {
    if unit.active {
        Ok(())
    } else {
        Err(ServiceError::Conflict(
            Message::new("error-unit-deactivated").text("unit", format!("{} ({})", unit.name_zh, unit.key)),
        ))
    }
}

/// An account whose unit is within the administrator's reach: otherwise not found.
async fn reachable_user(conn: &impl ConnectionTrait, actor: &Actor, id: UserId) -> ServiceResult<users::Model> {
    let user = store::users::get(conn, id.0).await?;
    if !store::units::is_within(conn, actor.unit_id.0, user.unit_id).await? {
        return Err(ServiceError::NotFound("user"));
    }
    Ok(user)
}

/// Creates a unit under `parent_id`; `fields.parent_key` is ignored.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, parent = parent_id.0))]
pub async fn create_unit(
    ctx: &Ctx,
    actor: &Actor,
    parent_id: UnitId,
    fields: UnitFields,
) -> ServiceResult<records::Unit> {
    actor.ensure(Capability::Admin)?;
    let txn = ctx.db.begin().await?;
    let parent = named_unit(&txn, actor, "parent_id", parent_id).await?;
    ensure_active(&parent)?;
    let input = UnitInput { parent_key: Some(parent.key), ..fields };
    let unit = setup::create_unit(&txn, Some(actor.user_id.0), &input, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(unit.into())
}

/// What an administrator may change of a unit in place: its names, line of work and addresses.
#[derive(Debug, Clone)]
pub struct UnitEdit {
    pub name_zh: String,
    pub name_en: String,
    pub function: Option<String>,
    pub email: Option<String>,
    pub head_email: Option<String>,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    /// The prefix of the 文号 of the directives it issues ("赣安办督"); none clears it.
    pub doc_prefix: Option<String>,
}

/// Renames a unit and sets its line of work, e-mail addresses, short name, aliases and 文号
/// prefix.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = id.0))]
pub async fn edit_unit(ctx: &Ctx, actor: &Actor, id: UnitId, edit: UnitEdit) -> ServiceResult<records::Unit> {
    actor.ensure(Capability::Admin)?;
    let name_zh = organisation::check_name("name_zh", &edit.name_zh)?;
    let name_en = organisation::check_name("name_en", &edit.name_en)?;
    let function = organisation::check_function(edit.function.as_deref())?;
    let email = organisation::check_email("email", edit.email.as_deref())?;
    let head_email = organisation::check_email("head_email", edit.head_email.as_deref())?;
    let short_name = organisation::check_short_name(edit.short_name.as_deref())?;
    let aliases = unit_names::check_aliases(&edit.aliases)?;
    let doc_prefix = crate::domain::documents::check_prefix(edit.doc_prefix.as_deref())?;
    let txn = ctx.db.begin().await?;
    let before = reachable_unit(&txn, actor, id).await?;
    let after = store::units::update(
        &txn,
        id.0,
        store::units::UnitEdit {
            kind: before.kind,
            level: before.level,
            function: function.as_deref(),
            name_zh: &name_zh,
            name_en: &name_en,
            email: email.as_deref(),
            head_email: head_email.as_deref(),
            short_name: short_name.as_deref(),
            aliases: &aliases,
        },
    )
    .await?;
    let after = if after.doc_prefix == doc_prefix {
        after
    } else {
        store::units::set_doc_prefix(&txn, id.0, doc_prefix.as_deref()).await?
    };
    if after != before {
        let entry =
            actor.entry("unit", id.0, "update").before(&UnitAudit::from(&before)).after(&UnitAudit::from(&after));
        store::audit::record(&txn, entry, ctx.clock.now()).await?;
    }
    txn.commit().await?;
    Ok(after.into())
}

/// Moves a unit, with everything below it, under another parent. Who sees what follows at
/// once: visibility is read from the closure table, which the move rewrites.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = id.0, parent = parent_id.0))]
pub async fn move_unit(ctx: &Ctx, actor: &Actor, id: UnitId, parent_id: UnitId) -> ServiceResult<records::Unit> {
    actor.ensure(Capability::Admin)?;
    let txn = ctx.db.begin().await?;
    let unit = reachable_unit(&txn, actor, id).await?;
    let parent = named_unit(&txn, actor, "parent_id", parent_id).await?;
    if store::units::is_within(&txn, unit.id, parent.id).await? {
        return Err(ServiceError::conflicts("parent_id", Message::new("error-move-under-itself")));
    }
    if unit.parent_id == Some(parent.id) {
        return Ok(unit.into());
    }
    ensure_active(&parent)?;
    organisation::check_level_under(unit.level, parent.level).map_err(|e| {
        ServiceError::conflicts(
            "parent_id",
            Message::new("error-units-level-parent").nested("reason", e.reason).text("parent", parent.key.clone()),
        )
    })?;
    let moved = move_subtree(&txn, unit.id, Some(parent.id)).await?;
    let entry = actor.entry("unit", id.0, "move").before(&UnitAudit::from(&unit)).after(&UnitAudit::from(&moved));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(moved.into())
}

/// Moves a unit with its subtree under `parent` (none: to the top), and the rollup counts of
/// the subtree's tasks with it: out of the units above it before, into the new ones after.
pub(super) async fn move_subtree(
    conn: &impl ConnectionTrait,
    unit_id: i64,
    parent: Option<i64>,
) -> ServiceResult<units::Model> {
    store::rollups::shift_subtree(conn, unit_id, -1).await?;
    let moved = store::units::move_subtree(conn, unit_id, parent).await?;
    store::rollups::shift_subtree(conn, unit_id, 1).await?;
    store::crossings::after_move(conn, unit_id).await?;
    Ok(moved)
}

/// Deactivates a unit: it keeps its tasks, reports and accounts and stays readable, but is
/// assigned no new task. A unit with active units below it is refused; move or deactivate
/// those first, so that no active unit hangs under an inactive one.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = id.0))]
pub async fn deactivate_unit(ctx: &Ctx, actor: &Actor, id: UnitId) -> ServiceResult<records::Unit> {
    actor.ensure(Capability::Admin)?;
    let txn = ctx.db.begin().await?;
    let unit = reachable_unit(&txn, actor, id).await?;
    if !unit.active {
        return Err(ServiceError::Conflict(
            Message::new("error-unit-deactivated-already").text("unit", unit.key.clone()),
        ));
    }
    if unit.id == actor.unit_id.0 {
        return Err(ServiceError::conflict("error-deactivate-own-unit"));
    }
    let active_below: Vec<String> =
        store::units::children(&txn, unit.id).await?.into_iter().filter(|u| u.active).map(|u| u.key).collect();
    if !active_below.is_empty() {
        return Err(ServiceError::Conflict(
            Message::new("error-units-below-active").text("units", active_below.join(", ")),
        ));
    }
    let after = store::units::set_active(&txn, unit.id, false).await?;
    let entry = actor.entry("unit", id.0, "deactivate").before(&UnitAudit::from(&unit)).after(&UnitAudit::from(&after));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(after.into())
}

/// One unit of the administrator's subtree, with its depth below the administrator's unit and
/// the addresses the unit record leaves out.
#[derive(Debug, Clone)]
pub struct TreeUnit {
    pub unit: records::Unit,
    /// 0 for the administrator's own unit.
    pub depth: usize,
    pub email: Option<String>,
    pub head_email: Option<String>,
}

/// The administrator's unit and every unit below it, active or not, each parent followed by
/// its children (in the order they were created).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn unit_tree(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<TreeUnit>> {
    actor.ensure(Capability::Admin)?;
    let ids = store::units::subtree_ids(&ctx.db, actor.unit_id.0).await?;
    let rows = store::units::by_ids(&ctx.db, &ids).await?;
    let mut children: std::collections::BTreeMap<Option<i64>, Vec<&units::Model>> = Default::default();
    for row in &rows {
        children.entry(row.parent_id).or_default().push(row);
    }
    for list in children.values_mut() {
        list.sort_by_key(|u| u.id);
    }
    let mut tree = Vec::with_capacity(rows.len());
    let mut stack: Vec<(&units::Model, usize)> =
        rows.iter().filter(|u| u.id == actor.unit_id.0).map(|u| (u, 0)).collect();
    while let Some((unit, depth)) = stack.pop() {
        if let Some(below) = children.get(&Some(unit.id)) {
            stack.extend(below.iter().rev().map(|u| (*u, depth + 1)));
        }
        tree.push(TreeUnit {
            depth,
            email: unit.email.clone(),
            head_email: unit.head_email.clone(),
            unit: unit.clone().into(),
        });
    }
    Ok(tree)
}

/// The accounts of the administrator's unit and every unit below it.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list_users(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::User>> {
    actor.ensure(Capability::Admin)?;
    Ok(records::from_rows(store::users::within(&ctx.db, actor.unit_id).await?))
}

/// Creates an account in the unit `unit_id` (`user.unit_key` is not read) with its first
/// password.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = unit_id.0))]
pub async fn create_user(
    ctx: &Ctx,
    actor: &Actor,
    unit_id: UnitId,
    user: UserInput,
    password: &str,
) -> ServiceResult<records::User> {
    actor.ensure(Capability::Admin)?;
    let hash = setup::hash_password(password)?;
    let txn = ctx.db.begin().await?;
    let unit = named_unit(&txn, actor, "unit_id", unit_id).await?;
    ensure_active(&unit)?;
    let input = UserInput { unit_key: unit.key, ..user };
    let user = setup::create_user(&txn, Some(actor.user_id.0), &input, hash, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(user.into())
}

/// An administrator does not move or deactivate itself: it would lock itself out of what it
/// manages. Another administrator can.
fn ensure_not_self(actor: &Actor, user: &users::Model, what: &str) -> ServiceResult<()> {
    if user.id == actor.user_id.0 {
        return Err(ServiceError::Conflict(Message::new("error-own-account").text("what", what)));
    }
    Ok(())
}

/// Moves an account to another unit. Its sessions and tokens stay valid, and from its next
/// request on it sees what the new unit sees, nothing of the old one's.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, account = id.0, unit = unit_id.0))]
pub async fn move_user(ctx: &Ctx, actor: &Actor, id: UserId, unit_id: UnitId) -> ServiceResult<records::User> {
    actor.ensure(Capability::Admin)?;
    let txn = ctx.db.begin().await?;
    let user = reachable_user(&txn, actor, id).await?;
    let unit = named_unit(&txn, actor, "unit_id", unit_id).await?;
    ensure_not_self(actor, &user, "move")?;
    if user.unit_id == unit.id {
        return Ok(user.into());
    }
    ensure_active(&unit)?;
    let after = store::users::set_unit(&txn, user.id, unit.id).await?;
    let entry = actor.entry("user", id.0, "move").before(&UserAudit::from(&user)).after(&UserAudit::from(&after));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(after.into())
}

/// Deactivates an account: it can no longer sign in, its sessions end and its API tokens are
/// revoked (they stay revoked should it be activated again). What it did stays in the history.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, account = id.0))]
pub async fn deactivate_user(ctx: &Ctx, actor: &Actor, id: UserId) -> ServiceResult<(records::User, Ended)> {
    actor.ensure(Capability::Admin)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let user = reachable_user(&txn, actor, id).await?;
    ensure_not_self(actor, &user, "deactivate")?;
    if !user.active {
        return Err(ServiceError::Conflict(
            Message::new("error-account-deactivated-already").text("username", user.username.clone()),
        ));
    }
    let after = store::users::set_active(&txn, user.id, false).await?;
    let ended = accounts::end_access(&txn, user.id, now).await?;
    let entry = actor
        .entry("user", id.0, "deactivate")
        .before(&UserAudit::from(&user))
        .after(&UserAudit::from(&after))
        .note(Some(&ended.note()));
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok((after.into(), ended))
}

/// Sets a new password chosen by the administrator, ends the account's sessions and revokes
/// its API tokens.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, account = id.0))]
pub async fn reset_password(
    ctx: &Ctx,
    actor: &Actor,
    id: UserId,
    password: &str,
) -> ServiceResult<(records::User, Ended)> {
    actor.ensure(Capability::Admin)?;
    // Not found comes before anything is said about the password.
    reachable_user(&ctx.db, actor, id).await?;
    let hash = setup::hash_password(password)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let user = reachable_user(&txn, actor, id).await?;
    let (user, ended) = accounts::replace_password(&txn, user.id, hash, now).await?;
    let note = format!("a new password was set; {}", ended.note());
    let entry = actor.entry("user", id.0, "reset_password").note(Some(&note));
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok((user.into(), ended))
}
