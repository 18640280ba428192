//! The background work of `serve`: every `sweep_every`, one escalation sweep, the weekly
//! bulletin when it is due, one run of the outbox sender, the removal of files kept from
//! refused reports for more than a day, then a checkpoint of the audit chain's head if it moved. Each is a single step that tests and `duban escalate --once` call
//! directly; this loop only repeats them until told to stop.

use std::time::Duration;

use tokio::sync::watch;

use crate::{
    mail::Mailer,
    services::{Ctx, ServiceResult, audit, escalation, outbox, pending},
};

/// A name for this process's sender in the outbox leases: distinct per process and start.
pub fn worker_name() -> String {
    worker_name_for(None)
}

/// `worker_name`, starting with the configured instance name when there is one.
pub fn worker_name_for(instance: Option<&str>) -> String {
    let host =
        instance.map(str::to_owned).or_else(|| std::env::var("HOSTNAME").ok()).unwrap_or_else(|| "duban".to_owned());
    let short: String = uuid::Uuid::new_v4().simple().to_string().chars().take(8).collect();
    let mut name = format!("{host}-{}-{short}", std::process::id());
    name.truncate(64);
    name
}

/// What one step's sweep did.
#[derive(Debug, Clone)]
pub struct Swept {
    pub sweep: escalation::SweepReport,
    /// How long the sweep took (planning and writing its messages), before the sender ran.
    pub swept_in: std::time::Duration,
    /// Weekly bulletins written into the outbox.
    pub bulletins: u64,
}

/// What one step did.
#[derive(Debug, Clone)]
pub struct StepReport {
    pub sweep: escalation::SweepReport,
    pub swept_in: std::time::Duration,
    pub bulletins: u64,
    pub send: outbox::SendReport,
    /// Files kept from refused reports for longer than a day, removed.
    pub pending_removed: u64,
    /// The place in the audit chain recorded as a checkpoint, if the head had moved.
    pub checkpoint: Option<i64>,
}

/// One sweep, this week's bulletins if not written yet, one run of the sender, the kept files
/// of refused reports older than a day removed, then the audit chain's checkpoint.
pub async fn step(ctx: &Ctx, mailer: &Mailer, worker: &str) -> ServiceResult<StepReport> {
    let Swept { sweep, swept_in, bulletins } = sweep_step(ctx).await?;
    let (send, pending_removed, checkpoint) = send_step(ctx, mailer, worker).await?;
    Ok(StepReport { sweep, swept_in, bulletins, send, pending_removed, checkpoint })
}

/// A step's first half: the sweep and this week's bulletins.
pub async fn sweep_step(ctx: &Ctx) -> ServiceResult<Swept> {
    let started = std::time::Instant::now();
    let sweep = escalation::sweep(ctx).await?;
    let swept_in = started.elapsed();
    let bulletins = escalation::weekly_bulletins(ctx).await?;
    Ok(Swept { sweep, swept_in, bulletins })
}

/// A step's second half: the sender, the kept files removed, the audit checkpoint.
pub async fn send_step(
    ctx: &Ctx,
    mailer: &Mailer,
    worker: &str,
) -> ServiceResult<(outbox::SendReport, u64, Option<i64>)> {
    let send = outbox::send_due(ctx, mailer, worker).await?;
    let pending_removed = pending::sweep(ctx).await?;
    let checkpoint = audit::checkpoint(ctx).await?;
    Ok((send, pending_removed, checkpoint))
}

/// Runs `step` at once and then every `every`, until `stop` turns true (or its sender is
/// dropped). A step in progress is finished, never cut off half-way; an error is logged and
/// the next tick tries again.
pub async fn run(ctx: Ctx, mailer: Mailer, every: Duration, mut stop: watch::Receiver<bool>) {
    let worker = worker_name_for(ctx.config.instance_name.as_deref());
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
            _ = ticks.tick() => {
                match step(&ctx, &mailer, &worker).await {
                    Ok(report) => tracing::debug!(
                        worker = %worker,
                        enqueued = report.sweep.enqueued,
                        sent = report.send.sent,
                        "escalation and outbox step"
                    ),
                    Err(err) => {
                        tracing::error!(error = %err, cause = ?std::error::Error::source(&err), "escalation and outbox step failed");
                    }
                }
            }
        }
    }
    tracing::info!("escalation and outbox stopped");
}
