//! The instruction (批示) form: a leader writes on a directive or a task, and may open a new
//! task for a unit below, as the API's `create_instruction` does.

use axum::{
    extract::{RawQuery, State},
    response::Response,
};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{directive_title, query, unit_name};
use crate::domain::ids::{DirectiveId, TaskId, UnitId};
use crate::{
    domain::{calendar::end_of_day, vocabulary::Role},
    services::{
        ServiceError,
        instructions::{self, LinkedTask, Target},
        meetings, queries, units,
    },
    web::{
        AppState, WebError,
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

#[derive(Deserialize)]
pub struct TargetQuery {
    directive: Option<i64>,
    task: Option<i64>,
}

/// What the form sends; blank optional fields are none.
#[derive(Deserialize)]
pub struct InstructionForm {
    #[serde(default)]
    directive: String,
    #[serde(default)]
    task: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    open_unit: String,
    #[serde(default)]
    open_deadline: String,
    #[serde(default)]
    open_title: String,
}

fn target_of(directive: Option<i64>, task: Option<i64>) -> Result<Target, WebError> {
    match (directive, task) {
        (Some(id), None) => Ok(Target::Directive(DirectiveId(id))),
        (None, Some(id)) => Ok(Target::Task(TaskId(id))),
        _ => Err(WebError::bad_request("directive", "name exactly one of directive and task")),
    }
}

/// What the form is about, as the page shows it; the target must be visible to the viewer.
async fn describe(state: &AppState, viewer: &Viewer, target: &Target) -> Result<Value, WebError> {
    let actor = viewer.actor();
    Ok(match target {
        Target::Directive(id) => {
            let d = meetings::get_directive(&state.ctx, &actor, *id).await?;
            json!({ "kind": "directive", "id": d.id, "title": directive_title(&d, viewer.locale),
                    "href": format!("/directives/{}", d.id) })
        }
        Target::Task(id) => {
            let detail = queries::detail(&state.ctx, &actor, *id).await?;
            let t = &detail.facts.task;
            json!({ "kind": "task", "id": t.id, "title": t.title, "href": format!("/tasks/{}", t.id) })
        }
    })
}

/// The units below the viewer's, which a linked task may be opened for.
async fn units_below(state: &AppState, viewer: &Viewer, chosen: Option<i64>) -> Result<Vec<Value>, WebError> {
    let actor = viewer.actor();
    let all = units::visible(&state.ctx, &actor).await?;
    let mut below = vec![actor.unit_id];
    let mut next = 0;
    while next < below.len() {
        let parent = below[next];
        below.extend(all.iter().filter(|u| u.parent_id == Some(parent) && u.active).map(|u| u.id));
        next += 1;
    }
    Ok(all
        .iter()
        .filter(|u| u.id != actor.unit_id && below.contains(&u.id))
        .map(|u| json!({ "id": u.id, "name": unit_name(u, viewer.locale), "selected": chosen == Some(u.id.0) }))
        .collect())
}

async fn render_form(
    state: &AppState,
    viewer: &Viewer,
    target: &Target,
    form: &InstructionForm,
    error: Option<String>,
) -> Result<Response, WebError> {
    let about = describe(state, viewer, target).await?;
    let units = units_below(state, viewer, form.open_unit.parse().ok()).await?;
    let title = viewer.t("leader-instruction-title");
    let mut response = viewer.render(
        state,
        "pages/leader/instruction",
        &title,
        json!({
            "about": about,
            "units_below": units,
            "values": { "body": form.body, "open_deadline": form.open_deadline, "open_title": form.open_title },
            "error": error,
        }),
    )?;
    if error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    viewer.require(&[Role::Leader])?;
    let q: TargetQuery = query(raw.as_deref())?;
    let target = target_of(q.directive, q.task)?;
    let empty = InstructionForm {
        directive: String::new(),
        task: String::new(),
        body: String::new(),
        open_unit: String::new(),
        open_deadline: String::new(),
        open_title: String::new(),
    };
    render_form(&state, &viewer, &target, &empty, None).await
}

fn optional_id(field: &'static str, value: &str) -> Result<Option<i64>, WebError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| WebError::unprocessable(field, "must be a positive whole number"))
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<InstructionForm>,
) -> Result<Response, WebError> {
    viewer.require(&[Role::Leader])?;
    let directive = optional_id("directive", &form.directive)?;
    let task = optional_id("task", &form.task)?;
    let target = target_of(directive, task)?;
    let back = match target {
        Target::Directive(id) => format!("/directives/{id}"),
        Target::Task(id) => format!("/tasks/{id}"),
    };
    let tz = state.ctx.config.time_zone;
    let open_unit = optional_id("open_unit", &form.open_unit)?;
    let open = match open_unit {
        None => None,
        Some(unit_id) => {
            let Ok(day) = form.open_deadline.trim().parse::<NaiveDate>() else {
                let error = viewer.t("leader-instruction-deadline-needed");
                return render_form(&state, &viewer, &target, &form, Some(error)).await;
            };
            Some(LinkedTask { unit_id: UnitId(unit_id), deadline: end_of_day(day, tz), title: form.open_title.clone() })
        }
    };
    let again = target_of(directive, task)?;
    match instructions::create(&state.ctx, &viewer.actor(), target, &form.body, open).await {
        Ok(_) => Ok(see_other(&format!("{back}?notice=notice-leader-instructed"))),
        // What the leader wrote is kept: the form comes back with the reason.
        Err(ServiceError::Invalid { field, reason } | ServiceError::ConflictsWith { field, reason }) => {
            let error = viewer.t_with("error-field", &[("field", field.into()), ("reason", reason.into())]);
            render_form(&state, &viewer, &again, &form, Some(error)).await
        }
        Err(other) => Err(other.into()),
    }
}
