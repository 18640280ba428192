//! `GET /tasks/{id}`: the task with everything reported on it, and the forms this viewer may
//! use. What a form is shown for is what the services say this viewer may do now
//! (`tasks::possible`, `reminders::may_remind`); the forms post to [`super::actions`].

use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::Serialize;

use super::{Lookup, TaskRow, more_than_shown, timing};
use crate::{
    domain::{
        format,
        ids::{DirectiveId, ExtensionId, FileId, TaskId, UnitId, UserId},
        lifecycle::TaskAction,
        vocabulary::{ExtensionStatus, TaskRole},
    },
    services::{evidence, meetings, queries, records, reminders, tasks, units},
    web::{
        AppState,
        pages::{
            error::{PageError, PageResult},
            frame::{Reader, Viewer},
            view::{InstructionView, LightView, page},
        },
    },
};

#[derive(Serialize)]
struct TaskView {
    id: TaskId,
    title: String,
    description: String,
    status: &'static str,
    status_label: String,
    role_label: String,
    lead: bool,
    progress: i32,
    deadline: String,
    original_deadline: Option<String>,
    ack_due_at: String,
    #[serde(flatten)]
    light: LightView,
    timing: String,
    version: i32,
    assignee: String,
    assigner: String,
    /// How many times it was reminded (催办), in words.
    reminders_label: String,
}

#[derive(Serialize)]
struct DirectiveView {
    id: DirectiveId,
    title: String,
    body: String,
    priority: String,
    deadline: String,
}

#[derive(Serialize)]
struct FileView {
    id: FileId,
    name: String,
    size: String,
}

#[derive(Serialize)]
struct ReportView {
    kind: String,
    progress: i32,
    body: String,
    unit: String,
    author: String,
    at: String,
    review: Option<String>,
    review_reason: Option<String>,
    files: Vec<FileView>,
}

#[derive(Serialize)]
struct ExtensionView {
    id: ExtensionId,
    requested: String,
    current: String,
    reason: String,
    status: String,
    decision: Option<String>,
    decide: bool,
}

#[derive(Serialize)]
struct HistoryView {
    at: String,
    who: String,
    unit: String,
    action: String,
    note: Option<String>,
}

#[derive(Serialize)]
struct UnitChoice {
    id: UnitId,
    name: String,
    level: String,
}

/// Which forms the page shows.
#[derive(Serialize)]
struct Forms {
    acknowledge: bool,
    decline: bool,
    progress: bool,
    complete: bool,
    accept: bool,
    #[serde(rename = "return")]
    return_: bool,
    cancel: bool,
    reassign: bool,
    split: bool,
    extension: bool,
    remind: bool,
    instruct: bool,
    any: bool,
}

/// What a unit wrote in a report the services refused for a reason it can fix (a file type,
/// a percentage, open child tasks): shown again in its form with the reason.
#[derive(Serialize)]
pub struct Draft {
    pub form: &'static str,
    pub text: String,
    pub progress: Option<i32>,
    pub reason: String,
}

#[derive(Serialize)]
struct TaskPage {
    task: TaskView,
    directive: DirectiveView,
    parent: Option<TaskRow>,
    children: Vec<TaskRow>,
    reports_more: Option<String>,
    reports: Vec<ReportView>,
    loose_files: Vec<FileView>,
    extensions: Vec<ExtensionView>,
    instructions: Vec<InstructionView>,
    history: Vec<HistoryView>,
    forms: Forms,
    units_below: Vec<UnitChoice>,
    today: String,
    deadline_day: String,
    extension_min: String,
    max_files: usize,
    draft: Option<Draft>,
}
page!(TaskPage => "pages/tasks/show");

/// The task page.
pub async fn show(State(state): State<AppState>, viewer: Reader, Path(id): Path<TaskId>) -> PageResult {
    render(&state, &viewer, id, None).await
}

/// The task page; with a `draft`, its report form holds what was written and why it was
/// refused (422), so nothing typed is lost.
pub async fn render(state: &AppState, viewer: &Viewer, id: TaskId, draft: Option<Draft>) -> PageResult {
    let refused = draft.is_some();
    let view = TaskPage { draft, ..task_page(state, viewer, id).await? };
    let mut page = viewer.render(state, &view.task.title.clone(), &view)?;
    if refused {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

async fn task_page(state: &AppState, viewer: &Viewer, id: TaskId) -> Result<TaskPage, PageError> {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let detail = queries::detail(ctx, &actor, id).await?;
    let history = queries::history(ctx, &actor, id).await?;
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
    let unit = |id: UnitId| lookup.unit(viewer, id);

    let waiting = detail.extensions.iter().any(|e| e.status == ExtensionStatus::Pending);
    let possible = tasks::possible(ctx, &actor, task, waiting);
    let may_remind = reminders::may_remind(&actor, task) && crate::domain::escalation::assignee_owes_work(task.status);
    let file = |e: &records::Evidence| FileView { id: e.id, name: e.file_name.clone(), size: size(e.size_bytes) };

    let reports = detail
        .reports
        .iter()
        .rev()
        .map(|r| ReportView {
            kind: viewer.term("officer-kind", r.kind.as_str()),
            progress: r.progress,
            body: r.body.clone(),
            unit: unit(r.unit_id),
            author: person(r.author_id),
            at: r.created_at.to_rfc3339(),
            review: r.review_outcome.map(|o| viewer.term("officer-review", o.as_str())),
            review_reason: r.review_reason.clone(),
            files: detail.evidence.iter().filter(|e| e.report_id == Some(r.id)).map(file).collect(),
        })
        .collect();
    let extensions = detail
        .extensions
        .iter()
        .rev()
        .map(|e| ExtensionView {
            id: e.id,
            requested: e.requested_deadline.to_rfc3339(),
            current: e.current_deadline.to_rfc3339(),
            reason: e.reason.clone(),
            status: viewer.term("officer-extension", e.status.as_str()),
            decision: e.decision_reason.clone(),
            decide: e.status == ExtensionStatus::Pending && possible.decide_extension,
        })
        .collect();
    let instructions = detail
        .instructions
        .iter()
        .map(|i| InstructionView {
            author: person(Some(i.author_id)),
            body: i.body.clone(),
            at: i.created_at.to_rfc3339(),
        })
        .collect();
    let history = history
        .iter()
        .rev()
        .map(|e| HistoryView {
            at: e.at.to_rfc3339(),
            who: person(e.actor_id),
            unit: e.actor_unit_id.map(unit).unwrap_or_default(),
            action: crate::web::pages::i18n::lookup(viewer.locale, &format!("officer-action-{}", e.action), &[])
                .unwrap_or_else(|| e.action.clone()),
            note: e.note.clone(),
        })
        .collect();
    let units_below: Vec<UnitChoice> = if possible.split || possible.can(TaskAction::Reassign) {
        units::assignable(ctx, &actor)
            .await?
            .iter()
            .map(|u| UnitChoice { id: u.id, name: viewer.unit_name(u), level: viewer.level(u.level) })
            .collect()
    } else {
        Vec::new()
    };
    let today = ctx.today();
    let deadline_day = format::day_of(ctx.zone(), task.deadline);
    let f = &detail.facts;
    let can = |a: TaskAction| possible.can(a);
    let forms = Forms {
        acknowledge: can(TaskAction::Acknowledge),
        decline: can(TaskAction::Decline),
        progress: can(TaskAction::Progress),
        complete: can(TaskAction::Complete),
        accept: can(TaskAction::Accept),
        return_: can(TaskAction::Return),
        cancel: can(TaskAction::Cancel),
        reassign: can(TaskAction::Reassign) && !units_below.is_empty(),
        split: possible.split && !units_below.is_empty(),
        extension: possible.request_extension,
        remind: may_remind,
        instruct: viewer.role().may_instruct(),
        any: !possible.actions.is_empty() || possible.split || possible.request_extension || may_remind,
    };
    Ok(TaskPage {
        task: TaskView {
            id: task.id,
            title: task.title.clone(),
            description: task.description.clone(),
            status: task.status.as_str(),
            status_label: viewer.term("status", task.status.as_str()),
            role_label: viewer.term("task-role", task.role.as_str()),
            lead: task.role == TaskRole::Lead,
            progress: task.progress,
            deadline: task.deadline.to_rfc3339(),
            original_deadline: (task.original_deadline != task.deadline).then(|| task.original_deadline.to_rfc3339()),
            ack_due_at: task.ack_due_at.to_rfc3339(),
            light: viewer.light(f.light),
            timing: timing(viewer, f),
            version: task.version,
            assignee: unit(task.assignee_unit_id),
            assigner: unit(task.assigner_unit_id),
            reminders_label: viewer.t_with("remind-count", &[("count", f.reminders.into())]),
        },
        directive: DirectiveView {
            id: directive.id,
            title: viewer.directive_title(&directive),
            body: directive.fields.body.clone(),
            priority: viewer.term("priority", directive.fields.priority.as_str()),
            deadline: directive.fields.deadline.to_rfc3339(),
        },
        parent: parent.as_ref().map(|p| TaskRow::new(viewer, &lookup, p)),
        children: TaskRow::all(viewer, &lookup, &detail.children),
        reports_more: more_than_shown(viewer, "officer-reports-more", detail.reports.len(), detail.reports_total),
        reports,
        // Files not tied to a report (none today, but the store allows them).
        loose_files: detail.evidence.iter().filter(|e| e.report_id.is_none()).map(file).collect(),
        extensions,
        instructions,
        history,
        forms,
        units_below,
        today: today.to_string(),
        deadline_day: deadline_day.to_string(),
        extension_min: (deadline_day + chrono::Duration::days(1)).to_string(),
        max_files: evidence::MAX_FILES,
        draft: None,
    })
}

/// A file's size in KB or MB.
fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
