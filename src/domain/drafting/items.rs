//! How the parts of a numbered item lead and join: an "Owner:" line, an item's heading giving
//! its topic, fragments and clauses of everyone joining the requirement they belong to, a lead
//! shared by the requirements of an item, a unit named as the subject of a later clause.

use super::*;

/// An item's heading names its topic ("Nitration unit HAZOP. Production to complete …"): when
/// the requirement names no unit of its own, its category and keyword lead are read with the
/// heading.
pub(super) fn topic_from_heading(ctx: &Ctx, draft: &mut Draft) {
    if matches!(draft.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit)) {
        return;
    }
    let with = make_draft(ctx, draft.text.clone(), None);
    if with.lead_function.is_none() && with.category == Category::General {
        return;
    }
    draft.category = with.category;
    draft.lead_function = with.lead_function;
    draft.lead_unit = with.lead_unit;
    draft.cooperating_functions = with.cooperating_functions;
    draft.cooperating_units = with.cooperating_units;
    draft.confidence = with.confidence;
    draft.why.lead_basis = with.why.lead_basis;
    draft.why.lead_words = with.why.lead_words;
    draft.why.topic_words = with.why.topic_words;
}

/// "对出现饮水困难的村，区应急管理局要会同…", "对符合移交条件的，市水务集团要…", "对举办…大型活动
/// 的，要严格落实安全评估和许可，公安机关要落实现场安保…": a condition that opens a requirement
/// whose unit (one of the table, or a doer it does not know) is named after it, not a condition
/// on the requirement before.
pub(super) fn condition_then_subject(ctx: &Ctx, seg: &str) -> bool {
    seg.match_indices('，').any(|(p, c)| {
        let rest = &seg[p + c.len()..];
        subject_of(rest).is_some_and(|(s, e)| {
            let subject = rest.get(s..e).unwrap_or("");
            let doer = super::meeting::names_a_doer(subject) || subject.ends_with("集团");
            !ctx.departments.find(subject).is_empty() || doer
        })
    })
}

/// The unit a line such as "Owner: HSE (Ma Lan)." or "责任单位：区水利局" names as the owner of
/// the requirement before it.
pub(super) fn owner_line(seg: &str) -> Option<&str> {
    const LABELS: &[&str] = &[
        "owner:",
        "owners:",
        "action owner:",
        "lead:",
        "responsible:",
        "责任单位：",
        "牵头单位：",
        "责任部门：",
        "牵头部门：",
        "责任单位:",
        "牵头单位:",
        "牵头部门:",
    ];
    let lower = seg.to_ascii_lowercase();
    if let Some(label) = LABELS.iter().find(|l| lower.starts_with(*l)) {
        return seg.get(label.len()..).map(str::trim).filter(|rest| !rest.is_empty());
    }
    // "ACTION: Market Regulation", "Action by: Culture and Tourism / Public Security": under an
    // action point, a label over names only (no verb, every word capitalised) says who acts.
    let label = ["action by:", "action:"].iter().find(|l| lower.starts_with(*l))?;
    // "Action: Director of Facilities — monitor snow depth …" is the action itself.
    if super::markers::owner_label(seg).is_some() {
        return None;
    }
    let rest = seg.get(label.len()..)?.trim().trim_end_matches('.');
    // "Action: Bureau of Meteorology (DW) – ongoing.", "Action: FRNSW (MD) and NSW SES (RL) –
    // report to the meeting on 11 August 2026.": the names, then when (`due_after_names`).
    let names = split_when(rest).0;
    // "Action: REMO (AP), with NSW SES, to coordinate.": a verb with nothing to do adds nothing.
    let names = ["to coordinate", "to lead", "to action", "to follow up", "to note"]
        .iter()
        .find_map(|v| names.strip_suffix(v))
        .map_or(names, |n| n.trim_end().trim_end_matches(',').trim_end());
    let words: Vec<&str> = names
        .split_whitespace()
        .map(|w| w.trim_matches([',', ';']))
        .filter(|w| !(w.is_empty() || (w.starts_with('(') && w.ends_with(')'))))
        .collect();
    let connector = |w: &str| ["and", "of", "the", "with", "/", "&", "+"].contains(&w);
    let capitalised = |w: &&str| connector(w) || w.starts_with(|c: char| c.is_ascii_uppercase());
    // "City of Newcastle, Lake Macquarie and Port Stephens councils (LEMOs)": a plural head
    // noun may close the names.
    let lower_words = words.iter().filter(|w| !capitalised(w)).count();
    let head_last = lower_words == 1 && words.last().is_some_and(|w| !capitalised(w));
    let names_only = !words.is_empty() && words.len() <= 14 && (lower_words == 0 || head_last);
    names_only.then_some(names)
}

/// An owner line's names and what follows a dash after them ("Bureau of Meteorology (DW) –
/// ongoing" → the names, "ongoing").
fn split_when(rest: &str) -> (&str, Option<&str>) {
    super::markers::split_at_dash(rest).map_or((rest, None), |(names, when)| (names.trim(), Some(when.trim())))
}

/// The date an "Action:" line of names gives after a dash ("… (LEMOs) – by Friday 29 May 2026,
/// ahead of the first king tide."): the requirement above is due then.
pub(super) fn due_after_names(seg: &str) -> Option<&str> {
    owner_line(seg)?;
    let lower = seg.to_ascii_lowercase();
    let label = ["action by:", "action:"].iter().find(|l| lower.starts_with(*l))?;
    split_when(seg.get(label.len()..)?.trim().trim_end_matches('.')).1
}

/// "Status: Closed", "Status: Complete": an action of an earlier meeting, done.
pub(super) fn says_closed(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    lower
        .strip_prefix("status:")
        .map(str::trim)
        .is_some_and(|s| ["closed", "complete", "completed", "done"].iter().any(|w| s.starts_with(w)))
}

/// The labels of the task in a record of a work-plan table ("工作事项：…", "任务：…").
const TASK_LABELS: &[&str] = &[
    "工作事项：",
    "工作任务：",
    "重点任务：",
    "任务内容：",
    "整改事项：",
    "整改任务：",
    "事项：",
    "任务：",
    "工作事项:",
    "工作任务:",
    "任务:",
];

/// The task a record of a work-plan table states, without its label ("工作事项：对…开展检查" →
/// "对…开展检查").
pub(super) fn task_of_record(line: &str) -> Option<&str> {
    TASK_LABELS.iter().find_map(|l| line.strip_prefix(l)).map(str::trim).filter(|task| task.chars().count() >= 4)
}

/// "序号3", "序号 3": a line that only numbers the record under it.
pub(super) fn numbers_a_record(line: &str) -> bool {
    line.strip_prefix("序号")
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))
}

/// "由人力资源部会同各生产车间调整作息时间" after a semicolon: "由X…" names who does the
/// requirement before it, when that requirement named nobody.
pub(super) fn names_the_doer(ctx: &Ctx, seg: &str, last: &Draft) -> bool {
    led_by(ctx, seg).is_some() && !matches!(last.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit))
}

/// The unit a clause opening "由X…" hands its work to: "由人力资源部会同…", or with its level
/// before the name ("由省人力资源和社会保障厅会同省财政厅做好资金保障").
pub(super) fn led_by(ctx: &Ctx, clause: &str) -> Option<NamedDepartment> {
    let name_at = clause.strip_prefix('由').map(|_| '由'.len_utf8())?;
    let first = ctx.departments.find(clause).into_iter().next()?;
    clause.get(name_at..first.start).is_some_and(|level| level.chars().count() <= 3).then_some(first)
}

/// What a labelled line under an action point says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Label {
    /// "Lead:", "Owner:", "→ To:", "责任单位：": who leads.
    Owner,
    /// "With:", "Cooperating:", "配合单位：": who cooperates.
    Cooperating,
    /// "Due:", "Time limit:", "完成时限：": by when.
    Due,
}

/// A labelled line under an action point ("→ Lead: HRSS.", "With: Justice Bureau.", "Time
/// limit: by 30 November.", "配合单位：区公安分局"): which label, and what follows it.
/// "（责任部门：设备动力部；完成时限：1月31日前）": labels in brackets under an item, side by
/// side, read as they would be without the brackets.
pub(super) fn label_line(seg: &str) -> Option<(Label, &str)> {
    let seg = seg.strip_prefix(['（', '(']).unwrap_or(seg);
    let arrow = ["→", "->", "=>", "►", "▶"].iter().find_map(|a| seg.strip_prefix(a));
    let body = arrow.map_or(seg, str::trim_start);
    if let Some(owner) = owner_line(body) {
        return Some((Label::Owner, owner));
    }
    const COOPERATING: &[&str] = &[
        "with:",
        "cooperating:",
        "cooperating units:",
        "co-operating:",
        "supporting:",
        "support:",
        "配合单位：",
        "配合部门：",
        "协办单位：",
        "配合单位:",
    ];
    const DUE: &[&str] = &[
        "due:",
        "deadline:",
        "time limit:",
        "due date:",
        "target date:",
        "timing:",
        "by when:",
        "完成时限：",
        "时限：",
        "完成时间：",
        "完成时限:",
    ];
    // "→ To: Petitions Bureau.": where an action point goes is who leads it, after an arrow;
    // without one, "By: 16:00 today" says when.
    let owner_after_arrow: &[&str] = if arrow.is_some() { &["to:", "by:"] } else { &[] };
    let due_by: &[&str] = if arrow.is_some() { &[] } else { &["by:"] };
    let lower = body.to_ascii_lowercase();
    let value = |label: &str| body.get(label.len()..).map(str::trim).filter(|v| !v.is_empty());
    [(Label::Cooperating, COOPERATING), (Label::Due, DUE), (Label::Due, due_by), (Label::Owner, owner_after_arrow)]
        .iter()
        .find_map(|(kind, labels)| labels.iter().find(|l| lower.starts_with(*l)).and_then(|l| Some((*kind, value(l)?))))
}

/// A line of labels side by side ("Owner: Quality Assurance | Due: February 19, 2027", "Owner:
/// Scheduling Manager      Target date: 29/11/2026"): its parts, split at bars or at wide gaps,
/// when it holds more than one and they are labels.
pub(super) fn label_parts(line: &str) -> Option<Vec<&str>> {
    // "Responsible: Superintendent Mooring Services, supported by Learning and Development
    // Timing: By 30 September 2026": two lines of labels run together.
    const LATER_LABELS: &[&str] = &[" Timing: ", " Due: ", " Target date: ", " Deadline: ", " Time limit: "];
    // "（责任部门：设备动力部；完成时限：1月31日前）": labels in brackets, parted by semicolons;
    // what is not a label among them ("长期坚持") is left.
    let inner = line.trim().strip_prefix(['（', '(']).and_then(|l| l.strip_suffix(['）', ')']));
    if let Some(inner) = inner.filter(|i| i.contains(['；', ';'])) {
        let parts: Vec<&str> = inner.split(['；', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
        if parts.first().is_some_and(|first| label_line(first).is_some()) {
            return Some(parts);
        }
    }
    let mut parts = Vec::new();
    for piece in line.split(['|', '\t']) {
        let mut rest = piece;
        while let Some(gap) = rest.find("   ").or_else(|| LATER_LABELS.iter().filter_map(|l| rest.find(l)).min()) {
            parts.push(rest[..gap].trim());
            rest = rest[gap..].trim_start();
        }
        parts.push(rest.trim());
    }
    parts.retain(|p| !p.is_empty());
    // Bars say the parts are fields ("… | Status: Open"); a wide gap may also stand inside one
    // ("Owner: Chief Kowalczyk, ARFF   11/13/26"), so then each part must be a label.
    let fields = if line.contains('|') {
        label_line(parts[0]).is_some()
    } else {
        parts.iter().all(|p| label_line(p).is_some() || says_closed(p))
    };
    (parts.len() > 1 && fields).then_some(parts)
}

/// Applies a labelled line to the draft above it: the owner leads, units "with" it cooperate,
/// and a due date is its deadline.
pub(super) fn apply_label(ctx: &Ctx, draft: &mut Draft, label: Label, value: &str) {
    match label {
        // "Owner: HR Director, with Occupational Health", "Responsible: Superintendent Mooring
        // Services, supported by Learning and Development": who assists cooperates.
        Label::Owner => match [", with ", ", supported by ", ", in consultation with ", " with "]
            .iter()
            .find_map(|w| value.split_once(w))
        {
            Some((owner, with)) => {
                set_owner(ctx, draft, owner);
                apply_label(ctx, draft, Label::Cooperating, with);
            }
            None => set_owner(ctx, draft, value),
        },
        Label::Cooperating => {
            for unit in ctx.departments.find_names(value) {
                if !unit.function.is_empty()
                    && draft.lead_function.as_deref() != Some(unit.function.as_str())
                    && !draft.cooperating_functions.contains(&unit.function)
                {
                    draft.cooperating_functions.insert(0, unit.function.clone());
                }
            }
        }
        Label::Due => {
            // "完成时限：10月31日。": the stop after the date is no part of it.
            let value = value.trim_end_matches(['。', '.', '；', ';', '，', ',', ' ']);
            let found = find_deadline_with(value, ctx.meeting_date, &ctx.periods)
                .or_else(|| find_deadline_with(&format!("by {value}"), ctx.meeting_date, &ctx.periods))
                .or_else(|| find_deadline_with(&format!("{value}前"), ctx.meeting_date, &ctx.periods));
            if let Some((date, note)) = found {
                draft.deadline = Some(date);
                draft.deadline_note = note;
            }
        }
    }
}

/// The owners an action's label names ("Club Safety Officer, with EEAST", "Police Football
/// Officer / Club Safety Officer"): the first leads, the others cooperate.
pub(super) fn apply_owners(ctx: &Ctx, draft: &mut Draft, owners: &str) {
    let mut names = owners.split([',', '/', ';', '&']).map(str::trim).filter(|n| !n.is_empty());
    let Some(first) = names.next() else {
        return;
    };
    // The lead read from the label's words gives way to its first owner.
    if ctx.departments.find_names(first).iter().any(|d| !d.function.is_empty()) {
        draft.lead_function = None;
        draft.lead_unit = None;
        draft.why.lead_basis = None;
    }
    set_owner(ctx, draft, first);
    for name in names {
        let name = name.strip_prefix("with ").or_else(|| name.strip_prefix("and ")).unwrap_or(name);
        apply_label(ctx, draft, Label::Cooperating, name);
    }
}

/// The owner a line names leads the draft, when the table knows it; the lead it had before
/// cooperates.
pub(super) fn set_owner(ctx: &Ctx, draft: &mut Draft, owner: &str) {
    let Some(unit) = ctx.departments.find_names(owner).into_iter().find(|d| !d.function.is_empty()) else {
        return;
    };
    // "Riverina Water to publish … Responsible: Manager Customer and Communications": the
    // body the action names as its subject leads; the post under it answers for it.
    let subject_named = draft.confidence == Confidence::High
        && matches!(draft.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit));
    if subject_named && names_a_post(owner) {
        return;
    }
    if draft.lead_function.as_deref() == Some(unit.function.as_str()) {
        return;
    }
    if let Some(old) = draft.lead_function.take()
        && !draft.cooperating_functions.contains(&old)
    {
        draft.cooperating_functions.push(old);
    }
    draft.cooperating_functions.retain(|f| f != &unit.function);
    draft.lead_function = Some(unit.function.clone());
    draft.lead_unit = unit.unit.or(draft.lead_unit);
    draft.why.lead_basis = Some(if unit.unit.is_some() { LeadBasis::Unit } else { LeadBasis::NamedDepartment });
    draft.why.lead_words = owner.get(unit.start..unit.end).map(str::to_string);
    draft.confidence = Confidence::High;
}

/// An owner written as a post ("Manager Operations", "Head of Security Services").
fn names_a_post(owner: &str) -> bool {
    const POSTS: &[&str] = &[
        "manager",
        "officer",
        "head",
        "director",
        "coordinator",
        "adviser",
        "advisor",
        "superintendent",
        "supervisor",
        "chief",
    ];
    owner.split(|c: char| !c.is_alphanumeric()).any(|w| POSTS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Groups that are no requirement of their own join the group after them: a fragment that asks
/// nothing ("选举期间", "during the holiday"), and a clause of everyone ("各级各部门要…",
/// "县、乡两级要…", "All departments shall …") before a clause that names a unit, which is who
/// is asked.
pub(super) fn join_fragments_and_collectives(ctx: &Ctx, req: &str, groups: &mut Vec<Group>) {
    let mut i = 0;
    while i + 1 < groups.len() {
        let text = req.get(groups[i].span.start..groups[i].span.end).unwrap_or("");
        let next = req.get(groups[i + 1].span.start..groups[i + 1].span.end).unwrap_or("");
        let next_named =
            subject_of(next).is_some_and(|(s, e)| !ctx.departments.find(next.get(s..e).unwrap_or("")).is_empty());
        if is_fragment(text) || (is_collective(text) && next_named) {
            let g = groups.remove(i);
            let scores = g.scores;
            groups[i].span.start = g.span.start;
            add_scores(&mut groups[i].scores, &scores);
        } else {
            i += 1;
        }
    }
}

/// A clause that asks nothing and is too short to be a requirement: a time or a place.
fn is_fragment(text: &str) -> bool {
    let cjk = text.chars().filter(|c| scan::is_cjk(*c)).count();
    let short = if cjk > 0 { cjk <= 8 } else { text.split_whitespace().count() <= 4 };
    short && find_markers(text).is_empty()
}

/// A clause whose subject is everyone rather than a unit: "各级各部门", "县、乡两级", "各地各部门",
/// "all departments", "every level".
fn is_collective(text: &str) -> bool {
    let Some((s, e)) = subject_of(text) else {
        return false;
    };
    let subject = text.get(s..e).unwrap_or("").to_ascii_lowercase();
    ["各级", "两级", "三级", "各部门", "各地", "上下", "all departments", "every level", "all levels", "all localities"]
        .iter()
        .any(|w| subject.contains(w))
}

/// Whether a lead-in names the unit that leads: "由X牵头", "Led by the Provincial Department of
/// Housing …", "Under the lead of X".
pub(super) fn names_who_leads(ctx: &Ctx, text: &str) -> bool {
    let depts = ctx.departments.find(text);
    let lower = text.trim_start().to_ascii_lowercase();
    let led = ["led by ", "under the lead of ", "under the leadership of ", "headed by "]
        .iter()
        .any(|w| lower.starts_with(w));
    // "地测防治水部牵头，安监部配合，…": a company's own department the table cannot know.
    let own_lead = text.split(['，', ',']).next().and_then(|c| c.trim().strip_suffix("牵头")).is_some_and(names_a_unit);
    depts.iter().any(|d| d.leads) || (led && !depts.is_empty()) || own_lead
}

/// Whether a subject is a unit's name the table lacks ("市民族宗教局", "the Port Authority"): it
/// ends in a unit's noun.
fn names_a_unit(subject: &str) -> bool {
    const ZH: &[char] = &['局', '委', '厅', '办', '部', '队', '站', '院', '所', '司', '室'];
    let lower = subject.to_ascii_lowercase();
    let last = lower.split_whitespace().last().unwrap_or("");
    subject.ends_with(ZH)
        || subject.ends_with("中心")
        || ["bureau", "department", "commission", "office", "administration", "team", "authority", "centre", "center"]
            .contains(&last)
}

/// Requirements of one item or paragraph that name nobody to do them ("各市州要举一反三，开展同类
/// 问题排查", `condition_first`) are led by the unit the item named for the requirement before them.
pub(super) fn share_item_lead(drafts: &mut [Draft]) {
    let mut named: Option<(String, Option<i64>)> = None;
    for d in drafts.iter_mut() {
        if matches!(d.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit)) {
            named = d.lead_function.clone().map(|f| (f, d.lead_unit));
        } else if (d.lead_function.is_none()
            || (d.why.lead_basis == Some(LeadBasis::Keyword) && condition_first(&d.text)))
            && !d.why.subject.as_deref().is_some_and(names_a_unit)
            && let Some((function, unit)) = &named
        {
            d.lead_function = Some(function.clone());
            d.lead_unit = *unit;
            d.cooperating_functions.retain(|f| f != function);
            d.why.lead_basis = Some(LeadBasis::NamedDepartment);
            d.confidence = Confidence::Low;
        }
    }
}

/// "对排查发现的临水临崖路段，要在年底前完善防护设施": a requirement on what the one before
/// it found, asked of whoever did that one; its topic words do not say who.
fn condition_first(text: &str) -> bool {
    text.starts_with('对')
        && text.split_once('，').is_some_and(|(first, rest)| first.contains('的') && rest.starts_with('要'))
}

/// Whether the unit is the subject of a later clause ("各级各部门要…，区应急管理局要每日汇总…"):
/// the words between the comma before a later modal and that modal name it.
pub(super) fn subject_of_a_later_clause(text: &str, d: &NamedDepartment) -> bool {
    find_markers(text).iter().filter(|(_, k)| *k == MarkerKind::Modal).skip(1).any(|&(p, _)| {
        let head = text.get(..p).unwrap_or("");
        let clause_start = head.rfind(['，', ',', '；', ';']).unwrap_or(0);
        d.start >= clause_start && d.end <= p
    })
}

/// A unit the requirement is answered to, when nobody is named to do it: the agent of a
/// passive ("checked by the Safety and Quality Department") or the unit reports go to ("send
/// them to the safety department", "report … to the provincial HRSS department", "向市交通运输局
/// 书面报送").
pub(super) fn answers_for(text: &str, d: &NamedDepartment) -> bool {
    let head = text.get(..d.start).unwrap_or("").to_ascii_lowercase();
    // "report any heat stroke suffered at work to the local … bureau": the verb may stand a
    // dozen words before the unit.
    let words: Vec<&str> = head.split_whitespace().rev().take(12).collect();
    let by = words.iter().take(3).any(|w| *w == "by");
    let to = words.iter().take(4).any(|w| *w == "to")
        && words.iter().any(|w| ["report", "reported", "send", "sent", "submit", "submitted"].contains(w));
    // "并于3月底前向市交通运输局书面报送安全功能升级方案": the unit reports go to.
    let zh_head = text.get(..d.start).unwrap_or("").trim_end_matches(['省', '市', '县', '区', '州']);
    let after: String = text.get(d.end..).unwrap_or("").chars().take(6).collect();
    let zh_to = zh_head.ends_with('向') && ["报", "备案"].iter().any(|w| after.contains(w));
    by || to || zh_to
}

/// A unit in the column of a task table written as a line ("…清扫情况记入台账——生产部——即日起执行",
/// "…——安环部、人力资源部——7月31日前"): between two dashes, or after the last, with nothing but
/// other units beside it; the first named leads.
pub(super) fn in_responsibility_column(text: &str, d: &NamedDepartment) -> bool {
    const DASH: &str = "——";
    let Some(open) = text.get(..d.start).and_then(|head| head.rfind(DASH)) else {
        return false;
    };
    let before = text.get(open + DASH.len()..d.start).unwrap_or("");
    let after = text.get(d.end..).unwrap_or("");
    let after = after.find(DASH).map_or(after, |p| &after[..p]);
    let plain = |s: &str| !s.contains(['，', ',', '。', '；', ';', '：']);
    before.trim().is_empty() && plain(after)
}

/// Items whose owner closes them in brackets ("- Place message signs at the junction by May 22.
/// (Traffic Operations – Ben Ochoa)", "(Maintenance – Mike Salas, with UPRR – Greg Lamb)",
/// "(Geotechnical Design; California Geological Survey to support)") written with labels, as
/// the rest of drafting reads owners: "… by May 22. Owner: Traffic Operations." The person after
/// the dash goes; units "with" the owner or "to support" it cooperate.
pub(super) fn owners_in_brackets(minutes: &str) -> String {
    let mut out = String::with_capacity(minutes.len());
    for line in minutes.split_inclusive('\n') {
        let body = line.trim_end();
        // "- Produce a monthly dashboard, beginning with June data [Office of Traffic
        // Operations]": square brackets hold nothing but the owners, after a stop or not.
        let square = body.ends_with(']');
        let rewritten = body
            .strip_suffix([')', ']'])
            .and_then(|head| head.rfind(if square { '[' } else { '(' }).map(|open| (&body[..open], &head[open + 1..])))
            .filter(|(before, _)| {
                let before = before.trim_end();
                let item = strip_enumerator(before.trim_start()).len() != before.trim_start().len()
                    || super::segments::is_bullet(before.trim_start());
                item && (square || before.ends_with(['.', ';']))
            })
            .and_then(|(before, inner)| {
                let before = before.trim_end();
                let stop = if before.ends_with(['.', ';']) { "" } else { "." };
                owner_labels(inner).map(|labels| format!("{before}{stop} {labels}"))
            });
        match rewritten {
            Some(r) => {
                out.push_str(&r);
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// "Traffic Operations – Ben Ochoa; CHP Quincy Area to assist" → "Owner: Traffic Operations.
/// With: CHP Quincy Area.": the owner and those who cooperate, when every part names a unit.
fn owner_labels(inner: &str) -> Option<String> {
    fn unit(part: &str) -> Option<&str> {
        let name = super::markers::split_at_dash(part).map_or(part, |(name, _)| name).trim();
        let words: Vec<&str> = name.split_whitespace().collect();
        let ok = (1..=6).contains(&words.len())
            && !name.chars().any(|c| c.is_ascii_digit())
            && words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) || ["of", "and", "&", "for"].contains(w));
        ok.then_some(name)
    }
    // Initials alone ("(GL)", "(DW/KM)") are read through the attendance list.
    if inner.split(['/', ',']).all(|i| super::initials::is_initials(i.trim())) {
        return None;
    }
    let mut parts = inner.split(';').map(str::trim);
    let first = parts.next()?;
    let (owner_part, with_part) = match first.split_once(", with ") {
        Some((o, w)) => (o, Some(w)),
        None => (first, None),
    };
    let owner = unit(owner_part)?;
    let mut with: Vec<&str> = Vec::new();
    for part in with_part.into_iter().chain(parts) {
        let part = [" to assist", " to support", " assisting", " supporting"]
            .iter()
            .find_map(|w| part.strip_suffix(w))
            .unwrap_or(part);
        with.push(unit(part.trim_start_matches("with ").trim())?);
    }
    Some(if with.is_empty() {
        format!("Owner: {owner}.")
    } else {
        format!("Owner: {owner}. With: {}.", with.join(", "))
    })
}
