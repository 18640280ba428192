//! The instruction (批示) form: a leader writes on a directive or a task, and may open a new
//! task for a unit below, as the API's `create_instruction` does.

use super::i18n;
use crate::domain::message::Message;
use axum::{
    extract::{RawQuery, State},
    http::StatusCode,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    error::{PageError, PageResult},
    frame::{CsrfForm, Leader, Viewer, see_other},
    view::{Choice, page, query},
};
use crate::{
    domain::ids::{DirectiveId, TaskId, UnitId},
    services::{
        ServiceError,
        instructions::{self, LinkedTask, Target},
        meetings, queries, units,
    },
    web::AppState,
};

#[derive(Deserialize)]
pub struct TargetQuery {
    directive: Option<DirectiveId>,
    task: Option<TaskId>,
}

/// What the form sends; blank optional fields are none. Kept as typed to show it again.
#[derive(Default, Deserialize, Serialize)]
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

fn target_of(directive: Option<DirectiveId>, task: Option<TaskId>) -> Result<Target, PageError> {
    match (directive, task) {
        (Some(id), None) => Ok(Target::Directive(id)),
        (None, Some(id)) => Ok(Target::Task(id)),
        _ => Err(PageError::bad_request("directive", Message::new("error-directive-or-task"))),
    }
}

/// What the instruction is about: a directive or a task the viewer may read.
#[derive(Serialize)]
struct About {
    kind: &'static str,
    id: i64,
    title: String,
    href: String,
}

impl About {
    async fn of(state: &AppState, viewer: &Viewer, target: &Target) -> Result<About, PageError> {
        let actor = viewer.actor();
        Ok(match target {
            Target::Directive(id) => {
                let d = meetings::get_directive(&state.ctx, &actor, *id).await?;
                About {
                    kind: "directive",
                    id: d.id.get(),
                    title: viewer.directive_title(&d),
                    href: format!("/directives/{}", d.id),
                }
            }
            Target::Task(id) => {
                let detail = queries::detail(&state.ctx, &actor, *id).await?;
                let t = &detail.facts.task;
                About { kind: "task", id: t.id.get(), title: t.title.clone(), href: format!("/tasks/{}", t.id) }
            }
        })
    }
}

/// The units below the viewer's, which a linked task may be opened for.
async fn units_below(state: &AppState, viewer: &Viewer, chosen: Option<UnitId>) -> Result<Vec<Choice>, PageError> {
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
        .map(|u| Choice::new(u.id, viewer.unit_name(u), chosen == Some(u.id)))
        .collect())
}

#[derive(Serialize)]
struct InstructionPage<'a> {
    about: About,
    units_below: Vec<Choice>,
    values: &'a InstructionForm,
    error: Option<String>,
}
page!(InstructionPage<'_> => "pages/instructions/new");

/// The form; with an `error`, what the leader wrote and why it was refused (422).
async fn render_form(
    state: &AppState,
    viewer: &Viewer,
    target: &Target,
    form: &InstructionForm,
    error: Option<String>,
) -> PageResult {
    let refused = error.is_some();
    let view = InstructionPage {
        about: About::of(state, viewer, target).await?,
        units_below: units_below(state, viewer, form.open_unit.parse().ok()).await?,
        values: form,
        error,
    };
    let mut response = viewer.render(state, &viewer.t("leader-instruction-title"), &view)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /instructions/new?directive=` or `?task=`.
pub async fn form(State(state): State<AppState>, viewer: Leader, RawQuery(raw): RawQuery) -> PageResult {
    let q: TargetQuery = query(raw.as_deref())?;
    let target = target_of(q.directive, q.task)?;
    render_form(&state, &viewer, &target, &InstructionForm::default(), None).await
}

fn optional_id(field: &'static str, value: &str) -> Result<Option<i64>, PageError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| PageError::unprocessable(field, Message::new("error-positive-number")))
}

/// `POST /instructions`: the instruction, and the linked task when a unit is chosen.
pub async fn create(
    State(state): State<AppState>,
    viewer: Leader,
    CsrfForm(form): CsrfForm<InstructionForm>,
) -> PageResult {
    let directive = optional_id("directive", &form.directive)?.map(DirectiveId);
    let task = optional_id("task", &form.task)?.map(TaskId);
    let target = target_of(directive, task)?;
    let back = match target {
        Target::Directive(id) => format!("/directives/{id}"),
        Target::Task(id) => format!("/tasks/{id}"),
    };
    let open = match optional_id("open_unit", &form.open_unit)?.map(UnitId) {
        None => None,
        Some(unit_id) => {
            let Ok(day) = form.open_deadline.trim().parse::<NaiveDate>() else {
                let error = viewer.t("leader-instruction-deadline-needed");
                return render_form(&state, &viewer, &target, &form, Some(error)).await;
            };
            Some(LinkedTask { unit_id, deadline: state.ctx.end_of_day(day), title: form.open_title.clone() })
        }
    };
    let again = target_of(directive, task)?;
    match instructions::create(&state.ctx, &viewer.actor(), target, &form.body, open).await {
        Ok(_) => Ok(see_other(&format!("{back}?notice=notice-leader-instructed"))),
        // What the leader wrote is kept: the form comes back with the reason.
        Err(ServiceError::Invalid { field, reason } | ServiceError::ConflictsWith { field, reason }) => {
            let error = i18n::refusal(viewer.locale, Some(state.ctx.zone()), field, &reason);
            render_form(&state, &viewer, &again, &form, Some(error)).await
        }
        Err(other) => Err(other.into()),
    }
}
