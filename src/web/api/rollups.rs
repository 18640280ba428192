//! Rollups: a unit's dashboard, a directive's figures and tree, the ranking of sibling units.

use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiQuery, Id},
    views::UnitView,
};
use crate::domain::ids::{DirectiveId, TaskId, UnitId};
use crate::{
    domain::{drafting::Category, rollup::Figures},
    services::rollups::{self, Narrowing, TaskNode},
    web::{AppState, WebError, auth::Auth},
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NarrowQuery {
    /// Only the tasks of this directive.
    #[serde(default, deserialize_with = "super::extract::positive_id")]
    #[param(minimum = 1)]
    pub directive: Option<i64>,
    /// Only the tasks of directives of this category.
    pub category: Option<Category>,
}

impl From<NarrowQuery> for Narrowing {
    fn from(q: NarrowQuery) -> Self {
        Narrowing { directive_id: q.directive.map(DirectiveId), category: q.category }
    }
}

/// The figures of a set of tasks.
#[derive(Serialize, ToSchema)]
pub struct FiguresView {
    pub total: i64,
    pub cancelled: i64,
    /// Acknowledged and not cancelled.
    pub acknowledged: i64,
    pub completed: i64,
    /// Completed, with the accepted submission at or before the deadline.
    pub completed_on_time: i64,
    /// Open and past the deadline now (a submission in time awaiting review is not).
    pub overdue: i64,
    /// Open, not overdue, not awaiting review, and due within the configured working days.
    pub due_soon: i64,
    /// Open tasks at each light by deadline: red overdue, yellow due soon, green the rest.
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
    /// completed / (total − cancelled); null when that is zero.
    pub completion_rate: Option<f64>,
    /// completed_on_time / completed; null before anything is completed.
    pub on_time_rate: Option<f64>,
    /// red (something overdue), yellow (something due soon), green; null when nothing is open.
    #[schema(example = "green")]
    pub light: Option<String>,
}

impl From<Figures> for FiguresView {
    fn from(f: Figures) -> Self {
        FiguresView {
            total: f.total,
            cancelled: f.cancelled,
            acknowledged: f.acknowledged,
            completed: f.completed,
            completed_on_time: f.completed_on_time,
            overdue: f.overdue,
            due_soon: f.due_soon,
            red: f.by_light().red,
            yellow: f.by_light().yellow,
            green: f.by_light().green,
            completion_rate: f.completion_rate(),
            on_time_rate: f.on_time_rate(),
            light: f.light().map(|l| l.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitFiguresView {
    pub unit: UnitView,
    /// Over the unit and every unit below it.
    pub figures: FiguresView,
}

#[derive(Serialize, ToSchema)]
pub struct UnitRollupView {
    pub unit: UnitView,
    /// The instant the figures were read at (overdue and lights depend on it).
    pub as_of: DateTime<Utc>,
    /// The tasks of the unit and of every unit below it.
    pub subtree: FiguresView,
    /// The tasks assigned to the unit itself.
    pub direct: FiguresView,
    /// Each unit directly below, over its own subtree (for a secretariat, those its chains
    /// reached).
    pub children: Vec<UnitFiguresView>,
    /// For a secretariat: its unit. The figures then count only the tasks of the chains it
    /// heads (what it issued and assigned), and its own unit's id asks for the unit it works for.
    pub issued_by: Option<UnitView>,
}

/// A unit's dashboard: figures over its subtree and its own tasks, and one row per unit
/// directly below it. Readable for the caller's unit and the units below it.
#[utoipa::path(get, path = "/api/v1/units/{id}/rollup", tag = "rollups", params(("id" = i64, Path), NarrowQuery),
    responses((status = 200, body = UnitRollupView), (status = 401), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn unit_rollup(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiQuery(query): ApiQuery<NarrowQuery>,
) -> Result<Json<UnitRollupView>, WebError> {
    let rollup = rollups::unit(&state.ctx, &auth.actor(), UnitId(id), query.into()).await?;
    Ok(Json(UnitRollupView {
        unit: rollup.unit.into(),
        as_of: rollup.as_of,
        subtree: rollup.subtree.into(),
        direct: rollup.direct.into(),
        children: rollup
            .children
            .into_iter()
            .map(|c| UnitFiguresView { unit: c.unit.into(), figures: c.figures.into() })
            .collect(),
        issued_by: rollup.issued_by.map(Into::into),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RankedUnitView {
    /// 1 for the best.
    pub rank: usize,
    pub unit: UnitView,
    pub figures: FiguresView,
    /// Progress reports that came later than the task's reporting interval allowed.
    pub late_reports: i64,
    /// Completion reports the assigning unit sent back.
    pub returned_completions: i64,
    /// 100 less the configured deductions per late report and per returned completion.
    pub score: f64,
}

/// The units directly below this one, ranked by completion rate, then on-time rate, each
/// with its score.
#[utoipa::path(get, path = "/api/v1/units/{id}/ranking", tag = "rollups", params(("id" = i64, Path), NarrowQuery),
    responses((status = 200, body = [RankedUnitView]), (status = 401), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn ranking(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiQuery(query): ApiQuery<NarrowQuery>,
) -> Result<Json<Vec<RankedUnitView>>, WebError> {
    let ranked = rollups::ranking(&state.ctx, &auth.actor(), UnitId(id), query.into()).await?;
    Ok(Json(
        ranked
            .into_iter()
            .map(|r| RankedUnitView {
                rank: r.rank,
                unit: r.unit.into(),
                figures: r.figures.into(),
                late_reports: r.marks.late_reports,
                returned_completions: r.marks.returned_completions,
                score: r.score,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct LevelFiguresView {
    #[schema(example = "county")]
    pub level: String,
    pub figures: FiguresView,
}

/// One task of a directive's tree, with the tasks split from it.
#[derive(Serialize, ToSchema)]
pub struct TaskNodeView {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub unit_id: i64,
    pub unit_name_zh: String,
    #[schema(example = "county")]
    pub level: String,
    #[schema(example = "lead")]
    pub role: String,
    #[schema(example = "in_progress")]
    pub status: String,
    pub progress: i32,
    pub deadline: DateTime<Utc>,
    pub overdue: bool,
    #[schema(example = "yellow")]
    pub light: Option<String>,
    #[schema(no_recursion)]
    pub children: Vec<TaskNodeView>,
}

impl From<TaskNode> for TaskNodeView {
    fn from(n: TaskNode) -> Self {
        TaskNodeView {
            id: n.task.id.0,
            parent_id: n.task.parent_id.map(TaskId::get),
            unit_id: n.task.assignee_unit_id.0,
            unit_name_zh: n.unit_name_zh,
            level: n.level.to_string(),
            role: n.task.role.to_string(),
            status: n.task.status.to_string(),
            progress: n.task.progress,
            deadline: n.task.deadline,
            overdue: n.overdue,
            light: n.light.map(|l| l.to_string()),
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DirectiveRollupView {
    pub directive_id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub category: Category,
    pub as_of: DateTime<Utc>,
    /// Over every task of the directive the caller may see.
    pub total: FiguresView,
    /// The same, by the level of the assignee unit, from the province down.
    pub by_level: Vec<LevelFiguresView>,
    /// The tasks as assigned and split, oldest first at each level.
    pub tree: Vec<TaskNodeView>,
}

/// A directive's figures in total and per level, and the tree of its tasks with their
/// status and light; bounded by the tasks the caller may see.
#[utoipa::path(get, path = "/api/v1/directives/{id}/rollup", tag = "rollups", params(("id" = i64, Path)),
    responses((status = 200, body = DirectiveRollupView), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn directive_rollup(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<DirectiveRollupView>, WebError> {
    let rollup = rollups::directive(&state.ctx, &auth.actor(), DirectiveId(id)).await?;
    Ok(Json(DirectiveRollupView {
        directive_id: rollup.directive.id.0,
        title_zh: rollup.directive.fields.title_zh,
        title_en: rollup.directive.fields.title_en,
        category: rollup.directive.fields.category,
        as_of: rollup.as_of,
        total: rollup.total.into(),
        by_level: rollup
            .by_level
            .into_iter()
            .map(|(level, figures)| LevelFiguresView { level: level.to_string(), figures: figures.into() })
            .collect(),
        tree: rollup.tree.into_iter().map(Into::into).collect(),
    }))
}
