//! "… and report the outcome to the next meeting", "Due: Next meeting": a task due at the next
//! meeting is due on the day the minutes give for it ("The next meeting will be held on Tuesday
//! 8 September 2026", "Next meeting: 26/06, 12 January 2027").

use chrono::{Datelike, NaiveDate};

use super::Draft;
use super::deadlines::{en_day, en_month};

/// Gives the drafts without a deadline that are due at the next meeting the day the minutes
/// set for it; where the minutes set none, they stay without one.
pub(super) fn fill_next_meeting(minutes: &str, meeting: NaiveDate, drafts: &mut [Draft]) {
    let Some(day) = next_meeting_date(minutes, meeting) else {
        return;
    };
    for d in drafts.iter_mut().filter(|d| d.deadline.is_none()) {
        if d.text.to_lowercase().contains("next meeting") {
            d.deadline = Some(day);
        }
    }
}

/// The date of the next meeting a line of the minutes gives: a day and a month written in words
/// after "next meeting", with the year or else the next such date after the meeting.
fn next_meeting_date(minutes: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    minutes.lines().find_map(|line| {
        let lower = line.to_lowercase();
        let at = lower.find("next meeting")?;
        let words: Vec<&str> = lower[at..]
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect();
        (0..words.len()).find_map(|i| {
            let month = en_month(words[i])?;
            // "8 September 2026" or "September 8, 2026".
            let (day, year_at) = match (i.checked_sub(1).and_then(|p| en_day(words[p])), words.get(i + 1)) {
                (Some(day), _) => (day, i + 1),
                (None, Some(w)) => (en_day(w)?, i + 2),
                (None, None) => return None,
            };
            let year = words.get(year_at).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1990..=2200).contains(y));
            match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day),
                None => NaiveDate::from_ymd_opt(meeting.year(), month, day)
                    .filter(|d| *d > meeting)
                    .or_else(|| NaiveDate::from_ymd_opt(meeting.year() + 1, month, day)),
            }
            .filter(|d| *d > meeting)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::next_meeting_date;
    use crate::domain::drafting::fixtures::date;

    #[test]
    fn the_next_meeting_s_date_is_read_from_the_line_that_gives_it() {
        let meeting = date(2026, 6, 2);
        let held = "Minutes.\nRESOLVED: That the next meeting be held on Tuesday 8 September 2026 at 2.00pm.";
        assert_eq!(next_meeting_date(held, meeting), Some(date(2026, 9, 8)));
        let header = "Next meeting: 26/06, 12 January 2027, Room 3.04.";
        assert_eq!(next_meeting_date(header, meeting), Some(date(2027, 1, 12)));
        assert_eq!(next_meeting_date("The next meeting is on July 7.", meeting), Some(date(2026, 7, 7)));
        // A month with no day is no date; nor is one before the meeting.
        assert_eq!(next_meeting_date("The next meeting will be in September.", meeting), None);
        assert_eq!(next_meeting_date("The next meeting was set on 1 May 2026.", meeting), None);
    }
}
