//! Owners written as initials after an action ("… by 30 November. (GL)", "(PS/MF)"), as British
//! and Commonwealth minutes do: the attendance list says who the initials are ("Gareth Lowe (GL)
//! – Level Crossing Manager, Network Rail"), and their post and body say the line of work.

use super::{Confidence, Ctx, Draft, LeadBasis};

/// Titles before a name in an attendance list.
pub(super) const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "prof",
    "professor",
    "cr",
    "cllr",
    "councillor",
    "supt",
    "insp",
    "chief",
    "pc",
    "sgt",
    "cmdr",
    "capt",
    "lt",
    "sir",
    "dame",
];

/// One person of the attendance list: their initials, the rest of their line (post and body),
/// and the heading of the group they are listed under ("An Garda Síochána", "ESB Networks").
struct Attendee<'a> {
    initials: String,
    /// The name without its title ("Lynne Baxter").
    name: String,
    post: &'a str,
    group: &'a str,
}

/// The initials the attendance list gives, each with the rest of its line (post and body):
/// written in brackets ("Gareth Lowe (GL) – Level Crossing Manager, Network Rail"), or made of
/// the name's first letters ("Tim Reidy, Ausgrid, Emergency Management" → TR); with the heading
/// of the group each is listed under, where the list groups them by body.
fn attendees(minutes: &str) -> Vec<Attendee<'_>> {
    let mut out: Vec<Attendee> = Vec::new();
    let mut group = "";
    for line in minutes.lines().map(str::trim).flat_map(listed_inline) {
        let known = |out: &[Attendee], initials: &str| out.iter().any(|a| a.initials == initials);
        if let Some((initials, name, post)) =
            named_by_letters(line).or_else(|| post_in_brackets(line)).or_else(|| initials_then_post(line))
            && !known(&out, &initials)
        {
            out.push(Attendee { initials, name, post, group });
        }
        let Some(open) = line.find('(') else {
            if is_group_heading(line) {
                group = line;
            }
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
        if is_initials(initials) && (2..=4).contains(&name_words) && !rest.is_empty() && !known(&out, initials) {
            let name = untitled(line[..open].trim_start_matches(['-', '•', '*', ' '])).join(" ");
            out.push(Attendee { initials: initials.to_string(), name, post: rest, group });
        } else if !is_initials(initials) && is_group_heading(line) {
            // "Uisce Éireann (Irish Water)": a body's name with another in brackets.
            group = line;
        }
    }
    out
}

/// The verbs after which a person's first name alone is who acts ("Carla will schedule …",
/// "Lisa to arrange a walk-through …").
const ACTS: [&str; 5] = [" will ", " is to ", " agreed to ", " undertook to ", " to "];

/// The minutes with each person present named in full where the text calls them by first name
/// or surname alone as who acts ("Carla will schedule a drill" → "Carla Whitfield will schedule a
/// drill", "Coordinator Rausch to compile …"),
/// so that they are read as a person present is; and the pairs (in full, as written) to put the
/// drafts' words back as the minutes wrote them. A name two people share, or one the
/// minutes also write in full before the same verb, is left alone.
pub(super) fn first_names_in_full(minutes: &str) -> (String, Vec<(String, String)>) {
    let people = attendees(minutes);
    let first = |a: &Attendee| a.name.split_whitespace().next().unwrap_or("").to_string();
    // "Rausch will update …", "Coordinator Rausch to compile …": a surname alone, likewise.
    let last = |a: &Attendee| a.name.split_whitespace().last().unwrap_or("").to_string();
    let mut out = minutes.to_string();
    let mut pairs = Vec::new();
    for person in &people {
        for form in [first(person), last(person)] {
            let shared = people.iter().filter(|a| first(a) == form || last(a) == form).count() > 1;
            if form.len() < 2 || person.name == form || shared {
                continue;
            }
            for verb in ACTS {
                let (short, full) = (format!("{form}{verb}"), format!("{}{verb}", person.name));
                if out.contains(&full) || !out.contains(&short) {
                    continue;
                }
                if let Some(rewritten) = in_full(&out, &short, &full) {
                    out = rewritten;
                    pairs.push((full, short));
                }
            }
        }
    }
    (out, pairs)
}

/// `text` with `short` written as `full` wherever it opens its clause ("Carla will", "… in
/// January. Carla will", "and Carla will") or follows a title or post ("Coordinator Rausch to"),
/// not inside another name ("Mary Carla will"); `None` where it is nowhere such.
fn in_full(text: &str, short: &str, full: &str) -> Option<String> {
    let mut rewritten = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    for (at, _) in text.match_indices(short) {
        let head = text[..at].trim_end();
        let titled = head.rsplit([' ', '\n']).next().is_some_and(|w| {
            let w = w.trim_end_matches('.').to_ascii_lowercase();
            w.starts_with(|c: char| c.is_ascii_alphabetic())
                && (TITLES.contains(&w.as_str()) || POSTS_BEFORE_NAMES.contains(&w.as_str()))
        });
        let opens = head.is_empty()
            || head.ends_with(['.', ';', ':'])
            || text[..at].ends_with('\n')
            || head.ends_with(" and")
            || head.ends_with(" that")
            || titled;
        if opens && (at == 0 || !text[..at].ends_with(|c: char| c.is_alphanumeric())) {
            rewritten.push_str(&text[copied..at]);
            rewritten.push_str(full);
            copied = at + short.len();
        }
    }
    rewritten.push_str(&text[copied..]);
    (copied > 0).then_some(rewritten)
}

/// Posts a surname may follow as who acts, besides the titles ("Coordinator Rausch to compile …",
/// "Sheriff Tschirgi will …").
const POSTS_BEFORE_NAMES: &[&str] = &[
    "coordinator",
    "sheriff",
    "director",
    "supervisor",
    "commissioner",
    "judge",
    "auditor",
    "engineer",
    "administrator",
    "inspector",
    "officer",
    "manager",
];

/// Puts back in the drafts' words the first names `first_names_in_full` wrote in full.
pub(super) fn first_names_as_written(pairs: &[(String, String)], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        for (full, short) in pairs {
            if d.text.contains(full.as_str()) {
                d.text = d.text.replace(full.as_str(), short);
            }
            if d.title.contains(full.as_str()) {
                d.title = d.title.replace(full.as_str(), short);
            }
        }
    }
}

/// The people of an attendance list written on one line, each as its own line ("Staff present:
/// Lowell Ames, Director of Public Health; Dana Kowalczyk, Environmental Health Manager",
/// "Attendees: Ray Dominguez (VP Operations, Chair); Carla Whitfield (HSE Manager)"); any other
/// line as it is.
fn listed_inline(line: &str) -> Vec<&str> {
    const LABELS: &[&str] =
        &["present", "also present", "staff present", "members present", "attendees", "in attendance", "attendance"];
    // "The Board met in regular session …. Also present: Jennifer Garms, County Auditor; …": the
    // label may open a later sentence of the line.
    let lower = line.to_ascii_lowercase();
    let people = LABELS
        .iter()
        .filter_map(|l| {
            let label = format!("{l}:");
            lower
                .match_indices(&label)
                .find(|&(at, _)| at == 0 || lower[..at].ends_with(". "))
                .map(|(at, _)| at + label.len())
        })
        .max()
        .and_then(|at| line.get(at..));
    match people {
        Some(people) if people.contains(';') => {
            people.split(';').map(|p| p.trim().trim_end_matches('.')).filter(|p| !p.is_empty()).collect()
        }
        _ => vec![line],
    }
}

/// "Carla Whitfield (HSE Manager)": a name of two or three capitalised words and the post in the
/// brackets after it.
fn post_in_brackets(line: &str) -> Option<(String, String, &str)> {
    let (name, rest) = line.split_once(" (")?;
    let post = rest.strip_suffix(')')?;
    let words = untitled(name);
    // "A. Nowak (SHEQ Manager)": a first name may be its initial.
    let initial = |w: &str| w.len() == 2 && w.starts_with(|c: char| c.is_ascii_uppercase()) && w.ends_with('.');
    let name_like = (2..=3).contains(&words.len())
        && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.chars().skip(1).all(|c| c.is_alphabetic() || "'-".contains(c)) || initial(w))
        && words.iter().skip(1).all(|w| w.chars().any(|c| c.is_ascii_lowercase()))
        && words.first().is_some_and(|w| initial(w) || w.chars().any(|c| c.is_ascii_lowercase()))
        // "Project Manager (Chair)": a post, not a name.
        && words.last().is_some_and(|w| !super::actors::ROLE_NOUNS.contains(&w.to_ascii_lowercase().as_str()));
    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
    (name_like && !is_initials(post)).then(|| (initials, words.join(" "), post))
}

/// A line that can head a group of the attendance list: a body's name of a few words, with no
/// bullet, no sentence and no label ("HSE", "An Garda Síochána", "Kerry County Council").
fn is_group_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=6).contains(&words)
        && line.starts_with(|c: char| c.is_uppercase())
        && !line.ends_with(['.', ':', ';', ','])
        && !line.contains(':')
}

/// "Supt Mark Delaney, Fire and Rescue NSW, Metro North Area Command": a name of two or three
/// capitalised words (after a title) before the first comma of a line that is no sentence; its
/// initials, the name and the rest of the line.
fn named_by_letters(line: &str) -> Option<(String, String, &str)> {
    // "- Greg Mullins, Director of Transportation": a bullet opens the line.
    let line = line.trim_start_matches(['-', '•', '*', ' ']);
    // "Nadia Hussain – Head of Building Safety": a dash does what the comma does, whichever
    // comes first ("JB  James Barlow – Station Manager, Manchester Central group").
    let comma = line.split_once(", ");
    let (name, rest) = match super::markers::split_at_dash(line) {
        Some(dash) if comma.is_none_or(|(before, _)| dash.0.len() < before.len()) => dash,
        _ => comma?,
    };
    // A stop may end a title ("Insp. Paul Finch", "St. Helens"), never a sentence.
    let dotted = line.split_whitespace().any(|w| {
        w.contains('.')
            && !(w == "St."
                || w.ends_with('.') && TITLES.contains(&w.trim_end_matches('.').to_ascii_lowercase().as_str()))
    });
    if dotted || line.contains([';', ':']) || line.split_whitespace().count() > 20 {
        return None;
    }
    // "AW  Andy Wright, MHE Fleet Coordinator": the initials written before the name (and
    // before its title: "PF  Insp. Paul Finch").
    let first = name.split_whitespace().next().unwrap_or("");
    let written = Some(first).filter(|w| name.split_whitespace().count() > 2 && is_initials(w));
    let words = untitled(if written.is_some() { name.trim_start()[first.len()..].trim_start() } else { name });
    let name_like = (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars().skip(1).all(|c| c.is_alphabetic() || "'-".contains(c))
        })
        && words.iter().any(|w| w.chars().any(|c| c.is_ascii_lowercase()));
    // "SB  Route Safety, Health & Environment Manager": initials before a post, not a name.
    let theirs = written.is_none_or(|w| words.first().is_some_and(|n| n.starts_with(&w[..1])));
    let initials: String =
        written.map_or_else(|| words.iter().filter_map(|w| w.chars().next()).collect(), str::to_string);
    (name_like && theirs && !rest.trim().is_empty()).then(|| (initials, words.join(" "), rest.trim()))
}

/// "PK  Head of Maintenance", "SB  Route Safety, Health & Environment Manager": initials, a wide
/// gap, and a post with no name.
fn initials_then_post(line: &str) -> Option<(String, String, &str)> {
    let (initials, rest) = line.split_once(|c: char| c.is_whitespace())?;
    let gap = rest.starts_with([' ', '\t']) || line[initials.len()..].starts_with('\t');
    let post = rest.trim();
    let plain =
        !post.is_empty() && !post.contains([':', ';']) && !post.ends_with('.') && post.split_whitespace().count() <= 12;
    (is_initials(initials) && gap && plain).then(|| (initials.to_string(), String::new(), post))
}

/// Whether the text opens with a person's name ("Lynne Baxter will analyse …") or names them,
/// in full or by title and surname, as the one who acts ("…, and Ms Hussain undertook to submit
/// them", "which Mr Cole undertook to complete").
fn acts_by_name(text: &str, name: &str) -> bool {
    let Some((_, surname)) = name.rsplit_once(' ') else {
        return false;
    };
    if text.strip_prefix(name).is_some_and(|r| r.starts_with(' ')) {
        return true;
    }
    let titled = ["Mr", "Ms", "Mrs", "Miss", "Dr", "Councillor", "Cllr"].map(|t| format!("{t} {surname}"));
    // "G. Mullins will draft …": the first name's initial and the surname.
    let initial = name.chars().next().map(|c| format!("{c}. {surname}"));
    std::iter::once(name.to_string()).chain(titled).chain(initial).any(|who| {
        [" undertook to ", " undertakes to ", " agreed to ", " will ", " to "]
            .iter()
            .any(|verb| text.contains(&format!("{who}{verb}")))
    })
}

/// The words of a name after its titles ("Supt. Colm Hurley" → Colm, Hurley).
fn untitled(name: &str) -> Vec<&str> {
    name.split_whitespace()
        .skip_while(|w| TITLES.contains(&w.trim_end_matches('.').to_ascii_lowercase().as_str()))
        .collect()
}

pub(super) fn is_initials(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// The owners' initials an action gives in brackets, at its end ("… by 31 October. (PR)",
/// "(DW/KM)") or after the body that acts ("Ausgrid (TR) to provide …").
fn owners_in(text: &str) -> Vec<&str> {
    text.match_indices('(')
        .filter_map(|(p, _)| text[p + 1..].split_once(')').map(|(inner, _)| inner))
        .map(|inner| inner.split(['/', ',']).map(str::trim).collect::<Vec<_>>())
        .find(|owners| owners.iter().all(|o| is_initials(o)))
        .unwrap_or_default()
}

/// The owners' initials an action's line gives in a cell of its own ("A1/09 | Offload … |
/// RP/LC | 11 Sep", a row of an action table) or after an "Owner:" label ("… Owner: RP/LC;
/// Due: 11 Sep"): they answer for the action whatever it names.
fn labelled_owners(line: &str) -> Vec<&str> {
    fn initials_in(value: &str) -> Vec<&str> {
        let owners: Vec<&str> = value.split(['/', ',', '&']).map(str::trim).collect();
        if owners.iter().all(|o| is_initials(o)) { owners } else { Vec::new() }
    }
    if let Some(at) = line.find("Owner: ").or_else(|| line.find("Owners: ")) {
        let value = line[at..].split_once(": ").map_or("", |(_, v)| v);
        return initials_in(value.split([';', '.']).next().unwrap_or(""));
    }
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    cells.iter().skip(1).map(|cell| initials_in(cell)).find(|owners| !owners.is_empty()).unwrap_or_default()
}

/// The owners' initials an action opens with, after its label: "ACTION 2026/07 - PR to repair
/// …", "JM and RI to plan …", "JM, with MD for the ambulance service, to agree …" (the first
/// owner leads; initials in the aside cooperate and are not read here).
pub(super) fn opening_owners(line: &str) -> Vec<&str> {
    // "Action: AN to issue needle-resistant gloves …": a label with no number, then the owners.
    let labelled = super::markers::after_action_label(line).and_then(|rest| rest.strip_prefix(':'));
    let body = super::markers::after_numbered_label(line)
        .or_else(|| super::markers::owner_label(line).map(|(_, at)| &line[at..]))
        .or(labelled)
        .unwrap_or_else(|| super::segments::strip_enumerator(line));
    let mut owners = Vec::new();
    for word in body.split_whitespace() {
        let name = word.trim_end_matches([',', ':']);
        // "NC/CH – Close the causeway": initials joined by a slash.
        let names: Vec<&str> = name.split('/').collect();
        if names.iter().all(|n| is_initials(n)) {
            owners.extend(names);
            // "JM, with MD …, to agree": an aside between commas before "to".
            if word.ends_with(',') {
                return if body.contains(", to ") { owners } else { Vec::new() };
            }
            // "GF: Extend the cold weather initiative": the owners, then what they do.
            if word.ends_with(':') {
                return owners;
            }
        } else if owners.is_empty() || !["and", "&", "/"].contains(&word) {
            // "NC / CH – Close the Maharees causeway …": the owners before a dash, then what
            // they do.
            let dash = ["–", "—", "-"].contains(&word) && !owners.is_empty();
            return if word == "to" || dash { owners } else { Vec::new() };
        }
    }
    Vec::new()
}

/// The action after the owners' initials that open it and the dash or colon after them ("NC / CH
/// – Close the causeway …", "GF: Extend the initiative …"); `None` where no initials open it so.
pub(super) fn after_opening_owners(text: &str) -> Option<&str> {
    let body = super::segments::strip_enumerator(text.trim_start());
    let owners = opening_owners(body);
    let last = owners.last()?;
    let at = body.find(last)? + last.len();
    let rest = body[at..].trim_start();
    let action =
        rest.strip_prefix(':').or_else(|| ["–", "—", "-"].iter().find_map(|d| rest.strip_prefix(d)))?.trim_start();
    (!action.is_empty()).then_some(action)
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
    // The line of work of the person some initials name: by the body the attendance list gives
    // them ("Route Safety Manager, Network Rail": the body says it before the post), else the post.
    // Where the post says none, the heading the person is listed under does ("Supt. Colm Hurley
    // (CH), Tralee District" under "An Garda Síochána").
    // Where neither says one, the person works for the company holding the meeting, in its line
    // ("JB  James Barlow – Station Manager" in a train company's minutes).
    let company = super::meeting::company_line(minutes);
    let line_of_work = |initials: &str| {
        let person = people.iter().find(|a| a.initials == initials)?;
        [person.post, person.group]
            .into_iter()
            .find_map(|said| {
                let unit = ctx.departments.find_names(said).into_iter().rev().find(|u| !u.function.is_empty())?;
                Some((unit.function, said.get(unit.start..unit.end).unwrap_or(said).to_string()))
            })
            .or_else(|| company.map(|f| (f.to_string(), person.post.to_string())))
    };
    for d in drafts.iter_mut() {
        let Some(line) = line_of(minutes, &d.text) else {
            continue;
        };
        // Initials that open the action name who does it, whatever it names after them ("JM,
        // with MD for the ambulance service, to agree …"); initials that close it give way to a
        // unit the text names.
        // Only initials of people present ("Action: ATC to broadcast …" names air traffic control).
        let mut opening = opening_owners(line);
        opening.retain(|o| people.iter().any(|a| a.initials == *o));
        let named = matches!(d.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit));
        let owners = match owners_in(line) {
            closing if !closing.is_empty() && !named => closing,
            _ if opening.is_empty() => labelled_owners(line),
            _ => opening,
        };
        // "Lynne Baxter will analyse …": a person present, named in full, acts as the line of
        // work of their post, where the text names no unit.
        let body = super::segments::strip_enumerator(d.text.trim_start());
        let by_name = || people.iter().find(|a| acts_by_name(body, &a.name)).map(|a| a.initials.as_str());
        let owner = owners.first().copied().or_else(|| if named { None } else { by_name() });
        let Some((function, words)) = owner.and_then(&line_of_work) else {
            continue;
        };
        let owner = owner.unwrap_or_default();
        if let Some(old) = d.lead_function.replace(function.clone())
            && named
            && old != function
            && !d.cooperating_functions.contains(&old)
        {
            d.cooperating_functions.push(old);
        }
        d.cooperating_functions.retain(|f| *f != function);
        d.why.lead_basis = Some(LeadBasis::NamedDepartment);
        d.why.lead_words = Some(words);
        d.confidence = Confidence::Medium;
        // The others the action names by their initials cooperate ("JM and RI to plan …", "…;
        // KO to witness the tests").
        for word in d.text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| is_initials(w) && *w != owner) {
            if let Some((other, _)) = line_of_work(word)
                && other != function
                && !d.cooperating_functions.contains(&other)
            {
                d.cooperating_functions.push(other);
            }
        }
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
        assert!(super::owners_in("Renew the markings (subject to funding).").is_empty());
        assert_eq!(super::owners_in("Renew the markings. (DW/KM)"), ["DW", "KM"]);
        assert_eq!(super::owners_in("Ausgrid (TR) to provide the levels (see annex)."), ["TR"]);
        assert!(super::attendees("The meeting noted the report (ORR).").is_empty());
        let people = super::attendees(
            "Dr Priya Anand, Hunter New England Local Health District\nThe Chair, noting the report, closed.",
        );
        let found: Vec<(&str, &str)> = people.iter().map(|a| (a.initials.as_str(), a.post)).collect();
        assert_eq!(found, [("PA", "Hunter New England Local Health District")]);
    }
}
