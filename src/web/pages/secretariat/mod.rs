//! The pages of the secretariats: meetings and the directives drafted from their minutes,
//! edited, issued and assigned; the directive list; and the directive page every role that
//! may read a directive opens (its tree of tasks with the status at each level).
//!
//! Everything goes through the services the API uses (`meetings`, `drafts`, `rollups`,
//! `units`, `instructions`); this module only turns their answers into pages.

mod directives;
mod meetings;

use std::collections::HashMap;

use axum::{
    Router,
    routing::{get, post},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::frame::{Viewer, local_path};
use crate::domain::ids::UnitId;
use crate::{
    domain::{
        drafting::Category,
        rollup::Figures,
        vocabulary::{DirectiveStatus, Locale, Priority, Role},
    },
    services::records::{Directive, Unit},
    web::AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings", get(meetings::list))
        .route("/meetings/new", get(meetings::new_form).post(meetings::create))
        .route("/meetings/{id}", get(meetings::show))
        .route("/directives", get(directives::list))
        .route("/directives/{id}", get(directives::show))
        .route("/directives/{id}/edit", post(directives::edit))
        .route("/directives/{id}/issue", post(directives::issue))
        .route("/directives/{id}/assign", post(directives::assign))
}

/// The word of `locale` among a Chinese and an English one.
fn pick<'a>(locale: Locale, zh: &'a str, en: &'a str) -> &'a str {
    match locale {
        Locale::Zh if !zh.trim().is_empty() => zh,
        Locale::En if !en.trim().is_empty() => en,
        Locale::Zh => en,
        Locale::En => zh,
    }
}

fn unit_name(locale: Locale, unit: &Unit) -> String {
    pick(locale, &unit.name_zh, &unit.name_en).to_owned()
}

fn category_label(locale: Locale, category: Category) -> &'static str {
    match locale {
        Locale::Zh => category.label_zh(),
        Locale::En => category.label_en(),
    }
}

/// The day of an instant in the configured zone, as a date input wants it.
fn day_of(state: &AppState, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&state.ctx.config.time_zone).date_naive()
}

/// A percentage for people, or a dash.
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

/// Figures as a page shows them.
fn figures_json(viewer: &Viewer, figures: Option<&Figures>) -> Value {
    let f = figures.copied().unwrap_or_default();
    let light = f.light().map(|l| l.to_string());
    json!({
        "total": f.total, "acknowledged": f.acknowledged, "completed": f.completed,
        "completed_on_time": f.completed_on_time, "overdue": f.overdue, "cancelled": f.cancelled,
        "completion": percent(f.completion_rate()), "on_time": percent(f.on_time_rate()),
        "light_label": light.as_ref().map(|l| viewer.t(&format!("light-{l}"))),
        "light": light,
    })
}

/// The choices of a select, with the current one selected.
fn options<T: Copy + PartialEq>(
    all: &[T],
    selected: T,
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<Value> {
    all.iter().map(|&v| json!({ "value": value(v), "label": label(v), "selected": v == selected })).collect()
}

/// What Duban suggested when the directive was drafted from minutes, with unit names.
fn suggestion_json(viewer: &Viewer, directive: &Directive, units: &HashMap<UnitId, Unit>) -> Value {
    let s = &directive.suggested_units;
    if !s.is_object() {
        return Value::Null;
    }
    let name = |id: &Value| id.as_i64().and_then(|id| units.get(&UnitId(id))).map(|u| unit_name(viewer.locale, u));
    let lead = name(&s["lead_unit_id"]);
    let cooperating: Vec<String> =
        s["cooperating_unit_ids"].as_array().map(|ids| ids.iter().filter_map(name).collect()).unwrap_or_default();
    let topic_words: Vec<&str> =
        s["topic_words"].as_array().map(|w| w.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let text = |v: &Value| v.as_str().filter(|t| !t.trim().is_empty()).map(str::to_owned);
    json!({
        "lead": lead,
        "cooperating": if cooperating.is_empty() { None } else { Some(cooperating.join(viewer.t("secretariat-list-separator").as_str())) },
        "subject": text(&s["subject"]),
        "lead_words": text(&s["lead_words"]),
        "topic_words": if topic_words.is_empty() { None } else { Some(topic_words.join(viewer.t("secretariat-list-separator").as_str())) },
        "deadline_note": text(&s["deadline_note"]),
    })
}

/// Whether the viewer is the secretariat that issued the directive (who edits, issues and
/// assigns it; the services decide, this only chooses which forms to show).
fn is_issuer(viewer: &Viewer, directive: &Directive) -> bool {
    viewer.role() == Role::Secretariat && viewer.signed_in.user.unit_id == directive.unit_id
}

/// A directive as the meeting page, the list and the directive page show it, with what its
/// forms need.
fn directive_json(state: &AppState, viewer: &Viewer, d: &Directive, units: &HashMap<UnitId, Unit>) -> Value {
    let locale = viewer.locale;
    let f = &d.fields;
    let issuer = is_issuer(viewer, d);
    json!({
        "id": d.id, "version": d.version, "seq": d.seq, "meeting_id": d.meeting_id,
        "title": pick(locale, &f.title_zh, &f.title_en), "title_zh": f.title_zh, "title_en": f.title_en,
        "body": f.body,
        "category": f.category.as_str(), "category_label": category_label(locale, f.category),
        "priority": f.priority.as_str(), "priority_label": viewer.t(&format!("priority-{}", f.priority.as_str())),
        "deadline": f.deadline.to_rfc3339(), "deadline_day": day_of(state, f.deadline).to_string(),
        "status": d.status.as_str(), "status_label": viewer.t(&format!("directive-{}", d.status.as_str())),
        "is_draft": d.status == DirectiveStatus::Draft,
        "may_edit": issuer && d.status == DirectiveStatus::Draft,
        "may_assign": issuer && d.status == DirectiveStatus::Issued,
        "issued_at": d.issued_at.map(|at| at.to_rfc3339()),
        "drafted": d.source == crate::domain::vocabulary::DirectiveSource::Drafted,
        "suggestion": suggestion_json(viewer, d, units),
        "categories": category_options(locale, f.category),
        "priorities": priority_options(viewer, f.priority),
        "edit_error": Value::Null,
    })
}

fn category_options(locale: Locale, selected: Category) -> Vec<Value> {
    options(Category::ALL, selected, Category::as_str, |c| category_label(locale, c).to_owned())
}

fn priority_options(viewer: &Viewer, selected: Priority) -> Vec<Value> {
    options(Priority::ALL, selected, Priority::as_str, |p| viewer.t(&format!("priority-{}", p.as_str())))
}

/// The units the secretariat assigns to, as a tree: every active unit of its jurisdiction
/// below the top, depth first, indented by depth; the suggested ones already chosen.
fn unit_picker(
    viewer: &Viewer,
    directive_id: i64,
    units: &[Unit],
    lead: Option<i64>,
    cooperating: &[i64],
) -> Vec<Value> {
    let own = viewer.signed_in.user.unit_id;
    // The ancestors of the viewer's unit (and the unit itself) are not assigned to.
    let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    let mut above = vec![own];
    let mut at = by_id.get(&own).and_then(|u| u.parent_id);
    while let Some(id) = at {
        above.push(id);
        at = by_id.get(&id).and_then(|u| u.parent_id);
    }
    let mut children: HashMap<Option<UnitId>, Vec<&Unit>> = HashMap::new();
    for unit in units {
        let parent = unit.parent_id.filter(|p| by_id.contains_key(p));
        children.entry(parent).or_default().push(unit);
    }
    for list in children.values_mut() {
        list.sort_by_key(|u| u.id);
    }
    let mut out = Vec::new();
    fn walk(
        viewer: &Viewer,
        children: &HashMap<Option<UnitId>, Vec<&Unit>>,
        parent: Option<UnitId>,
        depth: usize,
        above: &[UnitId],
        chosen: (i64, Option<i64>, &[i64]),
        out: &mut Vec<Value>,
    ) {
        for unit in children.get(&parent).into_iter().flatten() {
            let shown = !above.contains(&unit.id) && unit.active;
            let next_depth = if shown { depth + 1 } else { depth };
            if shown {
                let name = unit_name(viewer.locale, unit);
                out.push(json!({
                    "id": unit.id, "name": name, "field_id": format!("coop-{}-{}", chosen.0, unit.id),
                    "indented": format!("{}{name}", "\u{3000}".repeat(depth)),
                    "depth": depth.min(5),
                    "level_label": viewer.t(&format!("level-{}", unit.level.as_str())),
                    "lead": chosen.1 == Some(unit.id.0),
                    "cooperating": chosen.2.contains(&unit.id.0),
                }));
            }
            walk(viewer, children, Some(unit.id), next_depth, above, chosen, out);
        }
    }
    walk(viewer, &children, None, 0, &above, (directive_id, lead, cooperating), &mut out);
    out
}

/// The suggested lead and cooperating units of a drafted directive, to preselect.
fn suggested_ids(directive: &Directive) -> (Option<i64>, Vec<i64>) {
    let s = &directive.suggested_units;
    let lead = s["lead_unit_id"].as_i64();
    let cooperating = s["cooperating_unit_ids"].as_array().map(|ids| ids.iter().filter_map(Value::as_i64).collect());
    (lead, cooperating.unwrap_or_default())
}

/// Where a form sends the user back to: a page of ours named by the form, or `fallback`.
fn back_to(back: &str, fallback: String) -> String {
    let path = back.split(['?', '#']).next().unwrap_or_default();
    let ours = ["/meetings/", "/directives/"].iter().any(|p| path.starts_with(p));
    if ours && local_path(path) { path.to_owned() } else { fallback }
}

/// The number in a path such as `/directives/12`; anything else names no page (404).
fn id_of(raw: &str) -> Result<i64, crate::web::WebError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(crate::web::WebError::NotFound("page"))
}
