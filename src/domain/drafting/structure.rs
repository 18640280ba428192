//! The minutes read as a document: heading lines and closing lines, a numbered item's heading,
//! sentences that only add a condition to the requirement before them or name a unit that
//! cooperates on it, and sentences that announce a list. Only the requirements yield drafts; these
//! pieces either yield none or attach to the requirement they belong to.

use super::{
    Ctx, Draft, Language,
    deadlines::find_deadline_with,
    scan,
    segments::{MarkerKind, ends_with_terminator, find_markers, strip_enumerator},
    titles::clean_text,
};

/// The first line of the closing: the line after the last of three or more numbered items
/// (closing lines follow them and ask nothing of their own: "会议强调，各有关部门要切实扛起
/// 责任…", "The Vice Governor stressed that …"). Numbered section headings ("4. Any other
/// business") are not items.
pub(super) fn closing_line(minutes: &str) -> Option<usize> {
    let numbered: Vec<usize> = minutes
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            !l.is_empty() && strip_enumerator(l).len() != l.len() && !is_heading_line(l)
        })
        .map(|(i, _)| i)
        .collect();
    numbered.last().filter(|_| numbered.len() >= 3).map(|last| last + 1)
}

/// A heading line: no sentence ends in it and no comma divides it ("关于推进…工作的会议纪要",
/// "MINUTES OF THE SECOND-QUARTER MEETING", "三、有关要求"). It names what follows; it asks
/// nothing itself.
pub(super) fn is_heading_line(line: &str) -> bool {
    !line.contains(['。', '.', '!', '！', '?', '？', ';', '；', ',', '，', ':', '：'])
}

/// A sentence that only adds a condition or a consequence to the requirement before it: a
/// Chinese one that opens with "对…的，" / "…的，" ("对检验不合格的，一律停止使用"), an English
/// one whose subject is "any …", "those …", "a … that …" ("A vessel that fails shall …"), or
/// a "where …" after a semicolon.
pub(super) fn is_follow_up(sentence: &str, after_semicolon: bool) -> bool {
    if let Some(p) = sentence.find('，') {
        let first = &sentence[..p];
        let conditional = first.ends_with('的') || (first.starts_with(['对', '凡']) && first.contains('的'));
        return conditional && !first.contains("要");
    }
    let Some(&(pos, MarkerKind::Modal)) = find_markers(sentence).first() else {
        return false;
    };
    let subject = sentence.get(..pos).unwrap_or("").to_ascii_lowercase();
    let first = subject.split_whitespace().next().unwrap_or("");
    // "…; where it is forecast at 37°C, work shall stop": a sentence of its own that opens
    // with "Where" states a requirement of its own.
    if ["where", "if"].contains(&first) {
        return after_semicolon;
    }
    if subject.contains(',') {
        return false;
    }
    ["any", "those", "whoever", "anyone", "no", "such"].contains(&first)
        || (["a", "an"].contains(&first) && [" that ", " which ", " who "].iter().any(|w| subject.contains(w)))
}

/// A sentence that announces the list after it ("重点抓好以下工作。", "act quickly on the
/// following."): it asks nothing itself.
pub(super) fn announces_list(seg: &str) -> bool {
    let head = seg.trim_end_matches(['。', '.', '：', ':', ' ']).to_ascii_lowercase();
    ["以下工作", "以下几项工作", "以下几点", "如下", "the following", "as follows"].iter().any(|w| head.ends_with(w))
}

/// A short first sentence without a modal of its own: the heading of a numbered item.
pub(super) fn is_item_heading(sentence: &str) -> bool {
    let modal = find_markers(sentence).iter().any(|&(_, k)| k != MarkerKind::Adverbial);
    let cjk = sentence.chars().filter(|c| scan::is_cjk(*c)).count();
    let short = if cjk > 0 { cjk <= 20 } else { sentence.split_whitespace().count() <= 8 };
    short && !modal && !sentence.contains(['，', ','])
}

pub(super) fn separator(language: Language) -> &'static str {
    match language {
        Language::Zh => "",
        Language::En => " ",
    }
}

/// Whether a sentence's subject names a unit ("区教育局要…"): then it is a requirement of its own.
pub(super) fn names_subject(ctx: &Ctx, sentence: &str) -> bool {
    let comma = sentence.find(['，', ',']).unwrap_or(sentence.len());
    let head = sentence.get(..comma).unwrap_or(sentence);
    ctx.departments.find(head).iter().any(|d| d.start <= 9)
}

/// The function of a unit whose sentence only says it cooperates ("水利部门要配合做好…",
/// "The water bureau shall assist"), if the sentence is such.
pub(super) fn cooperating_subject(ctx: &Ctx, sentence: &str) -> Option<String> {
    let &(pos, MarkerKind::Modal) = find_markers(sentence).iter().find(|(_, k)| *k != MarkerKind::Adverbial)? else {
        return None;
    };
    let head = sentence.get(..pos)?;
    let dept = ctx.departments.find(head).into_iter().next()?;
    if head.contains(['，', ',']) || head.get(dept.end..)?.chars().count() > 3 {
        return None;
    }
    let after = sentence.get(pos..)?.to_ascii_lowercase();
    let after = after.split_once(' ').map_or(after.as_str(), |(_, rest)| rest);
    let zh = ["要配合", "要协助", "要积极配合", "配合", "协助"]
        .iter()
        .any(|w| sentence.get(pos..).is_some_and(|a| a.starts_with(w)));
    let en = ["assist", "support", "cooperate", "co-operate"].iter().any(|w| after.starts_with(w));
    (zh || en).then_some(dept.function)
}

/// Appends a follow-up sentence to the draft it qualifies; a deadline it gives counts when the
/// draft had none.
pub(super) fn attach(ctx: &Ctx, draft: &mut Draft, sentence: &str) {
    let sep = match (ends_with_terminator(&draft.text), ctx.language) {
        (true, lang) => separator(lang),
        (false, Language::Zh) => "；",
        (false, Language::En) => "; ",
    };
    draft.text = clean_text(&format!("{}{sep}{}", draft.text, sentence));
    if draft.deadline.is_none()
        && let Some((date, note)) = find_deadline_with(sentence, ctx.meeting_date, &ctx.periods)
    {
        draft.deadline = Some(date);
        draft.deadline_note = note;
    }
}
