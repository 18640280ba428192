//! The figures leaders judge units by: a unit's dashboard, a directive's rollup and the
//! ranking of sibling units. Unit figures are sums of the rollup counters (exact at any
//! instant, one aggregate over a few rows per unit); a directive's are counted from its
//! tasks, which its tree lists anyway. Everything is bounded by what the caller may see.
//!
//! Whose tasks a unit's figures count depends on who asks (DESIGN, People): a leader's cover
//! the unit's subtree; a secretariat's (the role that issues) cover what its unit issued and
//! assigned, the chains it heads, broken down by the units below the unit it works for (its
//! parent: the province for the provincial 安委办), however far from its own subtree those
//! chains went. The dashboard, the ranking and the bulletin all ask `unit` and `ranking`,
//! which decide it in one place (`Desk::of`).

use crate::domain::message::Message;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::store::{
    self,
    rollups::{Grain, Scope},
};
use super::{Actor, Ctx, ServiceError, ServiceResult, access, records};
use crate::domain::{
    drafting::Category,
    ids::{DirectiveId, TaskId, UnitId},
    roles::Capability,
    rollup::{self, Deductions, Figures, Horizon, Marks},
    timing::Light,
    vocabulary::UnitLevel,
};

/// What to narrow unit figures to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Narrowing {
    pub directive_id: Option<DirectiveId>,
    pub category: Option<Category>,
}

/// One unit's figures over its subtree.
#[derive(Debug, Clone)]
pub struct UnitFigures {
    pub unit: records::Unit,
    pub figures: Figures,
}

/// The dashboard of a unit.
#[derive(Debug, Clone)]
pub struct UnitRollup {
    pub unit: records::Unit,
    pub as_of: DateTime<Utc>,
    /// The tasks of the unit and of every unit below it.
    pub subtree: Figures,
    /// The tasks assigned to the unit itself.
    pub direct: Figures,
    pub children: Vec<UnitFigures>,
    /// For a secretariat: its unit, whose chains alone the figures count.
    pub issued_by: Option<records::Unit>,
}

/// Whose tasks an actor's unit figures count, and the unit its dashboard starts from.
#[derive(Debug, Clone, Copy)]
struct Desk {
    scope: Scope,
    base: UnitId,
}

impl Desk {
    /// A secretariat (the role that issues) follows the chains its unit heads, from the unit
    /// it works for (its parent, or itself at the root); everyone else its own subtree.
    async fn of(ctx: &Ctx, actor: &Actor) -> ServiceResult<Desk> {
        if Capability::Issue.roles().contains(&actor.role) {
            let unit = store::units::get(&ctx.reads, actor.unit_id.0).await?;
            return Ok(Desk { scope: Scope::Chains(unit.id), base: UnitId(unit.parent_id.unwrap_or(unit.id)) });
        }
        Ok(Desk { scope: Scope::Subtree, base: actor.unit_id })
    }

    fn chains(&self) -> bool {
        matches!(self.scope, Scope::Chains(_))
    }
}

/// For a secretariat, the unit whose chains its lists follow and the unit they start from
/// (as its dashboard: `Desk`); none for everyone else, whose lists follow their subtree.
pub(super) async fn issued_by(ctx: &Ctx, actor: &Actor) -> ServiceResult<Option<(UnitId, UnitId)>> {
    let desk = Desk::of(ctx, actor).await?;
    Ok(match desk.scope {
        Scope::Chains(issuer) => Some((UnitId(issuer), desk.base)),
        Scope::Subtree => None,
    })
}

/// The unit, when the actor may read its figures: it is the desk's first unit or lies below
/// it (the actor's own unit stands for the desk's first). Anything else is "not found", as for
/// any unit out of reach.
async fn readable_unit(ctx: &Ctx, actor: &Actor, unit_id: UnitId) -> ServiceResult<(records::Unit, Desk)> {
    let desk = Desk::of(ctx, actor).await?;
    let unit_id = if unit_id == actor.unit_id { desk.base } else { unit_id };
    if !store::units::is_within(&ctx.reads, desk.base.0, unit_id.0).await? {
        return Err(ServiceError::NotFound("unit"));
    }
    Ok((store::units::get(&ctx.reads, unit_id.0).await?.into(), desk))
}

/// The counters' grain for a narrowing; none when it can match no task (a directive of
/// another category than the one asked for).
async fn grain(ctx: &Ctx, actor: &Actor, narrowing: Narrowing) -> ServiceResult<Option<Grain>> {
    match (narrowing.directive_id, narrowing.category) {
        (Some(id), category) => {
            let directive = access::visible_directive(&ctx.reads, actor, id).await.map_err(|e| match e {
                ServiceError::NotFound(_) => {
                    ServiceError::invalid("directive", Message::new("error-no-directive").number("id", id.0))
                }
                other => other,
            })?;
            Ok((category.is_none_or(|c| c == directive.category)).then_some(Grain::Directive(id.0)))
        }
        (None, Some(category)) => Ok(Some(Grain::Category(category))),
        (None, None) => Ok(Some(Grain::All)),
    }
}

async fn horizon(ctx: &Ctx) -> ServiceResult<Horizon> {
    let calendar = store::calendar::load(&ctx.reads).await?;
    Ok(Horizon::at(ctx.clock.now(), &calendar, ctx.config.time_zone, ctx.config.due_soon_days))
}

/// The figures of `ids` at `grain` (all empty when no task can match).
async fn figures_of(
    ctx: &Ctx,
    scope: Scope,
    ids: &[UnitId],
    grain: Option<Grain>,
    horizon: &Horizon,
) -> ServiceResult<HashMap<UnitId, Figures>> {
    let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
    Ok(match grain {
        Some(grain) => store::rollups::figures(&ctx.reads, scope, &raw, grain, horizon)
            .await?
            .into_iter()
            .map(|(id, f)| (UnitId(id), f))
            .collect(),
        None => ids.iter().map(|id| (*id, Figures::default())).collect(),
    })
}

/// A unit's dashboard: its subtree, its own tasks, and each unit directly below it.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = unit_id.0))]
pub async fn unit(ctx: &Ctx, actor: &Actor, unit_id: UnitId, narrowing: Narrowing) -> ServiceResult<UnitRollup> {
    let (unit, desk) = readable_unit(ctx, actor, unit_id).await?;
    let unit_id = unit.id;
    let grain = grain(ctx, actor, narrowing).await?;
    let children: Vec<records::Unit> = records::from_rows(store::units::children(&ctx.reads, unit_id.0).await?);
    let mut ids = vec![unit_id];
    ids.extend(children.iter().map(|c| c.id));
    let horizon = horizon(ctx).await?;
    let figures = figures_of(ctx, desk.scope, &ids, grain, &horizon).await?;
    let subtree = figures.get(&unit_id).copied().unwrap_or_default();
    let mut below = Figures::default();
    let children: Vec<UnitFigures> = children
        .into_iter()
        .map(|child| {
            let figures = figures.get(&child.id).copied().unwrap_or_default();
            below.merge(&figures);
            UnitFigures { unit: child, figures }
        })
        // A desk lists the units its chains reached, not every unit below.
        .filter(|c| !desk.chains() || c.figures.total > 0)
        .collect();
    let issued_by = match desk.scope {
        Scope::Chains(issuer) => Some(store::units::get(&ctx.reads, issuer).await?.into()),
        Scope::Subtree => None,
    };
    Ok(UnitRollup { unit, as_of: horizon.now, subtree, direct: subtree.minus(&below), children, issued_by })
}

/// One unit in a ranking.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub rank: usize,
    pub unit: records::Unit,
    pub figures: Figures,
    pub marks: Marks,
    pub score: f64,
}

/// The units directly below `unit_id`, best first: completion rate, then on-time rate; each
/// with its score out of 100 less the configured deductions. The one ranking: the ranking
/// page, the bulletin (and so a published one), the weekly e-mail and the exports read it.
/// For a secretariat, the figures of its chains (`Desk`) and only the units they reached.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = unit_id.0))]
pub async fn ranking(ctx: &Ctx, actor: &Actor, unit_id: UnitId, narrowing: Narrowing) -> ServiceResult<Vec<Ranked>> {
    let (unit, desk) = readable_unit(ctx, actor, unit_id).await?;
    let grain = grain(ctx, actor, narrowing).await?;
    ranked_below(ctx, unit.id, desk.scope, grain).await
}

/// The ranking of the units directly below `unit_id` over all their tasks, for a reader the
/// caller has already found entitled to it (the weekly e-mail to a unit's leaders).
pub(super) async fn ranking_of_subtree(ctx: &Ctx, unit_id: UnitId) -> ServiceResult<Vec<Ranked>> {
    ranked_below(ctx, unit_id, Scope::Subtree, Some(Grain::All)).await
}

async fn ranked_below(ctx: &Ctx, unit_id: UnitId, scope: Scope, grain: Option<Grain>) -> ServiceResult<Vec<Ranked>> {
    let mut children: Vec<records::Unit> = records::from_rows(store::units::children(&ctx.reads, unit_id.0).await?);
    let ids: Vec<UnitId> = children.iter().map(|c| c.id).collect();
    let horizon = horizon(ctx).await?;
    let figures = figures_of(ctx, scope, &ids, grain, &horizon).await?;
    if matches!(scope, Scope::Chains(_)) {
        children.retain(|c| figures.get(&c.id).is_some_and(|f| f.total > 0));
    }
    let marks = match grain {
        Some(grain) => {
            let raw: Vec<i64> = children.iter().map(|c| c.id.0).collect();
            store::rollups::marks(&ctx.reads, scope, &raw, grain)
                .await?
                .into_iter()
                .map(|(id, m)| (UnitId(id), m))
                .collect()
        }
        None => HashMap::new(),
    };
    let deductions = Deductions {
        per_late_report: ctx.config.ranking_late_report_deduction as f64,
        per_returned_completion: ctx.config.ranking_returned_deduction as f64,
    };
    let mut ranked: Vec<Ranked> = children
        .into_iter()
        .map(|unit| {
            let marks = marks.get(&unit.id).copied().unwrap_or_default();
            Ranked {
                rank: 0,
                figures: figures.get(&unit.id).copied().unwrap_or_default(),
                score: deductions.score(&marks),
                marks,
                unit,
            }
        })
        .collect();
    ranked.sort_by(|a, b| rollup::rank_order((&a.figures, a.unit.id.0), (&b.figures, b.unit.id.0)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(ranked)
}

/// One task in a directive's tree.
#[derive(Debug, Clone)]
pub struct TaskNode {
    pub task: records::Task,
    pub unit_name_zh: String,
    pub unit_name_en: String,
    pub level: UnitLevel,
    pub overdue: bool,
    pub light: Option<Light>,
    pub children: Vec<TaskNode>,
}

/// A directive's figures in total, per level of the assignee units, and its tasks as a tree.
#[derive(Debug, Clone)]
pub struct DirectiveRollup {
    pub directive: records::Directive,
    pub as_of: DateTime<Utc>,
    pub total: Figures,
    pub by_level: Vec<(UnitLevel, Figures)>,
    pub tree: Vec<TaskNode>,
}

/// The directive's rollup over the tasks the actor may see: those assigned by its unit or to
/// its subtree, and every task split below those (`store::visibility`).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = directive_id.0))]
pub async fn directive(ctx: &Ctx, actor: &Actor, directive_id: DirectiveId) -> ServiceResult<DirectiveRollup> {
    let directive = access::visible_directive(&ctx.reads, actor, directive_id).await?;
    // Oldest first (a parent before the tasks split from it), only those the actor may see.
    let tasks: Vec<records::Task> = store::tasks::visible_of_directives(&ctx.reads, actor.unit_id, &[directive_id.0])
        .await?
        .into_iter()
        .map(|(task, _)| task.into())
        .collect();
    let mut unit_ids: Vec<i64> = tasks.iter().map(|t| t.assignee_unit_id.0).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let units: HashMap<UnitId, records::Unit> = store::units::by_ids(&ctx.reads, &unit_ids)
        .await?
        .into_iter()
        .map(|u| (UnitId(u.id), records::Unit::from(u)))
        .collect();
    let calendar = store::calendar::load(&ctx.reads).await?;
    let now = ctx.clock.now();
    let horizon = Horizon::at(now, &calendar, ctx.config.time_zone, ctx.config.due_soon_days);
    let mut total = Figures::default();
    let mut by_level: Vec<(UnitLevel, Figures)> = Vec::new();
    let mut nodes: HashMap<TaskId, TaskNode> = HashMap::new();
    let mut order = Vec::new();
    for task in tasks {
        let unit = units.get(&task.assignee_unit_id).ok_or(ServiceError::NotFound("unit"))?;
        let clock = task.clock();
        let figures = Figures::of_task(&clock, &horizon);
        total.merge(&figures);
        match by_level.iter_mut().find(|(level, _)| *level == unit.level) {
            Some((_, f)) => f.merge(&figures),
            None => by_level.push((unit.level, figures)),
        }
        order.push((task.id, task.parent_id));
        nodes.insert(
            task.id,
            TaskNode {
                overdue: clock.is_overdue(now),
                light: clock.light(now, &calendar, ctx.config.time_zone, ctx.config.due_soon_days),
                unit_name_zh: unit.name_zh.clone(),
                unit_name_en: unit.name_en.clone(),
                level: unit.level,
                children: Vec::new(),
                task,
            },
        );
    }
    by_level.sort_by_key(|(level, _)| UnitLevel::ALL.iter().position(|l| l == level));
    // Newest first, so each node is complete before it is moved under its parent.
    let mut roots = Vec::new();
    for (id, parent) in order.into_iter().rev() {
        let Some(node) = nodes.remove(&id) else { continue };
        match parent.and_then(|p| nodes.get_mut(&p)) {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
    oldest_first(&mut roots);
    Ok(DirectiveRollup { directive: directive.into(), as_of: now, total, by_level, tree: roots })
}

fn oldest_first(nodes: &mut [TaskNode]) {
    nodes.reverse();
    for node in nodes {
        oldest_first(&mut node.children);
    }
}

/// The figures of each of these directives over the tasks the actor may see: what a list of
/// directives shows beside each. The visible tasks are those assigned within the actor's
/// subtree (the rollup counters), those of the chains its unit heads (the chain counters, less
/// their part within the subtree, counted already), and the few others (assigned by it under
/// another unit's chain, or split below into units outside), read from their rows. So a page
/// costs a few aggregates and no walk of the directives' tasks. A directive with no visible
/// task is left out.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn directives_figures(
    ctx: &Ctx,
    actor: &Actor,
    directive_ids: &[DirectiveId],
) -> ServiceResult<HashMap<DirectiveId, Figures>> {
    let raw: Vec<i64> = directive_ids.iter().map(|id| id.0).collect();
    let horizon = horizon(ctx).await?;
    let unit = actor.unit_id.0;
    let tops = store::units::top_level_ids(&ctx.reads).await?;
    let subtree = store::rollups::figures_by_directive(&ctx.reads, Scope::Subtree, &[unit], &raw, &horizon).await?;
    let chains = store::rollups::figures_by_directive(&ctx.reads, Scope::Chains(unit), &tops, &raw, &horizon).await?;
    let chains_within =
        store::rollups::figures_by_directive(&ctx.reads, Scope::Chains(unit), &[unit], &raw, &horizon).await?;
    let mut out: HashMap<DirectiveId, Figures> = HashMap::new();
    for ((directive, _), figures) in subtree.iter().chain(&chains) {
        out.entry(DirectiveId(*directive)).or_default().merge(figures);
    }
    for ((directive, _), figures) in &chains_within {
        let sum = out.entry(DirectiveId(*directive)).or_default();
        *sum = sum.minus(figures);
    }
    for task in store::tasks::visible_outside_subtree_of_directives(&ctx.reads, actor.unit_id, &raw).await? {
        let task = records::Task::from(task);
        out.entry(task.directive_id).or_default().merge(&Figures::of_task(&task.clock(), &horizon));
    }
    out.retain(|_, figures| *figures != Figures::default());
    Ok(out)
}

/// One directive on a secretariat's desk: its figures over the chains the secretariat heads,
/// in total and under each unit of `IssuedDesk::units` (in that order).
#[derive(Debug, Clone)]
pub struct DeskDirective {
    pub directive: records::Directive,
    pub total: Figures,
    pub by_unit: Vec<Figures>,
}

/// What a secretariat issued and assigned, directive by directive, broken down by the units
/// below the unit it works for that its chains reached.
#[derive(Debug, Clone)]
pub struct IssuedDesk {
    pub issued_by: records::Unit,
    pub base: records::Unit,
    pub as_of: DateTime<Utc>,
    pub units: Vec<records::Unit>,
    pub directives: Vec<DeskDirective>,
    /// How many directives its unit issued in all (`directives` holds one page of them).
    pub directives_total: u64,
}

/// The directives a desk shows on one page.
pub const DESK_PAGE: u64 = 20;

/// A secretariat's desk: the directives its unit issued, newest first, `DESK_PAGE` a page,
/// each with its figures in total and per unit (from the chains' counters, one aggregate);
/// none for a role that does not issue.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn issued(ctx: &Ctx, actor: &Actor, page: u64) -> ServiceResult<Option<IssuedDesk>> {
    let desk = Desk::of(ctx, actor).await?;
    let Scope::Chains(issuer) = desk.scope else { return Ok(None) };
    let offset = page.saturating_sub(1).saturating_mul(DESK_PAGE);
    let (directives, directives_total) = store::directives::issued_by(&ctx.reads, issuer, offset, DESK_PAGE).await?;
    let horizon = horizon(ctx).await?;
    let children: Vec<records::Unit> = records::from_rows(store::units::children(&ctx.reads, desk.base.0).await?);
    let ids: Vec<UnitId> = children.iter().map(|c| c.id).collect();
    let totals = figures_of(ctx, desk.scope, &ids, Some(Grain::All), &horizon).await?;
    let units: Vec<records::Unit> =
        children.into_iter().filter(|c| totals.get(&c.id).is_some_and(|f| f.total > 0)).collect();
    let mut raw_units: Vec<i64> = vec![desk.base.0];
    raw_units.extend(units.iter().map(|u| u.id.0));
    let raw_directives: Vec<i64> = directives.iter().map(|d| d.id).collect();
    let figures =
        store::rollups::figures_by_directive(&ctx.reads, desk.scope, &raw_units, &raw_directives, &horizon).await?;
    let at = |directive: i64, unit: UnitId| figures.get(&(directive, unit.0)).copied().unwrap_or_default();
    let directives = directives
        .into_iter()
        .map(|d| DeskDirective {
            total: at(d.id, desk.base),
            by_unit: units.iter().map(|u| at(d.id, u.id)).collect(),
            directive: d.into(),
        })
        .collect();
    Ok(Some(IssuedDesk {
        issued_by: store::units::get(&ctx.reads, issuer).await?.into(),
        base: store::units::get(&ctx.reads, desk.base.0).await?.into(),
        as_of: horizon.now,
        units,
        directives,
        directives_total,
    }))
}
