//! What operators watch: the figures `/metrics` publishes beside the request counters.

use super::store;
use super::{Actor, Ctx, ServiceResult, access};
use crate::domain::{lifecycle::TaskStatus, vocabulary::NotificationStatus};

/// Tasks per status, every status named (zero where there are none). The root's
/// administrator only: the figures cover the whole database, beyond any other unit's reach.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn tasks_by_status(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<(TaskStatus, i64)>> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let counted = store::gauges::tasks_by_status(&ctx.db).await?;
    Ok(TaskStatus::ALL
        .iter()
        .map(|status| (*status, counted.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n)))
        .collect())
}

/// Messages in the outbox per status, every status named: `pending` is the depth still to
/// send, `failed` waits for a retry, `dead` gave up. The root's administrator only.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn outbox_by_status(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<(NotificationStatus, u64)>> {
    access::ensure_administers_everyone(ctx, actor).await?;
    Ok(store::notifications::counts(&ctx.reads, None).await?)
}
