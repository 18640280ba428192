//! Minutes recorded speaker by speaker ("The Ventilation Section reported …", "Xu Hong said the
//! Security Department shall …", "He asked the Finance Department to pay …"): what a speaker
//! directs a unit to do is a requirement; what a speaker says or reports is not.

use super::{
    Ctx,
    segments::{MarkerKind, find_markers, opens_with_preamble},
    structure::names_subject,
};

/// The verbs of a motion or resolution: they direct a unit whatever clause moved them
/// ("Supervisor Nakamura moved, seconded by …, to direct the Department of Public Works to …",
/// "THAT Council direct the Fire Department, in cooperation with …, to deliver …").
const DECISIVE: &[&str] = &[
    " to direct ",
    // "Motion … to authorize the Superintendent to negotiate an agreement …"
    " to authorize ",
    " to authorise ",
    " request ",
    " requests ",
    " to instruct ",
    " direct ",
    " directs ",
    " instruct ",
    " instructs ",
    " directed ",
    " instructed ",
];

/// The meeting itself, or its members, as the subject that asks ("the Committee asked the District
/// to …", "…, and the group asked the Library to …").
pub(super) const ASKING_MEETINGS: &[&str] = &[
    "the committee ",
    "the meeting ",
    "the board ",
    "the council ",
    "council ",
    "members ",
    // "…, and the group asked the Library to have signage … in place": a working group, a
    // partnership, a panel asks as a committee does.
    "the group ",
    "the partnership ",
    "the panel ",
    "the forum ",
    "the commission ",
];

/// What a motion moves after its mover and seconder ("Motion by A, second by B, that the Chair
/// appoint …"), when it names who acts.
fn motion_that<'a>(seg: &'a str, lower: &str) -> Option<&'a str> {
    // "Moved Nakamura, seconded Fraser, that …" as well.
    let moved =
        [" motion", " it was moved", " moved "].iter().any(|m| lower.starts_with(m)) || lower.contains(" moved by ");
    if !moved || !lower.contains(" second") {
        return None;
    }
    let at = lower.find(", that ")? + ", that ".len() - 1;
    // "that $21,400 be released from the capital reserve and that the Harbour Master install
    // …": the first clause a unit acts in.
    std::iter::once(at)
        .chain(lower[at..].match_indices(" and that ").map(|(p, m)| at + p + m.len() - 1))
        .filter_map(|p| seg.get(p..))
        .find(|rest| {
            // "that Recommendations 2026-03 to 2026-05 be forwarded to the Mine Manager": a passing on.
            let passive = rest.split_whitespace().take(8).any(|w| w == "be");
            // "that all freezers … be locked … by December 31, 2025, with the Biosafety Office
            // leading implementation": a passive the motion gives someone to lead.
            let led = rest.contains(" be ") && [" leading ", " led by ", " to lead "].iter().any(|w| rest.contains(w));
            led || (rest.strip_prefix("the ").unwrap_or(rest).starts_with(|c: char| c.is_ascii_uppercase()) && !passive)
        })
        .map(asked_by_the_meeting)
}

/// "the Board request RCMP West Coast Marine Services to conduct …", "the Council invite Port
/// Hardy Fire Rescue to carry out …": the body the meeting asks does the work; what follows the
/// meeting's own verb.
fn asked_by_the_meeting(clause: &str) -> &str {
    const MEETINGS: &[&str] = &["the Board ", "the Council ", "the Committee ", "the Authority ", "Council "];
    const ASKS: &[&str] = &["request ", "invite ", "ask ", "direct ", "instruct "];
    MEETINGS
        .iter()
        .find_map(|m| clause.strip_prefix(m))
        .and_then(|rest| ASKS.iter().find_map(|v| rest.strip_prefix(v)))
        .filter(|rest| rest.strip_prefix("the ").unwrap_or(rest).starts_with(|c: char| c.is_ascii_uppercase()))
        .filter(|rest| rest.contains(" to "))
        .unwrap_or(clause)
}

/// A speaker's directive in minutes recorded speaker by speaker: "He asked the Finance
/// Department to pay …" / "The Chair asked that …" (what follows "asked" is required), or
/// "Xu Hong said the Security Department shall return …" (reported speech whose subject is a
/// unit the table knows, with a modal that asks, not "should have"). The requirement, from
/// the unit on.
pub(super) fn speaker_directive<'a>(ctx: &Ctx, seg: &'a str) -> Option<&'a str> {
    // " request the Head of Estates to …": an item of resolutions opens with its verb.
    let lower = format!(" {}", seg.to_ascii_lowercase());
    // "Motion by Chief Danner, second by Sheriff Whitcomb, that the Knox County EMA schedule a
    // full-scale exercise …": what the motion moves, a unit's task.
    if let Some(rest) = motion_that(seg, &lower) {
        return Some(rest);
    }
    let (verb, rest_at) = [
        // "Commissioner Ruiz moved to direct the Public Health Department to distribute …": a
        // motion carried asks that unit.
        " moved to direct ",
        " moved to ask ",
        " moved to instruct ",
        " moved to request ",
        " moved to require ",
        " asked ",
        // "The Board asks the County Health Department to provide …": a direction in a list.
        " asks ",
        " told ",
        " required ",
        " urged ",
        " requested ",
        " called on ",
        // "Mr Gill confirmed that the Highways team … will finalise …": a unit's undertaking
        // confirmed for it.
        " confirmed that ",
        " stated that ",
        " said that ",
        " said ",
        " agreed that ",
    ]
    .iter()
    .chain(DECISIVE)
    .filter_map(|v| {
        // "on request from the HSE", "a direct line": a noun or an adjective, not the verb.
        let p = lower.match_indices(v).map(|(p, _)| p).find(|&p| {
            let before = lower[..p].rsplit(' ').next().unwrap_or("");
            !DECISIVE.contains(v)
                || !["on", "upon", "at", "by", "a", "the", "any", "per", "their", "its"].contains(&before)
        })?;
        Some((*v, p + v.len() - 1))
    })
    .min_by_key(|&(_, p)| p)?;
    let head = lower.get(1..rest_at + 1 - verb.len()).unwrap_or("");
    // "After discussion, members agreed that …": how it came about is no part of the speaker.
    let head = if opens_with_preamble(head) { head.rsplit_once(", ").map_or(head, |(_, h)| h) } else { head };
    // The speaker: a few words, no clause of their own before the verb.
    // "The Committee noted the written report of the Water District and asked the District to
    // …": the meeting itself, after what it noted, asks as its speakers do.
    let the_meeting = ASKING_MEETINGS.iter().any(|m| format!("{head} ").starts_with(m)) && verb == " asked ";
    let decisive = DECISIVE.contains(&verb);
    if !decisive && ((head.split_whitespace().count() > 8 && !the_meeting) || head.contains([',', ';', '"', '“'])) {
        return None;
    }
    let rest = seg.get(rest_at..)?;
    // A member agreeing, not the meeting ("it was agreed that …", "the committee agreed that …").
    let member = ["he", "she"].contains(&head.trim())
        || ["mr", "ms", "mrs", "miss", "dr", "cllr", "councillor"]
            .iter()
            .any(|t| head.trim().strip_prefix(t).is_some_and(|r| r.starts_with(['.', ' '])));
    if verb == " agreed that "
        && member
        && let Some(undertaken) = undertaking(ctx, rest)
    {
        return Some(undertaken);
    }
    // "Cabinet agreed that the Leisure and Tourism team install temporary signs …": the meeting
    // agreeing that a body it names do something, its verb bare as a resolution's.
    if verb == " agreed that "
        && !member
        && let Some(asked) = body_then_bare_verb(rest)
    {
        return Some(asked);
    }
    if !verb.starts_with(" said") && ![" agreed that ", " confirmed that ", " stated that "].contains(&verb) {
        // "asked the Mine Office to compile …", "asked that the Finance Department pay …": a
        // unit the table knows, then "to" within a few words (a member asking that something
        // be considered asks no unit).
        let rest = rest.get(..5).filter(|h| h.eq_ignore_ascii_case("that ")).map_or(rest, |_| &rest[5..]);
        let rest_lower = rest.to_ascii_lowercase();
        let words: Vec<&str> = rest_lower.split_whitespace().take(8).collect();
        let named = rest_lower.find(" to ").and_then(|p| rest.get(..p)).or_else(|| {
            let n = words.iter().take(6).map(|w| w.len() + 1).sum::<usize>();
            rest.get(..n.min(rest.len()))
        })?;
        // "asked that the Office of the Fire Marshal publish …", "asked the Ministry of
        // Transportation to …": a body named with capitals, doing something (not "be treated").
        // A motion's "request Prairie Central Railway to provide …" names it without "the".
        let capital = |r: &str| r.starts_with(|c: char| c.is_ascii_uppercase());
        // "Directs staff, working with the District Councils, to commission …": a resolution
        // directing its own staff.
        // "Commissioner Chavez asked staff to overlay …": a member of a commission directing its
        // staff (not "asked staff whether").
        let staff = (decisive && ["staff", "officers", "management"].iter().any(|w| rest_lower.starts_with(w)))
            || (verb == " asked " && rest_lower.starts_with("staff to "));
        // "the group asked Metro Transit to issue …": a body the meeting asks, by its name.
        // "The Chair asked District 4 to deploy …", "The Chair asked all district deputy
        // directors to review …": the chair directs whom they name, by name or by post.
        let chair = ["the chair", "the chairman", "the chairwoman", "the chairperson", "the convener", "the convenor"]
            .contains(&head.trim());
        // "requests that the three district councils, in consultation with …, prepare …",
        // "directs the district councils' solid waste managers, …, to identify …": a resolution
        // asking bodies or posts named in lower case.
        // Not "Request to the Georgia Department of Transportation" (a heading's noun), nor
        // "may be directed to the Operations Center team".
        let named_doer = decisive
            && !rest_lower.starts_with("to ")
            && super::meeting::names_a_doer(named.split(',').next().unwrap_or(named));
        let proper = rest.strip_prefix("the ").is_some_and(capital)
            || named_doer
            || ((decisive || the_meeting || chair) && capital(rest))
            || (chair && super::meeting::names_a_doer(named))
            || staff;
        let passive = rest_lower.contains(" be ") && !rest_lower.contains(" to ");
        // "… and to authorize the Assistant Superintendent to execute it": signing what was
        // decided is a formality, no task.
        let formality = [" to execute ", " to sign "].iter().any(|w| rest_lower.contains(w)) && verb.contains("autho");
        return ((names_subject(ctx, named) || (proper && !passive)) && !formality).then_some(rest);
    }
    let rest = rest.get(..5).filter(|h| h.eq_ignore_ascii_case("that ")).map_or(rest, |_| &rest[5..]);
    let markers = find_markers(rest);
    let &(pos, MarkerKind::Modal) = markers.iter().find(|(_, k)| *k != MarkerKind::Adverbial)? else {
        return None;
    };
    let after = rest.get(pos..)?.to_ascii_lowercase();
    let past = after.split_whitespace().nth(1).is_some_and(|w| w == "have");
    // "He said the Administration for Market Regulation should carry out …": the chair's
    // "should" to a unit the table knows asks it.
    let asks = ["shall", "must", "is to", "are to", "will", "should"].iter().any(|m| after.starts_with(m));
    (names_subject(ctx, rest) && asks && !past && !rest.get(..pos)?.contains(['"', '“'])).then_some(rest)
}

/// "He agreed that DEQ would publish an updated map …", "He agreed that the borough team will
/// complete the visits …": a member undertaking work for a body they name, where "will" or
/// "would" follows the body; "He agreed that site managers must be allowed …" is a concession.
/// "the Leisure and Tourism team install …": a body English names as a proper name opening the
/// text, then a verb in its bare form (not "was", "had", "would" or "be").
fn body_then_bare_verb(rest: &str) -> Option<&str> {
    let body = super::organisations::english_bodies(rest, true).into_iter().next()?;
    let opening = rest[..body.start].trim();
    if !(opening.is_empty() || opening.eq_ignore_ascii_case("the")) {
        return None;
    }
    let verb = rest[body.end..].strip_prefix(' ')?.split_whitespace().next()?;
    const NOT_BARE: &[&str] =
        &["was", "were", "is", "are", "had", "has", "have", "would", "will", "should", "be", "and", "of", "for", "to"];
    let bare = verb.chars().all(|c| c.is_ascii_lowercase())
        && !NOT_BARE.contains(&verb)
        && !verb.ends_with("ed")
        && !verb.ends_with('s');
    bare.then_some(rest)
}

fn undertaking<'a>(ctx: &Ctx, rest: &'a str) -> Option<&'a str> {
    let lower = rest.to_ascii_lowercase();
    let (at, len) = [" will ", " would "].iter().filter_map(|m| lower.find(m).map(|p| (p, m.len()))).min()?;
    let subject = rest.get(..at)?;
    let next = lower[at + len..].split_whitespace().next().unwrap_or("");
    let named = names_subject(ctx, subject)
        || super::meeting::names_a_doer(subject)
        || subject.trim_start_matches("the ").starts_with(|c: char| c.is_ascii_uppercase());
    (named && !["be", "not", "have"].contains(&next)).then_some(rest)
}

/// "陈志刚提出具体要求。", "他引用省自然资源厅的要求强调": a sentence that only says a speaker
/// is about to speak asks nothing itself.
pub(super) fn introduces_speech(seg: &str) -> bool {
    const VERBS: &[&str] = &["提出具体要求", "提出以下要求", "提出几点要求", "提出要求", "强调", "指出", "表示"];
    let core = seg.trim_end_matches(['。', '：', ':', '，', ',', ' ']);
    // "就做好下一阶段工作，刘洋提出明确要求。": what the speech is about goes.
    let core = match core.rsplit_once('，') {
        Some((about, speech)) if ["就", "围绕", "针对", "对于", "关于"].iter().any(|w| about.starts_with(w)) => {
            speech
        }
        _ => core,
    };
    let cjk = core.chars().filter(|c| super::scan::is_cjk(*c)).count();
    // "他提出了六个方面的要求。"
    // "陈明强调了四点。", "他讲了三个方面的意见。": the points counted, then spoken.
    let points = ["点", "方面", "点意见", "方面的意见"].iter().any(|w| core.ends_with(w)) && !core.contains('要');
    let named_requests = ["提出", "强调", "讲了", "谈了"].iter().any(|v| core.contains(v))
        && (core.ends_with("要求") || points)
        && cjk <= 16;
    (1..=30).contains(&cjk) && (VERBS.iter().any(|v| core.ends_with(v)) || named_requests)
}
