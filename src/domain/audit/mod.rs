//! The audit trail as a hash chain, and how a chain is checked: plain Rust, no I/O.
//!
//! Every audit event carries `hash`, the SHA-256 of its canonical content (see [`canonical`])
//! which includes `prev_hash`, the hash of the event before it. The chain is **global**, one
//! for the whole database, ordered by `seq` (1, 2, 3, … with no gap). Not one chain per
//! unit-tree root: many events have no unit (the system's own changes, accounts, the calendar,
//! the unit tree itself, which an import can rearrange, moving a unit between roots), and an
//! auditor asks "has anything been changed or removed", which one chain answers with one walk
//! and one head. The price is that writers take turns appending; a lock on the chain's head
//! row orders them (see `store::audit`).
//!
//! A checkpoint records the head (its `seq` and `hash`) at a moment. Altering, removing or
//! reordering an event breaks the chain at that event: its content no longer gives its hash,
//! or the next event's link no longer names it, or a `seq` is missing. Someone who rewrites
//! every hash from the altered event onwards makes a chain that holds together again, but no
//! longer contains the hashes of the checkpoints recorded before, and of copies kept
//! elsewhere: a checkpoint proves that the chain up to its `seq` is the one that existed when
//! it was recorded.

pub mod canonical;
pub mod export;

use std::fmt;

pub use canonical::{Content, FORMAT, GENESIS, canonical_bytes, event_hash};

/// One event as it is stored: its content and the two hashes it carries.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    /// The database id, named in reports; not covered by the hash.
    pub id: i64,
    pub content: Content<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// The first thing found wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The next event in order is not the one expected: one or more are missing (deleted), or
    /// the order was changed.
    Sequence { expected: i64, found: i64, id: i64 },
    /// The event's content does not give the hash stored with it: a field was changed.
    ContentHash { seq: i64, id: i64, stored: String, computed: String },
    /// The event does not name the hash of the event before it.
    PreviousLink { seq: i64, id: i64, stored: String, expected: String },
    /// The chain ends before its recorded head: the last events are missing.
    Head { last_seq: i64, last_hash: String, head_seq: i64, head_hash: String },
    /// A checkpoint's hash is not the hash of the chain's event at its `seq`.
    Checkpoint { seq: i64, recorded: String, found: Option<String> },
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Break::Sequence { expected, found, id } if found > expected => write!(
                f,
                "missing sequence: expected event {expected} next, found event {found} (id {id}); \
                 events {expected}..{} are missing",
                found - 1
            ),
            Break::Sequence { expected, found, id } => {
                write!(f, "out of order: expected event {expected} next, found event {found} (id {id})")
            }
            Break::ContentHash { seq, id, stored, computed } => write!(
                f,
                "content hash differs at event {seq} (id {id}): its content hashes to {computed}, \
                 the stored hash is {stored}"
            ),
            Break::PreviousLink { seq, id, stored, expected } => write!(
                f,
                "previous link differs at event {seq} (id {id}): it names {stored}, the event before \
                 it hashes to {expected}"
            ),
            Break::Head { last_seq, last_hash, head_seq, head_hash } => write!(
                f,
                "the chain ends at event {last_seq} ({last_hash}) but its head is event {head_seq} \
                 ({head_hash}): the events after {last_seq} are missing or changed"
            ),
            Break::Checkpoint { seq, recorded, found: Some(found) } => {
                write!(f, "checkpoint at event {seq} recorded {recorded}, the chain has {found} there")
            }
            Break::Checkpoint { seq, recorded, found: None } => {
                write!(f, "checkpoint at event {seq} recorded {recorded}, the chain has no event {seq}")
            }
        }
    }
}

/// A walk along a chain, one event at a time in `seq` order, that stops at the first break.
#[derive(Debug, Clone)]
pub struct Walk {
    /// The `seq` and hash of the last event checked; `None` before the first of a walk that
    /// starts wherever its first event is.
    last: Option<(i64, String)>,
    checked: u64,
}

impl Walk {
    /// A walk over a whole chain: the first event must be 1 and follow [`GENESIS`].
    pub fn from_start() -> Self {
        Walk { last: Some((0, GENESIS.to_owned())), checked: 0 }
    }

    /// A walk over a part of a chain (an export of a period): its first event is taken as it
    /// is, unless it is event 1, which must follow [`GENESIS`].
    pub fn from_anywhere() -> Self {
        Walk { last: None, checked: 0 }
    }

    /// Checks the next event: its place, its content against its hash, its link to the one
    /// before.
    pub fn push(&mut self, event: &Stored<'_>) -> Result<(), Break> {
        let seq = event.content.seq;
        let expected_prev = match &self.last {
            Some((last_seq, last_hash)) => {
                if seq != last_seq + 1 {
                    return Err(Break::Sequence { expected: last_seq + 1, found: seq, id: event.id });
                }
                Some(last_hash.as_str())
            }
            None if seq == 1 => Some(GENESIS),
            None => None,
        };
        let computed = event_hash(event.prev_hash, &event.content);
        if computed != event.hash {
            return Err(Break::ContentHash { seq, id: event.id, stored: event.hash.to_owned(), computed });
        }
        if let Some(expected) = expected_prev
            && expected != event.prev_hash
        {
            return Err(Break::PreviousLink {
                seq,
                id: event.id,
                stored: event.prev_hash.to_owned(),
                expected: expected.to_owned(),
            });
        }
        self.last = Some((seq, event.hash.to_owned()));
        self.checked += 1;
        Ok(())
    }

    /// The last event checked, `(seq, hash)`; `(0, GENESIS)` for a whole chain still empty.
    pub fn last(&self) -> Option<(i64, &str)> {
        self.last.as_ref().map(|(seq, hash)| (*seq, hash.as_str()))
    }

    /// How many events were checked.
    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// Checks that the walk ended where the recorded head is.
    pub fn ends_at(&self, head_seq: i64, head_hash: &str) -> Result<(), Break> {
        let (last_seq, last_hash) = self.last().unwrap_or((0, GENESIS));
        if last_seq == head_seq && last_hash == head_hash {
            return Ok(());
        }
        Err(Break::Head { last_seq, last_hash: last_hash.to_owned(), head_seq, head_hash: head_hash.to_owned() })
    }
}

/// Checks a checkpoint against the hash the chain has at its `seq` (`None`: no such event).
pub fn check_checkpoint(seq: i64, recorded: &str, found: Option<&str>) -> Result<(), Break> {
    if found == Some(recorded) {
        return Ok(());
    }
    Err(Break::Checkpoint { seq, recorded: recorded.to_owned(), found: found.map(str::to_owned) })
}

#[cfg(test)]
mod tests;
