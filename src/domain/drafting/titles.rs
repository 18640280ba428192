//! The text and title of a draft: the clause trimmed of joining words and trailing commas, and a
//! short head of it in its own words.

use super::{
    categories::Language,
    deadlines::en_month,
    pieces::{clause_starts, connector_len},
    scan::{Quotes, starts_ci},
    segments::strip_enumerator,
};

/// Trims a clause: joining words at the front, commas and semicolons at the back.
pub(super) fn clean_text(raw: &str) -> String {
    let mut t = raw.trim();
    loop {
        let before = t.len();
        if starts_ci(t, "and ") {
            t = t.get(4..).unwrap_or("").trim_start();
        }
        for w in ["并且", "同时", "并"] {
            if let Some(rest) = t.strip_prefix(w) {
                t = rest.trim_start_matches(['，', ',']).trim_start();
            }
        }
        if t.len() == before {
            break;
        }
    }
    let t = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、' | ':' | '：'));
    capitalize(t)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

const EN_TITLE_LEADS: &[&str] = &[
    "it is necessary to ",
    "it is required to ",
    "it is essential to ",
    "it is imperative to ",
    "it is important to ",
    "we must ",
    "we should ",
    "we need to ",
    "we will ",
    "must ",
    "shall ",
    "should ",
    "need to ",
    // What is left of "X will …", "X is to …", "X agreed to …" once the subject is shown as the lead.
    "will ",
    "is to ",
    "are to ",
    "agreed to ",
    "is asked to ",
    "are asked to ",
    "is requested to ",
    "are requested to ",
    "to ",
    "and ",
    // "(LEMC 26/15) that the Chair write to Transport for NSW …": a resolution's clause.
    "that ",
];

const ZH_TITLE_LEADS: &[&str] = &["一定要", "必须", "务必", "需要", "应当", "还要", "切实", "要", "并"];

const TITLE_MAX_WORDS: usize = 14;
const TITLE_MAX_CHARS: usize = 24;

/// A short head of the requirement in its own words: the modal lead-in dropped, cut at the first
/// comma, "such as", or a stray capitalised word (machine translations run sentences together:
/// "promote urban gas safety Special rectification will …").
pub(super) fn make_title(text: &str) -> String {
    let mut t = text.trim();
    // "Tasking 26-03: American Red Cross to recruit …", "Recommendation 2026-03 (…): That …"
    if let Some(rest) = super::markers::after_numbered_label(t) {
        t = rest.trim_start();
    }
    // "ACTION (Club Safety Officer, with EEAST): finalise …", "Action: Head of Highways —
    // monitor …": the action, not its label.
    if let Some((_, at)) = super::markers::owner_label(t) {
        t = &t[at..];
    } else if let Some((_, action)) = super::markers::names_then_action(t) {
        t = action;
    } else if let Some(action) = super::initials::after_opening_owners(t) {
        // "NC / CH – Close the causeway …": the action, not its owners' initials.
        t = action;
    }
    loop {
        let before = t.len();
        // A title never starts with a list marker ("一、", "（一）", "1.", "第一，", "一是", "①").
        t = strip_enumerator(t);
        if let Some(p) = EN_TITLE_LEADS.iter().find(|p| starts_ci(t, p)) {
            t = t.get(p.len()..).unwrap_or("").trim_start();
        }
        // "That, once vacated, the properties … be demolished": a resolution's aside after "That".
        if starts_ci(t, "that, ")
            && let Some((_, rest)) = t[6..].split_once(", ")
        {
            t = rest.trim_start();
        }
        if let Some(p) = ZH_TITLE_LEADS.iter().find(|p| t.starts_with(*p)) {
            // 要求 is a noun phrase, not "must" + 求.
            if !(*p == "要" && t.starts_with("要求")) {
                t = t.get(p.len()..).unwrap_or("").trim_start();
            }
        }
        if t.len() == before {
            break;
        }
    }
    if t.is_empty() {
        t = text.trim();
    }
    let head = if Language::detect(t) == Language::Zh {
        zh_title_head(after_place_label(t))
    } else {
        en_title_head(after_en_subject(t))
    };
    let head = head.trim().trim_end_matches([',', '.', ';', '，', '。', '；', '、', ':', '：']);
    capitalize(head.trim())
}

/// A Chinese item after the place or unit it is about, written as a label ("赣县片区梅林加油站：
/// 修复油罐区破损围堰"): the work itself.
fn after_place_label(t: &str) -> &str {
    const PLACE_ENDS: &[char] = &['站', '库', '厂', '区', '场', '部', '局', '所', '院', '校', '园', '村', '镇', '店'];
    match t.split_once('：') {
        Some((place, rest))
            if place.chars().count() <= 16
                && place.ends_with(PLACE_ENDS)
                && !place.contains(['，', '要'])
                && !rest.trim().is_empty() =>
        {
            rest
        }
        _ => t,
    }
}

/// A Chinese requirement after the clauses that only say who leads or when ("运维部负责，", "安全
/// 质量部牵头，运维部配合，", "专职消防队要会同设备工程部，", "高温预警期间，"): the work itself.
fn after_lead_clauses(t: &str) -> &str {
    const UNIT_ENDS: &[&str] = &["部", "局", "委", "办", "队", "中心", "站", "室"];
    let mut t = t;
    for _ in 0..3 {
        let Some((clause, rest)) = t.split_once('，') else {
            break;
        };
        let short = clause.chars().count() <= 16;
        let who = ["负责", "牵头", "配合"].iter().any(|w| clause.ends_with(w))
            || (clause.contains("会同") && UNIT_ENDS.iter().any(|w| clause.ends_with(w)))
            // "会同生产技术部、烧成车间，": a clause that opens with 会同 names only who helps.
            || clause.starts_with("会同");
        let when = ["期间", "之前"].iter().any(|w| clause.ends_with(w));
        // "对排查发现的危房，要立即停止使用": what the work is done to, then the work.
        let object = clause.starts_with('对') && rest.trim_start().starts_with('要');
        if !short || !(who || when || object) || rest.trim().is_empty() {
            break;
        }
        t = if object { rest.trim_start().trim_start_matches('要') } else { rest };
    }
    t
}

/// A Chinese clause a little over the cap is still one phrase: better whole than cut mid-word.
const TITLE_MAX_CHARS_WHOLE_CLAUSE: usize = 32;

fn zh_title_head(t: &str) -> &str {
    let t = after_lead_clauses(t);
    // "零售管理部要加强员工操作规程培训": the unit is the lead beside the title, named or not.
    const UNIT_ENDS: &[&str] = &["部", "局", "委", "办", "队", "中心", "站", "室", "片区", "公司", "库"];
    let t = match t.split_once('要') {
        Some((unit, rest))
            if unit.chars().count() <= 12
                && UNIT_ENDS.iter().any(|e| unit.ends_with(e))
                // "各级领导干部要…": cadres are people, and who they are is the point.
                && !unit.ends_with("干部")
                && !unit.contains(['，', '、', '：'])
                && !rest.is_empty() =>
        {
            rest
        }
        _ => t,
    };
    let first_clause = t
        .char_indices()
        .take(TITLE_MAX_CHARS_WHOLE_CLAUSE + 1)
        .find(|&(_, c)| matches!(c, '，' | ',' | '；' | ';' | '。' | '：'));
    if let Some((pos, _)) = first_clause
        && !t.get(..pos).unwrap_or("").contains(['“', '「', '"'])
    {
        return t.get(..pos).unwrap_or(t);
    }
    let mut quotes = Quotes::default();
    for (count, (pos, c)) in t.char_indices().enumerate() {
        // Judged before this character: a cut just before an opening quote is fine, one just
        // before a closing quote would leave the term dangling.
        let inside_before = quotes.inside();
        quotes.feed(c);
        let stop = !inside_before && (matches!(c, '，' | ',' | '；' | ';' | '。' | '：') || count >= TITLE_MAX_CHARS);
        if stop || count >= TITLE_MAX_CHARS * 2 {
            return t.get(..pos).unwrap_or(t);
        }
    }
    t
}

/// What an English requirement asks, after its subject: "The Department of Transport and Main
/// Roads is to identify …" → "identify …", "Where an inspection finds a defect, the Regulator is
/// to issue …" → "issue …", "Engineering & Maintenance to replace …" → "replace …". The subject is
/// the lead, shown beside the title.
fn after_en_subject(t: &str) -> &str {
    const MODALS: &[&str] = &[
        " is to ",
        " are to ",
        " is asked to ",
        " are asked to ",
        " is requested to ",
        " are requested to ",
        // "That the Brantford Police Service be requested to provide …": a resolution's ask.
        " be requested to ",
        " be authorized to ",
        " be authorised to ",
        " be directed to ",
        " be asked to ",
        " shall ",
        " must ",
        " will ",
        " should ",
        " need to ",
        " needs to ",
        // "Ms Hussain undertook to submit them …": what she undertook.
        " undertook to ",
        " undertakes to ",
    ];
    let lower = t.to_ascii_lowercase();
    let modal = MODALS
        .iter()
        .filter_map(|m| lower.find(m).map(|p| (p, m.len())))
        .filter(|&(p, _)| !super::markers::in_purpose_clause(&t[..p]))
        .min_by_key(|&(p, _)| p);
    // The subject is a body's name: a capitalised word after its first ("the Regulator", "The
    // Department of …") or capitals throughout ("Seqwater and Sunwater"); "Each district should
    // …" keeps who it asks.
    // "the Highways team, working with the police, will …": the subject before a parenthesis.
    let named_clause = |clause: &str| {
        let words: Vec<&str> = clause.split_whitespace().collect();
        let capital = |w: &&str| w.starts_with(|c: char| c.is_uppercase());
        words.iter().skip(1).any(capital)
            || (!words.is_empty()
                && words.iter().all(|w| capital(w) || ["and", "&", "of"].contains(w))
                && words.len() > 1)
    };
    let named = |subject: &str| {
        let last = subject.rsplit([',', ';']).next().unwrap_or(subject);
        let parenthesis = subject.trim_end().ends_with(',');
        // "Staff be directed to develop …": a council's own staff.
        named_clause(last)
            || last.trim().eq_ignore_ascii_case("staff")
            || (parenthesis && subject.split([',', ';']).rev().nth(2).is_some_and(named_clause))
    };
    let cut = match modal {
        // "… shall be led by …": a passive keeps its subject, which is what is to be done.
        Some((p, len))
            if lower[..p].split_whitespace().count() <= 15
                && named(&t[..p])
                && !lower[p + len..].starts_with("be ") =>
        {
            Some(p + len)
        }
        // "Engineering & Maintenance to replace …": a name, then "to" and the action; "JM, with
        // MD for the ambulance service, to agree …": the name before an aside.
        _ => {
            let a_name = |head: &str| {
                let words: Vec<&str> = head.split_whitespace().collect();
                !words.is_empty()
                    && words.len() <= 6
                    // "District 4 to deploy …": a number is part of a name.
                    && words.iter().all(|w| {
                        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                            || ["and", "&", "of", "the", "with"].contains(w)
                    })
                    && words[0].starts_with(char::is_uppercase)
            };
            let aside = lower.find(", to ").filter(|&p| t[..p].split_once(',').is_some_and(|(head, _)| a_name(head)));
            // "Homeless Services, with the Police Department's team, conduct outreach …": a
            // resolution's subjunctive after the name and its aside.
            let subjunctive = || {
                let (head, rest) = t.split_once(", ")?;
                let (aside, action) = rest.split_once(", ")?;
                let helps = ["with ", "working with ", "together with ", "supported by ", "assisted by "];
                (a_name(head) && helps.iter().any(|h| aside.starts_with(h)) && action.starts_with(char::is_lowercase))
                    .then(|| t.len() - action.len())
            };
            match aside {
                Some(p) => Some(p + ", to ".len()),
                None => lower.find(" to ").filter(|&p| a_name(&t[..p])).map(|p| p + " to ".len()).or_else(subjunctive),
            }
        }
    };
    match cut.and_then(|c| t.get(c..)) {
        // "Janelle will also re-check …": what she will do, not that it comes on top.
        Some(rest) if rest.split_whitespace().count() >= 2 => {
            let rest = rest.trim_start();
            rest.strip_prefix("also ").map_or(rest, str::trim_start)
        }
        _ => t,
    }
}

fn en_title_head(t: &str) -> &str {
    let mut quotes = Quotes::default();
    let mut words = 0;
    let mut prev_lower = false;
    let mut at_word_start = true;
    // Where a cut at the word cap reads best: before a preposition or conjunction.
    let mut soft_break: Option<usize> = None;
    for (pos, c) in t.char_indices() {
        let was_inside = quotes.inside();
        quotes.feed(c);
        if c.is_whitespace() {
            at_word_start = true;
            continue;
        }
        if was_inside || quotes.inside() {
            at_word_start = false;
            continue;
        }
        // A comma ends the title where a new clause starts ("…, carry out …"); inside a list
        // ("the illegal production, transport and sale of fireworks") the title goes on.
        // "1,246 complaints", "from 04:00": a comma or colon inside a number.
        let in_number = t.get(..pos).is_some_and(|h| h.ends_with(|d: char| d.is_ascii_digit()))
            && t.get(pos + 1..).is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()));
        if c == ';' || (c == ':' && !in_number) {
            return t.get(..pos).unwrap_or(t);
        }
        if c == ',' && !in_number {
            let rest = t.get(pos + 1..).unwrap_or("");
            let clause = rest.get(connector_len(rest)..).unwrap_or("");
            if words < 2 || clause_starts(clause) || !list_goes_on(clause) {
                return t.get(..pos).unwrap_or(t);
            }
            continue;
        }
        if at_word_start && pos > 0 {
            words += 1;
            let rest = t.get(pos..).unwrap_or("");
            let mut next_words = rest.split_whitespace();
            let word = next_words.next().unwrap_or("");
            let month_follows = next_words
                .next()
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_ascii_lowercase())
                .is_some_and(|w| en_month(&w).is_some());
            // A name after a preposition or an article ("among City employees", "and PARCS
            // field crews") or an acronym ("free FAX bus rides") is no new sentence.
            let prev_word = t[..pos].split_whitespace().last().unwrap_or("").to_ascii_lowercase();
            let acronym = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && word.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
            let stray_capital = c.is_uppercase()
                && prev_lower
                && next_word_is_lower(rest)
                && !acronym
                && !NAME_BEFORE_WORDS.contains(&prev_word.as_str());
            let deadline_follows = ["before ", "no later than ", "by the end", "shall be led by ", "be led by "]
                .iter()
                .any(|w| starts_ci(rest, w))
                || (word.eq_ignore_ascii_case("by") && month_follows);
            if starts_ci(rest, "such as ") || starts_ci(rest, "including ") || deadline_follows || stray_capital {
                return t.get(..pos).unwrap_or(t);
            }
            if words >= TITLE_MAX_WORDS {
                let cut = soft_break.unwrap_or(pos);
                return t.get(..cut).unwrap_or(t);
            }
            if words >= TITLE_MAX_WORDS / 2 && TITLE_BREAK_WORDS.iter().any(|b| b.eq_ignore_ascii_case(word)) {
                soft_break = Some(pos);
            }
        }
        if at_word_start {
            prev_lower = c.is_lowercase();
        }
        at_word_start = false;
    }
    t
}

/// Words after which a capitalised word is a name, not a sentence run on.
const NAME_BEFORE_WORDS: &[&str] = &[
    "the", "a", "an", "each", "every", "all", "any", "and", "or", "of", "to", "for", "with", "by", "at", "in", "on",
    "from", "among", "into", "under", "across", "between", "per", "via", "free",
];

const TITLE_BREAK_WORDS: &[&str] =
    &["and", "during", "in", "for", "with", "on", "at", "from", "to", "through", "under", "within", "so", "until"];

/// True when what follows a comma continues a list of nouns: lower-case words up to an "and"
/// or "or" before the next comma, as in "production, transport and sale of …".
fn list_goes_on(clause: &str) -> bool {
    let upto = clause.split([',', ';', '.']).next().unwrap_or("");
    let words: Vec<&str> = upto.split_whitespace().collect();
    words.first().is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        && words.iter().take(4).any(|w| matches!(*w, "and" | "or"))
}

fn next_word_is_lower(rest: &str) -> bool {
    rest.split_whitespace().nth(1).and_then(|w| w.chars().next()).is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::make_title;

    #[test]
    fn a_chinese_title_skips_the_clauses_that_only_say_who_leads_or_when() {
        assert_eq!(make_title("运维部负责，8月20日前完成充电桩温度检测。"), "8月20日前完成充电桩温度检测");
        assert_eq!(make_title("安全质量部牵头，运维部配合，对站点灭火器进行检查。"), "对站点灭火器进行检查");
        assert_eq!(make_title("专职消防队要会同设备工程部，对消防炮进行测试。"), "对消防炮进行测试");
        assert_eq!(
            make_title("由安全环保部牵头，会同生产技术部、烧成车间，3月5日前完成操作规程修订。"),
            "3月5日前完成操作规程修订"
        );
        assert_eq!(make_title("高温预警期间，运维部对站点实行每日两次巡检。"), "运维部对站点实行每日两次巡检");
        // What the work is done to, then "要" and the work: the work.
        assert_eq!(make_title("对排查发现的危房，要立即停止使用，由县应急管理局做好人员转移安置。"), "立即停止使用");
        // A clause that does the work stays.
        assert_eq!(make_title("市住建局负责，"), "市住建局负责");
    }

    /// Issue 22, item 5: whatever numbers an item, the title starts with its words.
    #[test]
    fn a_title_never_starts_with_a_list_marker_of_any_kind() {
        let zh = [
            "一、加强燃气管道巡查",
            "（一）加强燃气管道巡查",
            "(一)加强燃气管道巡查",
            "1. 加强燃气管道巡查",
            "1、加强燃气管道巡查",
            "1．加强燃气管道巡查",
            "第一，加强燃气管道巡查",
            "第一、加强燃气管道巡查",
            "一是加强燃气管道巡查",
            "一要加强燃气管道巡查",
            "(1)加强燃气管道巡查",
            "（1）加强燃气管道巡查",
            "1）加强燃气管道巡查",
            "①加强燃气管道巡查",
            "——加强燃气管道巡查",
            "要加强燃气管道巡查",
            "一、要加强燃气管道巡查",
        ];
        for text in zh {
            assert_eq!(make_title(text), "加强燃气管道巡查", "{text}");
        }
        let en = [
            "1. Inspect every gas pipeline",
            "2.1 Inspect every gas pipeline",
            "(a) Inspect every gas pipeline",
            "a) Inspect every gas pipeline",
            "(3) Inspect every gas pipeline",
            "3) Inspect every gas pipeline",
            "IV. Inspect every gas pipeline",
            "1. It is necessary to inspect every gas pipeline",
        ];
        for text in en {
            assert_eq!(make_title(text), "Inspect every gas pipeline", "{text}");
        }
        assert_eq!(make_title("(j) Re-check the 1,246 public complaints"), "Re-check the 1,246 public complaints");
    }

    #[test]
    fn an_english_title_says_the_action_after_its_subject_and_keeps_names_whole() {
        let cases = [
            (
                "The Department of Transport and Main Roads is to identify state-controlled roads",
                "Identify state-controlled roads",
            ),
            ("Engineering & Maintenance to replace the two failed detectors", "Replace the two failed detectors"),
            ("District 4 to deploy queue-warning trailers", "Deploy queue-warning trailers"),
            ("5 crews to sweep the gullies before the storm", "5 crews to sweep the gullies"),
            ("2 to 3 extra wardens at each gate on match days", "2 to 3 extra wardens at each gate on match days"),
            (
                "Where an inspection finds a defect, the Regulator is to issue a direction to the owner",
                "Issue a direction to the owner",
            ),
            (
                "Equip each Public Works and PARCS field crew with a canopy",
                "Equip each Public Works and PARCS field crew with a canopy",
            ),
            ("Provide free FAX bus rides to any cooling center", "Provide free FAX bus rides to any cooling center"),
            (
                "Report heat-related incidents among City employees",
                "Report heat-related incidents among City employees",
            ),
            (
                "Mr Gill confirmed that the Highways team, working with the police, will finalise the road closures",
                "Finalise the road closures",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(make_title(text), want, "{text}");
        }
    }

    #[test]
    fn a_resolutions_subjunctive_after_a_name_and_its_aside_titles_the_action() {
        assert_eq!(
            make_title("Homeless Services, with the Police Department's team, conduct outreach at occupied buildings"),
            "Conduct outreach at occupied buildings"
        );
        // A list of things, not a name and the one helping it.
        assert_eq!(make_title("Parks, playgrounds and pools, inspected weekly by staff"), "Parks");
        // "That, once vacated, …": the aside after "That" goes.
        assert_eq!(
            make_title("That, once vacated, the two houses on Beach Road be demolished"),
            "The two houses on Beach Road be demolished"
        );
    }
}
