//! Matching keyword rules against a requirement: case-folded search with word boundaries for
//! Latin keywords, longer matches masking the shorter ones inside them, and the rule hits turned
//! into category scores and a category with its lead and cooperating functions.

use std::collections::HashSet;

use super::{categories::Category, rules::KeywordRule, scan::is_word_char};

/// Case-folded characters with their byte offsets, for case-insensitive search that still
/// reports positions in the original text.
pub(super) struct Folded {
    pub(super) chars: Vec<char>,
    offsets: Vec<usize>,
    len: usize,
}

impl Folded {
    pub(super) fn new(text: &str) -> Folded {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len());
        for (p, c) in text.char_indices() {
            offsets.push(p);
            chars.push(fold_char(c));
        }
        Folded { chars, offsets, len: text.len() }
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        self.offsets.get(char_index).copied().unwrap_or(self.len)
    }

    /// All occurrences as char ranges. Latin keywords match whole words; `inflected` lets a
    /// plural or verb ending follow ("schools", "flooding").
    pub(super) fn find_all(&self, needle: &[char], inflected: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else {
            return out;
        };
        let n = self.chars.len();
        if needle.len() > n {
            return out;
        }
        let left_word = is_word_char(first);
        let right_word = is_word_char(last);
        for i in 0..=(n - needle.len()) {
            if self.chars[i] != first || self.chars[i..i + needle.len()] != *needle {
                continue;
            }
            if left_word && i > 0 && is_word_char(self.chars[i - 1]) {
                continue;
            }
            let j = i + needle.len();
            if !right_word {
                out.push((i, j));
                continue;
            }
            let suffixes: &[&str] = if inflected { &["", "s", "es", "ed", "d", "ing"] } else { &[""] };
            for suf in suffixes {
                let k = j + suf.chars().count();
                let matches_suffix = k <= n && self.chars[j..k].iter().copied().eq(suf.chars());
                if matches_suffix && (k == n || !is_word_char(self.chars[k])) {
                    out.push((i, k));
                    break;
                }
            }
        }
        out
    }
}

fn fold_char(c: char) -> char {
    if c.is_whitespace() {
        return ' ';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Occurrences of several patterns where a shorter pattern inside a longer one's match does not
/// count ("coal mine" inside "non-coal mine", "school" inside "nine primary schools").
/// Returns (pattern index, char start) for each surviving occurrence, in text order.
pub(super) fn masked_hits(folded: &Folded, patterns: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (idx, p) in patterns.iter().enumerate() {
        for (s, e) in folded.find_all(p, true) {
            hits.push((idx, s, e));
        }
    }
    hits.sort_by(|a, b| (b.2 - b.1).cmp(&(a.2 - a.1)).then(a.1.cmp(&b.1)));
    // cover[i] = the furthest end of an accepted match that covers char i, with its length.
    let mut cover: Vec<(usize, usize)> = vec![(0, 0); folded.chars.len()];
    let mut spans: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for (idx, s, e) in hits {
        let len = e - s;
        let (cend, clen) = cover.get(s).copied().unwrap_or((0, 0));
        let contained = cend >= e && clen > len && !spans.contains(&(s, e));
        if contained {
            continue;
        }
        spans.insert((s, e));
        for slot in cover.iter_mut().take(e).skip(s) {
            if e > slot.0 {
                *slot = (e, len);
            }
        }
        out.push((idx, s));
    }
    out.sort_by_key(|&(idx, s)| (s, idx));
    out
}

pub(super) struct RuleMatcher {
    rules: Vec<KeywordRule>,
    patterns: Vec<Vec<char>>,
}

/// A rule that matched, with its first position in the text (in chars) and how much it
/// counts: more when it is in the requirement's subject ("学校要…", "Construction sites must…").
#[derive(Clone, Copy, Debug)]
pub(super) struct RuleHit {
    rule: usize,
    pos: usize,
    boost: i32,
}

impl RuleHit {
    /// Whether the keyword stood in the subject of the requirement.
    pub(super) fn in_subject(&self) -> bool {
        self.boost == SUBJECT_BOOST
    }
}

/// What a keyword in the subject of a requirement weighs against the same keyword elsewhere: the
/// subject says what the requirement is about, the rest may only set the season or the hazard.
pub(super) const SUBJECT_BOOST: i32 = 3;

/// Category, lead and cooperating functions for a requirement, and the keywords they came from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Decision {
    pub(super) category: Category,
    pub(super) lead: Option<String>,
    pub(super) cooperating: Vec<String>,
    /// The keyword whose rule named the lead.
    pub(super) lead_keyword: Option<String>,
    /// The keywords of the chosen category, strongest first.
    pub(super) topic_words: Vec<String>,
    /// The lead is not the topic's own but the strongest keyword's of a general topic.
    pub(super) lead_by_default: bool,
}

impl RuleMatcher {
    pub(super) fn new(rules: &[KeywordRule]) -> RuleMatcher {
        // Blank keywords (an admin's half-filled form) would match everywhere.
        let rules: Vec<KeywordRule> = rules.iter().filter(|r| !r.keyword.trim().is_empty()).cloned().collect();
        let patterns = rules.iter().map(|r| r.keyword.trim().chars().map(fold_char).collect()).collect();
        RuleMatcher { rules, patterns }
    }

    /// Each matching rule once, at its first position.
    pub(super) fn matches(&self, text: &str) -> Vec<RuleHit> {
        let folded = Folded::new(text);
        let mut seen = HashSet::new();
        masked_hits(&folded, &self.patterns)
            .into_iter()
            .filter(|&(rule, _)| seen.insert(rule))
            .map(|(rule, pos)| RuleHit { rule, pos, boost: 1 })
            .collect()
    }

    /// Hits at char positions in `subject` count [`SUBJECT_BOOST`] times.
    pub(super) fn boost_subject(hits: &mut [RuleHit], subject: std::ops::Range<usize>) {
        for h in hits.iter_mut().filter(|h| subject.contains(&h.pos)) {
            h.boost = SUBJECT_BOOST;
        }
    }

    pub(super) fn scores(&self, hits: &[RuleHit]) -> [i32; Category::COUNT] {
        let mut scores = [0i32; Category::COUNT];
        for h in hits {
            let r = &self.rules[h.rule];
            let slot = &mut scores[r.category.index()];
            *slot = slot.saturating_add(r.weight.saturating_mul(h.boost));
        }
        scores
    }

    /// Category, lead and cooperating functions for a requirement's matching rules.
    pub(super) fn decide(&self, hits: &[RuleHit]) -> Decision {
        if hits.is_empty() {
            return Decision {
                category: Category::General,
                lead: None,
                cooperating: Vec::new(),
                lead_keyword: None,
                topic_words: Vec::new(),
                lead_by_default: false,
            };
        }
        let scores = self.scores(hits);
        let strongest_in = |cat: Category| {
            hits.iter()
                .filter(|h| self.rules[h.rule].category == cat)
                .map(|h| (self.rules[h.rule].weight.saturating_mul(h.boost), std::cmp::Reverse(h.pos)))
                .max()
        };
        // Ties go to a specific category over General, then to the stronger single keyword,
        // then to whatever the text names first.
        let category = Category::ALL
            .iter()
            .copied()
            .filter(|c| hits.iter().any(|h| self.rules[h.rule].category == *c))
            .max_by_key(|c| (scores[c.index()], *c != Category::General, strongest_in(*c)))
            .unwrap_or(Category::General);
        let mut ordered: Vec<&RuleHit> = hits.iter().collect();
        ordered.sort_by_key(|h| {
            let r = &self.rules[h.rule];
            (r.category != category, std::cmp::Reverse(r.weight.saturating_mul(h.boost)), h.pos)
        });
        let lead_rule = ordered
            .iter()
            .map(|h| &self.rules[h.rule])
            .find(|r| r.category == category && r.lead_function.as_deref().is_some_and(|l| !l.trim().is_empty()));
        // A category whose keywords name no lead (General places, say) takes the lead of the
        // strongest keyword that names one: "rescue teams" leave nobody out.
        let lead_by_default = lead_rule.is_none();
        let lead_rule = lead_rule.or_else(|| {
            ordered
                .iter()
                .map(|h| &self.rules[h.rule])
                .find(|r| r.lead_function.as_deref().is_some_and(|l| !l.trim().is_empty()))
                .filter(|_| category == Category::General)
        });
        let lead = lead_rule.and_then(|r| r.lead_function.clone());
        let lead_keyword = lead_rule.map(|r| r.keyword.clone());
        let topic_words: Vec<String> = ordered
            .iter()
            .map(|h| &self.rules[h.rule])
            .filter(|r| r.category == category)
            .map(|r| r.keyword.clone())
            .collect();
        let mut cooperating: Vec<String> = Vec::new();
        for h in ordered {
            let r = &self.rules[h.rule];
            for f in r.lead_function.iter().chain(r.cooperating_functions.iter()) {
                let f = f.trim();
                if !f.is_empty() && lead.as_deref() != Some(f) && !cooperating.iter().any(|c| c == f) {
                    cooperating.push(f.to_string());
                }
            }
        }
        Decision { category, lead, cooperating, lead_keyword, topic_words, lead_by_default }
    }
}

#[cfg(test)]
mod tests {
    use super::super::draft_directives;
    use super::super::fixtures::{date, drafts_of, find, nov17, strs};
    use super::super::rules::{default_rules, rule};
    use super::*;

    #[test]
    fn winter_fire_inspection_names_its_places_and_partners() {
        let drafts = nov17();
        let fire = find(&drafts, "fire hazards in winter");
        assert_eq!(fire.category, Category::FireSafety);
        assert_eq!(fire.lead_function.as_deref(), Some("fire_rescue"));
        assert_eq!(fire.cooperating_functions, strs(&["education", "health"]));
        for place in ["schools", "hospitals", "mines", "nine small places"] {
            assert!(fire.places.iter().any(|p| p == place), "{place} missing from {:?}", fire.places);
        }
        assert!(fire.text.starts_with("It is necessary to strengthen the investigation"));
        assert!(fire.text.ends_with("“small fires that kill people.”"));
    }

    #[test]
    fn no_keyword_match_gives_general_without_lead() {
        let drafts = drafts_of("It is necessary to tidy the archive room.", date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].category, Category::General);
        assert_eq!(drafts[0].lead_function, None);
        assert!(drafts[0].cooperating_functions.is_empty());
        assert_eq!(drafts[0].title, "Tidy the archive room");
    }

    #[test]
    fn heavier_custom_rules_win_and_blank_keywords_are_ignored() {
        let mut rules = default_rules();
        rules.push(rule("archive", Category::Responsibilities, "general_office", &["civil_affairs"], 9));
        rules.push(rule("  ", Category::Mining, "energy", &[], 50));
        let drafts = draft_directives("It is necessary to check fire exits in the archive.", &rules, date(2024, 1, 1))
            .expect("drafts");
        assert_eq!(drafts[0].category, Category::Responsibilities);
        assert_eq!(drafts[0].lead_function.as_deref(), Some("general_office"));
        assert_eq!(drafts[0].cooperating_functions, strs(&["civil_affairs", "fire_rescue"]));
    }
}
