//! Files kept across a refused report. A page's progress or completion report refused for a
//! reason the person can fix (a missing text, a percentage out of range, open child tasks)
//! keeps the evidence files it carried, checked and stored like evidence, for that person
//! and task: the form shown again lists them, each with a box to drop it, and the
//! resubmission attaches the ones still ticked. Only their uploader can attach them; the
//! background sweep removes those kept longer than [`KEPT_FOR`].

use chrono::Duration;
use sea_orm::TransactionTrait;

use super::evidence::CheckedUpload;
use super::store::{self, evidence::PlacedBlob};
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::{domain::ids::TaskId, entities::pending_evidence};

/// How long a refused report's files are kept for its resubmission.
pub const KEPT_FOR: Duration = Duration::days(1);

/// A file kept for the person's resubmission.
#[derive(Debug, Clone)]
pub struct PendingFile {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl From<pending_evidence::Model> for PendingFile {
    fn from(m: pending_evidence::Model) -> Self {
        PendingFile { id: m.id, file_name: m.file_name, content_type: m.content_type, size_bytes: m.size_bytes }
    }
}

/// Whether a refusal is one the person fixes in the form, so that the files it carried are
/// kept for the resubmission: a field's value, or the task's open children.
pub(super) fn worth_keeping(err: &ServiceError) -> bool {
    match err {
        ServiceError::Invalid { field, .. } | ServiceError::ConflictsWith { field, .. } => *field != "evidence",
        ServiceError::Refused(crate::domain::lifecycle::Refusal::OpenChildren { .. }) => true,
        _ => false,
    }
}

/// The files kept for the actor's resubmission on the task, oldest first.
pub async fn kept(ctx: &Ctx, actor: &Actor, task_id: TaskId) -> ServiceResult<Vec<PendingFile>> {
    Ok(store::pending::for_task_user(&ctx.reads, task_id.0, actor.user_id.0)
        .await?
        .into_iter()
        .map(PendingFile::from)
        .collect())
}

/// Keeps a refused report's files for the actor's resubmission, beside the kept files it
/// still ticked (`still_wanted`); the kept files it no longer ticked are removed.
pub(super) async fn keep(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    files: Vec<CheckedUpload>,
    still_wanted: &[i64],
) -> ServiceResult<()> {
    let blobs = ctx.blobs();
    let now = ctx.now();
    let mut placed: Vec<PlacedBlob> = Vec::with_capacity(files.len());
    // In sha256 order, as a report takes them.
    let mut hashes: Vec<String> = files.iter().map(|f| f.blob.sha256.clone()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let mut waiting = files.into_iter();
    let mut wanted = still_wanted.to_vec();
    let txn = ctx.db.begin().await;
    let stored = async {
        let txn = txn?;
        // Written before a blob is placed, and holding it, as a report does: a removal of the
        // same bytes waits, or is seen.
        store::evidence::take_writer(&txn).await?;
        for sha256 in &hashes {
            store::evidence::hold_blob(&txn, sha256).await?;
        }
        for file in waiting.by_ref() {
            let size_bytes = file.blob.size as i64;
            let blob = file.blob.place(blobs).await.map_err(ServiceError::files("keeping evidence"))?;
            placed.push(blob.clone());
            let new = store::pending::NewPending {
                task_id: task_id.0,
                user_id: actor.user_id.0,
                file_name: &file.file_name,
                content_type: file.content_type,
                size_bytes,
                sha256: &blob.sha256,
                storage_path: &blob.relative,
            };
            wanted.push(store::pending::insert(&txn, new, now).await?.id);
        }
        txn.commit().await?;
        Ok::<_, ServiceError>(())
    }
    .await;
    if let Err(err) = stored {
        for file in waiting {
            file.discard().await;
        }
        for blob in placed.iter().filter(|b| b.created) {
            if !store::evidence::blob_in_use(&ctx.db, &blob.sha256).await.unwrap_or(true) {
                let _ = store::evidence::remove_blob(blobs, &blob.relative).await;
            }
        }
        return Err(err);
    }
    release_others(ctx, task_id, actor.user_id.0, &wanted).await
}

/// Removes the files kept for `user_id` on the task other than `keep_ids` (dropped by the
/// person, or left behind by a report that went through).
pub(super) async fn release_others(ctx: &Ctx, task_id: TaskId, user_id: i64, keep_ids: &[i64]) -> ServiceResult<()> {
    for row in store::pending::for_task_user(&ctx.db, task_id.0, user_id).await? {
        if !keep_ids.contains(&row.id) {
            release(ctx, &row).await?;
        }
    }
    Ok(())
}

/// Removes one kept file: its row, and its blob unless another row names the same bytes,
/// checked while holding the blob as a report placing the same bytes holds it.
async fn release(ctx: &Ctx, row: &pending_evidence::Model) -> ServiceResult<()> {
    let txn = ctx.db.begin().await?;
    store::evidence::take_writer(&txn).await?;
    store::evidence::hold_blob(&txn, &row.sha256).await?;
    store::pending::remove_one(&txn, row.id).await?;
    if !store::evidence::blob_in_use(&txn, &row.sha256).await? {
        store::evidence::remove_blob(ctx.blobs(), &row.storage_path)
            .await
            .map_err(ServiceError::files("removing kept evidence"))?;
    }
    txn.commit().await?;
    Ok(())
}

/// Removes the files kept longer than [`KEPT_FOR`]: one step of the background sweep. How many.
#[tracing::instrument(skip_all)]
pub async fn sweep(ctx: &Ctx) -> ServiceResult<u64> {
    let old = store::pending::older_than(&ctx.db, ctx.now() - KEPT_FOR).await?;
    for row in &old {
        release(ctx, row).await?;
    }
    Ok(old.len() as u64)
}
