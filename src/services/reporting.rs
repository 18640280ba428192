//! A report with its evidence files, as one use case: decide that the caller may report on
//! the task before a byte of the request's body is read, then receive the files (each held
//! to the size limit as it arrives, never whole in memory), then act: the report, its files
//! and their rows commit together, or nothing is left behind, in the store or in the database.
//!
//! The files are received before the transaction opens: a slow upload must not hold the
//! database's one writer (SQLite) or the task's row lock (PostgreSQL) while it trickles in.
//! Everything decided before reading is decided again inside the transaction.

use crate::domain::message::Message;
use std::future::Future;

use sea_orm::{ConnectionTrait, TransactionTrait};

use super::store::{self, evidence::PlacedBlob};
use super::{
    Actor, Ctx, ServiceError, ServiceResult, access,
    evidence::{self, CheckedUpload},
    pending, records,
    tasks::{self, ActionInput},
};
use crate::domain::{ids::TaskId, lifecycle::TaskAction, vocabulary::ReportKind};

/// One part of a report as the request carries it, in the order it was sent.
pub enum ReportPart<F> {
    /// The task version the reporter read.
    Version(i32),
    /// The percentage done (progress reports).
    Progress(i32),
    /// What was done.
    Text(String),
    /// An evidence file: the name the sender gave it, and its bytes as they arrive.
    File { name: String, body: F },
    /// A part that carries nothing (a page form's file input left empty).
    Nothing,
    /// A file kept from the sender's refused report (a page form), to attach again.
    Kept(i64),
}

/// The bytes of one file as they arrive.
pub trait FileBody: Send {
    type Chunk: AsRef<[u8]> + Send;
    type Error;

    /// The next piece of the file, or `None` at its end.
    fn chunk(&mut self) -> impl Future<Output = Result<Option<Self::Chunk>, Self::Error>> + Send;
}

/// A report's request, read one part at a time: the web layer's multipart form, or any other
/// source. Reading it is the caller's business (a malformed body, a field that is not a
/// number); what it fails with comes back to the caller unchanged, beside the service's own
/// refusals, which convert into it.
pub trait ReportParts: Send {
    type Error: From<ServiceError> + Send;
    type File<'a>: FileBody<Error = Self::Error>
    where
        Self: 'a;

    /// The next part, or `None` at the end of the request.
    fn next_part(&mut self) -> impl Future<Output = Result<Option<ReportPart<Self::File<'_>>>, Self::Error>> + Send;

    /// Whether a refusal the sender can fix keeps the files this request carried for the
    /// resubmission (a page's form, shown again with them), rather than removing them.
    fn keeps_refused_files(&self) -> bool {
        false
    }
}

/// Reports progress (`ReportKind::Progress`) or completion on the task, with the evidence files
/// `parts` carries. Refused before the body is read: a task the actor may not see (not
/// found), a role that does not report, a unit that is not the task's assignee.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = task_id.0, kind = %kind))]
pub async fn report<P: ReportParts>(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    kind: ReportKind,
    parts: &mut P,
) -> Result<records::Task, P::Error> {
    let action = match kind {
        ReportKind::Progress => TaskAction::Progress,
        ReportKind::Completion => TaskAction::Complete,
    };
    let task = access::visible_task(&ctx.reads, actor, task_id).await?;
    tasks::ensure_party(actor, &task, action)?;
    let keeps = parts.keeps_refused_files();
    let Received { input, uploads, kept, refusal } = receive(ctx, parts, kind).await?;
    if let Err(e) = refusal {
        if keeps && pending::worth_keeping(&e) {
            keep_unchecked(ctx, actor, task_id, uploads, &kept).await;
        } else {
            for upload in uploads {
                upload.discard().await;
            }
        }
        return Err(e.into());
    }
    let files = evidence::check_all(uploads, ctx.config.upload_max_bytes).await?;
    let sent = Sent { input, files, kept, keeps };
    Ok(commit(ctx, actor, task_id, action, sent).await?)
}

/// A request read whole: its fields, the files received (not yet checked), the kept files it
/// ticked, and the refusal of its fields, if any.
struct Received {
    input: ActionInput,
    uploads: Vec<evidence::Upload>,
    kept: Vec<i64>,
    refusal: ServiceResult<()>,
}

/// What a report carries once its fields and files are checked.
struct Sent {
    input: ActionInput,
    files: Vec<CheckedUpload>,
    /// The files kept from the sender's refused report, to attach.
    kept: Vec<i64>,
    /// A page's form: a refusal the sender can fix keeps the files.
    keeps: bool,
}

/// A page's report refused for its fields: its files, once checked, are kept for the
/// resubmission. A file that fails the check is not kept (nor is any other, as a report
/// refused for its files keeps none), and the page names the files to choose again.
async fn keep_unchecked(ctx: &Ctx, actor: &Actor, task_id: TaskId, uploads: Vec<evidence::Upload>, kept: &[i64]) {
    if let Ok(checked) = evidence::check_all(uploads, ctx.config.upload_max_bytes).await
        && let Err(err) = pending::keep(ctx, actor, task_id, checked, kept).await
    {
        tracing::warn!(error = %err, "the files of a refused report could not be kept");
    }
}

/// Reads the whole request: its fields, and its files, each streamed to the store's
/// `incoming/` as it arrives and checked once whole. Refused, it leaves nothing there.
async fn receive<P: ReportParts>(ctx: &Ctx, parts: &mut P, kind: ReportKind) -> Result<Received, P::Error> {
    let mut input = ActionInput::default();
    let mut version = None;
    let mut uploads = Vec::new();
    let mut kept = Vec::new();
    if let Err(e) = read_parts(ctx, parts, &mut input, &mut version, &mut uploads, &mut kept).await {
        for upload in uploads {
            upload.discard().await;
        }
        return Err(e);
    }
    let refusal = check_fields(kind, &input, version);
    input.version = version.unwrap_or_default();
    Ok(Received { input, uploads, kept, refusal })
}

/// The parts of the request, in order; the files received so far are in `uploads` even when
/// a later part fails, so that the caller removes them.
async fn read_parts<P: ReportParts>(
    ctx: &Ctx,
    parts: &mut P,
    input: &mut ActionInput,
    version: &mut Option<i32>,
    uploads: &mut Vec<evidence::Upload>,
    kept: &mut Vec<i64>,
) -> Result<(), P::Error> {
    while let Some(part) = parts.next_part().await? {
        match part {
            ReportPart::Version(v) => *version = Some(v),
            ReportPart::Progress(p) => input.progress = Some(p),
            ReportPart::Text(text) => input.text = Some(text),
            ReportPart::Nothing => {}
            ReportPart::Kept(id) => {
                if !kept.contains(&id) {
                    kept.push(id);
                }
            }
            ReportPart::File { name, mut body } => {
                if uploads.len() + kept.len() >= evidence::MAX_FILES {
                    return Err(ServiceError::invalid(
                        "evidence",
                        Message::new("error-evidence-count").number("max", evidence::MAX_FILES),
                    )
                    .into());
                }
                let mut incoming = evidence::receive(ctx, &name).await?;
                loop {
                    let written = match body.chunk().await {
                        Ok(Some(piece)) => incoming.write(piece.as_ref()).await.map(|()| true).map_err(P::Error::from),
                        Ok(None) => Ok(false),
                        Err(e) => Err(e),
                    };
                    match written {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            incoming.abort().await;
                            return Err(e);
                        }
                    }
                }
                uploads.push(incoming.finish().await?);
            }
        }
    }
    Ok(())
}

/// The fields a report must carry.
fn check_fields(kind: ReportKind, input: &ActionInput, version: Option<i32>) -> ServiceResult<()> {
    if version.is_none() {
        return Err(ServiceError::invalid("version", Message::new("error-required")));
    }
    if kind == ReportKind::Progress && input.progress.is_none() {
        return Err(ServiceError::invalid("progress", Message::new("error-required")));
    }
    if input.text.is_none() {
        return Err(ServiceError::invalid("text", Message::new("error-required")));
    }
    Ok(())
}

/// The action and its files in one transaction. A file is moved to its place (named by its
/// sha256) before the commit; if anything fails, the files this report placed are removed
/// again unless another report's row names the same bytes, so that nothing is left on disk
/// that no row names and no row names a file that is gone. The kept files it names must be
/// the actor's, kept on this task (any other is not found, and nothing is attached); they
/// become the report's evidence. A page's report refused for a reason the actor can fix
/// keeps its files for the resubmission instead.
async fn commit(
    ctx: &Ctx,
    actor: &Actor,
    task_id: TaskId,
    action: TaskAction,
    sent: Sent,
) -> ServiceResult<records::Task> {
    let Sent { input, files, kept, keeps } = sent;
    let now = ctx.now();
    let blobs = ctx.blobs();
    let chosen = match store::pending::chosen(&ctx.db, task_id.0, actor.user_id.0, &kept).await {
        Ok(chosen) => chosen,
        Err(e) => {
            for file in files {
                file.discard().await;
            }
            return Err(e.into());
        }
    };
    let chosen_ids: Vec<i64> = chosen.iter().map(|k| k.id).collect();
    let txn = match ctx.db.begin().await {
        Ok(txn) => txn,
        Err(e) => {
            for file in files {
                file.discard().await;
            }
            return Err(e.into());
        }
    };
    // Held until the transaction ends: another report placing or removing the same bytes
    // waits, so that whichever comes second sees the other's row, or its removal. In sha256
    // order, so that two reports sharing two files take them in the same order.
    let mut hashes: Vec<String> =
        files.iter().map(|f| f.blob.sha256.clone()).chain(chosen.iter().map(|k| k.sha256.clone())).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let mut held = Ok(());
    for sha256 in hashes {
        held = held.and(store::evidence::hold_blob(&txn, &sha256).await);
    }
    // The writes go into a savepoint, so that a failed statement (which aborts a PostgreSQL
    // transaction) leaves the transaction able to look for the rows that name a blob.
    let attempt = match held.map_err(ServiceError::from) {
        Ok(()) => txn.begin().await.map_err(ServiceError::from),
        Err(e) => Err(e),
    };
    let attempt = match attempt {
        Ok(attempt) => attempt,
        Err(e) => {
            for file in files {
                file.discard().await;
            }
            return Err(e);
        }
    };
    let mut placed: Vec<PlacedBlob> = Vec::with_capacity(files.len());
    let mut waiting = files.into_iter();
    let written = async {
        store::pending::remove(&attempt, &chosen_ids).await?;
        let (task, report_id) = tasks::act_in_transaction(&attempt, actor, task_id, action, input, now).await?;
        for k in &chosen {
            let new = store::evidence::NewEvidence {
                task_id: task_id.0,
                report_id: report_id.map(|id| id.0),
                file_name: &k.file_name,
                content_type: &k.content_type,
                size_bytes: k.size_bytes,
                sha256: &k.sha256,
                storage_path: &k.storage_path,
                uploaded_by: Some(actor.user_id.0),
            };
            store::evidence::insert(&attempt, new, now).await?;
        }
        for file in waiting.by_ref() {
            let size_bytes = file.blob.size as i64;
            let blob = file.blob.place(blobs).await.map_err(ServiceError::files("storing evidence"))?;
            placed.push(blob.clone());
            let new = store::evidence::NewEvidence {
                task_id: task_id.0,
                report_id: report_id.map(|id| id.0),
                file_name: &file.file_name,
                content_type: file.content_type,
                size_bytes,
                sha256: &blob.sha256,
                storage_path: &blob.relative,
                uploaded_by: Some(actor.user_id.0),
            };
            store::evidence::insert(&attempt, new, now).await?;
        }
        Ok::<_, ServiceError>(task)
    }
    .await;
    let task = match written {
        Ok(task) => {
            attempt.commit().await?;
            task
        }
        Err(err) if keeps && placed.is_empty() && pending::worth_keeping(&err) => {
            // Refused before any file was placed, for a reason the actor fixes in the form:
            // the files wait for the resubmission, once this transaction has let go.
            attempt.rollback().await?;
            txn.rollback().await?;
            if let Err(e) = pending::keep(ctx, actor, task_id, waiting.collect(), &kept).await {
                tracing::warn!(error = %e, "the files of a refused report could not be kept");
            }
            return Err(err);
        }
        Err(err) => {
            for file in waiting {
                file.discard().await;
            }
            attempt.rollback().await?;
            remove_unused(&txn, blobs, &placed).await;
            return Err(err);
        }
    };
    if let Err(err) = txn.commit().await {
        // The transaction is gone, and its holds with it: only what no committed row names goes.
        remove_unused(&ctx.db, blobs, &placed).await;
        return Err(err.into());
    }
    if keeps {
        // The kept files the report did not tick were dropped by the actor.
        if let Err(e) = pending::release_others(ctx, task_id, actor.user_id.0, &[]).await {
            tracing::warn!(error = %e, "kept files the report dropped could not be removed");
        }
    }
    Ok(task.into())
}

/// Removes the blobs this report created that no evidence row names.
async fn remove_unused(conn: &impl ConnectionTrait, blobs: &store::blobs::Blobs, placed: &[PlacedBlob]) {
    for blob in placed.iter().filter(|b| b.created) {
        if !store::evidence::blob_in_use(conn, &blob.sha256).await.unwrap_or(true) {
            let _ = store::evidence::remove_blob(blobs, &blob.relative).await;
        }
    }
}
