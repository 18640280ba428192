//! Bulletins (通报): when the weekly one to leaders is due, what a published one keeps, and
//! the page an official document is laid out on. Their ranking is the one ranking of
//! `rollup::rank_order`, read through `services::rollups`.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{calendar::WorkCalendar, rollup::Figures};

/// The most characters a published bulletin's commentary holds.
pub const MAX_COMMENTARY: usize = 5_000;

/// What a published bulletin keeps from the moment it was published: the ranking and the
/// overdue list as they stood then, with the names the reader needs, so that nothing done
/// later (a task completed, a unit renamed) changes it. Figures are kept as counts; every
/// page and document writes their rates with `format::percent`, as the live pages do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub unit_zh: String,
    pub unit_en: String,
    pub ranking: Vec<RankLine>,
    pub overdue: Vec<LateLine>,
    /// Whether the overdue list was cut at its length limit.
    pub truncated: bool,
}

/// One unit of a published ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankLine {
    pub rank: usize,
    pub unit_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub total: i64,
    pub cancelled: i64,
    pub completed: i64,
    pub completed_on_time: i64,
    pub overdue: i64,
}

impl RankLine {
    pub fn of(rank: usize, unit_id: i64, name_zh: &str, name_en: &str, f: &Figures) -> RankLine {
        RankLine {
            rank,
            unit_id,
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            total: f.total,
            cancelled: f.cancelled,
            completed: f.completed,
            completed_on_time: f.completed_on_time,
            overdue: f.overdue,
        }
    }

    /// The figures kept, for their rates.
    pub fn figures(&self) -> Figures {
        Figures {
            total: self.total,
            cancelled: self.cancelled,
            completed: self.completed,
            completed_on_time: self.completed_on_time,
            overdue: self.overdue,
            ..Figures::default()
        }
    }
}

/// One overdue task of a published bulletin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateLine {
    pub task_id: i64,
    pub title: String,
    pub unit_id: i64,
    pub unit_zh: String,
    pub unit_en: String,
    pub directive_zh: String,
    pub directive_en: String,
    pub deadline: DateTime<Utc>,
    pub working_days_late: i64,
}

/// The page of an official document (党政机关公文格式, GB/T 9704-2012): A4, and the margins
/// that leave its 156 × 225 mm type area. In twentieths of a point (twips), as Word counts.
pub mod page {
    /// Millimetres in twips (1 inch = 25.4 mm = 1440 twips), to the nearest.
    pub const fn twips(mm: u32) -> u32 {
        (mm * 14400 + 127) / 254
    }
    pub const WIDTH: u32 = twips(210);
    pub const HEIGHT: u32 = twips(297);
    pub const TOP: u32 = twips(37);
    pub const BOTTOM: u32 = twips(35);
    pub const LEFT: u32 = twips(28);
    pub const RIGHT: u32 = twips(26);
    /// The title: 二号 (22 pt) in a 小标宋 face; the body: 三号 (16 pt) 仿宋.
    pub const TITLE_FONT: &str = "方正小标宋简体";
    pub const BODY_FONT: &str = "仿宋_GB2312";
    pub const TITLE_POINTS: u32 = 22;
    pub const BODY_POINTS: u32 = 16;
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

    #[test]
    fn the_page_is_a4_with_the_margins_of_gb_t_9704() {
        // 210 mm × 297 mm is the 11906 × 16838 twips Word writes for A4.
        assert_eq!((page::WIDTH, page::HEIGHT), (11906, 16838));
        // 37 mm = 2097.6, 35 mm = 1984.3, 28 mm = 1587.4, 26 mm = 1474.0 twips.
        assert_eq!((page::TOP, page::BOTTOM, page::LEFT, page::RIGHT), (2098, 1984, 1587, 1474));
    }

    #[test]
    fn a_kept_line_gives_back_its_rates() {
        let f =
            Figures { total: 9, cancelled: 1, completed: 6, completed_on_time: 4, overdue: 2, ..Figures::default() };
        let line = RankLine::of(1, 7, "湖口县", "Hukou", &f);
        assert_eq!(line.figures().completion_rate(), Some(0.75));
        assert_eq!(line.figures().on_time_rate(), Some(4.0 / 6.0));
        let json = serde_json::to_string(&line).expect("json");
        assert_eq!(serde_json::from_str::<RankLine>(&json).expect("read back"), line);
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
