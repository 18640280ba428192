//! Working days: Monday to Friday, less the holidays an admin loads, plus the make-up working
//! days (调休) that fall on weekends.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

use super::{message::Message, vocabulary::DayKind};

/// The last second of `day` in the time zone people work in: a deadline "on the 15th" means
/// until the 15th is over there.
pub fn end_of_day(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let last = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    match last.and_local_timezone(tz).earliest() {
        Some(local) => local.with_timezone(&Utc),
        None => last.and_utc(),
    }
}

/// The first instant of `day` in the time zone people work in: a period "from the 9th"
/// begins when the 9th begins there.
pub fn start_of_day(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match midnight.and_local_timezone(tz).earliest() {
        Some(local) => local.with_timezone(&Utc),
        // A zone that skips midnight that day starts it an hour later.
        None => (midnight + chrono::Duration::hours(1))
            .and_local_timezone(tz)
            .earliest()
            .map_or(midnight.and_utc(), |l| l.with_timezone(&Utc)),
    }
}

/// The exceptions to the Monday–Friday week, as loaded from the `calendar_days` table.
///
/// Counting is by whole weeks plus the exceptions inside the range, never day by day, so a
/// far deadline costs no more than a near one.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// Monday to Friday among the days numbered `..=index` (day 0 is 0001-01-01, a Monday): a
/// running count whose differences count the weekdays of any range.
fn weekdays_through(index: i64) -> i64 {
    let days = index + 1;
    days.div_euclid(7) * 5 + days.rem_euclid(7).min(5)
}

fn index_of(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce()) - 1
}

fn day_at(index: i64) -> Option<NaiveDate> {
    i32::try_from(index + 1).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, workdays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { holidays: holidays.into_iter().collect(), workdays: workdays.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        !is_weekend(day)
    }

    /// Working days among the days numbered `(after, through]`, `after <= through`: the
    /// weekdays, less the holidays on weekdays, plus the make-up days on weekends (a day
    /// that is both counts as a working day, as in [`Self::is_working_day`]).
    fn count(&self, after: i64, through: i64) -> i64 {
        let mut count = weekdays_through(through) - weekdays_through(after);
        let (Some(first), Some(last)) = (day_at(after + 1), day_at(through)) else { return count };
        if first > last {
            return 0;
        }
        for day in self.holidays.range(first..=last) {
            if !is_weekend(*day) && !self.workdays.contains(day) {
                count -= 1;
            }
        }
        count += self.workdays.range(first..=last).filter(|d| is_weekend(**d)).count() as i64;
        count
    }

    /// The day `n` working days after `day` (before it when `n` is negative). `day` itself
    /// is not counted, so one working day after a Friday is the next Monday. Found by halving
    /// a range known to hold the answer; a count that runs past the calendar's last (or
    /// first) day stops there.
    pub fn add_working_days(&self, day: NaiveDate, n: i32) -> NaiveDate {
        let start = index_of(day);
        let wanted = i64::from(n.unsigned_abs());
        if wanted == 0 {
            return day;
        }
        // Each holiday takes away at most one working day; n + holidays weekdays fit in
        // that many weeks and one more.
        let span = (wanted + self.holidays.len() as i64) / 5 * 7 + 7;
        let (min, max) = (index_of(NaiveDate::MIN), index_of(NaiveDate::MAX));
        let found = if n > 0 {
            // The first day d with `wanted` working days in (day, d].
            let (mut low, mut high) = (start + 1, (start + span).min(max));
            if low > max || self.count(start, high) < wanted {
                return NaiveDate::MAX;
            }
            while low < high {
                let mid = low + (high - low) / 2;
                if self.count(start, mid) >= wanted { high = mid } else { low = mid + 1 }
            }
            low
        } else {
            // The last day d with `wanted` working days in [d, day).
            let (mut low, mut high) = ((start - span).max(min), start - 1);
            if high < min || self.count(low - 1, start - 1) < wanted {
                return NaiveDate::MIN;
            }
            while low < high {
                let mid = low + (high - low + 1) / 2;
                if self.count(mid - 1, start - 1) >= wanted { low = mid } else { high = mid - 1 }
            }
            low
        };
        day_at(found).unwrap_or(day)
    }

    /// Working days in `(from, to]`: how many working days one must wait from `from` to reach
    /// `to`. Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (from, to) = (index_of(from), index_of(to));
        if from <= to { self.count(from, to) } else { -self.count(to, from) }
    }
}

/// Why marking `day` as `kind` would change nothing, if it would not: a holiday on a weekend,
/// or a make-up working day on a weekday.
pub fn pointless_exception(day: NaiveDate, kind: DayKind) -> Option<Message> {
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    match (kind, weekend) {
        (DayKind::Holiday, true) => Some(Message::new("error-day-weekend-already")),
        (DayKind::Workday, false) => Some(Message::new("error-day-working-already")),
        _ => None,
    }
}

/// The longest name a calendar day may have, in characters.
pub const MAX_DAY_NAME: usize = 100;

/// One line of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Reads a calendar file: a header `day,kind,name`, then one day a line (`2026-10-01,holiday,
/// 国庆节`); blank lines and lines starting with `#` are skipped. Every problem is reported,
/// one line each naming its line number, so that a file is fixed in one pass.
pub fn parse_calendar_csv(text: &str) -> Result<Vec<CalendarEntry>, Message> {
    let at =
        |number: usize, reason: Message| Message::new("error-line").number("line", number).nested("reason", reason);
    let mut entries: Vec<CalendarEntry> = Vec::new();
    let mut problems = Vec::new();
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = match super::organisation::split_csv_line(line) {
            Ok(fields) => fields,
            Err(reason) => {
                problems.push(at(number, reason));
                continue;
            }
        };
        if !header_seen {
            header_seen = true;
            let names: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
            if names != ["day", "kind", "name"] {
                problems.push(at(number, Message::new("error-calendar-header")));
                break;
            }
            continue;
        }
        let [day, kind, name] = fields.as_slice() else {
            problems.push(at(number, Message::new("error-calendar-width").number("fields", fields.len())));
            continue;
        };
        let Ok(day) = day.trim().parse::<NaiveDate>() else {
            problems.push(at(number, Message::new("error-not-a-date").text("value", day.trim())));
            continue;
        };
        let Ok(kind) = kind.trim().parse::<DayKind>() else {
            problems.push(at(number, Message::new("error-calendar-kind").text("value", kind.trim())));
            continue;
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_DAY_NAME {
            problems.push(at(number, Message::new("error-calendar-name").number("max", MAX_DAY_NAME)));
            continue;
        }
        if let Some(reason) = super::text::single_line_problem(name) {
            problems.push(at(number, reason));
            continue;
        }
        if let Some(reason) = pointless_exception(day, kind) {
            problems.push(at(
                number,
                Message::new("error-calendar-pointless")
                    .date("day", day)
                    .term("admin-day", kind.as_str())
                    .nested("reason", reason),
            ));
            continue;
        }
        if entries.iter().any(|e| e.day == day) {
            problems.push(at(number, Message::new("error-calendar-twice").date("day", day)));
            continue;
        }
        entries.push(CalendarEntry { day, kind, name: name.to_owned() });
    }
    if !header_seen && problems.is_empty() {
        problems.push(Message::new("error-calendar-empty"));
    }
    if problems.is_empty() { Ok(entries) } else { Err(Message::new("error-file-lines").lines("lines", problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn weekends_are_not_working_days_unless_made_up() {
        let cal = WorkCalendar::new([day(2026, 10, 1)], [day(2026, 9, 27)]);
        assert!(!cal.is_working_day(day(2026, 11, 28)), "a Saturday");
        assert!(cal.is_working_day(day(2026, 9, 27)), "a make-up Sunday");
        assert!(!cal.is_working_day(day(2026, 10, 1)), "National Day, a Thursday");
        assert!(cal.is_working_day(day(2026, 11, 27)), "a plain Friday");
    }

    #[test]
    fn a_day_ends_at_midnight_where_people_work() {
        let end = end_of_day(day(2026, 12, 15), chrono_tz::Asia::Shanghai);
        assert_eq!(end.to_rfc3339(), "2026-12-15T15:59:59+00:00");
    }

    #[test]
    fn one_working_day_after_friday_is_monday() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_days(day(2026, 11, 27), 1), day(2026, 11, 30));
        assert_eq!(cal.add_working_days(day(2026, 11, 30), -1), day(2026, 11, 27));
        assert_eq!(cal.add_working_days(day(2026, 11, 30), 0), day(2026, 11, 30));
    }

    #[test]
    fn a_calendar_file_is_read_line_by_line_and_every_problem_named() {
        let text = "# 2026\nday,kind,name\n2026-10-01,holiday,国庆节\n\n2026-10-10,workday,\"调休, 上班\"\n";
        let entries = parse_calendar_csv(text).expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[1],
            CalendarEntry { day: day(2026, 10, 10), kind: DayKind::Workday, name: "调休, 上班".into() }
        );
        let bad = "day,kind,name\n2026-10-03,holiday,周六\n2026-13-01,holiday,x\n2026-10-01,off,x\n2026-10-01,holiday,a\n2026-10-01,holiday,b\n";
        let err = parse_calendar_csv(bad).unwrap_err();
        let [(_, crate::domain::message::Arg::Lines(lines))] = err.args.as_slice() else { panic!("lines: {err}") };
        let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{err}");
        assert!(
            lines[0].starts_with("error-line (line: 2, reason: error-calendar-pointless (day: 2026-10-03"),
            "{err}"
        );
        assert!(lines[0].contains("admin-day-holiday") && lines[0].contains("error-day-weekend-already"), "{err}");
        assert!(lines[1].starts_with("error-line (line: 3, reason: error-not-a-date"), "{err}");
        assert!(lines[2].starts_with("error-line (line: 4, reason: error-calendar-kind (value: \"off\")"), "{err}");
        assert_eq!(lines[3], "error-line (line: 6, reason: error-calendar-twice (day: 2026-10-01))");
        assert!(parse_calendar_csv("").is_err());
        assert!(parse_calendar_csv("date,type\n").unwrap_err().to_string().contains("error-calendar-header"));
    }

    #[test]
    fn the_shipped_2026_calendar_reads() {
        let text = include_str!("../../assets/calendar/cn-2026.csv");
        let entries = parse_calendar_csv(text).expect("the shipped file is valid");
        let cal = WorkCalendar::new(
            entries.iter().filter(|e| e.kind == DayKind::Holiday).map(|e| e.day),
            entries.iter().filter(|e| e.kind == DayKind::Workday).map(|e| e.day),
        );
        assert!(!cal.is_working_day(day(2026, 10, 1)));
        assert!(cal.is_working_day(day(2026, 10, 10)), "a make-up Saturday");
    }

    /// Day by day, as the calendar was once counted: the reference the fast count must match.
    fn working_by_hand(holidays: &[NaiveDate], workdays: &[NaiveDate], day: NaiveDate) -> bool {
        workdays.contains(&day)
            || (!holidays.contains(&day) && day.weekday() != Weekday::Sat && day.weekday() != Weekday::Sun)
    }

    fn between_by_hand(holidays: &[NaiveDate], workdays: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> i64 {
        let (mut day, end, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let mut count = 0;
        while day < end {
            day = day.succ_opt().expect("a next day");
            if working_by_hand(holidays, workdays, day) {
                count += 1;
            }
        }
        sign * count
    }

    fn add_by_hand(holidays: &[NaiveDate], workdays: &[NaiveDate], from: NaiveDate, n: i32) -> NaiveDate {
        let mut day = from;
        let mut left = n.abs();
        while left > 0 {
            day = if n > 0 { day.succ_opt() } else { day.pred_opt() }.expect("a day");
            if working_by_hand(holidays, workdays, day) {
                left -= 1;
            }
        }
        day
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(400))]

        /// Any range, any exceptions (holidays on weekends and make-up days on weekdays too,
        /// and days that are both): the count by weeks equals the count day by day, both ways,
        /// and adding working days lands where stepping day by day does.
        #[test]
        fn counting_by_weeks_matches_counting_day_by_day(
            from in -4000_i64..4000,
            length in -1500_i64..1500,
            n in -700_i32..700,
            holidays in proptest::collection::vec(-5600_i64..5600, 0..80),
            workdays in proptest::collection::vec(-5600_i64..5600, 0..40),
        ) {
            let base = day(2026, 1, 1);
            let at = |offset: i64| base + chrono::Duration::days(offset);
            let holidays: Vec<NaiveDate> = holidays.into_iter().map(at).collect();
            let workdays: Vec<NaiveDate> = workdays.into_iter().map(at).collect();
            let cal = WorkCalendar::new(holidays.iter().copied(), workdays.iter().copied());
            let (from, to) = (at(from), at(from + length));
            proptest::prop_assert_eq!(
                cal.working_days_between(from, to),
                between_by_hand(&holidays, &workdays, from, to),
                "between {} and {}", from, to
            );
            proptest::prop_assert_eq!(
                cal.add_working_days(from, n),
                add_by_hand(&holidays, &workdays, from, n),
                "{} working days from {}", n, from
            );
        }
    }

    #[test]
    fn a_deadline_in_the_year_200000_is_counted_at_once_and_exactly() {
        // 2026-11-30 is a Monday; 200000-11-27 is 72,308,516 days (10,329,788 weeks) later.
        let (monday, far) = (day(2026, 11, 30), day(200_000, 11, 27));
        assert_eq!((far - monday).num_days(), 10_329_788 * 7);
        // Five working days a week, less the Tuesday holiday (the Saturday one changes
        // nothing), plus the make-up Sunday.
        let cal = WorkCalendar::new([day(2026, 12, 1), day(2026, 12, 5)], [day(2026, 12, 6)]);
        let expected = 10_329_788 * 5 - 1 + 1;
        assert_eq!(cal.working_days_between(monday, far), expected);
        assert_eq!(cal.working_days_between(far, monday), -expected);
        assert_eq!(cal.add_working_days(monday, expected as i32), far);
        assert_eq!(cal.add_working_days(far, -(expected as i32)), monday);
        // Past the last day the calendar can name, the count stops there.
        assert_eq!(cal.add_working_days(monday, i32::MAX), NaiveDate::MAX);
        assert_eq!(cal.add_working_days(monday, -i32::MAX), NaiveDate::MIN);
    }

    #[test]
    fn holidays_are_skipped_when_counting() {
        let cal = WorkCalendar::new([day(2026, 12, 1)], []);
        // Monday 30 Nov + 2 working days skips Tuesday 1 Dec.
        assert_eq!(cal.add_working_days(day(2026, 11, 30), 2), day(2026, 12, 3));
        assert_eq!(cal.working_days_between(day(2026, 11, 30), day(2026, 12, 3)), 2);
        assert_eq!(cal.working_days_between(day(2026, 12, 3), day(2026, 11, 30)), -2);
    }
}
