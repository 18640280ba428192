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
            !l.is_empty() && strip_enumerator(l).len() != l.len() && !is_heading_line(strip_enumerator(l))
        })
        .map(|(i, _)| i)
        .collect();
    let last = *numbered.last().filter(|_| numbered.len() >= 3)?;
    // "II. Remarks by leaders" after the last item: the items were a section of their own
    // (reports heard), and the minutes go on; a section named as the closing does not, nor
    // does a Chinese one ("三、有关要求", "三、其他"), which by custom closes the minutes.
    let new_section = minutes.lines().skip(last + 1).any(|l| {
        let l = l.trim();
        let heading = strip_enumerator(l);
        heading.len() != l.len()
            && is_heading_line(heading)
            && !heading.chars().any(scan::is_cjk)
            && !names_closing(heading)
    });
    (!new_section).then_some(last + 1)
}

/// A section heading that names the end of the minutes ("5. Closing remarks", "4. Any other
/// business", "三、其他事项").
fn names_closing(heading: &str) -> bool {
    let lower = heading.to_ascii_lowercase();
    ["closing", "any other business", "aob", "next meeting", "other matters", "结束", "其他事项", "其它事项"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Minutes with their hard-wrapped paragraphs joined: a line indented under the one before
/// ("4.1  The Housing Bureau … will complete a" / "     door-to-door check …"), or one that goes
/// on in lower case from a line no sentence ends in, continues that line.
pub(super) fn unwrap_lines(minutes: &str) -> String {
    let mut out = String::with_capacity(minutes.len());
    let mut previous: Option<&str> = None;
    for line in minutes.lines() {
        let trimmed = line.trim();
        let continues = previous.is_some_and(|prev| {
            let indented = line.starts_with("  ") || line.starts_with('\t');
            let open = !ends_with_terminator(prev.trim_end()) && !prev.trim_end().ends_with([':', '：']);
            let lower_after_open = trimmed.starts_with(|c: char| c.is_ascii_lowercase()) && open;
            // "… The Ventilation" / "Section must complete …": a long English line that ends
            // mid-sentence was wrapped, whatever case the next line starts in.
            let wrapped = open && wrapped_prose(prev) && trimmed.starts_with(|c: char| c.is_ascii_alphanumeric());
            !trimmed.is_empty()
                && strip_enumerator(trimmed).len() == trimmed.len()
                && (indented || lower_after_open || wrapped)
        });
        if continues {
            let cjk = out.chars().last().is_some_and(scan::is_cjk) && trimmed.starts_with(scan::is_cjk);
            if !cjk {
                out.push(' ');
            }
            out.push_str(trimmed);
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            out.push_str(line);
        }
        previous = (!trimmed.is_empty()).then_some(line);
    }
    out
}

/// A line of English prose at the width minutes are wrapped to: long, many words, no CJK, and
/// not a header ("Chair : …") or a table row.
fn wrapped_prose(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 60
        && t.split_whitespace().count() >= 9
        && !t.chars().any(scan::is_cjk)
        && !t.contains(['|', '\t'])
        && !t.contains("  ")
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
        // "…; if it exceeds 1.0 per cent, coal cutting stops at once": a condition after a
        // semicolon says what happens, asking no one.
        let lower = sentence.to_ascii_lowercase();
        let first = lower.split_whitespace().next().unwrap_or("");
        return conditional_subject_without_modal(sentence)
            || (after_semicolon && ["if", "where", "when", "once", "unless", "should"].contains(&first));
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
        || (qualified_subject(sentence.get(..pos).unwrap_or("")) && passive_after(sentence, pos))
}

/// Whether the modal at `pos` is followed by a passive ("shall be ordered", "shall not be
/// used"): something is done to the subject, rather than the subject doing something.
fn passive_after(sentence: &str, pos: usize) -> bool {
    let after = sentence.get(pos..).unwrap_or("").to_ascii_lowercase();
    let words: Vec<&str> = after.split_whitespace().skip(1).take(2).collect();
    words.first() == Some(&"be") || words == ["not", "be"]
}

/// A subject narrowed by what it did or has ("Employers found in breach", "Contractors with two
/// breaches", "Villages whose wells run dry") before a passive: the sentence says what happens
/// to those the requirement before it catches, not who does a new one ("Mines that stop
/// production must keep ventilation running" is a requirement of its own). A unit's name (capitalised words)
/// is never such a subject.
fn qualified_subject(subject: &str) -> bool {
    const QUALIFIERS: &[&str] = &[" with ", " found ", " whose ", " where ", " that ", " which ", " who "];
    let subject = subject.trim();
    let named = subject.chars().skip(1).any(|c| c.is_ascii_uppercase());
    let padded = format!(" {} ", subject.to_ascii_lowercase());
    !named && subject.split_whitespace().count() <= 10 && QUALIFIERS.iter().any(|q| padded.contains(q))
}

/// A sentence without "shall" whose subject is "any …" or "a … that …" ("A vehicle that fails
/// is not to be loaded", "Any job that cannot wait needs a permit"): a condition on the
/// requirement before it.
fn conditional_subject_without_modal(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().take(8).collect();
    match words.first() {
        Some(&"any") => true,
        Some(&("a" | "an")) => words.iter().any(|w| ["that", "which", "who"].contains(w)),
        _ => false,
    }
}

/// What someone said rather than what the meeting decided: "X said that … should …", "The
/// Housing Bureau explained that …", or the "That …" left of such a sentence. The modal is in
/// the words reported.
pub(super) fn is_reported_speech(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    let modal = find_markers(seg).iter().find(|(_, k)| *k != MarkerKind::Adverbial).map_or(lower.len(), |&(p, _)| p);
    let head = lower.get(..modal).unwrap_or(&lower);
    const REPORTING: &[&str] = &[
        " said that",
        " said ",
        "remarked that",
        "observed that",
        "explained that",
        "added that",
        "reminded",
        "warned that",
        "asked whether",
        "thanked",
        "felt that",
        "argued that",
        "members agreed that",
        "noted that",
        "raised concerns",
    ];
    seg.starts_with("That ") || REPORTING.iter().any(|w| head.contains(w))
}

/// An exhortation with nobody in particular to do anything: a collective subject ("各级各部门",
/// "全区上下", "All localities and departments") asked for an attitude ("底线思维", "keep a clear
/// head", "spare no effort").
pub(super) fn is_exhortation(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    const COLLECTIVE: &[&str] = &[
        "各级各部门",
        "各地各部门",
        "全区上下",
        "全市上下",
        "全县上下",
        "各镇街、各部门",
        "all units",
        "all localities",
        "every sector",
        "everyone",
        "all departments",
        "all levels and departments",
        "localities and departments",
        "every district and department",
        "各级党政领导干部",
        "各级领导干部",
        "各级党组织",
        "各地各有关部门",
        "各有关单位",
        "各部门负责人",
        "主要负责同志",
    ];
    const ATTITUDE: &[&str] = &[
        "底线思维",
        "战时状态",
        "政治站位",
        "思想认识",
        "守土有责",
        "clear head",
        "political responsibility",
        "lower their guard",
        "spare no effort",
        "put safety first",
        "sense of responsibility",
        "讲政治",
        "人民至上",
        "这根弦",
        "靠前指挥",
        "以身作则",
        "为标尺",
        "高度负责",
        "挺在前面",
        "放在心上",
        "心存侥幸",
        "钉钉子精神",
        "扛起安全责任",
        "亲自部署",
        "落到实处",
        "shoulder",
        "take responsibility",
        "at the centre",
        "plan for the worst",
        "hold its ground",
        "wellbeing first",
    ];
    // "要把思想认识再提高。", "这种想法要不得。": a slogan of a few characters, tightening
    // what is already asked ("再…"), or a rebuke.
    let cjk = seg.chars().filter(|c| scan::is_cjk(*c)).count();
    let slogan = cjk <= 12 && ((seg.starts_with("要把") && seg.contains('再')) || seg.contains("要不得"));
    slogan || (COLLECTIVE.iter().any(|w| lower.contains(w)) && ATTITUDE.iter().any(|w| lower.contains(w)))
}

/// A sentence that announces the list after it ("重点抓好以下工作。", "act quickly on the
/// following."): it asks nothing itself.
pub(super) fn announces_list(seg: &str) -> bool {
    let head = seg.trim_end_matches(['。', '.', '：', ':', ' ']).to_ascii_lowercase();
    // "The Executive resolved:", "The Committee agreed:": what follows is what was decided.
    let decided = seg.trim_end().ends_with(':')
        && ["resolved", "agreed", "decided", "recommended"].iter().any(|w| head.ends_with(w))
        && head.split_whitespace().count() <= 6;
    if decided {
        return true;
    }
    // "The Committee agreed the following actions."
    let following = head.rsplit_once("the following ").is_some_and(|(_, rest)| !rest.contains(' '));
    following
        || ["以下工作", "以下几项工作", "以下几点", "如下", "the following", "as follows"]
            .iter()
            .any(|w| head.ends_with(w))
        || announces_points(seg)
}

/// "要聚焦以下重点，抓实抓细假期工作。": "以下" and what it names (重点, 几个方面, 任务 …) announce
/// the list even when a clause follows.
fn announces_points(seg: &str) -> bool {
    // "郭新民提出五点要求。": a speaker announcing how many requirements follow.
    let head = seg.trim_end_matches(['。', '：', ':', ' ']);
    if head.contains("提出") && ["点要求", "条要求", "项要求", "方面要求", "几点意见"].iter().any(|w| head.ends_with(w))
    {
        return true;
    }
    const WHAT: &[&str] = &["重点", "工作", "几点", "事项", "要求", "方面", "任务", "措施"];
    seg.split_once("以下").is_some_and(|(_, rest)| {
        let named = rest.split(['，', '。', '：', ':', ',']).next().unwrap_or("");
        named.chars().count() <= 6 && WHAT.iter().any(|w| named.ends_with(w))
    })
}

/// A heading over what the meeting decided ("3. Actions agreed", "Decisions", "议定事项").
pub(super) fn heads_decisions(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    ["actions agreed", "agreed actions", "action points", "action items", "decisions", "决定事项", "议定事项"]
        .iter()
        .any(|w| lower.contains(w))
}

/// A list announcement that decides what follows ("The Committee agreed the following
/// actions.", "会议议定如下："): its numbered items are requirements without "shall".
pub(super) fn announces_decisions(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    announces_list(seg)
        && (["agreed", "decided", "resolved", "adopted"].iter().any(|w| lower.contains(w))
            || ["议定", "决定", "明确"].iter().any(|w| seg.contains(w)))
}

/// A paragraph's short first sentence, when the next names who does what: its heading, modal
/// or not ("Hidden hazards must be cleared before the peak. The forestry administration shall
/// …").
pub(super) fn is_paragraph_heading(sentence: &str, next_names_subject: bool) -> bool {
    let cjk = sentence.chars().filter(|c| scan::is_cjk(*c)).count();
    let short = if cjk > 0 { cjk <= 16 } else { sentence.split_whitespace().count() <= 10 };
    // "Duty and accountability must be tight.": a passive slogan names a theme, not a task.
    let lower = sentence.to_ascii_lowercase();
    let slogan = cjk == 0 && [" must be ", " should be ", " shall be "].iter().any(|w| lower.contains(w));
    (next_names_subject || slogan) && short && !sentence.contains(['，', ',', '；', ';', ':', '：'])
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
    // "The Provincial Forestry and Grassland Administration shall …": an article and a level
    // before the name.
    const LEADING: &[&str] =
        &["the", "provincial", "municipal", "city", "county", "district", "prefectural", "township", "town", "each"];
    ctx.departments.find(head).iter().any(|d| {
        d.start <= 9
            || head.get(..d.start).is_some_and(|before| {
                before.split_whitespace().all(|w| LEADING.contains(&w.to_ascii_lowercase().as_str()))
            })
    })
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

/// Words that say when, not what: "this year" or "the season" refers to no requirement.
const TIME_WORDS: [&str; 14] = [
    "year", "month", "week", "day", "season", "winter", "summer", "spring", "autumn", "holiday", "time", "period",
    "meeting", "morning",
];

/// The first four letters of a word, lower case: "vetting" and "vetted" share "vett".
fn stem(word: &str) -> Option<String> {
    let w: String = word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_ascii_lowercase();
    (w.chars().count() >= 4).then(|| w.chars().take(4).collect())
}

fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter_map(stem).collect()
}

/// Whether a later sentence of the same item goes on with the requirement before it rather than
/// starting one: its subject takes up what that requirement is about — "Candidates shall be
/// vetted …. Led by the civil affairs bureau, the vetting shall …", "… prepare crowd-control
/// plans …. The plans are to be rehearsed by 28 September", "… issue a notice setting out these
/// limits", "严格熏蒸作业安全管理。熏蒸作业必须…". Taking up the previous requirement's own
/// subject ("Every district shall …. The districts shall also …") is a new requirement of the
/// same unit, not this.
pub(super) fn refers_back(ctx: &Ctx, sentence: &str, prev: &Draft) -> bool {
    let prev_subject = prev.why.subject.as_deref().unwrap_or("");
    let markers = find_markers(sentence);
    let modal = markers.iter().find(|(_, k)| *k != MarkerKind::Adverbial).map(|&(p, _)| p);
    if sentence.chars().any(scan::is_cjk) {
        // The words before the modal, after the last comma, repeated from the requirement.
        let Some(head) = modal.and_then(|p| sentence.get(..p)) else {
            return false;
        };
        let subject = head.rsplit(['，', ',']).next().unwrap_or(head).trim();
        let chars: Vec<char> = subject.chars().collect();
        return chars.len() >= 4
            && chars.windows(4).any(|w| {
                let part: String = w.iter().collect();
                w.iter().all(|c| scan::is_cjk(*c)) && prev.text.contains(&part) && !prev_subject.contains(&part)
            });
    }
    let lower = sentence.to_ascii_lowercase();
    let prev_stems = stems(&prev.text);
    let subject_stems = stems(prev_subject);
    let taken_up = |noun: &str| {
        stem(noun).is_some_and(|s| {
            !TIME_WORDS.iter().any(|t| noun.starts_with(t)) && prev_stems.contains(&s) && !subject_stems.contains(&s)
        })
    };
    // "these limits", "such plans" anywhere in the sentence.
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.windows(2).any(|w| ["these", "such"].contains(&w[0]) && taken_up(w[1])) {
        return true;
    }
    // "the vetting shall", "The plans are to be": the subject, after the last comma before the
    // verb, is "the/this X" taken up from the requirement.
    let verb = modal.or_else(|| [" are to be ", " is to be "].iter().filter_map(|w| lower.find(w)).min());
    let Some(head) = verb.and_then(|p| lower.get(..p)) else {
        return false;
    };
    let subject_text = head.rsplit(',').next().unwrap_or(head);
    // "The education bureau shall …" names who does a requirement of its own.
    if !ctx.departments.find(subject_text).is_empty() {
        return false;
    }
    let subject: Vec<&str> = subject_text.split_whitespace().collect();
    // "Fumigation shall be done by …" after "Fumigation. No warehouse shall …": one bare word
    // taken up is the same topic.
    let bare = subject.len() == 1 && !prev_subject.is_empty();
    (matches!(subject.first(), Some(&("the" | "this" | "these"))) || bare)
        && subject.len() <= 4
        && subject.last().is_some_and(|n| taken_up(n))
}

/// "…; the safety department shall check each of them before the drill": the sentence's object
/// is what the requirement before it asked for, so it goes on with that requirement.
pub(super) fn takes_up_by_pronoun(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    ["each of them", "all of them", "every one of them", "both of them"].iter().any(|w| lower.contains(w))
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::{date, drafts_of};
    use super::super::{DraftError, default_rules, draft_directives};

    fn leads_and_cooperating(minutes: &str) -> Vec<(Option<String>, Vec<String>)> {
        drafts_of(minutes, date(2024, 6, 26)).into_iter().map(|d| (d.lead_function, d.cooperating_functions)).collect()
    }

    fn owned(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_title_line_is_not_a_draft() {
        let minutes = "关于切实加强城镇燃气安全工作的会议纪要\n\n3月5日上午，市政府召开燃气安全工作会议。\n会议要求，住建部门要加强燃气管道巡查。";
        let drafts = drafts_of(minutes, date(2024, 3, 5));
        assert_eq!(drafts.len(), 1, "{drafts:#?}");
        assert!(drafts[0].text.starts_with("住建部门要加强"));
        assert!(super::is_heading_line("2025年第三次安全生产委员会会议纪要"));
        assert!(!super::is_heading_line("要加强燃气管道巡查。"));
    }

    #[test]
    fn a_numbered_items_heading_attaches_to_its_requirement_and_led_by_sets_the_lead() {
        let minutes = "会议明确：\n\n一是切实保障户外劳动者健康。人社部门要督促用人单位落实高温津贴。\n\n二、开展隐患排查。由市住建局牵头，会同市商务局、市市场监管局，7月5日前对燃气经营企业开展检查。";
        let drafts = drafts_of(minutes, date(2024, 6, 26));
        assert_eq!(drafts.len(), 2, "{drafts:#?}");
        assert!(drafts[0].text.starts_with("切实保障户外劳动者健康。人社部门要"), "{}", drafts[0].text);
        assert_eq!(drafts[0].lead_function.as_deref(), Some("human_resources"));
        assert!(drafts[1].text.starts_with("开展隐患排查。由市住建局牵头"), "{}", drafts[1].text);
        assert_eq!(drafts[1].lead_function.as_deref(), Some("housing_construction"));
        assert_eq!(drafts[1].cooperating_functions[..2], owned(&["commerce", "market_regulation"]));
        assert_eq!(drafts[1].deadline, Some(date(2024, 7, 5)));
    }

    #[test]
    fn a_requirement_split_by_a_condition_stays_one_draft() {
        let zh = drafts_of(
            "会议要求，区市场监管局要对客运索道开展专项检查。对检验不合格的，一律停止使用。",
            date(2024, 6, 26),
        );
        assert_eq!(zh.len(), 1, "{zh:#?}");
        assert!(zh[0].text.ends_with("对检验不合格的，一律停止使用。"));
        assert_eq!(zh[0].lead_function.as_deref(), Some("market_regulation"));
        let en = drafts_of(
            "The transport bureau shall inspect every cruise boat by 25 September. A vessel that fails shall be kept off the water until it passes.",
            date(2025, 9, 18),
        );
        assert_eq!(en.len(), 1, "{en:#?}");
        assert!(en[0].text.ends_with("until it passes."));
        assert_eq!(en[0].deadline, Some(date(2025, 9, 25)));
        // A sentence of its own that opens with "Where" is a requirement of its own.
        let own = drafts_of(
            "Schools must close on red warnings. Where a river floods, the town governments must move residents out.",
            date(2024, 7, 2),
        );
        assert_eq!(own.len(), 2, "{own:#?}");
    }

    #[test]
    fn a_subject_narrowed_by_what_it_did_is_a_condition_on_the_requirement_before_it() {
        let en = drafts_of(
            "The market regulation bureau shall check every scale in the market by 10 May. Traders found cheating shall be fined; shops with two offences shall be closed. Any stall that fails twice is not to reopen.",
            date(2025, 4, 20),
        );
        assert_eq!(en.len(), 1, "{en:#?}");
        assert!(en[0].text.ends_with("is not to reopen."), "{}", en[0].text);
        assert_eq!(en[0].lead_function.as_deref(), Some("market_regulation"));
        // Narrowed but doing something itself: a requirement of its own.
        let own = drafts_of(
            "The market regulation bureau shall check every scale in the market. Shops that sell fireworks must keep them in a locked store.",
            date(2025, 4, 20),
        );
        assert_eq!(own.len(), 2, "{own:#?}");
        // A unit's name with "with" in it is a subject of its own.
        let two = drafts_of(
            "The education bureau shall check school buses. The Bureau of Transport with the police shall check coaches.",
            date(2025, 4, 20),
        );
        assert_eq!(two.len(), 2, "{two:#?}");
    }

    #[test]
    fn joint_subjects_give_the_first_named_the_lead_and_the_others_cooperate() {
        assert_eq!(
            leads_and_cooperating("会议要求：\n1. 市商务局、市市场监管局按照职责分工，加强对瓶装液化气经营点的检查。"),
            vec![(Some("commerce".to_string()), owned(&["market_regulation"]))]
        );
        let (lead, cooperating) =
            leads_and_cooperating("区水利局、区自然资源局要加强对山洪沟、地质灾害隐患点的巡查监测。").remove(0);
        assert_eq!(lead.as_deref(), Some("water_resources"));
        assert_eq!(cooperating.first().map(String::as_str), Some("natural_resources"), "the named one first");
        let (lead, cooperating) =
            leads_and_cooperating("县应急管理局会同县林业局，组织扑火队伍开展一次实战演练。").remove(0);
        assert_eq!(lead.as_deref(), Some("emergency_management"));
        assert!(cooperating.contains(&"forestry".to_string()), "{cooperating:?}");
    }

    #[test]
    fn a_dash_list_announced_by_its_points_yields_one_draft_an_item_and_closes() {
        let minutes = "会议要求，要围绕以下几个方面，做好汛期工作。\n\n——加强水库巡查。区水利局要每日巡查水库。\n\n——做好转移准备。各镇要备好安置点。\n\n——保障道路畅通。区交通局要及时抢通道路。\n\n会议强调，各部门要压实责任。";
        let drafts = drafts_of(minutes, date(2024, 6, 26));
        assert_eq!(drafts.len(), 3, "{drafts:#?}");
        assert!(drafts[0].text.starts_with("加强水库巡查。区水利局"), "{}", drafts[0].text);
        assert!(super::announces_list("要聚焦以下重点，抓实抓细假期安全工作。"));
        assert!(!super::announces_list("对以下单位开展检查：区医院、区一中。"));
    }

    #[test]
    fn a_unit_that_only_cooperates_joins_the_requirement_before_it() {
        let drafts =
            drafts_of("会议要求，农业农村部门要指导群众科学灌溉，水利部门要配合做好灌溉用水调度。", date(2025, 7, 24));
        assert_eq!(drafts.len(), 1, "{drafts:#?}");
        assert_eq!(drafts[0].lead_function.as_deref(), Some("agriculture"));
        assert!(drafts[0].cooperating_functions.contains(&"water_resources".to_string()));
    }

    #[test]
    fn a_modal_inside_quotes_is_what_someone_said_not_a_requirement() {
        for minutes in [
            "去年暑期事故调查发现，经营单位“要求游客自行承担风险”的告知书形同虚设。",
            "Interviewed afterwards, he said he had assumed the warehouse \"should be safe after three days\".",
        ] {
            assert_eq!(draft_directives(minutes, &default_rules(), date(2025, 6, 12)), Err(DraftError::NoRequirements));
        }
    }

    #[test]
    fn closing_lines_and_list_announcements_yield_no_drafts() {
        let minutes = "会议要求，各地各部门要进一步提高政治站位，重点抓好以下工作。\n\n一、教育部门要开展防溺水教育。\n\n二、公安机关要加强景区治安巡查。\n\n三、交警部门要加强山区道路巡逻。\n\n会议强调，各镇（街）、各有关部门要切实扛起属地责任。\n\n请区政府督查室加强调度督办。";
        let drafts = drafts_of(minutes, date(2024, 6, 26));
        let leads: Vec<Option<&str>> = drafts.iter().map(|d| d.lead_function.as_deref()).collect();
        assert_eq!(leads, vec![Some("education"), Some("public_security"), Some("traffic_police")], "{drafts:#?}");
        assert_eq!(super::closing_line(minutes), Some(7));
        // A numbered section heading ("4. Any other business") is not an item: what follows it stays.
        assert_eq!(
            super::closing_line("1. Situation\n2. Decisions\n3. Any other business\nSchools must lock gates."),
            None
        );
    }

    fn leads(drafts: &[super::super::Draft]) -> Vec<Option<&str>> {
        drafts.iter().map(|d| d.lead_function.as_deref()).collect()
    }

    #[test]
    fn a_later_sentence_that_takes_up_the_requirement_goes_on_with_it_and_gives_its_lead() {
        let vetting = drafts_of(
            "The meeting decided as follows.\n(3) Candidates shall be vetted before their names are announced. Led by the County Civil Affairs Bureau, with the Public Security Bureau cooperating, the vetting shall exclude anyone with a criminal record.",
            date(2026, 3, 2),
        );
        assert_eq!(leads(&vetting), vec![Some("civil_affairs")], "{vetting:#?}");
        assert!(vetting[0].cooperating_functions.contains(&"public_security".to_string()));
        // The same subject again is the same unit's next requirement, not a follow-up.
        let districts = drafts_of(
            "Every district shall hold a weekly clean-up day in the mosquito season. The districts shall also survey mosquito density in every community.",
            date(2024, 5, 28),
        );
        assert_eq!(districts.len(), 2, "{districts:#?}");
    }

    #[test]
    fn a_clause_about_each_of_them_goes_on_with_the_requirement_it_takes_up() {
        let drafts = drafts_of(
            "Towns near rivers shall stock pumps and sandbags by 1 June; the water resources bureau shall check each of them before the rains.",
            date(2025, 5, 2),
        );
        assert_eq!(leads(&drafts), vec![Some("water_resources")], "{drafts:#?}");
        assert!(drafts[0].text.ends_with("before the rains."), "{}", drafts[0].text);
    }

    #[test]
    fn an_items_bare_topic_taken_up_again_goes_on_with_its_requirement() {
        let drafts = drafts_of(
            "The meeting decided as follows.\n\n1. Blasting. No quarry shall blast without a permit. Blasting shall be done by licensed staff only.\n\n2. Dust. Quarries must spray haul roads.",
            date(2025, 5, 2),
        );
        assert_eq!(drafts.len(), 2, "{drafts:#?}");
        assert!(drafts[0].text.ends_with("licensed staff only."), "{}", drafts[0].text);
    }

    #[test]
    fn hard_wrapped_decisions_with_will_are_one_requirement_each() {
        let drafts = drafts_of(
            "4. Decisions\n\n4.1  The Housing Bureau will complete a\n     door-to-door check of gas users by 31 December 2025.\n\n4.2  The Fire and Rescue Detachment will hold a gas-leak drill.\n\nThe next meeting will be held in January.",
            date(2025, 11, 18),
        );
        assert_eq!(leads(&drafts), vec![Some("housing_construction"), Some("fire_rescue")], "{drafts:#?}");
        assert!(drafts[0].text.contains("door-to-door check"));
        assert_eq!(drafts[0].deadline, Some(date(2025, 12, 31)));
    }

    #[test]
    fn british_resolutions_are_requirements_and_noting_a_report_is_not() {
        let drafts = drafts_of(
            "RESOLVED that the report be noted.\n\nIt was RESOLVED that:\n\n(a) the Education and Sports Bureau complete a safety inspection of every school by 31 August;\n\n(b) the Health Commission check the vaccination records of all new pupils.",
            date(2025, 8, 21),
        );
        assert_eq!(leads(&drafts), vec![Some("education"), Some("health")], "{drafts:#?}");
        assert_eq!(drafts[0].deadline, Some(date(2025, 8, 31)));
    }

    #[test]
    fn reported_speech_and_exhortations_to_everyone_are_not_requirements() {
        let en = drafts_of(
            "Chen said that every detail of the race should reflect the city's standard. The transport bureau shall inspect every coach.",
            date(2025, 12, 16),
        );
        assert_eq!(leads(&en), vec![Some("transport")], "{en:#?}");
        let zh = drafts_of(
            "会议要求：\n1. 各级各部门要坚持底线思维，守土有责。\n2. 市教育局要在6月30日前完成校舍排查。",
            date(2026, 4, 16),
        );
        assert_eq!(leads(&zh), vec![Some("education")], "{zh:#?}");
    }

    #[test]
    fn an_action_list_under_its_heading_needs_no_shall() {
        let drafts = drafts_of(
            "3. Actions agreed\n\n3.7  Certificates. HR (Wu Jie) to arrange refresher training for the operators by 10 July.\n\n4. Any other business\n\nNone.",
            date(2026, 6, 9),
        );
        assert_eq!(leads(&drafts), vec![Some("human_resources")], "{drafts:#?}");
        assert!(drafts[0].text.starts_with("Certificates. HR"), "the item's heading goes with it");
        assert_eq!(drafts[0].deadline, Some(date(2026, 7, 10)));
    }

    #[test]
    fn a_decided_items_statement_without_a_modal_leads_in_to_the_requirement_after_it() {
        let drafts = drafts_of(
            "The meeting decided as follows.\n\n1. Canteens. The meal subsidy is a fixed sum per pupil and may not be cut. The education bureau shall pay it to every school by 1 March.\n\n2. Buses. Every school bus is to carry a first-aid kit.",
            date(2025, 2, 10),
        );
        assert_eq!(drafts.len(), 2, "{drafts:#?}");
        assert_eq!(drafts[0].lead_function.as_deref(), Some("education"));
        assert!(drafts[0].text.starts_with("Canteens. The meal subsidy"), "{}", drafts[0].text);
        assert_eq!(drafts[0].deadline, Some(date(2025, 3, 1)));
    }

    #[test]
    fn an_owner_line_names_the_lead_of_the_item_above_and_is_no_draft() {
        let drafts = drafts_of(
            "3. Actions agreed\n\n3.1  Ladders. Every workshop to replace cracked ladders by 30 May. Owner: HSE (Li Na).\n\n3.2  Canteen. Keep food samples for 48 hours.\nOwner: Administration.",
            date(2026, 5, 6),
        );
        assert_eq!(drafts.len(), 2, "{drafts:#?}");
        assert_eq!(drafts[0].lead_function.as_deref(), Some("emergency_management"));
        assert!(!drafts.iter().any(|d| d.text.starts_with("Owner")), "{drafts:#?}");
    }

    #[test]
    fn a_requirement_of_an_item_that_names_nobody_shares_the_items_named_lead() {
        let drafts = drafts_of(
            "会议要求：\n一、由市生态环境局牵头，对12项问题逐项制定方案。各区要举一反三，开展同类问题排查。\n二、市教育局要加强校车管理。",
            date(2025, 3, 10),
        );
        assert_eq!(
            leads(&drafts),
            vec![Some("ecology_environment"), Some("ecology_environment"), Some("education")],
            "{drafts:#?}"
        );
        // A unit the table does not know keeps no lead rather than borrowing one.
        let own = drafts_of(
            "会议要求：\n一、市文物局要检查古建筑电气线路。市民宗局要督促寺庙设置焚香区。",
            date(2025, 3, 10),
        );
        assert_eq!(own.len(), 2, "{own:#?}");
        assert_ne!(own[1].lead_function, own[0].lead_function, "{own:#?}");
    }

    #[test]
    fn a_condition_followed_by_a_named_unit_opens_a_requirement_of_its_own() {
        let drafts = drafts_of(
            "会议要求，区水利局要科学调度水库蓄水。对出现饮水困难的村，区应急管理局要组织送水车辆送水到户。",
            date(2025, 8, 12),
        );
        assert_eq!(leads(&drafts), vec![Some("water_resources"), Some("emergency_management")], "{drafts:#?}");
    }

    #[test]
    fn led_by_a_unit_the_clauses_after_it_are_one_requirement_of_that_unit() {
        let drafts = drafts_of(
            "The meeting agreed as follows.\n\n1. Heat. Led by the Municipal Emergency Management Bureau, with the Red Cross assisting, every construction site shall put up a shaded rest area, and every school shall keep drinking water ready by 1 July.",
            date(2025, 6, 1),
        );
        assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
        assert!(drafts[0].text.contains("every school shall"), "{}", drafts[0].text);
    }

    #[test]
    fn a_report_sent_to_a_unit_a_dozen_words_later_is_led_by_that_unit() {
        let drafts = drafts_of(
            "Employers shall report any heat injury suffered at work to the city human resources and social security bureau within a day.",
            date(2025, 7, 1),
        );
        assert_eq!(leads(&drafts), vec![Some("human_resources")], "{drafts:#?}");
    }

    #[test]
    fn a_time_fragment_and_a_clause_of_everyone_join_the_named_units_requirement() {
        let drafts = drafts_of(
            "会议要求：\n一、加强汛期值守。主汛期间，各级各部门要严格执行24小时值班制度，区应急管理局要每日汇总雨情水情。\n二、区水利局要加强水库巡查。",
            date(2025, 6, 3),
        );
        assert_eq!(leads(&drafts), vec![Some("emergency_management"), Some("water_resources")], "{drafts:#?}");
        assert!(drafts[0].text.starts_with("加强汛期值守。主汛期间，各级各部门要"), "{}", drafts[0].text);
        // Everyone asked, with no unit after: a requirement of its own.
        let alone = drafts_of("会议要求，各级各部门要严格执行24小时值班制度。", date(2025, 6, 3));
        assert_eq!(alone.len(), 1, "{alone:#?}");
    }

    #[test]
    fn an_items_heading_gives_the_topic_when_the_requirement_names_no_unit() {
        let drafts = drafts_of(
            "3. Actions agreed\n\n3.1  Reactor HAZOP. Maintenance (Wang Li) to close out the open recommendations by 30 June.",
            date(2026, 6, 1),
        );
        assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
        assert!(drafts[0].text.starts_with("Reactor HAZOP. Maintenance"), "{}", drafts[0].text);
    }

    #[test]
    fn with_nobody_named_the_unit_a_requirement_answers_to_leads() {
        let drafts = drafts_of(
            "Depots shall update their hidden-hazard registers and send them to the Safety and Quality Department by the 5th of each month.",
            date(2025, 6, 12),
        );
        assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
    }

    #[test]
    fn a_paragraphs_slogan_heads_the_requirement_after_it() {
        let drafts = drafts_of(
            "Hidden hazards must be cleared before the peak. The Provincial Forestry and Grassland Administration shall organise an inspection of key forest areas by March 31.",
            date(2026, 3, 12),
        );
        assert_eq!(leads(&drafts), vec![Some("forestry")], "{drafts:#?}");
        assert!(drafts[0].text.starts_with("Hidden hazards must be cleared"));
    }
}
