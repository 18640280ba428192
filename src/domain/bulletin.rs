//! The weekly bulletin (通报) to leaders: their child units ranked by completion, from counts
//! of the tasks assigned within each child's subtree. When it is due, and the ranking itself.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use super::calendar::WorkCalendar;

/// The counts of one child unit's subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitCounts {
    pub unit_id: i64,
    pub total: i64,
    pub completed: i64,
    pub cancelled: i64,
    pub overdue: i64,
}

impl UnitCounts {
    /// Completed out of the tasks not cancelled, in whole percent (rounded down); none when
    /// every task was cancelled or there is none.
    pub fn completion_percent(&self) -> Option<i64> {
        let counted = self.total - self.cancelled;
        (counted > 0).then(|| self.completed * 100 / counted)
    }

    /// Completed out of the tasks not cancelled, from 0 to 1; none when every task was
    /// cancelled or there is none. What a bulletin shows (`format::percent`).
    pub fn completion_rate(&self) -> Option<f64> {
        let counted = self.total - self.cancelled;
        (counted > 0).then(|| self.completed as f64 / counted as f64)
    }
}

/// Ranks sibling units: by completion rate, highest first (units with no task last), then by
/// fewer overdue tasks, then by id so that the order is stable.
pub fn rank(mut counts: Vec<UnitCounts>) -> Vec<UnitCounts> {
    // Compared as completed/counted fractions, not rounded percents, so that close rates keep
    // their true order.
    counts.sort_by(|a, b| {
        let (ca, cb) = (a.total - a.cancelled, b.total - b.cancelled);
        let by_rate = match (ca > 0, cb > 0) {
            (true, true) => (b.completed * ca).cmp(&(a.completed * cb)),
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
            (false, false) => std::cmp::Ordering::Equal,
        };
        by_rate.then(a.overdue.cmp(&b.overdue)).then(a.unit_id.cmp(&b.unit_id))
    });
    counts
}

/// The Monday of the week `now` falls in (local), if this week's bulletin is due: from the
/// week's first working day on. A week with no working day has no bulletin.
pub fn due_week(now: DateTime<Utc>, tz: Tz, calendar: &WorkCalendar) -> Option<NaiveDate> {
    let today = now.with_timezone(&tz).date_naive();
    let monday = today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?;
    let first_working = monday.iter_days().take(7).find(|d| calendar.is_working_day(*d))?;
    (today >= first_working).then_some(monday)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const TZ: Tz = chrono_tz::Asia::Shanghai;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn at(date: NaiveDate) -> DateTime<Utc> {
        TZ.from_local_datetime(&date.and_hms_opt(9, 0, 0).expect("time")).single().expect("instant").with_timezone(&Utc)
    }

    fn counts(unit_id: i64, total: i64, completed: i64, overdue: i64) -> UnitCounts {
        UnitCounts { unit_id, total, completed, cancelled: 0, overdue }
    }

    #[test]
    fn units_rank_by_completion_then_fewer_overdue() {
        let ranked = rank(vec![counts(1, 10, 5, 0), counts(2, 3, 3, 0), counts(3, 10, 5, 2), counts(4, 0, 0, 0)]);
        let order: Vec<i64> = ranked.iter().map(|c| c.unit_id).collect();
        assert_eq!(order, [2, 1, 3, 4]);
        assert_eq!(ranked[0].completion_percent(), Some(100));
        assert_eq!(ranked[3].completion_percent(), None);
    }

    #[test]
    fn cancelled_tasks_do_not_count_against_a_unit() {
        let unit = UnitCounts { unit_id: 1, total: 4, completed: 3, cancelled: 1, overdue: 0 };
        assert_eq!(unit.completion_percent(), Some(100));
    }

    #[test]
    fn the_bulletin_is_due_from_the_weeks_first_working_day() {
        let cal = WorkCalendar::default();
        assert_eq!(due_week(at(day(2026, 11, 30)), TZ, &cal), Some(day(2026, 11, 30)), "a Monday");
        assert_eq!(due_week(at(day(2026, 12, 3)), TZ, &cal), Some(day(2026, 11, 30)));
        // National Day week 2026: Monday 5 to Wednesday 7 off, Thursday 8 the first working day.
        let holiday = WorkCalendar::new((1..=7).map(|d| day(2026, 10, d)), []);
        assert_eq!(due_week(at(day(2026, 10, 6)), TZ, &holiday), None);
        assert_eq!(due_week(at(day(2026, 10, 8)), TZ, &holiday), Some(day(2026, 10, 5)));
    }
}
