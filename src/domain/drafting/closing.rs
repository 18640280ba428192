//! Where the minutes close: the line after the last numbered item, unless the items go on
//! under sections, minutes or actions after it; the headings that name the closing; and the
//! one kind of closing line that still asks something (the meeting deciding that a unit act).

use super::{
    scan,
    segments::{MarkerKind, find_markers, is_bullet, strip_enumerator},
    structure::is_heading_line,
};

/// The first line of the closing: the line after the last of three or more numbered items
/// (closing lines follow them and ask nothing of their own: "会议强调，各有关部门要切实扛起
/// 责任…", "The Vice Governor stressed that …"). Numbered section headings ("4. Any other
/// business") are not items.
/// "17/26  WATER SAFETY AND ANTI-SOCIAL BEHAVIOUR", "25/071 FINANCE REPORT": a heading numbered
/// by its minute (the item's number and the year's, either way round, with a slash); "6 ITEMS FOR
/// NOTING": one numbered by a bare number and written in capitals.
fn minute_numbered_heading(line: &str) -> bool {
    let Some((number, rest)) = line.trim().split_once(char::is_whitespace) else {
        return false;
    };
    let digits = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    let minute = number
        .split_once('/')
        .is_some_and(|(n, y)| digits(n) && digits(y) && (n.len() == 2 || y.len() == 2) && n.len().max(y.len()) <= 4);
    let rest = rest.trim();
    let capitals = digits(number)
        && number.len() <= 3
        && rest.chars().any(char::is_alphabetic)
        && !rest.chars().any(char::is_lowercase);
    (minute || capitals) && is_heading_line(rest) && !rest.ends_with('.')
}

pub(super) fn closing_line(minutes: &str) -> Option<usize> {
    let numbered: Vec<usize> = minutes
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            !l.is_empty()
                && strip_enumerator(l).len() != l.len()
                && !is_bullet(l)
                && !is_heading_line(strip_enumerator(l))
        })
        .map(|(i, _)| i)
        .collect();
    let last = *numbered.last().filter(|_| numbered.len() >= 3)?;
    // "II. Remarks by leaders" after the last item: the items were a section of their own
    // (reports heard), and the minutes go on; a section named as the closing does not, nor
    // does a Chinese one ("三、有关要求", "三、其他"), which by custom closes the minutes.
    let new_section = minutes.lines().skip(last + 1).any(|l| {
        let l = l.trim();
        let heading = strip_enumerator(l);
        heading.len() != l.len()
            && is_heading_line(heading)
            && !heading.chars().any(scan::is_cjk)
            && (!names_closing(heading) || names_other_business(heading))
    });
    // "5．完善实验室应急处置措施" after the last item, numbered as the sections before it ("2．严格
    // 管控…"): the sections go on.
    let numbered_section = |l: &str| {
        let l = l.trim();
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        let punct = l[digits..].chars().next().filter(|c| ['．', '.', '、'].contains(c))?;
        // English minutes number their closing items too ("5. Next meeting").
        let heading = strip_enumerator(l);
        (digits > 0 && is_heading_line(heading) && heading.chars().any(scan::is_cjk)).then_some(punct)
    };
    let lines: Vec<&str> = minutes.lines().collect();
    let earlier: Vec<char> = lines[..last].iter().filter_map(|l| numbered_section(l)).collect();
    let sections_go_on = lines[last + 1..].iter().filter_map(|l| numbered_section(l)).any(|p| earlier.contains(&p));
    // "17/26  WATER SAFETY" after the last "(b) That …": British minutes number each item of
    // business by its minute, and the items go on.
    let minuted = minutes.lines().skip(last + 1).any(minute_numbered_heading);
    // "Action: Transport to trial a jet-patching unit …" after the last lettered clause of a
    // motion: the actions set in the discussion after it go on.
    let actions_follow = minutes.lines().skip(last + 1).any(|l| {
        super::markers::after_action_label(l).is_some_and(|rest| rest.starts_with([':', '(']) && rest.contains(" to "))
    });
    let new_section = new_section || sections_go_on || minuted || actions_follow;
    // "Responsible: Fire and Rescue Service | Due: 30/09/2026": the labels under the last item
    // belong to it; the closing begins after them.
    let mut closing = last + 1;
    for (i, l) in minutes.lines().enumerate().skip(last + 1) {
        match l.trim() {
            "" => {}
            l if super::items::label_line(l).is_some() => closing = i + 1,
            _ => break,
        }
    }
    (!new_section).then_some(closing)
}

/// A line where the meeting decides that someone is to act ("会议明确，省治超办要建立…"): a
/// requirement even among the closing lines after the numbered items; not an arrangement
/// stated without "要" ("会议明确，联席会议办公室设在…").
pub(super) fn decides_more(line: &str) -> bool {
    ["会议明确", "会议决定"].iter().any(|w| line.trim().starts_with(w))
        && find_markers(line).iter().any(|&(_, k)| k == MarkerKind::Modal)
}

/// A section heading that names the end of the minutes ("5. Closing remarks", "4. Any other
/// business", "三、其他事项").
pub(super) fn names_closing(heading: &str) -> bool {
    let lower = heading.to_ascii_lowercase();
    ["closing", "any other business", "aob", "next meeting", "other matters", "结束", "其他事项", "其它事项"]
        .iter()
        .any(|w| lower.contains(w))
}

/// A section for any other business ("4. Any other business"): it may still ask something
/// ("Any accident involving a pupil shall be reported …"), so the minutes go on into it.
fn names_other_business(heading: &str) -> bool {
    let lower = heading.to_ascii_lowercase();
    ["any other business", "aob"].iter().any(|w| lower.contains(w))
}
