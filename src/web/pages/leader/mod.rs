//! The pages of the leaders: the dashboard of a unit (with drill-down to any unit below), the
//! ranking of the units below, the overdue list, the instruction (批示) form, the printable
//! bulletin (通报), and the exports of the rollup and of task lists.
//!
//! Every figure comes from `services::rollups` and `services::leadership`, which decide what
//! the viewer may read; a unit out of reach is their "not found".

mod chart;
mod exports;
mod instructions;

use axum::{
    Router,
    extract::{Path, RawQuery, State},
    response::Response,
    routing::get,
};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Value, json};

use super::frame::Viewer;
use crate::domain::ids::{DirectiveId, UnitId};
use crate::{
    domain::{
        drafting::Category,
        rollup::Figures,
        vocabulary::{Locale, UnitLevel},
    },
    services::{
        leadership::{self, Described},
        meetings,
        records::{Directive, Unit},
        rollups::{self, Narrowing},
    },
    web::{AppState, WebError},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/units/{id}", get(unit_page))
        .route("/ranking", get(ranking))
        .route("/overdue", get(overdue))
        .route("/bulletin", get(bulletin))
        .route("/instructions/new", get(instructions::form))
        .route("/instructions", axum::routing::post(instructions::create))
        .route("/exports/rollup.csv", get(exports::rollup_csv))
        .route("/exports/rollup.xlsx", get(exports::rollup_xlsx))
        .route("/exports/tasks.csv", get(exports::tasks_csv))
        .route("/exports/tasks.xlsx", get(exports::tasks_xlsx))
}

/// A page's query string read into `T`; a bad value is a 400 page naming the field. Blank
/// fields (an empty choice in a GET form) are left out, so they read as "none".
pub(super) fn query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, WebError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect();
    let normalized = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(normalized.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let field = err.path().to_string();
        WebError::bad_request(if field == "." { "query".into() } else { field }, err.inner().to_string())
    })
}

/// `?directive=&category=` (and the unit for exports): what narrows the figures.
#[derive(Deserialize, Default)]
pub(super) struct NarrowQuery {
    pub directive: Option<i64>,
    pub category: Option<Category>,
    pub unit: Option<i64>,
}

impl NarrowQuery {
    fn narrowing(&self) -> Narrowing {
        Narrowing { directive_id: self.directive.map(DirectiveId), category: self.category }
    }

    /// The query string that keeps this narrowing on a link (starting with `&`, or empty).
    fn link_suffix(&self) -> String {
        let mut out = String::new();
        if let Some(d) = self.directive {
            out.push_str(&format!("&directive={d}"));
        }
        if let Some(c) = self.category {
            out.push_str(&format!("&category={c}"));
        }
        out
    }
}

pub(super) fn unit_name(unit: &Unit, locale: Locale) -> String {
    if locale == Locale::En && !unit.name_en.trim().is_empty() { unit.name_en.clone() } else { unit.name_zh.clone() }
}

pub(super) fn directive_title(directive: &Directive, locale: Locale) -> String {
    let f = &directive.fields;
    if locale == Locale::En && !f.title_en.trim().is_empty() { f.title_en.clone() } else { f.title_zh.clone() }
}

pub(super) fn level_label(viewer: &Viewer, level: UnitLevel) -> String {
    viewer.t(&format!("level-{level}"))
}

/// A rate as a percentage with one decimal, or a dash when there is none.
pub(super) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn light_fields(viewer: &Viewer, figures: &Figures) -> Value {
    let light = figures.light().map(|l| l.to_string());
    let label = viewer.t(&format!("light-{}", light.as_deref().unwrap_or("none")));
    json!({ "light": light, "light_label": label })
}

fn figures_json(viewer: &Viewer, f: &Figures) -> Value {
    let mut value = json!({
        "total": f.total,
        "cancelled": f.cancelled,
        "acknowledged": f.acknowledged,
        "completed": f.completed,
        "completed_on_time": f.completed_on_time,
        "overdue": f.overdue,
        "completion_rate": percent(f.completion_rate()),
        "on_time_rate": percent(f.on_time_rate()),
    });
    if let (Value::Object(v), Value::Object(l)) = (&mut value, light_fields(viewer, f)) {
        v.extend(l);
    }
    value
}

/// The narrowing form's choices: the directives the viewer may see and the categories.
async fn narrow_form(state: &AppState, viewer: &Viewer, q: &NarrowQuery) -> Result<Value, WebError> {
    let directives = meetings::list_directives(&state.ctx, &viewer.actor(), None).await?;
    let directives: Vec<Value> = directives
        .iter()
        .map(|d| json!({ "id": d.id, "title": directive_title(d, viewer.locale), "selected": q.directive == Some(d.id.0) }))
        .collect();
    let categories: Vec<Value> = Category::ALL
        .iter()
        .map(|c| {
            let label = if viewer.locale == Locale::En { c.label_en() } else { c.label_zh() };
            json!({ "value": c.to_string(), "label": label, "selected": q.category == Some(*c) })
        })
        .collect();
    Ok(json!({ "directives": directives, "categories": categories }))
}

async fn dashboard(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q: NarrowQuery = query(raw.as_deref())?;
    let unit_id = viewer.actor().unit_id;
    render_unit(&state, &viewer, unit_id.0, &q, "/dashboard").await
}

async fn unit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q: NarrowQuery = query(raw.as_deref())?;
    render_unit(&state, &viewer, id, &q, &format!("/units/{id}")).await
}

async fn render_unit(
    state: &AppState,
    viewer: &Viewer,
    unit_id: i64,
    q: &NarrowQuery,
    action: &str,
) -> Result<Response, WebError> {
    let locale = viewer.locale;
    let rollup = rollups::unit(&state.ctx, &viewer.actor(), UnitId(unit_id), q.narrowing()).await?;
    let name = unit_name(&rollup.unit, locale);
    let suffix = q.link_suffix();
    let children: Vec<Value> = rollup
        .children
        .iter()
        .map(|c| {
            json!({
                "id": c.unit.id,
                "name": unit_name(&c.unit, locale),
                "href": format!("/units/{}{}", c.unit.id, suffix.replacen('&', "?", 1)),
                "figures": figures_json(viewer, &c.figures),
            })
        })
        .collect();
    let bars = chart::bars(
        rollup.children.iter().map(|c| (unit_name(&c.unit, locale), c.figures.completion_rate(), c.figures.light())),
    );
    // Up one level, while still within the viewer's reach.
    let up = (unit_id != viewer.actor().unit_id.0).then_some(rollup.unit.parent_id).flatten();
    let narrowed_directive = match q.directive {
        Some(id) => meetings::get_directive(&state.ctx, &viewer.actor(), DirectiveId(id))
            .await
            .ok()
            .map(|d| json!({ "id": d.id, "title": directive_title(&d, locale) })),
        None => None,
    };
    let export_query = format!("unit={unit_id}{suffix}");
    let title = viewer.t_with("leader-dashboard-title", &[("unit", name.clone().into())]);
    viewer.render(
        state,
        "pages/leader/dashboard",
        &title,
        json!({
            "unit": { "id": rollup.unit.id, "name": name, "level": level_label(viewer, rollup.unit.level) },
            "as_of": rollup.as_of.to_rfc3339(),
            "up": up,
            "subtree": figures_json(viewer, &rollup.subtree),
            "direct": figures_json(viewer, &rollup.direct),
            "children": children,
            "chart": bars,
            "chart_label": viewer.t_with("leader-chart-label", &[("unit", name.into())]),
            "narrow": narrow_form(state, viewer, q).await?,
            "narrowed_directive": narrowed_directive,
            "form_action": action,
            "export_query": export_query,
        }),
    )
}

async fn ranking(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q: NarrowQuery = query(raw.as_deref())?;
    let locale = viewer.locale;
    let actor = viewer.actor();
    let unit_id = q.unit.unwrap_or(actor.unit_id.0);
    let ranked = rollups::ranking(&state.ctx, &actor, UnitId(unit_id), q.narrowing()).await?;
    let suffix = q.link_suffix();
    let rows: Vec<Value> = ranked
        .iter()
        .map(|r| {
            json!({
                "rank": r.rank,
                "id": r.unit.id,
                "name": unit_name(&r.unit, locale),
                "href": format!("/units/{}{}", r.unit.id, suffix.replacen('&', "?", 1)),
                "figures": figures_json(&viewer, &r.figures),
                "late_reports": r.marks.late_reports,
                "returned_completions": r.marks.returned_completions,
                "score": format!("{:.0}", r.score),
            })
        })
        .collect();
    let title = viewer.t("leader-ranking-title");
    let narrow = narrow_form(&state, &viewer, &q).await?;
    viewer.render(
        &state,
        "pages/leader/ranking",
        &title,
        json!({ "rows": rows, "narrow": narrow, "form_action": "/ranking",
                "deduction_late": state.ctx.config.ranking_late_report_deduction,
                "deduction_returned": state.ctx.config.ranking_returned_deduction }),
    )
}

/// A described task as the pages and exports show it.
pub(super) fn task_json(viewer: &Viewer, d: &Described) -> Value {
    let locale = viewer.locale;
    let t = &d.facts.task;
    json!({
        "id": t.id,
        "title": t.title,
        "status": t.status.to_string(),
        "status_label": viewer.t(&format!("status-{}", t.status)),
        "progress": t.progress,
        "deadline": t.deadline.to_rfc3339(),
        "completed_at": t.completed_at.map(|c| c.to_rfc3339()),
        "unit_id": t.assignee_unit_id,
        "unit": d.unit.as_ref().map(|u| unit_name(u, locale)).unwrap_or_default(),
        "directive_id": t.directive_id,
        "directive": d.directive.as_ref().map(|x| directive_title(x, locale)).unwrap_or_default(),
        "late": viewer.t_with("working-days-late", &[("days", d.working_days_late.into())]),
        "days_late": d.working_days_late,
        "light": d.facts.light.map(|l| l.to_string()),
        "light_label": viewer.t(&format!("light-{}", d.facts.light.map_or("none".to_owned(), |l| l.to_string()))),
    })
}

async fn overdue(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let actor = viewer.actor();
    let (rows, truncated) = leadership::overdue(&state.ctx, &actor, None).await?;
    let tasks: Vec<Value> = rows.iter().map(|d| task_json(&viewer, d)).collect();
    let title = viewer.t("leader-overdue-title");
    viewer.render(
        &state,
        "pages/leader/overdue",
        &title,
        json!({ "count": tasks.len(), "tasks": tasks, "truncated": truncated, "max_rows": leadership::MAX_ROWS,
                "export_query": format!("overdue=1&unit={}", actor.unit_id) }),
    )
}

#[derive(Deserialize)]
struct PeriodQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

fn start_of(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight).earliest().map_or(midnight.and_utc(), |l| l.with_timezone(&Utc))
}

async fn bulletin(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q: PeriodQuery = query(raw.as_deref())?;
    let tz = state.ctx.config.time_zone;
    let today = state.ctx.clock.now().with_timezone(&tz).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| to.checked_sub_days(Days::new(6)).unwrap_or(to));
    if from > to {
        return Err(WebError::unprocessable("from", viewer.t("leader-period-backwards")));
    }
    let actor = viewer.actor();
    let b = leadership::bulletin(&state.ctx, &actor, start_of(from, tz), crate::domain::calendar::end_of_day(to, tz))
        .await?;
    let locale = viewer.locale;
    let ranking: Vec<Value> = b
        .ranking
        .iter()
        .map(|l| {
            json!({
                "rank": l.rank,
                "id": l.unit.id,
                "name": unit_name(&l.unit, locale),
                "total": l.counts.total,
                "completed": l.counts.completed,
                "overdue": l.counts.overdue,
                "rate": l.counts.completion_percent().map_or_else(|| "—".to_owned(), |p| format!("{p}%")),
            })
        })
        .collect();
    // The overdue tasks grouped by unit, the units in the order they first appear (most late first).
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for d in &b.overdue {
        let row = task_json(&viewer, d);
        let name = row["unit"].as_str().unwrap_or_default().to_owned();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((name, vec![row])),
        }
    }
    let overdue: Vec<Value> =
        groups.into_iter().map(|(unit, tasks)| json!({ "unit": unit, "count": tasks.len(), "tasks": tasks })).collect();
    let completed: Vec<Value> = b.completed.iter().map(|d| task_json(&viewer, d)).collect();
    let unit = unit_name(&b.unit, locale);
    let title = viewer.t_with("leader-bulletin-title", &[("unit", unit.clone().into())]);
    viewer.render(
        &state,
        "pages/leader/bulletin",
        &title,
        json!({
            "unit_name": unit,
            "from": from.to_string(),
            "to": to.to_string(),
            "ranking": ranking,
            "overdue_groups": overdue,
            "overdue_count": b.overdue.len(),
            "completed_count": completed.len(),
            "completed": completed,
            "truncated": b.truncated,
            "max_rows": leadership::MAX_ROWS,
        }),
    )
}
