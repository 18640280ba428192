//! Measuring drafting on a corpus: each set of minutes comes with what a careful clerk would
//! draft from it (the requirements with their lead, category and deadline, and the background
//! that must not become a draft), and the drafts are scored against it: precision and recall of
//! requirements, and how many requirements got the right lead. Pure: the caller reads the files.

use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

use super::{Category, Draft, FUNCTIONS, KeywordRule, Language, draft_directives, meeting_date_in};

/// One requirement a clerk would draft.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedRequirement {
    /// Words only this requirement's draft contains.
    pub needle: String,
    pub lead: Option<String>,
    pub category: Category,
    pub deadline: Option<NaiveDate>,
    /// Functions the text names as cooperating (the optional sixth column); reported, not gated.
    pub cooperating: Vec<String>,
}

/// What a clerk would draft from one set of minutes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Expectation {
    /// The meeting date the minutes' own date line gives.
    pub meeting: Option<NaiveDate>,
    pub requirements: Vec<ExpectedRequirement>,
    /// Words of background sentences no draft may contain.
    pub background: Vec<String>,
}

/// Reads an expectation file (`tests/fixtures/minutes/README.md` describes it).
pub fn parse_expectation(text: &str) -> Result<Expectation, String> {
    let mut exp = Expectation::default();
    let date = |s: &str, n: usize| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("line {n}: {s:?} is not a date (YYYY-MM-DD)"))
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        match f[..] {
            ["meeting", d] => exp.meeting = Some(date(d, n)?),
            ["bg", needle] if !needle.is_empty() => exp.background.push(needle.to_string()),
            ["req", needle, lead, category, deadline] | ["req", needle, lead, category, deadline, _]
                if !needle.is_empty() =>
            {
                let cooperating: Vec<String> = f
                    .get(5)
                    .map(|c| {
                        c.split(',').map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(String::from).collect()
                    })
                    .unwrap_or_default();
                let lead = (lead != "-" && !lead.is_empty()).then(|| lead.to_string());
                if let Some(unknown) = lead.iter().chain(&cooperating).find(|f| !FUNCTIONS.contains(&f.as_str())) {
                    return Err(format!("line {n}: {unknown:?} is not a function code"));
                }
                exp.requirements.push(ExpectedRequirement {
                    needle: needle.to_string(),
                    lead,
                    category: category.parse().map_err(|e: crate::domain::UnknownValue| format!("line {n}: {e}"))?,
                    deadline: if deadline == "-" { None } else { Some(date(deadline, n)?) },
                    cooperating,
                });
            }
            _ => return Err(format!("line {n}: expected meeting, req or bg with their fields: {line:?}")),
        }
    }
    Ok(exp)
}

/// Counts from scoring drafts against expectations; they add up over a corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub minutes: usize,
    pub drafts: usize,
    pub requirements: usize,
    /// Requirements with a draft of their own.
    pub found: usize,
    /// Found requirements whose draft names the expected lead.
    pub leads_right: usize,
    pub categories_right: usize,
    pub deadlines_right: usize,
    /// Cooperating functions the expectations name, over all requirements.
    pub cooperating_expected: usize,
    /// Of those, the ones a found requirement's draft lists as cooperating.
    pub cooperating_right: usize,
    /// Drafts that contain background words.
    pub background_leaks: usize,
    /// Minutes whose date line gave the expected meeting date.
    pub dates_right: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 { 1.0 } else { num as f64 / den as f64 }
}

impl Tally {
    /// Drafts that are a requirement's own draft, over all drafts.
    pub fn precision(&self) -> f64 {
        ratio(self.found, self.drafts)
    }

    /// Requirements that got a draft, over all requirements.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.requirements)
    }

    /// Requirements whose draft has the expected lead, over all requirements (a missed
    /// requirement has no right lead).
    pub fn lead_accuracy(&self) -> f64 {
        ratio(self.leads_right, self.requirements)
    }

    pub fn category_accuracy(&self) -> f64 {
        ratio(self.categories_right, self.requirements)
    }

    pub fn deadline_accuracy(&self) -> f64 {
        ratio(self.deadlines_right, self.requirements)
    }

    /// Expected cooperating functions that the drafts list, over all expected ones.
    pub fn cooperating_accuracy(&self) -> f64 {
        ratio(self.cooperating_right, self.cooperating_expected)
    }

    pub fn add(&mut self, o: &Tally) {
        self.minutes += o.minutes;
        self.drafts += o.drafts;
        self.requirements += o.requirements;
        self.found += o.found;
        self.leads_right += o.leads_right;
        self.categories_right += o.categories_right;
        self.deadlines_right += o.deadlines_right;
        self.cooperating_expected += o.cooperating_expected;
        self.cooperating_right += o.cooperating_right;
        self.background_leaks += o.background_leaks;
        self.dates_right += o.dates_right;
    }
}

/// Scores drafts against an expectation. Each requirement takes the first draft containing its
/// needle that no earlier requirement took, so a draft that merges two requirements finds only
/// the first, and a draft that is nobody's counts against precision.
pub fn score(drafts: &[Draft], exp: &Expectation) -> Tally {
    score_with_misses(drafts, exp).0
}

/// Like [`score`], with a line for each miss: a requirement without a draft, a wrong lead,
/// category or deadline, a draft that is nobody's, background that became a draft.
pub fn score_with_misses(drafts: &[Draft], exp: &Expectation) -> (Tally, Vec<String>) {
    let mut t = Tally { minutes: 1, drafts: drafts.len(), requirements: exp.requirements.len(), ..Tally::default() };
    let mut misses = Vec::new();
    let texts: Vec<String> = drafts.iter().map(|d| d.text.to_lowercase()).collect();
    let mut taken = vec![false; drafts.len()];
    let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".to_string());
    for req in &exp.requirements {
        t.cooperating_expected += req.cooperating.len();
        let needle = req.needle.to_lowercase();
        let Some(i) = (0..drafts.len()).find(|&i| !taken[i] && texts[i].contains(&needle)) else {
            misses.push(format!("no draft for {:?}", req.needle));
            continue;
        };
        let d = &drafts[i];
        taken[i] = true;
        t.found += 1;
        t.leads_right += usize::from(d.lead_function == req.lead);
        t.categories_right += usize::from(d.category == req.category);
        t.deadlines_right += usize::from(d.deadline == req.deadline);
        let missing: Vec<&str> =
            req.cooperating.iter().filter(|c| !d.cooperating_functions.contains(c)).map(String::as_str).collect();
        t.cooperating_right += req.cooperating.len() - missing.len();
        if !missing.is_empty() {
            misses.push(format!("{:?}: cooperating lacks {}", req.needle, missing.join(",")));
        }
        if d.lead_function != req.lead {
            misses.push(format!("{:?}: lead {} instead of {}", req.needle, show(&d.lead_function), show(&req.lead)));
        }
        if d.category != req.category {
            misses.push(format!("{:?}: category {} instead of {}", req.needle, d.category, req.category));
        }
        if d.deadline != req.deadline {
            misses.push(format!("{:?}: deadline {:?} instead of {:?}", req.needle, d.deadline, req.deadline));
        }
    }
    for (i, d) in drafts.iter().enumerate() {
        if !taken[i] {
            misses.push(format!("extra draft {:?}", d.text));
        }
    }
    t.background_leaks = drafts.iter().filter(|d| exp.background.iter().any(|b| d.text.contains(b.as_str()))).count();
    (t, misses)
}

/// One set of minutes of a corpus, with its expectation, scored.
#[derive(Clone, Debug)]
pub struct ScoredMinutes {
    pub name: String,
    pub language: Language,
    pub meeting: Option<NaiveDate>,
    pub tally: Tally,
    /// What went wrong, one line each.
    pub misses: Vec<String>,
}

/// Drafts each set of minutes as `duban draft` does with no `--date` (only the expected year as
/// the hint "today" would give, so the date line must be read) and scores the drafts.
pub fn score_minutes(name: &str, minutes: &str, exp: &Expectation, rules: &[KeywordRule]) -> ScoredMinutes {
    let hint = exp
        .meeting
        .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 12, 31))
        .unwrap_or(NaiveDate::MIN.with_year(2024).unwrap_or(NaiveDate::MIN));
    let meeting = meeting_date_in(minutes, hint);
    let drafts = draft_directives(minutes, rules, meeting.unwrap_or(hint)).unwrap_or_default();
    let (mut tally, mut misses) = score_with_misses(&drafts, exp);
    tally.dates_right = usize::from(exp.meeting.is_some() && meeting == exp.meeting);
    if tally.dates_right == 0 {
        misses.push(format!("meeting date {meeting:?} instead of {:?}", exp.meeting));
    }
    ScoredMinutes { name: name.to_string(), language: Language::detect(minutes), meeting, tally, misses }
}

/// A share as every percentage in Duban is written (`domain::format::percent`).
fn pct(x: f64) -> String {
    crate::domain::format::percent(Some(x))
}

/// The total per language, in the order zh, en.
pub fn totals(rows: &[ScoredMinutes]) -> Vec<(Language, Tally)> {
    [Language::Zh, Language::En]
        .into_iter()
        .map(|lang| {
            let mut t = Tally::default();
            rows.iter().filter(|r| r.language == lang).for_each(|r| t.add(&r.tally));
            (lang, t)
        })
        .filter(|(_, t)| t.minutes > 0)
        .collect()
}

/// The score as a Markdown table: one row per set of minutes, then a total per language.
pub fn render_score(rows: &[ScoredMinutes]) -> String {
    let mut out = String::new();
    out.push_str(
        "| minutes | lang | drafts | requirements | found | precision | recall | lead | category | deadline | cooperating | background leaks | date line |\n",
    );
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let line = |out: &mut String, name: &str, lang: Language, t: &Tally| {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {}/{} |",
            lang.as_str(),
            t.drafts,
            t.requirements,
            t.found,
            pct(t.precision()),
            pct(t.recall()),
            pct(t.lead_accuracy()),
            pct(t.category_accuracy()),
            pct(t.deadline_accuracy()),
            t.cooperating_right,
            t.cooperating_expected,
            t.background_leaks,
            t.dates_right,
            t.minutes,
        );
    };
    for r in rows {
        line(&mut out, &r.name, r.language, &r.tally);
    }
    for (lang, t) in totals(rows) {
        line(&mut out, &format!("**all {}**", lang.as_str()), lang, &t);
    }
    out
}

/// The misses of each set of minutes, under its name; empty when there are none.
pub fn render_misses(rows: &[ScoredMinutes]) -> String {
    let mut out = String::new();
    for r in rows.iter().filter(|r| !r.misses.is_empty()) {
        let _ = writeln!(out, "\n{}:", r.name);
        for m in &r.misses {
            let _ = writeln!(out, "  - {m}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{date, drafts_of};
    use super::*;

    #[test]
    fn expectations_parse_and_bad_lines_are_refused_with_their_number() {
        let exp = parse_expectation("# c\nmeeting\t2024-06-03\nreq\t学校要\teducation\tgeneral\t-\nbg\t会议指出\n")
            .expect("parses");
        assert_eq!(exp.meeting, Some(date(2024, 6, 3)));
        assert_eq!(exp.requirements[0].lead.as_deref(), Some("education"));
        assert_eq!(exp.background, vec!["会议指出".to_string()]);
        assert!(parse_expectation("req\tx\teducation\tweather\t-").expect_err("bad").contains("line 1"));
        assert!(parse_expectation("\nreq\tx").expect_err("bad").contains("line 2"));
        assert!(parse_expectation("req\tx\tpolice\tgeneral\t-").expect_err("bad").contains("\"police\""));
    }

    #[test]
    fn the_sixth_column_names_cooperating_functions_and_the_new_codes_parse() {
        let exp = parse_expectation(
            "req\t漂流\tculture_tourism\ttourism\t-\temergency_management, market_regulation\n\
             req\t林区\tforestry\tforest_fire\t-\t-\nreq\t信访\tpetitions\tsocial_stability\t-\n",
        )
        .expect("parses");
        let r = &exp.requirements;
        assert_eq!(r[0].cooperating, vec!["emergency_management".to_string(), "market_regulation".to_string()]);
        assert_eq!(
            (r[0].category, r[1].category, r[2].category),
            (Category::Tourism, Category::ForestFire, Category::SocialStability)
        );
        assert_eq!((r[1].lead.as_deref(), r[1].cooperating.len(), r[2].cooperating.len()), (Some("forestry"), 0, 0));
        let bad = parse_expectation("req\tx\teducation\tgeneral\t-\thealth,firemen").expect_err("bad");
        assert!(bad.contains("line 1") && bad.contains("firemen"), "{bad}");
    }

    #[test]
    fn cooperating_units_count_when_the_found_draft_lists_them() {
        let drafts =
            drafts_of("要由市住建局牵头，会同市商务局、市教育局开展燃气安全检查。要做好学校安全。", date(2024, 1, 1));
        let exp = parse_expectation(
            "req\t燃气安全检查\thousing_construction\tgas\t-\tcommerce,education,health\n\
             req\t学校安全\teducation\tgeneral\t-\tpublic_security\nreq\t医院\thealth\tgeneral\t-\tfire_rescue\n",
        )
        .expect("parses");
        let (t, misses) = score_with_misses(&drafts, &exp);
        assert_eq!((t.cooperating_expected, t.cooperating_right), (5, 2), "{drafts:#?}");
        assert!(misses.iter().any(|m| m.contains("cooperating lacks health")), "{misses:?}");
        let table = render_score(&[ScoredMinutes {
            name: "x".into(),
            language: Language::Zh,
            meeting: None,
            tally: t,
            misses,
        }]);
        assert!(table.contains("| 2/5 |"), "{table}");
    }

    #[test]
    fn the_table_has_a_row_per_minutes_and_a_total_per_language_and_lists_misses() {
        let exp = parse_expectation(
            "meeting\t2024-05-20\nreq\t全面开展汛前隐患排查\twater_resources\tflood_geological\t2024-06-15\nreq\t不存在的要求\teducation\tgeneral\t-\n",
        )
        .expect("parses");
        let row =
            score_minutes("flood", super::super::fixtures::FLOOD_ZH, &exp, &crate::domain::drafting::default_rules());
        assert_eq!(row.meeting, Some(date(2024, 5, 20)), "read from the date line");
        assert_eq!((row.tally.found, row.tally.requirements, row.tally.drafts), (1, 2, 7));
        let table = render_score(std::slice::from_ref(&row));
        assert!(table.contains("| flood | zh | 7 | 2 | 1 | 14.3% | 50.0% | 50.0% |"), "{table}");
        assert!(table.contains("| **all zh** | zh | 7 | 2 | 1 |"), "{table}");
        assert!(!table.contains("all en"));
        let misses = render_misses(&[row]);
        assert!(misses.contains("no draft for \"不存在的要求\""), "{misses}");
        assert!(misses.contains("extra draft"), "{misses}");
    }

    #[test]
    fn a_merged_draft_counts_once_and_a_missing_one_costs_recall_and_lead() {
        let drafts = drafts_of("要加强消防检查和燃气检查。要做好学校安全。", date(2024, 1, 1));
        let exp = parse_expectation(
            "req\t消防检查\tfire_rescue\tfire_safety\t-\nreq\t燃气检查\thousing_construction\tgas\t-\nreq\t医院\thealth\tgeneral\t-\n",
        )
        .expect("parses");
        let t = score(&drafts, &exp);
        assert_eq!((t.drafts, t.requirements, t.found, t.leads_right), (2, 3, 1, 1));
        assert!((t.precision() - 0.5).abs() < 1e-9 && (t.recall() - 1.0 / 3.0).abs() < 1e-9);
    }
}
