//! The markers where a requirement begins ("must", "要", "it is necessary to", "will" after
//! who acts, "Security Services to publish …"), and the tests of what comes before "will" /
//! "is to" that make it ask someone.

use super::{
    actors::{names_an_actor, passive_obligation},
    matching::Folded,
    scan::starts_ci,
};

/// How a requirement marker stands in its clause, which decides where the requirement begins.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum MarkerKind {
    /// "it is necessary to": starts its own clause, so what precedes it is a lead-in.
    Subjectless,
    /// "must", "要": follows the clause's subject.
    Modal,
    /// "ensure", "切实", "确保": a requirement, but mid-clause; the clause began earlier.
    Adverbial,
}

const MARKERS: &[(&str, MarkerKind)] = &[
    ("it is necessary to", MarkerKind::Subjectless),
    ("it is required to", MarkerKind::Subjectless),
    ("it is essential to", MarkerKind::Subjectless),
    ("it is imperative to", MarkerKind::Subjectless),
    ("it is important to", MarkerKind::Subjectless),
    ("must", MarkerKind::Modal),
    ("should", MarkerKind::Modal),
    ("shall", MarkerKind::Modal),
    ("need to", MarkerKind::Modal),
    ("needs to", MarkerKind::Modal),
    ("have to", MarkerKind::Modal),
    ("has to", MarkerKind::Modal),
    ("is required to", MarkerKind::Modal),
    ("are required to", MarkerKind::Modal),
    // "The Health Officer is directed to issue a health advisory …", "was further directed to
    // apply …": a board's direction to whom it names.
    ("is directed to", MarkerKind::Modal),
    ("are directed to", MarkerKind::Modal),
    ("was directed to", MarkerKind::Modal),
    ("were directed to", MarkerKind::Modal),
    ("is hereby directed to", MarkerKind::Modal),
    ("was further directed to", MarkerKind::Modal),
    ("is further directed to", MarkerKind::Modal),
    // "The water bureau will take charge of …", "The health commission is to open …": only
    // after a unit (`after_a_unit`), as "The next meeting will be held" asks nothing.
    ("will", MarkerKind::Modal),
    // "The Chief Executive would write to the Ministry …": minutes report an undertaking in the
    // past; likewise only after who acts.
    ("would", MarkerKind::Modal),
    ("is to", MarkerKind::Modal),
    ("are to", MarkerKind::Modal),
    // "The District is also to brief all bus drivers …".
    ("is also to", MarkerKind::Modal),
    ("are also to", MarkerKind::Modal),
    // "The Parks and Recreation Division is asked to mark the zones …": a request to whom it
    // names, only after a unit, and not a paper's "Members are asked to note the report".
    ("is asked to", MarkerKind::Modal),
    ("are asked to", MarkerKind::Modal),
    ("is requested to", MarkerKind::Modal),
    ("are requested to", MarkerKind::Modal),
    // "The hospital trust agreed to share …": a unit's undertaking, only after a unit.
    ("agreed to", MarkerKind::Modal),
    // "Ms Hussain undertook to submit them …": an undertaking, whoever gives it.
    ("undertook to", MarkerKind::Modal),
    ("undertakes to", MarkerKind::Modal),
    // "Security Services to publish the arrivals traffic plan …", "PSP to carry out …": the
    // telegraphic action of English minutes, only after a name that opens the sentence.
    ("to", MarkerKind::Modal),
    ("ensure", MarkerKind::Adverbial),
    ("make sure", MarkerKind::Adverbial),
    ("要", MarkerKind::Modal),
    ("必须", MarkerKind::Modal),
    // "九是发生溺水事故须1小时内报告县政府": "须" alone, not "无须" or "须知".
    ("须", MarkerKind::Modal),
    ("务必", MarkerKind::Modal),
    ("需要", MarkerKind::Modal),
    ("应当", MarkerKind::Modal),
    ("切实", MarkerKind::Adverbial),
    ("确保", MarkerKind::Adverbial),
    ("强调", MarkerKind::Adverbial),
    ("严禁", MarkerKind::Adverbial),
    ("坚决", MarkerKind::Adverbial),
    // "由市住建局牵头，对…开展检查" assigns work without "要"; so do "X会同Y，…" and
    // "X、Y按照职责分工，…".
    ("牵头", MarkerKind::Adverbial),
    ("会同", MarkerKind::Adverbial),
    ("按照职责分工", MarkerKind::Adverbial),
    ("按职责分工", MarkerKind::Adverbial),
    ("负责", MarkerKind::Adverbial),
];

/// Marker hits in `text` as (byte start, kind), in order.
pub(super) fn find_markers(text: &str) -> Vec<(usize, MarkerKind)> {
    let folded = Folded::new(text);
    let mut out = Vec::new();
    for (word, kind) in MARKERS {
        let needle: Vec<char> = word.chars().collect();
        for (s, e) in folded.find_all(&needle, false) {
            if *word == "要" && !zh_yao_is_marker(&folded.chars, s, e) {
                continue;
            }
            let before = text.get(..folded.byte(s)).unwrap_or("");
            let after = text.get(folded.byte(e).min(text.len())..).unwrap_or("");
            // "The hot section will be shut down on 8 October": a unit something will be done to
            // is asked nothing.
            // "… and that the county will not tolerate any attempt …": a stance, not a task.
            if ["will", "would"].contains(word) && (passive_obligation(after) || starts_ci(after.trim_start(), "not "))
            {
                continue;
            }
            // "TWRA would welcome …", "he would abstain from any vote", "would keep the option
            // under review if …": a wish, a member's own conduct, or a condition, not an undertaking.
            const NOT_UNDERTAKEN: &[&str] =
                &["welcome", "like", "prefer", "abstain", "support", "be happy", "be glad", "appreciate", "expect"];
            if *word == "would"
                && (NOT_UNDERTAKEN.iter().any(|w| starts_ci(after.trim_start(), w))
                    || [" if ", " unless ", " should "].iter().any(|w| after.contains(w)))
            {
                continue;
            }
            const ASKED: &[&str] = &["is asked to", "are asked to", "is requested to", "are requested to"];
            const RECEIVED: &[&str] = &["note", "consider", "approve", "agree", "endorse", "comment", "receive"];
            // "The Board is asked to: …", "The Committee is asked to support …": a paper's
            // recommendations to the meeting itself, not a request to a unit.
            let subject = format!("{} ", before.trim_end().to_ascii_lowercase());
            let asks_the_meeting = super::speakers::ASKING_MEETINGS.iter().any(|m| subject.ends_with(m));
            if ASKED.contains(word) && (RECEIVED.iter().any(|w| starts_ci(after.trim_start(), w)) || asks_the_meeting) {
                continue;
            }
            if (["will", "would", "is to", "are to", "is also to", "are also to", "agreed to"].contains(word)
                || ASKED.contains(word))
                && !after_a_subject(text, before, &folded.chars[..s])
                && (["will", "would"].contains(word) || !passive_obligation(after))
            {
                continue;
            }
            if *word == "to" && !name_then_to(before, after) {
                continue;
            }
            if *word == "须" && (before.ends_with(['必', '无', '毋', '勿', '亟']) || after.starts_with(['知', '臾']))
            {
                continue;
            }
            // "… activate the Heat Response Plan should Environment Canada issue a heat warning",
            // "should the river rise": "should" before its subject says "if", asking nothing.
            // "should, in the Committee's view, have been recognised" looks back likewise; what
            // someone is quoted as saying stays for the sentence's reading of speech.
            if *word == "should"
                && (inverted(after)
                    || (looks_back(after) && !super::segments::quoted_at(text, folded.byte(s)))
                    || an_open_question(before))
            {
                continue;
            }
            // "… amend the moorage agreement so that all tenants must report …": what the work is
            // for, not who does it.
            if *kind == MarkerKind::Modal && in_purpose_clause(before) {
                continue;
            }
            // "仓储部负责，…" assigns work; "负责同志", "负责人" are people.
            if *word == "负责" && folded.chars.get(e).is_some_and(|c| "同人".contains(*c)) {
                continue;
            }
            out.push((folded.byte(s), *kind));
        }
    }
    // The label opens the requirement; its owners are read as its lead (`items::apply_owners`).
    if owner_label(text).is_some() {
        out.push((text.len() - text.trim_start().len(), MarkerKind::Subjectless));
    }
    out.sort_by_key(|&(p, _)| p);
    out
}

/// Whether the clause `before` ends in opened with "so that" ("… amend the agreement so that all
/// tenants"): a modal after it says what the work is for.
pub(super) fn in_purpose_clause(before: &str) -> bool {
    let clause = before.rsplit(['.', ';', ',', '：', '；', '，', '。']).next().unwrap_or(before);
    [" so that ", " in order that "].iter().any(|w| clause.to_ascii_lowercase().contains(w))
}

/// What follows "should" opens a subject, as in a condition ("should the river rise", "should
/// Environment Canada issue …"), not a verb as in "should ensure".
fn inverted(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or("");
    ["the", "there", "any", "a", "an", "it"].contains(&next)
        || (next.starts_with(|c: char| c.is_ascii_uppercase()) && next.len() > 1)
}

/// "Participants discussed whether the campaign should feature a real incident": "should" in a
/// question the meeting weighed, in the clause "whether" opens, decides nothing.
fn an_open_question(before: &str) -> bool {
    let clause = before.rsplit([';', ':']).next().unwrap_or(before).to_ascii_lowercase();
    // Not "… whether to close the road, and agreed that the Highways team should …".
    clause.rfind("whether ").is_some_and(|p| !clause[p..].contains(" that "))
}

/// What follows "should" says what ought to have happened ("should have been recognised", "should
/// not have waited"), not what is to be done ("should have a written plan").
fn looks_back(after: &str) -> bool {
    // "should, in the Committee's view, have been …": past the aside.
    let after = after.strip_prefix(',').and_then(|a| a.split_once(',')).map_or(after, |(_, rest)| rest);
    let mut words = after.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_ascii_lowercase());
    let mut next = words.next().unwrap_or_default();
    if next == "not" || next == "never" {
        next = words.next().unwrap_or_default();
    }
    let done = words.next().unwrap_or_default();
    next == "have"
        && (done == "been"
            || done.ends_with("ed")
            || ["known", "done", "taken", "seen", "gone"].contains(&done.as_str()))
}

/// "ACTION (Club Safety Officer): recruit …", "Action (BFRS) – carry out …": an action line
/// whose owners stand in brackets after its label; the owners, and the byte where the action
/// begins.
pub(super) fn owner_label(text: &str) -> Option<(&str, usize)> {
    if let Some(recommended) = recommendation_to(text) {
        return Some(recommended);
    }
    let after = after_action_label(text)?;
    if let Some(owners) = after.strip_prefix('(') {
        let close = owners.find(')')?;
        let tail = owners[close + 1..].trim_start();
        let verb = tail.strip_prefix([':', '-', '–', '—'])?.trim_start();
        return (close > 0 && verb.starts_with(|c: char| c.is_alphabetic()))
            .then(|| (&owners[..close], text.len() - verb.len()));
    }
    let (names, action) = names_then_action(after.strip_prefix(':')?.trim_start())?;
    Some((names, text.len() - action.len()))
}

/// What follows an action line's label ("Action:", "Actions (BFRS) –", "Action point:"): the
/// rest of the line from its colon or its bracketed owners on.
pub(super) fn after_action_label(text: &str) -> Option<&str> {
    let rest = text.trim_start();
    let label = ["action point", "actions", "action"]
        .iter()
        .find(|l| rest.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))?;
    Some(rest[label.len()..].trim_start())
}

/// "(b) Recommendation to Lincolnshire Fire and Rescue: that a crew carries out a pre-event
/// inspection …", "Recommendation to the event organiser: to confirm in writing …": a safety
/// advisory group's recommendation names who it is made to, then what they are to do. The names
/// (without "the") and where the action starts.
fn recommendation_to(text: &str) -> Option<(&str, usize)> {
    let body = super::segments::strip_enumerator(text.trim_start());
    let label = ["recommendation to ", "recommendations to "]
        .iter()
        .find(|l| body.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))?;
    let (names, action) = body[label.len()..].split_once(':')?;
    let names = names.trim();
    let names = names.strip_prefix("the ").unwrap_or(names);
    let action = action.trim_start();
    let words = names.split_whitespace().count();
    ((1..=10).contains(&words) && !names.contains(['.', ';']) && !action.is_empty())
        .then(|| (names, text.len() - action.len()))
}

/// "Director of Facilities and Operations — monitor snow depth …": capitalised names, a dash,
/// the action; not "Bureau of Meteorology – ongoing", which says when. The names and the action.
pub(super) fn names_then_action(body: &str) -> Option<(&str, &str)> {
    let (names, tail) = split_at_dash(body)?;
    let action = tail.trim_start();
    let first = action.split_whitespace().next()?;
    let words: Vec<&str> = names.split_whitespace().collect();
    let names_ok = (1..=10).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase() || c == '(')
                || ["of", "and", "for", "the", "&", "/"].contains(w)
        });
    (names_ok && first.chars().all(|c| c.is_ascii_lowercase()) && !says_when(first)).then(|| (names.trim(), action))
}

/// What stands before and after the first dash between words ("Bureau of Meteorology – ongoing").
pub(super) fn split_at_dash(text: &str) -> Option<(&str, &str)> {
    [" – ", " — ", " - "].iter().find_map(|d| text.split_once(d))
}

/// A first word that says when rather than what ("by Friday 29 May", "ongoing", "before the
/// first king tide").
pub(super) fn says_when(word: &str) -> bool {
    const WHEN: &[&str] = &[
        "by",
        "before",
        "ongoing",
        "ahead",
        "on",
        "from",
        "due",
        "within",
        "immediately",
        "immediate",
        "standing",
        "until",
        "no",
        "end",
        "at",
        "in",
        "during",
        "complete",
        "completed",
        "done",
        "closed",
        "asap",
        "next",
        "weekly",
        "monthly",
        "daily",
    ];
    WHEN.contains(&word.trim_end_matches([',', '.', ';']))
}

/// "Security Services to publish …", "Action: Events Manager to submit …", "Production,
/// supported by Quality, to revalidate …": a name opens the sentence (capitalised words, an
/// acronym; an aside between commas goes), then "to" and a verb.
fn name_then_to(before: &str, after: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "subject",
        "due",
        "prior",
        "according",
        "further",
        "thanks",
        "welcome",
        "pursuant",
        "owing",
        "contrary",
        "next",
        "up",
        "in",
        "as",
        "return",
        "reply",
        "refer",
        "regard",
        "turning",
        "moving",
        "going",
        "back",
    ];
    const NOT_VERBS: &[&str] = &["the", "a", "an", "be", "this", "that", "all", "date", "its", "their", "his", "her"];
    let label = ["Action:", "ACTION:", "Action -", "Action –"]
        .iter()
        .find_map(|l| before.trim_start().strip_prefix(l))
        .or_else(|| after_numbered_label(before))
        .or_else(|| after_date_label(before));
    // "Community Assistance Division and the American Red Cross jointly to …"
    let head = label.unwrap_or(before).trim();
    let head = [" jointly", " together"].iter().find_map(|w| head.strip_suffix(w)).unwrap_or(head);
    let head = match head.split_once(',') {
        Some((name, aside)) if aside.trim_end().ends_with(',') => name,
        Some(_) => return false,
        None => head,
    };
    let words: Vec<&str> = head.split_whitespace().filter(|w| !(w.starts_with('(') || w.ends_with(')'))).collect();
    let connector = |w: &&str| ["of", "and", "&", "for", "the"].contains(w);
    let verb = after.split_whitespace().next().unwrap_or("");
    // One word is a name when it is an acronym ("PSP", "PennDOT"), not a heading's noun
    // ("Readiness to fight fires.").
    let one_name = |w: &str| w.chars().filter(char::is_ascii_uppercase).count() >= 2;
    (1..=9).contains(&words.len())
        && (words.len() > 1 || one_name(words[0]))
        && !NOT_NAMES.contains(&words[0].to_ascii_lowercase().as_str())
        && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) || connector(w))
        && !connector(&words[words.len() - 1])
        && verb.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && verb.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && !NOT_VERBS.contains(&verb)
}

/// "By October 31, 2025: Facilities Management to complete …", "October 14, 2025 regular
/// meeting: the Superintendent to present …": a follow-up list's date before the colon; what
/// follows it.
fn after_date_label(before: &str) -> Option<&str> {
    let (label, rest) = before.trim_start().split_once(':')?;
    let words: Vec<String> = label
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_ascii_lowercase())
        .collect();
    use super::deadlines::{en_day, en_month};
    let dated = words.windows(2).any(|w| {
        (en_month(&w[0]).is_some() && en_day(&w[1]).is_some()) || (en_day(&w[0]).is_some() && en_month(&w[1]).is_some())
    });
    dated.then_some(rest)
}

/// "Tasking 26-01: Emergency Management Planning Section to update …", "Action 4: …", "ACTION
/// 2026/07 - PR to …": a label with its number before the action's name; what follows the colon
/// or the dash.
pub(super) fn after_numbered_label(before: &str) -> Option<&str> {
    const LABELS: &[&str] =
        &["tasking", "task", "action", "action item", "action point", "follow-up", "recommendation", "resolution"];
    // "ACTION 2026/07 - PR to repair …": a dash after the number does what the colon does.
    let (label, rest) = before.trim_start().split_once(':').or_else(|| split_at_dash(before.trim_start()))?;
    // "Recommendation 2026-03 (blast re-entry clearance):": what it is about goes.
    let label = match (label.find(" ("), label.trim_end().ends_with(')')) {
        (Some(p), true) => &label[..p],
        _ => label,
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    let (name, number) = words.split_at(words.len().checked_sub(1)?);
    let numbered = number.first().is_some_and(|n| n.chars().any(|c| c.is_ascii_digit()));
    (numbered && LABELS.contains(&name.join(" ").to_ascii_lowercase().as_str())).then_some(rest)
}

/// Whether what comes before "will" / "is to" ends with who acts: a unit's noun, a name, an actor
/// the clause names, or a body English names as a proper name ("Licensing will write …") — also
/// across a parenthesis ("the Highways team, working with the police, will finalise …").
fn after_a_subject(text: &str, before: &str, before_chars: &[char]) -> bool {
    if after_a_unit(before_chars) || after_a_name(before) || names_an_actor(before) || a_bodys_staff(before) {
        return true;
    }
    // The bodies the text names, read once for both places a subject may end.
    let body_ends: Vec<usize> = super::organisations::english_bodies(text, false).iter().map(|b| b.end).collect();
    let trimmed = before.trim_end();
    if body_ends.contains(&trimmed.len()) {
        return true;
    }
    trimmed.strip_suffix(',').and_then(|b| b.rfind(',')).is_some_and(|p| {
        let subject = &before[..p];
        let chars: Vec<char> = subject.chars().collect();
        after_a_unit(&chars)
            || after_a_name(subject)
            || body_ends.contains(&subject.trim_end().trim_end_matches(',').trim_end().len())
    })
}

/// "RecoveryOhio staff will prepare a consolidated quarterly report": the staff of a body named
/// before them (not "My staff", "agency staff").
fn a_bodys_staff(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    words.next() == Some("staff")
        && words.next().is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase())
                && !["My", "Our", "Your", "His", "Her", "Their", "The"].contains(&w)
        })
}

/// "State Grid Zhejiang Electric Power is to …": three capitalised words or more before the
/// verb name a company or body the table cannot know.
fn after_a_name(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().collect();
    words.len() >= 3
        && words.iter().rev().take(3).all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        && words.last().is_some_and(|w| !w.ends_with([',', '.', ';', ':']))
}

/// Whether the word before ends a unit's name ("… Bureau will", "District governments will",
/// "…, together with the Civil Affairs Bureau, is to").
fn after_a_unit(before: &[char]) -> bool {
    const UNIT_NOUNS: &[&str] = &[
        // The last word of a unit's name: "the Department of Emergency Management will".
        "management",
        "affairs",
        "resources",
        "security",
        "reform",
        "commerce",
        "transport",
        "education",
        "health",
        "supervision",
        "regulation",
        "police",
        "rescue",
        "grassland",
        "bureau",
        "bureaus",
        "department",
        "departments",
        "commission",
        "administration",
        "office",
        "brigade",
        "detachment",
        "team",
        "teams",
        "centre",
        "center",
        "group",
        "company",
        "co.",
        "government",
        "governments",
        "committee",
        "station",
        "authority",
        "authorities",
        "section",
        "corps",
        "headquarters",
        "trust",
        "service",
        "services",
        "force",
        "unit",
        "division",
        "agency",
        "directorate",
        "regulator",
        // "Every county is to check its reserves …": a place's government, by the place.
        "counties",
        "county",
        "cities",
        "townships",
        "districts",
    ];
    let text: String = before.iter().collect();
    let word = text.trim_end().trim_end_matches(',').rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    UNIT_NOUNS.contains(&word.as_str())
}

/// 要 is "must" except inside words such as 重要, 主要, 要素, 要点.
fn zh_yao_is_marker(chars: &[char], s: usize, e: usize) -> bool {
    const BEFORE: &str = "重主只首摘纲概紧简扼险";
    // "用气量要比平时高出40%": "要比" compares, it asks nothing.
    const AFTER: &str = "素点闻件员领道职塞害比";
    let prev_ok = s == 0 || !BEFORE.contains(chars[s - 1]);
    let next_ok = chars.get(e).is_none_or(|c| !AFTER.contains(*c));
    // "这种想法要不得。": "要不得" ending its clause says a thing is unacceptable; it asks nothing.
    let unacceptable =
        chars.get(e..e + 2) == Some(&['不', '得']) && chars.get(e + 2).is_none_or(|c| "。，；！,;!".contains(*c));
    prev_ok && next_ok && !unacceptable
}
