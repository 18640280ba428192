//! The outbox: rows the sweep writes and the sender claims, delivers and settles.
//!
//! Claiming is a lease: a sender marks rows with its name and a time until which they are its
//! own. On PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED`, so two senders
//! claiming at once take different rows; on SQLite the one writer connection serialises the
//! claims. A sender that dies keeps its rows only until the lease ends; then any sender
//! claims them again.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict, Query},
};

use super::{StoreError, StoreResult};
use crate::{
    domain::{
        ids::UnitId,
        vocabulary::{Channel, NotificationStatus},
    },
    entities::{audit_events, notification_cursors, notifications, unit_closure, unit_robots, units, users},
};

/// A message the sweep or a change wants sent.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub dedup_key: String,
    pub task_id: Option<i64>,
    pub step_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub recipient_email: String,
    pub template: String,
    pub locale: crate::domain::vocabulary::Locale,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// E-mail, or the vendor of the robot `robot_id`.
    pub channel: Channel,
    pub robot_id: Option<i64>,
}

/// Rows per INSERT: SQLite binds at most 32,766 values, and a row binds 20.
const INSERT_CHUNK: usize = 1000;

/// Inserts the rows whose key is not in the outbox yet and ignores the others
/// (`ON CONFLICT (dedup_key) DO NOTHING` on both databases). Returns how many were inserted.
pub async fn insert_new(
    conn: &impl ConnectionTrait,
    rows: Vec<NewNotification>,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    insert_as(conn, rows, NotificationStatus::Pending, now).await
}

/// Records reminders told inside a bundle: rows the sender never takes, whose keys keep later
/// sweeps from telling them again. Returns how many were new.
pub async fn insert_bundled(
    conn: &impl ConnectionTrait,
    rows: Vec<NewNotification>,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    insert_as(conn, rows, NotificationStatus::Bundled, now).await
}

async fn insert_as(
    conn: &impl ConnectionTrait,
    rows: Vec<NewNotification>,
    status: NotificationStatus,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let models: Vec<notifications::ActiveModel> = rows
            .by_ref()
            .take(INSERT_CHUNK)
            .map(|row| notifications::ActiveModel {
                dedup_key: Set(row.dedup_key),
                task_id: Set(row.task_id),
                step_id: Set(row.step_id),
                recipient_user_id: Set(row.recipient_user_id),
                recipient_email: Set(row.recipient_email),
                template: Set(row.template),
                locale: Set(row.locale),
                subject: Set(row.subject),
                body_text: Set(row.body_text),
                body_html: Set(row.body_html),
                status: Set(status),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_error: Set(None),
                locked_by: Set(None),
                locked_until: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
                channel: Set(row.channel),
                robot_id: Set(row.robot_id),
                ..Default::default()
            })
            .collect();
        let result = notifications::Entity::insert_many(models)
            .on_conflict_do_nothing_on([notifications::Column::DedupKey])
            .exec_without_returning(conn)
            .await?;
        if let sea_orm::TryInsertResult::Inserted(n) = result {
            inserted += n;
        }
    }
    Ok(inserted)
}

/// A reminder or bundle the sweep wrote since some time: to whom, whether a bundle, when.
#[derive(Debug, FromQueryResult)]
pub struct ToldRow {
    pub recipient_user_id: Option<i64>,
    pub recipient_email: String,
    pub robot_id: Option<i64>,
    pub dedup_key: String,
    pub created_at: DateTime<Utc>,
}

/// The keys the sweep's reminders carry (a rung, an acknowledgement or a report overdue) and
/// its bundles'.
const TOLD_PREFIXES: [&str; 4] = ["step:%", "ack:%", "report:%", "bundle:%"];

/// The reminders delivered one by one and the bundles the sweep wrote since `since`, for the
/// day's count of what each recipient has had (reminders told inside a bundle are not counted).
pub async fn told_since(conn: &impl ConnectionTrait, since: DateTime<Utc>) -> StoreResult<Vec<ToldRow>> {
    let keys = TOLD_PREFIXES
        .iter()
        .fold(Condition::any(), |any, prefix| any.add(notifications::Column::DedupKey.like(*prefix)));
    Ok(notifications::Entity::find()
        .select_only()
        .columns([
            notifications::Column::RecipientUserId,
            notifications::Column::RecipientEmail,
            notifications::Column::RobotId,
            notifications::Column::DedupKey,
            notifications::Column::CreatedAt,
        ])
        .filter(notifications::Column::CreatedAt.gte(since))
        .filter(notifications::Column::Status.ne(NotificationStatus::Bundled))
        .filter(keys)
        .into_model::<ToldRow>()
        .all(conn)
        .await?)
}

#[derive(Debug, FromQueryResult)]
struct KeyRow {
    dedup_key: String,
}

/// Which of `keys` the outbox already holds, so that the sweep renders only new messages.
pub async fn existing_keys(conn: &impl ConnectionTrait, keys: &[String]) -> StoreResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in keys.chunks(500) {
        let rows = notifications::Entity::find()
            .select_only()
            .column(notifications::Column::DedupKey)
            .filter(notifications::Column::DedupKey.is_in(chunk.iter().cloned()))
            .into_model::<KeyRow>()
            .all(conn)
            .await?;
        found.extend(rows.into_iter().map(|r| r.dedup_key));
    }
    Ok(found)
}

/// Rows a sender may take at `now`: waiting (new or failed before) and due, and not leased
/// to anyone, or leased by a sender whose lease has run out.
fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(notifications::Column::Status.is_in([NotificationStatus::Pending, NotificationStatus::Failed]))
        .add(notifications::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(notifications::Column::LockedUntil.is_null())
                .add(notifications::Column::LockedUntil.lt(now)),
        )
}

/// Leases up to `limit` due rows to `worker` until `until`, oldest first, and returns them.
pub async fn claim(
    db: &impl TransactionTrait,
    worker: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
) -> StoreResult<Vec<notifications::Model>> {
    let txn = db.begin().await?;
    let mut pick =
        notifications::Entity::find().filter(claimable(now)).order_by_asc(notifications::Column::Id).limit(limit);
    if txn.get_database_backend() == DbBackend::Postgres {
        pick = pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let picked = pick.all(&txn).await?;
    if picked.is_empty() {
        txn.commit().await?;
        return Ok(picked);
    }
    let ids: Vec<i64> = picked.iter().map(|n| n.id).collect();
    notifications::Entity::update_many()
        .col_expr(notifications::Column::LockedBy, Expr::value(worker.to_owned()))
        .col_expr(notifications::Column::LockedUntil, Expr::value(until))
        .filter(notifications::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(picked
        .into_iter()
        .map(|mut n| {
            n.locked_by = Some(worker.to_owned());
            n.locked_until = Some(until);
            n
        })
        .collect())
}

/// How a delivery attempt ended.
#[derive(Debug, Clone)]
pub enum Settle {
    Sent {
        at: DateTime<Utc>,
    },
    /// Try again at `next_attempt_at`; the attempt count is the new one.
    Failed {
        attempts: i32,
        next_attempt_at: DateTime<Utc>,
        error: String,
    },
    /// No more attempts.
    Dead {
        attempts: i32,
        error: String,
    },
    /// Not sent, and never will be: the reason is kept.
    Skipped {
        reason: String,
    },
}

/// Records the outcome of `worker`'s attempt and releases the lease. Returns false when the
/// row is no longer leased to `worker` (its lease ran out and another sender took it).
pub async fn settle(conn: &impl ConnectionTrait, id: i64, worker: &str, outcome: Settle) -> StoreResult<bool> {
    let mut update = notifications::Entity::update_many()
        .col_expr(notifications::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(notifications::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None));
    update = match outcome {
        Settle::Sent { at } => update
            .col_expr(notifications::Column::Status, Expr::value(NotificationStatus::Sent.as_str()))
            .col_expr(notifications::Column::SentAt, Expr::value(at))
            .col_expr(notifications::Column::Attempts, Expr::col(notifications::Column::Attempts).add(1)),
        Settle::Failed { attempts, next_attempt_at, error } => update
            .col_expr(notifications::Column::Status, Expr::value(NotificationStatus::Failed.as_str()))
            .col_expr(notifications::Column::Attempts, Expr::value(attempts))
            .col_expr(notifications::Column::NextAttemptAt, Expr::value(next_attempt_at))
            .col_expr(notifications::Column::LastError, Expr::value(error)),
        Settle::Dead { attempts, error } => update
            .col_expr(notifications::Column::Status, Expr::value(NotificationStatus::Dead.as_str()))
            .col_expr(notifications::Column::Attempts, Expr::value(attempts))
            .col_expr(notifications::Column::LastError, Expr::value(error)),
        Settle::Skipped { reason } => update
            .col_expr(notifications::Column::Status, Expr::value(NotificationStatus::Skipped.as_str()))
            .col_expr(notifications::Column::LastError, Expr::value(reason)),
    };
    let result = update
        .filter(notifications::Column::Id.eq(id))
        .filter(notifications::Column::LockedBy.eq(worker))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<notifications::Model> {
    notifications::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("notification"))
}

/// The rows addressed within `unit`'s subtree: to an account of a unit there, to the head
/// mailbox of a unit there (the only addresses an e-mail has without an account), or to a
/// group robot of a unit there. `None`: every row.
fn addressed_within(unit: Option<UnitId>) -> Condition {
    let Some(unit) = unit else { return Condition::all() };
    let subtree = Query::select()
        .column(unit_closure::Column::DescendantId)
        .from(unit_closure::Entity)
        .and_where(unit_closure::Column::AncestorId.eq(unit.0))
        .to_owned();
    let accounts = Query::select()
        .column(users::Column::Id)
        .from(users::Entity)
        .and_where(users::Column::UnitId.in_subquery(subtree.clone()))
        .to_owned();
    let mailboxes = Query::select()
        .column(units::Column::HeadEmail)
        .from(units::Entity)
        .and_where(units::Column::Id.in_subquery(subtree.clone()))
        .to_owned();
    Condition::any()
        .add(notifications::Column::RecipientUserId.in_subquery(accounts))
        .add(
            Condition::all()
                .add(notifications::Column::Channel.eq(Channel::Email))
                .add(notifications::Column::RecipientUserId.is_null())
                .add(notifications::Column::RecipientEmail.in_subquery(mailboxes)),
        )
        .add(robots_within(subtree))
}

/// The rows for a group robot of a unit in `subtree` (a query of unit ids).
fn robots_within(subtree: sea_orm::sea_query::SelectStatement) -> Condition {
    let robots = Query::select()
        .column(unit_robots::Column::Id)
        .from(unit_robots::Entity)
        .and_where(unit_robots::Column::UnitId.in_subquery(subtree))
        .to_owned();
    Condition::all()
        .add(notifications::Column::RobotId.is_not_null())
        .add(notifications::Column::RobotId.in_subquery(robots))
}

/// The row, if it is addressed within `unit`'s subtree (`None`: any row).
pub async fn get_within(
    conn: &impl ConnectionTrait,
    id: i64,
    unit: Option<UnitId>,
) -> StoreResult<notifications::Model> {
    notifications::Entity::find_by_id(id)
        .filter(addressed_within(unit))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("notification"))
}

#[derive(Debug, FromQueryResult)]
struct StatusCount {
    status: String,
    n: i64,
}

/// How many rows stand in each status, of those addressed within `unit`'s subtree (`None`:
/// of all).
pub async fn counts(conn: &impl ConnectionTrait, unit: Option<UnitId>) -> StoreResult<Vec<(NotificationStatus, u64)>> {
    let rows = notifications::Entity::find()
        .filter(addressed_within(unit))
        .select_only()
        .column(notifications::Column::Status)
        .column_as(notifications::Column::Id.count(), "n")
        .group_by(notifications::Column::Status)
        .into_model::<StatusCount>()
        .all(conn)
        .await?;
    Ok(NotificationStatus::ALL
        .iter()
        .map(|status| {
            let n = rows.iter().find(|r| r.status == status.as_str()).map_or(0, |r| r.n);
            (*status, u64::try_from(n).unwrap_or(0))
        })
        .collect())
}

/// The rows not delivered yet or given up on (pending, failed, dead), oldest first, of those
/// addressed within `unit`'s subtree (`None`: of all).
pub async fn undelivered(
    conn: &impl ConnectionTrait,
    unit: Option<UnitId>,
    limit: u64,
) -> StoreResult<Vec<notifications::Model>> {
    Ok(notifications::Entity::find()
        .filter(addressed_within(unit))
        .filter(notifications::Column::Status.is_in([
            NotificationStatus::Pending,
            NotificationStatus::Failed,
            NotificationStatus::Dead,
        ]))
        .order_by_asc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The latest `limit` messages sent, newest first, of those addressed within `unit`'s subtree
/// (`None`: of all).
pub async fn recently_sent(
    conn: &impl ConnectionTrait,
    unit: Option<UnitId>,
    limit: u64,
) -> StoreResult<Vec<notifications::Model>> {
    Ok(notifications::Entity::find()
        .filter(addressed_within(unit))
        .filter(notifications::Column::Status.eq(NotificationStatus::Sent))
        .order_by_desc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Puts a failed or dead row back in line for an attempt at `now`, with its attempts counted
/// afresh; its last error stays until the next attempt replaces it.
pub async fn requeue(conn: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> StoreResult<notifications::Model> {
    let mut row: notifications::ActiveModel = get(conn, id).await?.into();
    row.status = Set(NotificationStatus::Pending);
    row.attempts = Set(0);
    row.next_attempt_at = Set(now);
    row.locked_by = Set(None);
    row.locked_until = Set(None);
    Ok(row.update(conn).await?)
}

/// The messages a bulk retry takes: those in one of `statuses`, queued (`created_at`) within
/// `from..=to` where given, and, when `scope` names a unit, addressed to an account or a group
/// robot of that unit or of a unit below it.
#[derive(Debug, Clone)]
pub struct Selection {
    pub statuses: Vec<NotificationStatus>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub scope: Option<i64>,
}

impl Selection {
    fn condition(&self) -> Condition {
        use crate::entities::{unit_closure, users};
        use sea_orm::sea_query::Query;
        let mut condition = Condition::all().add(notifications::Column::Status.is_in(self.statuses.iter().copied()));
        if let Some(from) = self.from {
            condition = condition.add(notifications::Column::CreatedAt.gte(from));
        }
        if let Some(to) = self.to {
            condition = condition.add(notifications::Column::CreatedAt.lte(to));
        }
        if let Some(unit) = self.scope {
            let accounts = Query::select()
                .column((users::Entity, users::Column::Id))
                .from(users::Entity)
                .inner_join(
                    unit_closure::Entity,
                    Expr::col((unit_closure::Entity, unit_closure::Column::DescendantId))
                        .equals((users::Entity, users::Column::UnitId)),
                )
                .and_where(Expr::col((unit_closure::Entity, unit_closure::Column::AncestorId)).eq(unit))
                .to_owned();
            let subtree = Query::select()
                .column(unit_closure::Column::DescendantId)
                .from(unit_closure::Entity)
                .and_where(unit_closure::Column::AncestorId.eq(unit))
                .to_owned();
            condition = condition.add(
                Condition::any()
                    .add(notifications::Column::RecipientUserId.in_subquery(accounts))
                    .add(robots_within(subtree)),
            );
        }
        condition
    }
}

/// Puts every row `selection` takes back in line for an attempt at `now`, attempts counted
/// afresh, in one statement (a row the sender holds under a lease is left to it). Returns
/// the ids put back.
pub async fn requeue_selected(
    conn: &impl ConnectionTrait,
    selection: &Selection,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let free = Condition::any()
        .add(notifications::Column::LockedUntil.is_null())
        .add(notifications::Column::LockedUntil.lt(now));
    let rows = notifications::Entity::update_many()
        .col_expr(notifications::Column::Status, Expr::value(NotificationStatus::Pending.as_str()))
        .col_expr(notifications::Column::Attempts, Expr::value(0))
        .col_expr(notifications::Column::NextAttemptAt, Expr::value(now))
        .col_expr(notifications::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(notifications::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(selection.condition().add(free))
        .exec_with_returning(conn)
        .await?;
    let mut ids: Vec<i64> = rows.into_iter().map(|row| row.id).collect();
    ids.sort_unstable();
    Ok(ids)
}

/// The reader of the audit trail that turns changes into notifications.
pub const CHANGES_CURSOR: &str = "changes";

/// Where the reader `name` has come to in the audit trail, and its floor, if it has started.
pub async fn cursor(conn: &impl ConnectionTrait, name: &str) -> StoreResult<Option<(i64, i64)>> {
    Ok(notification_cursors::Entity::find_by_id(name.to_owned()).one(conn).await?.map(|c| (c.position, c.floor)))
}

/// Starts (or starts again) the reader `name` at `position`: nothing at or below it is read.
pub async fn start_cursor(
    conn: &impl ConnectionTrait,
    name: &str,
    position: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let row = notification_cursors::ActiveModel {
        name: Set(name.to_owned()),
        position: Set(position),
        floor: Set(position),
        updated_at: Set(now),
    };
    notification_cursors::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notification_cursors::Column::Name)
                .update_columns([
                    notification_cursors::Column::Position,
                    notification_cursors::Column::Floor,
                    notification_cursors::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Moves the reader `name`, started before, to `position`.
pub async fn advance_cursor(
    conn: &impl ConnectionTrait,
    name: &str,
    position: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    notification_cursors::Entity::update_many()
        .col_expr(notification_cursors::Column::Position, Expr::value(position))
        .col_expr(notification_cursors::Column::UpdatedAt, Expr::value(now))
        .filter(notification_cursors::Column::Name.eq(name))
        .exec(conn)
        .await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct MaxRow {
    id: Option<i64>,
}

/// The id of the latest audit event, 0 when there is none.
pub async fn latest_audit_id(conn: &impl ConnectionTrait) -> StoreResult<i64> {
    let row = audit_events::Entity::find()
        .select_only()
        .column_as(audit_events::Column::Id.max(), "id")
        .into_model::<MaxRow>()
        .one(conn)
        .await?;
    Ok(row.and_then(|r| r.id).unwrap_or(0))
}

/// Up to `limit` audit events after id `after` that owe someone a message: on tasks, the
/// `task_actions`; and every new instruction.
pub async fn changes_after(
    conn: &impl ConnectionTrait,
    after: i64,
    task_actions: &[&str],
    limit: u64,
) -> StoreResult<Vec<audit_events::Model>> {
    Ok(audit_events::Entity::find()
        .filter(audit_events::Column::Id.gt(after))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(audit_events::Column::Entity.eq("task"))
                        .add(audit_events::Column::Action.is_in(task_actions.iter().copied())),
                )
                .add(
                    Condition::all()
                        .add(audit_events::Column::Entity.eq("instruction"))
                        .add(audit_events::Column::Action.eq("create")),
                ),
        )
        .order_by_asc(audit_events::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}
