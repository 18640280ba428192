//! Owners written as initials after an action ("… by 30 November. (GL)", "(PS/MF)"), as British
//! and Commonwealth minutes do: the attendance list says who the initials are ("Gareth Lowe (GL)
//! – Level Crossing Manager, Network Rail"), and their post and body say the line of work.

use super::{Confidence, Ctx, Draft, LeadBasis};

/// The initials the attendance list gives, each with the rest of its line (post and body).
fn attendees(minutes: &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for line in minutes.lines().map(str::trim) {
        let Some(open) = line.find('(') else {
            continue;
        };
        let Some(close) = line[open..].find(')').map(|c| open + c) else {
            continue;
        };
        let initials = &line[open + 1..close];
        let rest = line[close + 1..].trim_start_matches([' ', '–', '—', '-', ',', ':']).trim();
        // "Gareth Lowe (GL) – Level Crossing Manager, Network Rail": a name of two or three words
        // before the initials, a post after them.
        let name_words = line[..open].split_whitespace().count();
        if is_initials(initials)
            && (2..=4).contains(&name_words)
            && !rest.is_empty()
            && !out.iter().any(|(i, _)| *i == initials)
        {
            out.push((initials, rest));
        }
    }
    out
}

fn is_initials(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// The owners' initials an action ends with ("… by 31 October. (PR)", "(DW/KM)").
fn owners_at_end(text: &str) -> Vec<&str> {
    let t = text.trim_end().trim_end_matches('.').trim_end();
    let Some(inner) = t.strip_suffix(')').and_then(|t| t.rsplit_once('(')).map(|(_, i)| i) else {
        return Vec::new();
    };
    let owners: Vec<&str> = inner.split(['/', ',']).map(str::trim).collect();
    if owners.iter().all(|o| is_initials(o)) { owners } else { Vec::new() }
}

/// The line of `minutes` that holds the start of a draft's text.
fn line_of<'a>(minutes: &'a str, text: &str) -> Option<&'a str> {
    let head: String = text.chars().take(24).collect();
    let at = minutes.find(head.as_str())?;
    let start = minutes[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = minutes[at..].find('\n').map_or(minutes.len(), |p| at + p);
    Some(&minutes[start..end])
}

/// Gives each draft whose lead the text did not name the line of work of the first owner its
/// initials name, by the body (or else the post) the attendance list gives them.
pub(super) fn fill_from_initials(ctx: &Ctx, minutes: &str, drafts: &mut [Draft]) {
    let people = attendees(minutes);
    if people.is_empty() {
        return;
    }
    for d in drafts.iter_mut() {
        if matches!(d.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit)) {
            continue;
        }
        // The initials close the line the action is on, after its full stop.
        let owners = line_of(minutes, &d.text).map(owners_at_end).unwrap_or_default();
        let Some(post) = owners.first().and_then(|o| people.iter().find(|(i, _)| i == o)).map(|(_, p)| *p) else {
            continue;
        };
        // "Route Safety Manager, Network Rail": the body says the line of work before the post.
        let Some(unit) = ctx.departments.find_names(post).into_iter().rev().find(|u| !u.function.is_empty()) else {
            continue;
        };
        d.cooperating_functions.retain(|f| *f != unit.function);
        d.lead_function = Some(unit.function);
        d.why.lead_basis = Some(LeadBasis::NamedDepartment);
        d.why.lead_words = Some(post.get(unit.start..unit.end).unwrap_or(post).to_string());
        d.confidence = Confidence::Medium;
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{date, drafts_of, find};

    const LIAISON: &str = "RIVERTON COUNTY COUNCIL
STATION SAFETY LIAISON MEETING

Minutes of the meeting held on Thursday 17 September 2026 at 10:00

Present:
Jane Moss (JM) – Environmental Health Manager, Riverton County Council
Tom Reed (TR) – Route Safety Manager, Northern Rail

1. Stations
1.1 RCC to inspect the food kiosks at Mill Lane station by 31 October. (JM)
1.2 NR to replace the warning signs at Ferry Road. (TR/JM)
";

    #[test]
    fn initials_after_an_action_name_its_owner_by_the_attendance_list() {
        let drafts = drafts_of(LIAISON, date(2026, 9, 17));
        assert_eq!(drafts.len(), 2, "{drafts:#?}");
        // The post says it where the body (a council) names no line of work.
        assert_eq!(find(&drafts, "food kiosks").lead_function.as_deref(), Some("market_regulation"));
        // The body (a railway) says it before the post (a safety manager).
        assert_eq!(find(&drafts, "warning signs").lead_function.as_deref(), Some("transport"));
    }

    #[test]
    fn initials_nobody_present_has_name_nobody() {
        assert!(super::owners_at_end("Renew the markings (subject to funding).").is_empty());
        assert_eq!(super::owners_at_end("Renew the markings. (DW/KM)"), ["DW", "KM"]);
        assert!(super::attendees("The meeting noted the report (ORR).").is_empty());
    }
}
