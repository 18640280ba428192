//! Drafting measured on the corpus of minutes in `tests/fixtures/minutes/`: every set of minutes
//! with an expectation file is drafted and scored; each language must reach 90 % for
//! requirements found (precision and recall) and for leads.

use std::path::Path;

use duban::domain::drafting::{
    ScoredMinutes, default_rules, parse_expectation, render_misses, render_score, score_minutes, totals,
};

const THRESHOLD: f64 = 0.9;

fn corpus() -> Vec<ScoredMinutes> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".expected.tsv").map(str::to_string))
        .collect();
    names.sort();
    let rules = default_rules();
    names
        .iter()
        .map(|name| {
            let minutes = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("minutes beside expectation");
            let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.tsv"))).expect("expectation");
            let exp = parse_expectation(&expected).unwrap_or_else(|e| panic!("{name}.expected.tsv: {e}"));
            score_minutes(name, &minutes, &exp, &rules)
        })
        .collect()
}

#[test]
fn the_corpus_holds_at_least_twelve_minutes_half_in_each_language() {
    let rows = corpus();
    assert!(rows.len() >= 12, "{} minutes", rows.len());
    let totals = totals(&rows);
    assert!(totals.iter().all(|(_, t)| t.minutes * 2 >= rows.len() - 1), "{totals:?}");
}

#[test]
fn drafting_finds_requirements_and_leads_at_ninety_percent_in_each_language() {
    let rows = corpus();
    let table = format!("{}{}", render_score(&rows), render_misses(&rows));
    for (lang, t) in totals(&rows) {
        for (what, value) in
            [("precision", t.precision()), ("recall", t.recall()), ("lead accuracy", t.lead_accuracy())]
        {
            assert!(value >= THRESHOLD, "{} {what} {:.1} % is below 90 %:\n{table}", lang.as_str(), value * 100.0);
        }
        assert_eq!(t.background_leaks, 0, "background became drafts:\n{table}");
    }
}
