//! Working days: Monday to Friday, less the holidays an admin loads, plus the make-up working
//! days (调休) that fall on weekends.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

/// The last second of `day` in the time zone people work in: a deadline "on the 15th" means
/// until the 15th is over there.
pub fn end_of_day(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let last = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    match last.and_local_timezone(tz).earliest() {
        Some(local) => local.with_timezone(&Utc),
        None => last.and_utc(),
    }
}

/// The exceptions to the Monday–Friday week, as loaded from the `calendar_days` table.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
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
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The day `n` working days after `day` (before it when `n` is negative). `day` itself
    /// is not counted, so one working day after a Friday is the next Monday.
    pub fn add_working_days(&self, day: NaiveDate, n: i32) -> NaiveDate {
        let mut current = day;
        let mut left = n.unsigned_abs();
        while left > 0 {
            let next =
                if n > 0 { current.checked_add_days(Days::new(1)) } else { current.checked_sub_days(Days::new(1)) };
            let Some(next) = next else { return current };
            current = next;
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    /// Working days in `(from, to]`: how many working days one must wait from `from` to reach
    /// `to`. Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (start, end, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let count = start.iter_days().skip(1).take_while(|d| *d <= end).filter(|d| self.is_working_day(*d)).count();
        sign * count as i64
    }
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
    fn holidays_are_skipped_when_counting() {
        let cal = WorkCalendar::new([day(2026, 12, 1)], []);
        // Monday 30 Nov + 2 working days skips Tuesday 1 Dec.
        assert_eq!(cal.add_working_days(day(2026, 11, 30), 2), day(2026, 12, 3));
        assert_eq!(cal.working_days_between(day(2026, 11, 30), day(2026, 12, 3)), 2);
        assert_eq!(cal.working_days_between(day(2026, 12, 3), day(2026, 11, 30)), -2);
    }
}
