//! Assigning, splitting and moving tasks through their lifecycle. Every change checks the
//! hierarchy and the lifecycle rules of `domain`, updates the task only at the version the
//! caller saw, and writes its audit event in the same transaction.

use crate::domain::message::Message;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, Set, TransactionTrait};
use serde::Serialize;

use super::records;
use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult, access};
use crate::{
    domain::{
        hierarchy,
        ids::{DirectiveId, ReportId, TaskId, UnitId},
        lifecycle::{self, Relation, TaskAction, TaskStatus},
        roles::Capability,
        rollup::{self, CountedTask},
        versions,
        vocabulary::{DirectiveStatus, ReportKind, ReviewOutcome, TaskRole},
    },
    entities::{tasks, units},
};

/// One unit to assign to, and whether it leads or cooperates.
#[derive(Debug, Clone, Copy)]
pub struct Assignee {
    pub unit_id: UnitId,
    pub role: TaskRole,
}

/// Where an assignee stands in a request that names several leads: the lead unit it cooperates
/// with (its task is linked to that lead's task), and the request field that named it, so a
/// refusal says which. The default: no lead named, the fields of a one-lead assignment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement {
    pub with_lead: Option<UnitId>,
    pub field: Option<&'static str>,
}

/// Where new tasks come from: a directive's own assignment by its issuing unit, or the split
/// of a task to units below its assignee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Directive(DirectiveId),
    Split { parent_task_id: TaskId },
}

/// Create tasks for several units in one go.
#[derive(Debug, Clone)]
pub struct AssignInput<'a> {
    pub origin: Origin,
    pub assignees: &'a [Assignee],
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub deadline: DateTime<Utc>,
    /// Working days to acknowledge.
    pub ack_within_days: i64,
    pub report_every_days: Option<i32>,
}

/// What the audit trail keeps of a task before and after a change.
#[derive(Debug, Serialize)]
pub struct TaskSnapshot {
    pub id: i64,
    pub status: TaskStatus,
    pub progress: i32,
    pub assignee_unit_id: i64,
    pub deadline: DateTime<Utc>,
    pub version: i32,
}

impl From<&tasks::Model> for TaskSnapshot {
    fn from(task: &tasks::Model) -> Self {
        TaskSnapshot {
            id: task.id,
            status: task.status,
            progress: task.progress,
            assignee_unit_id: task.assignee_unit_id,
            deadline: task.deadline,
            version: task.version,
        }
    }
}

/// The longest time to acknowledge a task that may be set.
pub const MAX_ACK_DAYS: i64 = 365;

/// The longest interval between progress reports that may be asked for.
pub const MAX_REPORT_EVERY_DAYS: i32 = 365;

/// The capability an action needs: the assignee's side of a task is work, the assigner's a
/// review.
fn capability_for(action: TaskAction) -> Capability {
    match action.actor() {
        Relation::Assigner => Capability::Review,
        Relation::Assignee | Relation::Other => Capability::Work,
    }
}

/// The unit `unit_id` names, when `assigner` may give it a new task: it exists, lies where
/// the hierarchy lets the assigner reach, and is active (a deactivated unit keeps the tasks it
/// has, but receives none).
async fn receiving_unit(
    conn: &impl ConnectionTrait,
    assigner: &units::Model,
    unit_id: UnitId,
) -> ServiceResult<units::Model> {
    let unit = match store::units::get(conn, unit_id.0).await {
        Ok(unit) => unit,
        Err(store::StoreError::NotFound(_)) => {
            return Err(ServiceError::conflicts(
                "assignee_unit_id",
                Message::new("error-no-unit").number("id", unit_id.0),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    let ancestors = store::units::ancestors(conn, unit.id).await?;
    hierarchy::check_assignment(&store::units::facts(assigner), &store::units::facts(&unit), &ancestors)?;
    if !unit.active {
        return Err(ServiceError::conflicts(
            "assignee_unit_id",
            Message::new("error-unit-deactivated-receives").text("unit", format!("{} ({})", unit.name_zh, unit.key)),
        ));
    }
    Ok(unit)
}

/// Assigns in its own transaction. Working days (the time to acknowledge) are counted in the
/// configured zone, so a task assigned at 07:00 in Beijing counts from that day.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, origin = ?input.origin))]
pub async fn assign(ctx: &Ctx, actor: &Actor, input: AssignInput<'_>) -> ServiceResult<Vec<records::Task>> {
    let txn = ctx.db.begin().await?;
    let created = assign_in(&txn, actor, input, ctx.now(), ctx.zone()).await?;
    txn.commit().await?;
    Ok(records::from_rows(created))
}

/// Assigns inside the caller's transaction.
pub async fn assign_in(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: AssignInput<'_>,
    now: DateTime<Utc>,
    tz: Tz,
) -> ServiceResult<Vec<tasks::Model>> {
    let placements = vec![Placement::default(); input.assignees.len()];
    assign_placed_in(conn, actor, input, &placements, now, tz).await
}

/// Moves a refusal about a unit to the request field that named it.
fn refusal_at(err: ServiceError, field: Option<&'static str>) -> ServiceError {
    match (err, field) {
        (ServiceError::ConflictsWith { field: "assignee_unit_id" | "assignees", reason }, Some(field)) => {
            ServiceError::ConflictsWith { field, reason }
        }
        (err, _) => err,
    }
}

/// Assigns inside the caller's transaction, each assignee placed as `placements` (one per
/// assignee, in order) says: a directive may name several leads, each with cooperating units
/// of its own. A cooperating unit's lead comes before it in `assignees`.
pub async fn assign_placed_in(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: AssignInput<'_>,
    placements: &[Placement],
    now: DateTime<Utc>,
    tz: Tz,
) -> ServiceResult<Vec<tasks::Model>> {
    actor.ensure(Capability::Work)?;
    if placements.len() != input.assignees.len() {
        return Err(ServiceError::invalid("assignees", Message::new("error-assignee-place")));
    }
    if input.assignees.is_empty() {
        return Err(ServiceError::conflicts("assignees", Message::new("error-name-a-unit")));
    }
    let leads = input.assignees.iter().filter(|a| a.role == TaskRole::Lead).count();
    let (assigner_unit_id, parent_deadline, parent, directive) = match input.origin {
        Origin::Directive(directive_id) => {
            // Held until the assignment commits: two assignments of one directive take turns, so
            // the second sees the leads the first named.
            let directive = store::directives::lock(conn, directive_id.0).await?;
            if directive.unit_id != actor.unit_id.0 || !actor.may(Capability::Issue) {
                return Err(ServiceError::Forbidden(Message::new("error-assign-issuer")));
            }
            // The first assignment names the leads: one, or several each leading its own task
            // ("各市各自牵头"); later ones only add cooperating units (a cancelled lead can be
            // replaced).
            let has_lead = store::tasks::has_active_lead(conn, directive.id).await?;
            match (has_lead, leads) {
                (false, 1..) | (true, 0) => {}
                (false, 0) => {
                    return Err(ServiceError::conflicts("assignees", Message::new("error-name-lead")));
                }
                (true, _) => {
                    return Err(ServiceError::conflicts("assignees", Message::new("error-leads-named")));
                }
            }
            if directive.status != DirectiveStatus::Issued {
                return Err(ServiceError::conflict("error-assign-after-issue"));
            }
            (directive.unit_id, directive.deadline, None, directive)
        }
        Origin::Split { parent_task_id } => {
            // A task the actor may not see is not found, whatever else is wrong with the split.
            access::visible_task(conn, actor, parent_task_id).await?;
            // Held until the split commits, so that the parent cannot be submitted or cancelled
            // beside it: whichever comes second sees the other's result.
            let parent = store::tasks::lock(conn, parent_task_id.0).await?;
            let directive = store::directives::get(conn, parent.directive_id).await?;
            if parent.assignee_unit_id != actor.unit_id.0 {
                return Err(ServiceError::Forbidden(Message::new("error-split-unit")));
            }
            if !parent.status.may_be_split() {
                return Err(ServiceError::Conflict(
                    Message::new("error-split-status").term("status", parent.status.as_str()),
                ));
            }
            (parent.assignee_unit_id, parent.deadline, Some(parent), directive)
        }
    };
    if !(1..=MAX_ACK_DAYS).contains(&input.ack_within_days) {
        return Err(ServiceError::invalid(
            "ack_within_days",
            Message::new("error-between-days").number("min", 1).number("max", MAX_ACK_DAYS),
        ));
    }
    if let Some(days) = input.report_every_days
        && !(1..=MAX_REPORT_EVERY_DAYS).contains(&days)
    {
        return Err(ServiceError::invalid(
            "report_every_days",
            Message::new("error-between-days").number("min", 1).number("max", MAX_REPORT_EVERY_DAYS),
        ));
    }
    // The time to acknowledge counts working days of the configured zone, from the day the task
    // is assigned there: a task assigned on Friday is due Monday, at the same time of day.
    let calendar = store::calendar::load(conn).await?;
    let local = now.with_timezone(&tz);
    let ack_day = calendar.add_working_days(local.date_naive(), input.ack_within_days as i32);
    let ack_due_at = (local + Duration::days((ack_day - local.date_naive()).num_days())).with_timezone(&Utc);
    super::check_deadline_ahead("deadline", input.deadline, now)?;
    if let Some(title) = input.title {
        super::check_single_line("title", title)?;
    }
    hierarchy::check_deadline(input.deadline, Some(parent_deadline))?;
    let assigner = store::units::get(conn, assigner_unit_id).await?;
    let mut seen = Vec::new();
    let mut created = Vec::with_capacity(input.assignees.len());
    let mut trail = Vec::with_capacity(input.assignees.len());
    for (assignee, placement) in input.assignees.iter().zip(placements) {
        if seen.contains(&assignee.unit_id) {
            return Err(refusal_at(
                ServiceError::conflicts("assignees", Message::new("error-unit-twice").number("id", assignee.unit_id.0)),
                placement.field,
            ));
        }
        seen.push(assignee.unit_id);
        let unit =
            receiving_unit(conn, &assigner, assignee.unit_id).await.map_err(|e| refusal_at(e, placement.field))?;
        let lead_task_id = match placement.with_lead {
            None => None,
            Some(lead) => Some(
                created
                    .iter()
                    .find(|t: &&tasks::Model| t.assignee_unit_id == lead.0 && t.role == TaskRole::Lead)
                    .map(|t| t.id)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            placement.field.unwrap_or("assignees"),
                            Message::new("error-not-a-lead").number("id", lead.0),
                        )
                    })?,
            ),
        };
        let title = input.title.unwrap_or(match &parent {
            Some(parent) => &parent.title,
            None => &directive.title_zh,
        });
        let description = input.description.unwrap_or(match &parent {
            Some(parent) => &parent.description,
            None => &directive.body,
        });
        let task = insert_task(
            conn,
            store::tasks::NewTask {
                directive_id: directive.id,
                parent_id: parent.as_ref().map(|p| p.id),
                assignee_unit_id: unit.id,
                assigner_unit_id,
                role: assignee.role,
                title,
                description,
                ack_due_at,
                report_every_days: input.report_every_days,
                deadline: input.deadline,
                created_by: Some(actor.user_id.0),
                lead_task_id,
            },
            now,
        )
        .await
        .map_err(|e| match e {
            // Another assignment named the lead first; the unique index held the rule.
            store::StoreError::Duplicate(_) => {
                refusal_at(ServiceError::conflicts("assignees", Message::new("error-leads-named")), placement.field)
            }
            other => other.into(),
        })?;
        trail.push(actor.entry("task", task.id, "assign").after(&TaskSnapshot::from(&task)));
        created.push(task);
    }
    // After every task and counter is written: the chain's head stays locked from here.
    store::audit::record_all(conn, trail, now).await?;
    Ok(created)
}

/// What the acting unit says with its action.
#[derive(Debug, Default)]
pub struct ActionInput {
    /// The task version the actor saw; a different current version refuses the action.
    pub version: i32,
    /// Progress and completion: the report text. Decline and return: the reason.
    pub text: Option<String>,
    /// Progress reports: 0–100.
    pub progress: Option<i32>,
    /// Reassign: the new assignee.
    pub new_assignee_unit_id: Option<UnitId>,
}

/// Applies one lifecycle action in its own transaction. A report with evidence files goes
/// through `reporting::report`, which receives the files first.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0, action = %action))]
pub async fn act(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    action: TaskAction,
    input: ActionInput,
) -> ServiceResult<records::Task> {
    let txn = ctx.db.begin().await?;
    let (task, _) = act_in_transaction(&txn, actor, task_id, action, input, ctx.now()).await?;
    txn.commit().await?;
    Ok(task.into())
}

/// Applies one lifecycle action inside the caller's transaction: locks the task, answers "not
/// found" to whoever may not see it, and applies the action; returns the task and the report
/// it wrote, if any. The inside of `act` and of a report with evidence, and what a use case
/// doing more than one thing at once calls (the demo seed replays a history).
pub async fn act_in_transaction(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    task_id: TaskId,
    action: TaskAction,
    input: ActionInput,
    now: DateTime<Utc>,
) -> ServiceResult<(tasks::Model, Option<ReportId>)> {
    // Held until the change commits: a split racing this action waits for it, and then sees it.
    let task = store::tasks::lock(conn, task_id.0).await?;
    // A stranger learns nothing: the task is not found before any other answer is given.
    if !access::can_see_task(conn, actor, task_id).await? {
        return Err(ServiceError::NotFound("task"));
    }
    apply(conn, actor, task, action, input, now).await
}

/// Whether the actor may take `action` on this task at all, before anything it sent is read:
/// its role may do such things, and its unit is the party the lifecycle names (the state and
/// the version are checked when the action is applied).
pub(super) fn ensure_party(actor: &Actor, task: &tasks::Model, action: TaskAction) -> ServiceResult<()> {
    actor.ensure(capability_for(action))?;
    let relation = relation_of(actor, UnitId(task.assignee_unit_id), UnitId(task.assigner_unit_id));
    lifecycle::check_party(action, relation)?;
    Ok(())
}

/// A cancelled task takes its open splits with it, each with its own audit event, so that no
/// open task is left hanging under a closed one (it would count as overdue forever). Each
/// child moves as its assigner's cancel would move it, through the lifecycle. Returns the
/// children's audit entries, for the caller to append after its last write.
async fn cancel_open_descendants(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    task_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<store::audit::Entry>> {
    let mut trail = Vec::new();
    let mut stack = vec![task_id];
    while let Some(parent) = stack.pop() {
        for child in store::tasks::children(conn, parent).await? {
            stack.push(child.id);
            // Held, and decided on as it is now.
            let child = store::tasks::lock(conn, child.id).await?;
            let Ok(next) = lifecycle::transition(child.status, TaskAction::Cancel, Relation::Assigner) else {
                // Closed already: nothing to cancel.
                continue;
            };
            let changes = tasks::ActiveModel { status: Set(next), closed_at: Set(Some(now)), ..Default::default() };
            let updated = write_task(conn, &child, changes, now).await?;
            let entry = actor
                .entry("task", child.id, TaskAction::Cancel.as_str())
                .before(&TaskSnapshot::from(&child))
                .after(&TaskSnapshot::from(&updated))
                .note(Some("cancelled with the task it was split from"));
            trail.push(entry);
        }
    }
    Ok(trail)
}

/// Applies the action to the task, which the caller read with `store::tasks::lock` in this
/// transaction, and returns the task and the id of the report it wrote, if any.
async fn apply(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    task: tasks::Model,
    action: TaskAction,
    input: ActionInput,
    now: DateTime<Utc>,
) -> ServiceResult<(tasks::Model, Option<ReportId>)> {
    actor.ensure(capability_for(action))?;
    let relation = relation_of(actor, UnitId(task.assignee_unit_id), UnitId(task.assigner_unit_id));
    versions::check("task", input.version, task.version)?;
    let next = lifecycle::transition(task.status, action, relation)?;
    let text = input.text.as_deref().map(str::trim).filter(|t| !t.is_empty());

    let mut changes = tasks::ActiveModel { status: Set(next), ..Default::default() };
    let mut report = None;
    let mut review = None;
    match action {
        TaskAction::Acknowledge => changes.acknowledged_at = Set(Some(now)),
        TaskAction::Decline | TaskAction::Return => {
            let reason = text.ok_or_else(|| ServiceError::invalid("reason", Message::new("error-reason-required")))?;
            if action == TaskAction::Return {
                review = Some((ReviewOutcome::Returned, Some(reason.to_owned())));
            }
        }
        TaskAction::Progress => {
            let progress = input
                .progress
                .ok_or_else(|| ServiceError::invalid("progress", Message::new("error-progress-required")))?;
            if !(0..=100).contains(&progress) {
                return Err(ServiceError::invalid(
                    "progress",
                    Message::new("error-progress-range").number("value", progress),
                ));
            }
            let body = text.ok_or_else(|| ServiceError::invalid("text", Message::new("error-describe-progress")))?;
            changes.progress = Set(progress);
            changes.last_report_at = Set(Some(now));
            report = Some((ReportKind::Progress, progress, body.to_owned()));
        }
        TaskAction::Complete => {
            let open = store::tasks::count_open_children(conn, task.id).await?;
            lifecycle::check_children_closed(open)?;
            let body = text.ok_or_else(|| ServiceError::invalid("text", Message::new("error-describe-completion")))?;
            changes.progress = Set(100);
            changes.submitted_at = Set(Some(now));
            changes.last_report_at = Set(Some(now));
            report = Some((ReportKind::Completion, 100, body.to_owned()));
        }
        TaskAction::Accept => {
            changes.completed_at = Set(Some(now));
            changes.closed_at = Set(Some(now));
            review = Some((ReviewOutcome::Accepted, text.map(str::to_owned)));
        }
        TaskAction::Reassign => {
            let unit_id = input
                .new_assignee_unit_id
                .ok_or_else(|| ServiceError::invalid("assignee_unit_id", Message::new("error-reassign-unit")))?;
            let assigner = store::units::get(conn, task.assigner_unit_id).await?;
            let unit = receiving_unit(conn, &assigner, unit_id).await?;
            changes.assignee_unit_id = Set(unit.id);
            changes.acknowledged_at = Set(None);
        }
        TaskAction::Cancel => changes.closed_at = Set(Some(now)),
    }

    let updated = write_task(conn, &task, changes, now).await?;
    let mut trail = Vec::new();
    if action == TaskAction::Cancel {
        trail = cancel_open_descendants(conn, actor, task.id, now).await?;
    }
    let mut report_id = None;
    if let Some((kind, progress, body)) = report {
        let report = store::reports::insert(
            conn,
            store::reports::NewReport {
                task_id: task.id,
                kind,
                progress,
                body: &body,
                unit_id: actor.unit_id.0,
                author_id: Some(actor.user_id.0),
            },
            now,
        )
        .await?;
        report_id = Some(ReportId(report.id));
    }
    if let Some((outcome, reason)) = &review {
        store::reports::review_latest_completion(conn, task.id, *outcome, reason.as_deref(), actor.user_id.0, now)
            .await?;
    }
    let entry = actor
        .entry("task", task.id, action.as_str())
        .before(&TaskSnapshot::from(&task))
        .after(&TaskSnapshot::from(&updated))
        .note(text);
    // Last, after every row is written: the children's events, then the task's own.
    trail.push(entry);
    store::audit::record_all(conn, trail, now).await?;
    Ok((updated, report_id))
}

/// What the rollups read of a task row.
fn counted(task: &tasks::Model) -> CountedTask {
    CountedTask {
        assignee: UnitId(task.assignee_unit_id),
        directive: DirectiveId(task.directive_id),
        top_assigner: UnitId(task.root_assigner_unit_id),
        status: task.status,
        deadline: task.deadline,
        submitted_at: task.submitted_at,
        created_at: task.created_at,
        acknowledged_at: task.acknowledged_at,
        last_report_at: task.last_report_at,
        report_every_days: task.report_every_days,
    }
}

/// Inserts a task and counts it in the rollups, in the caller's transaction. With
/// `write_task`, the only way a task is written.
pub(super) async fn insert_task(
    conn: &impl ConnectionTrait,
    new: store::tasks::NewTask<'_>,
    now: DateTime<Utc>,
) -> Result<tasks::Model, store::StoreError> {
    let task = store::tasks::insert(conn, new, now).await?;
    store::rollups::apply(conn, &rollup::change(None, &counted(&task))).await?;
    Ok(task)
}

/// Writes `changes` over the task the caller holds (`store::tasks::lock`) and moves it in the
/// rollups as the domain says the change does, in the caller's transaction.
pub(super) async fn write_task(
    conn: &impl ConnectionTrait,
    before: &tasks::Model,
    changes: tasks::ActiveModel,
    now: DateTime<Utc>,
) -> ServiceResult<tasks::Model> {
    let after = store::tasks::update_locked(conn, before, changes, now).await?;
    store::rollups::apply(conn, &rollup::change(Some(&counted(before)), &counted(&after))).await?;
    Ok(after)
}

/// How the actor's unit stands to a task: the unit it is assigned to, the unit that assigned
/// it, or neither.
pub fn relation_of(actor: &Actor, assignee_unit_id: UnitId, assigner_unit_id: UnitId) -> Relation {
    if actor.unit_id == assignee_unit_id {
        Relation::Assignee
    } else if actor.unit_id == assigner_unit_id {
        Relation::Assigner
    } else {
        Relation::Other
    }
}

/// What the actor may do to a task now, as the lifecycle and the services decide it: the
/// forms a page offers. The services check again when the form comes back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Possible {
    /// Lifecycle actions the lifecycle allows this party in this state.
    pub actions: Vec<TaskAction>,
    /// Split to units below (the assignee, once acknowledged and until submitted).
    pub split: bool,
    /// Ask for a later deadline (the assignee, before the deadline, none waiting).
    pub request_extension: bool,
    /// Approve or refuse a waiting extension request (the assigner).
    pub decide_extension: bool,
}

impl Possible {
    pub fn can(&self, action: TaskAction) -> bool {
        self.actions.contains(&action)
    }
}

pub fn possible(ctx: &Ctx, actor: &Actor, task: &records::Task, extension_waiting: bool) -> Possible {
    if !actor.may(Capability::Work) {
        return Possible::default();
    }
    let now = ctx.now();
    let relation = relation_of(actor, task.assignee_unit_id, task.assigner_unit_id);
    let actions =
        TaskAction::ALL.iter().copied().filter(|a| lifecycle::transition(task.status, *a, relation).is_ok()).collect();
    Possible {
        actions,
        split: relation == Relation::Assignee && task.status.may_be_split(),
        request_extension: relation == Relation::Assignee
            && task.status.is_open()
            && now <= task.deadline
            && !extension_waiting,
        decide_extension: relation == Relation::Assigner && extension_waiting,
    }
}
