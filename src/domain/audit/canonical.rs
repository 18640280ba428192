//! The canonical byte form of an audit event and its SHA-256: the one definition of what an
//! event's hash covers. Plain Rust over `sha2` alone, because the migration that chains the
//! events written before the chain existed compiles this very file (`#[path]` in the
//! migrations crate): the application and the migration cannot drift apart.
//!
//! The form, version `duban-audit-v1`, is a sequence of fields in this fixed order:
//!
//! 1. the text `duban-audit-v1`
//! 2. the previous event's hash (64 lowercase hex digits; [`GENESIS`] before the first)
//! 3. `seq`, the event's place in the chain (1, 2, 3, …)
//! 4. `at`, microseconds since 1970-01-01T00:00:00Z
//! 5. `actor_id` (optional), 6. `actor_unit_id` (optional)
//! 7. `entity`, 8. `entity_id`, 9. `action`
//! 10. `before` (optional), 11. `after` (optional), 12. `note` (optional)
//!
//! An integer is 8 bytes, big-endian two's complement. A text is its UTF-8 length as 4 bytes
//! big-endian, then its bytes. An optional field is one byte 0 when absent, or 1 followed by
//! the value. Every field is length-delimited, so no two different events share a byte form.
//! The hash is the SHA-256 of these bytes, written as 64 lowercase hex digits. The database
//! id is not covered: the chain's order is `seq`.

use sha2::{Digest, Sha256};

/// The version tag that opens every event's byte form.
pub const FORMAT: &str = "duban-audit-v1";

/// The "previous hash" of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an event's hash covers besides the previous hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content<'a> {
    pub seq: i64,
    /// Microseconds since the Unix epoch: the precision both databases keep.
    pub at_micros: i64,
    pub actor_id: Option<i64>,
    pub actor_unit_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub note: Option<&'a str>,
}

fn integer(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(&value.to_be_bytes());
}

fn text(out: &mut Vec<u8>, value: &str) {
    // An event's text is far below 4 GiB; a longer one would not fit a database column.
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value.as_bytes());
}

fn optional<T: Copy>(out: &mut Vec<u8>, value: Option<T>, write: fn(&mut Vec<u8>, T)) {
    match value {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            write(out, v);
        }
    }
}

/// The canonical bytes of an event that follows `prev_hash`.
pub fn canonical_bytes(prev_hash: &str, c: &Content<'_>) -> Vec<u8> {
    let size = 128 + prev_hash.len() + c.entity.len() + c.action.len();
    let size = size + c.before.map_or(0, str::len) + c.after.map_or(0, str::len) + c.note.map_or(0, str::len);
    let mut out = Vec::with_capacity(size);
    text(&mut out, FORMAT);
    text(&mut out, prev_hash);
    integer(&mut out, c.seq);
    integer(&mut out, c.at_micros);
    optional(&mut out, c.actor_id, integer);
    optional(&mut out, c.actor_unit_id, integer);
    text(&mut out, c.entity);
    integer(&mut out, c.entity_id);
    text(&mut out, c.action);
    optional(&mut out, c.before, text);
    optional(&mut out, c.after, text);
    optional(&mut out, c.note, text);
    out
}

/// The hash of an event that follows `prev_hash`: SHA-256 of its canonical bytes, in hex.
pub fn event_hash(prev_hash: &str, c: &Content<'_>) -> String {
    let digest = Sha256::digest(canonical_bytes(prev_hash, c));
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    hex
}
