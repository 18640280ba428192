//! The message ids the sources and templates ask for, found by reading them, for the test that
//! each is in both languages:
//! - in templates, every `t "id"`;
//! - in Rust, every literal passed to `t`, `t_with`, `text` or `text_with`, and every literal
//!   shaped like a message id (words joined by `-`) whose first word begins some message id,
//!   wherever it stands (ids travel through arrays, fields and helpers before they are looked
//!   up);
//! - the ids built at run time: `term("vocabulary", value)` and `format!` inside a lookup, each
//!   expanded over every value its vocabulary has. A lookup built in a way this file does not
//!   know fails the test until its values are listed here;
//! - the names of the fields refusals name (`field-<name>`: the first literal of
//!   `ServiceError::invalid(`, `conflicts(`, `bad_request(`, `unprocessable(`, a `FieldError`'s
//!   `field: "…"` and the checks that take a field), and of the things a refusal says were not
//!   found or changed meanwhile (`entity-<what>`: `NotFound("…")`, `versions::check("…"`).
//!
//! `lookup` itself is left out: its callers handle a missing message (an error page's status
//! with no words of its own, an audit action with no label).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use crate::domain::{
    escalation::STEP_TEMPLATES,
    lifecycle::{Relation, TaskStatus},
    message::{entity_key, field_key},
    timing::Light,
    vocabulary::{
        Audience, DayKind, DirectiveStatus, ExtensionStatus, NotificationStatus, Priority, ReportKind, ReviewOutcome,
        RobotKind, Role, TaskRole, UnitKind, UnitLevel,
    },
};

/// Literals shaped like a message id, beginning as some do, that are not looked up: each with
/// what it is.
const NOT_MESSAGES: [(&str, &str); 1] = [("no-store", "a Cache-Control value")];

/// The values of each vocabulary `Viewer::term` is asked about.
fn vocabulary(name: &str) -> Option<Vec<String>> {
    fn all<T: Copy>(values: &[T], name: fn(T) -> &'static str) -> Vec<String> {
        values.iter().map(|v| name(*v).to_owned()).collect()
    }
    Some(match name {
        "status" => all(TaskStatus::ALL, TaskStatus::as_str),
        "task-role" => all(TaskRole::ALL, TaskRole::as_str),
        "role" => all(Role::ALL, Role::as_str),
        "priority" => all(Priority::ALL, Priority::as_str),
        "directive" => all(DirectiveStatus::ALL, DirectiveStatus::as_str),
        "kind" => all(UnitKind::ALL, UnitKind::as_str),
        "level" => all(UnitLevel::ALL, UnitLevel::as_str),
        "light" => {
            let mut lights = all(Light::ALL, Light::as_str);
            lights.push("none".to_owned());
            lights
        }
        "admin-day" => all(DayKind::ALL, DayKind::as_str),
        "admin-weekday" => (0..7).map(|d: u32| d.to_string()).collect(),
        "admin-outbox" => all(NotificationStatus::ALL, NotificationStatus::as_str),
        "admin-audience" => all(Audience::ALL, Audience::as_str),
        "robot-kind" => all(RobotKind::ALL, RobotKind::as_str),
        "admin-template" => STEP_TEMPLATES.iter().map(|t| (*t).to_owned()).collect(),
        "officer-kind" => all(ReportKind::ALL, ReportKind::as_str),
        "officer-review" => all(ReviewOutcome::ALL, ReviewOutcome::as_str),
        "officer-extension" => all(ExtensionStatus::ALL, ExtensionStatus::as_str),
        "confidence" => all(crate::domain::drafting::Confidence::ALL, crate::domain::drafting::Confidence::as_str),
        "relation" => all(Relation::ALL, Relation::as_str),
        _ => return None,
    })
}

/// The ids a `format!` inside a lookup builds, by its format string.
fn formatted(pattern: &str) -> Option<Vec<String>> {
    const INBOX: [&str; 8] = [
        "to-acknowledge",
        "due-soon",
        "overdue",
        "returned",
        "awaiting-review",
        "extension-requests",
        "declined",
        "assigned-overdue",
    ];
    Some(match pattern {
        // `Viewer::term` itself, expanded at each of its callers.
        "{vocabulary}-{key}" => Vec::new(),
        "role-{}" => vocabulary("role")?.iter().map(|r| format!("role-{r}")).collect(),
        "status-{}" => vocabulary("status")?.iter().map(|s| format!("status-{s}")).collect(),
        "light-{}" => vocabulary("light")?.iter().map(|l| format!("light-{l}")).collect(),
        "officer-inbox-{key}" => INBOX.iter().map(|k| format!("officer-inbox-{k}")).collect(),
        "officer-inbox-{key}-empty" => INBOX.iter().map(|k| format!("officer-inbox-{k}-empty")).collect(),
        _ => return None,
    })
}

/// The string literals of a Rust file, each with the text of its line before it.
fn literals(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in source.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let bytes: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                '\'' if i + 2 < bytes.len() && (bytes[i + 2] == '\'' || bytes[i + 1] == '\\') => {
                    // A character literal such as '"': skip it.
                    let end = (i + 1..bytes.len()).find(|&j| bytes[j] == '\'' && j > i + 1).unwrap_or(bytes.len());
                    i = end + 1;
                }
                '/' if bytes.get(i + 1) == Some(&'/') => break,
                '"' => {
                    let mut j = i + 1;
                    let mut text = String::new();
                    while j < bytes.len() && bytes[j] != '"' {
                        if bytes[j] == '\\' {
                            j += 1;
                        }
                        if let Some(c) = bytes.get(j) {
                            text.push(*c);
                        }
                        j += 1;
                    }
                    out.push((bytes[..i].iter().collect(), text));
                    i = j + 1;
                }
                _ => i += 1,
            }
        }
    }
    out
}

/// Whether the text before a literal ends in a lookup call of which the literal is the key:
/// `t(`, `t_with(`, `text(locale, `, `text_with(locale, `.
fn is_lookup_call(before: &str) -> bool {
    let before = before.trim_end().trim_end_matches('&');
    if before.ends_with(".t(") || before.ends_with(".t_with(") {
        return true;
    }
    let Some(open) = before.rfind('(') else { return false };
    let (call, args) = before.split_at(open);
    (call.ends_with("text") || call.ends_with("text_with"))
        && args[1..].trim_end().ends_with(',')
        && !args[1..].trim_end().trim_end_matches(',').contains([',', '(', '"'])
}

/// The message a literal names when it stands where a refusal takes a field's name or a missing
/// thing's: `field-<name>` or `entity-<what>`.
fn field_or_entity(before: &str, text: &str) -> Option<String> {
    const FIELD_AT: [&str; 14] = [
        "invalid(",
        "conflicts(",
        "bad_request(",
        "unprocessable(",
        "field_error(",
        "refuse(",
        "check_single_line(",
        "check_name(",
        "check_key(",
        "check_email(",
        "check_deadline_ahead(",
        "check_deadline_within(",
        "field: ",
        "field: Some(",
    ];
    const ENTITY_AT: [&str; 4] = ["NotFound(", "not_found(", "versions::check(", "Stale { entity: "];
    let named = !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.' || c == ' ');
    if !named {
        return None;
    }
    if FIELD_AT.iter().any(|at| before.ends_with(at)) && !text.contains(' ') {
        return Some(field_key(text));
    }
    if ENTITY_AT.iter().any(|at| before.ends_with(at)) {
        return Some(entity_key(text));
    }
    None
}

fn is_id_shaped(text: &str) -> bool {
    !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && !text.ends_with('-')
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "hbs") {
            out.push(path);
        }
    }
}

/// Every message id asked for, with where (a file) it was first found.
pub fn used_keys(root: &Path) -> BTreeMap<String, String> {
    let first_words: BTreeSet<String> = super::super::LOCALE_FILES
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|line| line.split_once(" =").map(|(key, _)| key))
        .filter(|key| !key.starts_with([' ', '#', '*', '[']) && key.contains('-'))
        .map(|key| key.split('-').next().unwrap_or_default().to_owned())
        .collect();
    let mut used = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut files = Vec::new();
    source_files(&root.join("src"), &mut files);
    source_files(&root.join("templates"), &mut files);
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("a readable source");
        let place = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        let mut add = |key: String| {
            used.entry(key).or_insert_with(|| place.clone());
        };
        if place.ends_with(".hbs") {
            for (at, _) in source.match_indices("t \"") {
                let before = &source[..at];
                if before.ends_with("{{") || before.ends_with("{{~") || before.ends_with('(') {
                    let rest = &source[at + 3..];
                    add(rest[..rest.find('"').expect("a closing quote")].to_owned());
                }
            }
            continue;
        }
        if place.ends_with("coverage.rs") {
            continue;
        }
        // A unit test may ask for a message that does not exist, to see it refused.
        let source = source.split("\n#[cfg(test)]\nmod tests").next().unwrap_or_default();
        for (before, text) in literals(source) {
            let before_trimmed = before.trim_end();
            if before_trimmed.ends_with("format!(") {
                let call = before_trimmed.trim_end_matches("format!(").trim_end_matches('&');
                if is_lookup_call(call) {
                    match formatted(&text) {
                        Some(keys) => keys.into_iter().for_each(&mut add),
                        None => unknown.push(format!("{place}: format!(\"{text}\")")),
                    }
                }
                continue;
            }
            if before_trimmed.ends_with(".term(") {
                match vocabulary(&text) {
                    Some(values) => values.iter().for_each(|v| add(format!("{text}-{v}"))),
                    None => unknown.push(format!("{place}: term(\"{text}\", …)")),
                }
                continue;
            }
            if let Some(key) = field_or_entity(before_trimmed, &text) {
                add(key);
                continue;
            }
            if !is_id_shaped(&text) {
                continue;
            }
            let first_word = text.split('-').next().unwrap_or_default();
            let not_a_message = NOT_MESSAGES.iter().any(|(literal, _)| *literal == text);
            if is_lookup_call(&before) || (text.contains('-') && first_words.contains(first_word) && !not_a_message) {
                add(text);
            }
        }
    }
    assert!(unknown.is_empty(), "lookups built at run time that this test cannot expand: {unknown:?}");
    used
}
