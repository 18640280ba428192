//! What leaders read beyond the rollups: the overdue work of their subtree with how late each
//! task is, every task of a list at once (for exports), and the bulletin (通报) of a period.
//! Built on the same list and rollup services the API uses; visibility is theirs.

use std::collections::{HashMap, hash_map::Entry};

use chrono::{DateTime, Utc};

use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult, meetings,
    queries::{self, MAX_PER_PAGE, TaskFacts, TaskFilter},
    records, rollups, units,
};
use crate::domain::{
    escalation::working_days_left,
    ids::{DirectiveId, UnitId},
    lifecycle::TaskStatus,
};

/// The most tasks one export or one overdue list reads; the caller says when it was reached.
pub const MAX_ROWS: usize = 5_000;

/// Tasks read in full (not one page), at most [`MAX_ROWS`].
pub struct AllTasks {
    pub items: Vec<TaskFacts>,
    /// Whether more tasks matched than were read.
    pub truncated: bool,
}

/// Every task the actor may see that `filter` keeps, soonest deadline first, read a page of
/// the task list at a time.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn all_tasks(ctx: &Ctx, actor: &Actor, filter: TaskFilter) -> ServiceResult<AllTasks> {
    let mut items = Vec::new();
    let mut truncated = false;
    let mut page = 1;
    loop {
        let listed = queries::list(ctx, actor, filter.clone(), page, MAX_PER_PAGE).await?;
        let last = listed.items.len() < MAX_PER_PAGE as usize;
        for facts in listed.items {
            if items.len() == MAX_ROWS {
                truncated = true;
                break;
            }
            items.push(facts);
        }
        if last || truncated {
            break;
        }
        page += 1;
    }
    Ok(AllTasks { items, truncated })
}

/// A task with the names a reader needs beside it.
pub struct Described {
    pub facts: TaskFacts,
    pub unit: Option<records::Unit>,
    pub directive: Option<records::Directive>,
    /// Working days past the deadline (0 when not late; the deadline's own day counts as none,
    /// the first working day after it as one).
    pub working_days_late: i64,
}

/// `tasks` with their units, directives and working days late.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn described(ctx: &Ctx, actor: &Actor, tasks: Vec<TaskFacts>) -> ServiceResult<Vec<Described>> {
    let units: HashMap<UnitId, records::Unit> =
        units::visible(ctx, actor).await?.into_iter().map(|u| (u.id, u)).collect();
    let mut directives: HashMap<DirectiveId, Option<records::Directive>> = HashMap::new();
    let calendar = store::calendar::load(&ctx.db).await?;
    let now = ctx.clock.now();
    let tz = ctx.config.time_zone;
    let mut out = Vec::with_capacity(tasks.len());
    for facts in tasks {
        let directive_id = facts.task.directive_id;
        if let Entry::Vacant(slot) = directives.entry(directive_id) {
            slot.insert(match meetings::get_directive(ctx, actor, directive_id).await {
                Ok(d) => Some(d),
                Err(ServiceError::NotFound(_)) => None,
                Err(other) => return Err(other),
            });
        }
        let late = now > facts.task.deadline;
        let left = working_days_left(&calendar, facts.task.deadline, now, tz);
        out.push(Described {
            unit: units.get(&facts.task.assignee_unit_id).cloned(),
            directive: directives.get(&directive_id).cloned().flatten(),
            working_days_late: if late { (-left).max(1) } else { 0 },
            facts,
        });
    }
    Ok(out)
}

/// The overdue tasks of `unit_id`'s subtree (the actor's unit when none), most late first.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn overdue(ctx: &Ctx, actor: &Actor, unit_id: Option<UnitId>) -> ServiceResult<(Vec<Described>, bool)> {
    let filter = TaskFilter { unit_id: Some(unit_id.unwrap_or(actor.unit_id)), overdue: true, ..TaskFilter::default() };
    let all = all_tasks(ctx, actor, filter).await?;
    let mut rows = described(ctx, actor, all.items).await?;
    rows.sort_by(|a, b| b.working_days_late.cmp(&a.working_days_late).then(a.facts.task.id.cmp(&b.facts.task.id)));
    Ok((rows, all.truncated))
}

/// The bulletin (通报) of a period for the actor's unit: its child units in the one ranking
/// (`rollups::ranking`, which the ranking page and the weekly e-mail read too), the overdue
/// tasks of the subtree, and the tasks completed in the period. A published bulletin
/// (`services::bulletins`) keeps what this returns.
pub struct Bulletin {
    pub unit: records::Unit,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub ranking: Vec<rollups::Ranked>,
    pub overdue: Vec<Described>,
    pub completed: Vec<Described>,
    /// Whether a list reached [`MAX_ROWS`].
    pub truncated: bool,
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn bulletin(ctx: &Ctx, actor: &Actor, from: DateTime<Utc>, to: DateTime<Utc>) -> ServiceResult<Bulletin> {
    if from > to {
        return Err(ServiceError::invalid("from", "the period ends before it begins"));
    }
    let unit: records::Unit = store::units::get(&ctx.db, actor.unit_id.0).await?.into();
    let ranking = rollups::ranking(ctx, actor, actor.unit_id, rollups::Narrowing::default()).await?;
    let (overdue, overdue_cut) = overdue(ctx, actor, None).await?;
    let filter =
        TaskFilter { unit_id: Some(actor.unit_id), statuses: vec![TaskStatus::Completed], ..TaskFilter::default() };
    let done = all_tasks(ctx, actor, filter).await?;
    let in_period: Vec<TaskFacts> =
        done.items.into_iter().filter(|f| f.task.completed_at.is_some_and(|at| at >= from && at <= to)).collect();
    let mut completed = described(ctx, actor, in_period).await?;
    completed.sort_by_key(|d| (d.unit.as_ref().map(|u| u.id), d.facts.task.completed_at));
    Ok(Bulletin { unit, from, to, ranking, overdue, completed, truncated: overdue_cut || done.truncated })
}
