//! What users read about tasks: lists, one task in full, its history, and the inbox. Every
//! read goes through `access`, so nobody sees outside their unit's reach.

use crate::domain::message::Message;
use chrono::{DateTime, Utc};

use super::records;
use super::store::{self, tasks::AssignedWork};
use super::{Actor, Ctx, ServiceError, ServiceResult, access};
use crate::{
    domain::{
        calendar::WorkCalendar,
        ids::{FileId, TaskId, UnitId, UserId},
        lifecycle::TaskStatus,
        timing::{Light, LightReason},
    },
    services::records::{Evidence, Extension, Instruction, Report, Task, from_rows},
};

pub use crate::domain::listing::TaskFilter;

pub const MAX_PER_PAGE: u64 = 200;

pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// A search matched more than it ranks: `items` come from the newest `total` matches.
    pub capped: bool,
}

/// A task with what is derived from it at `now`.
#[derive(Debug, Clone)]
pub struct TaskFacts {
    pub task: Task,
    pub overdue: bool,
    pub on_time: bool,
    /// Due within the configured working days, still to be done (`TaskClock::is_due_soon`).
    pub due_soon: bool,
    pub light: Option<Light>,
    /// Why the light is what it is (`TaskClock::light_reason`): what a yellow light says.
    pub light_reason: Option<LightReason>,
    /// Working days to the deadline in the configured zone: 0 on the day, negative when late.
    pub days_left: i64,
    /// How many times it was reminded (催办), by anyone; filled in by `describe` and the
    /// other reads that show it.
    pub reminders: u64,
}

pub fn facts(ctx: &Ctx, calendar: &WorkCalendar, task: impl Into<Task>, now: DateTime<Utc>) -> TaskFacts {
    let task: Task = task.into();
    let clock = task.clock();
    let tz = ctx.config.time_zone;
    let light_reason = clock.light_reason(now, calendar, tz, ctx.config.due_soon_days);
    let light = light_reason.map(LightReason::light);
    let days_left = crate::domain::escalation::working_days_left(calendar, task.deadline, now, tz);
    TaskFacts {
        overdue: clock.is_overdue(now),
        on_time: clock.is_on_time(),
        due_soon: clock.is_due_soon(now, calendar, tz, ctx.config.due_soon_days),
        light,
        light_reason,
        days_left,
        reminders: 0,
        task,
    }
}

/// Tasks with what is derived from them now, against the loaded working-day calendar.
#[tracing::instrument(skip_all)]
pub async fn describe(ctx: &Ctx, tasks: Vec<Task>) -> ServiceResult<Vec<TaskFacts>> {
    let calendar = store::calendar::load(&ctx.reads).await?;
    let mut described = describe_with(ctx, &calendar, tasks);
    count_reminders(ctx, &mut [&mut described]).await?;
    Ok(described)
}

/// Sets how many times each task was reminded, in one query for them all.
/// How often each task of `lists` was reminded (催办), read in one query for all of them.
async fn count_reminders(ctx: &Ctx, lists: &mut [&mut [TaskFacts]]) -> ServiceResult<()> {
    let ids: Vec<TaskId> = lists.iter().flat_map(|list| list.iter().map(|f| f.task.id)).collect();
    let counts = super::reminders::counts(ctx, &ids).await?;
    for f in lists.iter_mut().flat_map(|list| list.iter_mut()) {
        f.reminders = counts.get(&f.task.id).copied().unwrap_or(0);
    }
    Ok(())
}

fn describe_with<T: Into<Task>>(ctx: &Ctx, calendar: &WorkCalendar, tasks: Vec<T>) -> Vec<TaskFacts> {
    let now = ctx.clock.now();
    tasks.into_iter().map(|t| facts(ctx, calendar, t, now)).collect()
}

/// The highest page number a list answers.
pub const MAX_PAGE: u64 = 10_000_000;

/// The first row of `page` (counting from 1), refusing pages no list can have.
pub fn offset_of(page: u64, per_page: u64) -> ServiceResult<u64> {
    if page == 0 || page > MAX_PAGE {
        return Err(ServiceError::invalid("page", Message::new("error-page").number("max", MAX_PAGE)));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ServiceError::invalid(
            "per_page",
            Message::new("error-between").number("min", 1).number("max", MAX_PER_PAGE),
        ));
    }
    // A page past the last is empty; the offset must still fit the database's signed integers.
    Ok((page - 1).saturating_mul(per_page).min(i64::MAX as u64))
}

/// One page of a list already in memory (meetings and directives: short lists, filtered by
/// visibility one by one).
pub fn page_of<T>(items: Vec<T>, page: u64, per_page: u64) -> ServiceResult<Page<T>> {
    let offset = offset_of(page, per_page)?;
    let total = items.len() as u64;
    let items = items.into_iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(per_page as usize).collect();
    Ok(Page { items, total, page, per_page, capped: false })
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, page))]
pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    filter: TaskFilter,
    page: u64,
    per_page: u64,
) -> ServiceResult<Page<TaskFacts>> {
    if let (Some(from), Some(to)) = (filter.deadline_from, filter.deadline_to)
        && from > to
    {
        // No deadline falls in an empty range.
        return Ok(Page { items: Vec::new(), total: 0, page, per_page, capped: false });
    }
    let offset = offset_of(page, per_page)?;
    let listed = store::tasks::list_visible(&ctx.reads, actor.unit_id, &filter, ctx.now(), offset, per_page).await?;
    let items = describe(ctx, records::from_rows(listed.rows)).await?;
    Ok(Page { items, total: listed.total, page, per_page, capped: listed.capped })
}

/// The most reports a task's detail carries: the latest, oldest first. `reports` pages
/// through them all.
pub const DETAIL_REPORTS: u64 = 100;

/// One task with everything reported on it (of its reports, the latest `DETAIL_REPORTS`).
pub struct TaskDetail {
    pub facts: TaskFacts,
    pub children: Vec<TaskFacts>,
    pub reports: Vec<Report>,
    /// How many reports the task has in all.
    pub reports_total: u64,
    pub evidence: Vec<Evidence>,
    pub extensions: Vec<Extension>,
    pub instructions: Vec<Instruction>,
    /// For a cooperating task of a directive given to several leads: the lead task it works
    /// with.
    pub lead: Option<LeadTask>,
}

/// The lead task a cooperating task works with: its unit always (the cooperating unit is told
/// whom it works with), the task itself when the viewer may read it.
pub struct LeadTask {
    pub id: TaskId,
    pub unit_id: UnitId,
    pub readable: bool,
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn detail(ctx: &Ctx, actor: &Actor, task_id: TaskId) -> ServiceResult<TaskDetail> {
    let db = &ctx.reads;
    let task = access::visible_task(db, actor, task_id).await?;
    let calendar = store::calendar::load(db).await?;
    // Instructions on the directive or on any task of the chain above reach everyone below,
    // within the writer's scope.
    let mut chain = vec![task.id];
    let mut parent = task.parent_id;
    while let Some(id) = parent {
        chain.push(id);
        parent = store::tasks::get(db, id).await?.parent_id;
    }
    let reports = store::reports::latest_for_task(db, task.id, DETAIL_REPORTS).await?;
    let reports_total = if (reports.len() as u64) < DETAIL_REPORTS {
        reports.len() as u64
    } else {
        store::reports::count_for_task(db, task.id).await?
    };
    let mut children = describe_with(ctx, &calendar, store::tasks::children(db, task.id).await?);
    let mut facts = [facts(ctx, &calendar, task.clone(), ctx.clock.now())];
    count_reminders(ctx, &mut [&mut children, &mut facts]).await?;
    let [facts] = facts;
    let lead = match task.lead_task_id {
        Some(id) => Some(LeadTask {
            id: TaskId(id),
            unit_id: UnitId(store::tasks::get(db, id).await?.assignee_unit_id),
            readable: access::can_see_task(db, actor, TaskId(id)).await?,
        }),
        None => None,
    };
    Ok(TaskDetail {
        lead,
        children,
        reports: from_rows(reports),
        reports_total,
        evidence: from_rows(store::evidence::for_task(db, task.id).await?),
        extensions: from_rows(store::extensions::for_task(db, task.id).await?),
        instructions: from_rows(
            super::instructions::reaching(db, &task, store::instructions::on(db, task.directive_id, &chain).await?)
                .await?,
        ),
        facts,
    })
}

/// A page of the task's reports, oldest first.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn reports(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    page: u64,
    per_page: u64,
) -> ServiceResult<Page<Report>> {
    let offset = offset_of(page, per_page)?;
    let task = access::visible_task(&ctx.reads, actor, task_id).await?;
    let total = store::reports::count_for_task(&ctx.reads, task.id).await?;
    let items = from_rows(store::reports::page_for_task(&ctx.reads, task.id, offset, per_page).await?);
    Ok(Page { items, total, page, per_page, capped: false })
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0))]
pub async fn history(ctx: &Ctx, actor: &Actor, task_id: TaskId) -> ServiceResult<Vec<records::AuditEvent>> {
    let task = access::visible_task(&ctx.reads, actor, task_id).await?;
    Ok(from_rows(store::audit::history(&ctx.reads, "task", task.id).await?))
}

/// The most tasks one section of the inbox lists, soonest deadline first. Its total counts
/// them all; the task list, filtered, holds the rest.
pub const INBOX_SECTION_MAX: usize = 100;

/// The unit's work, sorted into what needs doing: each section at most `INBOX_SECTION_MAX`
/// tasks, soonest deadline first, and how many it holds in all.
pub struct Inbox {
    pub to_acknowledge: Vec<TaskFacts>,
    pub due_soon: Vec<TaskFacts>,
    pub overdue: Vec<TaskFacts>,
    pub returned: Vec<TaskFacts>,
    pub awaiting_review: Vec<TaskFacts>,
    /// Tasks the unit assigned: an extension asked of it, declined (to reassign or cancel),
    /// overdue ("我交办的逾期任务", apart from its own overdue work).
    pub extension_requests: Vec<TaskFacts>,
    pub declined: Vec<TaskFacts>,
    pub assigned_overdue: Vec<TaskFacts>,
    pub totals: InboxTotals,
}

/// How many tasks each section of the inbox holds, listed or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxTotals {
    pub to_acknowledge: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub returned: u64,
    pub awaiting_review: u64,
    pub extension_requests: u64,
    pub declined: u64,
    pub assigned_overdue: u64,
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn inbox(ctx: &Ctx, actor: &Actor) -> ServiceResult<Inbox> {
    let db = &ctx.reads;
    let now = ctx.clock.now();
    let open = [
        TaskStatus::Assigned,
        TaskStatus::Acknowledged,
        TaskStatus::InProgress,
        TaskStatus::Returned,
        TaskStatus::Submitted,
    ];
    let calendar = store::calendar::load(db).await?;
    let tz = ctx.config.time_zone;
    let horizon = crate::domain::rollup::Horizon::at(now, &calendar, tz, ctx.config.due_soon_days);
    let mut mine = describe_with(ctx, &calendar, store::tasks::inbox_of(db, actor.unit_id, &open, &horizon).await?);
    count_reminders(ctx, &mut [&mut mine]).await?;
    let pick = |keep: &dyn Fn(&TaskFacts) -> bool| {
        let all: Vec<&TaskFacts> = mine.iter().filter(|f| keep(f)).collect();
        (all.iter().take(INBOX_SECTION_MAX).map(|f| (*f).clone()).collect::<Vec<_>>(), all.len() as u64)
    };
    let (to_acknowledge, to_acknowledge_total) = pick(&|f| f.task.status == TaskStatus::Assigned);
    let (due_soon, due_soon_total) = pick(&|f| f.due_soon);
    let (overdue, overdue_total) = pick(&|f| f.overdue);
    let (returned, returned_total) = pick(&|f| f.task.status == TaskStatus::Returned);
    let max = INBOX_SECTION_MAX as u64;
    let by_status = async |status: TaskStatus| -> ServiceResult<(Vec<TaskFacts>, u64)> {
        let tasks = store::tasks::assigned_by(db, actor.unit_id, &[status], max).await?;
        let total = if tasks.len() < INBOX_SECTION_MAX {
            tasks.len() as u64
        } else {
            store::tasks::count_assigned_by(db, actor.unit_id, &[status]).await?
        };
        Ok((describe_with(ctx, &calendar, tasks), total))
    };
    let (mut awaiting_review, awaiting_review_total) = by_status(TaskStatus::Submitted).await?;
    let (mut declined, declined_total) = by_status(TaskStatus::Declined).await?;
    let work = async |which: AssignedWork| -> ServiceResult<(Vec<TaskFacts>, u64)> {
        let tasks = store::tasks::assigned_work_of(db, actor.unit_id, which, max).await?;
        let total = if tasks.len() < INBOX_SECTION_MAX {
            tasks.len() as u64
        } else {
            store::tasks::count_assigned_work(db, actor.unit_id, which).await?
        };
        Ok((describe_with(ctx, &calendar, tasks), total))
    };
    let (mut extension_requests, extension_requests_total) = work(AssignedWork::ExtensionRequested).await?;
    let (mut assigned_overdue, assigned_overdue_total) = work(AssignedWork::Overdue(now)).await?;
    // The sections of tasks the unit assigned: their reminder counts in one query.
    count_reminders(ctx, &mut [&mut awaiting_review, &mut declined, &mut extension_requests, &mut assigned_overdue])
        .await?;
    Ok(Inbox {
        to_acknowledge,
        due_soon,
        overdue,
        returned,
        awaiting_review,
        extension_requests,
        declined,
        assigned_overdue,
        totals: InboxTotals {
            to_acknowledge: to_acknowledge_total,
            due_soon: due_soon_total,
            overdue: overdue_total,
            returned: returned_total,
            awaiting_review: awaiting_review_total,
            extension_requests: extension_requests_total,
            declined: declined_total,
            assigned_overdue: assigned_overdue_total,
        },
    })
}

/// The bytes of an evidence file as they come from the store.
pub type FileBytes = futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>;

/// An evidence file and its bytes (streamed from the store), if the actor may see its task. A
/// row whose blob is missing from the store is logged as an error and answered as not found.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, file = file_id.0))]
pub async fn evidence_file(ctx: &Ctx, actor: &Actor, file_id: FileId) -> ServiceResult<(records::Evidence, FileBytes)> {
    let file = store::evidence::get(&ctx.reads, file_id.0).await?;
    access::visible_task(&ctx.reads, actor, TaskId(file.task_id)).await.map_err(|_| ServiceError::NotFound("file"))?;
    let bytes = match store::evidence::read_blob(ctx.blobs(), &file.storage_path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::error!(
                file = file.id,
                sha256 = %file.sha256,
                store = ctx.blobs().url(),
                "evidence file {} is missing from the store; run duban storage verify",
                file.storage_path
            );
            return Err(ServiceError::NotFound("file"));
        }
        Err(e) => return Err(ServiceError::files("reading evidence")(e)),
    };
    Ok((file.into(), bytes))
}

/// The names a page shows beside the ids of units and people.
#[derive(Debug, Default)]
pub struct Names {
    pub units: std::collections::HashMap<UnitId, records::Unit>,
    pub people: std::collections::HashMap<UserId, String>,
}

/// The units and people named on what the actor already read (tasks, reports, history).
#[tracing::instrument(skip_all)]
pub async fn names(ctx: &Ctx, unit_ids: &[UnitId], user_ids: &[UserId]) -> ServiceResult<Names> {
    let mut units: Vec<i64> = unit_ids.iter().map(|id| id.0).collect();
    units.sort_unstable();
    units.dedup();
    let mut people: Vec<UserId> = user_ids.to_vec();
    people.sort_unstable();
    people.dedup();
    let mut names = Names::default();
    for unit in store::units::by_ids(&ctx.db, &units).await? {
        names.units.insert(UnitId(unit.id), unit.into());
    }
    for id in people {
        if let Ok(user) = store::users::get(&ctx.db, id.0).await {
            names.people.insert(id, user.display_name);
        }
    }
    Ok(names)
}
