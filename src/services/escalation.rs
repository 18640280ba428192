//! The escalation sweep: plans what is due for every task that still owes work, resolves each
//! audience to people with an e-mail address, renders the messages and writes them into the
//! outbox, one transaction per page of tasks. Every row has a key of task, step and recipient,
//! so a second sweep over the same facts writes nothing.

use std::collections::{HashMap, HashSet};

use sea_orm::TransactionTrait;
use serde_json::json;

use super::store::{
    self,
    notifications::{CHANGES_CURSOR, NewNotification},
};
use super::{Actor, Ctx, ServiceError, ServiceResult, access, bulletins, bundles, digests, notify, rollups};
use crate::domain::roles::Capability;
use crate::{
    domain::{
        bulletin,
        escalation::{self, Step, TaskFacts},
        ids::UnitId,
        lifecycle::TaskStatus,
        vocabulary::{Audience, Channel, ExtensionStatus, Priority},
    },
    entities::{audit_events, directives, tasks},
};

/// How many tasks are planned, and their messages written, per transaction.
const PAGE: u64 = 500;

/// What one sweep did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Tasks that still owe work and were planned.
    pub tasks: usize,
    /// Messages due (one per recipient), whether new or already in the outbox.
    pub due: usize,
    /// Messages written into the outbox by this sweep.
    pub enqueued: u64,
    /// People an audience named who have no e-mail address: skipped.
    pub without_email: usize,
    /// Changes read from the audit trail (assignments, returns, extension decisions,
    /// instructions), and the messages they added to `enqueued`.
    pub changes: usize,
    /// Tasks counted into the recipients' daily digests (once per task and recipient), and the
    /// digests written (also in `enqueued`).
    pub digested: usize,
    pub digests: u64,
    /// Bundles of reminders written (also in `enqueued`), the reminders they tell (not in
    /// `enqueued`: never sent alone), and reminders left for a later bundle.
    pub bundles: u64,
    pub bundled: u64,
    pub waiting: u64,
}

/// The facts planning reads from a task row.
pub fn facts(task: &tasks::Model) -> TaskFacts {
    TaskFacts {
        id: task.id,
        status: task.status,
        created_at: task.created_at,
        deadline: task.deadline,
        ack_due_at: task.ack_due_at,
        acknowledged_at: task.acknowledged_at,
        report_every_days: task.report_every_days,
        last_report_at: task.last_report_at,
    }
}

/// An escalation policy with its ladder, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub id: i64,
    pub name: String,
    /// The directive priority it serves; `None`: every priority without a policy of its own.
    pub priority: Option<Priority>,
    pub active: bool,
    /// Its steps in ladder order.
    pub steps: Vec<Step>,
}

/// Every escalation policy and its steps (admins).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn policies(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<Policy>> {
    actor.ensure(Capability::Admin)?;
    Ok(store::escalation::policies_with_ladders(&ctx.db)
        .await?
        .into_iter()
        .map(|(policy, steps)| Policy {
            id: policy.id,
            name: policy.name,
            priority: policy.priority,
            active: policy.active,
            steps,
        })
        .collect())
}

/// Adds a rung to a policy's ladder (the root's administrator: the ladders are everyone's): `offset_days` working days from the deadline,
/// written to `audience` with the e-mail `template`. The next sweep plans with it.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn add_step(
    ctx: &Ctx,
    actor: &Actor,
    policy_id: i64,
    offset_days: i32,
    audience: Audience,
    template: &str,
) -> ServiceResult<Step> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let template = template.trim();
    escalation::check_step(offset_days, template).map_err(|(field, reason)| ServiceError::invalid(field, reason))?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    store::escalation::get_policy(&txn, policy_id).await?;
    let step = store::escalation::insert_step(&txn, policy_id, offset_days, audience, template, now).await?;
    let entry = actor.entry("escalation_step", step.id, "create").after(&json!({
        "policy_id": policy_id, "offset_days": offset_days, "audience": audience, "template": template,
    }));
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(Step { id: step.id, offset_days, audience, template: step.template })
}

/// Removes a rung from its ladder (the root's administrator). A ladder keeps at least one step: to stop
/// escalating a priority, another step is added first.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn remove_step(ctx: &Ctx, actor: &Actor, step_id: i64) -> ServiceResult<()> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let step = store::escalation::get_step(&txn, step_id).await?;
    if store::escalation::count_steps(&txn, step.policy_id).await? <= 1 {
        return Err(ServiceError::conflict("error-ladder-last-step"));
    }
    store::escalation::delete_step(&txn, &step, now).await?;
    let entry = actor.entry("escalation_step", step.id, "delete").before(&json!({
        "policy_id": step.policy_id, "offset_days": step.offset_days, "audience": step.audience, "template": step.template,
    }));
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(())
}

/// One sweep at the clock's now.
#[tracing::instrument(skip_all)]
pub async fn sweep(ctx: &Ctx) -> ServiceResult<SweepReport> {
    let now = ctx.clock.now();
    let db = &ctx.db;
    let calendar = store::calendar::load(db).await?;
    let ladders = store::escalation::ladders(db).await?;
    let fallback: Vec<Step> = ladders.iter().find(|(p, _)| p.is_none()).map(|(_, s)| s.clone()).unwrap_or_default();
    let by_priority: HashMap<Priority, Vec<Step>> =
        ladders.into_iter().filter_map(|(p, steps)| p.map(|p| (p, steps))).collect();
    let directory = notify::Directory::load(db).await?;
    let render = notify::Facts::at(ctx, &directory, &calendar, now);
    let horizon = escalation::horizon(
        by_priority.values().chain(std::iter::once(&fallback)).flatten(),
        &calendar,
        ctx.config.time_zone,
        now,
    );
    let mut report = SweepReport::default();
    let mut digests = digests::Gathered::new(ctx);
    let mut reminders = bundles::Gathered::load(ctx, now).await?;
    let mut seen = HashSet::new();
    let digest_day = calendar.is_working_day(now.with_timezone(&ctx.config.time_zone).date_naive());
    let mut after = 0;
    loop {
        // Between pages, let the requests waiting on this runtime go first.
        tokio::task::yield_now().await;
        let page = store::escalation::tasks_owing_work(db, after, PAGE, horizon, now).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        report.tasks += page.len();
        let mut directive_ids: Vec<i64> = page.iter().map(|t| t.directive_id).collect();
        directive_ids.sort_unstable();
        directive_ids.dedup();
        let directives: HashMap<i64, _> =
            store::escalation::directives(db, &directive_ids).await?.into_iter().map(|d| (d.id, d)).collect();

        // Plan and resolve first; render only what the outbox does not hold yet.
        let mut candidates = Vec::new();
        for task in &page {
            let Some(directive) = directives.get(&task.directive_id) else { continue };
            let steps = by_priority.get(&directive.priority).unwrap_or(&fallback);
            for due in escalation::plan(&facts(task), steps, &calendar, ctx.config.time_zone, now) {
                let resolved = directory.resolve(due.audience, task, directive);
                report.without_email += resolved.without_email;
                if ctx.config.digest_audiences.contains(&due.audience) {
                    // Above the unit that owes the work: counted into a digest, written on
                    // working days only.
                    if !digest_day {
                        continue;
                    }
                    for target in resolved.targets {
                        report.digested += digests.add(target, task, &render);
                    }
                    continue;
                }
                for target in resolved.targets {
                    let key = due.dedup_key(&target.recipient);
                    candidates.push((task, directive, due.clone(), target, key));
                }
            }
        }
        report.due += candidates.len();
        if candidates.is_empty() {
            continue;
        }
        let keys: Vec<String> = candidates.iter().map(|c| c.4.clone()).collect();
        let existing: HashSet<String> = store::notifications::existing_keys(db, &keys).await?.into_iter().collect();
        for (task, directive, due, target, key) in candidates {
            if existing.contains(&key) || !seen.insert(key.clone()) {
                continue;
            }
            let candidate = bundles::Candidate { task: task.clone(), directive: directive.clone(), due, target, key };
            reminders.add(candidate, &render);
        }
    }
    let written = reminders.write(ctx, &render).await?;
    report.enqueued += written.apart + written.bundles;
    (report.bundles, report.bundled, report.waiting) = (written.bundles, written.bundled, written.waiting);
    report.digests = digests::write(ctx, &directory, &render, digests).await?;
    report.enqueued += report.digests;
    changes(ctx, &directory, &render, &mut report).await?;
    if report.enqueued > 0 || report.without_email > 0 {
        tracing::info!(
            tasks = report.tasks,
            enqueued = report.enqueued,
            digests = report.digests,
            bundles = report.bundles,
            bundled = report.bundled,
            without_email = report.without_email,
            "escalation sweep"
        );
    }
    Ok(report)
}

/// The task actions in the audit trail that owe the assignee unit a message.
const CHANGE_ACTIONS: &[&str] = &[
    "assign",
    "return",
    "approve_extension",
    "refuse_extension",
    "instruct",
    "complete",
    "request_extension",
    "decline",
];

/// Events this far below the cursor are read again on every sweep: on PostgreSQL an event can
/// commit after one with a higher id was read. Their keys make the second reading write nothing.
const RESCAN: i64 = 100;

/// One message a change owes: about `task`, with `template`, to `target`.
struct Owed {
    task: tasks::Model,
    directive: directives::Model,
    template: &'static str,
    target: notify::Target,
    key: String,
    extra: serde_json::Value,
}

/// Turns the changes in the audit trail since the last sweep into messages: a task assigned
/// to your unit, a completion returned (with the reason), an extension approved or refused, a
/// leader's instruction on a task or on a whole directive. The audit event is written in the
/// same transaction as the change, so a committed change always gets its messages; the cursor
/// moves in the same transaction as the messages it read.
async fn changes(
    ctx: &Ctx,
    directory: &notify::Directory,
    render: &notify::Facts<'_>,
    report: &mut SweepReport,
) -> ServiceResult<()> {
    let db = &ctx.db;
    let now = render.now;
    let Some((cursor, floor)) = store::notifications::cursor(db, CHANGES_CURSOR).await? else {
        // A database from before this reader: start from here, not from its whole history.
        let latest = store::notifications::latest_audit_id(db).await?;
        store::notifications::start_cursor(db, CHANGES_CURSOR, latest, now).await?;
        return Ok(());
    };
    let mut after = (cursor - RESCAN).max(floor);
    loop {
        let events = store::notifications::changes_after(db, after, CHANGE_ACTIONS, PAGE).await?;
        let Some(last) = events.last() else { break };
        after = last.id;
        let mut owed = Vec::new();
        for event in &events {
            if event.id > cursor {
                report.changes += 1;
            }
            owed_for(db, directory, event, &mut owed, report).await?;
        }
        let keys: Vec<String> = owed.iter().map(|o| o.key.clone()).collect();
        let existing: HashSet<String> = store::notifications::existing_keys(db, &keys).await?.into_iter().collect();
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        for o in owed {
            if existing.contains(&o.key) || !seen.insert(o.key.clone()) {
                continue;
            }
            let rendered = render.render(o.template, &o.target, &o.task, &o.directive, &o.extra)?;
            rows.push(o.target.row(o.key, (Some(o.task.id), None), o.template.to_owned(), rendered));
        }
        let txn = db.begin().await?;
        report.enqueued += store::notifications::insert_new(&txn, rows, now).await?;
        store::notifications::advance_cursor(&txn, CHANGES_CURSOR, after.max(cursor), now).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// The messages one audit event owes.
async fn owed_for(
    db: &sea_orm::DatabaseConnection,
    directory: &notify::Directory,
    event: &audit_events::Model,
    owed: &mut Vec<Owed>,
    report: &mut SweepReport,
) -> ServiceResult<()> {
    let note = event.note.clone().unwrap_or_default();
    let (template, audiences, extra, tasks): (&'static str, &[Audience], serde_json::Value, Vec<tasks::Model>) =
        match (event.entity.as_str(), event.action.as_str()) {
            ("task", "assign") => {
                ("assigned", &[Audience::AssigneeUnit], json!({}), vec![task(db, event.entity_id).await?])
            }
            ("task", "return") => (
                "returned",
                &[Audience::AssigneeUnit],
                json!({ "reason": note }),
                vec![task(db, event.entity_id).await?],
            ),
            // Work that comes back up: the assigning unit's officers are told, while it still
            // waits for them (a completion already reviewed, a request already decided, a
            // task already reassigned owes nothing).
            ("task", "complete") => (
                "submitted",
                &[Audience::AssignerUnit],
                json!({ "reason": note }),
                still(task(db, event.entity_id).await?, |t| t.status == TaskStatus::Submitted),
            ),
            ("task", "request_extension") => {
                let task = task(db, event.entity_id).await?;
                let pending = store::extensions::for_task(db, task.id)
                    .await?
                    .iter()
                    .any(|e| e.status == ExtensionStatus::Pending);
                ("extension_requested", &[Audience::AssignerUnit], json!({ "reason": note }), still(task, |_| pending))
            }
            ("task", "decline") => (
                "declined",
                &[Audience::AssignerUnit],
                json!({ "reason": note }),
                still(task(db, event.entity_id).await?, |t| t.status == TaskStatus::Declined),
            ),
            ("task", action @ ("approve_extension" | "refuse_extension")) => (
                "extension_decided",
                &[Audience::AssigneeUnit],
                json!({ "reason": note, "approved": action == "approve_extension" }),
                vec![task(db, event.entity_id).await?],
            ),
            // Everyone below who may see it: the task's unit, and the units holding the open
            // tasks split from it, however far down, within the writer's scope.
            ("task", "instruct") => (
                "instruction",
                &[Audience::AssigneeUnit, Audience::AssigneeHead],
                json!({ "reason": note, "author": author(db, event.actor_id).await? }),
                within_reach(db, event, with_open_splits(db, task(db, event.entity_id).await?).await?).await?,
            ),
            ("instruction", "create") => {
                // An instruction on one task is told by its "instruct" event; one on a whole
                // directive goes to every unit that holds an open task of it.
                let after: serde_json::Value =
                    event.after.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
                let (Some(directive_id), None) = (after["directive_id"].as_i64(), after["task_id"].as_i64()) else {
                    return Ok(());
                };
                (
                    "instruction",
                    &[Audience::AssigneeUnit, Audience::AssigneeHead],
                    json!({ "reason": note, "author": author(db, event.actor_id).await? }),
                    within_reach(db, event, store::escalation::open_tasks_of_directive(db, directive_id).await?)
                        .await?,
                )
            }
            _ => return Ok(()),
        };
    for task in tasks {
        let directive = store::directives::get(db, task.directive_id).await?;
        for audience in audiences {
            let resolved = directory.resolve(*audience, &task, &directive);
            report.without_email += resolved.without_email;
            for target in resolved.targets {
                let key = escalation::change_key(event.id, &target.recipient);
                owed.push(Owed {
                    task: task.clone(),
                    directive: directive.clone(),
                    template,
                    target,
                    key,
                    extra: extra.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The task, when it still stands as the event left it.
fn still(task: tasks::Model, waits: impl Fn(&tasks::Model) -> bool) -> Vec<tasks::Model> {
    if waits(&task) { vec![task] } else { Vec::new() }
}

/// Of these tasks (of one directive), those an instruction written by the event's unit reaches
/// (`instructions::reach`): none when the event names no unit.
async fn within_reach(
    db: &sea_orm::DatabaseConnection,
    event: &audit_events::Model,
    tasks: Vec<tasks::Model>,
) -> ServiceResult<Vec<tasks::Model>> {
    let (Some(unit), Some(first)) = (event.actor_unit_id, tasks.first()) else { return Ok(Vec::new()) };
    let reached = super::instructions::reach(db, UnitId(unit), first.directive_id).await?;
    Ok(tasks.into_iter().filter(|t| reached.contains(&t.id)).collect())
}

/// `task` and every open task split from it, at any depth, parents before children.
async fn with_open_splits(db: &sea_orm::DatabaseConnection, task: tasks::Model) -> ServiceResult<Vec<tasks::Model>> {
    let mut all = vec![task];
    let mut next = 0;
    while next < all.len() {
        let children = store::tasks::children(db, all[next].id).await?;
        all.extend(children.into_iter().filter(|c| c.status.is_open()));
        next += 1;
    }
    Ok(all)
}

async fn task(db: &sea_orm::DatabaseConnection, id: i64) -> ServiceResult<tasks::Model> {
    Ok(store::tasks::get(db, id).await?)
}

/// The display name of the person who made a change.
async fn author(db: &sea_orm::DatabaseConnection, actor_id: Option<i64>) -> ServiceResult<String> {
    Ok(match actor_id {
        Some(id) => store::users::get(db, id).await?.display_name,
        None => String::new(),
    })
}

/// This week's bulletin (通报) to every leader whose unit has units below it, from the week's
/// first working day on: each child unit with the tasks of its subtree, ranked by completion.
/// One per leader and week, whenever in the week it first runs. Returns how many it wrote.
#[tracing::instrument(skip_all)]
pub async fn weekly_bulletins(ctx: &Ctx) -> ServiceResult<u64> {
    let now = ctx.clock.now();
    let calendar = store::calendar::load(&ctx.db).await?;
    let directory = notify::Directory::load(&ctx.db).await?;
    let render = notify::Facts::at(ctx, &directory, &calendar, now);
    bulletins(ctx, &directory, &render).await
}

async fn bulletins(ctx: &Ctx, directory: &notify::Directory, render: &notify::Facts<'_>) -> ServiceResult<u64> {
    let db = &ctx.db;
    let Some(week) = bulletin::due_week(render.now, render.tz, render.calendar) else { return Ok(0) };
    let leaders: Vec<_> = directory
        .leaders()
        .into_iter()
        .filter(|l| !l.email.trim().is_empty() && !directory.children(l.unit_id).is_empty())
        .collect();
    let key = |user_id: i64| format!("bulletin:{week}:u{user_id}");
    let keys: Vec<String> = leaders.iter().map(|l| key(l.id)).collect();
    let existing: HashSet<String> = store::notifications::existing_keys(db, &keys).await?.into_iter().collect();
    let mut rows = Vec::new();
    let mut counted: HashMap<i64, Vec<rollups::Ranked>> = HashMap::new();
    for leader in leaders.into_iter().filter(|l| !existing.contains(&key(l.id))) {
        // The one ranking, as the leader's ranking and bulletin pages show it.
        let ranked = match counted.get(&leader.unit_id) {
            Some(ranked) => ranked.clone(),
            None => {
                let ranked = rollups::ranking_of_subtree(ctx, UnitId(leader.unit_id)).await?;
                counted.insert(leader.unit_id, ranked.clone());
                ranked
            }
        };
        let locale = leader.locale;
        let lines: Vec<serde_json::Value> = ranked
            .iter()
            .map(|r| bulletins::ranking_line(r.rank, directory.unit_name(r.unit.id.0, locale), &r.figures))
            .collect();
        let data = json!({
            "recipient": leader.display_name,
            "unit": directory.unit_name(leader.unit_id, locale),
            "week": week.to_string(),
            "rows": lines,
            "link": format!("{}/", render.base_url),
        });
        let rendered = crate::mail::templates::emails().render("bulletin", locale, &data)?;
        rows.push(NewNotification {
            dedup_key: key(leader.id),
            task_id: None,
            step_id: None,
            recipient_user_id: Some(leader.id),
            recipient_email: leader.email.clone(),
            template: "bulletin".to_owned(),
            locale,
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            channel: Channel::Email,
            robot_id: None,
        });
    }
    if rows.is_empty() {
        return Ok(0);
    }
    let txn = db.begin().await?;
    let written = store::notifications::insert_new(&txn, rows, render.now).await?;
    txn.commit().await?;
    Ok(written)
}
