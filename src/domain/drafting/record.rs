//! What a meeting's record says of itself rather than asks of anyone: the vote after a motion,
//! when the members meet again, an earlier action's status ("A12/01 – … – CLOSED", "…; closed",
//! "; see below"), the meeting taking note — and the undertaking a body gives after what it
//! reported ("…, and Facility Services will test …").

/// "Motion carried 5-0.", "The motion passed unanimously.": the vote on a motion, recorded after
/// it, asks nothing of its own; nor do the recitals before a resolution ("WHEREAS, …").
pub(super) fn records_the_vote(lower: &str) -> bool {
    // "WHEREAS, the Board believes that customers should be informed …": a resolution's recital
    // says why, not what.
    if lower.starts_with("whereas") {
        return true;
    }
    let lower = lower.strip_prefix("the ").unwrap_or(lower);
    ["motion carried", "motion passed", "motion failed", "motion approved", "carried unanimously"]
        .iter()
        .any(|w| lower.starts_with(w))
}

/// "RESOLVED that there were no items requiring the exclusion of the press and public.", "There
/// were no declarations of interest.": the record of something that did not arise.
pub(super) fn records_an_absence(lower: &str) -> bool {
    let said = ["resolved that ", "resolved: ", "resolved, ", "noted that ", "it was noted that "]
        .iter()
        .find_map(|w| lower.strip_prefix(w))
        .unwrap_or(lower);
    ["there were no ", "there was no ", "there are no ", "there is no "].iter().any(|w| said.starts_with(w))
}

/// "The next meeting of the Roads Committee will be held on Thursday, November 19", "The Committee
/// will next meet on 9 October to review the holiday": when the members meet again.
pub(super) fn sets_the_next_meeting(lower: &str) -> bool {
    let held = ["will be held", "will take place", "is scheduled for", "is to be held", "is on "];
    (lower.contains("next meeting") && held.iter().any(|w| lower.contains(w))) || lower.contains("will next meet")
}

/// Whether the words say an earlier action's status or point elsewhere, and nothing more
/// ("closed", "see below", "no further action", "no change to the current risk rating").
pub(super) fn reports_status(text: &str) -> bool {
    let bare = text.trim().trim_end_matches(['.', ' ']).to_ascii_lowercase();
    let words = ["see below", "see above", "no formal action", "no further action", "no action"];
    DONE.contains(&bare.as_str()) || words.contains(&bare.as_str()) || bare.starts_with("no change to ")
}

/// "Closed.", "Closed; response submitted 2 July.": a later sentence of a tracker's numbered
/// line saying its action is finished, before any more it says of it.
pub(super) fn closes_the_action(sentence: &str) -> bool {
    reports_status(sentence.split([';', ',']).next().unwrap_or(""))
}

/// Whether a clause opens with a named body or post undertaking work ("and Facility Services
/// will test …", "and the Sheriff's Office agreed to equip …"; not a pronoun, "and it will"):
/// `Some(true)` when the work is what the words before it reported ("…, and Ms Hussain undertook
/// to submit them"), `Some(false)` when it stands on its own.
pub(super) fn undertakes(clause: &str) -> Option<bool> {
    let trimmed = clause.trim_start();
    let rest = trimmed.to_ascii_lowercase().strip_prefix("and ")?.to_string();
    let original = &trimmed[4..];
    [" will ", " agreed to ", " undertook to "].iter().find_map(|verb| {
        let at = rest.find(verb)?;
        let subject = &original[..at];
        let work = &rest[at + verb.len()..];
        let named = subject.split_whitespace().count() <= 6
            && !subject.contains(',')
            && super::actors::names_an_actor(&format!("{subject} "))
            && !super::actors::passive_obligation(work);
        let padded = format!(" {} ", work.split(['.', ';']).next().unwrap_or(work));
        named.then(|| [" them ", " it ", " this ", " these ", " those "].iter().any(|w| padded.contains(w)))
    })
}

/// Whether a clause after a comma of the sentence undertakes the work the words before it
/// reported ("Ms Hussain confirmed that the Regulator has asked for the safety case reports,
/// and Ms Hussain undertook to submit them by 30 April"): the sentence is the undertaking.
pub(super) fn undertakes_what_was_reported(sentence: &str) -> bool {
    sentence.match_indices(", ").any(|(p, _)| undertakes(&sentence[p + 1..]) == Some(true))
}

/// The words an action's status says it is finished with ("Closed", "Complete", "Done",
/// "Discharged"), in a tracker line or a table's status column.
pub(super) const DONE: [&str; 4] = ["closed", "complete", "done", "discharged"];

/// An earlier action the tracker reports on, not one set now: its status after a dash or in
/// brackets at its end ("A26/07 – KO to repaint … – CLOSED (completed 14/08).", "… (Done)"); a
/// carried-forward action is already someone's task.
pub(super) fn is_closed_action(lower: &str) -> bool {
    let end = lower.trim_end_matches(['.', ';', ' ']);
    let bracketed = end.strip_suffix(')').and_then(|e| e.rsplit_once('('));
    // A status is a few words ("carried forward to 26/06"), not an action after a dash
    // ("Environmental Health — complete checks on …").
    // Nor a due date ("– complete by 30 June").
    let short = |status: &str, most: usize| {
        let status = status.trim_start();
        status.split_whitespace().count() <= most
            && DONE.iter().chain(&["carried forward", "superseded"]).any(|s| {
                status.strip_prefix(s).is_some_and(|after| {
                    let next = after.split_whitespace().next().unwrap_or("");
                    !["by", "before", "within", "until", "no"].contains(&next)
                })
            })
    };
    let before_bracket = bracketed.map_or(end, |(before, _)| before.trim_end());
    let last = [" – ", " - ", " — "]
        .iter()
        .filter_map(|d| before_bracket.rfind(d).map(|p| &before_bracket[p + d.len()..]))
        .min_by_key(|r| r.len());
    last.is_some_and(|status| short(status, 4)) || bracketed.is_some_and(|(_, inside)| short(inside, 3))
}

/// "The group endorsed the dashboard", "The Committee noted the report": the meeting approving
/// or taking note of something asks no one to act.
pub(super) fn meeting_took_note(lower: &str) -> bool {
    super::speakers::ASKING_MEETINGS.iter().any(|m| {
        lower.strip_prefix(m).is_some_and(|rest| {
            ["noted ", "endorsed ", "welcomed ", "thanked ", "received "].iter().any(|v| rest.starts_with(v))
                // "The Committee noted the report and asked the District to inspect …".
                && ![" asked ", " request", " direct", " instruct", " agreed", " invited ", " urged ", " called on ", " will "]
                    .iter()
                    .any(|v| rest.contains(v))
        })
    })
}
