//! Drafting measured on the corpus of minutes in `tests/fixtures/minutes/`: every set of minutes
//! with an expectation file is drafted and scored. The whole corpus — the minutes the rules were
//! written with (the top folder) and the minutes written blind (`unseen-1/`, `unseen-2/`) —
//! must reach 95 % in each language for requirements found (recall), drafts that answer a
//! requirement (precision), right leads and right deadlines; the top folder also lets no
//! background become a draft. The newest batches written blind (`unseen-3/` to `unseen-7/`) are
//! measured and their needles checked, but not gated until their misses have been worked on.

use std::path::Path;

use duban::domain::drafting::{
    ScoredMinutes, Tally, default_rules, parse_expectation, render_misses, render_score, score_minutes, totals,
};

const THRESHOLD: f64 = 0.95;

/// The folders of the corpus that are gated: the top one, then the batches written blind whose
/// misses have been worked on (by general rules).
const FOLDERS: [&str; 3] = ["", "unseen-1", "unseen-2"];

/// Batches written blind whose first score is recorded and whose misses are not worked on yet:
/// measured (`duban draft --score`), their needles checked, not gated.
const MEASURED: [&str; 24] = [
    "unseen-3",
    "unseen-4",
    "unseen-5",
    "unseen-6",
    "unseen-7",
    "unseen-8",
    "unseen-9",
    "unseen-10",
    "unseen-11",
    "unseen-12",
    "unseen-13",
    "unseen-14",
    "unseen-15",
    "unseen-16",
    "unseen-17",
    "unseen-18",
    "unseen-19",
    "unseen-20",
    "unseen-21",
    "unseen-22",
    "unseen-23",
    "unseen-24",
    "unseen-25",
    "unseen-26",
];

/// The scored minutes of one folder of the corpus (not the folders under it).
fn corpus(folder: &str) -> Vec<ScoredMinutes> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes").join(folder);
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

/// The gated figures of a language's total.
fn figures(t: &Tally) -> [(&'static str, f64); 4] {
    [
        ("found (recall)", t.recall()),
        ("precision", t.precision()),
        ("lead", t.lead_accuracy()),
        ("deadline", t.deadline_accuracy()),
    ]
}

/// Each folder holds at least twelve minutes, at least two in five in each language (a blind
/// batch comes as its writers delivered it: unseen-6 is eleven Chinese and nine English), and
/// the whole corpus is half in each language, give or take two.
#[test]
fn the_corpus_holds_at_least_twelve_minutes_half_in_each_language() {
    let mut all = Vec::new();
    for folder in FOLDERS.iter().chain(&MEASURED) {
        let rows = corpus(folder);
        assert!(rows.len() >= 12, "{folder:?}: {} minutes", rows.len());
        let totals = totals(&rows);
        assert!(totals.iter().all(|(_, t)| t.minutes * 5 >= rows.len() * 2), "{folder:?}: {totals:?}");
        all.extend(rows);
    }
    let totals = totals(&all);
    assert!(totals.iter().all(|(_, t)| t.minutes * 2 + 2 >= all.len()), "the whole corpus: {totals:?}");
}

#[test]
fn drafting_finds_requirements_leads_and_deadlines_at_ninety_five_percent_in_each_language() {
    let rows: Vec<ScoredMinutes> = FOLDERS.iter().flat_map(|folder| corpus(folder)).collect();
    let table = format!("{}{}", render_score(&rows), render_misses(&rows));
    println!("Drafting on the whole corpus:\n{table}");
    for (lang, t) in totals(&rows) {
        for (what, value) in figures(&t) {
            assert!(
                value >= THRESHOLD,
                "{} {what} {} is below {}:
{table}",
                lang.as_str(),
                duban::domain::format::percent(Some(value)),
                duban::domain::format::percent(Some(THRESHOLD))
            );
        }
    }
    let top = corpus("");
    for (_, t) in totals(&top) {
        assert_eq!(t.background_leaks, 0, "background became drafts:\n{}", render_misses(&top));
    }
}

/// A needle that is not in its minutes exactly once would score a draft by luck.
#[test]
fn every_needle_of_the_blind_minutes_occurs_exactly_once() {
    for folder in ["unseen-1", "unseen-2"].iter().chain(&MEASURED) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes").join(folder);
        for entry in std::fs::read_dir(&dir).expect(folder) {
            let path = entry.expect("entry").path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".expected.tsv"))
            else {
                continue;
            };
            let minutes = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("minutes");
            let exp = parse_expectation(&std::fs::read_to_string(&path).expect("expectation")).expect("parses");
            let needles = exp.requirements.iter().map(|r| &r.needle).chain(&exp.background);
            for needle in needles {
                assert_eq!(minutes.matches(needle.as_str()).count(), 1, "{folder}/{name}: {needle:?}");
            }
        }
    }
}
