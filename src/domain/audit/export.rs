//! An export of the audit trail as JSON Lines, and its check without a database.
//!
//! Each line is one JSON object: an event (`"type": "event"`, its content, `prev_hash` and
//! `hash`) or a checkpoint (`"type": "checkpoint"`, `seq`, `hash`, `at`). Events come in
//! `seq` order, one unbroken stretch of the chain; the checkpoints recorded inside that
//! stretch follow them. Checking an export recomputes every event's hash from the content on
//! its line, follows the links, and compares each checkpoint with the event at its `seq`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Break, Content, Stored, Walk, check_checkpoint};

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    Event(Event),
    Checkpoint(Checkpoint),
}

/// An event with everything its hash covers, and the hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_unit_id: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    pub fn stored(&self) -> Stored<'_> {
        Stored {
            id: self.id,
            content: Content {
                seq: self.seq,
                at_micros: self.at.timestamp_micros(),
                actor_id: self.actor_id,
                actor_unit_id: self.actor_unit_id,
                entity: &self.entity,
                entity_id: self.entity_id,
                action: &self.action,
                before: self.before.as_deref(),
                after: self.after.as_deref(),
                note: self.note.as_deref(),
            },
            prev_hash: &self.prev_hash,
            hash: &self.hash,
        }
    }
}

/// The chain's head as it was recorded at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

/// What a sound export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub events: u64,
    /// The first and last `seq` of its events, if it has any.
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub checkpoints: u64,
}

/// The first thing wrong with an export, and its line (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct LineError {
    pub line: usize,
    pub problem: String,
}

/// Checks an export: every line reads, every event's hash and link hold, every checkpoint
/// names the hash of the exported event at its `seq`.
pub fn verify(text: &str) -> Result<Summary, LineError> {
    let mut walk = Walk::from_anywhere();
    let mut hashes: HashMap<i64, String> = HashMap::new();
    let mut checkpoints: Vec<(usize, Checkpoint)> = Vec::new();
    let mut first = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(raw)
            .map_err(|e| LineError { line, problem: format!("not an event or a checkpoint: {e}") })?;
        match parsed {
            Line::Event(event) => {
                if !checkpoints.is_empty() {
                    return Err(LineError { line, problem: "an event after the checkpoints".to_owned() });
                }
                walk.push(&event.stored()).map_err(|b| LineError { line, problem: b.to_string() })?;
                first.get_or_insert(event.seq);
                hashes.insert(event.seq, event.hash);
            }
            Line::Checkpoint(checkpoint) => checkpoints.push((line, checkpoint)),
        }
    }
    for (line, checkpoint) in &checkpoints {
        check_checkpoint(checkpoint.seq, &checkpoint.hash, hashes.get(&checkpoint.seq).map(String::as_str))
            .map_err(|b: Break| LineError { line: *line, problem: b.to_string() })?;
    }
    Ok(Summary {
        events: walk.checked(),
        first,
        last: walk.last().map(|(seq, _)| seq),
        checkpoints: checkpoints.len() as u64,
    })
}
