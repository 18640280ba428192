//! `duban audit`: check the audit chain in the database, export a period of it as JSON Lines,
//! or check such an export offline.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use clap::Subcommand;
use duban::{
    domain::audit::export,
    services::{Ctx, audit},
};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the audit chain and name the first broken link (which event, and what differs: its
    /// content hash, its link to the previous event, a missing place, the head, a checkpoint).
    /// With --file, check an export instead, without a database.
    Verify {
        /// An export written by `duban audit export`.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Write the events of a period with their hashes, and the checkpoints among them, as JSON
    /// Lines into FILE (which must not exist).
    Export {
        /// The first day (YYYY-MM-DD, in the configured time zone) or instant (RFC 3339); default: the beginning.
        #[arg(long)]
        from: Option<String>,
        /// The last day, included (YYYY-MM-DD), or the instant the period ends before (RFC 3339); default: now.
        #[arg(long)]
        to: Option<String>,
        file: PathBuf,
    },
}

/// Checks an export file: no database, no configuration.
pub fn verify_file(file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let summary = export::verify(&text).map_err(|e| format!("{}: the export does not verify: {e}", file.display()))?;
    match (summary.first, summary.last) {
        (Some(first), Some(last)) => println!(
            "{}: sound: {} events ({first}..{last}), {} checkpoints match",
            file.display(),
            summary.events,
            summary.checkpoints
        ),
        _ => println!("{}: sound, and empty", file.display()),
    }
    Ok(())
}

pub async fn verify(ctx: &Ctx) -> Result<(), String> {
    match audit::verify(ctx).await.map_err(|e| e.to_string())? {
        Ok(sound) => {
            println!(
                "the audit chain is sound: {} events, head {} ({}), {} checkpoints match",
                sound.events, sound.head_seq, sound.head_hash, sound.checkpoints
            );
            Ok(())
        }
        Err(broken) => Err(format!("the audit chain is broken: {broken}")),
    }
}

/// A bound of the period: a day in the configured zone (its start, or for `--to` the start of
/// the next day), or an RFC 3339 instant.
fn bound(ctx: &Ctx, name: &str, text: &str, end: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let day = if end { day.succ_opt().ok_or_else(|| format!("--{name}: {text} is too late"))? } else { day };
        return Ok(ctx.start_of_day(day));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("--{name}: {text:?} is neither a day (YYYY-MM-DD) nor an instant (RFC 3339)"))
}

pub async fn export(ctx: &Ctx, from: Option<&str>, to: Option<&str>, file: &Path) -> Result<(), String> {
    let from = from.map(|t| bound(ctx, "from", t, false)).transpose()?;
    let to = to.map(|t| bound(ctx, "to", t, true)).transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && to <= from
    {
        return Err("--to: the period ends before it begins".into());
    }
    let handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| format!("cannot create {}: {e}", file.display()))?;
    let mut out = std::io::BufWriter::new(handle);
    let written = audit::export(ctx, from, to, &mut out).await.map_err(|e| match e {
        duban::services::ServiceError::Internal(cause) => cause.to_string(),
        other => duban::web::english(&other),
    })?;
    match (written.first, written.last) {
        (Some(first), Some(last)) => println!(
            "wrote {} events ({first}..{last}) and {} checkpoints to {}",
            written.events,
            written.checkpoints,
            file.display()
        ),
        _ => println!("no events in that period; wrote an empty {}", file.display()),
    }
    Ok(())
}
