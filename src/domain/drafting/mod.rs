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
mod learned;
mod matching;
mod pieces;
mod rules;
mod scan;
mod score;
mod segments;
mod terms;
mod titles;

pub use categories::{Category, FUNCTIONS, Language, function_label};
pub use dateline::meeting_date_in;
pub use deadlines::{PeriodSettings, find_deadline, find_deadline_noted, find_deadline_with};
pub use departments::{DepartmentName, default_departments};
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
use matching::{RuleHit, RuleMatcher};
use pieces::{Span, split_pieces};
use segments::{
    MarkerKind, Opening, classify_opening, ends_with_terminator, find_markers, is_framing, requirement_start,
    split_segments, split_sentences, strip_enumerator,
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
}

string_enum! {
    /// What made the lead the lead: the requirement names the unit as its subject or as leading
    /// ("由X牵头", "led by X"), or a keyword rule matched its topic.
    LeadBasis {
        NamedDepartment => "named_department",
        Keyword => "keyword",
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
    let ctx = Ctx {
        language: Language::detect(minutes),
        matcher: RuleMatcher::new(rules),
        departments: DepartmentMatcher::new(departments),
        periods: *periods,
        meeting_date,
    };
    let mut drafts = Vec::new();
    // "The meeting pointed out …" makes its whole paragraph background, "must" and all.
    let mut background = false;
    // After "会议要求：" on a line of its own, numbered items are requirements without "要".
    let mut list_mode = false;
    for raw_line in minutes.lines() {
        let line = raw_line.trim();
        if line.is_empty() {
            background = false;
            list_mode = false;
            continue;
        }
        let enumerated = strip_enumerator(line).len() != line.len();
        let in_list = list_mode && enumerated;
        if !enumerated {
            list_mode = false;
        }
        for sentence in split_sentences(line, ctx.language) {
            let mut inherit = false;
            for raw_seg in split_segments(sentence) {
                let seg = strip_enumerator(raw_seg.trim());
                if seg.is_empty() {
                    continue;
                }
                let opening = classify_opening(seg);
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
                if background || is_framing(seg) {
                    continue;
                }
                if body.is_empty() || body.ends_with(':') || body.ends_with('：') {
                    // A heading such as "会议要求：" announces a list rather than being one.
                    if strong || !find_markers(body).is_empty() {
                        list_mode = true;
                    }
                    continue;
                }
                let forced = strong || inherit || in_list;
                let Some(start) = requirement_start(body, forced) else {
                    continue;
                };
                let before = drafts.len();
                build_drafts(&ctx, body, start, &mut drafts);
                inherit = drafts.len() > before;
            }
        }
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
    // A general clause before a single topic belongs to it; before several topics it is a
    // heading for all of them ("strengthen risk control in the public sector, …"), so it is
    // left out rather than glued to the first.
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

/// One draft from a requirement's text: the unit it names leads (as leading it, else as its
/// subject), else the topic's keyword rules decide; other units it names cooperate.
fn make_draft(ctx: &Ctx, text: String, shared_deadline: Option<(NaiveDate, Option<String>)>) -> Draft {
    let (hits, depts, subject) = topic_hits(ctx, &text);
    let decision = ctx.matcher.decide(&hits);
    let in_subject = |d: &&NamedDepartment| subject.is_some_and(|(s, e)| d.start >= s && d.end <= e);
    let named = depts.iter().find(|d| d.leads).or_else(|| depts.iter().find(in_subject));
    let mut why = Why {
        topic_words: decision.topic_words.clone(),
        subject: subject.and_then(|(s, e)| text.get(s..e)).map(str::to_string),
        ..Why::default()
    };
    let lead = match named {
        Some(d) => {
            why.lead_basis = Some(LeadBasis::NamedDepartment);
            why.lead_words = text.get(d.start..d.end).map(str::to_string);
            Some(d.function.clone())
        }
        None => {
            why.lead_basis = decision.lead.as_ref().map(|_| LeadBasis::Keyword);
            why.lead_words = decision.lead.as_ref().and(decision.lead_keyword.clone());
            decision.lead.clone()
        }
    };
    let mut cooperating: Vec<String> = Vec::new();
    let named_others = depts.iter().map(|d| d.function.clone());
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
mod tests {
    use super::fixtures::{FLOOD_ZH, HEATING_EN, date, drafts_of, find, nov17, strs, summary};
    use super::*;

    #[test]
    fn november_minutes_yield_the_six_expected_drafts_in_order() {
        let drafts = nov17();
        let got: Vec<(&str, Category, Option<&str>)> =
            drafts.iter().map(|d| (d.title.as_str(), d.category, d.lead_function.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (
                    "Maintain a high degree of vigilance against outstanding risks and hidden dangers",
                    Category::General,
                    Some("emergency_management")
                ),
                (
                    "Strengthen the investigation and rectification of fire hazards in winter",
                    Category::FireSafety,
                    Some("fire_rescue")
                ),
                (
                    "Strengthen safety supervision in high-risk industries",
                    Category::Mining,
                    Some("emergency_management")
                ),
                (
                    "Strictly investigate and deal with traffic violations",
                    Category::RoadTraffic,
                    Some("traffic_police")
                ),
                (
                    "Strictly prevent the risk of stampedes at large-scale gathering activities",
                    Category::CrowdSafety,
                    Some("public_security")
                ),
                ("Deeply promote urban gas safety", Category::Gas, Some("housing_construction")),
            ]
        );
        assert!(drafts.iter().all(|d| d.language == Language::En && d.deadline.is_none()));
    }

    #[test]
    fn generic_vigilance_clause_is_general_and_steals_no_category() {
        let drafts = nov17();
        let general = find(&drafts, "high degree of vigilance");
        assert_eq!(general.category, Category::General);
        assert!(general.text.starts_with("It is necessary to maintain"));
        assert_eq!(drafts.iter().filter(|d| d.category == Category::FireSafety).count(), 1);
    }

    #[test]
    fn flood_minutes_yield_exactly_the_expected_drafts() {
        let drafts = drafts_of(FLOOD_ZH, date(2024, 5, 20));
        use Category::*;
        assert_eq!(
            summary(&drafts),
            vec![
                (FloodGeological, Some("water_resources"), Some(date(2024, 6, 15))),
                (FloodGeological, Some("water_resources"), None),
                (FloodGeological, Some("emergency_management"), None),
                (Responsibilities, Some("general_office"), None),
                (Construction, Some("housing_construction"), None),
                (CrowdSafety, Some("culture_tourism"), None),
                (FloodGeological, Some("water_resources"), Some(date(2024, 12, 31))),
            ]
        );
        let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "全面开展汛前隐患排查",
                "加强山洪地质灾害监测预警",
                "遇强降雨时及时组织转移群众",
                "严格执行24小时值班值守和领导带班制度",
                "在建工地要落实汛期安全措施",
                "加强旅游景区管理",
                "年底前要全面完成水毁工程修复",
            ]
        );
        assert_eq!(drafts[0].places, strs(&["水库", "山塘", "堤防"]));
        assert!(drafts[0].text.contains("“三个责任人”"));
        assert!(drafts[2].cooperating_functions.contains(&"water_resources".to_string()));
        assert!(drafts[4].cooperating_functions.contains(&"water_resources".to_string()));
        assert!(drafts.iter().all(|d| d.language == Language::Zh));
    }

    #[test]
    fn heating_minutes_yield_exactly_the_expected_drafts() {
        let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
        use Category::*;
        assert_eq!(
            summary(&drafts),
            vec![
                (Gas, Some("housing_construction"), Some(date(2024, 12, 15))),
                (Gas, Some("housing_construction"), None),
                (Gas, Some("market_regulation"), None),
                (Gas, Some("housing_construction"), None),
                (General, Some("health"), None),
                (Responsibilities, Some("general_office"), None),
                (FireSafety, Some("fire_rescue"), Some(date(2024, 12, 31))),
            ]
        );
        assert!(drafts[0].text.starts_with("Heating enterprises must complete"));
        assert_eq!(drafts[1].places, strs(&["restaurants", "shopping malls", "residential areas"]));
        assert_eq!(drafts[2].text, "Gas cylinders without a valid inspection must be removed from use.");
        // Hospitals are a new subject with their own verb: their beds are health's draft, not
        // a rider on the carbon monoxide publicity.
        assert!(drafts[3].text.ends_with("prevention of carbon monoxide poisoning"));
        assert_eq!(drafts[4].text, "Hospitals should prepare beds and medicines for poisoning cases.");
        assert_eq!(drafts[4].why.subject.as_deref(), Some("Hospitals"));
        assert_eq!(drafts[6].places, strs(&["nine small places"]));
        assert!(drafts[6].text.contains("“nine small places”"));
        assert_eq!(
            drafts[6].title,
            "Each district should complete the rectification of fire hazards in the “nine small places”"
        );
    }

    fn leads(minutes: &str) -> Vec<Option<String>> {
        drafts_of(minutes, date(2024, 6, 3)).into_iter().map(|d| d.lead_function).collect()
    }

    fn one(f: &str) -> Vec<Option<String>> {
        vec![Some(f.to_string())]
    }

    #[test]
    fn the_department_named_as_subject_or_as_leading_is_the_lead_whatever_the_topic() {
        assert_eq!(leads("自然资源部门要对地质灾害隐患点开展排查。"), one("natural_resources"));
        assert_eq!(
            leads("The transport bureau shall supervise tank trucks carrying hazardous chemicals."),
            one("transport")
        );
        assert_eq!(leads("Public security organs shall crack down on illegal fireworks."), one("public_security"));
        assert_eq!(
            leads("The market regulation bureau shall check the quality of extinguishers on sale."),
            one("market_regulation")
        );
        assert_eq!(leads("会议要求，由市住建局牵头，对地下车库开展消防安全检查。"), one("housing_construction"));
        assert_eq!(leads("会议要求，交警要加强夜间巡查。"), one("traffic_police"));
        assert_eq!(leads("会议要求，文旅部门要加强景区管理。"), one("culture_tourism"));
        assert_eq!(leads("The EMB must inspect fireworks warehouses."), one("emergency_management"));
        let led = drafts_of(
            "Rectification of flooded tunnels shall be led by the transport bureau, with the water resources bureau cooperating.",
            date(2024, 6, 3),
        );
        assert_eq!(led[0].lead_function.as_deref(), Some("transport"));
        assert_eq!(led[0].cooperating_functions.first().map(String::as_str), Some("water_resources"));
        assert_eq!(led[0].why.lead_basis, Some(LeadBasis::NamedDepartment));
        assert_eq!(led[0].title, "Rectification of flooded tunnels");
        // The whole name as written is why, and a list in the object stays in the title.
        let named = drafts_of(
            "Public security organs shall crack down on the illegal production, transport and sale of fireworks.",
            date(2024, 6, 3),
        );
        assert_eq!(named[0].why.lead_words.as_deref(), Some("Public security organs"));
        assert_eq!(named[0].title, "Crack down on the illegal production, transport and sale of fireworks");
        let zh = drafts_of("会议要求，市场监管部门要加强抽检。", date(2024, 6, 3));
        assert_eq!(zh[0].why.lead_words.as_deref(), Some("市场监管部门"));
    }

    #[test]
    fn the_topic_of_the_subject_beats_the_season_of_the_meeting() {
        let drafts = drafts_of(
            "会议要求，确保汛期师生安全，学校要完善极端天气停课预案。景区要在暴雨期间关闭涉水项目。在建工地要在汛期加强基坑巡查。",
            date(2024, 6, 3),
        );
        assert_eq!(
            drafts.iter().map(|d| d.lead_function.as_deref()).collect::<Vec<_>>(),
            vec![Some("education"), Some("culture_tourism"), Some("housing_construction")]
        );
        assert_eq!(drafts[0].title, "学校要完善极端天气停课预案");
        // A clause a little over the title cap stays whole rather than cut mid-word.
        let long = drafts_of(
            "会议要求，各级领导干部要严格落实节日期间领导带班和24小时值班制度，确保信息畅通。",
            date(2024, 12, 26),
        );
        assert_eq!(long[0].title, "各级领导干部要严格落实节日期间领导带班和24小时值班制度");
    }

    #[test]
    fn one_subject_with_several_verbs_is_one_draft_and_two_subjects_are_two() {
        let one_req = drafts_of(
            "Hazardous chemicals enterprises must check their storage tanks and lightning protection, and strictly prevent leaks caused by flooding.",
            date(2024, 6, 3),
        );
        assert_eq!(one_req.len(), 1);
        assert_eq!(one_req[0].lead_function.as_deref(), Some("emergency_management"));
        let two = drafts_of("会议要求，交通运输部门要抢通道路，公安交警部门要实施交通管制。", date(2024, 6, 3));
        assert_eq!(
            two.iter().map(|d| (d.title.as_str(), d.lead_function.as_deref())).collect::<Vec<_>>(),
            vec![("抢通道路", Some("transport")), ("实施交通管制", Some("traffic_police"))]
        );
    }

    #[test]
    fn rescue_teams_and_supplies_are_for_emergency_management_and_titles_say_what_to_do() {
        assert_eq!(leads("会议要求，应急物资和抢险救援队伍要提前预置到位。"), one("emergency_management"));
        assert_eq!(leads("Rescue teams and supplies must be in place."), one("emergency_management"));
        let d = drafts_of(
            "The emergency management bureau shall inspect hazardous chemical enterprises before January 20.",
            date(2024, 12, 1),
        );
        assert_eq!(d[0].title, "Inspect hazardous chemical enterprises");
        assert_eq!(d[0].deadline, Some(date(2025, 1, 20)));
    }

    #[test]
    fn empty_and_whitespace_minutes_are_refused() {
        for input in ["", "   ", "\n\t \r\n　"] {
            assert_eq!(draft_directives(input, &default_rules(), date(2024, 1, 1)), Err(DraftError::Empty));
        }
    }

    #[test]
    fn oversized_minutes_are_refused() {
        let big = "a".repeat(MAX_MINUTES_CHARS + 1);
        assert_eq!(
            draft_directives(&big, &default_rules(), date(2024, 1, 1)),
            Err(DraftError::TooLarge { limit_chars: MAX_MINUTES_CHARS, actual_chars: MAX_MINUTES_CHARS + 1 })
        );
        let msg = DraftError::TooLarge { limit_chars: 10, actual_chars: 20 }.to_string();
        assert!(msg.contains("20 characters") && msg.contains("limit is 10"));
    }

    #[test]
    fn text_without_requirements_is_refused() {
        let recipe = "Tomato and egg stir-fry\nBeat three eggs with a pinch of salt. Fry them until just set. Add the tomatoes and a spoon of sugar. Serve hot.";
        let lorem =
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore.";
        let numbers = "1 2 3 4 5\n6.7 8.9 10\n42";
        for input in [recipe, lorem, numbers, "西红柿炒鸡蛋：鸡蛋打散，加盐，炒熟盛出。"] {
            assert_eq!(
                draft_directives(input, &default_rules(), date(2024, 1, 1)),
                Err(DraftError::NoRequirements),
                "{input}"
            );
        }
    }

    #[test]
    fn odd_inputs_never_panic() {
        let long_line = "It is necessary to inspect fire exits, ".repeat(MAX_MINUTES_CHARS / 39);
        assert!(long_line.chars().count() <= MAX_MINUTES_CHARS);
        let long_zh = "要加强消防检查，“九小场所".repeat(199 * 1024 / 40);
        let inputs = [
            "。。；；，，！？…….;,!?",
            "“要加强",
            "”要”加强“",
            "\"must \"\"",
            "《要",
            "「必须」」」",
            "要",
            "must",
            "It is necessary to",
            "会议要求",
            "会议要求：",
            "The meeting required that",
            "要加强🔥消防🚒检查 and must check gas ⛽ too; 务必。",
            "Mixed 中文 and English: 要 must 必须 should 1月 by June 31 2月30日前 99月99日前",
            "(一)",
            "（",
            "1.",
            "一是",
            "\u{0}\u{feff}要\u{200b}加强",
            "İİİ must İstanbul fire",
            long_line.as_str(),
            long_zh.as_str(),
        ];
        for input in inputs {
            // Drafts or an error, never a panic. Rendering drafts is tested beside the command line.
            let _ = draft_directives(input, &default_rules(), date(2024, 2, 29));
        }
        let drafts = drafts_of(&long_line, date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].category, Category::FireSafety);
    }

    #[test]
    fn drafts_serialize_with_snake_case_enums() {
        let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
        let json = serde_json::to_value(&drafts[0]).expect("serialize");
        assert_eq!(json["category"], "gas");
        assert_eq!(json["language"], "en");
        assert_eq!(json["deadline"], "2024-12-15");
        let back: Draft = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, drafts[0]);
    }
}
