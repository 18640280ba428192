//! Published bulletins (通报): a secretariat publishes the bulletin of a period as its office
//! issues one — numbered within the year (第 N 期), headed by the issuing unit, with the
//! ranking and the overdue list as `leadership::bulletin` gives them at that moment and the
//! commentary it writes — keeps it unchanged, and sends it through the outbox to the leaders
//! of the units it ranks. Who may read one: the issuing unit and the units above it, and each
//! unit it ranks.

use crate::domain::message::Message;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::TransactionTrait;
use serde_json::json;

use super::store::{self, bulletins::NewBulletin, notifications::NewNotification};
use super::{Actor, Ctx, ServiceError, ServiceResult, leadership};
use crate::{
    domain::{
        bulletin::{LateLine, MAX_COMMENTARY, RankLine, Snapshot},
        format,
        roles::Capability,
        rollup::Figures,
        vocabulary::{Channel, Locale},
    },
    entities::bulletins,
};

/// A published bulletin as it was kept.
#[derive(Debug, Clone)]
pub struct Published {
    pub id: i64,
    pub unit_id: i64,
    pub year: i32,
    pub number: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub commentary: String,
    pub snapshot: Snapshot,
    pub published_by: i64,
    pub published_at: DateTime<Utc>,
}

impl Published {
    fn of(row: bulletins::Model) -> ServiceResult<Published> {
        let snapshot: Snapshot =
            serde_json::from_str(&row.body).map_err(|e| ServiceError::Internal(store::StoreError::Json(e)))?;
        Ok(Published {
            id: row.id,
            unit_id: row.unit_id,
            year: row.year,
            number: row.number,
            period_start: row.period_start,
            period_end: row.period_end,
            commentary: row.commentary,
            snapshot,
            published_by: row.published_by,
            published_at: row.created_at,
        })
    }

    /// The issuing unit's name in `locale`.
    pub fn unit_name(&self, locale: Locale) -> String {
        format::unit_name(locale, &self.snapshot.unit_zh, &self.snapshot.unit_en)
    }
}

/// What a secretariat publishes: the period (days in the configured zone) and its commentary.
pub struct PublishInput<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub commentary: &'a str,
}

/// How many times a number is tried again when another publication took it first.
const TRIES: usize = 8;

/// Publishes the bulletin of `input`'s period for the actor's unit: the next number of its
/// year, the snapshot, and one e-mail per leader of the units it ranks, in one transaction.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn publish(ctx: &Ctx, actor: &Actor, input: PublishInput<'_>) -> ServiceResult<Published> {
    if !actor.may(Capability::Issue) {
        return Err(ServiceError::Forbidden(Message::new("error-publish-secretariat")));
    }
    // Kept exactly as written: only a commentary of nothing but blanks is refused.
    let commentary = input.commentary;
    if commentary.trim().is_empty() {
        return Err(ServiceError::invalid("commentary", Message::new("error-commentary-empty")));
    }
    if commentary.chars().count() > MAX_COMMENTARY {
        return Err(ServiceError::invalid("commentary", Message::new("error-too-long").number("max", MAX_COMMENTARY)));
    }
    if input.from > input.to {
        return Err(ServiceError::invalid("from", Message::new("error-period-backwards")));
    }
    let today = ctx.today();
    if input.to > today {
        return Err(ServiceError::invalid("to", Message::new("error-period-future").date("today", today)));
    }
    // The ranking and the overdue list as the bulletin page shows them now.
    let live = leadership::bulletin(ctx, actor, ctx.start_of_day(input.from), ctx.end_of_day(input.to)).await?;
    let snapshot = Snapshot {
        unit_zh: live.unit.name_zh.clone(),
        unit_en: live.unit.name_en.clone(),
        ranking: live
            .ranking
            .iter()
            .map(|r| RankLine::of(r.rank, r.unit.id.0, &r.unit.name_zh, &r.unit.name_en, &r.figures))
            .collect(),
        overdue: live
            .overdue
            .iter()
            .map(|d| {
                let t = &d.facts.task;
                LateLine {
                    task_id: t.id.get(),
                    title: t.title.clone(),
                    unit_id: t.assignee_unit_id.0,
                    unit_zh: d.unit.as_ref().map(|u| u.name_zh.clone()).unwrap_or_default(),
                    unit_en: d.unit.as_ref().map(|u| u.name_en.clone()).unwrap_or_default(),
                    directive_zh: d.directive.as_ref().map(|x| x.fields.title_zh.clone()).unwrap_or_default(),
                    directive_en: d.directive.as_ref().map(|x| x.fields.title_en.clone()).unwrap_or_default(),
                    deadline: t.deadline,
                    working_days_late: d.working_days_late,
                }
            })
            .collect(),
        truncated: live.truncated,
    };
    let body = serde_json::to_string(&snapshot).map_err(|e| ServiceError::Internal(store::StoreError::Json(e)))?;
    let ranked: Vec<i64> = snapshot.ranking.iter().map(|r| r.unit_id).collect();
    let now = ctx.now();
    let year = format::day_of(ctx.zone(), now).year();

    let txn = ctx.db.begin().await?;
    // Publishers of one unit take turns for its numbers; the unique index stays as the
    // backstop, a refused number tried again in a savepoint (PostgreSQL aborts otherwise).
    store::units::lock(&txn, actor.unit_id.0).await?;
    let mut filed = None;
    for _ in 0..TRIES {
        let attempt = txn.begin().await?;
        let number = store::bulletins::next_number(&attempt, actor.unit_id.0, year).await?;
        let new = NewBulletin {
            unit_id: actor.unit_id.0,
            year,
            number,
            period_start: input.from,
            period_end: input.to,
            commentary,
            body: body.clone(),
            published_by: actor.user_id.0,
            ranked_units: &ranked,
        };
        match store::bulletins::insert(&attempt, new, now).await {
            Err(store::StoreError::Duplicate(_)) => attempt.rollback().await?,
            done => {
                let row = done?;
                attempt.commit().await?;
                filed = Some(row);
                break;
            }
        }
    }
    let Some(row) = filed else {
        return Err(ServiceError::conflict("error-bulletin-number-taken"));
    };
    let published = Published::of(row)?;
    let entry = actor
        .entry("bulletin", published.id, "publish")
        .after(&json!({ "year": year, "number": published.number, "from": input.from, "to": input.to }))
        .note(Some(commentary));
    store::audit::record(&txn, entry, now).await?;
    let mails = mails_to_leaders(ctx, &txn, &published).await?;
    store::notifications::insert_new(&txn, mails, now).await?;
    txn.commit().await?;
    Ok(published)
}

/// One e-mail to each active leader (with an address) of the units the bulletin ranks, in
/// the leader's language; the key makes it once per bulletin and person.
async fn mails_to_leaders(
    ctx: &Ctx,
    conn: &impl sea_orm::ConnectionTrait,
    published: &Published,
) -> ServiceResult<Vec<NewNotification>> {
    let ranked: Vec<i64> = published.snapshot.ranking.iter().map(|r| r.unit_id).collect();
    let leaders = store::users::leaders_of(conn, &ranked).await?;
    let link = format!("{}/bulletins/{}", ctx.config.base_url.trim_end_matches('/'), published.id);
    let mut out = Vec::new();
    for leader in leaders.into_iter().filter(|l| !l.email.trim().is_empty()) {
        let locale = leader.locale;
        let rows: Vec<serde_json::Value> = published
            .snapshot
            .ranking
            .iter()
            .map(|r| ranking_line(r.rank, format::unit_name(locale, &r.name_zh, &r.name_en), &r.figures()))
            .collect();
        let data = json!({
            "recipient": leader.display_name,
            "unit": published.unit_name(locale),
            "number": format::issue(locale, published.year, published.number),
            "from": format::date(locale, published.period_start),
            "to": format::date(locale, published.period_end),
            "rows": rows,
            "overdue_count": format::figure(published.snapshot.overdue.len() as i64),
            "commentary": published.commentary,
            "link": link,
        });
        let rendered = crate::mail::templates::emails().render("bulletin_published", locale, &data)?;
        out.push(NewNotification {
            dedup_key: format!("bulletin-published:{}:u{}", published.id, leader.id),
            task_id: None,
            step_id: None,
            recipient_user_id: Some(leader.id),
            recipient_email: leader.email.clone(),
            template: "bulletin_published".to_owned(),
            locale,
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            channel: Channel::Email,
            robot_id: None,
        });
    }
    Ok(out)
}

/// Whether the actor may read the bulletin: its unit issued it or lies above the one that
/// did, or the bulletin ranks the actor's unit.
async fn may_read(ctx: &Ctx, actor: &Actor, row: &bulletins::Model) -> ServiceResult<bool> {
    Ok(store::units::is_within(&ctx.db, actor.unit_id.0, row.unit_id).await?
        || store::bulletins::ranks(&ctx.db, row.id, actor.unit_id.0).await?)
}

/// The published bulletins the actor may read, newest first.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<Published>> {
    store::bulletins::readable_by(&ctx.db, actor.unit_id.0).await?.into_iter().map(Published::of).collect()
}

/// One published bulletin, as it was kept; "not found" for one the actor may not read.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, bulletin = id))]
pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<Published> {
    let row = match store::bulletins::get(&ctx.db, id).await {
        Ok(row) => row,
        Err(store::StoreError::NotFound(_)) => return Err(ServiceError::NotFound("bulletin")),
        Err(other) => return Err(other.into()),
    };
    if !may_read(ctx, actor, &row).await? {
        return Err(ServiceError::NotFound("bulletin"));
    }
    Published::of(row)
}

/// One unit's line of a ranking in an e-mail (the weekly bulletin, a published one): the same
/// figures with the same rounding as the pages.
pub(super) fn ranking_line(rank: usize, name: String, f: &Figures) -> serde_json::Value {
    json!({
        "rank": rank,
        "name": name,
        "total": format::figure(f.total),
        "completed": format::figure(f.completed),
        "rate": format::percent(f.completion_rate()),
        "on_time_rate": format::percent(f.on_time_rate()),
        "overdue": format::figure(f.overdue),
    })
}
