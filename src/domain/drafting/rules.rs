//! Keyword rules: what a keyword in a requirement votes for, and the rules Duban ships with,
//! kept as data in `assets/drafting/keyword_rules.tsv`.

use serde::{Deserialize, Serialize};

use super::categories::Category;

/// One keyword rule: when `keyword` occurs in a requirement (case-insensitive for Latin text), it
/// votes for a category and suggests units by their line of work ("function" codes), so rules
/// fit every city's tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeywordRule {
    pub keyword: String,
    pub category: Category,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    /// Higher wins when rules disagree.
    pub weight: i32,
}

/// A rule from its parts; an empty `lead` means none.
pub(super) fn rule(keyword: &str, category: Category, lead: &str, coop: &[&str], weight: i32) -> KeywordRule {
    KeywordRule {
        keyword: keyword.to_string(),
        category,
        lead_function: (!lead.is_empty()).then(|| lead.to_string()),
        cooperating_functions: coop.iter().map(|s| s.to_string()).collect(),
        weight,
    }
}

/// The default rules, one a line; the file's own comments describe its columns and weights.
const DEFAULT_RULES: &str = include_str!("../../../assets/drafting/keyword_rules.tsv");

/// The column names, which the first line that is not a comment must repeat.
const HEADER: [&str; 5] = ["keyword", "category", "lead_function", "cooperating_functions", "weight"];

/// The rules Duban ships with (the database is seeded from these; admins edit them later), in
/// the order of the file.
///
/// Weights: 4 for a term that names the risk outright, 3 for a strong hint, 2 and 1 for places
/// and general terms that should only colour a draft, never carry it off into another category.
pub fn default_rules() -> Vec<KeywordRule> {
    // A line that does not parse is left out rather than stopping the program; the tests below
    // keep the shipped file free of them.
    rule_lines(DEFAULT_RULES).filter_map(|(_, line)| parse_rule(line).ok()).collect()
}

/// The (line number, text) of each rule line: comments, blank lines and the header left out.
fn rule_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .skip(1)
}

/// One tab-separated line: keyword, category code, lead function (may be empty), cooperating
/// functions separated by commas (may be empty), weight.
fn parse_rule(line: &str) -> Result<KeywordRule, String> {
    let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [keyword, category, lead, coop, weight] = fields[..] else {
        return Err(format!("{} fields, not {}", fields.len(), HEADER.len()));
    };
    if keyword.is_empty() {
        return Err("the keyword is empty".to_string());
    }
    let category: Category = category.parse().map_err(|e: crate::domain::UnknownValue| e.to_string())?;
    let coop: Vec<&str> = coop.split(',').map(str::trim).filter(|f| !f.is_empty()).collect();
    let weight: i32 = weight.parse().map_err(|_| format!("{weight:?} is not a weight"))?;
    Ok(rule(keyword, category, lead, &coop, weight))
}

#[cfg(test)]
mod tests {
    use super::super::categories::{FUNCTIONS, Language, function_label};
    use super::*;

    #[test]
    fn default_rules_file_parses_whole_and_names_only_known_values() {
        let header = DEFAULT_RULES.lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        assert_eq!(header.map(|h| h.split('\t').collect::<Vec<_>>()), Some(HEADER.to_vec()));
        let mut count = 0;
        for (n, line) in rule_lines(DEFAULT_RULES) {
            let r = parse_rule(line).unwrap_or_else(|e| panic!("keyword_rules.tsv line {n}: {e}: {line:?}"));
            assert!(Category::ALL.contains(&r.category));
            for f in r.lead_function.iter().chain(&r.cooperating_functions) {
                assert!(FUNCTIONS.contains(&f.as_str()), "keyword_rules.tsv line {n} names unknown function {f}");
            }
            assert!((1..=100).contains(&r.weight), "keyword_rules.tsv line {n}: weight {}", r.weight);
            count += 1;
        }
        // The 152 the table in Rust held before the rules became data, the emergency-response,
        // subject and health and food rules the corpus showed missing, and the 98 of the eleven
        // categories added for unseen-1, and five words of process safety in a plant (特殊作业,
        // 安全联锁, …), and eight names of forest and grassland fire prevention (森林草原防火,
        // 林长制, bushfire, …), and three names of homes for the elderly (敬老院, care home, …),
        // and seventeen words of a company's operations (dangerous goods, forklift, breathalyser,
        // …) and fourteen of animal epidemics (African swine fever, 非洲猪瘟, …), and three of
        // keeping people out of poverty (返贫, 脱贫, 乡村振兴), and nineteen of waste sorting,
        // tobacco, infection and drug control, maternity, hydrogen sulphide, pipelines, village
        // banquets and crocodiles (垃圾分类, 控烟, 禁毒, …), and four of rural toilets and the
        // village environment (户厕, 人居环境, …) and two of flood banks (stopbank, levee).
        assert_eq!(count, 354);
        assert_eq!(default_rules().len(), count);
        let first = &default_rules()[0];
        assert_eq!(*first, rule("fire", Category::FireSafety, "fire_rescue", &[], 3));
        assert_eq!(parse_rule("fire\tweather\t\t\t3").map_err(|e| e.contains("weather")), Err(true));
        assert!(parse_rule("fire\tfire_safety\tfire_rescue\t3").is_err());
    }

    #[test]
    fn default_rules_use_only_known_function_codes_and_cover_both_languages() {
        let rules = default_rules();
        for r in &rules {
            for f in r.lead_function.iter().chain(&r.cooperating_functions) {
                assert!(FUNCTIONS.contains(&f.as_str()), "{} names unknown function {f}", r.keyword);
                assert!(function_label(f, Language::Zh).is_some());
            }
        }
        let has = |k: &str| rules.iter().any(|r| r.keyword == k);
        for k in [
            "fire",
            "消防",
            "火灾",
            "school",
            "学校",
            "hospital",
            "医院",
            "coal mine",
            "煤矿",
            "non-coal mine",
            "非煤矿山",
            "hazardous chemical",
            "危险化学品",
            "危化品",
            "construction",
            "建筑施工",
            "工地",
            "traffic",
            "交通",
            "drunk driving",
            "酒驾",
            "醉驾",
            "三超一疲劳",
            "three excesses and one fatigue",
            "gathering",
            "大型活动",
            "踩踏",
            "stampede",
            "gas",
            "燃气",
            "flood",
            "防汛",
            "汛期",
            "山洪",
            "地质灾害",
            "landslide",
            "reservoir",
            "水库",
            "heating",
            "供暖",
            "取暖",
            "carbon monoxide",
            "一氧化碳",
            "responsibility",
            "责任",
            "值班值守",
            "duty",
            "tourism",
            "景区",
            "road passenger transport",
            "客运",
            "special equipment",
            "特种设备",
            "elevator",
            "industry and trade",
            "工贸",
        ] {
            assert!(has(k), "no default rule for {k}");
        }
    }
}
