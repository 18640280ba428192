//! What the benchmarks (`duban bench`) read beside the use cases they time: the seeded data's
//! shape, and the plain queries and writes the counters and the HTTP path are measured against.
//! Nothing here is a use case of the application.

use std::collections::HashMap;

use super::{Actor, Ctx, ServiceResult, store};
use crate::domain::ids::{DirectiveId, UnitId};

pub use super::store::bench::Reportable;

/// The account of `username`, acting for its unit; none when there is no such account.
#[tracing::instrument(skip_all)]
pub async fn actor(ctx: &Ctx, username: &str) -> ServiceResult<Option<Actor>> {
    Ok(store::users::find_by_username(&ctx.db, username).await?.as_ref().map(Actor::of))
}

/// The units directly below `unit`, with their levels.
#[tracing::instrument(skip_all, fields(unit = unit.0))]
pub async fn children(ctx: &Ctx, unit: UnitId) -> ServiceResult<Vec<super::records::Unit>> {
    Ok(super::records::from_rows(store::units::children(&ctx.db, unit.0).await?))
}

/// How many tasks there are.
#[tracing::instrument(skip_all)]
pub async fn task_count(ctx: &Ctx) -> ServiceResult<u64> {
    Ok(store::tasks::count_all(&ctx.db).await?)
}

/// Up to `n` directives that have tasks, spread over the table.
#[tracing::instrument(skip_all)]
pub async fn some_directives(ctx: &Ctx, n: u64) -> ServiceResult<Vec<DirectiveId>> {
    Ok(store::tasks::some_directives(&ctx.db, n).await?.into_iter().map(DirectiveId).collect())
}

/// The tasks of each unit's subtree counted with a plain GROUP BY, what the counters replace:
/// each unit's total.
#[tracing::instrument(skip_all)]
pub async fn plain_group_by(ctx: &Ctx, units: &[UnitId]) -> ServiceResult<HashMap<UnitId, i64>> {
    let raw: Vec<i64> = units.iter().map(|u| u.0).collect();
    Ok(store::rollups::plain_group_by(&ctx.db, &raw).await?.into_iter().map(|(id, n)| (UnitId(id), n)).collect())
}

/// Up to `limit` tasks a report can be written on, each of a different unit with an officer.
#[tracing::instrument(skip_all)]
pub async fn reportable_tasks(ctx: &Ctx, limit: u64) -> ServiceResult<Vec<Reportable>> {
    Ok(store::bench::reportable_tasks(&ctx.db, limit).await?)
}

/// The rows of one progress report written by plain SQL, with no checks: the yardstick.
#[tracing::instrument(skip_all)]
pub async fn raw_progress_report(ctx: &Ctx, task: &Reportable, progress: i32) -> ServiceResult<()> {
    Ok(store::bench::raw_progress_report(&ctx.db, task, progress, ctx.now()).await?)
}

/// How many messages the outbox holds for each address (reminders told inside a bundle left
/// out), the most first: what lands in each mailbox.
#[tracing::instrument(skip_all)]
pub async fn mailboxes(ctx: &Ctx) -> ServiceResult<Vec<super::store::bench::Mailbox>> {
    Ok(store::bench::mailboxes(&ctx.db).await?)
}

/// Every sent message put back in line (the delivery bench sends them again).
#[tracing::instrument(skip_all)]
pub async fn unsend_all(ctx: &Ctx) -> ServiceResult<u64> {
    Ok(store::bench::unsend_all(&ctx.db, ctx.now()).await?)
}
