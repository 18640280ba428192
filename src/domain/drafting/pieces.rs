//! Pieces of a requirement: it is split at a comma only where a new clause starts with its own
//! verb ("…, and strictly prevent stampedes"), so enumerations of nouns ("coal mines, non-coal
//! mines, …") and quoted terms ("“three excesses and one fatigue”") stay whole.

use super::{
    scan::{Quotes, is_cjk, starts_ci},
    segments::{MarkerKind, find_markers},
};

/// Span of a piece or group, in bytes within the requirement text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

const EN_VERBS: &[&str] = &[
    "accelerate",
    "adhere",
    "arrange",
    "ban",
    "build",
    "carry",
    "check",
    "clarify",
    "clean",
    "close",
    "complete",
    "conduct",
    "consolidate",
    "continue",
    "control",
    "coordinate",
    "crack",
    "deal",
    "deploy",
    "dispatch",
    "do",
    "educate",
    "eliminate",
    "enhance",
    "ensure",
    "establish",
    "evacuate",
    "expand",
    "focus",
    "follow",
    "formulate",
    "fulfil",
    "fulfill",
    "guarantee",
    "guard",
    "guide",
    "identify",
    "implement",
    "improve",
    "increase",
    "inspect",
    "insist",
    "intensify",
    "investigate",
    "issue",
    "keep",
    "launch",
    "maintain",
    "make",
    "mobilize",
    "mobilise",
    "monitor",
    "optimize",
    "organize",
    "organise",
    "patrol",
    "pay",
    "persist",
    "prepare",
    "prevent",
    "prohibit",
    "promote",
    "protect",
    "publicize",
    "publicise",
    "push",
    "put",
    "rectify",
    "reduce",
    "reinforce",
    "relocate",
    "remove",
    "repair",
    "report",
    "resolve",
    "respond",
    "set",
    "shoulder",
    "standardize",
    "step",
    "stop",
    "strengthen",
    "study",
    "supervise",
    "take",
    "tighten",
    "urge",
    "verify",
    "warn",
];

const EN_ADVERBS: &[&str] = &["also", "further", "then", "always", "fully", "resolutely"];

const ZH_CLAUSE_STARTS: &[&str] = &[
    "要",
    "必须",
    "务必",
    "加强",
    "强化",
    "严格",
    "严厉",
    "严防",
    "严禁",
    "严查",
    "严把",
    "深入",
    "全面",
    "扎实",
    "切实",
    "持续",
    "着力",
    "抓好",
    "做好",
    "落实",
    "推进",
    "推动",
    "开展",
    "组织",
    "督促",
    "确保",
    "坚决",
    "及时",
    "认真",
    "进一步",
    "完善",
    "建立",
    "健全",
    "加大",
    "提升",
    "提高",
    "排查",
    "整治",
    "整改",
    "检查",
    "防范",
    "防止",
    "杜绝",
    "压实",
    "聚焦",
    "狠抓",
    "主动",
    "积极",
    "迅速",
    "立即",
    "依法",
    "规范",
    "执行",
    "完成",
    "关闭",
    "转移",
    "储备",
    "加快",
    "保障",
    "保持",
    "消除",
    "坚持",
    "统筹",
    "密切",
    "大力",
    "精准",
    "对",
    "做到",
    "并",
];

/// Splits a requirement at commas where a new clause starts with its own verb; enumerations of
/// nouns ("coal mines, non-coal mines, …") and anything inside quotes stay whole.
pub(super) fn split_pieces(req: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    let mut iter = req.char_indices().peekable();
    while let Some((pos, c)) = iter.next() {
        quotes.feed(c);
        if quotes.inside() {
            continue;
        }
        let after = pos + c.len_utf8();
        let boundary = match c {
            ',' | '，' => true,
            // "、并" joins a new clause in Chinese.
            '、' => iter.peek().is_some_and(|&(_, n)| n == '并'),
            _ => false,
        };
        if !boundary {
            continue;
        }
        let rest = req.get(after..).unwrap_or("");
        let skip = connector_len(rest);
        let clause = rest.get(skip..).unwrap_or("");
        if clause_starts(clause) {
            if pos > start {
                out.push(Span { start, end: pos });
            }
            start = after + skip;
        }
    }
    if start < req.len() {
        out.push(Span { start, end: req.len() });
    }
    out
}

/// Length of whitespace and a joining word ("and", "并", "同时") that opens a clause.
pub(super) fn connector_len(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let mut n = rest.len() - trimmed.len();
    for w in ["and then ", "and ", "while "] {
        if starts_ci(trimmed, w) {
            n += w.len();
            return n;
        }
    }
    for w in ["并且", "同时", "并"] {
        if trimmed.starts_with(w) {
            n += w.len();
            let after = rest.get(n..).unwrap_or("");
            return n + after.len() - after.trim_start_matches(['，', ',']).len();
        }
    }
    n
}

pub(super) fn clause_starts(clause: &str) -> bool {
    let first = clause.chars().next();
    if first.is_some_and(is_cjk) {
        if ZH_CLAUSE_STARTS.iter().any(|w| clause.starts_with(w)) {
            return true;
        }
        // A clause with its own short subject and modal: "，公安交警部门要实施交通管制".
        let upto = clause.split(['，', ',']).next().unwrap_or("");
        return find_markers(upto)
            .iter()
            .find(|&&(_, k)| k != MarkerKind::Adverbial)
            .is_some_and(|&(p, k)| k == MarkerKind::Modal && upto.get(..p).is_some_and(|h| h.chars().count() <= 12));
    }
    let words: Vec<String> = clause
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_ascii_lowercase())
        .collect();
    let w0 = words.first().map_or("", String::as_str);
    let w1 = words.get(1).map_or("", String::as_str);
    if EN_VERBS.contains(&w0) || (w0 == "it" && w1 == "is") || w0 == "we" {
        return true;
    }
    if (EN_ADVERBS.contains(&w0) || (w0.len() > 4 && w0.ends_with("ly"))) && EN_VERBS.contains(&w1) {
        return true;
    }
    // A clause with its own subject and modal: ", and hospitals should prepare beds".
    let upto = clause.split([',', '，']).next().unwrap_or("");
    find_markers(upto).iter().any(|&(_, k)| k == MarkerKind::Modal || k == MarkerKind::Subjectless)
}

#[cfg(test)]
mod tests {
    use super::super::Category;
    use super::super::fixtures::{date, drafts_of, find, nov17, strs};

    #[test]
    fn high_risk_industries_stay_in_one_draft_led_by_emergency_management() {
        let drafts = nov17();
        let d = find(&drafts, "high-risk industries");
        assert_eq!(d.category, Category::Mining);
        assert_eq!(d.lead_function.as_deref(), Some("emergency_management"));
        assert_eq!(
            d.industries,
            strs(&["coal mines", "non-coal mines", "hazardous chemicals", "industry and trade", "construction"])
        );
        assert!(d.text.contains(
            "coal mines, non-coal mines, hazardous chemicals, industry and trade, construction and other industries"
        ));
        assert!(d.cooperating_functions.contains(&"housing_construction".to_string()));
        assert!(!d.cooperating_functions.contains(&"emergency_management".to_string()));
        assert!(d.places.is_empty(), "coal mines are an industry, not a place: {:?}", d.places);
    }

    #[test]
    fn public_sector_sentence_splits_into_traffic_crowd_and_gas_drafts() {
        let drafts = nov17();
        let traffic = find(&drafts, "drunk driving");
        assert_eq!(
            traffic.text,
            "Strictly investigate and deal with traffic violations such as “three excesses and one fatigue” and drunk driving"
        );
        assert_eq!(traffic.category, Category::RoadTraffic);
        assert_eq!(traffic.lead_function.as_deref(), Some("traffic_police"));
        assert_eq!(traffic.cooperating_functions, strs(&["transport"]));

        let crowd = find(&drafts, "stampedes");
        assert_eq!(crowd.category, Category::CrowdSafety);
        assert_eq!(crowd.lead_function.as_deref(), Some("public_security"));
        assert!(crowd.cooperating_functions.contains(&"culture_tourism".to_string()));
        assert!(crowd.text.ends_with("various celebrations, rallies, cultural and sports events"));
        assert!(!crowd.text.contains("drunk"));

        let gas = find(&drafts, "urban gas");
        assert_eq!(gas.category, Category::Gas);
        assert_eq!(gas.lead_function.as_deref(), Some("housing_construction"));
        assert!(gas.text.starts_with("Deeply promote urban gas safety"));
        assert!(!gas.text.contains("stampede"));
    }

    #[test]
    fn quoted_terms_survive_whole() {
        let drafts = nov17();
        let quoted = drafts.iter().filter(|d| d.text.contains("“three excesses and one fatigue”")).count();
        assert_eq!(quoted, 1);
        assert!(find(&drafts, "fire hazards in winter").text.contains("“nine primary schools”"));
        let zh = "会议要求，要严厉查处“三超一疲劳”、酒驾醉驾等交通违法行为；要加强“九小场所”消防安全检查。";
        let drafts = drafts_of(zh, date(2024, 1, 2));
        assert_eq!(drafts.len(), 2);
        assert!(drafts[0].text.contains("“三超一疲劳”"));
        assert_eq!(drafts[0].category, Category::RoadTraffic);
        assert!(drafts[1].text.contains("“九小场所”"));
        assert_eq!(drafts[1].places, strs(&["九小场所"]));
        assert_eq!(drafts[1].category, Category::FireSafety);
    }
}
