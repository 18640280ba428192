//! The blob store as a whole: `duban storage verify` (every blob a row names is there, with
//! its sha256), `duban storage gc` (blobs no row names, after a grace period), `duban storage
//! migrate` (every blob copied to another store and verified there), and the copies that
//! `duban backup` and `restore` make.
//!
//! Evidence rows have always carried the sha256 of their bytes (and the blob's key is made
//! from it), so nothing needs filling in: verify and migrate compare against the rows.

use crate::domain::message::Message;
use std::collections::HashSet;
use std::io;
use std::ops::ControlFlow;

use sea_orm::TransactionTrait;

use super::store::{
    self,
    blobs::{self, Blobs},
};
use super::{Ctx, ServiceError, ServiceResult};
use crate::config::{Config, StorageSettings};

fn files(doing: &'static str) -> impl FnOnce(io::Error) -> ServiceError {
    ServiceError::files(doing)
}

/// The configured store can be opened (an S3 setting the client refuses stops the start).
pub fn check(config: &Config) -> Result<(), String> {
    Blobs::open(&config.storage).check().map_err(|e| format!("configuration: storage_url: {e}"))
}

/// Copies every content blob (a key named by its sha256) from `from` to `to`, and checks the
/// sha256 of the bytes copied against the name; a copy that does not match is removed and
/// refused. Returns how many were copied.
pub(super) async fn copy_blobs(from: &Blobs, to: &Blobs) -> ServiceResult<u64> {
    let mut copied = 0;
    for meta in from.list().await.map_err(files("listing the store"))? {
        let Some(sha256) = blobs::sha256_of_key(&meta.key) else { continue };
        let (got, _) = from.copy_to(&meta.key, to).await.map_err(files("copying evidence"))?;
        if got != sha256 {
            let _ = to.delete(&meta.key).await;
            return Err(ServiceError::Conflict(Message::new("error-storage-checksum").text(
                "detail",
                format!("{} in {} holds bytes whose sha256 is {got}, not its name", meta.key, from.url()),
            )));
        }
        copied += 1;
    }
    Ok(copied)
}

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Verified {
    /// Blobs named by the rows and checked.
    pub checked: u64,
    /// One line per blob missing or holding other bytes than its rows say.
    pub problems: Vec<String>,
}

/// Reads every blob an evidence row names and compares its sha256 with the row's.
#[tracing::instrument(skip_all)]
pub async fn verify(ctx: &Ctx) -> ServiceResult<Verified> {
    verify_in(ctx, ctx.blobs()).await
}

async fn verify_in(ctx: &Ctx, blobs: &Blobs) -> ServiceResult<Verified> {
    let mut verified = Verified::default();
    for (sha256, key) in store::evidence::referenced(&ctx.reads).await? {
        verified.checked += 1;
        match blobs.digest(&key).await {
            Ok((got, _)) if got == sha256 => {}
            Ok((got, _)) => verified.problems.push(format!("{key}: its bytes' sha256 is {got}; the rows say {sha256}")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => verified.problems.push(format!("{key}: missing")),
            Err(e) => return Err(files("reading evidence")(e)),
        }
    }
    Ok(verified)
}

/// What `gc` did.
#[derive(Debug, Default)]
pub struct Collected {
    /// The keys removed: blobs no row names and uploads abandoned, older than the grace period.
    pub removed: Vec<String>,
    /// Blobs a row names.
    pub referenced: u64,
    /// Blobs no row names (yet), younger than the grace period.
    pub young: u64,
}

/// Removes the blobs no evidence row names, and the uploads left in `incoming/`, once they are
/// older than `grace` (by the store's clock): a report whose file is placed but whose row is
/// not yet committed is younger than that. A content blob is checked again while holding it
/// as a report placing the same bytes holds it, so that a row committed meanwhile keeps it.
/// Keys that are neither are not Duban's and stay.
#[tracing::instrument(skip_all)]
pub async fn gc(ctx: &Ctx, grace: chrono::Duration) -> ServiceResult<Collected> {
    let now = ctx.now();
    let blobs = ctx.blobs();
    let named: HashSet<String> =
        store::evidence::referenced(&ctx.reads).await?.into_iter().map(|(_, key)| key).collect();
    let mut collected = Collected::default();
    for meta in blobs.list().await.map_err(files("listing the store"))? {
        if named.contains(&meta.key) {
            collected.referenced += 1;
            continue;
        }
        let incoming = meta.key.starts_with(&format!("{}/", blobs::INCOMING));
        let sha256 = blobs::sha256_of_key(&meta.key);
        if sha256.is_none() && !incoming {
            continue;
        }
        if meta.modified > now - grace {
            collected.young += 1;
            continue;
        }
        if let Some(sha256) = sha256 {
            let txn = ctx.db.begin().await?;
            store::evidence::take_writer(&txn).await?;
            store::evidence::hold_blob(&txn, sha256).await?;
            if store::evidence::blob_in_use(&txn, sha256).await? {
                txn.rollback().await?;
                collected.referenced += 1;
                continue;
            }
            blobs.delete(&meta.key).await.map_err(files("removing evidence"))?;
            txn.commit().await?;
        } else {
            blobs.delete(&meta.key).await.map_err(files("removing an abandoned upload"))?;
        }
        tracing::info!(key = %meta.key, store = blobs.url(), "storage gc removed a blob no row names");
        collected.removed.push(meta.key);
    }
    Ok(collected)
}

/// How far `migrate` got.
#[derive(Debug, Default)]
pub struct Migrated {
    /// Blobs copied by this run (each read back from the target and its sha256 checked).
    pub copied: u64,
    /// Blobs already in the target with the right sha256 (an earlier run's), left as they were.
    pub present: u64,
    /// Stopped before the end (by the caller): run it again to continue.
    pub interrupted: bool,
    /// After the copy, blobs the rows name that the target lacks or holds other bytes for: the
    /// store cannot be switched.
    pub problems: Vec<String>,
}

impl Migrated {
    /// Every blob is in the target and verified: the configuration may switch to it.
    pub fn complete(&self) -> bool {
        !self.interrupted && self.problems.is_empty()
    }
}

/// Copies every blob of the configured store to `to`, skipping those already there with the
/// right sha256 (so that a second run continues where the first stopped), checking each copy
/// by reading it back, then verifies every blob a row names in `to`. `each` is told every key
/// done (and whether it was copied) and may stop the run. The configuration is not changed
/// here: the caller switches it when `complete()`.
#[tracing::instrument(skip_all)]
pub async fn migrate(
    ctx: &Ctx,
    to: &StorageSettings,
    mut each: impl FnMut(&str, bool) -> ControlFlow<()>,
) -> ServiceResult<Migrated> {
    let from = ctx.blobs();
    let target = Blobs::open(to);
    target
        .check()
        .map_err(|e| ServiceError::invalid("to", Message::new("error-storage-target").text("detail", e.to_string())))?;
    if target.url() == from.url() && to.endpoint == ctx.config.storage.endpoint {
        return Err(ServiceError::invalid("to", Message::new("error-storage-same").text("url", target.url())));
    }
    let mut migrated = Migrated::default();
    for meta in from.list().await.map_err(files("listing the store"))? {
        let Some(sha256) = blobs::sha256_of_key(&meta.key) else { continue };
        let there = match target.digest(&meta.key).await {
            Ok((got, _)) => got == sha256,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(files("reading the target store")(e)),
        };
        if there {
            migrated.present += 1;
        } else {
            let (got, _) = from.copy_to(&meta.key, &target).await.map_err(files("copying evidence"))?;
            let (landed, _) = target.digest(&meta.key).await.map_err(files("reading back a copy"))?;
            if got != sha256 || landed != sha256 {
                let _ = target.delete(&meta.key).await;
                return Err(ServiceError::Conflict(Message::new("error-storage-checksum").text(
                    "detail",
                    format!(
                        "{}: read {got} from {}, found {landed} in {}; its name says {sha256}",
                        meta.key,
                        from.url(),
                        target.url()
                    ),
                )));
            }
            migrated.copied += 1;
        }
        if each(&meta.key, !there).is_break() {
            migrated.interrupted = true;
            return Ok(migrated);
        }
    }
    migrated.problems = verify_in(ctx, &target).await?.problems;
    Ok(migrated)
}
