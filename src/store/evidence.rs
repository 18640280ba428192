//! Evidence files: blobs in the configured store (`blobs`), named by their sha256 so the same
//! file uploaded twice is stored once, and a row per attachment in the database.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use sha2::{Digest, Sha256};

use super::blobs::{self, Blobs, ByteStream, Upload};
use super::{StoreError, StoreResult};
use crate::entities::{evidence_files, pending_evidence};

/// An upload's key under `incoming/`, removed when dropped unless it was placed or discarded
/// first (in the background then: a request that stopped half way cannot wait for it; what
/// even that misses, `duban storage gc` removes after its grace period).
#[derive(Debug)]
struct Staged {
    blobs: Blobs,
    key: String,
    armed: bool,
}

impl Staged {
    fn new(blobs: &Blobs) -> Self {
        let key = format!("{}/{}", blobs::INCOMING, uuid::Uuid::new_v4().simple());
        Staged { blobs: blobs.clone(), key, armed: true }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (blobs, key) = (self.blobs.clone(), std::mem::take(&mut self.key));
            runtime.spawn(async move {
                let _ = blobs.delete(&key).await;
            });
        }
    }
}

/// A file arriving, streamed to the store under `incoming/` and hashed as it comes, so that no
/// upload is ever held whole in memory (at most one part of `blobs::PART_BYTES`).
#[derive(Debug)]
pub struct IncomingBlob {
    upload: Upload,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    utf8: Utf8Check,
    staged: Staged,
}

/// A file received whole, still under `incoming/`: its sha256, size, first bytes (for the
/// type check) and whether it is UTF-8 text. Placed, or discarded.
#[derive(Debug)]
pub struct ReceivedBlob {
    pub sha256: String,
    pub size: u64,
    pub head: Vec<u8>,
    pub utf8: bool,
    staged: Staged,
}

/// A blob at its content address; `created` when this upload put it there.
#[derive(Debug, Clone)]
pub struct PlacedBlob {
    pub sha256: String,
    pub relative: String,
    pub created: bool,
}

/// How many first bytes are kept for the type check.
const HEAD_BYTES: usize = 16;

impl IncomingBlob {
    pub async fn create(blobs: &Blobs) -> std::io::Result<Self> {
        let staged = Staged::new(blobs);
        let upload = blobs.upload(&staged.key)?;
        Ok(IncomingBlob {
            upload,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            utf8: Utf8Check::default(),
            staged,
        })
    }

    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let wanted = HEAD_BYTES.saturating_sub(self.head.len()).min(chunk.len());
        self.head.extend_from_slice(&chunk[..wanted]);
        self.hasher.update(chunk);
        self.utf8.feed(chunk);
        self.size += chunk.len() as u64;
        self.upload.write(Bytes::copy_from_slice(chunk)).await
    }

    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub async fn finish(self) -> std::io::Result<ReceivedBlob> {
        self.upload.finish().await?;
        Ok(ReceivedBlob {
            sha256: hex::encode(self.hasher.finalize()),
            size: self.size,
            head: self.head,
            utf8: self.utf8.finish(),
            staged: self.staged,
        })
    }

    /// Gives the upload up: nothing of it stays in the store.
    pub async fn abort(mut self) {
        self.staged.armed = false;
        self.upload.abort().await;
        let _ = self.staged.blobs.delete(&self.staged.key).await;
    }
}

impl ReceivedBlob {
    /// Moves the blob to `ab/abcdef…`, named by its sha256, so the same bytes are kept once.
    pub async fn place(mut self, blobs: &Blobs) -> std::io::Result<PlacedBlob> {
        let relative = blobs::content_key(&self.sha256);
        let created = !blobs.exists(&relative).await?;
        if created {
            blobs.rename(&self.staged.key, &relative).await?;
        } else {
            blobs.delete(&self.staged.key).await?;
        }
        self.staged.armed = false;
        Ok(PlacedBlob { sha256: self.sha256.clone(), relative, created })
    }

    /// Removes the received file: it was refused.
    pub async fn discard(mut self) {
        self.staged.armed = false;
        let _ = self.staged.blobs.delete(&self.staged.key).await;
    }
}

/// Removes a blob this upload created, when the change it belonged to was refused.
pub async fn remove_blob(blobs: &Blobs, relative: &str) -> std::io::Result<()> {
    blobs.delete(relative).await
}

/// Holds the blob named `sha256` until the caller's transaction ends, so that one report
/// placing it and another removing it take turns (an advisory lock on PostgreSQL; SQLite's
/// single writer already serialises the transactions that place files).
pub async fn hold_blob(conn: &impl ConnectionTrait, sha256: &str) -> StoreResult<()> {
    if conn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    // The first 60 bits of the hash, as the lock's key: collisions only make two reports wait.
    let key = i64::from_str_radix(sha256.get(..15).unwrap_or("0"), 16).unwrap_or(0);
    let mut sql = super::Sql::new(sea_orm::DbBackend::Postgres);
    sql.push("SELECT pg_advisory_xact_lock(").bind(key).push(")");
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

/// True when some evidence row, or a file kept for a resubmission, names the blob: it must stay.
pub async fn blob_in_use(conn: &impl ConnectionTrait, sha256: &str) -> StoreResult<bool> {
    let evidence =
        evidence_files::Entity::find().filter(evidence_files::Column::Sha256.eq(sha256)).one(conn).await?.is_some();
    Ok(evidence || super::pending::names_blob(conn, sha256).await?)
}

/// Whether a stream of bytes is UTF-8, checked piece by piece: a character split between two
/// pieces is carried over to the next.
#[derive(Debug, Default)]
struct Utf8Check {
    carry: Vec<u8>,
    invalid: bool,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        if self.invalid {
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(chunk);
        match std::str::from_utf8(&bytes) {
            Ok(_) => {}
            // Cut inside a character at the end: keep its first bytes for the next piece.
            Err(e) if e.error_len().is_none() => self.carry = bytes[e.valid_up_to()..].to_vec(),
            Err(_) => self.invalid = true,
        }
    }

    fn finish(self) -> bool {
        !self.invalid && self.carry.is_empty()
    }
}

/// A blob's bytes, streamed from the store.
pub async fn read_blob(blobs: &Blobs, relative: &str) -> std::io::Result<ByteStream> {
    blobs.get(relative).await
}

/// Every blob the evidence rows and the files kept for a resubmission name:
/// (sha256, storage_path), each once, in storage_path order.
pub async fn referenced(conn: &impl ConnectionTrait) -> StoreResult<Vec<(String, String)>> {
    let mut named: Vec<(String, String)> = evidence_files::Entity::find()
        .select_only()
        .column(evidence_files::Column::Sha256)
        .column(evidence_files::Column::StoragePath)
        .distinct()
        .order_by_asc(evidence_files::Column::StoragePath)
        .into_tuple()
        .all(conn)
        .await?;
    let pending: Vec<(String, String)> = pending_evidence::Entity::find()
        .select_only()
        .column(pending_evidence::Column::Sha256)
        .column(pending_evidence::Column::StoragePath)
        .distinct()
        .into_tuple()
        .all(conn)
        .await?;
    named.extend(pending);
    named.sort_by(|a, b| a.1.cmp(&b.1));
    named.dedup();
    Ok(named)
}

/// Takes the database's one writer (SQLite) before a blob is removed, so that a report placing
/// the same bytes (which writes before it places) waits until the removal is done.
pub async fn take_writer(conn: &impl ConnectionTrait) -> StoreResult<()> {
    if conn.get_database_backend() == sea_orm::DbBackend::Sqlite {
        conn.execute_unprepared("UPDATE evidence_files SET id = id WHERE 0 = 1").await?;
    }
    Ok(())
}

pub struct NewEvidence<'a> {
    pub task_id: i64,
    pub report_id: Option<i64>,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_path: &'a str,
    pub uploaded_by: Option<i64>,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewEvidence<'_>,
    now: DateTime<Utc>,
) -> StoreResult<evidence_files::Model> {
    Ok(evidence_files::ActiveModel {
        task_id: Set(new.task_id),
        report_id: Set(new.report_id),
        file_name: Set(new.file_name.to_owned()),
        content_type: Set(new.content_type.to_owned()),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256.to_owned()),
        storage_path: Set(new.storage_path.to_owned()),
        uploaded_by: Set(new.uploaded_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<evidence_files::Model> {
    evidence_files::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("file"))
}

pub async fn for_task(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<Vec<evidence_files::Model>> {
    Ok(evidence_files::Entity::find()
        .filter(evidence_files::Column::TaskId.eq(task_id))
        .order_by_asc(evidence_files::Column::Id)
        .all(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_between_pieces_is_still_utf8_and_a_bad_byte_is_not() {
        let text = "整改台账".as_bytes();
        let mut check = Utf8Check::default();
        for piece in text.chunks(2) {
            check.feed(piece);
        }
        assert!(check.finish());
        let mut check = Utf8Check::default();
        check.feed(b"ok \xFF");
        assert!(!check.finish());
        let mut cut = Utf8Check::default();
        cut.feed(&text[..2]);
        assert!(!cut.finish(), "a character cut off at the end is not text");
    }
}
