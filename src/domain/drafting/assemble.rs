//! The assembly of drafts from a requirement the reading found (`super::draft_directives_with`):
//! its pieces grouped into requirements by subject and topic, each group made a [`Draft`] with
//! its lead (the unit named as leading or as subject, else the keyword rules' line of work),
//! cooperating units, category, title and deadline.

use chrono::NaiveDate;

use super::{
    Confidence, Ctx, Draft, LeadBasis, Why,
    categories::{Category, Language},
    deadlines::find_deadline_with,
    departments::NamedDepartment,
    items::{
        answers_for, in_responsibility_column, join_fragments_and_collectives, names_who_leads,
        subject_of_a_later_clause,
    },
    matching::{RuleHit, RuleMatcher},
    meeting::names_an_office,
    pieces::{Span, split_pieces},
    scan,
    segments::{MarkerKind, find_markers},
    structure::{cooperating_subject, is_follow_up},
    terms::extract_terms,
    titles::{clean_text, make_title},
};

/// A piece of a sentence only becomes a draft of its own when its keywords score at least this
/// much; weaker mentions (a school named in passing) stay with their neighbours.
const SPLIT_MIN_SCORE: i32 = 3;

pub(super) struct Group {
    pub(super) span: Span,
    pub(super) category: Category,
    pub(super) scores: [i32; Category::COUNT],
    /// The group opens with a subject of its own ("学校要…"); its verbs all stay with it.
    pub(super) has_subject: bool,
    /// It holds a requirement of its own ("must", "要"), not only a lead-in ("确保…", "To keep…").
    pub(super) own_marker: bool,
}

/// The subject of a clause: the words before its first modal ("自然资源部门" in
/// "自然资源部门要…", "Construction sites" in "Construction sites must…"), after the last comma,
/// as a byte range; `None` when the clause has none ("要加强…", "It is necessary to…", "We must…").
pub(super) fn subject_of(text: &str) -> Option<(usize, usize)> {
    // "确保…" before the modal is a lead-in, not a subject: the first modal or "it is necessary
    // to" decides.
    let &(pos, kind) = find_markers(text).iter().find(|(_, k)| *k != MarkerKind::Adverbial)?;
    if kind != MarkerKind::Modal {
        return None;
    }
    let head = text.get(..pos)?;
    // "By September 30, 2025 (end of the month): Facilities Management to …": after a label's
    // colon too.
    let start =
        head.rfind([',', '，', ':', '：']).map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    let subject = head.get(start..)?;
    let trimmed = subject.trim_start();
    let start = start + (subject.len() - trimmed.len());
    let subject = trimmed.trim_end();
    if subject.is_empty() {
        return None;
    }
    let words = subject.split_whitespace().count();
    let cjk = subject.chars().filter(|c| scan::is_cjk(*c)).count();
    let first = subject.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    let pronoun = ["we", "it", "they", "this", "that", "which", "there", "and"].contains(&first.as_str());
    if pronoun || words > 12 || cjk > 20 || subject.starts_with(['在', '对', '于', '将']) {
        return None;
    }
    Some((start, start + subject.len()))
}

/// Whether a subject names a unit or a topic: only such a subject starts a draft of its own.
pub(super) fn subject_names_something(ctx: &Ctx, subject: &str) -> bool {
    !ctx.departments.find(subject).is_empty() || !ctx.matcher.matches(subject).is_empty()
}

/// The text with department names blanked out char for char, so "消防救援机构" or "the fire
/// rescue detachment" says who, not what, and char positions stay those of the text.
pub(super) fn without_departments(text: &str, depts: &[NamedDepartment]) -> String {
    text.char_indices()
        .map(|(p, c)| if depts.iter().any(|d| (d.start..d.end).contains(&p)) { ' ' } else { c })
        .collect()
}

pub(super) fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |h| h.chars().count())
}

/// Topic hits in a piece of text, with the subject's keywords weighed up.
pub(super) fn topic_hits(ctx: &Ctx, text: &str) -> (Vec<RuleHit>, Vec<NamedDepartment>, Option<(usize, usize)>) {
    let depts = ctx.departments.find(text);
    let mut hits = ctx.matcher.matches(&without_departments(text, &depts));
    let subject = subject_of(text);
    if let Some((s, e)) = subject {
        RuleMatcher::boost_subject(&mut hits, char_index(text, s)..char_index(text, e));
    }
    (hits, depts, subject)
}

/// Splits one requirement (from `start` in `body`) into drafts and appends them: a new subject
/// that names a unit or topic starts a draft; the verbs after a subject stay with it; clauses
/// without a subject ("…, strictly prevent stampedes") split off by topic.
pub(super) fn build_drafts(ctx: &Ctx, body: &str, start: usize, out: &mut Vec<Draft>) {
    let Some(req) = body.get(start..) else {
        return;
    };
    let lead_in = body.get(..start).unwrap_or("");
    let pieces = split_pieces(req);
    let mut heading: Option<Span> = None;
    let mut groups: Vec<Group> = Vec::new();
    // "对下游有村庄、学校的水库，要逐库修订完善应急预案": what the requirement is done to, put
    // before it, belongs to the clause after it.
    let mut fronted: Option<usize> = None;
    for mut piece in pieces {
        if let Some(start) = fronted.take() {
            piece.start = start;
        }
        let text = req.get(piece.start..piece.end).unwrap_or("");
        if fronted_object(text) && piece.end < req.len() {
            fronted = Some(piece.start);
            continue;
        }
        let (hits, _, subject) = topic_hits(ctx, text);
        let scores = ctx.matcher.scores(&hits);
        let own_marker = find_markers(text).iter().any(|&(_, k)| k != MarkerKind::Adverbial);
        let named_subject = subject.is_some_and(|(s, e)| subject_names_something(ctx, text.get(s..e).unwrap_or("")));
        let specific = top_specific(&scores).filter(|(_, s)| *s >= SPLIT_MIN_SCORE);
        // "…，水利部门要配合做好灌溉用水调度": a unit that only cooperates joins the requirement;
        // so does "…, and any fire shall be reported within 30 minutes": a condition on it.
        // "…to explain biosecurity to farmers, in particular the ban on feeding kitchen waste to
        // pigs": what the clause before is about in particular is no requirement of its own.
        if ((named_subject && cooperating_subject(ctx, text).is_some())
            || is_follow_up(text, false)
            || specifies_the_clause_before(text))
            && let Some(g) = groups.last_mut()
        {
            g.span.end = piece.end;
            add_scores(&mut g.scores, &scores);
            continue;
        }
        if named_subject {
            // A requirement before this one with a verb of its own but no topic ("各镇要…转移安置，
            // 民政部门要…") is a draft of its own, not a lead-in.
            // A short one that names no one ("要推进以旧换新，商务部门要…") heads the requirement of
            // the unit after it.
            if groups.is_empty()
                && let Some(h) = heading.take_if(|h| {
                    let text = req.get(h.start..h.end).unwrap_or("");
                    !short_lead_in(text) && find_markers(text).iter().any(|&(_, k)| k != MarkerKind::Adverbial)
                })
            {
                groups.push(Group {
                    span: h,
                    category: Category::General,
                    scores: [0; Category::COUNT],
                    has_subject: true,
                    own_marker: true,
                });
            }
            let only = groups.len() == 1;
            match groups.last_mut() {
                // A lead-in with no requirement of its own ("确保汛期师生安全，学校要…") joins it;
                // so does a short one naming no one ("要抓好冬季供暖，县住建局要…").
                Some(g)
                    if (!g.has_subject && !g.own_marker)
                        || (only
                            && !g.has_subject
                            && short_lead_in(req.get(g.span.start..g.span.end).unwrap_or(""))) =>
                {
                    g.span.end = piece.end;
                    add_scores(&mut g.scores, &scores);
                    g.has_subject = true;
                    g.own_marker = true;
                }
                _ => groups.push(Group {
                    span: piece,
                    category: specific.map_or(Category::General, |(c, _)| c),
                    scores,
                    has_subject: true,
                    own_marker,
                }),
            }
            continue;
        }
        match (groups.last_mut(), specific) {
            (None, None) => {
                let h = heading.get_or_insert(piece);
                h.end = piece.end;
            }
            (Some(g), _) if g.has_subject => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (Some(g), None) => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
                g.own_marker |= own_marker;
            }
            (Some(g), Some((cat, _))) if g.category == cat || g.scores[cat.index()] > 0 => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
                g.own_marker |= own_marker;
            }
            (_, Some((cat, _))) => {
                groups.push(Group { span: piece, category: cat, scores, has_subject: subject.is_some(), own_marker })
            }
        }
    }
    join_fragments_and_collectives(ctx, req, &mut groups);
    // "由县交通运输局牵头，…开展排查，…，建立问题清单，逐项明确整改责任人": what follows a
    // requirement that opens by naming who leads, with no subject of its own, is more of it.
    if groups.first().is_some_and(|g| {
        let text = req.get(g.span.start..g.span.end).unwrap_or("");
        text.starts_with('由') && names_who_leads(ctx, text)
    }) {
        let mut merged: Vec<Group> = Vec::with_capacity(groups.len());
        for g in groups.drain(..) {
            // Within its sentence: "。…对排查出的积案，要落实包案" asks anew.
            let same_sentence = req.get(..g.span.start).is_some_and(|h| h.trim_end().ends_with(['，', ',', '、']));
            match merged.last_mut() {
                Some(last) if !g.has_subject && same_sentence => {
                    last.span.end = g.span.end;
                    add_scores(&mut last.scores, &g.scores);
                }
                _ => merged.push(g),
            }
        }
        groups = merged;
    }
    // A general clause before a single topic belongs to it; before several topics it is a
    // heading for all of them ("strengthen risk control in the public sector, …"), so it is
    // left out rather than glued to the first.
    // "Led by the housing department, with …, every site shall …, and the rest stations shall
    // …": a lead-in that names who leads makes what follows one requirement of that unit.
    if groups.len() > 1
        && let Some(h) = heading
        && names_who_leads(ctx, req.get(h.start..h.end).unwrap_or(""))
    {
        let end = groups.last().map_or(h.end, |g| g.span.end);
        let mut merged = groups.remove(0);
        for g in groups.drain(..) {
            add_scores(&mut merged.scores, &g.scores);
        }
        merged.span = Span { start: h.start, end };
        groups.push(merged);
        heading = None;
    }
    let mut shared_text = lead_in.to_string();
    match (groups.len(), heading) {
        (0, Some(h)) => groups.push(Group {
            span: h,
            category: Category::General,
            scores: [0; Category::COUNT],
            has_subject: false,
            own_marker: true,
        }),
        (1, Some(h)) => groups[0].span.start = h.start,
        (_, Some(h)) => {
            shared_text.push(' ');
            shared_text.push_str(req.get(h.start..h.end).unwrap_or(""));
        }
        _ => {}
    }
    let shared_deadline = find_deadline_with(&shared_text, ctx.meeting_date, &ctx.periods);
    for g in groups {
        let raw = req.get(g.span.start..g.span.end).unwrap_or("");
        let text = clean_text(raw);
        if text.is_empty() {
            continue;
        }
        out.push(make_draft(ctx, text, shared_deadline.clone()));
    }
}

/// A Chinese clause that only fronts what the next clause acts on: "对…的水库，", "对排查出的
///隐患，" — it opens with "对", asks nothing and ends before a comma.
fn fronted_object(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['，', ',']);
    t.starts_with('对') && t.contains('的') && !t.contains(['，', ',', '。']) && find_markers(t).is_empty()
}

/// A short Chinese clause that names no one ("要推进以旧换新，"): before a unit's requirement it
/// is that requirement's heading, not a draft of its own.
fn short_lead_in(text: &str) -> bool {
    let cjk = text.chars().filter(|c| scan::is_cjk(*c)).count();
    cjk > 0 && cjk <= 12 && subject_of(text).is_none()
}

/// The department a requirement names as its lead: as leading it ("由X牵头"), else as its
/// subject, else opening it even without a modal ("省财政厅统筹…", "区水利局、区自然资源局按照职责
/// 分工，…"); of a joint subject the first named leads.
pub(super) fn named_lead<'a>(
    text: &str,
    depts: &'a [NamedDepartment],
    subject: Option<(usize, usize)>,
) -> Option<&'a NamedDepartment> {
    let in_subject = |d: &&NamedDepartment| subject.is_some_and(|(s, e)| d.start >= s && d.end <= e);
    // "the Education Bureau complete …": an article before the name still opens the clause.
    let opens = |d: &&NamedDepartment| {
        text.get(..d.start).is_some_and(|head| {
            let lower = head.to_ascii_lowercase();
            // "Action: Scottish Ambulance Service and NHS Lothian to confirm …": the label of an
            // action point is not part of the clause.
            let lower = ["action:", "agreed:", "decision:", "resolved:", "actions:"]
                .iter()
                .find_map(|l| lower.strip_prefix(l))
                .map_or(lower.as_str(), str::trim_start);
            let head = lower.strip_prefix("the ").unwrap_or(lower);
            // "the Provincial Meteorological Bureau to issue …": a level before the name.
            let head = ["provincial ", "municipal ", "county ", "district ", "city "]
                .iter()
                .find_map(|l| head.strip_prefix(l))
                .unwrap_or(head);
            // "That the Head of Building Control, …", "the Commissioner of Public Works":
            // a role heading the unit named.
            let head = ["head of ", "director of ", "chief of ", "commissioner of ", "manager of ", "minister of "]
                .iter()
                .find_map(|r| head.strip_prefix(r))
                .unwrap_or(head);
            // "Scottish Ambulance Service …", "Ontario Ministry of Labour …", "Hawke's Bay Civil
            // Defence …": a place's proper name before the unit's.
            let original = text.get(..d.start).unwrap_or("");
            let proper = original.len() == lower.len()
                && !original.trim().is_empty()
                && original.split_whitespace().count() <= 2
                && original.split_whitespace().all(|w| {
                    w.starts_with(|c: char| c.is_ascii_uppercase())
                        && w.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '\'' | '’'))
                });
            proper || (head.chars().count() <= 3 && !head.contains(['，', ',', '。']))
        })
    };
    // "…, working with forestry authorities, shall …": a unit named as working with the lead
    // cooperates.
    let with = |d: &&NamedDepartment| {
        let raw_head = text.get(..d.start).unwrap_or("");
        // "会同省财政厅，年底前新建…": a unit the work is done together with cooperates.
        let zh_head = raw_head.trim_end_matches(['省', '市', '县', '区', '州', '镇', '乡']);
        if ["会同", "协同", "配合"].iter().any(|w| zh_head.ends_with(w)) {
            return true;
        }
        let head = raw_head.to_ascii_lowercase();
        let words: Vec<&str> = head.split_whitespace().rev().take(3).collect();
        words.iter().any(|w| ["with", "assisting", "supporting"].contains(w))
    };
    // Else the first unit named before the verb ("Before the Qingming Festival, civil affairs
    // departments, working with …, shall …").
    let before_verb = |d: &&NamedDepartment| {
        find_markers(text).iter().find(|(_, k)| *k == MarkerKind::Modal).is_some_and(|&(p, _)| d.end <= p)
    };
    // "市公安局配合市交通运输局，对…": the unit cooperated with leads.
    let cooperated_with = |d: &&NamedDepartment| {
        depts.iter().any(|c| {
            text.get(c.end..d.start)
                .map(|between| between.trim_end_matches(['省', '市', '县', '区', '州']))
                .is_some_and(|between| ["配合", "协助"].contains(&between))
        })
    };
    depts
        .iter()
        .find(|d| d.leads)
        .or_else(|| depts.iter().find(|d| in_responsibility_column(text, d)))
        .or_else(|| depts.iter().find(cooperated_with))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(in_subject))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(opens))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(before_verb))
        .or_else(|| depts.iter().filter(|d| !with(d)).find(|d| subject_of_a_later_clause(text, d)))
        .or_else(|| depts.iter().find(|d| answers_for(text, d)))
}

/// A later sentence that goes on with a requirement (`refers_back`) gives it the unit it names
/// as leading or as subject, when the requirement named none itself; the other units it names
/// cooperate.
pub(super) fn carry_lead(ctx: &Ctx, draft: &mut Draft, sentence: &str) {
    if matches!(draft.why.lead_basis, Some(LeadBasis::NamedDepartment | LeadBasis::Unit)) {
        return;
    }
    let depts = ctx.departments.find(sentence);
    let Some(lead) = named_lead(sentence, &depts, subject_of(sentence)) else {
        return;
    };
    let function = Some(lead.function.clone()).filter(|f| !f.is_empty());
    if let Some(old) = draft.lead_function.take()
        && function.as_ref() != Some(&old)
        && !draft.cooperating_functions.contains(&old)
    {
        draft.cooperating_functions.push(old);
    }
    draft.lead_function = function;
    draft.lead_unit = lead.unit;
    draft.why.lead_basis = Some(if lead.unit.is_some() { LeadBasis::Unit } else { LeadBasis::NamedDepartment });
    draft.why.lead_words = sentence.get(lead.start..lead.end).map(str::to_string);
    draft.confidence = Confidence::High;
    let others: Vec<&NamedDepartment> = depts.iter().filter(|d| d.start != lead.start).collect();
    for (i, d) in others.iter().enumerate() {
        if !d.function.is_empty() && Some(&d.function) != draft.lead_function.as_ref() {
            draft.cooperating_functions.retain(|f| f != &d.function);
            draft.cooperating_functions.insert(i.min(draft.cooperating_functions.len()), d.function.clone());
        }
        if let Some(unit) = d.unit.filter(|u| Some(*u) != draft.lead_unit && !draft.cooperating_units.contains(u)) {
            draft.cooperating_units.push(unit);
        }
    }
    draft.cooperating_functions.retain(|f| Some(f) != draft.lead_function.as_ref());
}

/// One draft from a requirement's text: the unit it names leads (as leading it, else as its
/// subject), else the topic's keyword rules decide; other units it names cooperate.
pub(super) fn make_draft(ctx: &Ctx, text: String, shared_deadline: Option<(NaiveDate, Option<String>)>) -> Draft {
    let (hits, depts, subject) = topic_hits(ctx, &text);
    let decision = ctx.matcher.decide(&hits);
    let in_subject = |d: &&NamedDepartment| subject.is_some_and(|(s, e)| d.start >= s && d.end <= e);
    let named = named_lead(&text, &depts, subject);
    let mut why = Why {
        topic_words: decision.topic_words.clone(),
        subject: subject.and_then(|(s, e)| text.get(s..e)).map(str::to_string),
        ..Why::default()
    };
    let (lead, confidence) = match named {
        Some(d) => {
            why.lead_basis = Some(if d.unit.is_some() { LeadBasis::Unit } else { LeadBasis::NamedDepartment });
            why.lead_words = text.get(d.start..d.end).map(str::to_string);
            let explicit = d.unit.is_some() || d.leads || in_subject(&d);
            // A unit of the tree without a line of work (a county government) leads by itself.
            let function = Some(d.function.clone()).filter(|f| !f.is_empty());
            // "工程部要对消防设施全面检测维保", "保安部要落实每2小时巡查一次": a company's own
            // department outside its business and its safety work (engineering, security,
            // housekeeping) doing the fire work is doing the fire service's line of work.
            let function = if d.own
                && decision.lead.as_deref() == Some("fire_rescue")
                && d.function != "emergency_management"
                && ctx.departments.company_line() != Some(d.function.as_str())
            {
                decision.lead.clone()
            } else {
                function
            };
            (function, if explicit { Confidence::High } else { Confidence::Medium })
        }
        // "The County Commission for Discipline Inspection … shall complete a joint review of
        // candidates": the minutes name who does it, an office the table does not know; the
        // topic's line of work would put the work on someone else.
        // Chinese subjects end in 院, 站, 所 for places as often as for offices, so only English
        // subjects are read this way.
        // A subject whose own words name a topic ("The tourism complaint centre") keeps its
        // topic's line of work.
        None if ctx.language == Language::En
            && subject.and_then(|(s, e)| text.get(s..e)).is_some_and(names_an_office)
            && !hits.iter().any(RuleHit::in_subject) =>
        {
            (None, Confidence::Guess)
        }
        None => {
            why.lead_basis = decision.lead.as_ref().map(|_| LeadBasis::Keyword);
            why.lead_words = decision.lead.as_ref().and(decision.lead_keyword.clone());
            let sure =
                if decision.lead.is_some() && !decision.lead_by_default { Confidence::Low } else { Confidence::Guess };
            (decision.lead.clone(), sure)
        }
    };
    let lead_unit = named.and_then(|d| d.unit);
    let mut cooperating_units: Vec<i64> = Vec::new();
    for unit in depts.iter().filter_map(|d| d.unit) {
        if Some(unit) != lead_unit && !cooperating_units.contains(&unit) {
            cooperating_units.push(unit);
        }
    }
    let mut cooperating: Vec<String> = Vec::new();
    let named_others = depts.iter().map(|d| d.function.clone()).filter(|f| !f.is_empty());
    let topical = decision.lead.iter().cloned().chain(decision.cooperating.iter().cloned());
    for f in named_others.chain(topical) {
        if lead.as_deref() != Some(f.as_str()) && !cooperating.contains(&f) {
            cooperating.push(f);
        }
    }
    // The title says what is to be done: a named unit (shown as the lead) is left out of it.
    let title_from = match named {
        Some(d) if d.leads && text.starts_with('由') => {
            text.get(d.end..).and_then(|rest| rest.find(['，', ',']).map(|p| d.end + p)).unwrap_or(0)
        }
        Some(d) if in_subject(&d) => subject.map_or(0, |(_, e)| e),
        // After a lead-in ("确保汛期师生安全，学校要…") the subject starts what is to be done.
        _ => subject.map_or(0, |(s, _)| s),
    };
    let title_text = text.get(title_from..).unwrap_or(&text).trim_start_matches(['，', ',', ' ']);
    let (places, industries) = extract_terms(&text);
    let (deadline, deadline_note) = match find_deadline_with(&text, ctx.meeting_date, &ctx.periods).or(shared_deadline)
    {
        Some((d, note)) => (Some(d), note),
        None => (None, None),
    };
    Draft {
        title: make_title(if title_text.is_empty() { &text } else { title_text }),
        deadline,
        deadline_note,
        category: decision.category,
        places,
        industries,
        lead_function: lead,
        cooperating_functions: cooperating,
        language: ctx.language,
        why,
        text,
        lead_unit,
        cooperating_units,
        confidence,
    }
}

pub(super) fn add_scores(into: &mut [i32; Category::COUNT], from: &[i32; Category::COUNT]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = a.saturating_add(*b);
    }
}

/// The best-scoring category other than General, if any scored.
pub(super) fn top_specific(scores: &[i32; Category::COUNT]) -> Option<(Category, i32)> {
    Category::ALL.iter().copied().filter(|c| *c != Category::General && scores[c.index()] > 0).fold(
        None,
        |best: Option<(Category, i32)>, c| {
            let s = scores[c.index()];
            match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((c, s)),
            }
        },
    )
}

/// A clause that says what the one before means in particular ("in particular the ban on …",
/// "including the …", "特别是…", "尤其是…").
fn specifies_the_clause_before(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    ["in particular", "particularly ", "especially ", "including ", "notably ", "such as "]
        .iter()
        .any(|w| lower.starts_with(w))
        || ["特别是", "尤其是", "包括"].iter().any(|w| text.trim_start().starts_with(w))
}
