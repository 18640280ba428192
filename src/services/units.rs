//! The unit tree as a user sees it: the units above it and those it can assign to or read.

use super::records;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::store;

/// The actor's ancestors, and the subtree of its jurisdiction (a department's government, or
/// its own unit), which is where it may look for units to assign to.
pub async fn visible(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::Unit>> {
    let db = &ctx.reads;
    let own = store::units::get(db, actor.unit_id).await?;
    let root = store::units::facts(&own).jurisdiction_root();
    let mut ids = store::units::ancestors(db, actor.unit_id).await?;
    ids.extend(store::units::subtree_ids(db, root).await?);
    ids.sort_unstable();
    ids.dedup();
    Ok(records::from_rows(store::units::by_ids(db, &ids).await?))
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<records::Unit> {
    visible(ctx, actor).await?.into_iter().find(|u| u.id == id).ok_or(ServiceError::NotFound("unit"))
}
