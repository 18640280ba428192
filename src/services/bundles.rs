//! Reminders to the unit that owes the work, a few a day one by one and the rest in one bundle
//! (督办提醒汇总). The sweep gathers each recipient's new reminders here instead of writing them
//! page by page; at its end a recipient whose day stays within `reminders_apart` gets each
//! reminder as its own message, anyone else one message listing them all (the most overdue
//! first), at most one every `reminders_bundle_every`. The reminders a bundle tells are kept in
//! the outbox as `bundled` rows under their own keys, so no later sweep tells them again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use serde_json::json;

use super::store::{self, notifications::NewNotification};
use super::{Ctx, ServiceResult, digests, notify};
use crate::{
    domain::{
        digest::{self, Bundling, Item, Told, Verdict},
        escalation::{Due, Recipient},
        format,
        vocabulary::Channel,
    },
    entities::{directives, tasks},
    locales,
    mail::templates::{TemplateError, emails},
};

/// How many tasks a bundle lists by name; the rest are counted and linked.
const LISTED: usize = 50;

/// Rows per transaction when the gathered messages are written.
const ROWS_PER_WRITE: usize = 500;

/// One reminder the sweep owes one recipient, not in the outbox yet.
pub struct Candidate {
    pub task: tasks::Model,
    pub directive: directives::Model,
    pub due: Due,
    pub target: notify::Target,
    pub key: String,
}

/// A reminder as a bundle lists it.
struct Listed {
    item: Item,
    template: String,
    key: String,
    step_id: Option<i64>,
}

/// One recipient's new reminders: whole while they may still go one by one, listed once
/// there are more than the day allows.
struct Pile {
    target: notify::Target,
    told: Told,
    apart: Vec<Candidate>,
    listed: Vec<Listed>,
}

/// What the gathered reminders became.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Reminders written as messages of their own.
    pub apart: u64,
    /// Bundles written, and the reminders they tell.
    pub bundles: u64,
    pub bundled: u64,
    /// Reminders left for a later sweep: their recipient had a bundle too recently.
    pub waiting: u64,
}

/// The reminders of one sweep, by recipient.
pub struct Gathered {
    rule: Bundling,
    due_soon_days: i64,
    told: HashMap<Recipient, Told>,
    piles: HashMap<Recipient, Pile>,
}

impl Gathered {
    /// Starts a sweep's gathering with what each recipient has had from the sweeps of the
    /// local day so far.
    pub async fn load(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<Self> {
        let tz = ctx.zone();
        let midnight = now.with_timezone(&tz).date_naive();
        let since = crate::domain::calendar::start_of_day(midnight, tz);
        let mut told: HashMap<Recipient, Told> = HashMap::new();
        for row in store::notifications::told_since(&ctx.db, since).await? {
            let recipient = match (row.robot_id, row.recipient_user_id) {
                (Some(robot), _) => Recipient::Robot(robot),
                (None, Some(user)) => Recipient::User(user),
                (None, None) => Recipient::Mailbox(row.recipient_email.to_ascii_lowercase()),
            };
            let entry = told.entry(recipient).or_default();
            if row.dedup_key.starts_with("bundle:") {
                entry.last_bundle = entry.last_bundle.max(Some(row.created_at));
            } else {
                entry.apart += 1;
            }
        }
        Ok(Gathered { rule: ctx.config.bundling, due_soon_days: ctx.config.due_soon_days, told, piles: HashMap::new() })
    }

    /// Takes one new reminder: kept whole while its recipient's day may still have it alone,
    /// else listed (with every one kept whole before it) for a bundle.
    pub fn add(&mut self, candidate: Candidate, facts: &notify::Facts<'_>) {
        let recipient = told_as(&candidate.target.recipient);
        let told = &self.told;
        let pile = self.piles.entry(recipient).or_insert_with_key(|recipient| Pile {
            target: candidate.target.clone(),
            told: told.get(recipient).copied().unwrap_or_default(),
            apart: Vec::new(),
            listed: Vec::new(),
        });
        if pile.listed.is_empty() && self.rule.still_apart(pile.told, pile.apart.len()) {
            pile.apart.push(candidate);
            return;
        }
        let due_soon_days = self.due_soon_days;
        for whole in std::mem::take(&mut pile.apart).into_iter().chain(std::iter::once(candidate)) {
            pile.listed.push(Listed {
                item: digests::item(&whole.task, facts, due_soon_days),
                step_id: whole.due.step_id(),
                template: whole.due.template,
                key: whole.key,
            });
        }
    }

    /// Writes every recipient's reminders, one by one or bundled, and returns what it wrote.
    #[tracing::instrument(skip_all)]
    pub async fn write(self, ctx: &Ctx, facts: &notify::Facts<'_>) -> ServiceResult<Written> {
        let now = facts.now;
        let mut written = Written::default();
        let mut singles = Vec::new();
        let mut bundles = Vec::new();
        let mut bundled = Vec::new();
        for (recipient, mut pile) in self.piles {
            let count = pile.apart.len() + pile.listed.len();
            match self.rule.verdict(pile.told, count, now) {
                Verdict::Apart => {
                    for c in pile.apart {
                        match facts.render(&c.due.template, &c.target, &c.task, &c.directive, &json!({})) {
                            Ok(rendered) => {
                                let about = (Some(c.task.id), c.due.step_id());
                                singles.push(c.target.row(c.key, about, c.due.template, rendered));
                            }
                            // A step naming a template Duban does not have must not hold up every
                            // other message: it is logged at each sweep until the policy is fixed.
                            Err(TemplateError::Unknown(name)) => {
                                tracing::error!(task = c.task.id, template = %name, "an escalation step names no e-mail template");
                            }
                            Err(err) => return Err(err.into()),
                        }
                    }
                }
                Verdict::Wait => written.waiting += count as u64,
                Verdict::Bundle => {
                    pile.listed.sort_by(|a, b| digest::most_late_first(&a.item, &b.item));
                    let rendered = render_bundle(facts, &pile.target, &pile.listed)?;
                    let key = digest::bundle_key(now, &recipient);
                    bundles.push(pile.target.row(key, (None, None), "reminders".to_owned(), rendered));
                    for listed in pile.listed {
                        let subject = listed.item.title.clone();
                        bundled.push(NewNotification {
                            dedup_key: listed.key,
                            task_id: Some(listed.item.task_id),
                            step_id: listed.step_id,
                            recipient_user_id: pile.target.user_id,
                            recipient_email: pile.target.email.clone(),
                            template: listed.template,
                            locale: pile.target.locale,
                            subject,
                            body_text: String::new(),
                            body_html: String::new(),
                            channel: pile.target.channel,
                            robot_id: pile.target.robot_id,
                        });
                    }
                }
            }
        }
        for chunk in chunks(singles) {
            let txn = ctx.db.begin().await?;
            written.apart += store::notifications::insert_new(&txn, chunk, now).await?;
            txn.commit().await?;
        }
        // A bundle and the rows of what it tells go in together: never one without the other.
        let txn = ctx.db.begin().await?;
        written.bundles += store::notifications::insert_new(&txn, bundles, now).await?;
        written.bundled += store::notifications::insert_bundled(&txn, bundled, now).await?;
        txn.commit().await?;
        Ok(written)
    }
}

/// How the day's count names a recipient (as the outbox rows say it).
fn told_as(recipient: &Recipient) -> Recipient {
    match recipient {
        Recipient::Mailbox(address) => Recipient::Mailbox(address.to_ascii_lowercase()),
        other => other.clone(),
    }
}

fn chunks(rows: Vec<NewNotification>) -> Vec<Vec<NewNotification>> {
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        out.push(rows.by_ref().take(ROWS_PER_WRITE).collect());
    }
    out
}

/// The bundle to `target` listing `listed` (most overdue first): an e-mail, or for a group
/// robot its subject and text.
fn render_bundle(
    facts: &notify::Facts<'_>,
    target: &notify::Target,
    listed: &[Listed],
) -> Result<crate::mail::templates::Rendered, TemplateError> {
    let locale = target.locale;
    let overdue = listed.iter().filter(|l| l.item.days_late > 0).count();
    let units: std::collections::BTreeSet<i64> = listed.iter().map(|l| l.item.unit_id).collect();
    let only_unit = if units.len() == 1 { units.first().copied() } else { None };
    let recipient = facts.salutation(target, only_unit);
    let late: Vec<serde_json::Value> = listed
        .iter()
        .take(LISTED)
        .map(|l| {
            json!({
                "title": l.item.title,
                "unit": facts.directory.unit_name(l.item.unit_id, locale),
                "deadline": format::datetime_in_zone(locale, facts.tz, l.item.deadline),
                "days_late": l.item.days_late,
                "link": notify::task_page(facts.base_url, l.item.task_id),
                "what": locales::lookup(locale, &format!("reminder-kind-{}", l.template), &[])
                    .unwrap_or_else(|| l.template.clone()),
            })
        })
        .collect();
    let data = json!({
        "recipient": recipient,
        "total": format::figure(listed.len() as i64),
        "overdue_count": format::figure(overdue as i64),
        "late": late,
        "more": listed.len().saturating_sub(LISTED),
        "list_link": format!("{}/tasks", facts.base_url.trim_end_matches('/')),
        "link": format!("{}/tasks", facts.base_url.trim_end_matches('/')),
    });
    let email = emails().render("reminders", locale, &data)?;
    if target.channel == Channel::Email {
        return Ok(email);
    }
    Ok(crate::mail::templates::Rendered { subject: email.subject, text: email.text, html: String::new() })
}
