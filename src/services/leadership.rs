//! What leaders read beyond the rollups: the overdue work of their subtree with how late each
//! task is, every task of a list read in batches (for exports), and the bulletin (通报) of a
//! period.
//!
//! The overdue list and the bulletin's lists are read in the database a page at a time
//! (`store::tasks::late_page`: a count and a page, from indexes), and only the rows of the
//! page are described: their units and directives in one query each, the working days late
//! counted for them alone (`WorkCalendar` counts by whole weeks and the exceptions between,
//! never day by day). They read the tasks assigned within the reader's own subtree (or a unit
//! of it), every one of which the reader sees (`store::visibility`: seen by itself).

use crate::domain::message::Message;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult,
    queries::{self, TaskFacts, TaskFilter},
    records, rollups,
};
use crate::domain::{
    escalation::working_days_left,
    ids::{DirectiveId, UnitId},
};

/// The tasks an export reads from the database at a time.
pub const EXPORT_BATCH: u64 = 500;

/// Every task the actor may see that a filter keeps, soonest deadline first, read a batch at
/// a time by key (the deadline and id of the last task read), described as the overdue list
/// describes its rows: what a streamed export writes as it reads. The instant "overdue" is
/// judged at is fixed when the export opens.
pub struct TaskExport {
    ctx: Ctx,
    actor: Actor,
    filter: TaskFilter,
    now: DateTime<Utc>,
    plan: store::tasks::ListPlan,
    after: Option<(DateTime<Utc>, i64)>,
    /// For a list too long to sort a page of (below the top of the tree): the ids still to
    /// read, in order, gathered once when the export opened.
    ids: Option<std::collections::VecDeque<i64>>,
    done: bool,
    /// How many tasks the filter kept when the export opened.
    pub total: u64,
}

impl TaskExport {
    #[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
    pub async fn open(ctx: &Ctx, actor: &Actor, filter: TaskFilter) -> ServiceResult<TaskExport> {
        let now = ctx.clock.now();
        let filter = store::tasks::without_whole_tree(&ctx.reads, &filter).await?;
        // No deadline falls in an empty range.
        let empty = matches!((filter.deadline_from, filter.deadline_to), (Some(from), Some(to)) if from > to);
        let (plan, total) = if empty {
            (store::tasks::ListPlan::Everything, 0)
        } else {
            store::tasks::plan_visible(&ctx.reads, actor.unit_id, &filter, now).await?
        };
        // Below the top, a long list's tasks are found from the indexes once; walking every task
        // of the province in deadline order with a check up each one's chain cost a city 12-18 s
        // at a million tasks.
        let ids = if plan == store::tasks::ListPlan::InOrder && !empty {
            Some(store::tasks::visible_ids_in_order(&ctx.reads, actor.unit_id, &filter, now).await?.into())
        } else {
            None
        };
        Ok(TaskExport { ctx: ctx.clone(), actor: *actor, filter, now, plan, after: None, ids, done: empty, total })
    }

    /// The next batch (at most [`EXPORT_BATCH`] tasks), or none once every task was read.
    #[tracing::instrument(skip_all, fields(user = self.actor.user_id.0))]
    pub async fn next(&mut self) -> ServiceResult<Option<Vec<Described>>> {
        if self.done {
            return Ok(None);
        }
        let ctx = &self.ctx;
        let rows = match &mut self.ids {
            Some(ids) => {
                let batch: Vec<i64> = ids.drain(..ids.len().min(EXPORT_BATCH as usize)).collect();
                store::tasks::by_ids_in_order(&ctx.reads, &batch).await?
            }
            None => {
                store::tasks::visible_after(
                    &ctx.reads,
                    self.plan,
                    self.actor.unit_id,
                    &self.filter,
                    self.now,
                    self.after,
                    EXPORT_BATCH,
                )
                .await?
            }
        };
        if (rows.len() as u64) < EXPORT_BATCH {
            self.done = true;
        }
        let Some(last) = rows.last() else { return Ok(None) };
        self.after = Some((last.deadline, last.id));
        let facts = queries::describe(ctx, records::from_rows(rows)).await?;
        Ok(Some(described(ctx, facts).await?))
    }
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

/// `tasks` (which the reader may see) with their units, directives and working days late: the
/// units in one query, the directives in one query (a visible task's directive shows through
/// it), the working days counted for these tasks only.
#[tracing::instrument(skip_all, fields(rows = tasks.len()))]
pub async fn described(ctx: &Ctx, tasks: Vec<TaskFacts>) -> ServiceResult<Vec<Described>> {
    let db = &ctx.reads;
    let mut unit_ids: Vec<i64> = tasks.iter().map(|f| f.task.assignee_unit_id.0).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let units: HashMap<UnitId, records::Unit> =
        store::units::by_ids(db, &unit_ids).await?.into_iter().map(|u| (UnitId(u.id), u.into())).collect();
    let mut directive_ids: Vec<i64> = tasks.iter().map(|f| f.task.directive_id.0).collect();
    directive_ids.sort_unstable();
    directive_ids.dedup();
    let directives: HashMap<DirectiveId, records::Directive> = store::directives::by_ids(db, &directive_ids)
        .await?
        .into_iter()
        .map(|d| (DirectiveId(d.id), d.into()))
        .collect();
    let calendar = store::calendar::load(db).await?;
    let now = ctx.clock.now();
    let tz = ctx.config.time_zone;
    Ok(tasks
        .into_iter()
        .map(|facts| {
            let late = now > facts.task.deadline;
            let left = working_days_left(&calendar, facts.task.deadline, now, tz);
            Described {
                unit: units.get(&facts.task.assignee_unit_id).cloned(),
                directive: directives.get(&facts.task.directive_id).cloned(),
                working_days_late: if late { (-left).max(1) } else { 0 },
                facts,
            }
        })
        .collect())
}

/// One page of a leader's list, described, and how many rows the list has in all.
pub struct LatePage {
    pub rows: Vec<Described>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The rows the overdue page shows at once.
pub const OVERDUE_PER_PAGE: u64 = 50;

/// The subtree a leader's list reads: the actor's unit, or a unit below it.
/// Whose tasks the actor's late lists hold, from `unit_id` (the actor's own when none): the
/// unit's subtree, which must lie within the actor's; for a secretariat, the chains its unit
/// heads, from the unit it works for (as its dashboard and ranking count them).
async fn late_scope(ctx: &Ctx, actor: &Actor, unit_id: Option<UnitId>) -> ServiceResult<store::tasks::LateScope> {
    let (issuer, base) = match rollups::issued_by(ctx, actor).await? {
        Some((issuer, base)) => (Some(issuer), base),
        None => (None, actor.unit_id),
    };
    let subtree = match unit_id {
        None => base,
        Some(id) if id == actor.unit_id => base,
        Some(id) if id == base => id,
        Some(id) if store::units::is_within(&ctx.reads, base.0, id.0).await? => id,
        Some(_) => return Err(ServiceError::NotFound("unit")),
    };
    Ok(store::tasks::LateScope { subtree, issuer })
}

async fn late_page(
    ctx: &Ctx,
    scope: store::tasks::LateScope,
    which: store::tasks::LateList,
    page: u64,
    per_page: u64,
) -> ServiceResult<LatePage> {
    let offset = queries::offset_of(page, per_page)?;
    let (rows, total) = store::tasks::late_page(&ctx.reads, scope, which, offset, per_page).await?;
    let facts = queries::describe(ctx, records::from_rows(rows)).await?;
    Ok(LatePage { rows: described(ctx, facts).await?, total, page, per_page })
}

/// A page of the overdue tasks of `unit_id`'s subtree (the actor's unit when none), most late
/// first (earliest deadline first; working days late only grow as the deadline is earlier),
/// and how many there are.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, page))]
pub async fn overdue(
    ctx: &Ctx,
    actor: &Actor,
    unit_id: Option<UnitId>,
    page: u64,
    per_page: u64,
) -> ServiceResult<LatePage> {
    let scope = late_scope(ctx, actor, unit_id).await?;
    late_page(ctx, scope, store::tasks::LateList::Overdue(ctx.clock.now()), page, per_page).await
}

/// The most rows each list of a bulletin holds (its overdue tasks, most late first; its
/// completed tasks); the totals count them all.
pub const BULLETIN_ROWS: u64 = 200;

/// The bulletin (通报) of a period for the actor's unit: its child units in the one ranking
/// (`rollups::ranking`, which the ranking page and the weekly e-mail read too), the most late
/// of the overdue tasks of the subtree, and the tasks completed in the period, each with its
/// total. A published bulletin (`services::bulletins`) keeps what this returns.
pub struct Bulletin {
    pub unit: records::Unit,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub ranking: Vec<rollups::Ranked>,
    /// The most late [`BULLETIN_ROWS`] overdue tasks, and how many are overdue in all.
    pub overdue: Vec<Described>,
    pub overdue_total: u64,
    /// The first [`BULLETIN_ROWS`] tasks completed in the period (by unit, then time), and
    /// how many were in all.
    pub completed: Vec<Described>,
    pub completed_total: u64,
    /// Whether a list holds fewer rows than its total.
    pub truncated: bool,
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn bulletin(ctx: &Ctx, actor: &Actor, from: DateTime<Utc>, to: DateTime<Utc>) -> ServiceResult<Bulletin> {
    if from > to {
        return Err(ServiceError::invalid("from", Message::new("error-period-backwards")));
    }
    let unit: records::Unit = store::units::get(&ctx.reads, actor.unit_id.0).await?.into();
    let ranking = rollups::ranking(ctx, actor, actor.unit_id, rollups::Narrowing::default()).await?;
    let overdue = overdue(ctx, actor, None, 1, BULLETIN_ROWS).await?;
    let which = store::tasks::LateList::CompletedBetween(from, to);
    let completed = late_page(ctx, late_scope(ctx, actor, None).await?, which, 1, BULLETIN_ROWS).await?;
    let truncated = (overdue.rows.len() as u64) < overdue.total || (completed.rows.len() as u64) < completed.total;
    Ok(Bulletin {
        unit,
        from,
        to,
        ranking,
        overdue: overdue.rows,
        overdue_total: overdue.total,
        completed: completed.rows,
        completed_total: completed.total,
        truncated,
    })
}
