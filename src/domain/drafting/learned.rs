//! Learning from the secretariat: a drafted directive keeps what Duban suggested; when the
//! person who issued it chose another category or another lead unit, that is a correction, and
//! the most frequent corrections become candidate keyword rules for an admin to accept.

use serde::{Deserialize, Serialize};

use super::{Category, KeywordRule};

/// What a draft suggested and what the secretariat made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    /// The words the suggestion rested on: the requirement's subject, else the words that named
    /// the lead, else its strongest topic word.
    pub words: String,
    pub suggested_category: Category,
    pub category: Category,
    pub suggested_lead: Option<String>,
    /// The line of work of the unit that was given the lead, if one was.
    pub lead: Option<String>,
}

impl Correction {
    /// True when the person changed the category or gave the lead to another line of work.
    pub fn corrects(&self) -> bool {
        self.category != self.suggested_category || (self.lead.is_some() && self.lead != self.suggested_lead)
    }
}

/// A keyword rule the corrections suggest, and how many corrections back it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateRule {
    pub rule: KeywordRule,
    pub count: usize,
}

/// Weight of a learned rule: a strong hint, as a person named it, but below the terms that name
/// a risk outright.
const LEARNED_WEIGHT: i32 = 3;

/// The most frequent corrections as keyword rules, most frequent first, at most `limit`; a
/// correction a rule already makes is left out.
pub fn candidate_rules(corrections: &[Correction], existing: &[KeywordRule], limit: usize) -> Vec<CandidateRule> {
    let mut out: Vec<CandidateRule> = Vec::new();
    for c in corrections.iter().filter(|c| c.corrects()) {
        let keyword = c.words.trim();
        if keyword.is_empty() {
            continue;
        }
        let lead = c.lead.clone().or_else(|| c.suggested_lead.clone());
        let same = |r: &KeywordRule| {
            r.keyword.eq_ignore_ascii_case(keyword) && r.category == c.category && r.lead_function == lead
        };
        if existing.iter().any(same) {
            continue;
        }
        match out.iter_mut().find(|cand| same(&cand.rule)) {
            Some(cand) => cand.count += 1,
            None => out.push(CandidateRule {
                rule: KeywordRule {
                    keyword: keyword.to_string(),
                    category: c.category,
                    lead_function: lead,
                    cooperating_functions: Vec::new(),
                    weight: LEARNED_WEIGHT,
                },
                count: 1,
            }),
        }
    }
    // Stable: equal counts keep the order the corrections came in.
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::super::rules::{default_rules, rule};
    use super::*;

    fn correction(words: &str, lead: &str) -> Correction {
        Correction {
            words: words.to_string(),
            suggested_category: Category::General,
            category: Category::General,
            suggested_lead: None,
            lead: Some(lead.to_string()),
        }
    }

    #[test]
    fn frequent_corrections_come_first_and_agreements_are_no_corrections() {
        let mut agreed = correction("学校", "education");
        agreed.suggested_lead = Some("education".to_string());
        let corrections = vec![
            correction("供水公司", "housing_construction"),
            correction("人防办", "emergency_management"),
            correction("人防办", "emergency_management"),
            agreed,
            correction("  ", "energy"),
        ];
        let got = candidate_rules(&corrections, &default_rules(), 10);
        assert_eq!(
            got,
            vec![
                CandidateRule { rule: rule("人防办", Category::General, "emergency_management", &[], 3), count: 2 },
                CandidateRule {
                    rule: rule("供水公司", Category::General, "housing_construction", &[], 3), count: 1
                },
            ]
        );
        assert_eq!(candidate_rules(&corrections, &default_rules(), 1).len(), 1);
    }

    #[test]
    fn a_category_change_counts_and_a_rule_already_there_is_not_proposed_again() {
        let c = Correction {
            words: "fire".to_string(),
            suggested_category: Category::General,
            category: Category::FireSafety,
            suggested_lead: Some("fire_rescue".to_string()),
            lead: None,
        };
        assert!(c.corrects());
        assert!(candidate_rules(std::slice::from_ref(&c), &default_rules(), 5).is_empty(), "fire → fire safety exists");
        let got = candidate_rules(&[c], &[], 5);
        assert_eq!(got[0].rule, rule("fire", Category::FireSafety, "fire_rescue", &[], 3));
    }
}
