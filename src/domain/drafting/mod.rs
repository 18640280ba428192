//! Drafting: turns pasted meeting minutes (Chinese or English) into draft directives, one per
//! requirement, each with a category and suggested lead and cooperating units, for a person to
//! edit and issue. Pure functions over strings; no I/O.
//!
//! This file reads the minutes line by line as a document (`draft_directives_with`), after
//! `lines` has joined the lines a paragraph was wrapped over; `assemble`
//! turns each requirement it finds into drafts. Minutes are cut into sentences and segments, and
//! the requirements in them found (`segments`); a requirement is split into pieces that start
//! with their own verb (`pieces`), and the pieces are grouped by topic with the keyword rules
//! (`rules`) scored against each (`matching`). Each group becomes a [`Draft`] with its category
//! (`categories`), places and industries (`terms`), title (`titles`) and deadline
//! (`deadlines`). `scan` holds the character tests they share. `dateline` finds the meeting date
//! the minutes state, and `score`
//! measures drafts against what a clerk would draft (the corpus in `tests/fixtures/minutes/`).

#[cfg(test)]
mod action_layout_tests;
mod actors;
mod agreed;
#[cfg(test)]
mod arising_layout_tests;
mod assemble;
mod categories;
mod closing;
mod convener;
mod dateline;
mod deadlines;
mod departments;
#[cfg(test)]
mod english_layout_tests;
mod exhortation;
#[cfg(test)]
mod fixtures;
mod framing;
mod gazetteer;
mod headings;
mod inhouse;
mod initials;
mod items;
#[cfg(test)]
mod layout_tests;
mod learned;
mod lines;
#[cfg(test)]
mod log_layout_tests;
mod markers;
mod matching;
mod meeting;
#[cfg(test)]
mod meeting_tests;
#[cfg(test)]
mod motion_layout_tests;
mod next_meeting;
#[cfg(test)]
mod operations_tests;
mod organisations;
mod pieces;
mod record;
#[cfg(test)]
mod record_layout_tests;
mod rules;
mod scan;
mod score;
mod segments;
mod speakers;
#[cfg(test)]
mod speech_layout_tests;
mod structure;
mod tables;
#[cfg(test)]
mod team_layout_tests;
mod terms;
mod titles;
#[cfg(test)]
mod tracker_layout_tests;
#[cfg(test)]
mod zh_subject_tests;

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
use assemble::*;
use closing::{closing_line, names_closing};
use departments::{DepartmentMatcher, NamedDepartment};
use exhortation::is_exhortation;
use framing::is_framing;
use items::{apply_label, condition_then_subject, label_line, names_the_doer, share_item_lead, topic_from_heading};
use lines::{ends_the_report, number_depth};
use matching::RuleMatcher;
use segments::{
    MarkerKind, Opening, classify_opening, ends_with_terminator, find_markers, requirement_start, split_segments,
    split_sentences, strip_enumerator,
};
use speakers::{introduces_speech, speaker_directive};
use structure::{
    acts_by_name, announces_decisions, announces_list, asks_only_in_quotes, attach, body_asked_to_act,
    cooperating_subject, goes_on_under_heading, heads_background, heads_decisions, heads_items_after_it, is_follow_up,
    is_heading_line, is_item_heading, is_paragraph_heading, is_reported_speech, is_two_phrase_heading, leads_the_work,
    localities_asked, names_subject, only_a_deadline, refers_back, separator, takes_up_by_pronoun, unit_asked_to_act,
    zh_condition_on_the_last,
};
use titles::clean_text;

/// Minutes longer than this are refused rather than scanned or stored: real minutes are a few
/// pages (the longest in the corpus is under 4,000 characters).
pub const MAX_MINUTES_CHARS: usize = 100_000;

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
    /// (`unit`), or a keyword rule matched its topic, or — naming none and matching none — it is
    /// the line of work the minutes' other requirements name most (`meeting`).
    LeadBasis {
        NamedDepartment => "named_department",
        Keyword => "keyword",
        Unit => "unit",
        Meeting => "meeting",
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
    // The lines as written, where a line is a record of its own (an attendee, an action).
    // "Carla will schedule …": a person present, by first name, read as named in full.
    let (in_full, first_names) = initials::first_names_in_full(minutes);
    let as_written = in_full.as_str();
    let unwrapped = lines::unwrap_lines(&items::owners_in_brackets(&tables::read_tables(as_written)));
    let minutes = unwrapped.as_str();
    // "Pennsylvania State Police (PSP)": the short forms these minutes define, after the
    // names given (a unit of the tree keeps its name).
    let defined = organisations::acronyms(minutes);
    // Borrowed as given unless the minutes define short forms (no copy of the table per draft).
    let departments: std::borrow::Cow<[DepartmentName]> = if defined.is_empty() {
        std::borrow::Cow::Borrowed(departments)
    } else {
        std::borrow::Cow::Owned(departments.iter().cloned().chain(defined).collect())
    };
    let ctx = Ctx {
        language: Language::detect(minutes),
        matcher: RuleMatcher::new(rules),
        departments: DepartmentMatcher::new(&departments).with_company(meeting::company(minutes)),
        periods: *periods,
        meeting_date,
    };
    let mut drafts: Vec<Draft> = Vec::new();
    // "The meeting pointed out …" makes its whole paragraph background, "must" and all.
    let mut background = false;
    // After "会议要求：" on a line of its own, numbered items are requirements without "要".
    let mut list_mode = false;
    // "Moved by Councillor Vos, Seconded by Councillor Brodie" on a line of its own: the "That …"
    // lines under it are the motion's clauses.
    let mut motion = false;
    // The list was opened by a heading ("3. Actions agreed"), not by a sentence ("会议要求：").
    let mut list_by_heading = false;
    // The depth of the numbered heading over the list ("3." is 1).
    let mut heading_depth: Option<usize> = None;
    // How deep the number of the line that announced the list is ("4.5 The Committee accepted
    // the recommendations, as follows:" → 2): a line numbered as deep or shallower ends it.
    let mut list_depth: Option<usize> = None;
    // Under a heading of the situation reported ("【会议情况】", "Background").
    let mut reporting = false;
    // Where the drafts of the line before begin, when it made any.
    let mut previous_line_drafts: Option<usize> = None;
    let closing_from = closing_line(minutes);
    let all_lines: Vec<&str> = minutes.lines().collect();
    for (line_no, raw_line) in minutes.lines().enumerate() {
        // "会议明确，省治超办要建立…制度" among the closing lines: the meeting deciding more.
        if closing_from.is_some_and(|c| line_no >= c) && !closing::decides_more(raw_line) {
            continue;
        }
        let line = raw_line.trim();
        if line.is_empty() {
            // A list announced by "会议明确：" goes on across blank lines between its items.
            background = false;
            continue;
        }
        let drafts_of_line_before = previous_line_drafts.take();
        // "序号3" over a record of a work-plan table ("工作事项：… 牵头部门：… 完成时间：…")
        // numbers the record; the list goes on.
        if items::numbers_a_record(line) {
            continue;
        }
        // "工作事项：对…开展汛期专项安全检查": the task of a record is an item of the list.
        let task = items::task_of_record(line);
        let line = task.unwrap_or(line);
        let enumerated = task.is_some() || strip_enumerator(line).len() != line.len();
        // "Action 4.1 - Riverina Water to publish …": an item the minutes call an action is
        // decided, under whatever heading it stands.
        // "Recommendation 2026-03 (…): That the employer implement …" likewise.
        let action_item = (enumerated && line.starts_with("Action"))
            || markers::after_numbered_label(line).is_some_and(|rest| rest.trim_start().starts_with("That "));
        // "（1）梅林加油站：修复油罐区破损围堰。责任单位：赣县片区。完成时限：8月18日前。": an item
        // that carries its own owner or due date is a task of a list, modal or not.
        // So is one whose owner or due date stands on the line under it ("CAPA-01: Destroy …" /
        // "Owner: Dana Whitfield, FSQA Manager. Target date: 08/21/2026.").
        let labels_below = || {
            all_lines[line_no + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).is_some_and(|next| {
                split_sentences(next, ctx.language).first().is_some_and(|s| label_line(s).is_some())
            })
        };
        let labels_on_line = enumerated
            && split_sentences(strip_enumerator(line), ctx.language).iter().skip(1).any(|s| label_line(s).is_some());
        let labelled_item = labels_on_line || (enumerated && labels_below());
        // "Moved by Councillor Black" / "Seconded by Councillor Kerr" on lines of their own too.
        let lower_line = line.to_ascii_lowercase();
        if (lower_line.starts_with("moved by") && !lower_line.contains(" that "))
            || (lower_line.starts_with("moved ") && lower_line.contains("second") && !lower_line.contains(" that "))
            || (motion && lower_line.starts_with("seconded by"))
        {
            motion = true;
            continue;
        }
        motion = motion && ["that ", "and that "].iter().any(|w| lower_line.starts_with(w));
        // "74.9 RECOMMENDED to Full Council – That …" is a decision of its own and goes on with it.
        let decides =
            ["RESOLVED", "RECOMMENDED", "AGREED", "DECIDED"].iter().any(|w| strip_enumerator(line).starts_with(w));
        if list_mode
            && !list_by_heading
            && !decides
            && list_depth.is_some_and(|depth| number_depth(line).is_some_and(|d| d <= depth))
        {
            list_mode = false;
        }
        let in_list = (list_mode && enumerated) || action_item || labelled_item || motion || task.is_some();
        // "ACTION 2026/07 - PR to repair …; KO to witness the tests": an action numbered in an
        // action log is one action; whoever else the line names cooperates on it.
        // So is an item its owners' initials open ("8. MH / LT – University Hospital Kerry to
        // review …; NAS to base …").
        let one_action = ctx.language == Language::En
            && ((markers::after_numbered_label(line).is_some()
                && ["action", "task"].iter().any(|l| line.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l))))
                || (enumerated && !initials::opening_owners(line).is_empty())
                // "1/01  Where …, the Planning Manager shall ensure …. The rule to be issued to all
                // planners. Owner: JD. Due: 31 March 2025.": one owner, one action.
                || labels_on_line);
        // "Lead: Public Works. With: PARCS. Due: June 1, 2025." under an item belongs to it:
        // the list goes on after it.
        if !enumerated && label_line(line).is_none() {
            list_mode = false;
        }
        // Under a heading such as "3. Actions agreed" a numbered heading line stays a heading
        // ("（一）餐饮场所燃气安全整治"); in a list a sentence announced, it is an item.
        // "一、关于当前防火形势" names a section even in a list announced by a sentence.
        // So does "6. Any other business" after a list of decisions.
        let section = strip_enumerator(line).starts_with("关于") || names_closing(strip_enumerator(line));
        let heading_line = is_heading_line(strip_enumerator(line)) || structure::opens_resolutions(line);
        if heading_line && (!in_list || list_by_heading || section) {
            // "【会议情况】", "一、基本情况", "3. Background": what follows reports, asking nothing.
            reporting = heads_background(line);
            // "3. Actions agreed": the numbered items under it are requirements without "shall".
            // A section named inside a list ("6. Any other business") ends it.
            // So does the next section at its heading's depth ("4. Security Manager's report"
            // after "3. Actions agreed").
            let sibling = heading_depth.is_some_and(|h| number_depth(line).is_some_and(|d| d <= h));
            if !in_list || section || (list_by_heading && sibling) {
                list_mode = heads_decisions(line);
                list_by_heading = list_mode;
                heading_depth = number_depth(line);
            }
            continue;
        }
        // What the meeting decided ends the report, heading or not ("会议要求：", "RESOLVED:").
        if reporting && !ends_the_report(line) {
            continue;
        }
        reporting = false;
        // "2.2 Staff and training" over "(a) …" items: a section of the list, asking nothing.
        let next = all_lines[line_no + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty());
        if in_list && headings::is_section_heading(line, next) {
            continue;
        }
        let line_start = drafts.len();
        // "ACTION: Marcus to run … before the end of February; from 1 March nobody operates a set
        // without a sign-off": an action line is one action, as an item of a list is.
        let action_line =
            in_list || line.trim_start_matches(['-', '•', '*', ' ']).to_ascii_lowercase().starts_with("action:");
        // Without its number, so "1." is not a sentence of its own.
        let sentences = split_sentences(strip_enumerator(line), ctx.language);
        // "06/02 – CF to obtain two speaker units. Closed.": a tracker's finished action.
        if enumerated && sentences.iter().skip(1).any(|s| record::closes_the_action(s)) {
            continue;
        }
        // A numbered item's short first sentence is its heading ("一是切实保障户外劳动者健康。")
        // when what follows asks something: it goes with the first requirement after it.
        let mut heading: Option<String> = sentences
            .first()
            .copied()
            .filter(|first| {
                (enumerated && is_item_heading(first))
                    || sentences.get(1).is_some_and(|next| {
                        // "要全面开展火灾隐患排查整治。一是…二是…": a short sentence over items
                        // numbered inside the paragraph heads them.
                        let items_follow = strip_enumerator(next).len() != next.len();
                        let first = after_introducer(first);
                        // "要做好抗旱和汛期供水应急保障。当前正值…。县水务局要…": the situation
                        // may stand between the heading and the unit it asks.
                        let asked_soon = sentences[1..].iter().take(3).any(|later| is_two_phrase_heading(first, later));
                        !names_subject(&ctx, first)
                            && !acts_by_name(first)
                            && (is_paragraph_heading(first, names_subject(&ctx, next) || items_follow)
                                || asked_soon
                                || (items_follow && heads_items_after_it(first)))
                    })
            })
            .filter(|_| {
                sentences[1..]
                    .iter()
                    .any(|s| label_line(s).is_none() && requirement_start(strip_enumerator(s), in_list).is_some())
            })
            .map(str::to_string);
        // "2. Water levels. Reservoirs classed as dangerous shall be operated empty. All other
        // small reservoirs shall keep water at or below the limit. The Water Resources Bureau
        // shall check levels daily.": an English numbered item under a heading of its own is one
        // requirement, as long as its later sentences name no unit besides the one that takes it.
        let headed_item = enumerated && heading.is_some() && ctx.language == Language::En;
        for (n, sentence) in sentences.iter().copied().enumerate() {
            if n == 0 && heading.is_some() {
                continue;
            }
            let mut inherit = false;
            // The sentence goes on with the requirement before it (`refers_back`).
            let mut going_on = false;
            for (k, raw_seg) in split_segments(sentence).into_iter().enumerate() {
                let seg = strip_enumerator(raw_seg.trim());
                // "会议指出，暑期学生交通安全同样不容忽视。…区交警大队要加强…查处。": a later sentence
                // whose subject is a unit asked to act ends what the meeting pointed out, an office
                // the table lacks too ("…盯住现场。综合办公室要安排…24小时带班。").
                let asked = unit_asked_to_act(&ctx, seg) || body_asked_to_act(seg);
                if background && n > 0 && ctx.language == Language::Zh && asked {
                    background = false;
                }
                // "2. That the Strategic Director write to the owners …": a resolution in a list
                // of decisions, not reported speech.
                // "AND THAT staff be directed to …": a later clause of a motion, in capitals.
                let seg = if in_list {
                    ["AND THAT ", "And that ", "and that ", "That ", "that ", "THAT "]
                        .iter()
                        .find_map(|w| seg.strip_prefix(w))
                        .unwrap_or(seg)
                } else {
                    seg
                };
                // "…, in coordination with the Sheriff's Office; and": the joint left after a
                // semicolon asks nothing.
                let joint = seg.trim_end_matches(['.', ',', ' ']);
                if seg.is_empty() || joint.eq_ignore_ascii_case("and") || joint.eq_ignore_ascii_case("or") {
                    continue;
                }
                if one_action
                    && drafts.len() > line_start
                    && label_line(seg).is_none()
                    && let Some(last) = drafts.last_mut()
                {
                    for unit in ctx.departments.find_names(seg) {
                        if last.lead_function.as_ref() != Some(&unit.function)
                            && !unit.function.is_empty()
                            && !last.cooperating_functions.contains(&unit.function)
                        {
                            last.cooperating_functions.push(unit.function);
                        }
                    }
                    attach(&ctx, last, seg);
                    continue;
                }
                if drafts.len() > line_start
                    && !background
                    && let Some(last) = drafts.last_mut()
                    && ((headed_item
                        && n > 0
                        && k == 0
                        && label_line(seg).is_none()
                        && goes_on_under_heading(&ctx, seg, last))
                        || (n > 0 && k == 0 && refers_back(&ctx, seg, last))
                        || (going_on && !names_subject(&ctx, seg))
                        || ((n > 0 || k > 0) && takes_up_by_pronoun(seg))
                        || (k > 0 && zh_condition_on_the_last(seg)))
                {
                    if leads_the_work(seg) {
                        last.why.lead_basis = None;
                    }
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
                // "Owner: Gao Lei. By 31 March 2026.": when the action before it is due.
                if drafts.len() > line_start
                    && only_a_deadline(&ctx, seg)
                    && let Some(last) = drafts.last_mut()
                {
                    attach(&ctx, last, seg);
                    continue;
                }
                // "Owner: HSE (Ma Lan).", "责任单位：区水利局": who leads the requirement before it.
                // "Owner: Quality Assurance | Due: February 19, 2027": labels in one line.
                if let Some(parts) = items::label_parts(seg) {
                    apply_label_parts(&ctx, &mut drafts, drafts_of_line_before, &parts);
                    continue;
                }
                if let Some((label, value)) = label_line(seg) {
                    if let Some(last) = drafts.last_mut() {
                        apply_label(&ctx, last, label, value);
                        if let Some(when) = items::due_after_names(seg) {
                            apply_label(&ctx, last, items::Label::Due, when);
                        }
                    }
                    continue;
                }
                // "对检验不合格的，一律停止使用": a condition on the requirement before it.
                if drafts.len() > line_start
                    && !background
                    && is_follow_up(seg, k > 0)
                    && !names_subject(&ctx, seg)
                    && !condition_then_subject(&ctx, seg)
                    && !drafts.last().is_some_and(|last| structure::asks_on_its_own(&ctx, seg, last))
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
                if action_line
                    && (list_by_heading || ctx.language == Language::En)
                    && drafts.len() > line_start
                    && !background
                    && (k > 0 || (n > 0 && list_by_heading))
                    && !names_subject(&ctx, seg)
                    && !(k == 0 && (localities_asked(seg) || body_asked_to_act(seg)))
                    // "对脱失脱管人员，县公安局要及时查找", "长江禁渔工作仍处于关键期，市农业农村局
                    // 要…": a unit named after what it acts on or the situation; not after the
                    // time of the item's work ("施工作业期间，安全环保部要安排专人现场检查").
                    && (!condition_then_subject(&ctx, seg) || structure::opens_with_a_time(seg))
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
                    // An item of a list of decisions is decided, whatever words it reports
                    // ("… every resident who has told the Council they …").
                    || (directive.is_none() && !in_list && is_reported_speech(seg))
                    || asks_only_in_quotes(seg)
                    || is_exhortation(seg)
                    // "会议要求，各镇（街道）、各部门要切实增强责任感和紧迫感": after the introducer.
                    || is_exhortation(body)
                    || (body.len() == seg.len() && introduces_speech(seg))
                {
                    continue;
                }
                if announces_list(seg) {
                    if announces_decisions(seg) {
                        list_mode = true;
                        list_by_heading = false;
                        list_depth = number_depth(line);
                    }
                    continue;
                }
                if body.is_empty() || body.ends_with(':') || body.ends_with('：') {
                    // A heading such as "会议要求：" announces a list rather than being one.
                    if strong || !find_markers(body).is_empty() {
                        list_mode = true;
                        list_by_heading = false;
                        list_depth = None;
                    } else if heads_decisions(body) {
                        // "Agreed actions:" heads the items under it as "3. Actions agreed" does.
                        list_mode = true;
                        list_by_heading = true;
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
                // "ACTION (Traffic Manager, with Bedfordshire Police): make …": the owners in
                // the label lead and cooperate.
                if let Some((owners, _)) = markers::owner_label(body)
                    && let Some(first) = drafts.get_mut(before)
                {
                    items::apply_owners(&ctx, first, owners);
                }
                if let Some(first) = drafts.get_mut(before)
                    && let Some(h) = heading.take()
                {
                    first.text = clean_text(&format!("{}{}{}", h, separator(ctx.language), first.text));
                    // "应急演练。各区域分公司于8月25日前组织…": a Chinese item's short heading
                    // names the task better than its first clause.
                    if ctx.language == Language::Zh && !h.contains(['，', ',']) && h.chars().count() <= 20 {
                        first.title = titles::make_title(&h);
                    }
                    topic_from_heading(&ctx, first);
                }
            }
        }
        // A closed action withdrawn on this line leaves fewer drafts than the line began with.
        if let Some(made) = drafts.get_mut(line_start..) {
            share_item_lead(made);
        }
        if drafts.len() > line_start {
            previous_line_drafts = Some(line_start);
        }
        if ends_with_terminator(line) {
            background = false;
        }
    }
    agreed::drop_policies(&ctx, as_written, &mut drafts);
    if drafts.is_empty() {
        return Err(DraftError::NoRequirements);
    }
    meeting::plant_departments_by_risk(&mut drafts);
    meeting::police_on_traffic(&mut drafts);
    organisations::fill_from_short_names(minutes, &mut drafts);
    initials::fill_from_initials(&ctx, as_written, &mut drafts);
    convener::fill_from_convener(&ctx, minutes, &mut drafts);
    // A company's own line of work says more than what its minutes name most.
    meeting::fill_from_company(minutes, &mut drafts);
    meeting::fill_from_body(minutes, &mut drafts);
    meeting::fill_from_meeting(&mut drafts);
    meeting::licensing_of_taxis(minutes, &mut drafts);
    meeting::environmental_health_on_food(&mut drafts);
    meeting::public_works_on_drains(&mut drafts);
    next_meeting::fill_next_meeting(as_written, ctx.meeting_date, &mut drafts);
    initials::first_names_as_written(&first_names, &mut drafts);
    Ok(drafts)
}

struct Ctx {
    language: Language,
    matcher: RuleMatcher,
    departments: DepartmentMatcher,
    periods: PeriodSettings,
    meeting_date: NaiveDate,
}

#[cfg(test)]
mod tests;

/// A sentence without the meeting's introducer before it ("会议要求，要压紧压实消防安全责任。").
/// A numbered heading after it ("林少华要求，一要织密监测预警网络。") is read as the list's.
fn after_introducer(sentence: &str) -> &str {
    match segments::classify_opening(sentence) {
        Opening::Introducer { rest, .. } if strip_enumerator(rest).len() == rest.len() => rest,
        _ => sentence,
    }
}

/// Applies labels side by side on one line to the draft above it; "… | Status: Closed" says the
/// action (of an earlier meeting) is done, and the drafts of the line before go.
fn apply_label_parts(ctx: &Ctx, drafts: &mut Vec<Draft>, drafts_of_line_before: Option<usize>, parts: &[&str]) {
    if parts.iter().any(|part| items::says_closed(part)) {
        if let Some(start) = drafts_of_line_before {
            drafts.truncate(start);
        }
        return;
    }
    if let Some(last) = drafts.last_mut() {
        for (label, value) in parts.iter().filter_map(|part| label_line(part)) {
            apply_label(ctx, last, label, value);
        }
    }
}
