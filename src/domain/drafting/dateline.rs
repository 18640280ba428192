//! The meeting date the minutes state themselves: the date line of a report ("6月3日上午，…",
//! "On the morning of June 3, …"), with its year from the line, else from a publication line
//! above it ("发布时间：2024-05-21", "Published 2025-04-02"), else the latest such day on or
//! before the hint (today, for a person pasting minutes of a past meeting).

use chrono::{Datelike, NaiveDate};

use super::deadlines::{en_day, en_month};

/// Only the head of the minutes holds the date line; past it, dates are deadlines.
const HEAD_LINES: usize = 8;

/// How many lines of the head may say when the meeting was held, past a memo's or a news
/// release's own header.
const MEETING_LINES: usize = 12;

/// The meeting date the minutes' own date line gives, if they have one.
pub fn meeting_date_in(minutes: &str, hint: NaiveDate) -> Option<NaiveDate> {
    // "… met in Victoria on Tuesday, April 22, 2025", "Subject: Outcome of the Meeting of
    // February 10, 2026": a line saying when the meeting was held wins over a header's "Date:",
    // which may date the memo or release that reports it.
    let lines: Vec<&str> = minutes.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // A cover notice that issues the minutes ("关于印发《…会议纪要》的通知", its office and date)
    // stands before them: their head starts at their own title.
    let start = minutes_title_after_cover(&lines).unwrap_or(0);
    let head: Vec<&str> = lines[start..].iter().copied().take(MEETING_LINES).collect();
    let body = head.iter().position(|l| opens_the_body(l)).unwrap_or(head.len());
    let mut year_seen: Option<i32> = lines[..start].iter().find_map(|l| first_year(l));
    for line in head[..body].iter().filter(|l| !of_another_meeting(l)) {
        if let Some((y, m, d)) = held_on(line).or_else(|| meeting_of(line)).or_else(|| notes_of_meeting(line)) {
            let y =
                y.or_else(|| head.iter().find_map(|l| iso_year(l))).or_else(|| head.iter().find_map(|l| first_year(l)));
            if let Some(date) = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
                return Some(date);
            }
        }
    }
    // A publication line's full date ("2025-12-17 | City Government") says the year better
    // than a bare year in a title ("… for the 2026 Marathon").
    let mut dated_year: Option<i32> = lines[..start].iter().find_map(|l| iso_year(l));
    for line in lines[start..].iter().copied().take(HEAD_LINES) {
        if opens_the_body(line) {
            break;
        }
        let dated = zh_date_line(without_lead_in(line)).or_else(|| en_date_line(line)).or_else(|| held_on(line));
        if let Some((y, m, d)) = dated {
            return match y.or(dated_year).or(year_seen) {
                Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                None => (0..8).find_map(|k| {
                    NaiveDate::from_ymd_opt(hint.year().checked_sub(k)?, m, d).filter(|date| *date <= hint)
                }),
            };
        }
        if year_seen.is_none() {
            year_seen = first_year(line);
        }
        if dated_year.is_none() {
            dated_year = iso_year(line);
        }
    }
    None
}

/// The index of the minutes' own title ("…会议纪要") when a cover notice issuing them comes
/// first ("关于印发《…会议纪要》的通知", "现将《…》印发给你们"), among the first lines.
fn minutes_title_after_cover(lines: &[&str]) -> Option<usize> {
    let cover = lines.iter().take(COVER_LINES).position(|l| l.contains("印发"))?;
    let title = lines
        .iter()
        .take(COVER_LINES)
        .skip(cover + 1)
        .position(|l| l.ends_with("纪要") && l.chars().count() <= 40 && !l.contains(['《', '》', '，', '。']))?;
    Some(cover + 1 + title)
}

/// How many lines a cover notice and its minutes' title may take.
const COVER_LINES: usize = 20;

/// A Chinese report's line without what opens it before the date: a paper's or a site's
/// "本报讯（记者 …）", an editor's note "【编者按】".
fn without_lead_in(line: &str) -> &str {
    let mut rest = line;
    if let Some((_, after)) = rest.strip_prefix('【').and_then(|r| r.split_once('】')) {
        rest = after.trim_start();
    }
    if let Some(after) = ["本报讯", "本网讯", "本台讯", "本刊讯"].iter().find_map(|p| rest.strip_prefix(p))
    {
        rest = after.trim_start();
        if let Some((_, after)) = rest.strip_prefix('（').and_then(|r| r.split_once('）')) {
            rest = after;
        }
    }
    rest.trim_start()
}

/// "Notes of meeting, Wednesday 21 January 2026, 2pm, Green Room": a heading naming the notes
/// or minutes of a meeting, then its date with the year after a comma.
fn notes_of_meeting(line: &str) -> Option<(Option<i32>, u32, u32)> {
    let lower = line.to_ascii_lowercase();
    let heading = ["notes of", "note of", "minutes of", "record of"].iter().any(|w| lower.starts_with(w));
    if !heading || !lower.contains("meeting") {
        return None;
    }
    line.match_indices(", ").find_map(|(p, _)| date_on(&line[p + 2..]).filter(|(y, _, _)| y.is_some()))
}

/// A line that opens the body of the minutes ("会议指出，…", "The meeting noted …"): no date
/// line follows it. A header's label ("会议时间：…", "会议地点：…") or a title ("会议纪要") is
/// not such a line.
fn opens_the_body(line: &str) -> bool {
    let label = line.chars().take(8).any(|c| c == '：' || c == ':');
    let title = line.chars().count() <= 8;
    (line.starts_with("会议") && !label && !title) || line.to_ascii_lowercase().starts_with("the meeting")
}

/// The year of a full date "2025-12-17" in the line.
fn iso_year(line: &str) -> Option<i32> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '-')).find_map(|w| {
        let parts: Vec<&str> = w.split('-').collect();
        match parts[..] {
            [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
                y.parse().ok().filter(|y| (1990..=2200).contains(y))
            }
            _ => None,
        }
    })
}

/// A four-digit year standing on its own ("2024-05-21", "2024年", "date 2023-11-20").
fn first_year(line: &str) -> Option<i32> {
    let c: Vec<char> = line.chars().collect();
    (0..c.len()).find_map(|i| {
        let digits = c.get(i..i + 4)?;
        let alone_before = i == 0 || !c[i - 1].is_ascii_digit();
        let alone_after = c.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
        if !(alone_before && alone_after && digits.iter().all(char::is_ascii_digit)) {
            return None;
        }
        let y: i32 = digits.iter().collect::<String>().parse().ok()?;
        (1990..=2200).contains(&y).then_some(y)
    })
}

fn number(c: &[char], k: usize, max_len: usize) -> Option<(u32, usize)> {
    let n = c.get(k..)?.iter().take_while(|x| x.is_ascii_digit()).count();
    if n == 0 || n > max_len {
        return None;
    }
    Some((c[k..k + n].iter().collect::<String>().parse().ok()?, n))
}

/// "6月3日上午，…", "2024年6月3日，…", "5月20日上午，市政府召开…": a line that opens with the
/// date of what it reports.
fn zh_date_line(line: &str) -> Option<(Option<i32>, u32, u32)> {
    // A header "时间：2026年4月9日14:30" gives the date whatever follows it; its label may be
    // spaced out to the width of the others ("时　　间：").
    let labelled = line.split_once(['：', ':']).and_then(|(label, rest)| {
        let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        ZH_DATE_LABELS.contains(&label.as_str()).then(|| rest.trim_start())
    });
    // "（2025年7月8日）" under a speech's title and its speaker: the day it was given.
    let bracketed = line.strip_prefix('（').and_then(|l| l.strip_suffix('）'));
    let line = labelled.or(bracketed).unwrap_or(line);
    let c: Vec<char> = line.chars().collect();
    let mut k = 0;
    let mut year = None;
    if let Some((y, 4)) = number(&c, 0, 4)
        && c.get(4) == Some(&'年')
    {
        year = i32::try_from(y).ok();
        k = 5;
    }
    let (m, n) = number(&c, k, 2)?;
    k += n;
    if c.get(k) != Some(&'月') {
        return None;
    }
    let (d, n) = number(&c, k + 1, 2)?;
    k += 1 + n;
    if !matches!(c.get(k), Some('日' | '号')) {
        return None;
    }
    let rest: String = c.get(k + 1..).unwrap_or(&[]).iter().collect();
    if bracketed.is_some() && (year.is_none() || k + 1 != c.len()) {
        return None;
    }
    let reports = labelled.is_some()
        || bracketed.is_some()
        || ["上午", "下午", "晚", "，", ",", "召开", "举行", "在"].iter().any(|p| rest.starts_with(p));
    ((1..=12).contains(&m) && (1..=31).contains(&d) && reports).then_some((year, m, d))
}

/// Labels of a Chinese minutes header line that gives the meeting's date ("时间：2026年4月9日").
const ZH_DATE_LABELS: &[&str] = &["会议时间", "时间", "日期", "会议日期"];

/// "Minutes of the meeting held at the County Government Building, on Thursday 21 August 2025",
/// "Xiamen held a coordination meeting … on the morning of December 16": a head line that says
/// a meeting was held, and on which day.
fn held_on(line: &str) -> Option<(Option<i32>, u32, u32)> {
    let lower = line.to_ascii_lowercase();
    // "Held on 20 January 2026 at 8:00 in the dispatch centre.": a header sentence of its own.
    let opens = lower.starts_with("held on ") || lower.starts_with("held at ") || lower.starts_with("held in ");
    // "Deputy ministers … met in Victoria on Tuesday, April 22, 2025", "On Tuesday, February
    // 10, 2026, I convened a meeting of …".
    let met = lower.contains(" met ") || lower.contains(" convened ");
    if !opens && !met && (!lower.contains(" held ") || !lower.contains("meeting")) {
        return None;
    }
    let lower = format!(" {lower}");
    let line = &format!(" {line}");
    lower.match_indices(" on ").find_map(|(p, _)| date_on(line.get(p + 4..)?))
}

/// The date that follows "on" ("Thursday 21 August 2025", "21 January 2026, 2pm"): the weekday
/// goes, the date stays. "Tuesday, the 22nd day of July, 2025", as a court's minutes write it, is
/// the 22nd of July.
fn date_on(after_on: &str) -> Option<(Option<i32>, u32, u32)> {
    let words: Vec<&str> = after_on.split_whitespace().collect();
    let weekday = words.first().is_some_and(|w| WEEKDAYS.contains(&w.trim_matches(',').to_ascii_lowercase().as_str()));
    let words = &words[usize::from(weekday)..];
    if let ["the" | "The", day, "day", "of", rest @ ..] = words
        && super::deadlines::en_day(day.trim_matches(',')).is_some()
    {
        return en_date_line(&format!("on {day} {}", rest.join(" ")));
    }
    en_date_line(&format!("on {}", words.join(" ")))
}

/// "The Executive approved as a correct record the minutes of the meeting held on 16 October":
/// a line about an earlier meeting.
fn of_another_meeting(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    // "Minutes of the Meeting of May 5, 2026" heads the minutes: its own meeting.
    // Not "Minutes of the meeting held on 10 June were approved".
    let own = lower.trim_start().starts_with("minutes of the meeting")
        && ![" approved", " confirmed", " agreed", " accepted", " signed", " were ", " was "]
            .iter()
            .any(|w| lower.contains(w));
    ["previous", "last meeting", "correct record", "true record", "as accurate"].iter().any(|w| lower.contains(w))
        || (!own && lower.contains("minutes of the meeting"))
}

/// "Outcome of the Port Safety Coordination Meeting of February 10, 2026": the meeting named
/// with its date.
fn meeting_of(line: &str) -> Option<(Option<i32>, u32, u32)> {
    let lower = line.to_ascii_lowercase();
    let p = lower.find("meeting of ")? + "meeting of ".len();
    en_date_line(&format!("on {}", line.get(p..)?))
}

/// Labels of a minutes header line that gives the meeting's date ("Date: Thursday, 12 June 2025").
const EN_DATE_LABELS: &[&str] = &["date and time:", "date of meeting:", "meeting date:", "date:"];

/// The length of a header's label that names the date among other things ("Date / time:",
/// "Time and date:", "Meeting date & venue:", "Briefing held:"): a few words before the first
/// colon, one of them "date" or the last "held"; 0 when the line has none.
fn date_label(lower: &str) -> usize {
    let Some((head, _)) = lower.split_once(':') else {
        return 0;
    };
    let words: Vec<&str> = head.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    // "Briefing held: Tuesday 21 July 2026, 07:30": a label that says when it was held.
    let names_date = words.contains(&"date") || words.last() == Some(&"held");
    let labelled = names_date && words.len() <= 4 && !head.contains(|c: char| c.is_ascii_digit());
    if labelled { head.len() + 1 } else { 0 }
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Whether the words open with a date: "18 november", "december 2".
fn starts_with_date(words: &[String]) -> bool {
    let day = |w: &String| en_day(w).is_some();
    match words {
        [a, b, ..] => (en_month(a).is_some() && day(b)) || (day(a) && en_month(b).is_some()),
        _ => false,
    }
}

/// "Pingxiang, 20 January 2026 — …", "CLEARWATER, FLORIDA, MARCH 18, 2025", "Elkader, Iowa
/// February 17, 2026": one to four capitalised words of a place, with a comma among them or
/// after them, then a date with its year; the index of the date's first word.
fn place_before_date(line: &str, words: &[String]) -> Option<usize> {
    let dated = |n: usize| {
        words.get(n..).is_some_and(starts_with_date)
            && words.get(n + 2).and_then(|y| y.parse::<i32>().ok()).is_some_and(|y| (1990..=2200).contains(&y))
    };
    let n = (1..=4).find(|&n| dated(n))?;
    // Where each word of the line starts, as `words` splits it.
    let starts: Vec<usize> = line
        .char_indices()
        .filter(|&(i, c)| {
            !(c.is_whitespace() || c == ',') && line[..i].chars().last().is_none_or(|p| p.is_whitespace() || p == ',')
        })
        .map(|(i, _)| i)
        .collect();
    let capitalised = starts[..n].iter().all(|&i| line[i..].starts_with(|c: char| c.is_ascii_uppercase()));
    (capitalised && line[..*starts.get(n)?].contains(',')).then_some(n)
}

/// A line that holds only a date with its year and the time of day ("June 17, 2026 — 5:30
/// p.m.", "4.00pm 13 MAY 2026", "10:00 am, Tuesday 3 March 2026").
fn date_and_time_line(words: &[String]) -> Option<(Option<i32>, u32, u32)> {
    let time = |w: &str| {
        w.is_empty()
            || ["am", "pm", "a.m", "p.m", "noon", "at", "hrs"].contains(&w)
            || (w.starts_with(|c: char| c.is_ascii_digit())
                && (w.contains([':', '.']) || w.ends_with("am") || w.ends_with("pm")))
    };
    let core: Vec<String> = words.iter().filter(|w| !time(w) && !WEEKDAYS.contains(&w.as_str())).cloned().collect();
    let timed = core.len() < words.len();
    if !timed || core.len() != 3 || !starts_with_date(&core) {
        return None;
    }
    let (m, d) = match (en_month(&core[0]), en_day(&core[1])) {
        (Some(m), Some(d)) => (m, d),
        _ => (en_month(&core[1])?, en_day(&core[0])?),
    };
    let year = core[2].parse::<i32>().ok().filter(|y| (1990..=2200).contains(y))?;
    Some((Some(year), m, d))
}

/// "On the morning of June 3, …", "On November 17, 2023, …", "On the afternoon of 17 November",
/// and a header "Date: Thursday, 12 June 2025, 14:00" / "Meeting date: 9 January 2026".
fn en_date_line(line: &str) -> Option<(Option<i32>, u32, u32)> {
    let lower = line.to_ascii_lowercase();
    let label = EN_DATE_LABELS.iter().find(|l| lower.starts_with(*l)).map_or_else(|| date_label(&lower), |l| l.len());
    let words: Vec<String> = line
        .get(label..)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_ascii_lowercase())
        .collect();
    let mut k = if label > 0 {
        usize::from(words.first().is_some_and(|w| WEEKDAYS.contains(&w.as_str())))
    } else if words.first().map(String::as_str) == Some("on") {
        1
    } else if words.first().is_some_and(|w| WEEKDAYS.contains(&w.as_str()))
        && (words.len() <= 5 || starts_with_date(&words[1..]))
    {
        // "Tuesday, 5 November 2024" on a line of its own under the title; "Tuesday 18 November
        // 2025, 09:00, Provincial Public Security Department".
        1
    } else if words.len() <= 3 && starts_with_date(&words) {
        // "December 2, 2025" on a line of its own.
        0
    } else if let Some(date) = date_and_time_line(&words) {
        // "June 17, 2026 — 5:30 p.m.", "4.00pm 13 MAY 2026": a date and the hour on a line
        // of their own.
        return Some(date);
    } else {
        // "Pingxiang, 20 January 2026 — This morning …": a news item's place and date;
        // "Elkader, Iowa      February 17, 2026" at the head of a county's proceedings.
        place_before_date(line, &words)?
    };
    if label == 0
        && words.get(1).map(String::as_str) == Some("the")
        && words.get(2).is_some_and(|w| matches!(w.as_str(), "morning" | "afternoon" | "evening" | "night"))
        && words.get(3).map(String::as_str) == Some("of")
    {
        k = 4;
    }
    // "12th October, 2026": an ordinal day is the day.
    let (m, d, next) = match (words.get(k).and_then(|w| en_month(w)), words.get(k + 1).and_then(|w| en_day(w))) {
        (Some(m), Some(d)) => (m, d, k + 2),
        _ => (en_month(words.get(k + 1)?)?, en_day(words.get(k)?)?, k + 2),
    };
    let year = words.get(next).and_then(|w| w.parse::<i32>().ok()).filter(|y| (1990..=2200).contains(y));
    Some((year, m, d))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{FLOOD_ZH, HEATING_EN, NOV17, date};
    use super::*;

    #[test]
    fn the_date_line_of_a_report_is_the_meeting_date() {
        let today = date(2026, 11, 30);
        // A date and the hour on a line of their own under the title.
        for line in ["June 17, 2026 — 5:30 p.m.", "4.00pm 13 MAY 2026", "10:00 am, Tuesday 3 March 2026"] {
            let minutes = format!("MINUTES OF THE BOARD\n\n{line}\n\nThe Board resolved as follows.");
            let want = if line.starts_with("June") {
                date(2026, 6, 17)
            } else if line.starts_with("4.00") {
                date(2026, 5, 13)
            } else {
                date(2026, 3, 3)
            };
            assert_eq!(meeting_date_in(&minutes, today), Some(want), "{line}");
        }
        assert_eq!(meeting_date_in(NOV17, today), Some(date(2023, 11, 17)));
        assert_eq!(meeting_date_in(FLOOD_ZH, today), Some(date(2024, 5, 20)));
        assert_eq!(meeting_date_in(HEATING_EN, today), Some(date(2024, 11, 5)));
        // No year anywhere: the latest such day up to today.
        assert_eq!(
            meeting_date_in("6月3日上午，县政府召开防汛会议。\n会议要求，要加强巡查。", today),
            Some(date(2026, 6, 3))
        );
        assert_eq!(
            meeting_date_in("On the morning of December 3, the city held a meeting.", today),
            Some(date(2025, 12, 3))
        );
        assert_eq!(meeting_date_in("On 3 June 2024, the county met.", today), Some(date(2024, 6, 3)));
        assert_eq!(meeting_date_in("2024年6月3日，县政府召开会议。", today), Some(date(2024, 6, 3)));
    }

    #[test]
    fn a_labelled_date_header_of_english_minutes_is_the_meeting_date() {
        let today = date(2026, 11, 30);
        let minutes = "SAFETY COMMITTEE\nMINUTES OF THE SECOND-QUARTER MEETING\nDate: Thursday, 12 June 2025, 14:00-16:10\nPresent: all members.";
        assert_eq!(meeting_date_in(minutes, today), Some(date(2025, 6, 12)));
        assert_eq!(meeting_date_in("Date and time: Tuesday 16 July 2024, 14:30", today), Some(date(2024, 7, 16)));
        assert_eq!(meeting_date_in("Meeting date: March 2, 2026", today), Some(date(2026, 3, 2)));
        assert_eq!(meeting_date_in("Date: to be fixed\nDated reports must be filed by 3 June.", today), None);
    }

    #[test]
    fn a_header_label_naming_the_date_among_other_things_gives_the_meeting_date() {
        let today = date(2026, 11, 30);
        let minutes = "WORKS COMMITTEE\nDate / time:   4 March 2025, 09:30-11:00\nVenue: Room 2";
        assert_eq!(meeting_date_in(minutes, today), Some(date(2025, 3, 4)));
        assert_eq!(meeting_date_in("Time and date: Monday 6 May 2024", today), Some(date(2024, 5, 6)));
        assert_eq!(meeting_date_in("Update on the dates: reports by 3 June.", today), None, "not a label of one date");
        let briefing = "INCIDENT MANAGEMENT TEAM\nOperational period: 2 (07:00 Monday 4 May 2026 to 07:00 Tuesday 5 May 2026)\nBriefing held: Monday 4 May 2026, 07:30-08:15, Operations Center";
        assert_eq!(meeting_date_in(briefing, today), Some(date(2026, 5, 4)));
        assert_eq!(meeting_date_in("Minutes held: in the clerk's office", today), None);
    }

    #[test]
    fn an_ordinal_day_in_a_header_is_the_meeting_date() {
        let today = date(2026, 12, 6);
        let minutes = "Minutes of a meeting of the Children and Families Committee\n\
                       held on Monday, 12th October, 2026 in the Council Chamber\n";
        assert_eq!(meeting_date_in(minutes, today), Some(date(2026, 10, 12)));
        assert_eq!(meeting_date_in("Date: Thursday 3rd September 2026\n", today), Some(date(2026, 9, 3)));
        // A court's "the 22nd day of July, 2025".
        let court = "COMMISSIONERS COURT OF COMAL COUNTY\nMINUTES OF REGULAR SESSION\n\n\
                     BE IT REMEMBERED that on Tuesday, the 22nd day of July, 2025, the Commissioners Court convened in Regular Session.\n";
        assert_eq!(meeting_date_in(court, today), Some(date(2025, 7, 22)));
    }

    #[test]
    fn a_header_that_says_when_the_meeting_was_held_is_the_meeting_date() {
        let today = date(2026, 11, 30);
        let british = "CAMPUS SAFETY CONFERENCE\nMinutes of the meeting held at the County Building, on Thursday 21 August 2025 at 2.30 pm";
        assert_eq!(meeting_date_in(british, today), Some(date(2025, 8, 21)));
        let report = "City meeting on the 2026 Marathon\n2025-12-17 | City Government\nThe city held a coordination meeting on the morning of December 16. The mayor attended.";
        assert_eq!(meeting_date_in(report, today), Some(date(2025, 12, 16)));
        assert_eq!(
            meeting_date_in("某某公司安委会会议纪要\n时间：2026年4月9日14:30\n地点：会议室", today),
            Some(date(2026, 4, 9))
        );
        // A label spaced out to the width of the others in the header.
        assert_eq!(
            meeting_date_in("某某供电公司\n会议纪要\n时　　间：2026年3月10日上午9:00\n地　　点：本部三楼", today),
            Some(date(2026, 3, 10))
        );
        assert_eq!(meeting_date_in("The drill will be held on 3 June at the depot.", today), None, "no meeting held");
        // The minutes' own heading names the meeting by its date; an earlier meeting's minutes
        // approved name another.
        let state = "STATE TRAFFIC SAFETY COMMITTEE\nMinutes of the Meeting of May 5, 2026\nCentral Office";
        assert_eq!(meeting_date_in(state, today), Some(date(2026, 5, 5)));
        let approved = "SAFETY COMMITTEE\nMinutes of the meeting of 10 June 2026 were approved.";
        assert_eq!(meeting_date_in(approved, today), None);
    }

    #[test]
    fn what_stands_before_a_chinese_reports_date_line_does_not_hide_it() {
        let today = date(2026, 12, 7);
        // A paper's lead-in, the year from the publication line above.
        let paper = "全省打击整治养老诈骗专项行动推进会召开\n发布时间：2026-07-10 08:45  来源：河南日报\n\
                     本报讯（记者 王敏）7月9日，全省专项行动推进会在郑州召开。";
        assert_eq!(meeting_date_in(paper, today), Some(date(2026, 7, 9)));
        let bare = "全省推进会召开\n发布时间：2026-07-10\n本报讯 7月9日，全省推进会在郑州召开。";
        assert_eq!(meeting_date_in(bare, today), Some(date(2026, 7, 9)));
        // A speech dated under its speaker, an editor's note after it.
        let speech = "在全市二次供水管理工作推进会上的讲话\n副市长　韦海平\n（2025年7月8日）\n\
                      【编者按】7月8日上午，南宁市召开推进会。\n同志们：";
        assert_eq!(meeting_date_in(speech, today), Some(date(2025, 7, 8)));
        let bare_speech = "在全市推进会上的讲话\n副市长　韦海平\n（2025年7月8日）\n同志们：\n今天召开推进会。";
        assert_eq!(meeting_date_in(bare_speech, today), Some(date(2025, 7, 8)));
        let note = "南宁市召开推进会\n【编者按】7月8日上午，南宁市召开推进会。";
        assert_eq!(meeting_date_in(note, date(2025, 12, 1)), Some(date(2025, 7, 8)));
        // A bracket that is not a date alone says nothing.
        assert_eq!(meeting_date_in("会议纪要\n（2025年7月8日印发）\n会议要求，要加强巡查。", today), None);
    }

    #[test]
    fn minutes_issued_under_a_cover_notice_are_dated_by_their_own_date_line() {
        let today = date(2026, 12, 7);
        let minutes = "佛山市南海区安全生产委员会办公室\n\n南安办〔2025〕47号\n\n\
            关于印发《汽车维修行业喷漆作业专项整治工作会议纪要》的通知\n\n各镇人民政府、街道办事处：\n\n\
            现将《汽车维修行业喷漆作业专项整治工作会议纪要》印发给你们，请认真抓好落实。\n\n\
            佛山市南海区安全生产委员会办公室\n2025年11月7日\n\n汽车维修行业喷漆作业专项整治工作会议纪要\n\n\
            11月5日下午，区安委办召开专项整治工作会议。\n";
        assert_eq!(meeting_date_in(minutes, today), Some(date(2025, 11, 5)));
    }

    #[test]
    fn notes_of_a_meeting_with_its_date_after_a_comma_are_dated_by_it() {
        let today = date(2026, 12, 7);
        let notes = "Northgate Playhouse – Health & Safety Committee\n\
                     Notes of meeting, Wednesday 21 January 2026, 2pm, Green Room\nPresent: Tom Arkwright";
        assert_eq!(meeting_date_in(notes, today), Some(date(2026, 1, 21)));
        let minutes = "Minutes of the Works Group meeting, 4 March 2025, Room 2";
        assert_eq!(meeting_date_in(minutes, today), Some(date(2025, 3, 4)));
        assert_eq!(meeting_date_in("Notes of meeting, Green Room\nReport by 3 June.", today), None);
    }

    #[test]
    fn a_place_with_its_state_before_the_date_is_the_date_line() {
        let today = date(2026, 12, 7);
        let florida = "BOARD OF COUNTY COMMISSIONERS\nPINELLAS COUNTY, FLORIDA\n\nREGULAR MEETING MINUTES\n\
                       CLEARWATER, FLORIDA, MARCH 18, 2025\n\nThe Board met in regular session.";
        assert_eq!(meeting_date_in(florida, today), Some(date(2025, 3, 18)));
        let iowa = "BOARD OF SUPERVISORS PROCEEDINGS\nCLAYTON COUNTY, IOWA\n\n\
                    Elkader, Iowa                                  February 17, 2026\n\nThe Board met.";
        assert_eq!(meeting_date_in(iowa, today), Some(date(2026, 2, 17)));
        assert_eq!(
            meeting_date_in("Pingxiang, 20 January 2026 — This morning the city met.", today),
            Some(date(2026, 1, 20))
        );
        // Words that are not a place's, or no comma to set the place off, make no date line.
        assert_eq!(meeting_date_in("Reports from all depots, March 18, 2025 onwards.", today), None);
        assert_eq!(meeting_date_in("Elkader Iowa February 17, 2026", today), None);
    }

    #[test]
    fn deadlines_and_requirements_are_not_date_lines() {
        let today = date(2026, 11, 30);
        assert_eq!(meeting_date_in("会议要求，6月15日前完成排查。", today), None);
        assert_eq!(meeting_date_in("要在6月15日前完成排查。", today), None);
        assert_eq!(meeting_date_in("It is necessary to finish by June 15.", today), None);
        assert_eq!(meeting_date_in("On duty: all districts.", today), None);
    }
}
