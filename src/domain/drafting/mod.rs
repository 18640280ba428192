//! Drafting: turns pasted meeting minutes (Chinese or English) into draft directives, one per
//! requirement, each with a category and suggested lead and cooperating units, for a person to
//! edit and issue. Pure functions over strings; no I/O.
//!
//! Minutes are cut into sentences and segments, and the requirements in them found
//! (`segments`); a requirement is split into pieces that start with their own verb (`pieces`),
//! and the pieces are grouped by topic with the keyword rules (`rules`) scored against each
//! (`matching`). Each group becomes a [`Draft`] with its category (`categories`), places and
//! industries (`terms`), title (`titles`) and deadline (`deadlines`). `scan` holds the
//! character tests they share. `dateline` finds the meeting date the minutes state, and `score`
//! measures drafts against what a clerk would draft (the corpus in `tests/fixtures/minutes/`).

mod categories;
mod dateline;
mod deadlines;
mod departments;
#[cfg(test)]
mod fixtures;
mod gazetteer;
mod items;
#[cfg(test)]
mod layout_tests;
mod learned;
mod matching;
mod pieces;
mod rules;
mod scan;
mod score;
mod segments;
mod speakers;
mod structure;
mod tables;
mod terms;
mod titles;

pub use categories::{Category, FUNCTIONS, Language, function_label};
pub use dateline::meeting_date_in;
pub use deadlines::{PeriodSettings, find_deadline, find_deadline_noted, find_deadline_with};
pub use departments::{DepartmentName, default_departments};
pub use gazetteer::{TreeUnit, gazetteer};
pub use learned::{CandidateRule, Correction, candidate_rules};
// `LeadBasis` and `Why` are defined below.
pub use rules::{KeywordRule, default_rules};
pub use score::{
    Expectation, ExpectedRequirement, ScoredMinutes, Tally, parse_expectation, render_misses, render_score, score,
    score_minutes, score_with_misses, totals,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::domain::string_enum;
use departments::{DepartmentMatcher, NamedDepartment};
use items::{
    answers_for, apply_label, condition_then_subject, join_fragments_and_collectives, label_line, names_the_doer,
    names_who_leads, share_item_lead, subject_of_a_later_clause, topic_from_heading,
};
use matching::{RuleHit, RuleMatcher};
use pieces::{Span, split_pieces};
use segments::{
    MarkerKind, Opening, classify_opening, ends_with_terminator, find_markers, is_framing, requirement_start,
    split_segments, split_sentences, strip_enumerator,
};
use speakers::speaker_directive;
use structure::{
    announces_decisions, announces_list, attach, closing_line, cooperating_subject, heads_decisions, is_exhortation,
    is_follow_up, is_heading_line, is_item_heading, is_paragraph_heading, is_reported_speech, names_subject,
    refers_back, separator, takes_up_by_pronoun, unwrap_lines,
};
use terms::extract_terms;
use titles::{clean_text, make_title};

/// Minutes longer than this are refused rather than scanned or stored: real minutes are a few
/// pages (the longest in the corpus is under 4,000 characters).
pub const MAX_MINUTES_CHARS: usize = 100_000;

/// A piece of a sentence only becomes a draft of its own when its keywords score at least this
/// much; weaker mentions (a school named in passing) stay with their neighbours.
const SPLIT_MIN_SCORE: i32 = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// A short head of the requirement, taken from its own words.
    pub title: String,
    /// The requirement as it stood in the minutes (the clause, trimmed).
    pub text: String,
    pub category: Category,
    pub places: Vec<String>,
    pub industries: Vec<String>,
    pub deadline: Option<NaiveDate>,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    pub language: Language,
    /// How a named period became the deadline ("春节前: the day before the Spring Festival").
    #[serde(default)]
    pub deadline_note: Option<String>,
    /// Why the lead and category were suggested, so a person can trust or correct them.
    #[serde(default)]
    pub why: Why,
    /// The unit of the organisation the minutes name as the lead, when one of the tree's
    /// names matched (`gazetteer`); else the lead is only a line of work.
    #[serde(default)]
    pub lead_unit: Option<i64>,
    /// Units of the tree the minutes name besides the lead.
    #[serde(default)]
    pub cooperating_units: Vec<i64>,
    /// How sure the lead is, from how it was found.
    #[serde(default = "Confidence::guess")]
    pub confidence: Confidence,
}

string_enum! {
    /// How sure a draft's lead is, from how it was found, surest first: the minutes name the
    /// unit as the subject or as leading, or name a unit of the tree (`high`); they name a
    /// department of the table without making it the subject (`medium`); a keyword's line of
    /// work (`low`); nothing but the strongest keyword of a general topic, or no lead at all
    /// (`guess`).
    Confidence {
        High => "high",
        Medium => "medium",
        Low => "low",
        Guess => "guess",
    }
}

impl Confidence {
    /// What a draft without a recorded confidence is taken for.
    pub fn guess() -> Confidence {
        Confidence::Guess
    }

    /// Whether a person should check the lead before issuing ("请核对牵头单位").
    pub fn needs_check(self) -> bool {
        matches!(self, Confidence::Low | Confidence::Guess)
    }
}

string_enum! {
    /// What made the lead the lead: the requirement names the department as its subject or as
    /// leading ("由X牵头", "led by X"), or names a unit of the organisation by one of its names
    /// (`unit`), or a keyword rule matched its topic.
    LeadBasis {
        NamedDepartment => "named_department",
        Keyword => "keyword",
        Unit => "unit",
    }
}

/// The words behind a draft's suggestions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Why {
    pub lead_basis: Option<LeadBasis>,
    /// The words that named the lead: the department as written, or the keyword.
    pub lead_words: Option<String>,
    /// The keywords that set the category, strongest first.
    pub topic_words: Vec<String>,
    /// The subject of the requirement, when it has one ("学校", "Construction sites").
    pub subject: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    Empty,
    TooLarge { limit_chars: usize, actual_chars: usize },
    NoRequirements,
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::Empty => f.write_str("The minutes are empty; paste the text of the minutes."),
            DraftError::TooLarge { limit_chars, actual_chars } => {
                write!(f, "The minutes are too long ({actual_chars} characters); the limit is {limit_chars}.")
            }
            DraftError::NoRequirements => f.write_str(
                "No requirements were found in the minutes; nothing reads like \"It is necessary to …\" or \"要……\".",
            ),
        }
    }
}

impl std::error::Error for DraftError {}

/// Turns minutes into draft directives, one per requirement.
///
/// `meeting_date` anchors relative deadlines: "before June 15" means the first June 15 on or
/// after the meeting date; "12月31日前" likewise; "2024年3月1日前" / "by March 1, 2024" are
/// absolute.
pub fn draft_directives(
    minutes: &str,
    rules: &[KeywordRule],
    meeting_date: NaiveDate,
) -> Result<Vec<Draft>, DraftError> {
    draft_directives_with(minutes, rules, &default_departments(), &PeriodSettings::default(), meeting_date)
}

/// [`draft_directives`] with the department names to recognise and the ends of named periods
/// given.
pub fn draft_directives_with(
    minutes: &str,
    rules: &[KeywordRule],
    departments: &[DepartmentName],
    periods: &PeriodSettings,
    meeting_date: NaiveDate,
) -> Result<Vec<Draft>, DraftError> {
    let chars = minutes.chars().count();
    if chars > MAX_MINUTES_CHARS {
        return Err(DraftError::TooLarge { limit_chars: MAX_MINUTES_CHARS, actual_chars: chars });
    }
    if minutes.trim().is_empty() {
        return Err(DraftError::Empty);
    }
    let unwrapped = unwrap_lines(&tables::read_tables(minutes));
    let minutes = unwrapped.as_str();
    let ctx = Ctx {
        language: Language::detect(minutes),
        matcher: RuleMatcher::new(rules),
        departments: DepartmentMatcher::new(departments),
        periods: *periods,
        meeting_date,
    };
    let mut drafts: Vec<Draft> = Vec::new();
    // "The meeting pointed out …" makes its whole paragraph background, "must" and all.
    let mut background = false;
    // After "会议要求：" on a line of its own, numbered items are requirements without "要".
    let mut list_mode = false;
    // The list was opened by a heading ("3. Actions agreed"), not by a sentence ("会议要求：").
    let mut list_by_heading = false;
    let closing_from = closing_line(minutes);
    for (line_no, raw_line) in minutes.lines().enumerate() {
        if closing_from.is_some_and(|c| line_no >= c) {
            break;
        }
        let line = raw_line.trim();
        if line.is_empty() {
            // A list announced by "会议明确：" goes on across blank lines between its items.
            background = false;
            continue;
        }
        let enumerated = strip_enumerator(line).len() != line.len();
        let in_list = list_mode && enumerated;
        if !enumerated {
            list_mode = false;
        }
        // Under a heading such as "3. Actions agreed" a numbered heading line stays a heading
        // ("（一）餐饮场所燃气安全整治"); in a list a sentence announced, it is an item.
        if is_heading_line(strip_enumerator(line)) && (!in_list || list_by_heading) {
            // "3. Actions agreed": the numbered items under it are requirements without "shall".
            if !in_list {
                list_mode = heads_decisions(line);
                list_by_heading = list_mode;
            }
            continue;
        }
        let line_start = drafts.len();
        // Without its number, so "1." is not a sentence of its own.
        let sentences = split_sentences(strip_enumerator(line), ctx.language);
        // A numbered item's short first sentence is its heading ("一是切实保障户外劳动者健康。")
        // when what follows asks something: it goes with the first requirement after it.
        let mut heading: Option<String> = sentences
            .first()
            .copied()
            .filter(|first| {
                (enumerated && is_item_heading(first))
                    || sentences.get(1).is_some_and(|next| {
                        !names_subject(&ctx, first) && is_paragraph_heading(first, names_subject(&ctx, next))
                    })
            })
            .filter(|_| {
                sentences[1..]
                    .iter()
                    .any(|s| label_line(s).is_none() && requirement_start(strip_enumerator(s), in_list).is_some())
            })
            .map(str::to_string);
        for (n, sentence) in sentences.iter().copied().enumerate() {
            if n == 0 && heading.is_some() {
                continue;
            }
            let mut inherit = false;
            // The sentence goes on with the requirement before it (`refers_back`).
            let mut going_on = false;
            for (k, raw_seg) in split_segments(sentence).into_iter().enumerate() {
                let seg = strip_enumerator(raw_seg.trim());
                // "2. That the Strategic Director write to the owners …": a resolution in a list
                // of decisions, not reported speech.
                let seg = if in_list { seg.strip_prefix("That ").unwrap_or(seg) } else { seg };
                if seg.is_empty() {
                    continue;
                }
                if drafts.len() > line_start
                    && !background
                    && let Some(last) = drafts.last_mut()
                    && ((n > 0 && k == 0 && refers_back(&ctx, seg, last))
                        || (going_on && !names_subject(&ctx, seg))
                        || ((n > 0 || k > 0) && takes_up_by_pronoun(seg)))
                {
                    carry_lead(&ctx, last, seg);
                    attach(&ctx, last, seg);
                    going_on = true;
                    continue;
                }
                going_on = false;
                // "…停止室外露天作业；由人力资源部会同各生产车间调整作息时间": after a semicolon,
                // "由X…" names who does the requirement before it, when that named nobody.
                if k > 0
                    && drafts.len() > line_start
                    && !background
                    && let Some(last) = drafts.last_mut()
                    && names_the_doer(&ctx, seg, last)
                {
                    carry_lead(&ctx, last, seg);
                    attach(&ctx, last, seg);
                    continue;
                }
                // "水利部门要配合做好灌溉用水调度": the unit cooperates on the requirement before it.
                if drafts.len() > line_start
                    && !background
                    && let Some(function) = cooperating_subject(&ctx, seg)
                    && let Some(last) = drafts.last_mut()
                {
                    if last.lead_function.as_deref() != Some(function.as_str())
                        && !last.cooperating_functions.contains(&function)
                    {
                        last.cooperating_functions.insert(0, function);
                    }
                    attach(&ctx, last, seg);
                    continue;
                }
                // "Owner: HSE (Ma Lan).", "责任单位：区水利局": who leads the requirement before it.
                if let Some((label, value)) = label_line(seg) {
                    if let Some(last) = drafts.last_mut() {
                        apply_label(&ctx, last, label, value);
                    }
                    continue;
                }
                // "对检验不合格的，一律停止使用": a condition on the requirement before it.
                if drafts.len() > line_start
                    && !background
                    && is_follow_up(seg, k > 0)
                    && !names_subject(&ctx, seg)
                    && !condition_then_subject(&ctx, seg)
                {
                    if let Some(last) = drafts.last_mut() {
                        attach(&ctx, last, seg);
                    }
                    continue;
                }
                // An action point under "Action points" is one requirement: what follows in the
                // item ("…; the schedule to be published on the website") goes on with it,
                // unless it names a unit of its own; so does what follows a semicolon in an
                // English item of decisions ("…; enterprises that still fail … are to suspend").
                if in_list
                    && (list_by_heading || ctx.language == Language::En)
                    && drafts.len() > line_start
                    && !background
                    && (k > 0 || (n > 0 && list_by_heading))
                    && !names_subject(&ctx, seg)
                    && let Some(last) = drafts.last_mut()
                {
                    attach(&ctx, last, seg);
                    continue;
                }
                // "He asked the Finance Department to pay …", "Xu Hong said the Security
                // Department shall return …": a speaker's directive to a unit is a requirement.
                let directive = speaker_directive(&ctx, seg);
                let opening = match directive {
                    Some(rest) => Opening::Introducer { rest, strong: true },
                    None => classify_opening(seg),
                };
                let (body, strong) = match opening {
                    Opening::Background => {
                        background = true;
                        inherit = false;
                        continue;
                    }
                    Opening::Introducer { rest, strong } => {
                        background = false;
                        (rest, strong)
                    }
                    Opening::Plain => (seg, false),
                };
                if background
                    || is_framing(seg)
                    || (directive.is_none() && is_reported_speech(seg))
                    || is_exhortation(seg)
                {
                    continue;
                }
                if announces_list(seg) {
                    if announces_decisions(seg) {
                        list_mode = true;
                        list_by_heading = false;
                    }
                    continue;
                }
                if body.is_empty() || body.ends_with(':') || body.ends_with('：') {
                    // A heading such as "会议要求：" announces a list rather than being one.
                    if strong || !find_markers(body).is_empty() {
                        list_mode = true;
                        list_by_heading = false;
                    }
                    continue;
                }
                let forced = strong || inherit || in_list;
                // In a list of decisions, or after "会议强调，", a statement that asks nothing
                // itself ("The allowance is a statutory payment.", "保障群众饮水是首要任务。") is
                // read as a requirement only when nothing after it in the paragraph asks anything;
                // else it leads in to the requirement that follows.
                // "林少华要求，一要织密监测预警网络。": a numbered heading after the introducer.
                if forced
                    && drafts.len() == line_start
                    && find_markers(strip_enumerator(body)).is_empty()
                    && sentences[n + 1..]
                        .iter()
                        .any(|s| label_line(s).is_none() && requirement_start(strip_enumerator(s), false).is_some())
                {
                    let body = strip_enumerator(body);
                    heading = Some(match heading.take() {
                        Some(h) => format!("{h}{}{body}", separator(ctx.language)),
                        None => body.to_string(),
                    });
                    continue;
                }
                let Some(start) = requirement_start(body, forced) else {
                    continue;
                };
                let before = drafts.len();
                build_drafts(&ctx, body, start, &mut drafts);
                inherit = drafts.len() > before;
                if let Some(first) = drafts.get_mut(before)
                    && let Some(h) = heading.take()
                {
                    first.text = clean_text(&format!("{}{}{}", h, separator(ctx.language), first.text));
                    topic_from_heading(&ctx, first);
                }
            }
        }
        share_item_lead(&mut drafts[line_start..]);
        if ends_with_terminator(line) {
            background = false;
        }
    }
    if drafts.is_empty() {
        return Err(DraftError::NoRequirements);
    }
    Ok(drafts)
}

struct Ctx {
    language: Language,
    matcher: RuleMatcher,
    departments: DepartmentMatcher,
    periods: PeriodSettings,
    meeting_date: NaiveDate,
}

struct Group {
    span: Span,
    category: Category,
    scores: [i32; Category::COUNT],
    /// The group opens with a subject of its own ("学校要…"); its verbs all stay with it.
    has_subject: bool,
    /// It holds a requirement of its own ("must", "要"), not only a lead-in ("确保…", "To keep…").
    own_marker: bool,
}

/// The subject of a clause: the words before its first modal ("自然资源部门" in
/// "自然资源部门要…", "Construction sites" in "Construction sites must…"), after the last comma,
/// as a byte range; `None` when the clause has none ("要加强…", "It is necessary to…", "We must…").
fn subject_of(text: &str) -> Option<(usize, usize)> {
    // "确保…" before the modal is a lead-in, not a subject: the first modal or "it is necessary
    // to" decides.
    let &(pos, kind) = find_markers(text).iter().find(|(_, k)| *k != MarkerKind::Adverbial)?;
    if kind != MarkerKind::Modal {
        return None;
    }
    let head = text.get(..pos)?;
    let start = head.rfind([',', '，']).map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    let subject = head.get(start..)?;
    let trimmed = subject.trim_start();
    let start = start + (subject.len() - trimmed.len());
    let subject = trimmed.trim_end();
    if subject.is_empty() {
        return None;
    }
    let words = subject.split_whitespace().count();
    let cjk = subject.chars().filter(|c| scan::is_cjk(*c)).count();
    let first = subject.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    let pronoun = ["we", "it", "they", "this", "that", "which", "there", "and"].contains(&first.as_str());
    if pronoun || words > 12 || cjk > 20 || subject.starts_with(['在', '对', '于', '将']) {
        return None;
    }
    Some((start, start + subject.len()))
}

/// Whether a subject names a unit or a topic: only such a subject starts a draft of its own.
fn subject_names_something(ctx: &Ctx, subject: &str) -> bool {
    !ctx.departments.find(subject).is_empty() || !ctx.matcher.matches(subject).is_empty()
}

/// The text with department names blanked out char for char, so "消防救援机构" or "the fire
/// rescue detachment" says who, not what, and char positions stay those of the text.
fn without_departments(text: &str, depts: &[NamedDepartment]) -> String {
    text.char_indices()
        .map(|(p, c)| if depts.iter().any(|d| (d.start..d.end).contains(&p)) { ' ' } else { c })
        .collect()
}

fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |h| h.chars().count())
}

/// Topic hits in a piece of text, with the subject's keywords weighed up.
fn topic_hits(ctx: &Ctx, text: &str) -> (Vec<RuleHit>, Vec<NamedDepartment>, Option<(usize, usize)>) {
    let depts = ctx.departments.find(text);
    let mut hits = ctx.matcher.matches(&without_departments(text, &depts));
    let subject = subject_of(text);
    if let Some((s, e)) = subject {
        RuleMatcher::boost_subject(&mut hits, char_index(text, s)..char_index(text, e));
    }
    (hits, depts, subject)
}

/// Splits one requirement (from `start` in `body`) into drafts and appends them: a new subject
/// that names a unit or topic starts a draft; the verbs after a subject stay with it; clauses
/// without a subject ("…, strictly prevent stampedes") split off by topic.
fn build_drafts(ctx: &Ctx, body: &str, start: usize, out: &mut Vec<Draft>) {
    let Some(req) = body.get(start..) else {
        return;
    };
    let lead_in = body.get(..start).unwrap_or("");
    let pieces = split_pieces(req);
    let mut heading: Option<Span> = None;
    let mut groups: Vec<Group> = Vec::new();
    for piece in pieces {
        let text = req.get(piece.start..piece.end).unwrap_or("");
        let (hits, _, subject) = topic_hits(ctx, text);
        let scores = ctx.matcher.scores(&hits);
        let own_marker = find_markers(text).iter().any(|&(_, k)| k != MarkerKind::Adverbial);
        let named_subject = subject.is_some_and(|(s, e)| subject_names_something(ctx, text.get(s..e).unwrap_or("")));
        let specific = top_specific(&scores).filter(|(_, s)| *s >= SPLIT_MIN_SCORE);
        // "…，水利部门要配合做好灌溉用水调度": a unit that only cooperates joins the requirement;
        // so does "…, and any fire shall be reported within 30 minutes": a condition on it.
        if ((named_subject && cooperating_subject(ctx, text).is_some()) || is_follow_up(text, false))
            && let Some(g) = groups.last_mut()
        {
            g.span.end = piece.end;
            add_scores(&mut g.scores, &scores);
            continue;
        }
        if named_subject {
            // A requirement before this one with a verb of its own but no topic ("各镇要…转移安置，
            // 民政部门要…") is a draft of its own, not a lead-in.
            if groups.is_empty()
                && let Some(h) = heading.take_if(|h| {
                    find_markers(req.get(h.start..h.end).unwrap_or("")).iter().any(|&(_, k)| k != MarkerKind::Adverbial)
                })
            {
                groups.push(Group {
                    span: h,
                    category: Category::General,
                    scores: [0; Category::COUNT],
                    has_subject: true,
                    own_marker: true,
                });
            }
            match groups.last_mut() {
                // A lead-in with no requirement of its own ("确保汛期师生安全，学校要…") joins it.
                Some(g) if !g.has_subject && !g.own_marker => {
                    g.span.end = piece.end;
                    add_scores(&mut g.scores, &scores);
                    g.has_subject = true;
                    g.own_marker = true;
                }
                _ => groups.push(Group {
                    span: piece,
                    category: specific.map_or(Category::General, |(c, _)| c),
                    scores,
                    has_subject: true,
                    own_marker,
                }),
            }
            continue;
        }
        match (groups.last_mut(), specific) {
            (None, None) => {
                let h = heading.get_or_insert(piece);
                h.end = piece.end;
            }
            (Some(g), _) if g.has_subject => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (Some(g), None) => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
                g.own_marker |= own_marker;
            }
            (Some(g), Some((cat, _))) if g.category == cat || g.scores[cat.index()] > 0 => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
                g.own_marker |= own_marker;
            }
            (_, Some((cat, _))) => {
                groups.push(Group { span: piece, category: cat, scores, has_subject: subject.is_some(), own_marker })
            }
        }
    }
    join_fragments_and_collectives(ctx, req, &mut groups);
    // A general clause before a single topic belongs to it; before several topics it is a
    // heading for all of them ("strengthen risk control in the public sector, …"), so it is
    // left out rather than glued to the first.
    // "Led by the housing department, with …, every site shall …, and the rest stations shall
    // …": a lead-in that names who leads makes what follows one requirement of that unit.
    if groups.len() > 1
        && let Some(h) = heading
        && names_who_leads(ctx, req.get(h.start..h.end).unwrap_or(""))
    {
        let end = groups.last().map_or(h.end, |g| g.span.end);
        let mut merged = groups.remove(0);
        for g in groups.drain(..) {
            add_scores(&mut merged.scores, &g.scores);
        }
        merged.span = Span { start: h.start, end };
        groups.push(merged);
        heading = None;
    }
    let mut shared_text = lead_in.to_string();
    match (groups.len(), heading) {
        (0, Some(h)) => groups.push(Group {
            span: h,
            category: Category::General,
            scores: [0; Category::COUNT],
            has_subject: false,
            own_marker: true,
        }),
        (1, Some(h)) => groups[0].span.start = h.start,
        (_, Some(h)) => {
            shared_text.push(' ');
            shared_text.push_str(req.get(h.start..h.end).unwrap_or(""));
        }
        _ => {}
    }
    let shared_deadline = find_deadline_with(&shared_text, ctx.meeting_date, &ctx.periods);
    for g in groups {
        let raw = req.get(g.span.start..g.span.end).unwrap_or("");
        let text = clean_text(raw);
        if text.is_empty() {
            continue;
        }
        out.push(make_draft(ctx, text, shared_deadline.clone()));
    }
}

/// The department a requirement names as its lead: as leading it ("由X牵头"), else as its
/// subject, else opening it even without a modal ("省财政厅统筹…", "区水利局、区自然资源局按照职责
/// 分工，…"); of a joint subject the first named leads.
fn named_lead<'a>(
    text: &str,
    depts: &'a [NamedDepartment],
    subject: Option<(usize, usize)>,
) -> Option<&'a NamedDepartment> {
    let in_subject = |d: &&NamedDepartment| subject.is_some_and(|(s, e)| d.start >= s && d.end <= e);
    // "the Education Bureau complete …": an article before the name still opens the clause.
    let opens = |d: &&NamedDepartment| {
        text.get(..d.start).is_some_and(|head| {
            let lower = head.to_ascii_lowercase();
            let head = lower.strip_prefix("the ").unwrap_or(&lower);
            // "the Provincial Meteorological Bureau to issue …": a level before the name.
            let head = ["provincial ", "municipal ", "county ", "district ", "city "]
                .iter()
                .find_map(|l| head.strip_prefix(l))
                .unwrap_or(head);
            head.chars().count() <= 3 && !head.contains(['，', ',', '。'])
        })
    };
    // "…, working with forestry authorities, shall …": a unit named as working with the lead
    // cooperates.
    let with = |d: &&NamedDepartment| {
        let head = text.get(..d.start).unwrap_or("").to_ascii_lowercase();
        let words: Vec<&str> = head.split_whitespace().rev().take(3).collect();
        words.iter().any(|w| ["with", "assisting", "supporting"].contains(w))
    };
    // Else the first unit named before the verb ("Before the Qingming Festival, civil affairs
    // departments, working with …, shall …").
    let before_verb = |d: &&NamedDepartment| {
        find_markers(text).iter().find(|(_, k)| *k == MarkerKind::Modal).is_some_and(|&(p, _)| d.end <= p)
    };
    depts
        .iter()
        .find(|d| d.leads)
        .or_else(|| depts.iter().filter(|d| !with(d)).find(in_subject))
        .or_else(|| depts.iter().find(opens))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(before_verb))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(|d| subject_of_a_later_clause(text, d)))
        .or_else(|| depts.iter().find(|d| answers_for(text, d)))
}

/// A later sentence that goes on with a requirement (`refers_back`) gives it the unit it names
/// as leading or as subject, when the requirement named none itself; the other units it names
/// cooperate.
fn carry_lead(ctx: &Ctx, draft: &mut Draft, sentence: &str) {
    if matches!(draft.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit)) {
        return;
    }
    let depts = ctx.departments.find(sentence);
    let Some(lead) = named_lead(sentence, &depts, subject_of(sentence)) else {
        return;
    };
    let function = Some(lead.function.clone()).filter(|f| !f.is_empty());
    if let Some(old) = draft.lead_function.take()
        && function.as_ref() != Some(&old)
        && !draft.cooperating_functions.contains(&old)
    {
        draft.cooperating_functions.push(old);
    }
    draft.lead_function = function;
    draft.lead_unit = lead.unit;
    draft.why.lead_basis = Some(if lead.unit.is_some() { LeadBasis::Unit } else { LeadBasis::NamedDepartment });
    draft.why.lead_words = sentence.get(lead.start..lead.end).map(str::to_string);
    draft.confidence = Confidence::High;
    let others: Vec<&NamedDepartment> = depts.iter().filter(|d| d.start != lead.start).collect();
    for (i, d) in others.iter().enumerate() {
        if !d.function.is_empty() && Some(&d.function) != draft.lead_function.as_ref() {
            draft.cooperating_functions.retain(|f| f != &d.function);
            draft.cooperating_functions.insert(i.min(draft.cooperating_functions.len()), d.function.clone());
        }
        if let Some(unit) = d.unit.filter(|u| Some(*u) != draft.lead_unit && !draft.cooperating_units.contains(u)) {
            draft.cooperating_units.push(unit);
        }
    }
    draft.cooperating_functions.retain(|f| Some(f) != draft.lead_function.as_ref());
}

/// One draft from a requirement's text: the unit it names leads (as leading it, else as its
/// subject), else the topic's keyword rules decide; other units it names cooperate.
fn make_draft(ctx: &Ctx, text: String, shared_deadline: Option<(NaiveDate, Option<String>)>) -> Draft {
    let (hits, depts, subject) = topic_hits(ctx, &text);
    let decision = ctx.matcher.decide(&hits);
    let in_subject = |d: &&NamedDepartment| subject.is_some_and(|(s, e)| d.start >= s && d.end <= e);
    let named = named_lead(&text, &depts, subject);
    let mut why = Why {
        topic_words: decision.topic_words.clone(),
        subject: subject.and_then(|(s, e)| text.get(s..e)).map(str::to_string),
        ..Why::default()
    };
    let (lead, confidence) = match named {
        Some(d) => {
            why.lead_basis = Some(if d.unit.is_some() { LeadBasis::Unit } else { LeadBasis::NamedDepartment });
            why.lead_words = text.get(d.start..d.end).map(str::to_string);
            let explicit = d.unit.is_some() || d.leads || in_subject(&d);
            // A unit of the tree without a line of work (a county government) leads by itself.
            let function = Some(d.function.clone()).filter(|f| !f.is_empty());
            (function, if explicit { Confidence::High } else { Confidence::Medium })
        }
        None => {
            why.lead_basis = decision.lead.as_ref().map(|_| LeadBasis::Keyword);
            why.lead_words = decision.lead.as_ref().and(decision.lead_keyword.clone());
            let sure =
                if decision.lead.is_some() && !decision.lead_by_default { Confidence::Low } else { Confidence::Guess };
            (decision.lead.clone(), sure)
        }
    };
    let lead_unit = named.and_then(|d| d.unit);
    let mut cooperating_units: Vec<i64> = Vec::new();
    for unit in depts.iter().filter_map(|d| d.unit) {
        if Some(unit) != lead_unit && !cooperating_units.contains(&unit) {
            cooperating_units.push(unit);
        }
    }
    let mut cooperating: Vec<String> = Vec::new();
    let named_others = depts.iter().map(|d| d.function.clone()).filter(|f| !f.is_empty());
    let topical = decision.lead.iter().cloned().chain(decision.cooperating.iter().cloned());
    for f in named_others.chain(topical) {
        if lead.as_deref() != Some(f.as_str()) && !cooperating.contains(&f) {
            cooperating.push(f);
        }
    }
    // The title says what is to be done: a named unit (shown as the lead) is left out of it.
    let title_from = match named {
        Some(d) if d.leads && text.starts_with('由') => {
            text.get(d.end..).and_then(|rest| rest.find(['，', ',']).map(|p| d.end + p)).unwrap_or(0)
        }
        Some(d) if in_subject(&d) => subject.map_or(0, |(_, e)| e),
        // After a lead-in ("确保汛期师生安全，学校要…") the subject starts what is to be done.
        _ => subject.map_or(0, |(s, _)| s),
    };
    let title_text = text.get(title_from..).unwrap_or(&text).trim_start_matches(['，', ',', ' ']);
    let (places, industries) = extract_terms(&text);
    let (deadline, deadline_note) = match find_deadline_with(&text, ctx.meeting_date, &ctx.periods).or(shared_deadline)
    {
        Some((d, note)) => (Some(d), note),
        None => (None, None),
    };
    Draft {
        title: make_title(if title_text.is_empty() { &text } else { title_text }),
        deadline,
        deadline_note,
        category: decision.category,
        places,
        industries,
        lead_function: lead,
        cooperating_functions: cooperating,
        language: ctx.language,
        why,
        text,
        lead_unit,
        cooperating_units,
        confidence,
    }
}

fn add_scores(into: &mut [i32; Category::COUNT], from: &[i32; Category::COUNT]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = a.saturating_add(*b);
    }
}

/// The best-scoring category other than General, if any scored.
fn top_specific(scores: &[i32; Category::COUNT]) -> Option<(Category, i32)> {
    Category::ALL.iter().copied().filter(|c| *c != Category::General && scores[c.index()] > 0).fold(
        None,
        |best: Option<(Category, i32)>, c| {
            let s = scores[c.index()];
            match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((c, s)),
            }
        },
    )
}

#[cfg(test)]
mod tests;
