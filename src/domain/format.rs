//! How Duban writes values for people, once: a unit's name in the reader's language, a
//! percentage, dates and times, whole figures. Pages, e-mails and exports all call these, so
//! the same rate or deadline reads the same wherever it is shown.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::vocabulary::Locale;

/// What is shown where a value is missing (a rate with no task to count).
pub const NONE: &str = "—";

/// The text of `locale` among a Chinese and an English one; the other when that one is blank
/// (an English name nobody entered falls back to the Chinese).
pub fn pick<'a>(locale: Locale, zh: &'a str, en: &'a str) -> &'a str {
    match locale {
        Locale::Zh if !zh.trim().is_empty() => zh,
        Locale::En if !en.trim().is_empty() => en,
        Locale::Zh => en,
        Locale::En => zh,
    }
}

/// A unit's name in the reader's language.
pub fn unit_name(locale: Locale, name_zh: &str, name_en: &str) -> String {
    pick(locale, name_zh, name_en).to_owned()
}

/// A unit that is gone (or was never read), named by its id.
pub fn missing_unit(id: i64) -> String {
    format!("#{id}")
}

/// A rate from 0 to 1 as a percentage with one decimal ("87.5%"), or a dash when there is
/// none (nothing to count).
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| NONE.to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// A share already counted in whole percent (a task's progress, 0 to 100): "60%".
pub fn whole_percent(percent: i64) -> String {
    format!("{percent}%")
}

/// A ranking's score (100 less its deductions) in whole points, as the ranking page and its
/// export both show it.
pub fn points(score: f64) -> String {
    format!("{score:.0}")
}

/// A published bulletin's issue within its year, as its 期号 line reads: 2026年第3期, No. 3 of 2026.
pub fn issue(locale: Locale, year: i32, number: i32) -> String {
    match locale {
        Locale::Zh => format!("{year}年第{number}期"),
        Locale::En => format!("No. {number} of {year}"),
    }
}

/// A whole figure with its thousands grouped ("1,234,567"): counts of tasks and units.
pub fn figure(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A day as a reader of `locale` writes it: 2026年12月15日, 15 Dec 2026.
pub fn date(locale: Locale, day: NaiveDate) -> String {
    match locale {
        Locale::Zh => day.format("%Y年%-m月%-d日").to_string(),
        Locale::En => day.format("%-d %b %Y").to_string(),
    }
}

/// An instant as a reader of `locale` in zone `tz` writes it: the day, then the time.
pub fn datetime(locale: Locale, tz: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tz);
    format!("{} {}", date(locale, local.date_naive()), local.format("%H:%M"))
}

/// An instant as figures in zone `tz`, the same in every language (2026-12-15 23:59): what a
/// spreadsheet sorts and what an e-mail's facts table shows.
pub fn stamp(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// `datetime` followed by the zone's name, for a reader who may be elsewhere (an e-mail, a
/// robot's card, a calendar): 2026年12月15日 23:59 (Asia/Shanghai), 15 Dec 2026 23:59 (Asia/Shanghai).
pub fn datetime_in_zone(locale: Locale, tz: Tz, at: DateTime<Utc>) -> String {
    format!("{} ({})", datetime(locale, tz, at), tz.name())
}

/// The day an instant falls on in zone `tz`.
pub fn day_of(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// One name written in both languages, Chinese first ("元旦 New Year", as the shipped
/// calendar names its days): the part in `locale`. A name in one language, or in another
/// shape, is shown as written.
pub fn one_language(locale: Locale, name: &str) -> &str {
    let is_cjk = |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let Some((zh, en)) = name.trim().split_once(' ') else {
        return name;
    };
    let (zh, en) = (zh.trim(), en.trim());
    let chinese = !zh.is_empty() && zh.chars().all(|c| is_cjk(c) || c.is_ascii_digit());
    let english = en.chars().any(|c| c.is_ascii_alphabetic()) && !en.chars().any(is_cjk);
    match (chinese && english, locale) {
        (true, Locale::Zh) => zh,
        (true, Locale::En) => en,
        (false, _) => name,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const TZ: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn a_name_is_read_in_the_readers_language_and_falls_back_to_the_other() {
        assert_eq!(unit_name(Locale::Zh, "九江市应急管理局", "Jiujiang EM Bureau"), "九江市应急管理局");
        assert_eq!(unit_name(Locale::En, "九江市应急管理局", "Jiujiang EM Bureau"), "Jiujiang EM Bureau");
        assert_eq!(unit_name(Locale::En, "湖口县", " "), "湖口县");
        assert_eq!(unit_name(Locale::Zh, "", "Hukou"), "Hukou");
    }

    #[test]
    fn every_percentage_has_one_decimal() {
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(Some(0.0)), "0.0%");
        assert_eq!(whole_percent(60), "60%");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn an_issue_reads_as_each_language_writes_it() {
        assert_eq!(issue(Locale::Zh, 2026, 3), "2026年第3期");
        assert_eq!(issue(Locale::En, 2026, 3), "No. 3 of 2026");
    }

    #[test]
    fn figures_group_their_thousands() {
        assert_eq!(figure(0), "0");
        assert_eq!(figure(999), "999");
        assert_eq!(figure(1000), "1,000");
        assert_eq!(figure(1_234_567), "1,234,567");
        assert_eq!(figure(-4321), "-4,321");
    }

    #[test]
    fn dates_and_times_read_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).expect("date");
        assert_eq!(date(Locale::Zh, day), "2026年12月5日");
        assert_eq!(date(Locale::En, day), "5 Dec 2026");
        let at = Utc.with_ymd_and_hms(2026, 12, 11, 15, 59, 0).single().expect("instant");
        assert_eq!(datetime(Locale::Zh, TZ, at), "2026年12月11日 23:59");
        assert_eq!(datetime(Locale::En, TZ, at), "11 Dec 2026 23:59");
        assert_eq!(stamp(TZ, at), "2026-12-11 23:59");
        assert_eq!(datetime_in_zone(Locale::Zh, TZ, at), "2026年12月11日 23:59 (Asia/Shanghai)");
        assert_eq!(datetime_in_zone(Locale::En, TZ, at), "11 Dec 2026 23:59 (Asia/Shanghai)");
        assert_eq!(day_of(TZ, Utc.with_ymd_and_hms(2026, 12, 11, 16, 30, 0).single().expect("instant")), {
            NaiveDate::from_ymd_opt(2026, 12, 12).expect("date")
        });
    }

    #[test]
    fn a_name_in_both_languages_shows_the_readers_part_and_any_other_name_as_written() {
        assert_eq!(one_language(Locale::Zh, "元旦 New Year"), "元旦");
        assert_eq!(one_language(Locale::En, "元旦 New Year"), "New Year");
        assert_eq!(
            one_language(Locale::En, "元旦调休上班 New Year make-up working day"),
            "New Year make-up working day"
        );
        assert_eq!(one_language(Locale::Zh, "春节调休上班 Spring Festival make-up working day"), "春节调休上班");
        assert_eq!(one_language(Locale::En, "春节"), "春节", "one language only: as written");
        assert_eq!(one_language(Locale::Zh, "Founding Day"), "Founding Day");
        assert_eq!(one_language(Locale::Zh, "国庆 节日 假期"), "国庆 节日 假期", "no English part");
    }
}
