//! The minutes read as a document: heading lines and closing lines, a numbered item's heading,
//! sentences that only add a condition to the requirement before them or name a unit that
//! cooperates on it, and sentences that announce a list. Only the requirements yield drafts; these
//! pieces either yield none or attach to the requirement they belong to.

use super::{
    Ctx, Draft, Language,
    deadlines::find_deadline_with,
    scan,
    segments::{MarkerKind, ends_with_terminator, find_markers, strip_enumerator},
    titles::clean_text,
};

/// A Chinese sentence whose first clause says when ("施工作业期间，…", "检修过程中，…", "节前，…").
pub(super) fn opens_with_a_time(seg: &str) -> bool {
    seg.split_once('，')
        .is_some_and(|(first, _)| ["期间", "时", "过程中", "前", "后"].iter().any(|w| first.ends_with(w)))
}

/// A heading line: no sentence ends in it and no comma divides it ("关于推进…工作的会议纪要",
/// "MINUTES OF THE SECOND-QUARTER MEETING", "三、有关要求"). It names what follows; it asks
/// nothing itself.
pub(super) fn is_heading_line(line: &str) -> bool {
    !line.contains(['。', '.', '!', '！', '?', '？', ';', '；', ',', '，', ':', '：'])
}

/// A sentence that only adds a condition or a consequence to the requirement before it: a
/// Chinese one that opens with "对…的，" / "…的，" ("对检验不合格的，一律停止使用"), an English
/// one whose subject is "any …", "those …", "a … that …" ("A vessel that fails shall …"), or
/// a "where …" after a semicolon.
pub(super) fn is_follow_up(sentence: &str, after_semicolon: bool) -> bool {
    if let Some(p) = sentence.find('，') {
        let first = &sentence[..p];
        let conditional = first.ends_with('的') || (first.starts_with(['对', '凡']) && first.contains('的'));
        // "…8月15日前完成更换；更换完成前，相关站点一律停止卸油": until the work before it is
        // done, what holds meanwhile.
        let until_done =
            after_semicolon && ["完成前", "到位前", "整改前", "之前", "以前"].iter().any(|w| first.ends_with(w));
        // "…；托育机构参照执行，由市卫生健康委负责督促。": others to do the same as asked before.
        let likewise = ["参照执行", "参照落实", "参照实施"].iter().any(|w| first.ends_with(w));
        return (conditional || until_done || likewise) && !first.contains("要");
    }
    let Some(&(pos, MarkerKind::Modal)) = find_markers(sentence).first() else {
        // "…; if it exceeds 1.0 per cent, coal cutting stops at once": a condition after a
        // semicolon says what happens, asking no one.
        let lower = sentence.to_ascii_lowercase();
        let first = lower.split_whitespace().next().unwrap_or("");
        // "…; and that \"No Swimming\" signs be posted on all floats": a motion's passive clause
        // after a semicolon goes with the clause before it.
        let passive_clause = ["and that ", "that "].iter().any(|w| lower.starts_with(w))
            && lower.split_whitespace().take(8).any(|w| w == "be");
        return conditional_subject_without_modal(sentence)
            || (after_semicolon
                && (passive_clause || ["if", "where", "when", "once", "unless", "should"].contains(&first)));
    };
    let subject = sentence.get(..pos).unwrap_or("").to_ascii_lowercase();
    let first = subject.split_whitespace().next().unwrap_or("");
    // "…; where it is forecast at 37°C, work shall stop": a sentence of its own that opens
    // with "Where" states a requirement of its own.
    if ["where", "if"].contains(&first) {
        return after_semicolon;
    }
    if subject.contains(',') {
        return false;
    }
    ["any", "anything", "anybody", "those", "whoever", "anyone", "no", "such"].contains(&first)
        || (["a", "an"].contains(&first) && [" that ", " which ", " who "].iter().any(|w| subject.contains(w)))
        || (qualified_subject(sentence.get(..pos).unwrap_or("")) && passive_after(sentence, pos))
}

/// A condition that names, with "由X", another line of work to do what it asks ("对吸纳…的
/// 中小微企业，要落实一次性扩岗补助，由省人力资源和社会保障厅会同省财政厅做好资金保障"): a
/// requirement of its own, not a condition on the one before it.
/// So is one with a deadline of its own, other than the one before it ("…6月底前形成整治清单。
/// 对违章占压管道的建构筑物，要依法依规拆除…，确保年底前全部整改销号").
/// Not others told to do the same ("托育机构参照执行，由市卫生健康委负责督促").
pub(super) fn asks_on_its_own(ctx: &Ctx, seg: &str, last: &Draft) -> bool {
    let conditional = seg.split('，').next().is_some_and(|first| first.contains('的'));
    let own_deadline = find_deadline_with(seg, ctx.meeting_date, &ctx.periods)
        .is_some_and(|(due, _)| last.deadline.is_some_and(|before| before != due));
    let another_doer = seg
        .split('，')
        .filter_map(|clause| super::items::led_by(ctx, clause))
        .any(|d| !d.function.is_empty() && last.lead_function.as_deref().is_some_and(|lead| lead != d.function));
    conditional && (own_deadline || another_doer)
}

/// Whether the modal at `pos` is followed by a passive ("shall be ordered", "shall not be
/// used"): something is done to the subject, rather than the subject doing something.
fn passive_after(sentence: &str, pos: usize) -> bool {
    let after = sentence.get(pos..).unwrap_or("").to_ascii_lowercase();
    let words: Vec<&str> = after.split_whitespace().skip(1).take(2).collect();
    words.first() == Some(&"be") || words == ["not", "be"]
}

/// A subject narrowed by what it did or has ("Employers found in breach", "Contractors with two
/// breaches", "Villages whose wells run dry") before a passive: the sentence says what happens
/// to those the requirement before it catches, not who does a new one ("Mines that stop
/// production must keep ventilation running" is a requirement of its own). A unit's name (capitalised words)
/// is never such a subject.
fn qualified_subject(subject: &str) -> bool {
    const QUALIFIERS: &[&str] = &[" with ", " found ", " whose ", " where ", " that ", " which ", " who "];
    let subject = subject.trim();
    let named = subject.chars().skip(1).any(|c| c.is_ascii_uppercase());
    let padded = format!(" {} ", subject.to_ascii_lowercase());
    !named && subject.split_whitespace().count() <= 10 && QUALIFIERS.iter().any(|q| padded.contains(q))
}

/// A sentence without "shall" whose subject is "any …" or "a … that …" ("A vehicle that fails
/// is not to be loaded", "Any job that cannot wait needs a permit"): a condition on the
/// requirement before it.
fn conditional_subject_without_modal(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().take(8).collect();
    match words.first() {
        Some(&("any" | "anything" | "anybody")) => true,
        Some(&("a" | "an")) => words.iter().any(|w| ["that", "which", "who"].contains(w)),
        _ => false,
    }
}

/// What someone said rather than what the meeting decided: "X said that … should …", "The
/// Housing Bureau explained that …", or the "That …" left of such a sentence. The modal is in
/// the words reported.
pub(super) fn is_reported_speech(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    let modal = find_markers(seg).iter().find(|(_, k)| *k != MarkerKind::Adverbial).map_or(lower.len(), |&(p, _)| p);
    let head = lower.get(..modal).unwrap_or(&lower);
    const REPORTING: &[&str] = &[
        " said that",
        " said ",
        "remarked that",
        "observed that",
        "explained that",
        "added that",
        "reminded",
        "warned that",
        "asked whether",
        "thanked",
        "felt that",
        // "Members felt strongly that the Trust must be seen to enforce …", "took the view that".
        "felt strongly that",
        "the view that",
        // "Members discussed the single access route and the need to move people early.".
        "members discussed",
        "argued that",
        "members agreed that",
        "noted that",
        "raised concerns",
        // "In his view every operator should be keeping …", "The Q3 internal audit found that
        // the rule that trailers should be chocked …": an opinion or a finding reported.
        "in his view",
        "in her view",
        "in their view",
        " found that",
        // "The union representative told the meeting that workers should …", "Its
        // meteorologist repeated the advice that residents should …", "The Procurement Lead
        // confirmed that contractors are required to …": what a member told or confirmed.
        " told ",
        " repeated ",
        "confirmed that",
        "advised that",
        "reported that",
        "stated that",
        "indicated that",
        "suggested that",
        "recalled that",
        "commented that",
        "general agreement",
        // "The Chair closed the item by saying that every one of us must …", "He agreed that
        // site managers must be allowed …": a member's words, or a member's concession.
        "saying that",
        "cautioned that",
        "discussed whether",
        "he agreed that",
        "she agreed that",
        "accepted that",
        // "The Board was clear that the waking watch should end …", "Members supported a clear
        // message that people with symptoms should not visit …": a view held, not a task set.
        "clear that",
        "message that",
        // "The CTSA referred to national guidance that organisers … should have a documented
        // protective security plan": what a member pointed the meeting to.
        " referred to ",
    ];
    // "She stressed that hesitancy … should not be mistaken for refusal", "AS emphasised that
    // anyone exposed should report …": a member's emphasis is an opinion; the meeting's own
    // ("The meeting stressed that all towns must …") is its requirement.
    const STRESSING: &[&str] =
        &["stressed that", "emphasised that", "emphasized that", "reiterated that", "insisted that"];
    let own = lower.starts_with("the meeting ") || lower.starts_with("meeting ");
    let stressed = !own && STRESSING.iter().any(|w| head.contains(w));
    // "Board discussion centered on whether older equipment should be replaced …", "Whether the
    // refresher training should be delivered in person …": a question discussed.
    let whether = lower.starts_with("whether ") || head.contains(" on whether ");
    // "有的同志说，…，要等上级政策出台了再说": what someone says, quoted in a speech.
    let zh_said = ["说，", "说：", "说:"].iter().any(|w| head.contains(w));
    let reported =
        seg.starts_with("That ") || REPORTING.iter().any(|w| head.contains(w)) || zh_said || stressed || whether;
    reported && !super::record::undertakes_what_was_reported(seg)
}

/// A sentence whose every "要"/"must" stands inside quotation marks: it reports what was said
/// or written ("主要领导明确要求“要确保群众温暖过冬”，公司责任重大。", "the owner \"should have
/// cleared the spillway\""), asking nothing itself.
pub(super) fn asks_only_in_quotes(seg: &str) -> bool {
    let mut quoted: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    for (p, c) in seg.char_indices() {
        match (c, open) {
            ('“' | '「', _) => open = Some(p),
            ('”' | '」', Some(o)) => {
                quoted.push((o, p));
                open = None;
            }
            ('"', None) => open = Some(p),
            ('"', Some(o)) => {
                quoted.push((o, p));
                open = None;
            }
            _ => {}
        }
    }
    let modals: Vec<usize> =
        find_markers(seg).iter().filter(|(_, k)| *k == MarkerKind::Modal).map(|&(p, _)| p).collect();
    // "明确要求“…”": the demand that opens the quotation is the quotation's.
    let opens_quote = |m: usize| {
        let after = seg.get(m..).unwrap_or("");
        ["要求“", "要求：“", "要求:“"].iter().any(|w| after.starts_with(w))
    };
    !modals.is_empty() && modals.iter().all(|&m| opens_quote(m) || quoted.iter().any(|&(o, c)| o < m && m < c))
}

/// A sentence that announces the list after it ("重点抓好以下工作。", "act quickly on the
/// following."): it asks nothing itself.
pub(super) fn announces_list(seg: &str) -> bool {
    let head = seg.trim_end_matches(['。', '.', '：', ':', ' ']).to_ascii_lowercase();
    // "The Executive resolved:", "The Committee agreed:": what follows is what was decided.
    // "At the meeting, officials agreed that:" likewise.
    let core = head.strip_suffix(" that").unwrap_or(&head);
    // "AGREED (unanimously) that:": how it was agreed goes.
    let core = match (core.find(" ("), core.ends_with(')')) {
        (Some(p), true) => &core[..p],
        _ => core,
    };
    // "The Committee presents Report 26-004 and respectfully recommends:": a committee's
    // recommendations to council, decided when council adopts the report.
    let decided = seg.trim_end().ends_with(':')
        && [
            "resolved",
            "agreed",
            "decided",
            "recommended",
            "recommends",
            "recommend",
            "directed to",
            "requested to",
            // "By consensus, the Committee further requested that:".
            "requested",
            "directed",
        ]
        .iter()
        .any(|w| core.ends_with(w))
        && core.split_whitespace().count() <= 14;
    if decided {
        return true;
    }
    // "The Committee agreed the following actions."
    // "The Committee agreed the following action list."
    // "Dr. Whitaker summarized the directions she has given to staff following the discussion:"
    let directions = seg.trim_end().ends_with(':')
        && ["the directions", "the instructions", "the taskings"].iter().any(|w| head.contains(w));
    if directions {
        return true;
    }
    // "The committee approved the following corrective action plan."
    let following = head.rsplit_once("the following ").is_some_and(|(_, rest)| rest.split_whitespace().count() <= 3);
    following
        || ["以下工作", "以下几项工作", "以下几点", "如下", "the following", "as follows"]
            .iter()
            .any(|w| head.ends_with(w))
        || announces_points(seg)
}

/// "要聚焦以下重点，抓实抓细假期工作。": "以下" and what it names (重点, 几个方面, 任务 …) announce
/// the list even when a clause follows.
fn announces_points(seg: &str) -> bool {
    // "郭新民提出五点要求。": a speaker announcing how many requirements follow.
    let head = seg.trim_end_matches(['。', '：', ':', ' ']);
    if head.contains("提出") && ["点要求", "条要求", "项要求", "方面要求", "几点意见"].iter().any(|w| head.ends_with(w))
    {
        return true;
    }
    // "下面，我就具体工作再强调几点。", "我讲三点意见。": a speaker announcing the points.
    let cjk = head.chars().filter(|c| scan::is_cjk(*c)).count();
    if cjk <= 20 && ["几点", "点意见", "点要求", "点建议", "几点意见"].iter().any(|w| head.ends_with(w))
    {
        return true;
    }
    const WHAT: &[&str] = &["重点", "工作", "几点", "事项", "要求", "方面", "任务", "措施"];
    seg.split_once("以下").is_some_and(|(_, rest)| {
        let named = rest.split(['，', '。', '：', ':', ',']).next().unwrap_or("");
        named.chars().count() <= 6 && WHAT.iter().any(|w| named.ends_with(w))
    })
}

/// A heading over the situation the meeting heard ("【会议情况】", "一、基本情况", "一、会议背景",
/// "3. Background", "2. Situation report"): what stands under it reports, it asks nothing.
pub(super) fn heads_background(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let name = strip_enumerator(lower.trim()).trim_matches(['【', '】', '[', ']', ':', '：', ' ']);
    const ZH: &[&str] = &["基本情况", "会议情况", "会议背景", "情况通报"];
    const EN: &[&str] = &["background", "situation", "situation report", "context"];
    ZH.iter().any(|w| name.ends_with(w) && name.chars().count() <= 8) || EN.contains(&name)
}

/// "RESOLVED – That" or "RESOLVED: that" alone on its line, over the clauses "(1) …", "(2) …":
/// a heading over what the meeting decided, colon or not.
pub(super) fn opens_resolutions(line: &str) -> bool {
    let line = strip_enumerator(line.trim());
    line.get(..8).is_some_and(|w| w.eq_ignore_ascii_case("resolved")) && {
        let rest = line[8..].trim_start_matches([' ', ':', '–', '-', '—', ',']);
        rest.is_empty() || rest.trim().eq_ignore_ascii_case("that")
    }
}

/// A heading over what the meeting decided ("3. Actions agreed", "Decisions", "议定事项").
pub(super) fn heads_decisions(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let lower = strip_enumerator(lower.trim()).trim_end_matches([':', '：', ' ']);
    // "ACTION LIST", "Actions:", "New actions": the actions a meeting set, but not those of
    // an earlier one ("Actions from the last meeting").
    // "Matters arising and action log" reports on the actions of earlier meetings.
    let actions = !lower.starts_with("matters arising")
        && ["action list", "action log", "actions", "action register", "action tracker", "taskings"]
            .iter()
            .any(|w| lower == *w || lower.ends_with(&format!(" {w}")));
    let resolved = opens_resolutions(lower);
    // "Recommendations to City Council": what a committee asks the council to decide.
    let recommendations = lower == "recommendations" || lower.starts_with("recommendations to ");
    // "Next steps" heads what follows; "E-scooter hire scheme – safety review and next steps"
    // names an item whose report comes first.
    let next_steps = lower.starts_with("next steps");
    actions
        || resolved
        || recommendations
        || next_steps
        || ["actions agreed", "agreed actions", "action points", "action items", "decisions", "决定事项", "议定事项"]
            .iter()
            .any(|w| lower.contains(w))
        // "三、会议决定": what the meeting decided, under a heading of its own.
        || ["会议决定", "会议议定"].contains(&lower)
}

/// A list announcement that decides what follows ("The Committee agreed the following
/// actions.", "会议议定如下："): its numbered items are requirements without "shall".
pub(super) fn announces_decisions(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    announces_list(seg)
        && ([
            "agreed",
            "decided",
            "resolved",
            "adopted",
            "approved",
            "recommend",
            "directions",
            "taskings",
            "directed to",
            // "By consensus, the Committee further requested that:", "The Board directed that:".
            "requested that",
            "requests that",
            "directed that",
            "directs that",
        ]
        .iter()
        .any(|w| lower.contains(w))
            || ["议定", "决定", "明确", "确定"].iter().any(|w| seg.contains(w)))
}

/// A paragraph's short first sentence, when the next names who does what: its heading, modal
/// or not ("Hidden hazards must be cleared before the peak. The forestry administration shall
/// …").
pub(super) fn is_paragraph_heading(sentence: &str, next_names_subject: bool) -> bool {
    // "Second, make sure that the water people drink is safe.": the ordinal numbers the
    // heading, it is no clause.
    let sentence = ["First, ", "Second, ", "Third, ", "Fourth, ", "Fifth, ", "Sixth, ", "Finally, ", "Lastly, "]
        .iter()
        .find_map(|o| sentence.strip_prefix(o))
        .unwrap_or(sentence);
    let cjk = sentence.chars().filter(|c| scan::is_cjk(*c)).count();
    let short = if cjk > 0 { cjk <= 16 } else { sentence.split_whitespace().count() <= 10 };
    // "Duty and accountability must be tight.": a passive slogan names a theme, not a task.
    let lower = sentence.to_ascii_lowercase();
    let slogan = cjk == 0 && [" must be ", " should be ", " shall be "].iter().any(|w| lower.contains(w));
    (next_names_subject || slogan) && short && !sentence.contains(['，', ',', '；', ';', ':', '：'])
}

/// "The Wildlife Division will publish the hours of the check stations.": an English sentence
/// whose own subject, named in capitals whether the table knows it or not, acts. It asks its own
/// unit and heads no one else's work.
pub(super) fn acts_by_name(sentence: &str) -> bool {
    !sentence.chars().any(scan::is_cjk)
        && find_markers(sentence)
            .iter()
            .find(|&&(_, k)| k == MarkerKind::Modal)
            .is_some_and(|&(p, _)| super::actors::names_an_actor(&sentence[..p]))
}

/// "要深化自建房安全专项整治，守住安全底线。" or "要把好“入口关”。" before "各乡镇要…": a heading of
/// one or two short phrases, the way Chinese paragraphs open before the units they ask. `next`:
/// the sentence after it.
pub(super) fn is_two_phrase_heading(sentence: &str, next: &str) -> bool {
    let core = sentence.trim_end_matches(['。', '；']);
    let cjk = |p: &str| p.chars().filter(|c| scan::is_cjk(*c)).count();
    // "聚焦报警器安装，确保应装尽装": a task and the goal it is to reach, as "要…，…" is.
    let goal = core.split_once('，').is_some_and(|(_, g)| g.starts_with("确保") || g.starts_with("做到"));
    let two_phrases = (core.starts_with('要') || goal)
        && core.matches('，').count() == 1
        && !core.contains([',', '；', ';', ':', '：', '“'])
        && core.split('，').all(|p| (3..=16).contains(&cjk(p)));
    let one_phrase =
        core.starts_with('要') && !core.contains(['，', ',', '；', ';', ':', '：']) && (3..=16).contains(&cjk(core));
    let two_phrases = two_phrases || one_phrase;
    // The next sentence asks someone: a subject of a few characters, then "要".
    let asks_someone = find_markers(next).iter().find(|(_, k)| *k == MarkerKind::Modal).is_some_and(|&(p, _)| {
        let subject = &next[..p];
        let n = subject.chars().filter(|c| scan::is_cjk(*c)).count();
        (2..=14).contains(&n) && !subject.contains(['，', ','])
    });
    // "由区城管局牵头，…": the next sentence names who leads.
    let names_a_lead = next.starts_with('由') && next.split('，').next().is_some_and(|c| c.ends_with("牵头"));
    two_phrases && (asks_someone || names_a_lead)
}

/// "要坚持打击、整治、防范、宣传一体推进，坚决守护好老年人的“养老钱”。" before "一是…二是…" in the
/// same paragraph: one or two phrases opening with "要" over the items numbered after it, quoted
/// words and all.
pub(super) fn heads_items_after_it(sentence: &str) -> bool {
    let core = sentence.trim_end_matches(['。', '；']);
    let cjk = |p: &str| p.chars().filter(|c| scan::is_cjk(*c)).count();
    core.starts_with('要')
        && core.matches('，').count() <= 1
        && !core.contains([',', '；', ';', ':', '：'])
        && core.split('，').all(|p| (3..=20).contains(&cjk(p)))
}

/// A short first sentence without a modal of its own: the heading of a numbered item.
pub(super) fn is_item_heading(sentence: &str) -> bool {
    let modal = find_markers(sentence).iter().any(|&(_, k)| k != MarkerKind::Adverbial);
    let cjk = sentence.chars().filter(|c| scan::is_cjk(*c)).count();
    let short = if cjk > 0 { cjk <= 20 } else { sentence.split_whitespace().count() <= 8 };
    short && !modal && !sentence.contains(['，', ','])
}

pub(super) fn separator(language: Language) -> &'static str {
    match language {
        Language::Zh => "",
        Language::En => " ",
    }
}

/// Whether a sentence's subject names a unit ("区教育局要…"): then it is a requirement of its own.
pub(super) fn names_subject(ctx: &Ctx, sentence: &str) -> bool {
    let comma = sentence.find(['，', ',']).unwrap_or(sentence.len());
    let head = sentence.get(..comma).unwrap_or(sentence);
    // "The Provincial Forestry and Grassland Administration shall …": an article and a level
    // before the name.
    const LEADING: &[&str] =
        &["the", "provincial", "municipal", "city", "county", "district", "prefectural", "township", "town", "each"];
    ctx.departments.find(head).iter().any(|d| {
        d.start <= 9
            || head.get(..d.start).is_some_and(|before| {
                before.split_whitespace().all(|w| LEADING.contains(&w.to_ascii_lowercase().as_str()))
            })
    })
}

/// "各乡镇要对确认报废的沼气池…安全处置", "各县（市、区）要…": the local governments below the
/// meeting's, all of them, asked to act — a doer of their own, though the table names no line of
/// work for them.
pub(super) fn localities_asked(sentence: &str) -> bool {
    let Some(&(pos, MarkerKind::Modal)) = find_markers(sentence).first() else {
        return false;
    };
    let subject = sentence.get(..pos).unwrap_or("");
    const PLACES: &[&str] = &["乡镇", "镇", "街道", "县", "区", "市"];
    subject.starts_with('各') && PLACES.iter().any(|p| subject.contains(p))
}

/// A sentence that opens with a unit of the table as its subject, then "要"/"必须" ("区交警大队要
/// 加强…", "团区委要组织…" when the table knows it): a requirement, wherever it stands.
pub(super) fn unit_asked_to_act(ctx: &Ctx, sentence: &str) -> bool {
    let Some(&(pos, MarkerKind::Modal)) = find_markers(sentence).first() else {
        return false;
    };
    let head = sentence.get(..pos).unwrap_or("");
    // "近年来…时有发生，区交警大队要…": the clause of the modal, after the last comma.
    let clause_at = head.rfind(['，', ',']).map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    let clause = sentence.get(clause_at..).unwrap_or("");
    !head[clause_at..].contains(['“', '"']) && names_subject(ctx, clause)
}

/// "市司法局要组织律师…": a sentence whose subject, before its "要", is an office or body the
/// table may not know — asked to act on its own, not going on with the item before it.
pub(super) fn body_asked_to_act(sentence: &str) -> bool {
    let Some(&(pos, MarkerKind::Modal)) = find_markers(sentence).first() else {
        return false;
    };
    let subject = sentence.get(..pos).unwrap_or("");
    sentence.chars().any(scan::is_cjk)
        && !subject.contains(['，', ',', '“', '"', '、'])
        && (3..=12).contains(&subject.chars().count())
        && super::meeting::names_a_doer(subject)
}

/// Whether a later sentence of a headed English item goes on with the item's requirement: it
/// names no unit at all ("All other small reservoirs shall keep water …"), or names as its
/// subject the one unit that takes up a requirement that named none ("The Water Resources
/// Bureau shall check levels daily").
pub(super) fn goes_on_under_heading(ctx: &Ctx, sentence: &str, prev: &Draft) -> bool {
    let named = matches!(prev.why.lead_basis, Some(super::LeadBasis::NamedDepartment | super::LeadBasis::Unit));
    // "(6) Scenic areas and schools. … Every primary and secondary school pupil shall …": a
    // subject whose topic is another line of work's starts a requirement of its own.
    let subject = super::assemble::subject_of(sentence).and_then(|(s, e)| sentence.get(s..e)).unwrap_or("");
    let topic = ctx.matcher.decide(&ctx.matcher.matches(subject)).lead;
    if topic.is_some() && prev.lead_function.is_some() && topic != prev.lead_function {
        return false;
    }
    ctx.departments.find(sentence).is_empty() || (!named && names_subject(ctx, sentence))
}

/// The function of a unit whose sentence only says it cooperates ("水利部门要配合做好…",
/// "The water bureau shall assist"), if the sentence is such.
pub(super) fn cooperating_subject(ctx: &Ctx, sentence: &str) -> Option<String> {
    let Some(&(pos, kind)) = find_markers(sentence).iter().find(|(_, k)| *k != MarkerKind::Adverbial) else {
        return cooperates_without_modal(ctx, sentence);
    };
    if kind != MarkerKind::Modal {
        return None;
    }
    let head = sentence.get(..pos)?;
    let dept = ctx.departments.find(head).into_iter().next()?;
    if head.contains(['，', ',']) || head.get(dept.end..)?.chars().count() > 3 {
        return None;
    }
    let after = sentence.get(pos..)?.to_ascii_lowercase();
    let after = after.split_once(' ').map_or(after.as_str(), |(_, rest)| rest);
    let zh = ["要配合", "要协助", "要积极配合", "配合", "协助"]
        .iter()
        .any(|w| sentence.get(pos..).is_some_and(|a| a.starts_with(w)));
    let en = ["assist", "support", "cooperate", "co-operate"].iter().any(|w| after.starts_with(w));
    (zh || en).then_some(dept.function)
}

/// "市市场监管局配合做好运输环节食品安全抽检。": a unit that opens the sentence and cooperates, with
/// no "要".
fn cooperates_without_modal(ctx: &Ctx, sentence: &str) -> Option<String> {
    let dept = ctx.departments.find(sentence).into_iter().next()?;
    let before = sentence.get(..dept.start)?;
    let after = sentence.get(dept.end..)?;
    let cooperates = ["配合", "协助"].iter().any(|w| after.starts_with(w));
    (before.chars().count() <= 2 && cooperates && !dept.function.is_empty()).then_some(dept.function)
}

/// Words that say when, not what: "this year" or "the season" refers to no requirement.
const TIME_WORDS: [&str; 14] = [
    "year", "month", "week", "day", "season", "winter", "summer", "spring", "autumn", "holiday", "time", "period",
    "meeting", "morning",
];

/// The first four letters of a word, lower case: "vetting" and "vetted" share "vett".
fn stem(word: &str) -> Option<String> {
    let w: String = word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_ascii_lowercase();
    (w.chars().count() >= 4).then(|| w.chars().take(4).collect())
}

fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter_map(stem).collect()
}

/// Whether a later sentence of the same item goes on with the requirement before it rather than
/// starting one: its subject takes up what that requirement is about — "Candidates shall be
/// vetted …. Led by the civil affairs bureau, the vetting shall …", "… prepare crowd-control
/// plans …. The plans are to be rehearsed by 28 September", "… issue a notice setting out these
/// limits", "严格熏蒸作业安全管理。熏蒸作业必须…". Taking up the previous requirement's own
/// subject ("Every district shall …. The districts shall also …") is a new requirement of the
/// same unit, not this.
pub(super) fn refers_back(ctx: &Ctx, sentence: &str, prev: &Draft) -> bool {
    let prev_subject = prev.why.subject.as_deref().unwrap_or("");
    let markers = find_markers(sentence);
    let modal = markers.iter().find(|(_, k)| *k != MarkerKind::Adverbial).map(|&(p, _)| p);
    if sentence.chars().any(scan::is_cjk) {
        // The words before the modal, after the last comma, repeated from the requirement.
        let Some(head) = modal.and_then(|p| sentence.get(..p)) else {
            return false;
        };
        let subject = head.rsplit(['，', ',']).next().unwrap_or(head).trim();
        // "…会同市交通运输局，…。市交通运输局要加密旅游专线班次": a unit named before as a helper,
        // now the subject, asks something of its own.
        if !ctx.departments.find(subject).is_empty() {
            return false;
        }
        // "…组织全县中小学校开展排查。各中小学校要…": "each of them" are doers asked on their own.
        if subject.starts_with('各') {
            return false;
        }
        let chars: Vec<char> = subject.chars().collect();
        return chars.len() >= 4
            && chars.windows(4).any(|w| {
                let part: String = w.iter().collect();
                w.iter().all(|c| scan::is_cjk(*c)) && prev.text.contains(&part) && !prev_subject.contains(&part)
            });
    }
    let lower = sentence.to_ascii_lowercase();
    let prev_stems = stems(&prev.text);
    let subject_stems = stems(prev_subject);
    let taken_up = |noun: &str| {
        stem(noun).is_some_and(|s| {
            !TIME_WORDS.iter().any(|t| noun.starts_with(t)) && prev_stems.contains(&s) && !subject_stems.contains(&s)
        })
    };
    // "these limits", "such plans" anywhere in the sentence.
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.windows(2).any(|w| ["these", "such"].contains(&w[0]) && taken_up(w[1])) {
        return true;
    }
    // "the vetting shall", "The plans are to be": the subject, after the last comma before the
    // verb, is "the/this X" taken up from the requirement.
    let verb = modal.or_else(|| [" are to be ", " is to be "].iter().filter_map(|w| lower.find(w)).min());
    let Some(head) = verb.and_then(|p| lower.get(..p)) else {
        return false;
    };
    let subject_text = head.rsplit(',').next().unwrap_or(head);
    // "The education bureau shall …" names who does a requirement of its own, as does "The Forest
    // Resources Division shall …", a name in capitals the table may not know.
    let written = sentence.get(..head.len()).unwrap_or("");
    let written = written.rsplit(',').next().unwrap_or(written);
    if !ctx.departments.find(subject_text).is_empty() || super::actors::names_an_actor(written) {
        return false;
    }
    let subject: Vec<&str> = subject_text.split_whitespace().collect();
    // "Fumigation shall be done by …" after "Fumigation. No warehouse shall …": one bare word
    // taken up is the same topic.
    let bare = subject.len() == 1 && !prev_subject.is_empty();
    (matches!(subject.first(), Some(&("the" | "this" | "these"))) || bare)
        && subject.len() <= 4
        && subject.last().is_some_and(|n| taken_up(n))
}

/// "…; the safety department shall check each of them before the drill": the sentence's object
/// is what the requirement before it asked for, so it goes on with that requirement.
/// So does a short one whose object is the work asked for, taken up by name ("…; the Natural
/// Resources Bureau is to lead this work.", "…; HR to book the course.", "…; the Municipal Health
/// Commission shall check progress monthly.", "Progress shall be reported to the General Office
/// monthly.").
pub(super) fn takes_up_by_pronoun(sentence: &str) -> bool {
    let lower = sentence.trim_end_matches(['.', ' ']).to_ascii_lowercase();
    if ["each of them", "all of them", "every one of them", "both of them"].iter().any(|w| lower.contains(w)) {
        return true;
    }
    const THE_WORK: &[&str] =
        &["this work", "the work", "this task", "the plans", "the course", "this rule", "the list"];
    let words: Vec<&str> = lower.split_whitespace().collect();
    let progress = words.contains(&"progress");
    words.len() <= 10 && (progress || THE_WORK.iter().any(|w| lower.contains(w)))
}

/// "…，及时向景区推送预警信息；遇强降雨或河道水位暴涨时，要立即暂停漂流活动。": after a semicolon,
/// what to do when something happens, asked of no one new ("要" right after the condition), goes
/// on with the requirement before it.
pub(super) fn zh_condition_on_the_last(seg: &str) -> bool {
    let opens = ["遇", "如遇", "若遇", "一旦", "如发生", "发生"].iter().any(|w| seg.starts_with(w));
    let asks_no_one_new = ["时，要", "时，须", "时，必须", "后，要", "的，要"].iter().any(|w| seg.contains(w));
    opens && asks_no_one_new
}

/// "…; the Natural Resources Bureau is to lead this work.": the unit named leads the
/// requirement before it, whoever that named.
pub(super) fn leads_the_work(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    ["lead this work", "lead the work", "lead on this", "牵头负责此项工作", "牵头负责这项工作"]
        .iter()
        .any(|w| lower.contains(w))
}

/// "By 31 March 2026.", "Before the Dragon Boat Festival.": a sentence that only says when, after
/// an action ("Owner: Gao Lei. By 31 March 2026."), is that action's deadline.
pub(super) fn only_a_deadline(ctx: &Ctx, seg: &str) -> bool {
    let lower = seg.trim_end_matches(['.', '。', ' ']).to_ascii_lowercase();
    let opens = ["by ", "before ", "no later than ", "due ", "target date"].iter().any(|w| lower.starts_with(w));
    // "Validation to be completed by Friday 13 March.": when the work above is to be done.
    let completed = [" to be completed by ", " to be completed before ", " to be done by ", " to be in place by "]
        .iter()
        .any(|w| lower.contains(w));
    // "10月31日前必须完成结籽前的第一轮清除。", "3月底前全部完成。": a date, then only that the
    // work is to be finished by it.
    let zh_completed = seg.split_once('前').is_some_and(|(when, rest)| {
        let mut rest = rest;
        while let Some(r) = ["必须", "务必", "全部", "要", "须"].iter().find_map(|w| rest.strip_prefix(w)) {
            rest = r;
        }
        when.chars().count() <= 8
            && !when.contains(['，', ',', '要', '在', '各', '将', '于'])
            && rest.starts_with("完成")
            && find_deadline_with(&format!("{when}前"), ctx.meeting_date, &ctx.periods).is_some()
    });
    zh_completed
        || ((opens || completed)
            && lower.split_whitespace().count() <= if completed { 9 } else { 6 }
            && find_deadline_with(seg, ctx.meeting_date, &ctx.periods).is_some())
}

/// Appends a follow-up sentence to the draft it qualifies; a deadline it gives counts when the
/// draft had none.
pub(super) fn attach(ctx: &Ctx, draft: &mut Draft, sentence: &str) {
    let sep = match (ends_with_terminator(&draft.text), ctx.language) {
        (true, lang) => separator(lang),
        (false, Language::Zh) => "；",
        (false, Language::En) => "; ",
    };
    draft.text = clean_text(&format!("{}{sep}{}", draft.text, sentence));
    if draft.deadline.is_none()
        && let Some((date, note)) = find_deadline_with(sentence, ctx.meeting_date, &ctx.periods)
    {
        draft.deadline = Some(date);
        draft.deadline_note = note;
    }
}

#[cfg(test)]
mod tests;
