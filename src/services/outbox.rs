//! The sender: claims due rows from the outbox under a lease, checks that each is still worth
//! sending, delivers it (by e-mail, or to a unit's group robot) and records the outcome. A failure is retried with exponential backoff
//! and, after `MAX_ATTEMPTS`, the row is `dead` with its last error kept. Also what admins see
//! of the outbox and their retry.

use crate::domain::message::Message;
use chrono::{DateTime, Duration, Utc};

use super::store::{self, notifications::Settle};
use super::{Actor, Ctx, ServiceError, ServiceResult, access, records};
use crate::domain::ids::{TaskId, UnitId};
use crate::{
    domain::{
        escalation::CHASING_TEMPLATES,
        pacing::Pacer,
        vocabulary::{Channel, NotificationStatus},
    },
    entities::{notifications, unit_robots},
    mail::{Envelope, MailError, Mailer, robots::RobotMessage},
};

/// Attempts before a row is given up on.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed row stays a sender's own: far longer than one SMTP exchange may take
/// (30 s), so that only a sender that died loses its rows.
pub const LEASE: Duration = Duration::minutes(5);
/// Rows claimed at once.
const BATCH: u64 = 50;

/// The wait before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) - 1;
    Duration::minutes(1i64 << exponent).min(Duration::hours(6))
}

/// What one run of the sender did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
    pub dead: usize,
    pub skipped: usize,
    /// Rows whose lease ran out while this sender held them: another sender has them now.
    pub lost_lease: usize,
}

impl SendReport {
    fn add(&mut self, other: &SendReport) {
        self.sent += other.sent;
        self.failed += other.failed;
        self.dead += other.dead;
        self.skipped += other.skipped;
        self.lost_lease += other.lost_lease;
    }
}

/// Claims and delivers due rows, batch after batch, until none is due. `worker` names this
/// sender in the lease.
#[tracing::instrument(skip_all)]
pub async fn send_due(ctx: &Ctx, mailer: &Mailer, worker: &str) -> ServiceResult<SendReport> {
    let mut report = SendReport::default();
    let mut pacer = Pacer::new(ctx.config.send_rate);
    loop {
        let now = ctx.clock.now();
        // A batch keeps every connection busy: as many messages in flight as the mailer holds
        // connections for (`send_connections`).
        let batch = BATCH.max(2 * u64::from(ctx.config.send_connections));
        let claimed = store::notifications::claim(&ctx.db, worker, now, now + LEASE, batch).await?;
        if claimed.is_empty() {
            break;
        }
        let mut running = tokio::task::JoinSet::new();
        let mut first_error = None;
        for row in claimed {
            if running.len() >= ctx.config.send_connections as usize {
                collect(running.join_next().await, &mut report, &mut first_error);
            }
            let wait = pacer.reserve(std::time::Instant::now());
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let (ctx, mailer, worker) = (ctx.clone(), mailer.clone(), worker.to_owned());
            running.spawn(async move { deliver(&ctx, &mailer, &worker, row).await });
        }
        while let Some(done) = running.join_next().await {
            collect(Some(done), &mut report, &mut first_error);
        }
        // A database error leaves the rows not settled leased to this sender: another sender
        // (or this one, later) takes them when the lease runs out.
        if let Some(err) = first_error {
            return Err(err);
        }
        // Between batches, let the requests waiting on this runtime go first.
        tokio::task::yield_now().await;
    }
    if report != SendReport::default() {
        tracing::info!(?report, worker, "outbox sender");
    }
    Ok(report)
}

fn collect(
    done: Option<Result<ServiceResult<SendReport>, tokio::task::JoinError>>,
    report: &mut SendReport,
    first_error: &mut Option<ServiceError>,
) {
    match done {
        Some(Ok(Ok(one))) => report.add(&one),
        Some(Ok(Err(err))) => {
            first_error.get_or_insert(err);
        }
        Some(Err(join)) => tracing::error!(error = %join, "a delivery task failed; its row waits for its lease to end"),
        None => {}
    }
}

/// Why a row must not be sent any more, if it must not: its recipient's account is
/// deactivated, its robot removed or turned off, its task is closed (for the messages that
/// chase work), or its recipient (or the robot's unit) can no longer see its task (moved to
/// another unit).
async fn stale_reason(
    ctx: &Ctx,
    row: &notifications::Model,
    robot: Option<&unit_robots::Model>,
) -> ServiceResult<Option<String>> {
    if row.channel != Channel::Email {
        match robot {
            None => return Ok(Some("the robot was removed".into())),
            Some(robot) if !robot.enabled => return Ok(Some("the robot is turned off".into())),
            Some(_) => {}
        }
    }
    let user = match row.recipient_user_id {
        Some(id) => Some(store::users::get(&ctx.db, id).await?),
        None => None,
    };
    if user.as_ref().is_some_and(|u| !u.active) {
        return Ok(Some("the recipient's account is deactivated".into()));
    }
    let Some(task_id) = row.task_id else { return Ok(None) };
    let task = store::tasks::get(&ctx.db, task_id).await?;
    if CHASING_TEMPLATES.contains(&row.template.as_str()) && !task.status.is_open() {
        return Ok(Some(format!("the task is {} now", task.status)));
    }
    if let Some(user) = user {
        let actor = Actor::of(&user);
        if !access::can_see_task(&ctx.db, &actor, TaskId(task.id)).await? {
            return Ok(Some("the recipient can no longer see the task".into()));
        }
    }
    if let Some(robot) = robot
        && !access::unit_sees_task(&ctx.db, UnitId(robot.unit_id), TaskId(task.id)).await?
    {
        return Ok(Some("the robot's unit can no longer see the task".into()));
    }
    Ok(None)
}

async fn deliver(ctx: &Ctx, mailer: &Mailer, worker: &str, row: notifications::Model) -> ServiceResult<SendReport> {
    let mut report = SendReport::default();
    let robot = match (row.channel.robot(), row.robot_id) {
        (Some(_), Some(id)) => store::robots::find(&ctx.db, id).await?,
        _ => None,
    };
    let outcome = match stale_reason(ctx, &row, robot.as_ref()).await? {
        Some(reason) => {
            report.skipped += 1;
            Settle::Skipped { reason }
        }
        None => {
            let result = match &robot {
                Some(robot) => {
                    let message = RobotMessage {
                        kind: robot.kind,
                        webhook_url: &robot.webhook_url,
                        secret: robot.secret.as_deref(),
                        subject: &row.subject,
                        markdown: &row.body_text,
                        now: ctx.clock.now(),
                    };
                    mailer.post(message).await
                }
                None => {
                    let envelope = Envelope {
                        notification_id: row.id,
                        dedup_key: &row.dedup_key,
                        to: &row.recipient_email,
                        subject: &row.subject,
                        text: &row.body_text,
                        html: &row.body_html,
                    };
                    mailer.send(envelope).await
                }
            };
            settle_attempt(&row, result, ctx.clock.now(), &mut report)
        }
    };
    if !store::notifications::settle(&ctx.db, row.id, worker, outcome).await? {
        report.lost_lease += 1;
        tracing::warn!(notification = row.id, worker, "the lease ran out before the outcome was recorded");
    }
    Ok(report)
}

fn settle_attempt(
    row: &notifications::Model,
    result: Result<(), MailError>,
    now: DateTime<Utc>,
    report: &mut SendReport,
) -> Settle {
    let attempts = row.attempts + 1;
    match result {
        Ok(()) => {
            report.sent += 1;
            Settle::Sent { at: now }
        }
        Err(MailError::Transient(error)) if attempts < MAX_ATTEMPTS => {
            report.failed += 1;
            tracing::warn!(notification = row.id, attempts, %error, "delivery failed; will retry");
            Settle::Failed { attempts, next_attempt_at: now + backoff(attempts), error }
        }
        Err(error) => {
            report.dead += 1;
            tracing::error!(notification = row.id, attempts, %error, "delivery given up");
            Settle::Dead { attempts, error: error.to_string() }
        }
    }
}

/// Counts per status and the messages still to deliver or given up on (at most `limit`).
#[derive(Debug, Clone)]
pub struct Outbox {
    pub counts: Vec<(NotificationStatus, u64)>,
    pub undelivered: Vec<records::Notification>,
    /// The latest messages sent, newest first (at most `limit`).
    pub recently_sent: Vec<records::Notification>,
}

/// The outbox as an administrator sees it: the root's administrator every message, an
/// administrator of a unit below those addressed within its subtree (`access::admin_scope`).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn overview(ctx: &Ctx, actor: &Actor, limit: u64) -> ServiceResult<Outbox> {
    let scope = access::admin_scope(ctx, actor).await?;
    read_within(ctx, scope, limit).await
}

/// The outbox for the command line, which runs with the operator's rights.
#[tracing::instrument(skip_all)]
pub async fn read(ctx: &Ctx, limit: u64) -> ServiceResult<Outbox> {
    read_within(ctx, None, limit).await
}

async fn read_within(ctx: &Ctx, scope: Option<UnitId>, limit: u64) -> ServiceResult<Outbox> {
    Ok(Outbox {
        counts: store::notifications::counts(&ctx.db, scope).await?,
        undelivered: records::from_rows(store::notifications::undelivered(&ctx.db, scope, limit).await?),
        recently_sent: records::from_rows(store::notifications::recently_sent(&ctx.db, scope, limit).await?),
    })
}

/// Puts a failed or dead message back in line for the next send, with its attempts counted
/// afresh (admins, a message of their scope: another is not found). A message sent, skipped,
/// or still waiting is refused with 409.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn retry(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<records::Notification> {
    let scope = access::admin_scope(ctx, actor).await?;
    let now = ctx.clock.now();
    let row = store::notifications::get_within(&ctx.db, id, scope).await?;
    if !matches!(row.status, NotificationStatus::Failed | NotificationStatus::Dead) {
        return Err(ServiceError::Conflict(
            Message::new("error-retry-status").term("admin-outbox", row.status.as_str()),
        ));
    }
    let txn = sea_orm::TransactionTrait::begin(&ctx.db).await?;
    let requeued = store::notifications::requeue(&txn, id, now).await?;
    let entry = actor.entry("notification", id, "retry").note(row.last_error.as_deref());
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(requeued.into())
}

/// Which messages a bulk retry puts back in line: those in `statuses` (failed, dead or both),
/// queued within `from..=to` where given.
#[derive(Debug, Clone)]
pub struct RetryRequest {
    pub statuses: Vec<NotificationStatus>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// What a bulk retry put back in line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retried {
    pub ids: Vec<i64>,
}

impl Retried {
    pub fn count(&self) -> usize {
        self.ids.len()
    }
}

/// Puts every failed or dead message `request` selects back in line for the next send, with
/// its attempts counted afresh (admins): after a long mail outage, the dead letters at once.
/// An admin of a unit below the root reaches only the messages to accounts of its subtree.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn retry_many(ctx: &Ctx, actor: &Actor, request: RetryRequest) -> ServiceResult<Retried> {
    let scope = access::admin_scope(ctx, actor).await?.map(|unit| unit.0);
    requeue_selected(ctx, Some(actor), request, scope).await
}

/// `retry_many` for the command line, which runs with the operator's rights over the whole
/// outbox.
#[tracing::instrument(skip_all)]
pub async fn retry_many_as_operator(ctx: &Ctx, request: RetryRequest) -> ServiceResult<Retried> {
    requeue_selected(ctx, None, request, None).await
}

async fn requeue_selected(
    ctx: &Ctx,
    actor: Option<&Actor>,
    request: RetryRequest,
    scope: Option<i64>,
) -> ServiceResult<Retried> {
    if request.statuses.is_empty() {
        return Err(ServiceError::invalid("status", Message::new("error-retry-which")));
    }
    if let Some(other) =
        request.statuses.iter().find(|s| !matches!(s, NotificationStatus::Failed | NotificationStatus::Dead))
    {
        return Err(ServiceError::invalid(
            "status",
            Message::new("error-retry-kind").term("admin-outbox", other.as_str()),
        ));
    }
    if let (Some(from), Some(to)) = (request.from, request.to)
        && to < from
    {
        return Err(ServiceError::invalid("to", Message::new("error-to-before-from")));
    }
    let now = ctx.clock.now();
    let selection = store::notifications::Selection {
        statuses: request.statuses.clone(),
        from: request.from,
        to: request.to,
        scope,
    };
    let txn = sea_orm::TransactionTrait::begin(&ctx.db).await?;
    let ids = store::notifications::requeue_selected(&txn, &selection, now).await?;
    if !ids.is_empty() {
        let what = serde_json::json!({
            "statuses": request.statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "from": request.from,
            "to": request.to,
            "scope_unit_id": scope,
            "requeued": ids,
        });
        let entry = match actor {
            Some(actor) => actor.entry("outbox", 0, "retry_many"),
            None => store::audit::Entry::new("outbox", 0, "retry_many"),
        };
        store::audit::record(&txn, entry.after(&what), now).await?;
    }
    txn.commit().await?;
    Ok(Retried { ids })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(12), Duration::hours(6));
    }
}
