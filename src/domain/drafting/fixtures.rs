//! For the tests of every drafting file: the three sets of minutes under `tests/fixtures/` and
//! small helpers over their drafts.

use chrono::NaiveDate;

use super::{Category, Draft, default_rules, draft_directives};

pub(super) const NOV17: &str =
    include_str!("../../../tests/fixtures/minutes/2023-11-17-province-production-safety-conference.txt");
pub(super) const FLOOD_ZH: &str = include_str!("../../../tests/fixtures/minutes/2024-05-20-flood-season-zh.txt");
pub(super) const HEATING_EN: &str = include_str!("../../../tests/fixtures/minutes/2024-11-05-winter-heating-en.txt");

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(super) fn drafts_of(minutes: &str, meeting: NaiveDate) -> Vec<Draft> {
    draft_directives(minutes, &default_rules(), meeting).expect("minutes yield drafts")
}

pub(super) fn nov17() -> Vec<Draft> {
    drafts_of(NOV17, date(2023, 11, 17))
}

pub(super) fn find<'a>(drafts: &'a [Draft], needle: &str) -> &'a Draft {
    drafts
        .iter()
        .find(|d| d.text.contains(needle))
        .unwrap_or_else(|| panic!("no draft contains {needle:?}: {drafts:#?}"))
}

pub(super) fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(super) fn summary(drafts: &[Draft]) -> Vec<(Category, Option<&str>, Option<NaiveDate>)> {
    drafts.iter().map(|d| (d.category, d.lead_function.as_deref(), d.deadline)).collect()
}
