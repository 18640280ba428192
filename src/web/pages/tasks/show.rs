//! `GET /tasks/{id}`: the task with everything reported on it, and the forms this viewer may
//! use. What a form is shown for is what the services say this viewer may do now
//! (`tasks::possible`, `reminders::may_remind`); the forms post to [`super::actions`].

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::Serialize;

use super::{Lookup, TaskRow, more_than_shown, timing};
use crate::{
    domain::{
        format,
        ids::{DirectiveId, ExtensionId, FileId, TaskId, UnitId, UserId},
        lifecycle::{TaskAction, TaskStatus},
        next_step::{self, Blocked, Plan, Situation, Step},
        roles::Capability,
        vocabulary::{ExtensionStatus, ReportKind, ReviewOutcome, TaskRole},
    },
    services::{evidence, meetings, queries, records, reminders, tasks, units},
    web::{
        AppState,
        pages::{
            directives::PickerQuery,
            error::{PageError, PageResult},
            frame::{Reader, Viewer},
            unit_picker::UnitPicker,
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
    /// The rollup of its children's progress, for a task that was split.
    children_progress: Option<i32>,
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

#[derive(Serialize, Clone)]
struct FileView {
    id: FileId,
    name: String,
    size: String,
    /// Opens in place (an image or a PDF whose type was checked by its first bytes).
    inline: bool,
    /// Shown as a thumbnail in the report list.
    image: bool,
}

#[derive(Serialize, Clone)]
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

#[derive(Serialize, Clone)]
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

/// The lead task a cooperating task works with: linked when the viewer may read it.
#[derive(Serialize)]
struct LeadView {
    id: TaskId,
    unit: String,
    readable: bool,
}

/// One step the page offers, as its form partial (`partials/tasks/step`) reads it.
#[derive(Serialize)]
struct StepView {
    key: &'static str,
    label: String,
    /// The one primary button of the page.
    primary: bool,
    /// The form came back refused: its alert and what was written are in `draft`.
    refused: bool,
}

/// A step shown but not available yet, with why.
#[derive(Serialize)]
struct DisabledView {
    key: &'static str,
    label: String,
    reason: String,
}

/// What the page offers (`domain::next_step::plan`): the next step first, the others folded.
#[derive(Serialize)]
struct PlanView {
    primary: Option<StepView>,
    others: Vec<StepView>,
    disabled: Vec<DisabledView>,
    /// Nothing to do but read (a leader, a sibling, a closed task).
    any: bool,
    /// A refused form the page no longer offers (the task moved on since it was read): its
    /// refusal and what was written are shown on their own at the top.
    refused_elsewhere: bool,
    instruct: bool,
}

/// What a unit wrote in a form the services refused for a reason it can fix (a file type, a
/// percentage, open child tasks, a date): the form is shown first, with an alert naming the
/// field in the reader's language and every value kept.
#[derive(Serialize, Default)]
pub struct Draft {
    pub form: &'static str,
    pub text: String,
    pub progress: Option<i32>,
    pub deadline: String,
    /// The units ticked in the page's picker (a split, a reassignment).
    pub leads: Vec<UnitId>,
    pub cooperating: Vec<UnitId>,
    /// The field the refusal names, in the reader's words.
    pub field: String,
    pub reason: String,
    /// Files that were sent with the refused report and must be chosen again (those it could
    /// not keep).
    pub files_again: Vec<String>,
    pub files_lost: bool,
    /// The files kept for the resubmission, each ticked to attach it.
    pub kept: Vec<KeptFile>,
}

/// A file kept from a refused report, listed in the form shown again.
#[derive(Serialize)]
pub struct KeptFile {
    pub id: i64,
    pub name: String,
    pub size: String,
}

impl From<crate::services::pending::PendingFile> for KeptFile {
    fn from(f: crate::services::pending::PendingFile) -> Self {
        KeptFile { id: f.id, name: f.file_name, size: size(f.size_bytes) }
    }
}

/// A child task's latest completion report, for a parent whose children are all done.
#[derive(Serialize)]
struct ChildReport {
    id: TaskId,
    unit: String,
    status: String,
    body: String,
}

#[derive(Serialize)]
struct TaskPage {
    task: TaskView,
    directive: DirectiveView,
    parent: Option<TaskRow>,
    children: Vec<TaskRow>,
    reports_more: Option<String>,
    /// The latest report, shown open (none when it is the submission shown above).
    latest_report: Option<ReportView>,
    /// The reports before it, newest first, folded.
    earlier_reports: Vec<ReportView>,
    earlier_count: usize,
    loose_files: Vec<FileView>,
    extensions: Vec<ExtensionView>,
    instructions: Vec<InstructionView>,
    history: Vec<HistoryView>,
    plan: PlanView,
    /// The completion report the reviewer decides on, shown before Accept and Return.
    submission: Option<ReportView>,
    /// The returned completion report whose reason the unit reads beside its next step.
    returned: Option<ReportView>,
    /// The extension request waiting for the assigner's decision.
    pending_extension: Option<ExtensionView>,
    children_done: Option<String>,
    child_reports: Vec<ChildReport>,
    /// The completion text offered to a parent whose children are done: their reports.
    completion_text: String,
    /// The page's one unit picker, for its split or its reassignment form.
    picker: Option<UnitPicker>,
    /// The step whose form the picker belongs to (opened when the picker is).
    picker_step: Option<&'static str>,
    lead: Option<LeadView>,
    today: String,
    deadline_day: String,
    extension_min: String,
    max_files: usize,
    draft: Option<Draft>,
}
page!(TaskPage => "pages/tasks/show");

/// The task page; its address may carry the unit picker's filter (`units_q`).
pub async fn show(
    State(state): State<AppState>,
    viewer: Reader,
    Path(id): Path<TaskId>,
    Query(query): Query<PickerQuery>,
) -> PageResult {
    let view = task_page(&state, &viewer, id, None, query.units_q.as_deref().unwrap_or_default()).await?;
    viewer.render(&state, &view.task.title.clone(), &view)
}

/// The task page; with a `draft`, the refused form comes first, holding what was written and
/// why it was refused (422), so nothing typed is lost.
pub async fn render(state: &AppState, viewer: &Viewer, id: TaskId, draft: Option<Draft>) -> PageResult {
    let refused = draft.as_ref().map(|d| d.form);
    let mut view = task_page(state, viewer, id, draft.as_ref(), "").await?;
    view.draft = draft;
    let mut page = viewer.render(state, &view.task.title.clone(), &view)?;
    if refused.is_some() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// The words of a step's button and heading.
fn step_label(viewer: &Viewer, step: Step) -> String {
    viewer.t(match step {
        Step::Acknowledge => "officer-acknowledge",
        Step::Decline => "officer-decline",
        Step::Progress => "officer-report-progress",
        Step::Complete => "officer-report-completion",
        Step::Split => "officer-split",
        Step::Extension => "officer-request-extension",
        Step::DecideExtension => "task-decide-extension",
        Step::Accept => "officer-accept",
        Step::Return => "officer-return",
        Step::Reassign => "officer-reassign",
        Step::Remind => "officer-remind",
        Step::Cancel => "officer-cancel",
    })
}

fn blocked_reason(viewer: &Viewer, blocked: Blocked) -> String {
    match blocked {
        Blocked::OpenChildren { open } => viewer.t_with("task-blocked-open-children", &[("count", open.into())]),
        Blocked::DeadlinePassed => viewer.t("task-blocked-deadline-passed"),
        Blocked::ExtensionWaiting => viewer.t("task-blocked-extension-waiting"),
    }
}

/// The plan as the page shows it. A refused form (`refused`, a step's key) is shown first,
/// open, whatever the plan put first, so that its alert is the first thing read.
fn plan_view(viewer: &Viewer, plan: &Plan, refused: Option<&str>) -> PlanView {
    let mut steps: Vec<Step> = plan.steps().collect();
    if let Some(i) = refused.and_then(|key| steps.iter().position(|s| s.as_str() == key)) {
        let step = steps.remove(i);
        steps.insert(0, step);
    }
    let first_is_next =
        plan.primary.is_some() || refused.is_some_and(|k| steps.first().is_some_and(|s| s.as_str() == k));
    let view = |step: Step, primary: bool| StepView {
        key: step.as_str(),
        label: step_label(viewer, step),
        primary,
        refused: refused == Some(step.as_str()),
    };
    let mut steps = steps.into_iter();
    let primary = if first_is_next { steps.next().map(|s| view(s, true)) } else { None };
    let others: Vec<StepView> = steps.map(|s| view(s, false)).collect();
    let disabled = plan
        .disabled
        .iter()
        .map(|&(step, blocked)| DisabledView {
            key: step.as_str(),
            label: step_label(viewer, step),
            reason: blocked_reason(viewer, blocked),
        })
        .collect();
    let offered = primary.iter().chain(&others).any(|s| s.refused);
    PlanView {
        refused_elsewhere: refused.is_some() && !offered,
        any: primary.is_some() || !others.is_empty(),
        primary,
        others,
        disabled,
        instruct: viewer.role().may_instruct(),
    }
}

async fn task_page(
    state: &AppState,
    viewer: &Viewer,
    id: TaskId,
    draft: Option<&Draft>,
    units_q: &str,
) -> Result<TaskPage, PageError> {
    let refused = draft.map(|d| d.form);
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
    unit_ids.extend(detail.lead.iter().map(|l| l.unit_id));
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
    let file = |e: &records::Evidence| FileView {
        id: e.id,
        name: e.file_name.clone(),
        size: size(e.size_bytes),
        inline: evidence::shown_inline(&e.content_type),
        image: evidence::is_image(&e.content_type),
    };

    let reports: Vec<ReportView> = detail
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
    // The completion under review: the latest completion report, not yet reviewed.
    let under_review = detail
        .reports
        .iter()
        .rev()
        .position(|r| r.kind == ReportKind::Completion && r.review_outcome.is_none())
        .filter(|_| task.status == TaskStatus::Submitted);
    let extensions: Vec<ExtensionView> = detail
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
    let pending_extension = extensions.iter().find(|e| e.decide).cloned();
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
    // One picker for the page: the split's units (the assignee) or the reassignment's (the
    // assigner); a unit is never both of a task.
    let reassign = possible.can(TaskAction::Reassign);
    let picker = if possible.split || reassign {
        let units = units::assignable(ctx, &actor).await?;
        let (leads, cooperating) = draft.map(|d| (d.leads.clone(), d.cooperating.clone())).unwrap_or_default();
        (!units.is_empty()).then(|| {
            let form = if possible.split { "split-form" } else { "reassign-form" };
            let picker = UnitPicker::new(
                viewer,
                form.to_owned(),
                format!("/tasks/{}", task.id),
                None,
                units_q,
                &units,
                (&leads, &cooperating),
            )
            .opened(draft.is_some());
            if possible.split { picker } else { picker.single() }
        })
    } else {
        None
    };
    let today = ctx.today();
    let deadline_day = format::day_of(ctx.zone(), task.deadline);
    let f = &detail.facts;
    let open_children = detail.children.iter().filter(|c| c.task.status.is_open()).count() as u64;
    let situation = Situation {
        status: task.status,
        relation: tasks::relation_of(&actor, task.assignee_unit_id, task.assigner_unit_id),
        works: actor.may(Capability::Work),
        children: detail.children.len() as u64,
        open_children,
        before_deadline: ctx.now() <= task.deadline,
        extension_waiting: waiting,
        may_remind,
        units_below: picker.is_some(),
    };
    let plan = next_step::plan(&situation);
    let done = next_step::children_done(&situation);
    // A reviewer sees the submission at the top, before Accept; it is not repeated below.
    let under_review = under_review.filter(|_| plan.primary == Some(Step::Accept));
    let submission = under_review.map(|i| reports[i].clone());
    // A unit whose completion was returned reads why beside its next step; the returned
    // report itself folds with the earlier ones.
    let returned_report = detail
        .reports
        .iter()
        .rev()
        .position(|r| r.kind == ReportKind::Completion && r.review_outcome == Some(ReviewOutcome::Returned))
        .filter(|_| task.status == TaskStatus::Returned && plan.primary == Some(Step::Complete));
    let returned = returned_report.map(|i| reports[i].clone());
    // The report list: the latest open, unless it is the submission shown at the top; the
    // earlier ones folded, so that the page stays short on a phone.
    let mut reports = reports.into_iter().enumerate().filter(|(i, _)| Some(*i) != under_review).map(|(_, r)| r);
    let latest_report = if under_review == Some(0) || returned_report == Some(0) { None } else { reports.next() };
    let earlier_reports: Vec<ReportView> = reports.collect();
    // A parent whose children are done reports up: what each unit below reported, offered as
    // the start of its own completion report.
    let child_reports = if done && plan.steps().any(|s| s == Step::Complete) {
        child_reports(state, viewer, &lookup, &detail.children).await?
    } else {
        Vec::new()
    };
    let completion_text = child_reports
        .iter()
        .filter(|c| !c.body.is_empty())
        .map(|c| {
            viewer.t_with("task-child-report", &[("unit", c.unit.clone().into()), ("text", c.body.clone().into())])
        })
        .collect::<Vec<_>>()
        .join("\n");
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
            children_progress: next_step::children_progress(
                &detail.children.iter().map(|c| (c.task.status, c.task.progress)).collect::<Vec<_>>(),
            ),
            deadline: task.deadline.to_rfc3339(),
            original_deadline: (task.original_deadline != task.deadline).then(|| task.original_deadline.to_rfc3339()),
            ack_due_at: task.ack_due_at.to_rfc3339(),
            light: viewer.light_explained(f.light_reason),
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
        latest_report,
        earlier_count: earlier_reports.len(),
        earlier_reports,
        // Files not tied to a report (none today, but the store allows them).
        loose_files: detail.evidence.iter().filter(|e| e.report_id.is_none()).map(file).collect(),
        extensions,
        instructions,
        history,
        plan: plan_view(viewer, &plan, refused),
        submission,
        returned,
        pending_extension,
        children_done: done
            .then(|| viewer.t_with("task-children-done", &[("count", (detail.children.len() as u64).into())])),
        child_reports,
        completion_text,
        picker_step: picker.as_ref().map(|_| if possible.split { "split" } else { "reassign" }),
        picker,
        lead: detail.lead.as_ref().map(|l| LeadView { id: l.id, unit: unit(l.unit_id), readable: l.readable }),
        today: today.to_string(),
        deadline_day: deadline_day.to_string(),
        extension_min: (deadline_day + chrono::Duration::days(1)).to_string(),
        max_files: evidence::MAX_FILES,
        draft: None,
    })
}

/// Each closed child's latest completion report (the one accepted), for its parent's own.
async fn child_reports(
    state: &AppState,
    viewer: &Viewer,
    lookup: &Lookup,
    children: &[queries::TaskFacts],
) -> Result<Vec<ChildReport>, PageError> {
    let actor = viewer.actor();
    let mut out = Vec::new();
    for child in children {
        let task = &child.task;
        let reports = queries::reports(&state.ctx, &actor, task.id, 1, queries::DETAIL_REPORTS).await?;
        let body = reports
            .items
            .iter()
            .rev()
            .find(|r| r.kind == ReportKind::Completion)
            .map(|r| r.body.clone())
            .unwrap_or_default();
        out.push(ChildReport {
            id: task.id,
            unit: lookup.unit(viewer, task.assignee_unit_id),
            status: viewer.term("status", task.status.as_str()),
            body,
        });
    }
    Ok(out)
}

/// A file's size in KB or MB.
fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
