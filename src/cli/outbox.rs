//! `duban escalate` and `duban outbox`: what a step did, and what the outbox holds.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use duban::{jobs::StepReport, services::outbox::Outbox};

/// A `--from`/`--to` of `duban outbox retry`: an RFC 3339 instant, or a day in `zone`, from
/// its first instant (`end`: to its last).
pub fn instant(option: &str, text: &str, zone: chrono_tz::Tz, end: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(at.with_timezone(&Utc));
    }
    let day = text
        .trim()
        .parse::<chrono::NaiveDate>()
        .map_err(|_| format!("{option}: {text:?} is neither a day (YYYY-MM-DD) nor an instant (RFC 3339)"))?;
    use duban::domain::calendar::{end_of_day, start_of_day};
    Ok(if end { end_of_day(day, zone) } else { start_of_day(day, zone) })
}

pub fn render_step(report: &StepReport) -> String {
    let (sweep, send) = (&report.sweep, &report.send);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "swept {} tasks that owe work: {} messages due, queued {} new ({} recipients without an e-mail address skipped)",
        sweep.tasks, sweep.due, sweep.enqueued, sweep.without_email
    );
    if sweep.digests > 0 {
        let _ = writeln!(
            out,
            "queued {} daily digests (counting {} tasks for those above the units that owe them; included above)",
            sweep.digests, sweep.digested
        );
    }
    if sweep.bundles > 0 || sweep.waiting > 0 {
        let _ = writeln!(
            out,
            "queued {} bundles of reminders (telling {} reminders of units with more than a few today; included \
             above), {} reminders wait for the next bundle",
            sweep.bundles, sweep.bundled, sweep.waiting
        );
    }
    if report.bulletins > 0 {
        let _ = writeln!(out, "queued {} weekly bulletins", report.bulletins);
    }
    let _ = writeln!(
        out,
        "sent {}, failed {} (to be retried), dead {}, skipped {} (task closed or recipient no longer sees it)",
        send.sent, send.failed, send.dead, send.skipped
    );
    if let Some(seq) = report.checkpoint {
        let _ = writeln!(out, "recorded the audit chain's head at event {seq} as a checkpoint");
    }
    out
}

pub fn render_outbox(outbox: &Outbox) -> String {
    let mut out = String::new();
    let counts: Vec<String> = outbox.counts.iter().map(|(status, n)| format!("{status} {n}")).collect();
    let _ = writeln!(out, "{}", counts.join(", "));
    if outbox.undelivered.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{:<8} {:<8} {:>8} {:<20} {:<32} subject / last error",
        "id", "status", "attempts", "next attempt (UTC)", "to"
    );
    for row in &outbox.undelivered {
        let _ = writeln!(
            out,
            "{:<8} {:<8} {:>8} {:<20} {:<32} {}",
            row.id,
            row.status.as_str(),
            row.attempts,
            row.next_attempt_at.format("%Y-%m-%d %H:%M:%S"),
            // A group robot's address is a secret: named by its channel and number.
            match row.robot_id {
                Some(robot) => format!("{} #{robot}", row.channel),
                None => row.recipient_email.clone(),
            },
            row.subject
        );
        if let Some(error) = &row.last_error {
            let _ = writeln!(out, "{:<80} ! {error}", "");
        }
    }
    out
}
