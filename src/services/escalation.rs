//! The escalation sweep: plans what is due for every task that still owes work, resolves each
//! audience to people with an e-mail address, renders the messages and writes them into the
//! outbox, one transaction per page of tasks. Every row has a key of task, step and recipient,
//! so a second sweep over the same facts writes nothing.

use std::collections::{HashMap, HashSet};

use sea_orm::TransactionTrait;
use serde_json::json;

use super::{Ctx, ServiceResult, notify};
use crate::{
    domain::{
        escalation::{self, Reason, Step, TaskFacts},
        vocabulary::Priority,
    },
    entities::tasks,
    store::{self, notifications::NewNotification},
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

/// One sweep at the clock's now.
pub async fn sweep(ctx: &Ctx) -> ServiceResult<SweepReport> {
    let now = ctx.clock.now();
    let db = &ctx.db;
    let calendar = store::calendar::load(db).await?;
    let ladders = store::escalation::ladders(db).await?;
    let fallback: Vec<Step> = ladders.iter().find(|(p, _)| p.is_none()).map(|(_, s)| s.clone()).unwrap_or_default();
    let by_priority: HashMap<Priority, Vec<Step>> =
        ladders.into_iter().filter_map(|(p, steps)| p.map(|p| (p, steps))).collect();
    let directory = notify::Directory::load(db).await?;
    let render = notify::Facts {
        directory: &directory,
        calendar: &calendar,
        tz: ctx.config.time_zone,
        base_url: &ctx.config.base_url,
        now,
    };
    let mut report = SweepReport::default();
    let mut after = 0;
    loop {
        let page = store::escalation::tasks_owing_work(db, after, PAGE).await?;
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
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        for (task, directive, due, target, key) in candidates {
            if existing.contains(&key) || !seen.insert(key.clone()) {
                continue;
            }
            let rendered = render.render(&due.template, &target, task, directive, &json!({}))?;
            rows.push(NewNotification {
                dedup_key: key,
                task_id: Some(task.id),
                step_id: match due.reason {
                    Reason::Step { step_id } => Some(step_id),
                    Reason::AckOverdue | Reason::ReportMissed { .. } => None,
                },
                recipient_user_id: target.user_id,
                recipient_email: target.email,
                template: due.template,
                locale: target.locale,
                subject: rendered.subject,
                body_text: rendered.text,
                body_html: rendered.html,
            });
        }
        let txn = db.begin().await?;
        report.enqueued += store::notifications::insert_new(&txn, rows, now).await?;
        txn.commit().await?;
    }
    if report.enqueued > 0 || report.without_email > 0 {
        tracing::info!(
            tasks = report.tasks,
            enqueued = report.enqueued,
            without_email = report.without_email,
            "escalation sweep"
        );
    }
    Ok(report)
}
