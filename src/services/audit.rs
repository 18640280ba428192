//! The audit chain's use cases: walking it to find the first broken link, exporting a period
//! as JSON Lines with its checkpoints, and recording the head as a checkpoint on each sweep.
//! For the command line (`duban audit`) and the background step; no page offers them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Ctx, ServiceError, ServiceResult, store, store::StoreError};
use crate::{
    domain::audit::{
        Break, Walk, check_checkpoint,
        export::{self, Line},
    },
    entities::{audit_checkpoints, audit_events},
};

/// Events read per round of a walk or an export.
const PAGE: u64 = 2000;

/// What a sound chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub events: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub checkpoints: u64,
}

fn exported(e: audit_events::Model) -> export::Event {
    export::Event {
        id: e.id,
        seq: e.seq,
        at: e.at,
        actor_id: e.actor_id,
        actor_unit_id: e.actor_unit_id,
        entity: e.entity,
        entity_id: e.entity_id,
        action: e.action,
        before: e.before,
        after: e.after,
        note: e.note,
        prev_hash: e.prev_hash,
        hash: e.hash,
    }
}

/// Walks the whole chain in one snapshot: every event's content against its hash, every link,
/// no place missing, the head, and every checkpoint. `Ok(Err(…))` names the first break.
#[tracing::instrument(skip_all)]
pub async fn verify(ctx: &Ctx) -> ServiceResult<Result<Verified, Break>> {
    let txn = store::audit::snapshot(&ctx.reads).await?;
    if let Some(stray) = store::audit::off_chain(&txn).await? {
        // An event written around the chain: it has no place in it.
        return Ok(Err(Break::Sequence { expected: 1, found: stray.seq, id: stray.id }));
    }
    let head = store::audit::head(&txn).await?;
    let checkpoints = store::audit::checkpoints(&txn, None).await?;
    let mut wanted: HashMap<i64, Vec<&audit_checkpoints::Model>> = HashMap::new();
    for checkpoint in &checkpoints {
        wanted.entry(checkpoint.seq).or_default().push(checkpoint);
    }
    let mut walk = Walk::from_start();
    loop {
        let after = walk.last().map_or(0, |(seq, _)| seq);
        let page = store::audit::chain_after(&txn, after, PAGE).await?;
        if page.is_empty() {
            break;
        }
        for event in page {
            let stored = exported(event);
            if let Err(found) = walk.push(&stored.stored()) {
                return Ok(Err(found));
            }
            for checkpoint in wanted.remove(&stored.seq).unwrap_or_default() {
                if let Err(found) = check_checkpoint(checkpoint.seq, &checkpoint.hash, Some(&stored.hash)) {
                    return Ok(Err(found));
                }
            }
        }
    }
    if let Err(found) = walk.ends_at(head.seq, &head.hash) {
        return Ok(Err(found));
    }
    // Checkpoints beyond the last event: the chain lost its end since they were recorded.
    if let Some(checkpoint) = wanted.into_values().flatten().min_by_key(|c| c.seq) {
        return Ok(Err(Break::Checkpoint { seq: checkpoint.seq, recorded: checkpoint.hash.clone(), found: None }));
    }
    txn.commit().await?;
    Ok(Ok(Verified {
        events: walk.checked(),
        head_seq: head.seq,
        head_hash: head.hash,
        checkpoints: checkpoints.len() as u64,
    }))
}

/// How much an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub events: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub checkpoints: u64,
}

/// Writes the events recorded at or after `from` and before `to` (either open), with the
/// checkpoints recorded inside that stretch, as JSON Lines into `out`. The stretch is one
/// unbroken run of the chain, from the first event of the period to its last, so that it can
/// be checked alone.
#[tracing::instrument(skip_all)]
pub async fn export(
    ctx: &Ctx,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    out: &mut impl std::io::Write,
) -> ServiceResult<Exported> {
    let txn = store::audit::snapshot(&ctx.reads).await?;
    let Some((first, last)) = store::audit::seq_range(&txn, from, to).await? else {
        return Ok(Exported { events: 0, first: None, last: None, checkpoints: 0 });
    };
    let mut events = 0;
    let mut after = first - 1;
    while after < last {
        let page = store::audit::chain_after(&txn, after, PAGE.min((last - after) as u64)).await?;
        let Some(end) = page.last().map(|e| e.seq) else { break };
        for event in page {
            write_line(out, &Line::Event(exported(event)))?;
            events += 1;
        }
        after = end;
    }
    let checkpoints = store::audit::checkpoints(&txn, Some((first, last))).await?;
    for c in &checkpoints {
        write_line(out, &Line::Checkpoint(export::Checkpoint { seq: c.seq, hash: c.hash.clone(), at: c.at }))?;
    }
    txn.commit().await?;
    out.flush().map_err(unwritable)?;
    Ok(Exported { events, first: Some(first), last: Some(last), checkpoints: checkpoints.len() as u64 })
}

fn write_line(out: &mut impl std::io::Write, line: &Line) -> ServiceResult<()> {
    let mut json = serde_json::to_vec(line).map_err(|e| ServiceError::Internal(e.into()))?;
    json.push(b'\n');
    out.write_all(&json).map_err(unwritable)
}

fn unwritable(err: std::io::Error) -> ServiceError {
    ServiceError::Internal(StoreError::File(format!("cannot write the export: {err}")))
}

/// Records the chain's head as a checkpoint if it moved since the last one; the sweep's step.
#[tracing::instrument(skip_all)]
pub async fn checkpoint(ctx: &Ctx) -> ServiceResult<Option<i64>> {
    let recorded = store::audit::checkpoint(&ctx.db, ctx.now()).await?;
    Ok(recorded.map(|c| c.seq))
}
