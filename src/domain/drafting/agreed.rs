//! What the meeting agreed as a rule, where its minutes record the work in action lists: "It
//! was agreed that each new resident should experience a fire evacuation …" over "Actions: -
//! Residences Team to carry out a timed evacuation drill …". The agreement sets a policy; the
//! actions under it are the tasks, so the agreement drafts nothing of its own unless it names
//! who does the work.

use super::{Ctx, Draft};

/// Labels that open a list of actions (or one action) the minutes record apart from the
/// discussion.
const ACTION_LABELS: &[&str] = &["action:", "actions:", "action items", "agreed actions", "follow-up:"];

/// Drops the drafts that restate an agreement with no doer ("It was agreed that the existing
/// charge would remain"), where the minutes record their actions in lists of their own.
pub(super) fn drop_policies(ctx: &Ctx, minutes: &str, drafts: &mut Vec<Draft>) {
    let listed = minutes.lines().any(|l| {
        let lower = l.trim_start().to_ascii_lowercase();
        ACTION_LABELS.iter().any(|label| lower.starts_with(label))
    });
    if !listed {
        return;
    }
    drafts.retain(|d| !agreed_before(minutes, &d.text) || names_doer(ctx, &d.text));
}

/// Whether "agreed that" stands right before the draft's text where the minutes hold it.
fn agreed_before(minutes: &str, text: &str) -> bool {
    // The draft's text opens with a capital the minutes may not have ("… agreed that each …").
    let head: String = text.chars().take(30).collect::<String>().to_ascii_lowercase();
    let lower = minutes.to_ascii_lowercase();
    lower.match_indices(head.as_str()).any(|(at, _)| {
        let before = lower[..at].trim_end();
        before.ends_with("agreed that")
    })
}

/// Whether the clause before the modal names who acts: a unit the table knows, a post or an
/// office ("the Estates team would …"), or a body by its capitalised name ("the Council would").
fn names_doer(ctx: &Ctx, text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let modal = [" should ", " would ", " will ", " must ", " shall ", " is to ", " are to ", " be "]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(text.len());
    let subject = &text[..modal];
    !ctx.departments.find_names(subject).is_empty()
        || super::meeting::names_a_doer(subject)
        // A name written in capitals and small letters; letters all in capitals are as often a
        // plan's ("a PEEP") as a body's.
        || subject
            .split_whitespace()
            .skip(1)
            .any(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.chars().any(|c| c.is_ascii_lowercase()))
}
