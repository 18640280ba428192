//! The daily digests (督办日报) the escalation sweep gathers: every rung of a ladder that
//! writes to someone above the unit that owes the work (`digest_audiences`) counts the task
//! into that person's digest instead of writing an e-mail about it. After the sweep's pages,
//! each person gets one digest a day, keyed by day and recipient, so later sweeps of the same
//! day write nothing; the next day's digest counts again what is still owed then.

use std::collections::{HashMap, HashSet};

use sea_orm::TransactionTrait;
use serde_json::json;

use super::store;
use super::{Ctx, ServiceResult, notify, records};
use crate::{
    domain::{
        digest::{self, Digest, Item},
        escalation::{Recipient, working_days_left},
        format,
        vocabulary::Channel,
    },
    entities::tasks,
    mail::templates::emails,
};

/// How many units a digest lists by name (the rest are counted).
const UNITS_LISTED: usize = 30;

/// The digests of one sweep, by recipient.
pub struct Gathered {
    due_soon_days: i64,
    by_recipient: HashMap<Recipient, (notify::Target, Digest)>,
}

impl Gathered {
    pub fn new(ctx: &Ctx) -> Self {
        Gathered { due_soon_days: ctx.config.due_soon_days, by_recipient: HashMap::new() }
    }

    /// Counts `task` into `target`'s digest: 1 when it was not counted for them yet, else 0.
    /// A digest is an e-mail: group robots hear of events at the unit that owes the work, not
    /// of digests.
    pub fn add(&mut self, target: notify::Target, task: &tasks::Model, facts: &notify::Facts<'_>) -> usize {
        if target.channel != Channel::Email {
            return 0;
        }
        let due_soon_days = self.due_soon_days;
        let (_, digest) =
            self.by_recipient.entry(target.recipient.clone()).or_insert_with(|| (target, Digest::default()));
        let before = digest.total();
        digest.add(task.id, || item(task, facts, due_soon_days));
        (digest.total() - before) as usize
    }
}

/// `task` as a digest or a bundle of reminders lists it.
pub fn item(task: &tasks::Model, facts: &notify::Facts<'_>, due_soon_days: i64) -> Item {
    let left = working_days_left(facts.calendar, task.deadline, facts.now, facts.tz);
    let late = facts.now > task.deadline;
    Item {
        task_id: task.id,
        unit_id: task.assignee_unit_id,
        light: records::Task::from(task.clone()).clock().light(facts.now, facts.calendar, facts.tz, due_soon_days),
        deadline: task.deadline,
        // As every e-mail counts it: the deadline's own day is none, the next working day one.
        days_late: if late { (-left).max(1) } else { 0 },
        title: task.title.clone(),
    }
}

/// Writes today's digest of everyone gathered who has none yet; returns how many.
#[tracing::instrument(skip_all)]
pub async fn write(
    ctx: &Ctx,
    directory: &notify::Directory,
    facts: &notify::Facts<'_>,
    gathered: Gathered,
) -> ServiceResult<u64> {
    if gathered.by_recipient.is_empty() {
        return Ok(0);
    }
    let day = facts.now.with_timezone(&facts.tz).date_naive();
    let keys: Vec<String> = gathered.by_recipient.keys().map(|r| digest::key(day, r)).collect();
    let existing: HashSet<String> = store::notifications::existing_keys(&ctx.db, &keys).await?.into_iter().collect();
    let mut rows = Vec::new();
    for (recipient, (target, mut digest)) in gathered.by_recipient {
        let key = digest::key(day, &recipient);
        if existing.contains(&key) {
            continue;
        }
        let locale = target.locale;
        let units = digest.units();
        let unit_lines: Vec<serde_json::Value> = units
            .iter()
            .take(UNITS_LISTED)
            .map(|(id, line)| {
                json!({
                    "name": directory.unit_name(*id, locale),
                    "tasks": format::figure(line.tasks as i64),
                    "overdue": format::figure(line.overdue as i64),
                })
            })
            .collect();
        let late: Vec<serde_json::Value> = digest
            .most_late()
            .iter()
            .map(|item| {
                json!({
                    "title": item.title,
                    "unit": directory.unit_name(item.unit_id, locale),
                    "deadline": format::datetime_in_zone(locale, facts.tz, item.deadline),
                    "days_late": item.days_late,
                    "link": notify::task_page(facts.base_url, item.task_id),
                })
            })
            .collect();
        let recipient_name = facts.salutation(&target, None);
        let data = json!({
            "recipient": recipient_name,
            "day": day.to_string(),
            "total": format::figure(digest.total() as i64),
            "red": format::figure(digest.red as i64),
            "yellow": format::figure(digest.yellow as i64),
            "green": format::figure(digest.green as i64),
            "units": unit_lines,
            "more_units": units.len().saturating_sub(UNITS_LISTED),
            "late": late,
            "overdue_link": format!("{}/overdue", facts.base_url),
        });
        let rendered = emails().render("digest", locale, &data)?;
        // Only e-mail targets were gathered (`Gathered::add`).
        rows.push(target.row(key, (None, None), "digest".to_owned(), rendered));
    }
    if rows.is_empty() {
        return Ok(0);
    }
    let txn = ctx.db.begin().await?;
    let written = store::notifications::insert_new(&txn, rows, facts.now).await?;
    txn.commit().await?;
    Ok(written)
}
