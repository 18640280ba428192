//! The lines as the minutes mean them: a paragraph hard-wrapped over several lines is one line,
//! and the labels of an item ("Owner: …  Due: …") follow its text.

use super::{
    items, scan,
    segments::{ends_with_terminator, strip_enumerator},
};

/// Minutes with their hard-wrapped paragraphs joined: a line indented under the one before
/// ("4.1  The Housing Bureau … will complete a" / "     door-to-door check …"), or one that goes
/// on in lower case from a line no sentence ends in, continues that line.
pub(super) fn unwrap_lines(minutes: &str) -> String {
    let mut out = String::with_capacity(minutes.len());
    let mut previous: Option<&str> = None;
    // "CA-1  Arrestee risk information" / "  Owner: Jail Commander   Due: 12/01/2025" / "  The
    // Jail Commander … will add …": labels between an item's title and its text go after the
    // text, as sentences of their own.
    let mut labels: Vec<String> = Vec::new();
    let labelled = |l: &str| items::label_line(l).is_some() || items::label_parts(l).is_some();
    let flush = |out: &mut String, labels: &mut Vec<String>| {
        for label in labels.drain(..) {
            if !ends_with_terminator(out.trim_end()) {
                out.push('.');
            }
            out.push(' ');
            out.push_str(&label);
        }
    };
    for line in minutes.lines() {
        let trimmed = line.trim();
        let continues = previous.is_some_and(|prev| {
            let indented = line.starts_with("  ") || line.starts_with('\t');
            let open = !ends_with_terminator(prev.trim_end()) && !prev.trim_end().ends_with([':', '：']);
            let lower_after_open = trimmed.starts_with(|c: char| c.is_ascii_lowercase()) && open;
            // "… The Ventilation" / "Section must complete …": a long English line that ends
            // mid-sentence was wrapped, whatever case the next line starts in.
            // Not a roster's entries, each a body and its posts ("DPIRD – Program Leader; …" /
            // "Surf Life Saving NSW (SLSNSW) – Director of Lifesaving").
            let wrapped = open
                && wrapped_prose(prev)
                && trimmed.starts_with(|c: char| c.is_ascii_alphanumeric())
                && !(roster_entry(prev) && roster_entry(trimmed));
            !trimmed.is_empty()
                && strip_enumerator(trimmed).len() == trimmed.len()
                && (indented || lower_after_open || wrapped)
        });
        // Under an item's text the labels stay where they are.
        let titled = || !labels.is_empty() || !ends_with_terminator(out.rsplit('\n').next().unwrap_or("").trim_end());
        if continues && line.starts_with([' ', '\t']) && labelled(trimmed) && titled() {
            labels.push(trimmed.to_string());
        } else if let Some(label) = labels.last_mut().filter(|l| {
            continues
                && previous.is_some_and(|p| l.ends_with(p.trim()))
                && !ends_with_terminator(l)
                && trimmed.starts_with(|c: char| c.is_ascii_lowercase())
        }) {
            // "Lead: … Time limit: by the end" / "of the year.": a label wraps onto the next line.
            label.push(' ');
            label.push_str(trimmed);
        } else if continues {
            let cjk = out.chars().last().is_some_and(scan::is_cjk) && trimmed.starts_with(scan::is_cjk);
            if !cjk {
                out.push(' ');
            }
            out.push_str(trimmed);
        } else {
            flush(&mut out, &mut labels);
            if previous.is_some() {
                out.push('\n');
            }
            out.push_str(line);
        }
        previous = (!trimmed.is_empty()).then_some(line);
    }
    flush(&mut out, &mut labels);
    out
}

/// A line of English prose at the width minutes are wrapped to: long, many words, no CJK, and
/// not a header ("Chair : …") or a table row.
/// "NSW Ambulance – Director, State Operations": a few words naming a body, a dash, then what
/// follows about it.
fn roster_entry(line: &str) -> bool {
    let t = line.trim();
    [" – ", " — ", " - "]
        .iter()
        .filter_map(|d| t.find(d))
        .min()
        .is_some_and(|at| (1..=6).contains(&t[..at].split_whitespace().count()))
}

fn wrapped_prose(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 60
        && t.split_whitespace().count() >= 9
        && !t.chars().any(scan::is_cjk)
        && !t.contains(['|', '\t'])
        && !t.contains("  ")
}

/// A line under a heading of the situation reported that turns to what the meeting decided or
/// asks ("会议要求：…", "The Committee resolved …", "Action: …").
pub(super) fn ends_the_report(line: &str) -> bool {
    const ZH: &[&str] = &["会议要求", "会议强调", "会议议定", "会议决定", "会议明确", "会议确定", "议定事项"];
    const EN: &[&str] = &["resolved", "agreed", "decided", "action:", "actions", "recommend"];
    let lower = line.to_ascii_lowercase();
    ZH.iter().any(|w| line.contains(w)) || EN.iter().any(|w| lower.contains(w))
}

/// How many numbers the number that opens a line has ("5." → 1, "4.5" → 2, "3.2.1" → 3); `None`
/// when no such number opens it.
pub(super) fn number_depth(line: &str) -> Option<usize> {
    let token = line.split_whitespace().next()?;
    let parts: Vec<&str> = token.trim_end_matches('.').split('.').collect();
    let numbered = token.contains('.')
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    numbered.then_some(parts.len())
}
