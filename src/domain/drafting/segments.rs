//! From minutes to requirements: lines into sentences and semicolon-separated segments, list
//! numbering stripped, openings that make a paragraph background or introduce requirements
//! (report framing is `framing.rs`'s), and the markers ("must", "要", "it is necessary to") where a requirement
//! begins.

pub(super) use super::markers::{MarkerKind, find_markers};
use super::record::{reports_status, undertakes, undertakes_what_was_reported};
use super::{
    categories::Language,
    scan::{Quotes, ZH_NUMERALS, is_close_quote, starts_ci},
};

pub(super) fn ends_with_terminator(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(|c: char| is_close_quote(c) || c == '"' || c == '’' || c == ')' || c == '）')
        .ends_with(['.', '。', '!', '！', '?', '？', ';', '；', ':', '：'])
}

/// Words before "." that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "fig", "art", "vol", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "co", "ltd", "inc",
    "gov", "prof", "capt", "lt", "sgt", "insp", "supt", "cllr", "col", "maj", "gen", "cmdr", "det", "rev", "hon",
];

/// Splits a line into sentences, never inside quotes; a full stop just before a closing quote
/// ends the sentence after the quote.
pub(super) fn split_sentences(line: &str, language: Language) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let terminator = matches!(c, '。' | '！' | '？' | '.' | '!' | '?');
        if !terminator {
            quotes.feed(c);
            i += 1;
            continue;
        }
        // Swallow closing quotes and brackets that belong to the sentence just ended.
        let mut j = i + 1;
        let mut probe = Quotes { depth: quotes.depth, straight: quotes.straight };
        while let Some(&(_, q)) = chars.get(j) {
            let closes = is_close_quote(q) || (q == '"' && probe.straight) || q == '’';
            if !closes {
                break;
            }
            probe.feed(q);
            j += 1;
        }
        let next = chars.get(j).map(|&(_, n)| n);
        let cjk_stop = matches!(c, '。' | '！' | '？') || (language == Language::Zh && c != '.');
        let ends = if probe.inside() {
            false
        } else if cjk_stop {
            true
        } else {
            let spaced = next.is_none_or(char::is_whitespace);
            spaced && (c != '.' || !is_abbreviation(line, pos, &chars, j))
        };
        if ends {
            let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
            push_trimmed(&mut out, line.get(start..end).unwrap_or(""));
            start = end;
            quotes = Quotes::default();
            i = j;
        } else {
            i += 1;
        }
    }
    push_trimmed(&mut out, line.get(start..).unwrap_or(""));
    out
}

/// True when the "." at byte `pos` follows an abbreviation or initial, or the next word starts
/// in lower case (so the sentence goes on).
fn is_abbreviation(line: &str, pos: usize, chars: &[(usize, char)], after: usize) -> bool {
    let head = line.get(..pos).unwrap_or("");
    let word: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    chars[after.min(chars.len())..].iter().map(|&(_, c)| c).find(|c| !c.is_whitespace()).is_some_and(char::is_lowercase)
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let t = s.trim();
    if !t.is_empty() {
        out.push(t);
    }
}

/// Splits a sentence on semicolons outside quotes: each side is its own requirement. So is
/// a list opened inside the sentence ("…，抓好以下工作：一是强化宣传教育，区教育局要…"): the colon
/// before a numbered item ends the announcement.
pub(super) fn split_segments(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    // "（责任部门：设备部、安环部；长期坚持）": a semicolon inside brackets parts no clauses.
    let mut brackets = 0usize;
    for (pos, c) in sentence.char_indices() {
        quotes.feed(c);
        match c {
            '（' | '(' => brackets += 1,
            '）' | ')' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        let item_follows = || {
            let rest = sentence.get(pos + c.len_utf8()..).unwrap_or("").trim_start();
            !rest.is_empty() && strip_enumerator(rest).len() != rest.len()
        };
        // "Brief the lifeguards (briefed on 2 March); closed.": a status after the semicolon
        // reports on the action before it, which stays with it (`is_framing`).
        let status_follows = || reports_status(sentence.get(pos + c.len_utf8()..).unwrap_or(""));
        if (matches!(c, ';' | '；') || (c == '：' && item_follows()))
            && !quotes.inside()
            && brackets == 0
            && !status_follows()
        {
            push_trimmed(&mut out, sentence.get(start..pos).unwrap_or(""));
            start = pos + c.len_utf8();
        }
        // "… on figures it did not trust, and members asked that the Head of Building Safety
        // reconcile …": the meeting's request after what was reported starts a clause of its own.
        // "Facility Services advised that two generators have not been tested, and Facility
        // Services will test the standby generators …": an undertaking after what was reported.
        let rest = sentence.get(pos + 1..).unwrap_or("");
        if c == ','
            && !quotes.inside()
            && (meeting_asks(rest)
                || (undertakes(rest) == Some(false)
                    && super::structure::is_reported_speech(sentence.get(start..pos).unwrap_or(""))))
        {
            push_trimmed(&mut out, sentence.get(start..pos).unwrap_or(""));
            start = pos + 1;
        }
    }
    push_trimmed(&mut out, sentence.get(start..).unwrap_or(""));
    out
}

/// Whether a clause opens with the meeting asking ("and the group asked the Library to …",
/// "and members asked that …", "the committee requested that …").
fn meeting_asks(clause: &str) -> bool {
    let lower = clause.trim_start().to_ascii_lowercase();
    let lower = lower.strip_prefix("and ").unwrap_or(&lower);
    super::speakers::ASKING_MEETINGS.iter().find_map(|w| lower.strip_prefix(w)).is_some_and(|rest| {
        ["asked ", "requested ", "agreed that ", "resolved that "].iter().any(|v| rest.starts_with(v))
    })
}

/// Bullets that open the items of a list ("- ", "• "); a dash in prose ("— Preventing …") is not one.
const BULLETS: [&str; 4] = ["- ", "• ", "* ", "· "];

/// Whether a line opens with a bullet or a speaker's ordinal word ("首先，") rather than a
/// number: its items may end a list without the minutes ending there.
pub(super) fn is_bullet(line: &str) -> bool {
    BULLETS.iter().chain(&ORDINALS).any(|b| line.starts_with(b))
}

/// A speaker's ordinal words, which number the points of a speech.
const ORDINALS: [&str; 4] = ["首先", "其次", "再次", "最后"];

/// Removes list numbering: "1.", "2、", "(3)", "（四）", "一、", "二是".
pub(super) fn strip_enumerator(s: &str) -> &str {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let is_num = |c: char| c.is_ascii_digit() || ZH_NUMERALS.contains(c);
    let rest_from = |k: usize| -> &str {
        let at = chars.get(k).map_or(s.len(), |&(p, _)| p);
        s.get(at..).unwrap_or("").trim_start()
    };
    let Some(&(_, first)) = chars.first() else {
        return s;
    };
    // "Action 4.5. Training on …", "Action 2: …": the label and a number open an action item.
    if let Some(rest) = ["Action item ", "Action "].iter().find_map(|w| s.strip_prefix(w)) {
        let num = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let label = &rest[..num];
        let after = &rest[num..];
        // "Action 1 - Communications team to deliver …": a dash after the number likewise.
        let after = after
            .strip_prefix([':', ')'])
            .or_else(|| after.strip_prefix(" -"))
            .or_else(|| after.strip_prefix(" –"))
            .unwrap_or(after);
        if label.starts_with(|c: char| c.is_ascii_digit())
            && label.len() <= 6
            && (label.ends_with('.') || after.len() < rest[num..].len())
            && after.starts_with(char::is_whitespace)
        {
            return after.trim_start();
        }
    }
    // "CSS/26/35  Welcome Week and term-time events", "EHL/24/7  Food festival": a minute's
    // reference numbers it.
    // "(LEMC 26/12) that Council's Works Branch complete …": a resolution's reference in brackets.
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.split_once(')'))
        && let Some((letters, number)) = inner.0.split_once(' ')
        && minute_reference(&format!("{letters}/{number}"))
    {
        return inner.1.trim_start();
    }
    // "1/02  Verify every Safe Work Pack …": an item's number and its action's, two digits.
    let item_action = |t: &str| {
        t.split_once('/').is_some_and(|(item, action)| {
            (1..=2).contains(&item.len())
                && action.len() == 2
                && item.bytes().chain(action.bytes()).all(|b| b.is_ascii_digit())
        })
    };
    // "A26/14 – Update the contact directory": a dash after it likewise; "CAPA-01: Destroy …"
    // a colon.
    if let Some((token, rest)) = s.split_once(char::is_whitespace)
        && (minute_reference(token.strip_suffix([':', '.']).unwrap_or(token)) || item_action(token))
    {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix(['–', '—', '-']).map_or(rest, str::trim_start);
        if rest.starts_with(|c: char| c.is_uppercase()) {
            return rest;
        }
    }
    // "D1. Turbines … shall remain stopped", "R12: …": a letter or two and a number number a
    // decision or a recommendation; "R1 Remove every duty pattern …" too, without a stop, when
    // the letter is a recommendation's, a decision's or an action's.
    if let Some((token, rest)) = s.split_once(char::is_whitespace)
        && let Some(core) = token
            .strip_suffix(['.', ':', ')'])
            .or_else(|| token.strip_prefix(['R', 'D', 'A']).filter(|n| n.len() <= 2).map(|_| token))
        && let Some(digits_at) = core.find(|c: char| c.is_ascii_digit())
        && (1..=2).contains(&digits_at)
        && core[..digits_at].chars().all(|c| c.is_ascii_uppercase())
        && core[digits_at..].chars().all(|c| c.is_ascii_digit())
        && rest.trim_start().starts_with(|c: char| c.is_uppercase())
    {
        return rest.trim_start();
    }
    // "——严控景区客流。": a dash opens each item of a Chinese list.
    if let Some(rest) = s.strip_prefix("——") {
        return rest.trim_start_matches('—').trim_start();
    }
    // "- The Service will …", "• Repair …": a bullet opens each item of a list.
    if let Some(rest) = BULLETS.iter().find_map(|b| s.strip_prefix(b)) {
        return rest.trim_start();
    }
    // "①加强…": a circled numeral numbers an item.
    if ('①'..='⑳').contains(&first) {
        return rest_from(1);
    }
    // "II. Remarks by leaders": a Roman numeral numbers a section.
    let roman = chars.iter().take_while(|&&(_, c)| matches!(c, 'I' | 'V' | 'X')).count();
    if (1..=4).contains(&roman)
        && matches!(chars.get(roman), Some(&(_, '.' | '、')))
        && chars.get(roman + 1).is_some_and(|&(_, c)| c.is_whitespace())
    {
        return rest_from(roman + 1);
    }
    // "b. Knox County EMA will conduct …": a letter and a full stop number an item.
    if first.is_ascii_lowercase()
        && matches!(chars.get(1), Some(&(_, '.')))
        && chars.get(2).is_some_and(|&(_, c)| c.is_whitespace())
        && chars.get(3).is_some_and(|&(_, c)| c.is_uppercase())
    {
        return rest_from(2);
    }
    // "a) Wage arrears — …": a letter and a bracket number an item.
    if first.is_ascii_lowercase()
        && matches!(chars.get(1), Some(&(_, ')')))
        && chars.get(2).is_some_and(|&(_, c)| c.is_whitespace())
    {
        return rest_from(2);
    }
    // "[2] the Head of Prevention ensure …": a number in square brackets numbers a clause.
    if first == '[' {
        let n = chars[1..].iter().take_while(|&&(_, c)| c.is_ascii_digit()).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some(&(_, ']'))) {
            return rest_from(n + 2);
        }
        return s;
    }
    if matches!(first, '(' | '（') {
        let n = chars[1..].iter().take_while(|&&(_, c)| is_num(c)).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some(&(_, ')' | '）'))) {
            return rest_from(n + 2);
        }
        // "(iv) the Licensing Manager … organise …": a small Roman numeral numbers a clause.
        let roman = chars[1..].iter().take_while(|&&(_, c)| matches!(c, 'i' | 'v' | 'x')).count();
        if (1..=4).contains(&roman)
            && matches!(chars.get(1 + roman), Some(&(_, ')' | '）')))
            && chars.get(2 + roman).is_some_and(|&(_, c)| c.is_whitespace())
        {
            return rest_from(roman + 2);
        }
        // "(c) Crowds in the city centre.": one letter numbers the item.
        if chars.get(1).is_some_and(|&(_, c)| c.is_ascii_lowercase())
            && matches!(chars.get(2), Some(&(_, ')' | '）')))
            && chars.get(3).is_some_and(|&(_, c)| c.is_whitespace())
        {
            return rest_from(3);
        }
        return s;
    }
    // "首先，要…", "其次，…", "最后，…": a speaker's ordinal words number the points.
    if let Some(rest) = ORDINALS.iter().find_map(|w| s.strip_prefix(w))
        && let Some(rest) = rest.strip_prefix(['，', ',', '、'])
    {
        return rest.trim_start();
    }
    // "第一，", "第五、".
    if first == '第' {
        let n = chars[1..].iter().take_while(|&&(_, c)| ZH_NUMERALS.contains(c)).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some(&(_, '，' | '、' | ','))) {
            return rest_from(n + 2);
        }
        return s;
    }
    let n = chars.iter().take_while(|&&(_, c)| is_num(c)).count();
    if !(1..=3).contains(&n) {
        return s;
    }
    let next = chars.get(n).map(|&(_, c)| c);
    let after = chars.get(n + 1).map(|&(_, c)| c);
    let zh_num = chars[..n].iter().all(|&(_, c)| ZH_NUMERALS.contains(c));
    // "2.1 Limits on outdoor work.": a sub-item's number, two levels, then a space.
    if next == Some('.') && !zh_num {
        let m = chars[n + 1..].iter().take_while(|&&(_, c)| c.is_ascii_digit()).count();
        if (1..=2).contains(&m) && chars.get(n + 1 + m).is_some_and(|&(_, c)| c == ' ') {
            return rest_from(n + 1 + m);
        }
    }
    match next {
        // "一要严格管控野外火源": the numeral and its "要" number the item.
        Some('要') if zh_num && first != '要' => rest_from(n + 1),
        Some('、' | ')' | '）' | '．') => rest_from(n + 1),
        Some('.') if !after.is_some_and(|c| c.is_ascii_digit()) => rest_from(n + 1),
        Some('是') if zh_num => rest_from(n + 1),
        _ => s,
    }
}

pub(super) enum Opening<'a> {
    Background,
    Introducer { rest: &'a str, strong: bool },
    Plain,
}

const EN_BACKGROUND: &[&str] = &[
    "the meeting pointed out",
    "the meeting noted",
    "the meeting held that",
    "the meeting believed",
    "the meeting believes",
    "the meeting reviewed",
    "the meeting heard",
    "the meeting listened",
    "the meeting analyzed",
    "the meeting analysed",
    "the meeting conveyed",
    "the meeting summarized",
    "the meeting summarised",
    "the meeting affirmed",
    "the meeting recognized",
    "the meeting recognised",
    "the conference pointed out",
    "it was pointed out",
];

const ZH_BACKGROUND: &[&str] = &[
    "会议指出",
    "会议认为",
    "会议通报",
    "会议分析",
    "会议传达",
    "会议听取",
    "会议回顾",
    "会议总结",
    "会议肯定",
    "会上通报",
    "会议深入贯彻",
    "会议传达学习",
];

/// Openings that introduce requirements; `true` when what follows is a requirement even
/// without "must". An English "emphasized that" often introduces a general statement
/// ("safe production is fundamentally based on prevention"), so it is weak.
const EN_INTRODUCERS: &[(&str, bool)] = &[
    // "It was RESOLVED that: (a) the Education Bureau complete …": what follows is required.
    ("it was resolved", true),
    // "Action: Roads Operations to prepare … by 30 June.": an action line under an agenda item.
    ("action:", true),
    ("actions:", true),
    ("action point:", true),
    ("agreed action:", true),
    // "Agreed: Operations to finalise the shutdown procedure …": a decision under a report.
    ("agreed:", true),
    ("decision:", true),
    ("it was agreed", true),
    ("it was decided", true),
    // "RESOLVED that the Office of Emergency Services plan and conduct …", "RESOLVED FURTHER
    // that …": a motion carried, on a line of its own after "it was".
    ("resolved further", true),
    ("resolved", true),
    ("the meeting required", true),
    ("the meeting requires", true),
    ("the meeting requested", true),
    ("the meeting demanded", true),
    ("the meeting urged", true),
    ("the meeting asked", true),
    ("the meeting called on", true),
    ("the meeting called for", true),
    ("the meeting instructed", true),
    ("the meeting decided", true),
    ("the meeting deployed", true),
    ("the conference required", true),
    ("it was required", true),
    ("the meeting emphasized", false),
    ("the meeting emphasised", false),
    ("the meeting stressed", false),
    ("the meeting underlined", false),
    ("the meeting underscored", false),
    ("the conference emphasized", false),
];

const ZH_INTRODUCERS: &[&str] = &[
    "会议要求",
    "会议强调",
    "会议提出",
    "会议明确",
    "会议部署",
    "会议决定",
    "会议号召",
    "会上要求",
    "会议研究决定",
    "会议研究议定",
    "会议经研究",
    "会议议定",
    "会议商定",
];

pub(super) fn classify_opening(seg: &str) -> Opening<'_> {
    let lower = seg.to_ascii_lowercase();
    // "The meeting also noted that …" opens as "The meeting noted" does.
    let lower = lower.replacen("the meeting also ", "the meeting ", 1);
    if EN_BACKGROUND.iter().any(|p| lower.starts_with(p))
        || ZH_BACKGROUND.iter().any(|p| seg.starts_with(p))
        || someone_pointed_out(seg)
    {
        return Opening::Background;
    }
    let found = EN_INTRODUCERS
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map(|(p, strong)| (p.len(), *strong))
        .or_else(|| ZH_INTRODUCERS.iter().find(|p| seg.starts_with(*p)).map(|p| (p.len(), true)))
        .or_else(|| someone_required(seg));
    let Some((len, strong)) = found else {
        return after_preamble(seg);
    };
    let mut rest = seg.get(len..).unwrap_or("").trim_start_matches([',', '，', ':', '：', ' ']);
    // "Action: None.": nothing is asked.
    let nothing = rest.trim_end_matches(['.', ' ']).to_ascii_lowercase();
    if lower.starts_with("action") && ["none", "n/a", "nil", "no action", "none required"].contains(&nothing.as_str()) {
        return Opening::Background;
    }
    if starts_ci(rest, "that ") {
        rest = rest.get(5..).unwrap_or("");
    }
    Opening::Introducer { rest: rest.trim_start_matches([',', '，', ':', '：', ' ']), strong }
}

/// "After discussion, members agreed that …", "On motion by Supervisor Wilson, seconded by Ms.
/// Pereira, it was RESOLVED that …": how the decision came about, then the decision; the
/// opening of what follows the how.
pub(super) fn after_preamble(seg: &str) -> Opening<'_> {
    if !opens_with_preamble(seg) {
        return Opening::Plain;
    }
    for (pos, _) in seg.match_indices(", ") {
        let rest = &seg[pos + 2..];
        if let found @ Opening::Introducer { .. } = classify_opening(rest) {
            return found;
        }
    }
    Opening::Plain
}

/// Whether `seg` opens with how a decision came about ("After discussion, …", "On motion by …").
pub(super) fn opens_with_preamble(seg: &str) -> bool {
    const PREAMBLES: &[&str] = &[
        "after discussion",
        "after a discussion",
        "after a short discussion",
        "following discussion",
        "following a discussion",
        "following the vote",
        "following the discussion",
        "on motion",
        "on a motion",
        "upon motion",
    ];
    let lower = seg.to_ascii_lowercase();
    PREAMBLES.iter().any(|p| lower.starts_with(p))
}

/// "杨志远要求，省林业和草原局要…", "在隐患排查方面，杨志远要求，…", "周建国在讲话中要求，…",
/// "赵文博强调，要…": a speaker (a name or title of two to four characters, perhaps "在讲话中")
/// requiring or stressing what follows, as "会议要求" does; the length of the words up to and
/// including the verb.
fn someone_required(seg: &str) -> Option<(usize, bool)> {
    let (verb, head) = ["要求", "强调"].iter().find_map(|v| {
        let (head, rest) = seg.split_once(v)?;
        rest.starts_with(['，', ',', '：', ':']).then_some((*v, head))
    })?;
    let raw = head.rsplit(['，', ',']).next().unwrap_or(head);
    let speaker = ["在讲话中", "在会上", "在会议上", "在总结讲话中", "强调"]
        .iter()
        .find_map(|w| raw.strip_suffix(w))
        .unwrap_or(raw);
    let named = (2..=4).contains(&speaker.chars().count()) && speaker.chars().all(super::scan::is_cjk);
    // The words before the speaker only set the scene ("在隐患排查方面，").
    let scene = head.len() == raw.len() || head.starts_with('在');
    (named && scene && !speaker.starts_with("会议")).then(|| (head.len() + verb.len(), verb == "要求"))
}

/// "李晓东指出，“…”": what one speaker pointed out is background like "会议指出", whatever
/// "要" it holds; a name or title of two to four characters before "指出".
fn someone_pointed_out(seg: &str) -> bool {
    seg.split_once("指出").is_some_and(|(head, rest)| {
        (2..=4).contains(&head.chars().count())
            && head.chars().all(super::scan::is_cjk)
            && rest.starts_with(['，', ',', '：', ':'])
    })
}

/// "CSS/26/35", "EHL/24/7": letters, then numbers between slashes (two slashes when there are
/// no letters: "24/7" alone is no reference).
fn minute_reference(token: &str) -> bool {
    // "CSS/26/35", and an action's number in a plan or tracker: "CAP-01", "OSC-26-041".
    let parts: Vec<&str> = token.split(['/', '-']).collect();
    // "A26/14": letters, then perhaps the year's digits.
    let head = parts[0].trim_end_matches(|c: char| c.is_ascii_digit());
    let letters = head.chars().all(|c| c.is_ascii_uppercase()) && !head.is_empty();
    let numbers =
        |p: &[&str]| !p.is_empty() && p.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    (letters && parts.len() >= 2 && numbers(&parts[1..])) || (parts.len() >= 3 && numbers(&parts))
}

/// Where the requirement begins in `body`, or `None` when nothing in it is a requirement.
pub(super) fn requirement_start(body: &str, forced: bool) -> Option<usize> {
    // "…, and Ms Hussain undertook to submit them": what she undertook is what the sentence
    // reported before it.
    if forced || undertakes_what_was_reported(body) {
        return Some(0);
    }
    // "should" inside a quotation is what someone said, not what the meeting requires.
    let &(pos, kind) = find_markers(body).iter().find(|&&(p, _)| !quoted_at(body, p))?;
    let head = body.get(..pos).unwrap_or("");
    let start = match kind {
        MarkerKind::Adverbial => 0,
        MarkerKind::Subjectless => last_clause_break(head, true),
        // "对群众举报的违法占地线索，县自然资源和规划局要…": what the unit is to act on, put
        // first, is part of the requirement.
        MarkerKind::Modal => topic_first(head).unwrap_or_else(|| last_clause_break(head, false)),
    };
    Some(start)
}

/// Where the clause before the subject starts, when it opens with what is to be acted on ("对群众
/// 举报的违法占地线索，", "会议特别提出，汛期结束前，对停工待拆的危险房屋，住建部门要…").
fn topic_first(head: &str) -> Option<usize> {
    let (before, subject) = head.rsplit_once('，')?;
    let at = before.rfind('，').map_or(0, |p| p + '，'.len_utf8());
    let topic = &before[at..];
    let opens = ["对", "对于", "针对"].iter().any(|w| topic.starts_with(w));
    (opens && !topic.ends_with('的') && !subject.is_empty()).then_some(at)
}

/// Whether byte `pos` of `text` is inside quotation marks.
pub(super) fn quoted_at(text: &str, pos: usize) -> bool {
    let mut quotes = Quotes::default();
    text.get(..pos).unwrap_or("").chars().for_each(|c| quotes.feed(c));
    quotes.inside()
}

/// Byte offset just after the last clause break in `head` (", and " always; a bare comma
/// only when `any_comma`, or in Chinese where the subject rarely contains a comma).
fn last_clause_break(head: &str, any_comma: bool) -> usize {
    let lower = head.to_ascii_lowercase();
    let and_break = lower.rfind(", and ").map(|p| p + ", and ".len());
    let zh_break = head.rfind('，').map(|p| p + '，'.len_utf8());
    let comma_break = if any_comma { head.rfind(',').map(|p| p + 1) } else { None };
    let best = [and_break, zh_break, comma_break].into_iter().flatten().max().unwrap_or(0);
    // Skip the space after a bare comma, and an "and" that follows it.
    let rest = head.get(best..).unwrap_or("");
    let trimmed = rest.trim_start();
    let mut at = best + (rest.len() - trimmed.len());
    if starts_ci(trimmed, "and ") {
        at += 4;
    }
    at.min(head.len())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{FLOOD_ZH, HEATING_EN, date, drafts_of, nov17, strs, summary};
    use super::super::{Category, DraftError, default_rules, draft_directives};

    #[test]
    fn opening_paragraphs_and_pointed_out_paragraph_yield_no_draft() {
        for d in nov17() {
            for banned in
                ["pointed out", "Jiujiang News", "listened at", "was held", "always worrying", "safe production is"]
            {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
    }

    #[test]
    fn background_paragraph_yields_no_draft() {
        for d in drafts_of(FLOOD_ZH, date(2024, 5, 20)) {
            for banned in ["形势严峻", "会议指出", "麻痹思想", "收听收看", "记者"] {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
        for d in drafts_of(HEATING_EN, date(2024, 11, 5)) {
            for banned in ["pointed out", "severity of the situation", "listened at", "Reporter"] {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
        let only_background = "会议指出，当前安全生产形势严峻复杂，各地必须高度重视。";
        assert_eq!(
            draft_directives(only_background, &default_rules(), date(2024, 1, 1)),
            Err(DraftError::NoRequirements)
        );
    }

    #[test]
    fn what_a_speaker_pointed_out_is_background() {
        let minutes = "王刚指出，“校车安全没有小事”。各校要绷紧安全这根弦。\n\n会议要求，区教育局要在开学前检查校车。";
        let drafts = drafts_of(minutes, date(2025, 8, 20));
        assert_eq!(drafts.len(), 1, "{drafts:#?}");
        assert!(drafts[0].text.starts_with("区教育局要"));
    }

    #[test]
    fn semicolons_split_requirements_even_without_a_second_marker() {
        let drafts = drafts_of(
            "It is necessary to inspect reservoirs; dikes must be reinforced; and traffic controls shall be planned.",
            date(2024, 5, 1),
        );
        assert_eq!(drafts.len(), 3);
        assert_eq!(drafts[1].text, "Dikes must be reinforced");
        assert_eq!(drafts[2].text, "Traffic controls shall be planned.");
        assert_eq!(drafts[2].category, Category::RoadTraffic);
    }

    #[test]
    fn chinese_markers_ignore_words_that_merely_contain_yao() {
        let minutes = "这次会议很重要。主要内容已经通报。要加强燃气安全检查。";
        let drafts = drafts_of(minutes, date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].text, "要加强燃气安全检查。");
        assert_eq!(drafts[0].category, Category::Gas);
        assert_eq!(drafts[0].industries, strs(&["燃气"]));
    }

    #[test]
    fn numbered_list_after_a_requirement_heading_counts_as_requirements() {
        let minutes = "会议要求：\n1. 加强汛期水库巡查。\n2、落实值班值守制度。\n\n会后各单位散会。";
        let drafts = drafts_of(minutes, date(2024, 6, 1));
        assert_eq!(
            summary(&drafts).into_iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![Category::FloodGeological, Category::Responsibilities]
        );
        assert_eq!(drafts[0].text, "加强汛期水库巡查。");
    }

    #[test]
    fn numbers_of_items_in_every_form_are_stripped() {
        use super::strip_enumerator;
        assert_eq!(strip_enumerator("第五，确保选举日现场秩序。"), "确保选举日现场秩序。");
        assert_eq!(strip_enumerator("一要严格管控野外火源。"), "严格管控野外火源。");
        assert_eq!(strip_enumerator("二是加强巡查。"), "加强巡查。");
        assert_eq!(strip_enumerator("要加强巡查。"), "要加强巡查。");
        assert_eq!(strip_enumerator("第一线人员要到岗。"), "第一线人员要到岗。");
        assert_eq!(strip_enumerator("——加强巡查。"), "加强巡查。");
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_sentences() {
        let minutes = "It is necessary to repair gas pipe No. 3 within 2.5 days. Dr. Wang must inspect schools.";
        let drafts = drafts_of(minutes, date(2024, 1, 1));
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].text, "It is necessary to repair gas pipe No. 3 within 2.5 days.");
        assert_eq!(drafts[1].lead_function.as_deref(), Some("education"));
    }
}
