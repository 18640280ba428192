use super::export::{self, Checkpoint, Event, Line};
use super::*;

/// Hashes computed outside Rust (Python's `hashlib` over the byte form written out by hand in
/// the module doc), so that the form itself is pinned, not only its self-consistency.
#[test]
fn the_hash_is_sha256_of_the_documented_byte_form() {
    let first = Content {
        seq: 1,
        at_micros: 1_700_000_000_123_456,
        actor_id: Some(7),
        actor_unit_id: None,
        entity: "task",
        entity_id: 42,
        action: "assign",
        before: None,
        after: Some(r#"{"status":"assigned"}"#),
        note: Some("说明"),
    };
    assert_eq!(canonical_bytes(GENESIS, &first).len(), 176);
    let h1 = event_hash(GENESIS, &first);
    assert_eq!(h1, "5c0d24f353c92c5ce3dec13a884eb9beaaa6b14ce5d850dbaa303bb1558c13c0");
    let second = Content {
        seq: 2,
        at_micros: -5,
        actor_id: None,
        actor_unit_id: Some(3),
        entity: "user",
        entity_id: -1,
        action: "x",
        before: Some(""),
        after: None,
        note: None,
    };
    assert_eq!(event_hash(&h1, &second), "92f4c1d675a4d39a6ce5c359cea52f3adc5eb2e67735c85ef2c0c63113edc53f");
}

#[test]
fn an_absent_field_and_an_empty_one_hash_differently_and_so_do_shifted_boundaries() {
    let base = Content {
        seq: 1,
        at_micros: 0,
        actor_id: None,
        actor_unit_id: None,
        entity: "task",
        entity_id: 1,
        action: "ab",
        before: None,
        after: None,
        note: None,
    };
    let empty_note = Content { note: Some(""), ..base };
    assert_ne!(event_hash(GENESIS, &base), event_hash(GENESIS, &empty_note));
    let shifted = Content { entity: "taska", action: "b", ..base };
    assert_ne!(event_hash(GENESIS, &base), event_hash(GENESIS, &shifted));
}

/// A chain of `n` events, as the store would write it.
fn chain(n: i64) -> Vec<Event> {
    let mut prev = GENESIS.to_owned();
    (1..=n)
        .map(|seq| {
            let mut event = Event {
                id: 100 + seq,
                seq,
                at: chrono::DateTime::from_timestamp_micros(1_764_900_000_000_000 + seq * 1_000_001).expect("time"),
                actor_id: Some(seq % 3),
                actor_unit_id: None,
                entity: "task".into(),
                entity_id: seq * 10,
                action: "progress".into(),
                before: Some(format!(r#"{{"progress":{}}}"#, seq - 1)),
                after: Some(format!(r#"{{"progress":{seq}}}"#)),
                note: None,
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            event.hash = event_hash(&prev, &event.stored().content);
            prev = event.hash.clone();
            event
        })
        .collect()
}

fn walk(events: &[Event]) -> Result<Walk, Break> {
    let mut walk = Walk::from_start();
    for event in events {
        walk.push(&event.stored())?;
    }
    Ok(walk)
}

#[test]
fn an_untouched_chain_walks_to_its_head() {
    let events = chain(5);
    let walked = walk(&events).expect("sound");
    assert_eq!(walked.checked(), 5);
    walked.ends_at(5, &events[4].hash).expect("ends at its head");
    Walk::from_start().ends_at(0, GENESIS).expect("an empty chain ends at the genesis");
}

#[test]
fn a_changed_field_breaks_the_content_hash_of_that_event() {
    let mut events = chain(5);
    events[2].after = Some(r#"{"progress":99}"#.into());
    assert!(matches!(walk(&events), Err(Break::ContentHash { seq: 3, id: 103, .. })));
    let mut events = chain(5);
    events[1].at += chrono::Duration::microseconds(1);
    assert!(matches!(walk(&events), Err(Break::ContentHash { seq: 2, id: 102, .. })));
}

#[test]
fn a_changed_event_whose_hash_was_recomputed_breaks_the_next_link() {
    let mut events = chain(5);
    events[2].note = Some("rewritten".into());
    events[2].hash = event_hash(&events[2].prev_hash, &events[2].stored().content);
    let err = walk(&events).expect_err("broken");
    assert!(matches!(err, Break::PreviousLink { seq: 4, id: 104, .. }), "{err:?}");
}

#[test]
fn a_deleted_event_is_a_missing_sequence() {
    let mut events = chain(5);
    events.remove(1);
    let err = walk(&events).expect_err("broken");
    assert_eq!(err, Break::Sequence { expected: 2, found: 3, id: 103 });
    assert!(err.to_string().contains("missing sequence"), "{err}");
}

#[test]
fn two_events_that_swapped_places_break_at_the_first_of_them() {
    let mut events = chain(5);
    // The rows keep their content but exchange their places in the chain.
    let (a, b) = (events[1].seq, events[2].seq);
    events[1].seq = b;
    events[2].seq = a;
    events.swap(1, 2);
    assert!(matches!(walk(&events), Err(Break::ContentHash { seq: 2, id: 103, .. })));
}

#[test]
fn a_chain_cut_short_does_not_end_at_its_head() {
    let events = chain(5);
    let walked = walk(&events[..3]).expect("what is left holds together");
    assert!(matches!(walked.ends_at(5, &events[4].hash), Err(Break::Head { last_seq: 3, head_seq: 5, .. })));
}

#[test]
fn a_chain_not_starting_at_the_genesis_fails_a_walk_from_the_start() {
    let events = chain(5);
    assert!(matches!(walk(&events[1..]), Err(Break::Sequence { expected: 1, found: 2, .. })));
}

#[test]
fn a_checkpoint_holds_only_for_the_hash_at_its_seq() {
    let events = chain(3);
    check_checkpoint(2, &events[1].hash, Some(&events[1].hash)).expect("same");
    assert!(check_checkpoint(2, &events[1].hash, Some(&events[2].hash)).is_err());
    assert!(check_checkpoint(4, &events[1].hash, None).is_err());
}

fn jsonl(lines: &[Line]) -> String {
    lines.iter().map(|l| serde_json::to_string(l).expect("json") + "\n").collect()
}

#[test]
fn an_export_of_a_stretch_of_the_chain_verifies_with_its_checkpoints() {
    let events = chain(6);
    let checkpoint = Line::Checkpoint(Checkpoint { seq: 4, hash: events[3].hash.clone(), at: events[3].at });
    let mut lines: Vec<Line> = events[2..].iter().cloned().map(Line::Event).collect();
    lines.push(checkpoint);
    let summary = export::verify(&jsonl(&lines)).expect("sound");
    assert_eq!(summary, export::Summary { events: 4, first: Some(3), last: Some(6), checkpoints: 1 });
}

#[test]
fn a_modified_export_line_is_named() {
    let events = chain(4);
    let mut lines: Vec<Line> = events.iter().cloned().map(Line::Event).collect();
    lines.push(Line::Checkpoint(Checkpoint { seq: 4, hash: events[3].hash.clone(), at: events[3].at }));
    let text = jsonl(&lines);
    // Change the content of the third line, as a text edit would.
    let edited: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 2 { l.replace(r#""entity_id":30"#, r#""entity_id":31"#) } else { l.to_owned() } + "\n")
        .collect();
    assert_ne!(edited, text);
    let err = export::verify(&edited).expect_err("modified");
    assert_eq!(err.line, 3, "{err}");
    assert!(err.problem.contains("content hash"), "{err}");

    // A checkpoint that names another hash.
    let edited = text.replace(
        &format!(r#""seq":4,"hash":"{}""#, events[3].hash),
        &format!(r#""seq":4,"hash":"{}""#, events[2].hash),
    );
    assert_ne!(edited, text);
    let err = export::verify(&edited).expect_err("modified");
    assert_eq!(err.line, 5, "{err}");

    // A line removed.
    let without: String = text.lines().enumerate().filter(|(i, _)| *i != 1).map(|(_, l)| l.to_owned() + "\n").collect();
    let err = export::verify(&without).expect_err("a line is missing");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("missing sequence"), "{err}");

    // A line that is not JSON.
    let err = export::verify(&format!("{text}not json\n")).expect_err("garbage");
    assert_eq!(err.line, 6, "{err}");
}
