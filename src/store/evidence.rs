//! Evidence files: bytes on disk under `attachments/`, named by their sha256 so the same file
//! uploaded twice is stored once, and a row per attachment in the database.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use super::{StoreError, StoreResult};
use crate::entities::evidence_files;

/// Writes the bytes to `root/ab/abcdef…` (atomically: a temporary file renamed into place)
/// and returns the sha256 and the path relative to `root`.
pub async fn write_blob(root: &Path, bytes: &[u8]) -> std::io::Result<(String, String)> {
    let sha = hex::encode(Sha256::digest(bytes));
    let relative = format!("{}/{}", &sha[..2], sha);
    let path = root.join(&relative);
    if tokio::fs::try_exists(&path).await? {
        return Ok((sha, relative));
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
    tokio::fs::create_dir_all(&dir).await?;
    let temporary: PathBuf = dir.join(format!(".{}.{}", sha, uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&temporary, bytes).await?;
    tokio::fs::rename(&temporary, &path).await?;
    Ok((sha, relative))
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
