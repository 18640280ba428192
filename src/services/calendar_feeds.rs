//! Private calendar feeds: a user makes a secret address (shown once, stored as a hash, like
//! an API token) that a calendar program subscribes to, and sees there the deadlines of the
//! tasks they follow, each with a reminder a working day before.
//!
//! What a feed holds is read through the task lists' own rule (`store::visibility`, by
//! `queries`' listing): an officer's feed is its unit's own open work (the inbox: tasks
//! assigned to the unit itself); a leader's and the secretariat's, every open task of their
//! scope, as their task list shows it. Besides the open tasks, those completed whose deadline is
//! less than [`RECENT_DAYS`] past; at most [`MAX_OPEN`] and [`MAX_COMPLETED`] of each, soonest
//! deadline first.

use crate::domain::message::Message;
use chrono::{DateTime, Duration, Utc};

use super::{
    Actor, Ctx, ServiceError, ServiceResult,
    auth::{hash_secret, new_secret},
    queries::{TaskFacts, TaskFilter},
    records, store,
};
use crate::{
    domain::{ical, ids::UnitId, lifecycle::TaskStatus, roles::Capability, vocabulary::Role},
    entities::calendar_feeds,
};

/// The most open tasks a feed lists.
pub const MAX_OPEN: u64 = 500;
/// The most completed tasks a feed lists.
pub const MAX_COMPLETED: u64 = 100;
/// How long a completed task stays in the feed, counted from its deadline, in days.
pub const RECENT_DAYS: i64 = 30;

/// Creates a feed address for the actor; the secret is returned once and never stored. Only
/// those who follow tasks (`Capability::Read`) have deadlines to subscribe to.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn create(ctx: &Ctx, actor: &Actor, name: &str) -> ServiceResult<(records::CalendarFeed, String)> {
    actor.ensure(Capability::Read)?;
    let name = name.trim();
    super::check_single_line("name", name)?;
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::invalid("name", Message::new("error-feed-name").number("max", 100)));
    }
    let secret = format!("dbc_{}", new_secret());
    let feed = store::calendar_feeds::insert(&ctx.db, actor.user_id.0, name, hash_secret(&secret), ctx.now()).await?;
    Ok((feed.into(), secret))
}

/// The actor's feeds, revoked ones too (never their secrets).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::CalendarFeed>> {
    Ok(records::from_rows(store::secrets::of_user::<calendar_feeds::Entity>(&ctx.db, actor.user_id.0).await?))
}

/// Revokes one of the actor's feeds: its address answers 404 from now on.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn revoke(ctx: &Ctx, actor: &Actor, feed_id: i64) -> ServiceResult<records::CalendarFeed> {
    Ok(store::secrets::revoke::<calendar_feeds::Entity>(&ctx.db, actor.user_id.0, feed_id, ctx.now()).await?.into())
}

/// One task of a feed, with when its reminder rings.
pub struct FeedItem {
    pub facts: TaskFacts,
    pub alarm_at: DateTime<Utc>,
}

/// What a feed address shows now: whose it is, and their tasks.
pub struct Feed {
    pub user: records::User,
    pub items: Vec<FeedItem>,
}

/// The feed behind a secret address. An unknown address, a revoked one and one whose owner
/// was deactivated are the same NotFound, so the answer tells nothing about which it was.
#[tracing::instrument(skip_all)]
pub async fn feed(ctx: &Ctx, secret: &str) -> ServiceResult<Feed> {
    let found = store::secrets::live_with_user::<calendar_feeds::Entity>(&ctx.reads, &hash_secret(secret)).await?;
    let Some((row, user)) = found.filter(|(_, user)| user.active) else {
        return Err(ServiceError::NotFound("calendar feed"));
    };
    let now = ctx.now();
    // As for API tokens: record use at most every few minutes, so reads do not all become writes.
    if row.last_used_at.is_none_or(|at| now - at > Duration::minutes(5)) {
        store::secrets::touch::<calendar_feeds::Entity>(&ctx.db, row.id, now).await?;
    }
    let actor = Actor::of(&user);
    let items = if actor.may(Capability::Read) { items(ctx, &actor, now).await? } else { Vec::new() };
    Ok(Feed { user: user.into(), items })
}

/// The tasks of `actor`'s feed, open ones first, each list soonest deadline first.
async fn items(ctx: &Ctx, actor: &Actor, now: DateTime<Utc>) -> ServiceResult<Vec<FeedItem>> {
    // An officer follows its unit's own work; leaders and the secretariat their whole scope.
    let assignee_unit_id: Option<UnitId> = (actor.role == Role::Officer).then_some(actor.unit_id);
    let open: Vec<TaskStatus> = TaskStatus::ALL.iter().copied().filter(|s| s.is_open()).collect();
    let open = TaskFilter { statuses: open, assignee_unit_id, ..TaskFilter::default() };
    let completed = TaskFilter {
        statuses: vec![TaskStatus::Completed],
        assignee_unit_id,
        deadline_from: Some(now - Duration::days(RECENT_DAYS)),
        ..TaskFilter::default()
    };
    let calendar = store::calendar::load(&ctx.reads).await?;
    let mut items = Vec::new();
    for (filter, limit) in [(open, MAX_OPEN), (completed, MAX_COMPLETED)] {
        let rows = store::tasks::list_visible(&ctx.reads, actor.unit_id, &filter, now, 0, limit).await?.rows;
        for row in rows {
            let facts = super::queries::facts(ctx, &calendar, row, now);
            let alarm_at = ical::alarm_at(facts.task.deadline, &calendar, ctx.zone());
            items.push(FeedItem { facts, alarm_at });
        }
    }
    Ok(items)
}
