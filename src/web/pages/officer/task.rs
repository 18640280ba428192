//! The task page and the forms on it. What a form is shown for is what the services say this
//! viewer may do now (`tasks::possible`, `reminders::may_remind`); each form posts to
//! `/tasks/{id}/<action>` with the version read, calls the service the API calls, and comes
//! back to the page with a notice.

use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Path, Request, State},
    http::header,
    response::Response,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Lookup, READERS, WORKERS, directive_title, row, timing, unit_name};
use crate::domain::ids::{ExtensionId, TaskId, UnitId, UserId};
use crate::{
    domain::{
        calendar::end_of_day,
        lifecycle::TaskAction,
        vocabulary::{ReportKind, Role, TaskRole},
    },
    services::{
        evidence, extensions, meetings, queries, reminders,
        tasks::{self, AssignInput, Assignee, Origin},
        units,
    },
    web::{
        AppState, WebError,
        api::work::{ActionFields, MultipartReport, perform_action, perform_report},
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

/// The task with everything reported on it, and the forms this viewer may use.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    viewer.require(READERS)?;
    let data = page_data(&state, &viewer, id).await?;
    let title = data["task"]["title"].as_str().unwrap_or_default().to_owned();
    viewer.render(&state, "pages/officer/task", &title, data)
}

async fn page_data(state: &AppState, viewer: &Viewer, id: i64) -> Result<Value, WebError> {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let locale = viewer.locale;
    let detail = queries::detail(ctx, &actor, TaskId(id)).await?;
    let history = queries::history(ctx, &actor, TaskId(id)).await?;
    let directive = meetings::get_directive(ctx, &actor, detail.facts.task.directive_id).await?;
    // The task it was split from, when the viewer may read it too.
    let parent = match detail.facts.task.parent_id {
        Some(parent) => queries::detail(ctx, &actor, parent).await.ok().map(|p| p.facts),
        None => None,
    };
    let task = &detail.facts.task;
    let mut unit_ids = vec![task.assignee_unit_id, task.assigner_unit_id];
    unit_ids.extend(detail.reports.iter().map(|r| r.unit_id));
    unit_ids.extend(detail.children.iter().flat_map(|c| [c.task.assignee_unit_id, c.task.assigner_unit_id]));
    unit_ids.extend(parent.iter().map(|p| p.task.assignee_unit_id));
    let mut user_ids: Vec<UserId> = detail.reports.iter().filter_map(|r| r.author_id).collect();
    user_ids.extend(history.iter().filter_map(|e| e.actor_id));
    user_ids.extend(detail.instructions.iter().map(|i| i.author_id));
    let names = queries::names(ctx, &unit_ids, &user_ids).await?;
    let lookup = Lookup { names, directives: [(directive.id, directive.clone())].into_iter().collect() };
    let person = |id: Option<UserId>| id.and_then(|id| lookup.names.people.get(&id).cloned()).unwrap_or_default();
    let unit = |id: UnitId| unit_name(locale, lookup.names.units.get(&id), id.0);

    let now = ctx.clock.now();
    let waiting = detail.extensions.iter().any(|e| e.status.as_str() == "pending");
    let possible = tasks::possible(ctx, &actor, task, waiting);
    let may_remind = reminders::may_remind(&actor, task, directive.unit_id)
        && detail.facts.overdue
        && crate::domain::escalation::assignee_owes_work(task.status);

    let reports: Vec<Value> = detail
        .reports
        .iter()
        .rev()
        .map(|r| {
            let files: Vec<Value> = detail
                .evidence
                .iter()
                .filter(|e| e.report_id == Some(r.id))
                .map(|e| json!({ "id": e.id, "name": e.file_name, "size": size(e.size_bytes) }))
                .collect();
            json!({
                "kind": viewer.t(&format!("officer-kind-{}", r.kind.as_str())),
                "progress": r.progress,
                "body": r.body,
                "unit": unit(r.unit_id),
                "author": person(r.author_id),
                "at": r.created_at.to_rfc3339(),
                "review": r.review_outcome.map(|o| viewer.t(&format!("officer-review-{}", o.as_str()))),
                "review_reason": r.review_reason,
                "files": files,
            })
        })
        .collect();
    // Files not tied to a report (none today, but the store allows them).
    let loose: Vec<Value> = detail
        .evidence
        .iter()
        .filter(|e| e.report_id.is_none())
        .map(|e| json!({ "id": e.id, "name": e.file_name, "size": size(e.size_bytes) }))
        .collect();
    let extensions: Vec<Value> = detail
        .extensions
        .iter()
        .rev()
        .map(|e| {
            let pending = e.status.as_str() == "pending";
            json!({
                "id": e.id,
                "requested": e.requested_deadline.to_rfc3339(),
                "current": e.current_deadline.to_rfc3339(),
                "reason": e.reason,
                "status": viewer.t(&format!("officer-extension-{}", e.status.as_str())),
                "decision": e.decision_reason,
                "decide": pending && possible.decide_extension,
            })
        })
        .collect();
    let instructions: Vec<Value> = detail
        .instructions
        .iter()
        .map(|i| json!({ "author": person(Some(i.author_id)), "body": i.body, "at": i.created_at.to_rfc3339() }))
        .collect();
    let history: Vec<Value> = history
        .iter()
        .rev()
        .map(|e| {
            let key = format!("officer-action-{}", e.action);
            let label = super::super::i18n::lookup(locale, &key, &[]).unwrap_or_else(|| e.action.clone());
            json!({
                "at": e.at.to_rfc3339(),
                "who": person(e.actor_id),
                "unit": e.actor_unit_id.map(unit).unwrap_or_default(),
                "action": label,
                "note": e.note,
            })
        })
        .collect();
    let children: Vec<Value> = detail.children.iter().map(|c| row(viewer, &lookup, c)).collect();
    let parent = parent.as_ref().map(|p| row(viewer, &lookup, p));
    let units_below: Vec<Value> = if possible.split || possible.can(TaskAction::Reassign) {
        units::assignable(ctx, &actor)
            .await?
            .iter()
            .map(|u| {
                json!({ "id": u.id, "name": unit_name(locale, Some(u), u.id.0),
                        "level": viewer.t(&format!("level-{}", u.level.as_str())) })
            })
            .collect()
    } else {
        Vec::new()
    };
    let tz = ctx.config.time_zone;
    let today = now.with_timezone(&tz).date_naive();
    let deadline_day = task.deadline.with_timezone(&tz).date_naive();
    let f = &detail.facts;
    let can = |a: TaskAction| possible.can(a);
    Ok(json!({
        "task": {
            "id": task.id,
            "title": task.title,
            "description": task.description,
            "status": task.status.as_str(),
            "status_label": viewer.t(&format!("status-{}", task.status.as_str())),
            "role_label": viewer.t(&format!("task-role-{}", task.role.as_str())),
            "lead": task.role == TaskRole::Lead,
            "progress": task.progress,
            "deadline": task.deadline.to_rfc3339(),
            "original_deadline": (task.original_deadline != task.deadline).then(|| task.original_deadline.to_rfc3339()),
            "ack_due_at": task.ack_due_at.to_rfc3339(),
            "light": f.light.map(|l| l.as_str()),
            "light_label": viewer.t(&format!("light-{}", f.light.map_or("none", |l| l.as_str()))),
            "timing": timing(viewer, f),
            "version": task.version,
            "assignee": unit(task.assignee_unit_id),
            "assigner": unit(task.assigner_unit_id),
        },
        "directive": {
            "id": directive.id,
            "title": directive_title(locale, &directive),
            "body": directive.fields.body,
            "priority": viewer.t(&format!("priority-{}", directive.fields.priority.as_str())),
            "deadline": directive.fields.deadline.to_rfc3339(),
        },
        "parent": parent,
        "children": children,
        "reports_more": super::more_than_shown(viewer, "officer-reports-more", detail.reports.len(), detail.reports_total),
        "reports": reports,
        "loose_files": loose,
        "extensions": extensions,
        "instructions": instructions,
        "history": history,
        "forms": {
            "acknowledge": can(TaskAction::Acknowledge),
            "decline": can(TaskAction::Decline),
            "progress": can(TaskAction::Progress),
            "complete": can(TaskAction::Complete),
            "accept": can(TaskAction::Accept),
            "return": can(TaskAction::Return),
            "cancel": can(TaskAction::Cancel),
            "reassign": can(TaskAction::Reassign) && !units_below.is_empty(),
            "split": possible.split && !units_below.is_empty(),
            "extension": possible.request_extension,
            "remind": may_remind,
            "instruct": viewer.role() == Role::Leader,
            "any": !possible.actions.is_empty() || possible.split || possible.request_extension || may_remind,
        },
        "units_below": units_below,
        "today": today.to_string(),
        "deadline_day": deadline_day.to_string(),
        "extension_min": (deadline_day + chrono::Duration::days(1)).to_string(),
        "max_files": evidence::MAX_FILES,
        "draft": null,
    }))
}

/// A file's size in KB or MB.
fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn back(id: i64, notice: &str) -> Response {
    see_other(&format!("/tasks/{id}?notice=notice-officer-{notice}"))
}

#[derive(Deserialize)]
pub struct VersionForm {
    version: i32,
}

#[derive(Deserialize)]
pub struct ReasonForm {
    version: i32,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
pub struct CommentForm {
    version: i32,
    #[serde(default)]
    text: String,
}

async fn act(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    action: TaskAction,
    version: i32,
    text: Option<String>,
) -> Result<(), WebError> {
    viewer.require(WORKERS)?;
    let fields = ActionFields { version, text, ..ActionFields::default() };
    perform_action(state, &viewer.actor(), id, action, fields).await?;
    Ok(())
}

pub async fn acknowledge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, WebError> {
    act(&state, &viewer, id, TaskAction::Acknowledge, form.version, None).await?;
    Ok(back(id, "acknowledged"))
}

pub async fn decline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> Result<Response, WebError> {
    act(&state, &viewer, id, TaskAction::Decline, form.version, Some(form.reason)).await?;
    Ok(back(id, "declined"))
}

pub async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, WebError> {
    act(&state, &viewer, id, TaskAction::Accept, form.version, Some(form.text)).await?;
    Ok(back(id, "accepted"))
}

pub async fn return_task(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> Result<Response, WebError> {
    act(&state, &viewer, id, TaskAction::Return, form.version, Some(form.reason)).await?;
    Ok(back(id, "returned"))
}

#[derive(Deserialize)]
pub struct ReassignForm {
    version: i32,
    unit: i64,
}

/// A declined task given to another unit (the assigner).
pub async fn reassign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReassignForm>,
) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let fields = ActionFields { version: form.version, unit_id: Some(form.unit), ..ActionFields::default() };
    perform_action(&state, &viewer.actor(), id, TaskAction::Reassign, fields).await?;
    Ok(back(id, "reassigned"))
}

pub async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, WebError> {
    act(&state, &viewer, id, TaskAction::Cancel, form.version, Some(form.text)).await?;
    Ok(back(id, "cancelled"))
}

/// What the unit wrote in a report the services refused for a reason it can fix (a file
/// type, a percentage, open child tasks): shown again in the form with the reason.
struct Draft {
    form: &'static str,
    text: String,
    progress: Option<i32>,
    reason: String,
}

/// Errors the unit fixes in the form itself, rather than by reloading the page.
fn fixable(err: &WebError) -> bool {
    use crate::services::ServiceError as E;
    match err {
        WebError::BadInput { status, .. } => *status == axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        WebError::Service(E::Invalid { .. } | E::ConflictsWith { .. }) => true,
        WebError::Service(E::Refused(crate::domain::lifecycle::Refusal::OpenChildren { .. })) => true,
        _ => false,
    }
}

/// A report form (multipart: csrf first, then version, progress, text and files), read
/// through the API's own reader, held to as many files as a report may carry.
async fn report(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    request: Request<Body>,
    action: TaskAction,
) -> Result<Option<Draft>, WebError> {
    viewer.require(WORKERS)?;
    let max = state.ctx.config.upload_max_bytes;
    let limit = (max as u64).saturating_mul(evidence::MAX_FILES as u64).saturating_add(1024 * 1024);
    let length =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if length.is_none_or(|n| n > limit) {
        return Err(WebError::BadInput {
            status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            field: "evidence".into(),
            reason: format!("a report carries at most {} files of {max} bytes each", evidence::MAX_FILES),
        });
    }
    let form = Multipart::from_request(request, state).await.map_err(|e| WebError::BadInput {
        status: e.status(),
        field: "body".into(),
        reason: e.body_text(),
    })?;
    let mut parts = MultipartReport::new(form, action == TaskAction::Progress, true);
    let check = |sent: &str| viewer.check_csrf(sent);
    parts.expect_csrf(&check).await?;
    let kind = if action == TaskAction::Progress { ReportKind::Progress } else { ReportKind::Completion };
    match perform_report(state, &viewer.actor(), id, kind, &mut parts).await {
        Ok(_) => Ok(None),
        Err(err) if fixable(&err) => Ok(Some(Draft {
            form: if action == TaskAction::Progress { "progress" } else { "complete" },
            text: parts.text.clone().unwrap_or_default(),
            progress: parts.progress,
            reason: err.to_string(),
        })),
        Err(err) => Err(err),
    }
}

/// The task page again, its report form holding what was written and why it was refused.
async fn refused(state: &AppState, viewer: &Viewer, id: i64, draft: Draft) -> Result<Response, WebError> {
    let mut data = page_data(state, viewer, id).await?;
    data["draft"] =
        json!({ "form": draft.form, "text": draft.text, "progress": draft.progress, "reason": draft.reason });
    let title = data["task"]["title"].as_str().unwrap_or_default().to_owned();
    let mut page = viewer.render(state, "pages/officer/task", &title, data)?;
    *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(page)
}

pub async fn progress(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: Request<Body>,
) -> Result<Response, WebError> {
    match report(&state, &viewer, id, request, TaskAction::Progress).await? {
        None => Ok(back(id, "progress")),
        Some(draft) => refused(&state, &viewer, id, draft).await,
    }
}

pub async fn complete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: Request<Body>,
) -> Result<Response, WebError> {
    match report(&state, &viewer, id, request, TaskAction::Complete).await? {
        None => Ok(back(id, "completed")),
        Some(draft) => refused(&state, &viewer, id, draft).await,
    }
}

/// A day picked in a form, as the end of that day in the configured zone.
fn day_end(state: &AppState, field: &str, day: &str) -> Result<DateTime<Utc>, WebError> {
    let day: NaiveDate =
        day.trim().parse().map_err(|_| WebError::unprocessable(field.to_owned(), "pick a date (YYYY-MM-DD)"))?;
    Ok(end_of_day(day, state.ctx.config.time_zone))
}

#[derive(Deserialize)]
pub struct SplitForm {
    #[serde(default)]
    lead: Option<i64>,
    #[serde(default)]
    cooperating: Vec<i64>,
    deadline: String,
}

/// Split to units below: one lead, any cooperating units, one deadline.
pub async fn split(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SplitForm>,
) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let deadline = day_end(&state, "deadline", &form.deadline)?;
    let mut assignees: Vec<Assignee> =
        form.lead.into_iter().map(|unit_id| Assignee { unit_id: UnitId(unit_id), role: TaskRole::Lead }).collect();
    assignees.extend(
        form.cooperating
            .iter()
            .filter(|u| Some(**u) != form.lead)
            .map(|&unit_id| Assignee { unit_id: UnitId(unit_id), role: TaskRole::Cooperating }),
    );
    if assignees.is_empty() {
        return Err(WebError::unprocessable("lead", "pick the lead unit"));
    }
    tasks::assign(
        &state.ctx,
        &viewer.actor(),
        AssignInput {
            origin: Origin::Split { parent_task_id: TaskId(id) },
            assignees: &assignees,
            title: None,
            description: None,
            deadline,
            ack_within_days: 1,
            report_every_days: None,
        },
    )
    .await?;
    Ok(back(id, "split"))
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    deadline: String,
    #[serde(default)]
    reason: String,
}

pub async fn request_extension(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ExtensionForm>,
) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let deadline = day_end(&state, "deadline", &form.deadline)?;
    extensions::request(&state.ctx, &viewer.actor(), TaskId(id), deadline, &form.reason).await?;
    Ok(back(id, "extension-requested"))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    reason: String,
}

async fn decide(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    request: i64,
    approve: bool,
    reason: &str,
) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let (decided, _) =
        extensions::decide(&state.ctx, &viewer.actor(), ExtensionId(request), approve, Some(reason)).await?;
    let id = if decided.task_id == TaskId(id) { id } else { decided.task_id.0 };
    Ok(back(id, if approve { "extension-approved" } else { "extension-refused" }))
}

pub async fn approve_extension(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, request)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    decide(&state, &viewer, id, request, true, &form.reason).await
}

pub async fn refuse_extension(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, request)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    decide(&state, &viewer, id, request, false, &form.reason).await
}

#[derive(Deserialize)]
pub struct Nothing {}

/// "Remind now" (督办提醒): one reminder to the task's unit today.
pub async fn remind(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let reminded = reminders::remind_now(&state.ctx, &viewer.actor(), TaskId(id)).await?;
    Ok(back(id, if reminded.enqueued > 0 { "reminded" } else { "reminded-already" }))
}
