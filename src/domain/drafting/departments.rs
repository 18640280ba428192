//! Departments named in a requirement: the names and short forms of units by line of work
//! ("自然资源部门", "交警", "the transport bureau", "public security organs"), kept as data in
//! `assets/drafting/departments.tsv`, found in text with the longer name winning, and the
//! places where a name makes its unit the lead ("由X牵头", "X负责", "led by X").

use serde::{Deserialize, Serialize};

use super::matching::{Folded, masked_hits};

/// A department name or short form and the function (line of work) it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentName {
    pub name: String,
    pub function: String,
}

const DEFAULT_DEPARTMENTS: &str = include_str!("../../../assets/drafting/departments.tsv");

/// The column names, which the first line that is not a comment must repeat.
const HEADER: [&str; 2] = ["name", "function"];

/// The department names Duban ships with, in the order of the file.
pub fn default_departments() -> Vec<DepartmentName> {
    data_lines(DEFAULT_DEPARTMENTS).filter_map(|(_, line)| parse_department(line).ok()).collect()
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .skip(1)
}

fn parse_department(line: &str) -> Result<DepartmentName, String> {
    let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [name, function] = fields[..] else {
        return Err(format!("{} fields, not {}", fields.len(), HEADER.len()));
    };
    if name.is_empty() || function.is_empty() {
        return Err("an empty name or function".to_string());
    }
    Ok(DepartmentName { name: name.to_string(), function: function.to_string() })
}

/// A department named in a text: byte range, the function, and whether the text makes it the
/// lead ("由X牵头", "led by X").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct NamedDepartment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) function: String,
    pub(super) leads: bool,
}

pub(super) struct DepartmentMatcher {
    names: Vec<DepartmentName>,
    patterns: Vec<Vec<char>>,
}

impl DepartmentMatcher {
    pub(super) fn new(names: &[DepartmentName]) -> DepartmentMatcher {
        let names: Vec<DepartmentName> = names.iter().filter(|d| !d.name.trim().is_empty()).cloned().collect();
        let patterns = names.iter().map(|d| Folded::new(d.name.trim()).chars).collect();
        DepartmentMatcher { names, patterns }
    }

    /// The departments `text` names, in order.
    pub(super) fn find(&self, text: &str) -> Vec<NamedDepartment> {
        let folded = Folded::new(text);
        masked_hits(&folded, &self.patterns)
            .into_iter()
            .map(|(idx, s)| {
                let start = folded.byte(s);
                let end = folded.byte(s + self.patterns[idx].len());
                let end = end + unit_noun_len(text.get(end..).unwrap_or(""));
                let leads = is_named_lead(text, start, end);
                NamedDepartment { start, end, function: self.names[idx].function.clone(), leads }
            })
            .collect()
    }
}

/// The unit noun after a short name ("natural resources| bureau", "市场监管|部门"), so the name
/// shown is the whole one the minutes wrote.
fn unit_noun_len(after: &str) -> usize {
    const EN: &[&str] = &[
        " bureau",
        " bureaus",
        " department",
        " departments",
        " authorities",
        " authority",
        " organs",
        " commission",
        " administration",
        " corps",
        " detachment",
        " brigade",
        " office",
        " agencies",
        " agency",
    ];
    const ZH: &[&str] = &["部门", "机关", "机构", "支队", "大队", "局", "委", "厅"];
    let lower = after.to_ascii_lowercase();
    let en = EN
        .iter()
        .filter(|w| lower.starts_with(*w) && lower[w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .map(|w| w.len())
        .max();
    en.or_else(|| ZH.iter().find(|w| after.starts_with(*w)).map(|w| w.len())).unwrap_or(0)
}

/// "由市住建局牵头", "应急局负责", "led by the transport bureau", "the EMB takes the lead".
fn is_named_lead(text: &str, start: usize, end: usize) -> bool {
    let before: String =
        text.get(..start).unwrap_or("").chars().rev().take(16).collect::<Vec<_>>().into_iter().rev().collect();
    // A unit suffix or place prefix may sit between the name and the marker ("由市住建局牵头").
    let after: String = text.get(end..).unwrap_or("").chars().take(12).collect();
    let after_zh = after.trim_start_matches(['局', '委', '厅', '部', '门', '牵', '等']).to_string();
    let zh_after = ["牵头", "负责", "为主", "主责", "部门牵头", "门牵头", "局牵头", "局负责", "门负责"]
        .iter()
        .any(|w| after.starts_with(w) || after_zh.starts_with(w));
    let zh_before = before.ends_with('由') || before.chars().rev().take(3).any(|c| c == '由');
    let lower_before = before.to_ascii_lowercase();
    let lower_after = after.to_ascii_lowercase();
    let en_before =
        ["led by ", "led by the ", "under the lead of ", "under the lead of the ", "headed by ", "headed by the "]
            .iter()
            .any(|w| lower_before.ends_with(w));
    let en_after = [" takes the lead", " shall take the lead", " will take the lead", " shall lead", " leads"]
        .iter()
        .any(|w| lower_after.starts_with(w));
    zh_after || zh_before || en_before || en_after
}

#[cfg(test)]
mod tests {
    use super::super::categories::FUNCTIONS;
    use super::*;

    #[test]
    fn departments_file_parses_whole_and_names_only_known_functions() {
        let header = DEFAULT_DEPARTMENTS.lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        assert_eq!(header.map(|h| h.split('\t').collect::<Vec<_>>()), Some(HEADER.to_vec()));
        for (n, line) in data_lines(DEFAULT_DEPARTMENTS) {
            let d = parse_department(line).unwrap_or_else(|e| panic!("departments.tsv line {n}: {e}: {line:?}"));
            assert!(FUNCTIONS.contains(&d.function.as_str()), "departments.tsv line {n}: unknown {}", d.function);
        }
        let names: Vec<String> = default_departments().into_iter().map(|d| d.name).collect();
        for short in [
            "交警",
            "住建",
            "文旅",
            "应急局",
            "公安机关",
            "市场监管",
            "自然资源部门",
            "EMB",
            "public security organs",
            "transport bureau",
            "market regulation",
        ] {
            assert!(names.iter().any(|n| n == short), "no department name {short}");
        }
    }

    #[test]
    fn the_longer_name_wins_and_leading_is_recognised_in_both_languages() {
        let m = DepartmentMatcher::new(&default_departments());
        let f = |t: &str| m.find(t).into_iter().map(|d| (d.function, d.leads)).collect::<Vec<_>>();
        assert_eq!(f("公安交警部门要实施交通管制"), vec![("traffic_police".to_string(), false)]);
        assert_eq!(
            f("由市住建局牵头，会同商务部门"),
            vec![("housing_construction".to_string(), true), ("commerce".to_string(), false)]
        );
        assert_eq!(f("县应急局负责验收"), vec![("emergency_management".to_string(), true)]);
        assert_eq!(
            f("Rectification shall be led by the Transport Bureau, with the EMB cooperating"),
            vec![("transport".to_string(), true), ("emergency_management".to_string(), false)]
        );
        assert!(f("The members of the emblem committee").is_empty(), "EMB matches whole words only");
    }
}
