//! The forms of the task page: each posts to `/tasks/{id}/<action>` with the version read,
//! calls the service the API calls, and comes back to the page with a notice. Only units that
//! work on tasks ([`Worker`]) post them; the services decide whether this unit may.

use crate::domain::message::Message;
use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{StatusCode, header},
    response::Response,
};
use serde::Deserialize;

use super::show::{self, Draft, KeptFile};
use crate::{
    domain::{
        ids::{ExtensionId, TaskId},
        lifecycle::TaskAction,
        vocabulary::{ReportKind, TaskRole},
    },
    services::{
        evidence, extensions, pending, reminders,
        tasks::{self, AssignInput, Assignee, Origin},
    },
    web::{
        AppState, Problem, WebError,
        forms::{self, ActionFields, MultipartReport, perform_action, perform_report},
        pages::{
            error::{PageError, PageResult},
            frame::{CsrfForm, Reminding, Viewer, Worker, see_other},
            i18n::{self, lookup},
            unit_picker::Picked,
            view::day_end,
        },
    },
};

/// Back to the task page with a notice.
fn back(id: TaskId, notice: &str) -> Response {
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

#[derive(Deserialize)]
pub struct ReassignForm {
    version: i32,
    unit: i64,
}

/// One lifecycle action without files.
async fn act(state: &AppState, viewer: &Viewer, id: TaskId, action: TaskAction, fields: ActionFields) -> PageResult {
    perform_action(state, &viewer.actor(), id, action, fields).await?;
    let notice = match action {
        TaskAction::Acknowledge => "acknowledged",
        TaskAction::Decline => "declined",
        TaskAction::Accept => "accepted",
        TaskAction::Return => "returned",
        TaskAction::Reassign => "reassigned",
        TaskAction::Cancel => "cancelled",
        TaskAction::Progress => "progress",
        TaskAction::Complete => "completed",
    };
    Ok(back(id, notice))
}

fn with_text(version: i32, text: String) -> ActionFields {
    ActionFields { version, text: Some(text), ..ActionFields::default() }
}

pub async fn acknowledge(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> PageResult {
    let fields = ActionFields { version: form.version, ..ActionFields::default() };
    act(&state, &viewer, id, TaskAction::Acknowledge, fields).await
}

pub async fn decline(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> PageResult {
    act(&state, &viewer, id, TaskAction::Decline, with_text(form.version, form.reason)).await
}

pub async fn accept(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> PageResult {
    act(&state, &viewer, id, TaskAction::Accept, with_text(form.version, form.text)).await
}

pub async fn return_task(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> PageResult {
    act(&state, &viewer, id, TaskAction::Return, with_text(form.version, form.reason)).await
}

/// A declined task given to another unit (the assigner).
pub async fn reassign(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<ReassignForm>,
) -> PageResult {
    let fields = ActionFields { version: form.version, unit_id: Some(form.unit), ..ActionFields::default() };
    act(&state, &viewer, id, TaskAction::Reassign, fields).await
}

pub async fn cancel(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> PageResult {
    act(&state, &viewer, id, TaskAction::Cancel, with_text(form.version, form.text)).await
}

/// A refusal the unit fixes in the form itself, rather than by reloading the page: the field
/// it names, the service's words for it, and the open children when that is the reason.
struct Fixable {
    field: String,
    detail: Message,
    open_children: Option<u64>,
}

fn fixable(err: &WebError) -> Option<Fixable> {
    use crate::services::ServiceError as E;
    let fix = |field: &str, detail: &Message| {
        Some(Fixable { field: field.to_owned(), detail: detail.clone(), open_children: None })
    };
    match err {
        WebError::BadInput { status, field, reason } if *status == StatusCode::UNPROCESSABLE_ENTITY => {
            fix(field, reason)
        }
        WebError::Service(E::Invalid { field, reason } | E::ConflictsWith { field, reason }) => fix(field, reason),
        WebError::Service(E::Refused(crate::domain::lifecycle::Refusal::OpenChildren { open_children })) => {
            Some(Fixable {
                field: "children".into(),
                detail: Message::new("error-internal"),
                open_children: Some(*open_children),
            })
        }
        _ => None,
    }
}

/// The same for a page's own refusal (a date it could not read).
fn fixable_page(err: &PageError) -> Option<Fixable> {
    match err {
        PageError::Problem(Problem { status, field, detail: Some(detail), .. })
            if *status == StatusCode::UNPROCESSABLE_ENTITY =>
        {
            Some(Fixable { field: field.clone().unwrap_or_default(), detail: detail.clone(), open_children: None })
        }
        _ => None,
    }
}

/// The refused form again, first on the page, naming the field and giving the service's own
/// reason, both in the reader's language.
async fn refused(state: &AppState, viewer: &Viewer, id: TaskId, fix: Fixable, mut draft: Draft) -> PageResult {
    let field = match fix.field.as_str() {
        "assignees" | "assignee_unit_id" => "lead",
        "requested_deadline" => "deadline",
        other => other,
    };
    draft.field =
        lookup(viewer.locale, &format!("task-field-{field}"), &[]).unwrap_or_else(|| viewer.t("task-field-form"));
    draft.reason = match fix.open_children {
        Some(open) => viewer.t_with("task-blocked-open-children", &[("count", open.into())]),
        None => i18n::message(viewer.locale, Some(state.ctx.zone()), &fix.detail),
    };
    show::render(state, viewer, id, Some(draft)).await
}

/// A report form (multipart: csrf first, then version, progress, text and files), read as
/// the API reads one, held to as many files as a report may carry. A refusal the unit can
/// fix shows the page again with what was written and the files kept for the resubmission
/// (each ticked to attach it), naming any file it could not keep, to choose again.
async fn report(
    state: &AppState,
    viewer: &Viewer,
    id: TaskId,
    request: Request<Body>,
    action: TaskAction,
) -> PageResult {
    let max = state.ctx.config.upload_max_bytes;
    let limit = (max as u64).saturating_mul(evidence::MAX_FILES as u64).saturating_add(1024 * 1024);
    let length =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if length.is_none_or(|n| n > limit) {
        return Err(WebError::BadInput {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            field: "evidence".into(),
            reason: Message::new("error-report-too-large").number("files", evidence::MAX_FILES).number("max", max),
        }
        .into());
    }
    let form = forms::multipart(request, state).await?;
    let progress_form = action == TaskAction::Progress;
    let mut parts = MultipartReport::new(form, progress_form, true);
    parts.expect_csrf(&|sent: &str| viewer.csrf_ok(sent)).await?;
    let kind = if progress_form { ReportKind::Progress } else { ReportKind::Completion };
    match perform_report(state, &viewer.actor(), id, kind, &mut parts).await {
        Ok(_) => Ok(back(id, if progress_form { "progress" } else { "completed" })),
        Err(err) => match fixable(&err) {
            Some(fix) => {
                let kept: Vec<KeptFile> =
                    pending::kept(&state.ctx, &viewer.actor(), id).await?.into_iter().map(KeptFile::from).collect();
                let files_again: Vec<String> =
                    parts.files.iter().filter(|name| !kept.iter().any(|k| &k.name == *name)).cloned().collect();
                let draft = Draft {
                    form: if progress_form { "progress" } else { "complete" },
                    text: parts.text.clone().unwrap_or_default(),
                    progress: parts.progress,
                    files_again,
                    files_lost: kept.is_empty(),
                    kept,
                    ..Draft::default()
                };
                refused(state, viewer, id, fix, draft).await
            }
            None => Err(err.into()),
        },
    }
}

pub async fn progress(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    request: Request<Body>,
) -> PageResult {
    report(&state, &viewer, id, request, TaskAction::Progress).await
}

pub async fn complete(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    request: Request<Body>,
) -> PageResult {
    report(&state, &viewer, id, request, TaskAction::Complete).await
}

#[derive(Deserialize)]
pub struct SplitForm {
    /// The units ticked in the page's picker.
    #[serde(default)]
    lead_unit_ids: Vec<String>,
    #[serde(default)]
    cooperating_unit_ids: Vec<String>,
    deadline: String,
}

/// Split to units below, ticked in the page's one picker: a lead (or several, each leading a
/// task of its own), any cooperating units, one deadline. A refusal the unit can fix (no
/// lead, a date out of range) shows the form again with its choices.
pub async fn split(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<SplitForm>,
) -> PageResult {
    let picked = Picked::read(&form.lead_unit_ids, &form.cooperating_unit_ids)?;
    let draft = || Draft {
        form: "split",
        deadline: form.deadline.clone(),
        leads: picked.leads.clone(),
        cooperating: picked.cooperating.clone(),
        ..Draft::default()
    };
    let deadline = match day_end(&state.ctx, "deadline", &form.deadline) {
        Ok(deadline) => deadline,
        Err(err) => {
            return match fixable_page(&err) {
                Some(fix) => refused(&state, &viewer, id, fix, draft()).await,
                None => Err(err),
            };
        }
    };
    let mut assignees: Vec<Assignee> =
        picked.leads.iter().map(|&unit_id| Assignee { unit_id, role: TaskRole::Lead }).collect();
    assignees.extend(picked.cooperating.iter().map(|&unit_id| Assignee { unit_id, role: TaskRole::Cooperating }));
    if assignees.is_empty() {
        let fix = Fixable { field: "lead".into(), detail: Message::new("error-name-lead"), open_children: None };
        return refused(&state, &viewer, id, fix, draft()).await;
    }
    let assigned = tasks::assign(
        &state.ctx,
        &viewer.actor(),
        AssignInput {
            origin: Origin::Split { parent_task_id: id },
            assignees: &assignees,
            title: None,
            description: None,
            deadline,
            ack_within_days: 1,
            report_every_days: None,
        },
    )
    .await
    .map_err(WebError::from);
    match assigned {
        Ok(_) => Ok(back(id, "split")),
        Err(err) => match fixable(&err) {
            Some(fix) => refused(&state, &viewer, id, fix, draft()).await,
            None => Err(err.into()),
        },
    }
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    deadline: String,
    #[serde(default)]
    reason: String,
}

/// Asks for a later deadline; a refusal the unit can fix (no reason, a date not later than
/// the deadline) shows the form again with the date and the reason written.
pub async fn request_extension(
    State(state): State<AppState>,
    viewer: Worker,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<ExtensionForm>,
) -> PageResult {
    let draft =
        || Draft { form: "extension", deadline: form.deadline.clone(), text: form.reason.clone(), ..Draft::default() };
    let deadline = match day_end(&state.ctx, "deadline", &form.deadline) {
        Ok(deadline) => deadline,
        Err(err) => {
            return match fixable_page(&err) {
                Some(fix) => refused(&state, &viewer, id, fix, draft()).await,
                None => Err(err),
            };
        }
    };
    match extensions::request(&state.ctx, &viewer.actor(), id, deadline, &form.reason).await.map_err(WebError::from) {
        Ok(_) => Ok(back(id, "extension-requested")),
        Err(err) => match fixable(&err) {
            Some(fix) => refused(&state, &viewer, id, fix, draft()).await,
            None => Err(err.into()),
        },
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    reason: String,
}

/// Approves or refuses an extension request (the assigner), back to the request's task.
async fn decide(state: &AppState, viewer: &Viewer, request: ExtensionId, approve: bool, reason: &str) -> PageResult {
    let (decided, _) = extensions::decide(&state.ctx, &viewer.actor(), request, approve, Some(reason)).await?;
    Ok(back(decided.task_id, if approve { "extension-approved" } else { "extension-refused" }))
}

pub async fn approve_extension(
    State(state): State<AppState>,
    viewer: Worker,
    Path((_, request)): Path<(TaskId, ExtensionId)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> PageResult {
    decide(&state, &viewer, request, true, &form.reason).await
}

pub async fn refuse_extension(
    State(state): State<AppState>,
    viewer: Worker,
    Path((_, request)): Path<(TaskId, ExtensionId)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> PageResult {
    decide(&state, &viewer, request, false, &form.reason).await
}

#[derive(Deserialize)]
pub struct RemindForm {
    #[serde(default)]
    message: String,
}

/// 催办: a reminder with a short message to the task's unit, at most one a day per sender (a
/// second is refused with 409 on the error page, saying why).
pub async fn remind(
    State(state): State<AppState>,
    viewer: Reminding,
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<RemindForm>,
) -> PageResult {
    reminders::remind_now(&state.ctx, &viewer.actor(), id, &form.message).await?;
    Ok(back(id, "reminded"))
}
