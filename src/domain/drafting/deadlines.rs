//! Deadlines a requirement states, in English ("before June 15", "by the end of the year") or
//! Chinese ("12月31日前", "年底前"), anchored to the meeting date when they give no year.

use chrono::{Datelike, NaiveDate};

use super::scan::ZH_NUMERALS;
use crate::domain::chinese_calendar;

/// The first deadline a requirement states, anchored to the meeting date when it gives no year.
pub fn find_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    find_deadline_noted(text, meeting).map(|(d, _)| d)
}

/// The first deadline a requirement states, with a note when it came from a named period
/// ("汛期结束前", "before the Spring Festival") rather than a date.
pub fn find_deadline_noted(text: &str, meeting: NaiveDate) -> Option<(NaiveDate, Option<String>)> {
    find_deadline_with(text, meeting, &PeriodSettings::default())
}

/// [`find_deadline_noted`] with the ends of periods that differ by place (the flood season)
/// given.
pub fn find_deadline_with(
    text: &str,
    meeting: NaiveDate,
    settings: &PeriodSettings,
) -> Option<(NaiveDate, Option<String>)> {
    if let Some(d) = find_zh_deadline(text, meeting).or_else(|| find_en_deadline(text, meeting)) {
        return Some((d, None));
    }
    period_deadline(text, meeting, settings).map(|(d, note)| (d, Some(note)))
}

/// The ends of named periods that differ by place: the flood season ends September 30 in most
/// of China by default, earlier or later elsewhere (`flood_season_end` in the configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodSettings {
    /// (month, day) the flood season ends.
    pub flood_season_end: (u32, u32),
}

impl Default for PeriodSettings {
    fn default() -> Self {
        PeriodSettings { flood_season_end: (9, 30) }
    }
}

/// How a named period turns into a date: a fixed day of the year, or the day before a festival
/// whose day moves (the Spring Festival, the Dragon Boat and Mid-Autumn festivals by the lunar
/// calendar, Qingming by the sun), computed by `chinese_calendar` for the year asked.
#[derive(Clone, Copy)]
enum PeriodEnd {
    Fixed { month: u32, day: u32 },
    FloodSeasonEnd,
    EveOf(fn(i32) -> Option<NaiveDate>),
}

/// Named periods minutes set deadlines by, with the day each ends by default: the phrases, the
/// end, and how the draft explains it.
const PERIODS: &[(&[&str], PeriodEnd, &str)] = &[
    (
        &["汛期结束前", "汛期结束之前", "主汛期结束前", "汛期结束", "end of the flood season", "flood season ends"],
        PeriodEnd::FloodSeasonEnd,
        "the flood season ends",
    ),
    (
        &["春节前", "春节之前", "春节以前", "before the spring festival", "ahead of the spring festival"],
        PeriodEnd::EveOf(chinese_calendar::spring_festival),
        "the day before the Spring Festival",
    ),
    (
        &[
            "清明节前",
            "清明前",
            "清明节之前",
            "清明节以前",
            "before the qingming festival",
            "ahead of the qingming festival",
            "before qingming",
            "ahead of qingming",
            "before tomb-sweeping day",
            "before the tomb-sweeping festival",
        ],
        PeriodEnd::EveOf(chinese_calendar::qingming),
        "the day before Qingming",
    ),
    (
        &[
            "端午节前",
            "端午前",
            "端午节之前",
            "端午节以前",
            "before the dragon boat festival",
            "ahead of the dragon boat festival",
            "before the duanwu festival",
        ],
        PeriodEnd::EveOf(chinese_calendar::dragon_boat),
        "the day before the Dragon Boat Festival",
    ),
    (
        &[
            "中秋节前",
            "中秋前",
            "中秋节之前",
            "中秋节以前",
            "before the mid-autumn festival",
            "ahead of the mid-autumn festival",
        ],
        PeriodEnd::EveOf(chinese_calendar::mid_autumn),
        "the day before the Mid-Autumn Festival",
    ),
    (
        &["元旦前", "元旦之前", "before new year's day", "before new year’s day", "before the new year"],
        PeriodEnd::Fixed { month: 12, day: 31 },
        "the day before New Year's Day",
    ),
    (
        &["国庆前", "国庆节前", "before national day", "before the national day"],
        PeriodEnd::Fixed { month: 9, day: 30 },
        "the day before National Day",
    ),
    (&["五一前", "劳动节前", "before may day"], PeriodEnd::Fixed { month: 4, day: 30 }, "the day before May Day"),
    (
        &["圣诞节前", "before christmas", "ahead of christmas"],
        PeriodEnd::Fixed { month: 12, day: 24 },
        "the day before Christmas",
    ),
];

/// The first named period the text sets a deadline by, resolved to its next end on or after the
/// meeting, with a note saying how.
fn period_deadline(text: &str, meeting: NaiveDate, settings: &PeriodSettings) -> Option<(NaiveDate, String)> {
    let lower = text.to_lowercase();
    let (phrase, end, how) = PERIODS
        .iter()
        .flat_map(|(phrases, end, how)| phrases.iter().map(move |p| (*p, *end, *how)))
        // "春节前后" is around the festival, not before it; "before Christmas Eve" is before
        // another day.
        .filter_map(|(p, end, how)| {
            lower
                .match_indices(p)
                .map(|(at, _)| at)
                .find(|at| !lower[at + p.len()..].starts_with('后') && !lower[at + p.len()..].starts_with(" eve"))
                .map(|at| (at, p, end, how))
        })
        .min_by_key(|(at, p, _, _)| (*at, std::cmp::Reverse(p.len())))
        .map(|(_, p, end, how)| (p, end, how))?;
    let date = match end {
        PeriodEnd::Fixed { month, day } => anchored(meeting, month, day)?,
        PeriodEnd::FloodSeasonEnd => {
            let (month, day) = settings.flood_season_end;
            let date = anchored(meeting, month, day)?;
            let default = if *settings == PeriodSettings::default() { ", the default" } else { "" };
            return Some((date, format!("“{phrase}”: {how} on {month:02}-{day:02}{default}")));
        }
        // This year's festival, or next year's once this year's eve has passed.
        PeriodEnd::EveOf(day_of) => {
            (0..2).filter_map(|k| day_of(meeting.year().checked_add(k)?)?.pred_opt()).find(|eve| *eve >= meeting)?
        }
    };
    Some((date, format!("“{phrase}”: {how}")))
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The first `month`/`day` on or after the meeting (Feb 29 waits for a leap year).
fn anchored(meeting: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (0..8).find_map(|k| NaiveDate::from_ymd_opt(meeting.year().checked_add(k)?, month, day).filter(|d| *d >= meeting))
}

fn anchored_month_end(meeting: NaiveDate, month: u32) -> Option<NaiveDate> {
    (0..2).find_map(|k| month_end(meeting.year().checked_add(k)?, month).filter(|d| *d >= meeting))
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

pub(super) fn en_month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == word) {
        return u32::try_from(i + 1).ok();
    }
    // "may" is a full name above; three-letter forms for the rest, and "sept".
    if word == "sept" {
        return Some(9);
    }
    if word.len() == 3 && word != "may" {
        return NAMES.iter().position(|n| n.starts_with(word)).and_then(|i| u32::try_from(i + 1).ok());
    }
    None
}

pub(super) fn en_day(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn en_year(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..=2200).contains(y))
}

fn en_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (c == '-' && !cur.is_empty()) {
            cur.push(c.to_ascii_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The first date written in numbers with its year: "2026-04-30", or "30/04/2026" — day first,
/// as most English-speaking countries write it, unless the first number cannot be a month's day
/// order otherwise allows ("04/30/2026" is April 30). A year of two digits after slashes is of
/// this century ("11/02/26"); where only one order falls on or after the meeting, that order is
/// meant (an action tracker's "11/02/26" after a meeting of 21 October 2026 is 2 November).
fn numeric_date(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let number_at = |i: usize| {
        let len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        (len > 0).then(|| (text[i..i + len].parse::<u32>().ok(), len))
    };
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let Some((Some(a), la)) = number_at(i) else {
            i += 1;
            continue;
        };
        let sep = bytes.get(i + la).copied();
        let parts = match sep {
            Some(b'/' | b'-' | b'.') => (|| {
                let j = i + la + 1;
                let (b, lb) = number_at(j).filter(|_| j < bytes.len())?;
                let k = j + lb;
                (bytes.get(k) == sep.as_ref()).then_some(())?;
                let (c, lc) = number_at(k + 1).filter(|_| k + 1 < bytes.len())?;
                let end = k + 1 + lc;
                let ends = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
                ends.then_some((la, b?, lb, c?, lc))
            })(),
            _ => None,
        };
        if let Some((la, b, lb, c, lc)) = parts {
            let year = match lc {
                4 => Some(c as i32),
                2 if sep == Some(b'/') => Some(2000 + c as i32),
                _ => None,
            };
            let date = match (la, lb, year) {
                (4, 1..=2, _) if lc <= 2 => NaiveDate::from_ymd_opt(a as i32, b, c),
                (1..=2, 1..=2, Some(y)) => {
                    let day_first = NaiveDate::from_ymd_opt(y, b, a);
                    let month_first = NaiveDate::from_ymd_opt(y, a, b);
                    match (day_first, month_first) {
                        (Some(d), Some(m)) if d < meeting && m >= meeting => Some(m),
                        (Some(d), _) => Some(d),
                        (None, m) => m,
                    }
                }
                _ => None,
            };
            if let Some(d) = date.filter(|d| (1990..=2200).contains(&d.year())) {
                return Some(d);
            }
        }
        i += la;
    }
    None
}

fn find_en_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let t = en_tokens(&without_clock_times(text));
    let tok = |i: usize| t.get(i).map_or("", String::as_str);
    for i in 0..t.len() {
        let after = match tok(i) {
            "before" | "by" | "until" | "till" => Some(i + 1),
            // "Starting Thursday, July 17, the start of work moves to 5:00 a.m.": the day a
            // measure must be in force.
            "starting" | "beginning" | "effective" => Some(i + 1),
            // "from 1 December 2026 to 1 January 2027": a period's last day.
            "to" | "through" if (i.saturating_sub(6)..i).any(|k| tok(k) == "from") => Some(i + 1),
            "later" if tok(i + 1) == "than" => Some(i + 2),
            "prior" if tok(i + 1) == "to" => Some(i + 2),
            "ahead" if tok(i + 1) == "of" => Some(i + 2),
            _ => None,
        };
        if let Some(d) = after.and_then(|j| en_date_at(&t, j, meeting)) {
            return Some(d);
        }
    }
    if let Some(date) = text.split([';', '.', '!', '?']).find_map(|clause| event_on_date(clause, meeting)) {
        return Some(date);
    }
    // "bring the map to the December 9 meeting", "report at the January 27 meeting": the day of
    // the meeting named by its date.
    if let Some(date) = (0..t.len()).find_map(|i| {
        let opens = matches!(tok(i), "to" | "at" | "for") && tok(i + 1) == "the";
        let date = en_date_at(&t, i + 2, meeting).filter(|_| opens)?;
        // "December 9" is two words; "9 December 2026" three.
        (i + 4..=i + 5).any(|k| tok(k) == "meeting").then_some(date)
    }) {
        return Some(date);
    }
    // A full date with its year is a deadline even without "by"; so is one written in numbers.
    if let Some(date) = numeric_date(text, meeting) {
        return Some(date);
    }
    (0..t.len()).find_map(|i| {
        let (m, d, y) = if let (Some(m), Some(d)) = (en_month(tok(i)), en_day(tok(i + 1))) {
            (m, d, en_year(tok(i + 2))?)
        } else {
            (en_month(tok(i + 1))?, en_day(tok(i))?, en_year(tok(i + 2))?)
        };
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// The text with the times of day taken out ("By: 03:00, 3 December", "by 22:00 tonight"), so
/// that the hour is not read as a day of the month.
fn without_clock_times(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let digits = |from: usize| c[from..].iter().take_while(|d| d.is_ascii_digit()).count();
        let starts = c[i].is_ascii_digit() && (i == 0 || !c[i - 1].is_ascii_alphanumeric());
        let hours = if starts { digits(i) } else { 0 };
        if (1..=2).contains(&hours) && matches!(c.get(i + hours), Some(':' | '.')) && digits(i + hours + 1) == 2 {
            let end = i + hours + 3;
            if c.get(end).is_none_or(|d| !d.is_ascii_alphanumeric()) {
                i = end;
                continue;
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

const WEEKDAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// "before the clocks go back on 25 October", "by the next meeting on 10 December": an event and
/// its date within one clause. Before it is the day before, as before a festival; by it, that day.
fn event_on_date(clause: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let t = en_tokens(clause);
    let tok = |i: usize| t.get(i).map_or("", String::as_str);
    (0..t.len()).find_map(|i| {
        let after = match tok(i) {
            "before" | "by" => i + 1,
            "prior" | "ahead" if matches!(tok(i + 1), "to" | "of") => i + 2,
            _ => return None,
        };
        let date = (after..after + 7).find(|&k| tok(k) == "on").and_then(|k| en_date_at(&t, k + 1, meeting))?;
        if tok(i) == "by" { Some(date) } else { date.pred_opt() }
    })
}

fn en_date_at(t: &[String], j: usize, meeting: NaiveDate) -> Option<NaiveDate> {
    let tok = |i: usize| t.get(i).map_or("", String::as_str);
    let mut j = j;
    while matches!(tok(j), "the" | "this") {
        j += 1;
    }
    // "by Friday, July 18": the weekday goes, the date stays.
    if WEEKDAY_NAMES.contains(&tok(j)) {
        j += 1;
    }
    match tok(j) {
        "year-end" | "yearend" => return year_end(meeting.year()),
        // "By: 18:00 today", "by 22:00 tonight": the day of the meeting.
        "today" | "tonight" => return Some(meeting),
        "close" | "end" if tok(j + 1) == "of" && matches!(tok(j + 2), "play" | "day" | "today") => {
            return Some(meeting);
        }
        "end" if tok(j + 1) == "of" => {
            let mut k = j + 2;
            while matches!(tok(k), "the" | "this") {
                k += 1;
            }
            if tok(k) == "year" {
                return year_end(meeting.year());
            }
            if tok(k) == "month" {
                return month_end(meeting.year(), meeting.month());
            }
            // "by the end of next month"
            if tok(k) == "next" && tok(k + 1) == "month" {
                let next = meeting.checked_add_months(chrono::Months::new(1))?;
                return month_end(next.year(), next.month());
            }
            if let Some(m) = en_month(tok(k)) {
                return match en_year(tok(k + 1)) {
                    Some(y) => month_end(y, m),
                    None => anchored_month_end(meeting, m),
                };
            }
            return en_year(tok(k)).and_then(year_end);
        }
        _ => {}
    }
    let (m, d, next) = if let (Some(m), Some(d)) = (en_month(tok(j)), en_day(tok(j + 1))) {
        (m, d, j + 2)
    } else if let Some(d) = en_day(tok(j)) {
        let k = if tok(j + 1) == "of" { j + 2 } else { j + 1 };
        (en_month(tok(k))?, d, k + 1)
    } else {
        return None;
    };
    match en_year(tok(next)) {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
        None => anchored(meeting, m, d),
    }
}

fn zh_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A number at `k`: Arabic (also full-width) up to four digits, or Chinese up to 三十一.
fn read_num(c: &[char], k: usize) -> Option<(u32, usize)> {
    let digits: Vec<u32> = c[k.min(c.len())..].iter().map_while(|&x| zh_digit(x)).take(5).collect();
    if !digits.is_empty() {
        if digits.len() > 4 {
            return None;
        }
        let v = digits.iter().fold(0u32, |acc, d| acc * 10 + d);
        return Some((v, digits.len()));
    }
    let zh: Vec<char> = c[k.min(c.len())..].iter().copied().take_while(|x| ZH_NUMERALS.contains(*x)).take(4).collect();
    if zh.is_empty() || zh.len() > 3 {
        return None;
    }
    let unit = |x: char| match x {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let value = match zh.iter().position(|&x| x == '十') {
        Some(p) => {
            let tens = if p == 0 { 1 } else { unit(zh[0])? };
            let ones = match zh.get(p + 1) {
                Some(&x) => unit(x)?,
                None => 0,
            };
            if p > 1 || zh.len() > p + 2 {
                return None;
            }
            tens * 10 + ones
        }
        None if zh.len() == 1 => unit(zh[0])?,
        None => return None,
    };
    Some((value, zh.len()))
}

fn starts_at(c: &[char], k: usize, s: &str) -> bool {
    let n = s.chars().count();
    k + n <= c.len() && c[k..k + n].iter().copied().eq(s.chars())
}

fn find_zh_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let c: Vec<char> = text.chars().collect();
    (0..c.len()).find_map(|i| zh_deadline_at(&c, i, meeting))
}

fn zh_deadline_at(c: &[char], i: usize, meeting: NaiveDate) -> Option<NaiveDate> {
    let same_kind = |a: char, b: char| {
        (zh_digit(a).is_some() && zh_digit(b).is_some()) || (ZH_NUMERALS.contains(a) && ZH_NUMERALS.contains(b))
    };
    if i > 0 && same_kind(c[i - 1], c[i]) {
        return None;
    }
    let prev_is_num = i > 0 && (zh_digit(c[i - 1]).is_some() || ZH_NUMERALS.contains(c[i - 1]));
    // "年底前", "今年年底", "本月底前" with no number before them.
    if !prev_is_num {
        if starts_at(c, i, "年底") || starts_at(c, i, "年末") || starts_at(c, i, "年内") {
            return year_end(meeting.year());
        }
        if starts_at(c, i, "月底") || starts_at(c, i, "月末") {
            return month_end(meeting.year(), meeting.month());
        }
    }
    let mut k = i;
    let mut year = None;
    if let Some((y, n)) = read_num(c, k)
        && n == 4
        && c.get(k + n) == Some(&'年')
    {
        year = i32::try_from(y).ok();
        k += n + 1;
        if starts_at(c, k, "底") || starts_at(c, k, "末") || starts_at(c, k, "内") {
            return year.and_then(year_end);
        }
    }
    let (m, n) = read_num(c, k)?;
    if c.get(k + n) != Some(&'月') || !(1..=12).contains(&m) {
        return None;
    }
    k += n + 1;
    if matches!(c.get(k), Some('底' | '末')) {
        return match year {
            Some(y) => month_end(y, m),
            None => anchored_month_end(meeting, m),
        };
    }
    let (d, n) = read_num(c, k)?;
    if !matches!(c.get(k + n), Some('日' | '号')) {
        return None;
    }
    k += n + 1;
    // "于6月1日至8月31日开展集中整治": a period's first day is no deadline; its last is.
    if ["至", "到", "—", "-", "～", "~"].iter().any(|w| starts_at(c, k, w)) {
        return None;
    }
    let suffix = starts_at(c, k, "前") || starts_at(c, k, "之前") || starts_at(c, k, "以前");
    // "完成时限：10月31日", "完成时间：9月30日": a date under a due label is the deadline, with
    // or without "前".
    const LABELS: [&str; 13] = [
        "截至",
        "截止",
        "于",
        // "于6月1日至8月31日": the period's last day.
        "日至",
        "时限：",
        "时限:",
        "期限：",
        "期限:",
        "完成时间：",
        "完成时间:",
        "办结时间：",
        "完成日期：",
        "完成日期:",
    ];
    let prefix = LABELS.iter().any(|p| {
        let n = p.chars().count();
        i >= n && starts_at(c, i - n, p)
    });
    if !(suffix || prefix) {
        return None;
    }
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
        None => anchored(meeting, m, d),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::date;
    use super::*;

    #[test]
    fn deadlines_understand_every_listed_form() {
        let meeting = date(2024, 7, 10);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("must finish before June 15", Some(date(2025, 6, 15))),
            // A period's last day, not its first.
            ("于7月15日至8月31日开展集中整治", Some(date(2024, 8, 31))),
            ("7月15日—8月31日开展集中整治", None),
            ("must finish by June 15", Some(date(2025, 6, 15))),
            ("must finish by July 10", Some(date(2024, 7, 10))),
            ("must finish no later than 15 June", Some(date(2025, 6, 15))),
            ("must finish by the end of December", Some(date(2024, 12, 31))),
            ("must finish before the end of the year", Some(date(2024, 12, 31))),
            ("must finish by the end of this month", Some(date(2024, 7, 31))),
            ("Due: by the end of next month.", Some(date(2024, 8, 31))),
            ("汛期结束前不得超汛限水位运行", Some(date(2024, 9, 30))),
            ("keep the level until the end of the flood season", Some(date(2024, 9, 30))),
            ("run an operation from 1 December 2024 to 1 January 2025, testing at all hours", Some(date(2025, 1, 1))),
            ("春节前开展一次清查", Some(date(2025, 1, 28))),
            ("crack down before the Spring Festival", Some(date(2025, 1, 28))),
            ("元旦前完成第一轮检查", Some(date(2024, 12, 31))),
            ("hold a drill before New Year's Day", Some(date(2024, 12, 31))),
            ("6月15日前完成，汛期结束前复查", Some(date(2025, 6, 15))),
            ("做好春节前后人员流动高峰期的防控准备", None),
            ("run the drill before Christmas", Some(date(2024, 12, 24))),
            ("brief the crews ahead of Christmas", Some(date(2024, 12, 24))),
            ("圣诞节前完成排查", Some(date(2024, 12, 24))),
            ("close the site before Christmas Eve", None),
            ("must finish by June 15, 2026", Some(date(2026, 6, 15))),
            ("must finish by March 1, 2024", Some(date(2024, 3, 1))),
            ("the deadline is June 15, 2026", Some(date(2026, 6, 15))),
            ("must finish by Dec 20th", Some(date(2024, 12, 20))),
            ("Close the road. By: 03:00, 3 December.", Some(date(2024, 12, 3))),
            ("Have crews in place. By: 22:00 tonight.", Some(date(2024, 7, 10))),
            ("Issue the advisory. By: 14:00 today, with updates after each meeting.", Some(date(2024, 7, 10))),
            ("Send the figures by close of play.", Some(date(2024, 7, 10))),
            ("Open the centre at 10.30 by 12 July.", Some(date(2024, 7, 12))),
            ("Report what was done today.", None),
            ("Return the forms by 15.07.2024.", Some(date(2024, 7, 15))),
            ("Bring the resulting map to the December 9 meeting.", Some(date(2024, 12, 9))),
            ("Report at the 27 January 2025 meeting on the pilot.", Some(date(2025, 1, 27))),
            ("Report to the meeting of residents in August.", None),
            ("要在12月31日前完成", Some(date(2024, 12, 31))),
            ("组织开展燃气安全宣传，完成时间：9月30日。", Some(date(2024, 9, 30))),
            ("完成时限：8月15日", Some(date(2024, 8, 15))),
            ("责任单位：设备部；期限:2025年1月10日", Some(date(2025, 1, 10))),
            ("检查时间：8月15日", None),
            ("要在6月15日之前完成", Some(date(2025, 6, 15))),
            ("年底前要完成", Some(date(2024, 12, 31))),
            ("2024年3月1日前完成", Some(date(2024, 3, 1))),
            ("月底前完成", Some(date(2024, 7, 31))),
            ("9月底前完成", Some(date(2024, 9, 30))),
            ("十二月三十一日前完成", Some(date(2024, 12, 31))),
            ("2025年底前完成", Some(date(2025, 12, 31))),
            ("must finish by strengthening patrols", None),
            ("要在6月15日召开会议", None),
            ("by February 29", Some(date(2028, 2, 29))),
            ("Withdraw the two trucks | M. Brennan | 13/03/2026", Some(date(2026, 3, 13))),
            ("Due: 30/04/2026", Some(date(2026, 4, 30))),
            ("Due: 04/30/2026", Some(date(2026, 4, 30))),
            ("Due: 2026-04-30", Some(date(2026, 4, 30))),
            ("Action A26/07 on 1,850 homes", None),
            ("the 2025-26 season", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_deadline(text, meeting), *want, "{text}");
        }
    }

    #[test]
    fn before_an_event_on_a_date_is_the_day_before_it_and_by_it_is_that_day() {
        let meeting = date(2026, 9, 17);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("to be completed before the clocks go back on 25 October.", Some(date(2026, 10, 24))),
            ("before October half-term begins on 26 October.", Some(date(2026, 10, 25))),
            ("and begin consultation by the next meeting on 10 December.", Some(date(2026, 12, 10))),
            ("before the season; the club met on 1 May.", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_deadline(text, meeting), *want, "{text}");
        }
    }

    #[test]
    fn a_tracker_date_with_a_two_digit_year_is_read_in_the_order_that_follows_the_meeting() {
        let meeting = date(2026, 10, 21);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            // Day first would be 11 February, before the meeting: month first is meant.
            ("Submit the revised plan   T. Lindqvist, Airfield Ops   11/02/26", Some(date(2026, 11, 2))),
            ("Hold the drill   Chief Kowalczyk   12/15/26", Some(date(2026, 12, 15))),
            // Both orders follow the meeting: day first, as before.
            ("Restock supplies   A. Morrow   12/11/26", Some(date(2026, 11, 12))),
            ("Runway 9/27 and 3/21", None),
            ("version 1.2.26", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_deadline(text, meeting), *want, "{text}");
        }
    }

    #[test]
    fn named_periods_say_how_they_became_a_date() {
        let (d, note) = find_deadline_noted("春节前开展清查", date(2025, 2, 20)).expect("deadline");
        assert_eq!(d, date(2026, 2, 16), "the next Spring Festival after the meeting");
        assert_eq!(note.as_deref(), Some("“春节前”: the day before the Spring Festival"));
        assert_eq!(find_deadline_noted("6月15日前完成", date(2025, 2, 20)), Some((date(2025, 6, 15), None)));
        assert_eq!(find_deadline("汛期结束前完成", date(2024, 10, 8)), Some(date(2025, 9, 30)));
        let (d, note) = find_deadline_noted("汛期结束前完成", date(2024, 6, 1)).expect("deadline");
        assert_eq!(
            (d, note.as_deref()),
            (date(2024, 9, 30), Some("“汛期结束前”: the flood season ends on 09-30, the default"))
        );
        let south = PeriodSettings { flood_season_end: (10, 15) };
        let (d, note) = find_deadline_with("汛期结束前完成", date(2024, 6, 1), &south).expect("deadline");
        assert_eq!((d, note.as_deref()), (date(2024, 10, 15), Some("“汛期结束前”: the flood season ends on 10-15")));
    }

    #[test]
    fn festivals_that_move_give_the_day_before_their_next_date() {
        // Qingming falls on 5 April in 2026 and 4 April in 2028; the Dragon Boat Festival on
        // 19 June 2026; the Mid-Autumn Festival on 6 October 2025 (calendar tables).
        let cases: &[(&str, NaiveDate, NaiveDate)] = &[
            ("清明节前完成坟区巡查", date(2026, 3, 1), date(2026, 4, 4)),
            ("clear the graves before Qingming", date(2027, 4, 20), date(2028, 4, 3)),
            ("端午节前完成龙舟检查", date(2026, 5, 2), date(2026, 6, 18)),
            ("test the boats ahead of the Dragon Boat Festival", date(2026, 5, 2), date(2026, 6, 18)),
            ("中秋节前抽检月饼", date(2025, 9, 1), date(2025, 10, 5)),
        ];
        for (text, meeting, want) in cases {
            assert_eq!(find_deadline(text, *meeting), Some(*want), "{text}");
        }
        let (_, note) = find_deadline_noted("端午前完成", date(2026, 5, 2)).expect("deadline");
        assert_eq!(note.as_deref(), Some("“端午前”: the day before the Dragon Boat Festival"));
        assert_eq!(find_deadline("清明节前后加强巡护", date(2026, 3, 1)), None, "around, not before");
    }
}
