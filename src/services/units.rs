//! The unit tree as a user sees it: the units above it and those it can assign to or read.

use super::records;
use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::domain::ids::UnitId;

/// The actor's ancestors, and the subtree of its jurisdiction (a department's government, or
/// its own unit), which is where it may look for units to assign to.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn visible(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::Unit>> {
    let db = &ctx.reads;
    let own = store::units::get(db, actor.unit_id.0).await?;
    let root = store::units::facts(&own).jurisdiction_root();
    let mut ids = store::units::ancestors(db, actor.unit_id.0).await?;
    ids.extend(store::units::subtree_ids(db, root).await?);
    ids.sort_unstable();
    ids.dedup();
    Ok(records::from_rows(store::units::by_ids(db, &ids).await?))
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = id.0))]
pub async fn get(ctx: &Ctx, actor: &Actor, id: UnitId) -> ServiceResult<records::Unit> {
    visible(ctx, actor).await?.into_iter().find(|u| u.id == id).ok_or(ServiceError::NotFound("unit"))
}

/// The active units the actor's unit may give a task to (split to, or assign), as the
/// hierarchy rules decide: what a unit picker offers. By level, then name.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn assignable(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::Unit>> {
    use crate::domain::hierarchy::{UnitFacts, check_assignment};
    let units = visible(ctx, actor).await?;
    let by_id: std::collections::HashMap<UnitId, &records::Unit> = units.iter().map(|u| (u.id, u)).collect();
    let facts = |u: &records::Unit| UnitFacts {
        id: u.id.0,
        parent_id: u.parent_id.map(UnitId::get),
        kind: u.kind,
        level: u.level,
    };
    let Some(own) = by_id.get(&actor.unit_id) else { return Ok(Vec::new()) };
    let assigner = facts(own);
    let mut found: Vec<records::Unit> = units
        .iter()
        .filter(|u| u.active)
        .filter(|u| {
            // Every ancestor of a visible unit is visible: the subtree's root and those above it.
            let mut ancestors = Vec::new();
            let mut parent = u.parent_id;
            while let Some(id) = parent {
                ancestors.push(id.0);
                parent = by_id.get(&id).and_then(|p| p.parent_id);
            }
            check_assignment(&assigner, &facts(u), &ancestors).is_ok()
        })
        .cloned()
        .collect();
    found.sort_by(|a, b| a.level.rank().cmp(&b.level.rank()).then_with(|| a.name_zh.cmp(&b.name_zh)));
    Ok(found)
}
