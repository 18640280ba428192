//! `/directives` and `/directives/{id}`, and the forms that edit, issue and assign a directive.

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{back_to, directive_json, figures_json, pick, suggested_ids, unit_name, unit_picker};
use crate::domain::ids::{DirectiveId, MeetingId, UnitId};
use crate::{
    domain::{
        calendar::end_of_day,
        directives::DirectiveFields,
        drafting::Category,
        vocabulary::{DirectiveStatus, Priority, Role},
    },
    services::{
        ServiceError, instructions,
        meetings::{self, Assignment},
        queries, rollups,
        rollups::TaskNode,
        units,
    },
    web::{
        AppState, WebError,
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

const PER_PAGE: u64 = 20;

/// The filters of the directive list, read leniently: a bad value is ignored, not refused.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    meeting: Option<String>,
    page: Option<String>,
}

/// `GET /directives`: the directives the viewer may see (the list of `GET /api/v1/directives`),
/// filtered, a page at a time, each with its completion over the tasks the viewer may see.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let locale = viewer.locale;
    let status: Option<DirectiveStatus> = query.status.as_deref().and_then(|s| s.parse().ok());
    let meeting: Option<i64> = query.meeting.as_deref().and_then(|m| m.trim().parse().ok());
    let q = query.q.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let page: u64 =
        query.page.as_deref().and_then(|p| p.parse().ok()).filter(|p| (1..=queries::MAX_PAGE).contains(p)).unwrap_or(1);
    let words = q.to_lowercase();
    let list: Vec<_> = meetings::list_directives(ctx, &actor, meeting.map(MeetingId))
        .await?
        .into_iter()
        .filter(|d| status.is_none_or(|s| d.status == s))
        .filter(|d| {
            words.is_empty()
                || [&d.fields.title_zh, &d.fields.title_en, &d.fields.body]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&words))
        })
        .collect();
    let page = queries::page_of(list, page, PER_PAGE)?;
    let pages = page.total.div_ceil(PER_PAGE).max(1);
    let ids: Vec<DirectiveId> = page.items.iter().map(|d| d.id).collect();
    let figures = rollups::directives_figures(ctx, &actor, &ids).await?;
    let meeting_list = meetings::list_meetings(ctx, &actor).await?;
    let titles: HashMap<MeetingId, String> =
        meeting_list.iter().map(|m| (m.id, pick(locale, &m.fields.title_zh, &m.fields.title_en).to_owned())).collect();
    let no_units = HashMap::new();
    let rows: Vec<Value> = page
        .items
        .iter()
        .map(|d| {
            let mut row = directive_json(&state, &viewer, d, &no_units);
            row["meeting_title"] = json!(d.meeting_id.and_then(|m| titles.get(&m)));
            row["figures"] = figures_json(&viewer, figures.get(&d.id));
            row
        })
        .collect();
    let link = |p: u64| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = status {
            s.append_pair("status", status.as_str());
        }
        if !q.is_empty() {
            s.append_pair("q", &q);
        }
        if let Some(m) = meeting {
            s.append_pair("meeting", &m.to_string());
        }
        s.append_pair("page", &p.to_string());
        format!("/directives?{}", s.finish())
    };
    let statuses: Vec<Value> = DirectiveStatus::ALL
        .iter()
        .map(|s| json!({ "value": s.as_str(), "label": viewer.t(&format!("directive-{}", s.as_str())), "selected": Some(*s) == status }))
        .collect();
    let meetings: Vec<Value> = meeting_list
        .iter()
        .map(|m| json!({ "value": m.id, "label": titles.get(&m.id), "selected": Some(m.id) == meeting.map(MeetingId) }))
        .collect();
    let data = json!({
        "directives": rows,
        "filters": { "q": q, "statuses": statuses, "meetings": meetings },
        "paging": {
            "page": page.page, "pages": pages, "total": page.total,
            "previous": (page.page > 1).then(|| link(page.page - 1)),
            "next": (page.page < pages).then(|| link(page.page + 1)),
        },
    });
    viewer.render(&state, "pages/secretariat/directives", &viewer.t("secretariat-directives-title"), data)
}

/// The tree of tasks as rows, each indented by its depth.
fn flatten(viewer: &Viewer, nodes: &[TaskNode], depth: usize, out: &mut Vec<Value>) {
    for node in nodes {
        let t = &node.task;
        let light = node.light.map(|l| l.to_string());
        out.push(json!({
            "id": t.id, "depth": depth.min(5),
            "unit": pick(viewer.locale, &node.unit_name_zh, &node.unit_name_en),
            "level_label": viewer.t(&format!("level-{}", node.level.as_str())),
            "role_label": viewer.t(&format!("task-role-{}", t.role.as_str())),
            "status": t.status.as_str(), "status_label": viewer.t(&format!("status-{}", t.status.as_str())),
            "progress": t.progress, "deadline": t.deadline.to_rfc3339(), "overdue": node.overdue,
            "light_label": light.as_ref().map(|l| viewer.t(&format!("light-{l}"))),
            "light": light,
        }));
        flatten(viewer, &node.children, depth + 1, out);
    }
}

/// `GET /directives/{id}`: the directive for anyone who may read it: its text, meeting,
/// leaders' instructions, figures in total and per level, and its tree of tasks. The
/// issuing secretariat edits and issues a draft, and assigns an issued directive, here.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = super::id_of(&id)?;
    directive_page(&state, &viewer, id, None).await
}

/// The directive page; with `typed`, the draft's form shows what was typed and why it was
/// refused, so nothing typed is lost.
async fn directive_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    typed: Option<(&EditForm, String)>,
) -> Result<Response, WebError> {
    let (state, viewer) = (state.clone(), viewer.clone());
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let rollup = rollups::directive(ctx, &actor, DirectiveId(id)).await?;
    let directive = &rollup.directive;
    let meeting = match directive.meeting_id {
        Some(meeting_id) => meetings::get_meeting(ctx, &actor, meeting_id).await.ok(),
        None => None,
    };
    let all_units = units::visible(ctx, &actor).await?;
    let by_id = all_units.iter().map(|u| (u.id, u.clone())).collect();
    let mut row = directive_json(&state, &viewer, directive, &by_id);
    let refused = typed.is_some();
    if let Some((form, error)) = typed {
        row["title_zh"] = json!(form.title_zh);
        row["title_en"] = json!(form.title_en);
        row["body"] = json!(form.body);
        row["deadline_day"] = json!(form.deadline);
        if let Ok(category) = form.category.parse::<Category>() {
            row["categories"] = json!(super::category_options(viewer.locale, category));
        }
        if let Ok(priority) = form.priority.parse::<Priority>() {
            row["priorities"] = json!(super::priority_options(&viewer, priority));
        }
        row["edit_error"] = json!(error);
    }
    let mut tree = Vec::new();
    flatten(&viewer, &rollup.tree, 0, &mut tree);
    if row["may_assign"] == true {
        let (lead, cooperating) = suggested_ids(directive);
        let has_lead = rollup.total.total > 0;
        row["units"] =
            json!(unit_picker(&viewer, directive.id.0, &all_units, lead.filter(|_| !has_lead), &cooperating));
        row["assigned"] = json!(has_lead);
    }
    let instructions: Vec<Value> = instructions::on_directive(ctx, &actor, DirectiveId(id))
        .await?
        .into_iter()
        .map(|s| json!({ "author": s.author_name, "body": s.instruction.body, "at": s.instruction.created_at.to_rfc3339() }))
        .collect();
    let levels: Vec<Value> = rollup
        .by_level
        .iter()
        .map(|(level, f)| {
            let mut v = figures_json(&viewer, Some(f));
            v["level_label"] = json!(viewer.t(&format!("level-{}", level.as_str())));
            v
        })
        .collect();
    let title = row["title"].as_str().unwrap_or_default().to_owned();
    let data = json!({
        "directive": row,
        "meeting": meeting.map(|m| json!({
            "id": m.id, "title": pick(viewer.locale, &m.fields.title_zh, &m.fields.title_en), "held_on": m.fields.held_on.to_string(),
        })),
        "issuer": by_id.get(&directive.unit_id).map(|u| unit_name(viewer.locale, u)),
        "instructions": instructions,
        "total": figures_json(&viewer, Some(&rollup.total)),
        "levels": levels,
        "tree": tree,
        "as_of": rollup.as_of.to_rfc3339(),
        "may_instruct": viewer.role() == Role::Leader,
        "back": format!("/directives/{id}"),
    });
    let mut page = viewer.render(&state, "pages/secretariat/directive", &title, data)?;
    if refused {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// A date typed in a form, as the end of that day in the configured zone.
fn end_of(state: &AppState, field: &'static str, day: &str) -> Result<chrono::DateTime<chrono::Utc>, WebError> {
    let day: NaiveDate = day.trim().parse().map_err(|_| WebError::unprocessable(field, "give a date as YYYY-MM-DD"))?;
    Ok(end_of_day(day, state.ctx.config.time_zone))
}

fn parse<T: std::str::FromStr>(field: &'static str, value: &str) -> Result<T, WebError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e: T::Err| WebError::unprocessable(field, e.to_string()))
}

#[derive(Debug, Deserialize)]
pub struct EditForm {
    version: i32,
    #[serde(default)]
    title_zh: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    body: String,
    category: String,
    priority: String,
    deadline: String,
    #[serde(default)]
    back: String,
}

/// `POST /directives/{id}/edit`: a draft's new words (its issuing secretariat).
pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let id = super::id_of(&id)?;
    viewer.require(&[Role::Secretariat])?;
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let current = meetings::get_directive(ctx, &actor, DirectiveId(id)).await?;
    let saved = async {
        let fields = DirectiveFields {
            title_zh: form.title_zh.clone(),
            title_en: form.title_en.clone(),
            body: form.body.clone(),
            category: parse::<Category>("category", &form.category)?,
            priority: parse::<Priority>("priority", &form.priority)?,
            deadline: end_of(&state, "deadline", &form.deadline)?,
            places: current.fields.places,
            industries: current.fields.industries,
        };
        meetings::update_draft(ctx, &actor, DirectiveId(id), form.version, fields).await.map_err(WebError::from)
    }
    .await;
    if let Err(err) = saved {
        // A field refused: the form again with what was typed; anything else is an error page.
        let reason = match &err {
            WebError::BadInput { field, reason, .. } => format!("{field}: {reason}"),
            WebError::Service(ServiceError::Invalid { field, reason })
            | WebError::Service(ServiceError::ConflictsWith { field, reason }) => format!("{field}: {reason}"),
            _ => return Err(err),
        };
        let message = format!("{} ({reason})", viewer.t("secretariat-error-edit"));
        return directive_page(&state, &viewer, id, Some((&form, message))).await;
    }
    let back = back_to(&form.back, format!("/directives/{id}"));
    Ok(see_other(&format!("{back}?notice=notice-secretariat-saved#directive-{id}")))
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    version: i32,
    #[serde(default)]
    back: String,
}

/// `POST /directives/{id}/issue`: keeps a draft and issues it (its issuing secretariat).
pub async fn issue(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> Result<Response, WebError> {
    let id = super::id_of(&id)?;
    viewer.require(&[Role::Secretariat])?;
    meetings::issue(&state.ctx, &viewer.actor(), DirectiveId(id), form.version).await?;
    let back = back_to(&form.back, format!("/directives/{id}"));
    Ok(see_other(&format!("{back}?notice=notice-secretariat-issued#directive-{id}")))
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    lead_unit_id: String,
    #[serde(default)]
    cooperating_unit_ids: Vec<String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    back: String,
}

/// `POST /directives/{id}/assign`: one lead and any cooperating units, with a deadline (the
/// directive's when left empty), in one step (its issuing secretariat).
pub async fn assign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<Response, WebError> {
    let id = super::id_of(&id)?;
    viewer.require(&[Role::Secretariat])?;
    let lead_unit_id = match form.lead_unit_id.trim() {
        "" => None,
        lead => Some(parse::<i64>("lead_unit_id", lead)?),
    };
    let mut cooperating_unit_ids = Vec::new();
    for unit in form.cooperating_unit_ids.iter().filter(|u| !u.trim().is_empty()) {
        let unit = parse::<i64>("cooperating_unit_ids", unit)?;
        if Some(unit) != lead_unit_id && !cooperating_unit_ids.contains(&unit) {
            cooperating_unit_ids.push(unit);
        }
    }
    if lead_unit_id.is_none() && cooperating_unit_ids.is_empty() {
        return Err(WebError::unprocessable("lead_unit_id", "choose the lead unit"));
    }
    let deadline = match form.deadline.trim() {
        "" => None,
        day => Some(end_of(&state, "deadline", day)?),
    };
    let assignment = Assignment {
        lead_unit_id: lead_unit_id.map(UnitId),
        cooperating_unit_ids: cooperating_unit_ids.into_iter().map(UnitId).collect(),
        deadline,
        ack_within_days: None,
        report_every_days: None,
    };
    meetings::assign(&state.ctx, &viewer.actor(), DirectiveId(id), assignment).await?;
    let back = back_to(&form.back, format!("/directives/{id}"));
    Ok(see_other(&format!("{back}?notice=notice-secretariat-assigned#directive-{id}")))
}
