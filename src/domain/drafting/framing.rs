//! Report framing: what minutes record about the meeting itself (datelines, bylines, who listened
//! where, what was noted, received, approved or adjourned, actions closed, votes, absences, the
//! next meeting) never holds a directive, even when it happens to say "must".

use super::record::{
    is_closed_action, meeting_took_note, records_an_absence, records_the_vote, reports_status, sets_the_next_meeting,
};
use super::segments::strip_enumerator;

/// Report framing that never holds a directive even when it happens to say "must": datelines,
/// bylines, who listened where.
pub(super) fn is_framing(seg: &str) -> bool {
    const EN: &[&str] = &[
        "listened at",
        "reporter",
        "news network",
        "was held",
        "presided over",
        "chaired the meeting",
        "attended the meeting",
        // British minutes resolve on their own record: "RESOLVED that the report be noted".
        "be noted",
        // "(1) the Committee notes the report …", "THAT Council receive Report PW2026-04 for
        // information": a report received asks nothing; nor does a power delegated ("authority
        // is delegated to the Head of Regulatory Services … to suspend …").
        "notes the report",
        "noted the report",
        "note the report",
        "receive the report",
        "receives the report",
        "is delegated to",
        // "Further cases should be expected over …": a forecast.
        "should be expected",
        "can be expected",
        // "RESOLVED that the minutes of the April 14 meeting be approved as presented".
        "be approved as",
        "approved as presented",
        "approved as circulated",
        "be confirmed as",
        // "That Report TPW-2026-38 be received", "That the correspondence be received and
        // filed", "That the minutes … be adopted as circulated", "That the meeting adjourn".
        "be received",
        "be adopted as",
        "adopted as circulated",
        "received and filed",
        "meeting adjourn",
        // "The meeting be adjourned at 7:04 p.m." ("meeting adjourn" holds "The meeting adjourned").
        "meeting be adjourned",
        // "RESOLVED: That the next meeting be held on Tuesday 8 September 2026".
        "next meeting be held",
        "council adjourn",
        // "THAT the main motion be amended to add: …": an amendment, carried or not, is voted
        // on as part of the motion.
        "be amended to",
        "read and passed",
        // "THAT the Board receive and file the … activity report".
        "receive and file",
        "as a correct record",
        "as a true record",
        "branch venue",
        "sub-venue",
    ];
    const ZH: &[&str] = &[
        "记者",
        "收听收看",
        "分会场",
        "出席会议",
        "主持会议",
        "主持召开",
        "参加会议",
        "召开了",
        "发布时间",
        "来源：",
        "编辑：",
    ];
    let lower = seg.to_ascii_lowercase();
    EN.iter().any(|p| lower.contains(p))
        || ZH.iter().any(|p| seg.contains(p))
        || is_closed_action(&lower)
        || meeting_took_note(strip_enumerator(&lower))
        || lower.starts_with("on the morning of")
        || lower.starts_with("on the afternoon of")
        || lower.starts_with("on the evening of")
        || lower.starts_with("date ")
        // "1. To note the report and the progress made.": a resolution that asks nothing.
        || lower.starts_with("to note ")
        || records_the_vote(strip_enumerator(&lower))
        || records_an_absence(strip_enumerator(&lower))
        || sets_the_next_meeting(&lower)
        || lower.rsplit_once(';').is_some_and(|(_, status)| reports_status(status))
        // "." left of a table's wrapped row: no words, nothing asked.
        || !seg.chars().any(char::is_alphanumeric)
        || lower.starts_with("to receive ")
        // "(1) Notes the Council's current state of readiness …": what a cabinet's resolution
        // notes, welcomes or receives asks no one.
        || ["notes ", "welcomes ", "receives ", "acknowledges "].iter().any(|w| strip_enumerator(&lower).starts_with(w))
        // "Reasons for the decision: …", "Options considered and rejected: …": the decision's
        // record, after it.
        || ["reasons for the decision", "reason for the decision", "options considered"].iter().any(|w| lower.starts_with(w))
        // "To endorse the Heat-Health Action Plan subject to the amendments agreed": approving
        // a document asks no one to do anything.
        || lower.starts_with("to endorse ")
        // "… receive Report PW2026-04 for information; and" (not "… for information leading to
        // a criminal case").
        || lower.trim_end_matches(['.', ';', ',', ' ']).trim_end_matches(" and").ends_with("for information")
        || (seg.starts_with(|c: char| c.is_ascii_digit()) && (seg.contains("召开") || seg.contains("举行")))
        // "公安部在全国会议上明确要求，要坚决守住…底线": a national meeting's words relayed.
        || (seg.contains("全国") && seg.contains("会议上") && ["要求", "强调", "指出"].iter().any(|w| seg.contains(w)))
}
