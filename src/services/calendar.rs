//! The working-day calendar an admin loads: holidays that fall on weekdays and the make-up
//! working days (调休) that fall on weekends. Deadlines, lights and the time to acknowledge
//! count working days from it.

use crate::domain::message::Message;
use chrono::{Datelike, NaiveDate};
use sea_orm::TransactionTrait;

use super::records;
use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult, access};
use crate::{
    domain::{
        calendar::{MAX_DAY_NAME, parse_calendar_csv, pointless_exception},
        ical::{is_ics, parse_calendar_ics},
        vocabulary::DayKind,
    },
    entities::calendar_days,
};

/// At most this many days are listed at once.
pub const MAX_SPAN_DAYS: i64 = 3 * 366;

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> ServiceResult<Vec<records::CalendarDay>> {
    if from > to {
        return Err(ServiceError::invalid("from", Message::new("error-from-after-to")));
    }
    if (to - from).num_days() > MAX_SPAN_DAYS {
        return Err(ServiceError::invalid("to", Message::new("error-span-days").number("max", MAX_SPAN_DAYS)));
    }
    Ok(records::from_rows(store::calendar::between(&ctx.db, from, to).await?))
}

/// Marks a day (the root's administrator: the calendar moves everyone's deadlines). A holiday on a weekend or a make-up working day on a weekday would
/// change nothing, so they are refused rather than stored.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn put(
    ctx: &Ctx,
    actor: &Actor,
    day: NaiveDate,
    kind: DayKind,
    name: &str,
) -> ServiceResult<records::CalendarDay> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let name = name.trim();
    super::check_single_line("name", name)?;
    if name.is_empty() || name.chars().count() > MAX_DAY_NAME {
        return Err(ServiceError::invalid("name", Message::new("error-calendar-name").number("max", MAX_DAY_NAME)));
    }
    if let Some(reason) = pointless_exception(day, kind) {
        return Err(ServiceError::conflicts("kind", reason));
    }
    let txn = ctx.db.begin().await?;
    // Calendar days are keyed by date; the audit trail's integer id is the day's number.
    let before = store::calendar::get(&txn, day).await?;
    let saved = store::calendar::put(&txn, day, kind, name).await?;
    let snapshot = |d: &calendar_days::Model| serde_json::json!({ "day": d.day, "kind": d.kind, "name": d.name });
    let mut entry = actor.entry("calendar_day", i64::from(day.num_days_from_ce()), "set").after(&snapshot(&saved));
    if let Some(before) = &before {
        entry = entry.before(&snapshot(before));
    }
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(saved.into())
}

/// Makes a day ordinary again (the root's administrator).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn remove(ctx: &Ctx, actor: &Actor, day: NaiveDate) -> ServiceResult<()> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let txn = ctx.db.begin().await?;
    let before = store::calendar::get(&txn, day).await?.ok_or(ServiceError::NotFound("calendar day"))?;
    store::calendar::remove(&txn, day).await?;
    let entry = actor
        .entry("calendar_day", i64::from(day.num_days_from_ce()), "remove")
        .before(&serde_json::json!({ "day": before.day, "kind": before.kind, "name": before.name }));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// Loads a calendar file for the command line, which runs with the operator's rights: CSV (see
/// `parse_calendar_csv`), or iCalendar when it opens with `BEGIN:VCALENDAR` (a public holiday
/// calendar, see `parse_calendar_ics`). All or nothing, one audit event per day it adds or
/// changes. Days already marked and not in the file are left as they are.
#[tracing::instrument(skip_all)]
pub async fn import(ctx: &Ctx, text: &str) -> ServiceResult<Imported> {
    load(ctx, None, text).await
}

/// [`import`] by the root's administrator from the pages, each day's event recorded in its name.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn import_by(ctx: &Ctx, actor: &Actor, text: &str) -> ServiceResult<Imported> {
    access::ensure_administers_everyone(ctx, actor).await?;
    load(ctx, Some(actor), text).await
}

async fn load(ctx: &Ctx, actor: Option<&Actor>, text: &str) -> ServiceResult<Imported> {
    let parsed = if is_ics(text) { parse_calendar_ics(text) } else { parse_calendar_csv(text) };
    let entries = parsed.map_err(|reason| ServiceError::invalid("file", reason))?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let mut imported = Imported::default();
    let snapshot = |d: &calendar_days::Model| serde_json::json!({ "day": d.day, "kind": d.kind, "name": d.name });
    let mut trail = Vec::new();
    for entry in entries {
        let before = store::calendar::get(&txn, entry.day).await?;
        match &before {
            Some(b) if b.kind == entry.kind && b.name == entry.name => {
                imported.unchanged += 1;
                continue;
            }
            Some(_) => imported.changed += 1,
            None => imported.added += 1,
        }
        let saved = store::calendar::put(&txn, entry.day, entry.kind, &entry.name).await?;
        let id = i64::from(entry.day.num_days_from_ce());
        let mut audit = store::audit::Entry::new("calendar_day", id, "set")
            .by(actor.map(|a| a.user_id.0), actor.map(|a| a.unit_id.0))
            .after(&snapshot(&saved));
        if let Some(before) = &before {
            audit = audit.before(&snapshot(before));
        }
        trail.push(audit);
    }
    // After the days are written: the chain's head stays locked from here.
    store::audit::record_all(&txn, trail, now).await?;
    txn.commit().await?;
    Ok(imported)
}
