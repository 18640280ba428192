//! Evidence files: bytes on disk under `attachments/`, named by their sha256 so the same file
//! uploaded twice is stored once, and a row per attachment in the database.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use super::{StoreError, StoreResult};
use crate::entities::evidence_files;

/// Where files wait while they arrive: beside the blobs, so that placing one is a rename.
const INCOMING: &str = ".incoming";

/// A path that is removed when dropped, unless it was moved away first.
#[derive(Debug)]
struct TempPath(PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        // Gone already when it was placed; anything else left behind is what this cleans up.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A file arriving, streamed to a temporary file beside the blobs and hashed as it comes, so
/// that no upload is ever held whole in memory. Dropped before `finish`, it leaves nothing.
#[derive(Debug)]
pub struct IncomingBlob {
    file: tokio::fs::File,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    utf8: Utf8Check,
    temp: TempPath,
}

/// A file received whole, still in its temporary place: its sha256, size, first bytes (for
/// the type check) and whether it is UTF-8 text. Dropped unplaced, it is removed.
#[derive(Debug)]
pub struct ReceivedBlob {
    pub sha256: String,
    pub size: u64,
    pub head: Vec<u8>,
    pub utf8: bool,
    temp: TempPath,
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
    pub async fn create(root: &Path) -> std::io::Result<Self> {
        let dir = root.join(INCOMING);
        tokio::fs::create_dir_all(&dir).await?;
        let path = dir.join(uuid::Uuid::new_v4().simple().to_string());
        let file = tokio::fs::File::create(&path).await?;
        Ok(IncomingBlob {
            file,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            utf8: Utf8Check::default(),
            temp: TempPath(path),
        })
    }

    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        let wanted = HEAD_BYTES.saturating_sub(self.head.len()).min(chunk.len());
        self.head.extend_from_slice(&chunk[..wanted]);
        self.hasher.update(chunk);
        self.utf8.feed(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk).await
    }

    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub async fn finish(mut self) -> std::io::Result<ReceivedBlob> {
        use tokio::io::AsyncWriteExt;
        self.file.flush().await?;
        self.file.sync_all().await?;
        Ok(ReceivedBlob {
            sha256: hex::encode(self.hasher.finalize()),
            size: self.size,
            head: self.head,
            utf8: self.utf8.finish(),
            temp: self.temp,
        })
    }
}

impl ReceivedBlob {
    /// Moves the file to `root/ab/abcdef…`, named by its sha256, so the same bytes are kept once.
    pub async fn place(self, root: &Path) -> std::io::Result<PlacedBlob> {
        let relative = format!("{}/{}", &self.sha256[..2], self.sha256);
        let path = root.join(&relative);
        let created = !tokio::fs::try_exists(&path).await?;
        if created {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
            tokio::fs::create_dir_all(&dir).await?;
            tokio::fs::rename(&self.temp.0, &path).await?;
        }
        Ok(PlacedBlob { sha256: self.sha256.clone(), relative, created })
    }
}

/// Removes a blob this upload created, when the change it belonged to was refused.
pub async fn remove_blob(root: &Path, relative: &str) -> std::io::Result<()> {
    tokio::fs::remove_file(root.join(relative)).await
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

/// True when some evidence row names the blob: it must stay.
pub async fn blob_in_use(conn: &impl ConnectionTrait, sha256: &str) -> StoreResult<bool> {
    Ok(evidence_files::Entity::find().filter(evidence_files::Column::Sha256.eq(sha256)).one(conn).await?.is_some())
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

pub async fn read_blob(root: &Path, relative: &str) -> std::io::Result<Vec<u8>> {
    tokio::fs::read(root.join(relative)).await
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
