//! iCalendar (RFC 5545), both ways: the feed of deadlines a user's calendar program subscribes
//! to, and the public holiday calendars an admin loads as working-day exceptions. Written and
//! read with the `icalendar` crate; everything here is decided from values passed in.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use icalendar::{Alarm, Calendar, Component, EventLike, Property, Trigger};

use super::{
    calendar::{CalendarEntry, MAX_DAY_NAME, WorkCalendar, pointless_exception},
    message::Message,
    vocabulary::DayKind,
};

/// One deadline as a calendar event, its words already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// Stable across fetches, so that a calendar updates the event instead of adding another.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// The task's page.
    pub url: String,
    pub deadline: DateTime<Utc>,
    /// When the reminder rings: see [`alarm_at`].
    pub alarm_at: DateTime<Utc>,
    pub alarm_text: String,
    /// Grows with every change to the task (its version), so programs that keep a copy replace it.
    pub sequence: u32,
}

/// The hour (in the configured zone) the reminder rings on the working day before a deadline:
/// the start of that working day, not the deadline's own hour (a deadline "on the 15th" is
/// 23:59:59, and nobody should be woken at midnight).
pub const ALARM_HOUR: u32 = 9;

/// When a deadline's reminder rings: at [`ALARM_HOUR`] on the working day before the day of
/// the deadline in `tz`, counted by the working-day calendar (a Monday deadline rings on the
/// Friday before; one after a holiday, on the last working day before the holiday).
pub fn alarm_at(deadline: DateTime<Utc>, calendar: &WorkCalendar, tz: Tz) -> DateTime<Utc> {
    let day = deadline.with_timezone(&tz).date_naive();
    let before = calendar.add_working_days(day, -1);
    let at = before.and_time(NaiveTime::from_hms_opt(ALARM_HOUR, 0, 0).unwrap_or_default());
    match at.and_local_timezone(tz).earliest() {
        Some(local) => local.with_timezone(&Utc),
        // An hour the zone skips that day: an hour later.
        None => (at + Duration::hours(1)).and_local_timezone(tz).earliest().map_or(at.and_utc(), |l| l.to_utc()),
    }
}

/// The feed's text: one VEVENT per deadline, each at the deadline instant (UTC, shown by every
/// calendar program in its own zone), transparent (a deadline does not make anyone busy), with
/// a display alarm before it. `zone` is named for programs that show the calendar's own zone.
pub fn feed_text(name: &str, zone: Tz, stamp: DateTime<Utc>, events: &[FeedEvent]) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Duban//Duban deadlines//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", name),
        ("X-WR-TIMEZONE", zone.name()),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    // How often a subscribing program should fetch again (Apple's and Outlook's names for it).
    calendar.append_property(Property::new("REFRESH-INTERVAL", "PT1H").add_parameter("VALUE", "DURATION").done());
    calendar.append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    for event in events {
        let before = event.deadline - event.alarm_at;
        // The crate gives every component a UID and a DTSTAMP when it has none, the alarm too:
        // a random UID and the machine's time would make each fetch look like a new alarm.
        let alarm = Alarm::display(&event.alarm_text, Trigger::before_start(before.max(Duration::zero())))
            .uid(&format!("{}-alarm", event.uid))
            .timestamp(stamp)
            .done();
        calendar.push(
            icalendar::Event::new()
                .uid(&event.uid)
                .timestamp(stamp)
                .sequence(event.sequence)
                .starts(event.deadline)
                .summary(&event.summary)
                .description(&event.description)
                .url(&event.url)
                .add_property("TRANSP", "TRANSPARENT")
                .alarm(alarm)
                .done(),
        );
    }
    calendar.done().to_string()
}

/// Whether a calendar file is iCalendar rather than CSV: it opens with `BEGIN:VCALENDAR`.
pub fn is_ics(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
}

/// Words that make an event a make-up working day (调休上班) rather than a holiday.
const WORKDAY_MARKERS: &[&str] = &["班", "working day", "workday", "work day", "make-up", "makeup"];

/// The longest event a holiday calendar may hold, in days.
const MAX_EVENT_DAYS: i64 = 366;

/// Whether an event marks a make-up working day, by the rule the README states: Apple's
/// `X-APPLE-SPECIAL-DAY` decides when the event has it (`ALTERNATE-WORKDAY` works,
/// `WORK-HOLIDAY` rests); otherwise a summary or category naming work (班 — as in 补班,
/// 上班 —, "working day", "workday", "make-up") makes it a working day, and anything else is a
/// holiday.
fn is_workday(special: Option<&str>, summary: &str, categories: &[String]) -> bool {
    if let Some(special) = special {
        return special.trim().eq_ignore_ascii_case("ALTERNATE-WORKDAY");
    }
    std::iter::once(summary).chain(categories.iter().map(String::as_str)).any(|text| {
        let text = text.to_lowercase();
        WORKDAY_MARKERS.iter().any(|marker| text.contains(marker))
    })
}

/// `P3D`, `P1W`: the whole days of a DURATION, if it is one.
fn duration_days(text: &str) -> Option<i64> {
    let text = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let body = text.strip_prefix('P')?;
    if let Some(weeks) = body.strip_suffix('W') {
        return weeks.parse::<i64>().ok().map(|w| w * 7);
    }
    body.strip_suffix('D')?.parse().ok()
}

/// Reads a public holiday calendar (.ics) into the days it marks, as the CSV import would
/// store them. Each VEVENT spans its DTSTART date up to its DTEND date (exclusive, as RFC 5545
/// says), or its DURATION in days, or the one day; every day of it is a holiday or a make-up
/// working day by [`is_workday`], named by the event's summary. A day that would change nothing
/// (a holiday on a weekend, a working day on a weekday) is left out, as the CSV import refuses
/// it. In a file where some event carries `X-APPLE-SPECIAL-DAY`, an event without it is an
/// observance (Mother's Day), not a day off, and is left out. Every problem is reported.
pub fn parse_calendar_ics(text: &str) -> Result<Vec<CalendarEntry>, Message> {
    let calendar: Calendar = text.trim_start_matches('\u{feff}').parse().map_err(|e: String| {
        Message::new("error-ics-unreadable").text("detail", e.lines().next().unwrap_or_default())
    })?;
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    if events.is_empty() {
        return Err(Message::new("error-ics-no-events"));
    }
    let apple = events.iter().any(|e| e.property_value("X-APPLE-SPECIAL-DAY").is_some());
    let mut days: BTreeMap<NaiveDate, CalendarEntry> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let summary = event.get_summary().unwrap_or_default().trim();
        let at = |reason: Message| {
            Message::new("error-ics-event").number("event", index + 1).text("summary", summary).nested("reason", reason)
        };
        let special = event.property_value("X-APPLE-SPECIAL-DAY");
        if apple && special.is_none() {
            continue;
        }
        let Some(start) = event.get_start().map(|s| s.date_naive()) else {
            problems.push(at(Message::new("error-ics-no-start")));
            continue;
        };
        let end = match (event.get_end(), event.property_value("DURATION")) {
            (Some(end), _) => end.date_naive(),
            (None, Some(duration)) => match duration_days(duration) {
                Some(n) => start + Duration::days(n),
                None => {
                    problems.push(at(Message::new("error-ics-duration").text("value", duration)));
                    continue;
                }
            },
            (None, None) => start + Duration::days(1),
        };
        // An end on (or before) the start is read as the one day.
        let end = end.max(start + Duration::days(1));
        if (end - start).num_days() > MAX_EVENT_DAYS {
            problems.push(at(Message::new("error-ics-too-long").number("max", MAX_EVENT_DAYS)));
            continue;
        }
        if summary.is_empty() {
            problems.push(at(Message::new("error-ics-no-summary")));
            continue;
        }
        if let Some(reason) = super::text::single_line_problem(summary) {
            problems.push(at(reason));
            continue;
        }
        let name: String = summary.chars().take(MAX_DAY_NAME).collect();
        let categories = event.get_categories().unwrap_or_default();
        let kind = if is_workday(special, summary, &categories) { DayKind::Workday } else { DayKind::Holiday };
        let mut day = start;
        while day < end {
            // A day that would change nothing is left out; so a day can only ever be marked
            // one way (a holiday is a weekday, a make-up working day a weekend), and the first
            // event to name it names it.
            if pointless_exception(day, kind).is_none() {
                days.entry(day).or_insert_with(|| CalendarEntry { day, kind, name: name.clone() });
            }
            day += Duration::days(1);
        }
    }
    if problems.is_empty() {
        Ok(days.into_values().collect())
    } else {
        Err(Message::new("error-file-lines").lines("lines", problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn ics(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn event(uid: &str, start: &str, end: &str, summary: &str, extra: &str) -> String {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{start}\r\n\
             DTEND;VALUE=DATE:{end}\r\nSUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"
        )
    }

    #[test]
    fn a_holiday_span_becomes_its_weekdays_and_a_make_up_day_its_weekend() {
        // 2026-10-01 is a Thursday: 1, 2, 5, 6, 7 are weekdays; 3 and 4 a weekend already.
        let text = ics(&format!(
            "{}{}",
            event("a", "20261001", "20261008", "国庆节 休", ""),
            event("b", "20261010", "20261011", "国庆节 班", "")
        ));
        let entries = parse_calendar_ics(&text).expect("valid");
        let got: Vec<(NaiveDate, DayKind)> = entries.iter().map(|e| (e.day, e.kind)).collect();
        let h = DayKind::Holiday;
        assert_eq!(
            got,
            [
                (day(2026, 10, 1), h),
                (day(2026, 10, 2), h),
                (day(2026, 10, 5), h),
                (day(2026, 10, 6), h),
                (day(2026, 10, 7), h),
                (day(2026, 10, 10), DayKind::Workday)
            ]
        );
        assert_eq!(entries[0].name, "国庆节 休");
    }

    #[test]
    fn the_rule_reads_summaries_categories_and_apples_special_day() {
        assert!(is_workday(None, "春节补班", &[]));
        assert!(is_workday(None, "Make-up working day", &[]));
        assert!(is_workday(None, "调休", &["上班".into()]));
        assert!(!is_workday(None, "劳动节 休", &[]));
        assert!(!is_workday(None, "Spring Festival", &["Holiday".into()]));
        assert!(is_workday(Some("ALTERNATE-WORKDAY"), "调休", &[]));
        assert!(!is_workday(Some("WORK-HOLIDAY"), "班", &[]));
    }

    #[test]
    fn in_an_apple_calendar_observances_are_not_days_off() {
        let text = ics(&format!(
            "{}{}{}",
            event("a", "20261001", "20261002", "国庆节", "X-APPLE-SPECIAL-DAY:WORK-HOLIDAY\r\n"),
            event("b", "20261010", "20261011", "调休", "X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY\r\n"),
            event("c", "20260910", "20260911", "教师节", "")
        ));
        let entries = parse_calendar_ics(&text).expect("valid");
        let got: Vec<(NaiveDate, DayKind)> = entries.iter().map(|e| (e.day, e.kind)).collect();
        assert_eq!(got, [(day(2026, 10, 1), DayKind::Holiday), (day(2026, 10, 10), DayKind::Workday)]);
    }

    #[test]
    fn a_missing_end_is_one_day_and_a_duration_counts_days() {
        let one = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20261001\r\nSUMMARY:休\r\nEND:VEVENT\r\n";
        let two =
            "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:20261005\r\nDURATION:P2D\r\nSUMMARY:休\r\nEND:VEVENT\r\n";
        let entries = parse_calendar_ics(&ics(&format!("{one}{two}"))).expect("valid");
        let got: Vec<NaiveDate> = entries.iter().map(|e| e.day).collect();
        assert_eq!(got, [day(2026, 10, 1), day(2026, 10, 5), day(2026, 10, 6)]);
    }

    #[test]
    fn bad_files_are_named() {
        assert!(parse_calendar_ics("day,kind,name\n").is_err());
        assert_eq!(parse_calendar_ics(&ics("")).unwrap_err().key, "error-ics-no-events");
        assert!(is_ics("\u{feff}begin:vcalendar\r\n"));
        assert!(!is_ics("day,kind,name\n"));
    }

    #[test]
    fn a_monday_deadline_rings_on_the_friday_before_at_nine() {
        // Monday 2026-12-14, 23:59:59 in Shanghai; the Friday before is 12-11, 09:00 there.
        let tz = chrono_tz::Asia::Shanghai;
        let deadline = super::super::calendar::end_of_day(day(2026, 12, 14), tz);
        let at = alarm_at(deadline, &WorkCalendar::default(), tz);
        assert_eq!(at.to_rfc3339(), "2026-12-11T01:00:00+00:00");
        // With Friday a holiday, Thursday.
        let at = alarm_at(deadline, &WorkCalendar::new([day(2026, 12, 11)], []), tz);
        assert_eq!(at.to_rfc3339(), "2026-12-10T01:00:00+00:00");
    }
}
