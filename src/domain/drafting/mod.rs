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
#[cfg(test)]
mod fixtures;
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
pub use deadlines::find_deadline;
pub use rules::{KeywordRule, default_rules};
pub use score::{
    Expectation, ExpectedRequirement, ScoredMinutes, Tally, parse_expectation, render_misses, render_score, score,
    score_minutes, score_with_misses, totals,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use matching::RuleMatcher;
use pieces::{Span, split_pieces};
use segments::{
    Opening, classify_opening, ends_with_terminator, find_markers, is_framing, requirement_start, split_segments,
    split_sentences, strip_enumerator,
};
use terms::extract_terms;
use titles::{clean_text, make_title};

/// Minutes longer than this are refused rather than scanned: real minutes are a few pages.
pub const MAX_MINUTES_CHARS: usize = 200 * 1024;

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
    let chars = minutes.chars().count();
    if chars > MAX_MINUTES_CHARS {
        return Err(DraftError::TooLarge { limit_chars: MAX_MINUTES_CHARS, actual_chars: chars });
    }
    if minutes.trim().is_empty() {
        return Err(DraftError::Empty);
    }
    let ctx = Ctx { language: Language::detect(minutes), matcher: RuleMatcher::new(rules), meeting_date };
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
    meeting_date: NaiveDate,
}

struct Group {
    span: Span,
    category: Category,
    scores: [i32; Category::COUNT],
}

/// Splits one requirement (from `start` in `body`) into drafts by topic and appends them.
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
        let hits = ctx.matcher.matches(text);
        let scores = ctx.matcher.scores(&hits);
        let specific = top_specific(&scores).filter(|(_, s)| *s >= SPLIT_MIN_SCORE);
        match (groups.last_mut(), specific) {
            (None, None) => {
                let h = heading.get_or_insert(piece);
                h.end = piece.end;
            }
            (Some(g), None) => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (Some(g), Some((cat, _))) if g.category == cat || g.scores[cat.index()] > 0 => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (_, Some((cat, _))) => groups.push(Group { span: piece, category: cat, scores }),
        }
    }
    // A general clause before a single topic belongs to it; before several topics it is a
    // heading for all of them ("strengthen risk control in the public sector, …"), so it is
    // left out rather than glued to the first.
    let mut shared_text = lead_in.to_string();
    match (groups.len(), heading) {
        (0, Some(h)) => groups.push(Group { span: h, category: Category::General, scores: [0; Category::COUNT] }),
        (1, Some(h)) => groups[0].span.start = h.start,
        (_, Some(h)) => {
            shared_text.push(' ');
            shared_text.push_str(req.get(h.start..h.end).unwrap_or(""));
        }
        _ => {}
    }
    let shared_deadline = find_deadline(&shared_text, ctx.meeting_date);
    for g in groups {
        let raw = req.get(g.span.start..g.span.end).unwrap_or("");
        let text = clean_text(raw);
        if text.is_empty() {
            continue;
        }
        let hits = ctx.matcher.matches(&text);
        let (category, lead_function, cooperating_functions) = ctx.matcher.decide(&hits);
        let (places, industries) = extract_terms(&text);
        out.push(Draft {
            title: make_title(&text),
            deadline: find_deadline(&text, ctx.meeting_date).or(shared_deadline),
            text,
            category,
            places,
            industries,
            lead_function,
            cooperating_functions,
            language: ctx.language,
        });
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
                (Responsibilities, Some("general_office"), None),
                (FireSafety, Some("fire_rescue"), Some(date(2024, 12, 31))),
            ]
        );
        assert!(drafts[0].text.starts_with("Heating enterprises must complete"));
        assert_eq!(drafts[1].places, strs(&["restaurants", "shopping malls", "residential areas"]));
        assert_eq!(drafts[2].text, "Gas cylinders without a valid inspection must be removed from use.");
        assert!(drafts[3].cooperating_functions.contains(&"health".to_string()));
        assert!(drafts[3].text.contains("hospitals should prepare beds"));
        assert_eq!(drafts[5].places, strs(&["nine small places"]));
        assert!(drafts[5].text.contains("“nine small places”"));
        assert_eq!(
            drafts[5].title,
            "Each district should complete the rectification of fire hazards in the “nine small places”"
        );
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
        let long_line = "It is necessary to inspect fire exits, ".repeat(199 * 1024 / 39);
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
