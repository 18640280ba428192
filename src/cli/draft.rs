//! `duban draft` as text: drafts labelled in each draft's language, the corpus score
//! (`--score`) and the candidate rules learned from corrections (`--learned`).

use std::path::Path;

use chrono::Datelike;
use duban::domain::drafting::{
    CandidateRule, Draft, Language, LeadBasis, default_rules, function_label, parse_expectation, render_misses,
    render_score, score_minutes,
};

/// `duban draft --score DIR`: drafts every `NAME.txt` that has a `NAME.expected.tsv` beside it,
/// in DIR and in the folders under it (a row is named `FOLDER/NAME` there), and prints the score
/// table with its totals per language, then the misses.
pub fn score_dir(dir: &Path) -> Result<String, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let mut names = Vec::new();
    collect_expectations(dir, "", &mut names)?;
    if names.is_empty() {
        return Err(format!("no NAME.expected.tsv in {}", dir.display()));
    }
    names.sort();
    let rules = default_rules();
    let mut rows = Vec::new();
    for name in &names {
        let minutes = read(&dir.join(format!("{name}.txt")))?;
        let exp = parse_expectation(&read(&dir.join(format!("{name}.expected.tsv")))?)
            .map_err(|e| format!("{name}.expected.tsv: {e}"))?;
        rows.push(score_minutes(name, &minutes, &exp, &rules));
    }
    Ok(format!("{}{}", render_score(&rows), render_misses(&rows)))
}

/// The names (relative to the top folder, without `.expected.tsv`) of the expectation files in
/// `dir` and below it.
fn collect_expectations(dir: &Path, prefix: &str, names: &mut Vec<String>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let Ok(file_name) = entry.file_name().into_string() else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            collect_expectations(&entry.path(), &format!("{prefix}{file_name}/"), names)?;
        } else if let Some(name) = file_name.strip_suffix(".expected.tsv") {
            names.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// Human-readable rendering for `duban draft FILE`: numbered drafts with title, category,
/// lead, cooperating units, places, industries, deadline and text, labelled in each draft's
/// language.
pub fn render_text(drafts: &[Draft]) -> String {
    use std::fmt::Write as _;
    if drafts.is_empty() {
        return "No drafts.\n".to_string();
    }
    let mut out = String::new();
    for (i, d) in drafts.iter().enumerate() {
        let lang = d.language;
        let (sep, list_sep, none) = match lang {
            Language::Zh => ("：", "、", "无"),
            Language::En => (": ", ", ", "none"),
        };
        let label = |zh: &'static str, en: &'static str| match lang {
            Language::Zh => zh,
            Language::En => en,
        };
        let func = |code: &str| match (function_label(code, lang), lang) {
            (Some(name), Language::Zh) => format!("{name}（{code}）"),
            (Some(name), Language::En) => format!("{name} ({code})"),
            (None, _) => code.to_string(),
        };
        let join = |items: Vec<String>| {
            if items.is_empty() { none.to_string() } else { items.join(list_sep) }
        };
        let deadline = match (d.deadline, lang) {
            (None, _) => none.to_string(),
            (Some(date), Language::Zh) => {
                format!("{}年{}月{}日", date.year(), date.month(), date.day())
            }
            (Some(date), Language::En) => date.format("%Y-%m-%d").to_string(),
        };
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}. {}", i + 1, d.title);
        let deadline = match &d.deadline_note {
            Some(note) => format!("{deadline} ({note})"),
            None => deadline,
        };
        let rows = [
            (label("依据", "Why"), why_line(d)),
            (label("类别", "Category"), d.category.label(lang).to_string()),
            (label("牵头", "Lead"), d.lead_function.as_deref().map_or(none.to_string(), func)),
            (label("配合", "Cooperating"), join(d.cooperating_functions.iter().map(|c| func(c)).collect())),
            (label("场所", "Places"), join(d.places.clone())),
            (label("行业", "Industries"), join(d.industries.clone())),
            (label("期限", "Deadline"), deadline),
            (label("原文", "Text"), d.text.clone()),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "   {name}{sep}{value}");
        }
    }
    out
}

/// `duban draft --learned`: the candidate keyword rules, most frequent correction first, as
/// lines an admin can paste into `assets/drafting/keyword_rules.tsv` or enter under
/// `/api/v1/keyword-rules`.
pub fn render_learned(candidates: &[CandidateRule]) -> String {
    use std::fmt::Write as _;
    if candidates.is_empty() {
        return "No corrections to learn from yet: drafted directives were issued as suggested.\n".to_string();
    }
    let mut out = String::from("# times corrected, then the rule: keyword, category, lead, cooperating, weight\n");
    for c in candidates {
        let r = &c.rule;
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            c.count,
            r.keyword,
            r.category,
            r.lead_function.as_deref().unwrap_or(""),
            r.cooperating_functions.join(","),
            r.weight
        );
    }
    out
}

/// Why a draft's lead and category were suggested, in the draft's language.
fn why_line(d: &Draft) -> String {
    let zh = d.language == Language::Zh;
    let mut parts = Vec::new();
    match (d.why.lead_basis, &d.why.lead_words) {
        (Some(LeadBasis::NamedDepartment | LeadBasis::Unit), Some(w)) => parts.push(if zh {
            format!("纪要点名“{w}”牵头或为主语")
        } else {
            format!("the minutes name “{w}”")
        }),
        (Some(LeadBasis::Keyword), Some(w)) => {
            parts.push(if zh { format!("关键词“{w}”") } else { format!("keyword “{w}”") })
        }
        (Some(LeadBasis::Meeting), _) => parts.push(if zh {
            "本条未点名单位，取纪要各项要求最多的牵头条线".to_string()
        } else {
            "names no unit: the line of work most of the minutes' requirements name".to_string()
        }),
        _ => parts.push(if zh { "未能确定牵头单位".to_string() } else { "no lead found".to_string() }),
    }
    if !d.why.topic_words.is_empty() {
        let words = d.why.topic_words.join(if zh { "、" } else { ", " });
        parts.push(if zh { format!("主题词：{words}") } else { format!("topic: {words}") });
    }
    parts.push(if zh {
        format!("把握：{}{}", d.confidence, if d.confidence.needs_check() { "，请核对牵头单位" } else { "" })
    } else {
        format!("confidence: {}{}", d.confidence, if d.confidence.needs_check() { ", check the lead unit" } else { "" })
    });
    parts.join(if zh { "；" } else { "; " })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use duban::domain::drafting::{default_rules, draft_directives};

    use super::*;

    const NOV17: &str =
        include_str!("../../tests/fixtures/minutes/2023-11-17-province-production-safety-conference.txt");
    const FLOOD_ZH: &str = include_str!("../../tests/fixtures/minutes/2024-05-20-flood-season-zh.txt");

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn drafts_of(minutes: &str, meeting: NaiveDate) -> Vec<Draft> {
        draft_directives(minutes, &default_rules(), meeting).expect("minutes yield drafts")
    }

    fn nov17() -> Vec<Draft> {
        drafts_of(NOV17, date(2023, 11, 17))
    }

    #[test]
    fn score_dir_scores_the_folders_under_it_and_names_their_rows_by_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("unseen-9");
        std::fs::create_dir(&sub).expect("sub folder");
        let write = |p: std::path::PathBuf, text: &str| std::fs::write(p, text).expect("write");
        write(dir.path().join("top.txt"), "6月3日上午，县政府召开会议。\n会议要求，住建部门要加强燃气管道巡查。");
        write(
            dir.path().join("top.expected.tsv"),
            "meeting\t2024-06-03\nreq\t燃气管道巡查\thousing_construction\tgas\t-\n",
        );
        write(
            sub.join("deep.txt"),
            "On 9 January 2026, the district met. Schools shall lock their gates during the holiday.",
        );
        write(
            sub.join("deep.expected.tsv"),
            "meeting\t2026-01-09\nreq\tlock their gates\teducation\tgeneral\t-\thealth\n",
        );
        let out = score_dir(dir.path()).expect("scores");
        assert!(out.contains("| top | zh | 1 | 1 | 1 |"), "{out}");
        assert!(out.contains("| unseen-9/deep | en | 1 | 1 | 1 |"), "{out}");
        assert!(out.contains("| **all en** |") && out.contains("| **all zh** |"), "{out}");
        assert!(out.contains("\"lock their gates\": cooperating lacks health"), "{out}");
    }

    #[test]
    fn learned_rules_print_as_rule_lines_with_their_count() {
        use duban::domain::drafting::{Category, KeywordRule};
        let candidate = CandidateRule {
            rule: KeywordRule {
                keyword: "人防办".to_owned(),
                category: Category::General,
                lead_function: Some("emergency_management".to_owned()),
                cooperating_functions: Vec::new(),
                weight: 3,
            },
            count: 4,
        };
        let out = render_learned(&[candidate]);
        assert!(out.ends_with("\n4\t人防办\tgeneral\temergency_management\t\t3\n"), "{out}");
        assert!(render_learned(&[]).starts_with("No corrections"));
    }

    #[test]
    fn render_text_uses_chinese_labels_for_chinese_drafts() {
        let drafts = drafts_of(FLOOD_ZH, date(2024, 5, 20));
        let out = render_text(&drafts);
        assert!(out.starts_with("1. 全面开展汛前隐患排查\n"));
        for expected in [
            "类别：防汛与地质灾害",
            "牵头：水利（water_resources）",
            "期限：2024年6月15日",
            "场所：水库、山塘、堤防",
            "7. 年底前要全面完成水毁工程修复",
            "原文：要全面开展汛前隐患排查",
            "依据：关键词“水库”；主题词：水库、防汛、堤防",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        assert!(!out.contains("Category"));
    }

    #[test]
    fn render_text_lists_titles_and_english_labels() {
        let out = render_text(&nov17());
        for expected in [
            "2. Strengthen the investigation and rectification of fire hazards in winter\n",
            "   Category: Fire safety\n",
            "   Lead: Fire and rescue (fire_rescue)\n",
            "   Cooperating: Education (education), Health (health)\n",
            "   Places: densely populated places, schools, hospitals, mines, nine small places\n",
            "   Deadline: none\n",
            "   Text: It is necessary to strengthen",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        assert_eq!(render_text(&[]), "No drafts.\n");
    }

    #[test]
    fn render_text_shows_none_for_what_a_draft_lacks_and_unknown_functions_as_codes() {
        let bare = Draft {
            title: String::new(),
            text: "\u{0}要🔥".to_owned(),
            category: duban::domain::drafting::Category::General,
            places: Vec::new(),
            industries: Vec::new(),
            deadline: None,
            lead_function: Some("no_such_function".to_owned()),
            cooperating_functions: Vec::new(),
            language: Language::Zh,
            deadline_note: None,
            why: Default::default(),
            lead_unit: None,
            cooperating_units: Vec::new(),
            confidence: duban::domain::drafting::Confidence::Guess,
        };
        let out = render_text(&[bare]);
        assert!(out.starts_with("1. "), "{out}");
        for expected in ["牵头：no_such_function", "期限：无", "场所：无"] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
    }
}
