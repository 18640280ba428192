//! Who acts in English minutes when the department table does not know the name: a subject
//! written as a name ("The BC Wildfire Service will …", "Fleet Services will …", "The
//! Maintenance Manager will …", "HR is to …"), and an obligation in the passive ("Every space is
//! to be re-assessed …"). "will" and "is to" only ask something after such a subject; "The next
//! meeting will be held …" and "Drivers will …" ask nothing of anyone.

/// The last words of a role or unit that "will" / "is to" may follow ("the site manager will",
/// "the Conservation Officer Service, supported by the RCMP, will").
pub(super) const ROLE_NOUNS: &[&str] = &[
    "service",
    "services",
    "ministry",
    "council",
    "society",
    "agency",
    "unit",
    "division",
    "directorate",
    "manager",
    "managers",
    "adviser",
    "advisor",
    "officer",
    "officers",
    "director",
    "lead",
    "nurse",
    "coordinator",
    "co-ordinator",
    "supervisor",
    "supervisors",
    "engineer",
    "inspector",
    "superintendent",
    "chief",
    "principal",
    "principals",
    "headteachers",
    "marshal",
    "works",
    "chair",
    "secretary",
    "clerk",
    "solicitor",
    "controller",
    "foreman",
    "operator",
    "operators",
    // "Going forward, consultants will review the drill log …": a licensing division's
    // consultants, and the plurals of the posts above.
    "consultant",
    "consultants",
    "advisers",
    "advisors",
    "directors",
    "nurses",
    "coordinators",
    "engineers",
    "inspectors",
    "superintendents",
];

/// A company's departments, each named by one word ("Maintenance will install …").
const DEPARTMENT_WORDS: &[&str] = &[
    "maintenance",
    "dispatch",
    "operations",
    "engineering",
    "procurement",
    "purchasing",
    "facilities",
    "estates",
    "logistics",
    "compliance",
    "production",
    "warehousing",
    "fleet",
];

/// Words a name may hold in lower case ("Department of Health and Social Care").
const CONNECTORS: &[&str] = &["of", "and", "for", "&", "the", "on", "in", "at"];

/// Subjects that are no one: pronouns, and capitalised words that start a sentence of
/// background ("This", "There").
const NOT_ACTORS: &[&str] =
    &["it", "this", "that", "these", "those", "they", "we", "there", "he", "she", "which", "who", "i", "you", "all"];

/// Whether the words before "will" / "is to" end with a subject that names someone who acts: a
/// role or unit noun ("… Manager", "… Service"), or a name in capitals ("The Chair", "Public
/// Works", "Procurement" after "agreed that", "VDOT"). A unit named between commas after the
/// subject ("…, working with the First Nations' Emergency Services Society,") is skipped.
pub(super) fn names_an_actor(before: &str) -> bool {
    let mut head = before.trim_end();
    // "The Ministry …, working with …, will": the aside goes, the subject before it stays.
    if let Some(h) = head.strip_suffix(',') {
        head = h.rsplit_once(',').map_or(h, |(subject, _)| subject).trim_end();
    }
    let clause = clause_of(head);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let Some(last) = words.last() else {
        return false;
    };
    let last_lower = last.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_ascii_lowercase();
    if words.len() <= 10 && ROLE_NOUNS.contains(&last_lower.as_str()) {
        return true;
    }
    // A name in capitals: every word capitalised but connectors; a word in brackets may follow.
    let named: Vec<&str> = words.iter().copied().filter(|w| !w.starts_with('(') && !w.ends_with(')')).collect();
    let (article, rest) = match named.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") => (true, rest),
        _ => (false, &named[..]),
    };
    let Some(first) = rest.first() else {
        return false;
    };
    let capitalised = |w: &&str| w.starts_with(|c: char| c.is_ascii_uppercase());
    let acronym = |w: &&str| {
        let letters: Vec<char> = w.chars().filter(char::is_ascii_alphabetic).collect();
        letters.len() >= 2 && letters.iter().all(char::is_ascii_uppercase)
    };
    let all_named = rest.iter().all(|w| capitalised(w) || CONNECTORS.contains(&w.to_ascii_lowercase().as_str()));
    let not_pronoun = !NOT_ACTORS.contains(&first.to_ascii_lowercase().as_str());
    let starts_sentence = clause.len() == before.trim().len();
    // One capitalised word opening a sentence is any sentence's first word ("Drivers will …"),
    // unless it is an acronym or follows "the".
    // "Dispatch (Anita Shah) will …": a unit introduced with the person who answers for it;
    // "Maintenance will …": a company's own department by its one word.
    let bracketed = named.len() < words.len();
    let department = rest.len() == 1 && DEPARTMENT_WORDS.contains(&first.to_ascii_lowercase().as_str());
    let enough = article || rest.len() >= 2 || acronym(first) || !starts_sentence || bracketed || department;
    rest.len() <= 8 && capitalised(first) && all_named && not_pronoun && enough
}

/// The clause the words end in: after the last sentence break, semicolon, colon, dash or "that".
fn clause_of(head: &str) -> &str {
    let mut start = 0;
    for sep in [". ", "; ", ": ", "; ", " – ", " — ", " - ", "。", "；"] {
        if let Some(p) = head.rfind(sep) {
            start = start.max(p + sep.len());
        }
    }
    let lower = head.to_ascii_lowercase();
    if let Some(p) = lower.rfind(" that ") {
        start = start.max(p + " that ".len());
    }
    if let Some(p) = head.rfind(", ") {
        // "Before the season, the Fire Service will …": a lead-in before a comma goes.
        start = start.max(p + 2);
    }
    head.get(start..).unwrap_or("").trim().trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// "is to be re-assessed", "are to be bump-tested": an obligation in the passive, whoever the
/// subject; `after` is what follows "is to" / "are to". A meeting to be held asks nothing.
pub(super) fn passive_obligation(after: &str) -> bool {
    let lower = after.trim_start().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("be ") else {
        return false;
    };
    let verb = rest.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let participle = verb.ends_with("ed")
        || verb.ends_with("en")
        || ["kept", "set", "put", "sent", "run", "made", "done", "shut", "built", "brought"].contains(&verb);
    participle && !["held", "noted", "expected", "seen"].contains(&verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_capitals_or_a_role_is_an_actor() {
        assert!(names_an_actor("- The BC Wildfire Service "));
        assert!(names_an_actor("The Maintenance Manager "));
        assert!(names_an_actor("The Health and Safety Adviser "));
        assert!(names_an_actor("the committee agreed that Procurement "));
        assert!(names_an_actor("HR "));
        assert!(names_an_actor(
            "The Ministry of Emergency Management and Climate Readiness, working with the First Nations' Emergency Services Society, "
        ));
        assert!(names_an_actor("Before the season opens, the site manager "));
        // Posts in the plural, the staff who do the work.
        for staff in [
            "Going forward, consultants ",
            "The licensing consultant ",
            "Regional advisers ",
            "Regional advisors ",
            "Area directors ",
            "School nurses ",
            "Safety coordinators ",
            "Site engineers ",
            "Building inspectors ",
            "Regional superintendents ",
        ] {
            assert!(names_an_actor(staff), "{staff}");
        }
    }

    #[test]
    fn a_pronoun_a_plain_noun_or_a_sentence_opening_is_no_actor() {
        assert!(!names_an_actor("The next meeting "));
        assert!(!names_an_actor("Drivers "));
        assert!(!names_an_actor("It "));
        assert!(!names_an_actor("seeking confirmation that Cladding Safety Scheme funding "));
        assert!(!names_an_actor("We "));
        assert!(!names_an_actor("This "));
    }

    #[test]
    fn a_passive_obligation_needs_a_participle_and_no_meeting() {
        assert!(passive_obligation(" be re-assessed and classified by 30 June"));
        assert!(passive_obligation(" be bump-tested before each use"));
        assert!(passive_obligation(" be kept at the issue point"));
        assert!(!passive_obligation(" be held on 17 June"));
        assert!(!passive_obligation(" review the plan"));
    }
}
