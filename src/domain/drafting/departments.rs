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
    /// The line of work; empty for a unit of the tree that has none (a county government).
    pub function: String,
    /// The unit of the organisation this name is, when it comes from the unit tree
    /// (`gazetteer`) rather than the table of names by line of work.
    #[serde(default)]
    pub unit: Option<i64>,
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
    Ok(DepartmentName { name: name.to_string(), function: function.to_string(), unit: None })
}

/// A department named in a text: byte range, the function, and whether the text makes it the
/// lead ("由X牵头", "led by X").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct NamedDepartment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) function: String,
    pub(super) leads: bool,
    /// The unit of the tree the name is, when the organisation's own names matched.
    pub(super) unit: Option<i64>,
    /// A department of the company holding the meeting, read from its name's words ("工程部").
    pub(super) own: bool,
}

pub(super) struct DepartmentMatcher {
    names: Vec<DepartmentName>,
    patterns: Vec<Vec<char>>,
    /// The company holding the meeting, whose own departments the minutes name.
    company: Option<super::meeting::Company>,
}

impl DepartmentMatcher {
    /// Each "X部门" also stands for the bureau, department or commission of that line at any
    /// level ("工业和信息化部门" → "省工业和信息化厅", "市…局", "…委"), unless a name says otherwise.
    pub(super) fn new(names: &[DepartmentName]) -> DepartmentMatcher {
        let mut names: Vec<DepartmentName> = names.iter().filter(|d| !d.name.trim().is_empty()).cloned().collect();
        let variants: Vec<DepartmentName> = names
            .iter()
            .filter_map(|d| d.name.trim().strip_suffix("部门").filter(|stem| !stem.is_empty()).map(|stem| (stem, d)))
            .flat_map(|(stem, d)| {
                ["局", "厅", "委"].map(|noun| DepartmentName {
                    name: format!("{stem}{noun}"),
                    function: d.function.clone(),
                    unit: d.unit,
                })
            })
            .collect();
        // "自然资源和规划局" also reads as its branch "自然资源和规划分局" of a district or county.
        let branches: Vec<DepartmentName> = names
            .iter()
            .filter_map(|d| {
                let stem = d.name.trim().strip_suffix('局')?;
                (!stem.is_empty() && !stem.ends_with('分')).then(|| DepartmentName {
                    name: format!("{stem}分局"),
                    function: d.function.clone(),
                    unit: d.unit,
                })
            })
            .collect();
        // "finance department" also reads as "Department of Finance", "ecology and environment
        // bureau" as "Bureau of Ecology and Environment".
        let english: Vec<DepartmentName> = names
            .iter()
            .filter_map(|d| {
                let name = d.name.trim();
                ["department", "bureau", "commission", "administration"].iter().find_map(|noun| {
                    let stem = name.strip_suffix(noun)?.strip_suffix(' ')?;
                    (stem.is_ascii() && !stem.is_empty()).then(|| DepartmentName {
                        name: format!("{noun} of {stem}"),
                        function: d.function.clone(),
                        unit: d.unit,
                    })
                })
            })
            .collect();
        for v in variants.into_iter().chain(branches).chain(english) {
            if !names.iter().any(|d| d.name.trim() == v.name) {
                names.push(v);
            }
        }
        let patterns = names.iter().map(|d| Folded::new(d.name.trim()).chars).collect();
        DepartmentMatcher { names, patterns, company: None }
    }

    /// The matcher for minutes of `company`, reading its own departments ("安全监督部",
    /// "生产业务部"); minutes of no company name none.
    pub(super) fn with_company(self, company: Option<super::meeting::Company>) -> DepartmentMatcher {
        DepartmentMatcher { company, ..self }
    }

    /// The line of work of the company holding the meeting, when its name says one.
    pub(super) fn company_line(&self) -> Option<&'static str> {
        self.company.and_then(|c| c.line)
    }

    /// The departments `text` names, in order. Where two names match the same words, the one
    /// given first (the unit tree's, before the table's) counts.
    pub(super) fn find(&self, text: &str) -> Vec<NamedDepartment> {
        self.find_in(text, false)
    }

    /// The departments a list of names gives ("Lead: Public Works", "With: Fire Department").
    pub(super) fn find_names(&self, names: &str) -> Vec<NamedDepartment> {
        self.find_in(names, true)
    }

    fn find_in(&self, text: &str, names_only: bool) -> Vec<NamedDepartment> {
        let folded = Folded::new(text);
        let mut seen = std::collections::HashSet::new();
        let hits: Vec<NamedDepartment> = masked_hits(&folded, &self.patterns)
            .into_iter()
            .filter(|&(idx, s)| seen.insert((s, self.patterns[idx].len())))
            .map(|(idx, s)| {
                let start = folded.byte(s);
                let end = folded.byte(s + self.patterns[idx].len());
                let end = end + unit_noun_len(text.get(end..).unwrap_or(""));
                let leads = is_named_lead(text, start, end);
                NamedDepartment {
                    start,
                    end,
                    function: self.names[idx].function.clone(),
                    leads,
                    unit: self.names[idx].unit,
                    own: false,
                }
            })
            .collect();
        // "市公安局交警支队", "县公安局治安大队": a unit written right after the one it belongs
        // to is the unit named; the whole name is one.
        let mut out: Vec<NamedDepartment> = Vec::with_capacity(hits.len());
        for d in hits {
            match out.last_mut() {
                Some(parent)
                    if parent.end == d.start
                        && text.get(..d.start).is_some_and(|h| h.ends_with(super::scan::is_cjk)) =>
                {
                    let start = parent.start;
                    *parent = NamedDepartment {
                        start,
                        leads: is_named_lead(text, start, d.end),
                        unit: d.unit.or(parent.unit),
                        ..d
                    };
                }
                _ => out.push(d),
            }
        }
        // A body English names as a proper name where the table named none ("the Queensland
        // Police Service", "Trading Standards").
        // A company's own department in Chinese ("安全监督部", "生产业务部") likewise.
        let english = super::organisations::english_bodies(text, names_only)
            .into_iter()
            .map(|b| (b.start, b.end, b.function, false));
        let own = self.company.map(|c| super::inhouse::own_departments(text, c.line)).unwrap_or_default();
        let own = own.into_iter().map(|d| (d.start, d.end, d.function, true));
        let bodies: Vec<NamedDepartment> = english
            .chain(own)
            .filter(|&(start, end, _, _)| !out.iter().any(|d| d.start < end && start < d.end))
            .map(|(start, end, function, own)| NamedDepartment {
                start,
                end,
                function: function.to_string(),
                leads: is_named_lead(text, start, end),
                unit: None,
                own,
            })
            .collect();
        if !bodies.is_empty() {
            out.extend(bodies);
            out.sort_by_key(|d| d.start);
        }
        out
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
    const ZH: &[&str] = &["部门", "机关", "机构", "支队", "大队", "分局", "局", "委", "厅"];
    let lower = after.to_ascii_lowercase();
    let en = EN
        .iter()
        .filter(|w| lower.starts_with(*w) && lower[w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .map(|w| w.len())
        .max();
    en.or_else(|| ZH.iter().find(|w| after.starts_with(*w)).map(|w| w.len())).unwrap_or(0)
}

/// "由市住建局牵头", "应急局负责", "led by the city transport bureau", "the EMB takes the lead".
/// `end` is past the unit noun ("局", "bureau"), so the marker follows at once.
fn is_named_lead(text: &str, start: usize, end: usize) -> bool {
    let head = text.get(..start).unwrap_or("");
    let before: String = head.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text.get(end..).unwrap_or("").chars().take(24).collect();
    // A place may sit between "由" and the name ("由县应急局牵头").
    let zh_before = before.chars().rev().take(3).any(|c| c == '由');
    let zh_after = ["牵头", "负责", "为主", "主责"].iter().any(|w| after.trim_start_matches('等').starts_with(w));
    // "县应急管理局统筹县消防救援大队、民间救援队伍等力量，…": who marshals the others leads;
    // not the unit worked with ("…要会同区水利局统筹调配应急送水车辆").
    let helper = ["会同", "与", "和", "、", "配合"]
        .iter()
        .any(|w| before.trim_end_matches(['省', '市', '县', '区']).ends_with(w));
    let zh_after = zh_after || (after.starts_with("统筹") && !helper);
    let lower_before = before.to_ascii_lowercase();
    // "led by the city transport bureau": up to three words between, no punctuation.
    let en_before = ["led by", "under the lead of", "headed by"].iter().any(|w| {
        lower_before.rfind(w).is_some_and(|p| {
            let gap = &lower_before[p + w.len()..];
            !gap.contains([',', '.', ';']) && gap.split_whitespace().count() <= 3
        })
    });
    let lower_after = after.to_ascii_lowercase();
    // "…, with the Fire Department leading the installation".
    let en_after =
        [" takes the lead", " shall take the lead", " will take the lead", " shall lead", " leads", " leading"]
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
        // The database holds each name once: setup would fail on a name given twice.
        let mut seen = std::collections::HashSet::new();
        for name in &names {
            assert!(seen.insert(name.to_lowercase()), "departments.tsv names {name:?} twice");
        }
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
            f("Rectification shall be led by the city Transport Bureau, with the EMB cooperating"),
            vec![("transport".to_string(), true), ("emergency_management".to_string(), false)]
        );
        assert!(f("The members of the emblem committee").is_empty(), "EMB matches whole words only");
        // "X部门" stands for X's bureau or department at any level too.
        assert_eq!(f("省工业和信息化厅牵头推进改造"), vec![("industry_information".to_string(), true)]);
        assert_eq!(f("省住房城乡建设厅负责督促"), vec![("housing_construction".to_string(), true)]);
        // Who marshals the others leads; not the unit worked with.
        assert_eq!(
            f("县应急管理局统筹县消防救援大队、民间救援队伍等力量"),
            vec![("emergency_management".to_string(), true), ("fire_rescue".to_string(), false)]
        );
        assert_eq!(
            f("区应急管理局要会同区水利局统筹调配应急送水车辆"),
            vec![("emergency_management".to_string(), false), ("water_resources".to_string(), false)]
        );
    }

    #[test]
    fn the_short_forms_bureaus_go_by_name_their_line() {
        let m = DepartmentMatcher::new(&default_departments());
        let f = |t: &str| m.find(t).into_iter().map(|d| d.function).collect::<Vec<_>>();
        assert_eq!(f("区人力社保局要加强监督检查"), ["human_resources"]);
        assert_eq!(f("省人力社保厅要加强监督检查"), ["human_resources"]);
        assert_eq!(f("区住房城乡建委要会同区应急局强化执法检查"), ["housing_construction", "emergency_management"]);
        assert_eq!(f("市文广旅体局要加强检查"), ["culture_tourism"]);
        assert_eq!(f("县文广新旅局要加强检查"), ["culture_tourism"]);
        assert_eq!(f("由县文化广电旅游体育局牵头开展检查"), ["culture_tourism"]);
        assert_eq!(f("县文化体育和旅游局要加强检查"), ["culture_tourism"]);
        assert_eq!(f("县疾病预防控制中心要开展监测"), ["health"]);
        assert_eq!(f("县动物疫病预防控制中心要开展监测"), Vec::<String>::new());
        assert_eq!(f("县河长办要开展暗访"), ["water_resources"]);
        assert_eq!(f("市规划资源局要开展排查"), ["natural_resources"]);
        assert_eq!(f("市药品监督管理局要开展抽检"), ["market_regulation"]);
        assert_eq!(f("区农牧局要开展排查"), ["agriculture"]);
        assert_eq!(f("县教育科技局要开展排查"), ["education"]);
        assert_eq!(f("县发展和改革局要开展排查"), ["development_reform"]);
        assert_eq!(f("市医保局要加强医保基金监管"), ["health"]);
        assert_eq!(f("民航湖南监管局要会同省公安厅加强管控"), ["transport", "public_security"]);
        // A bureau's district or county branch, and the police's traffic detachment.
        assert_eq!(f("区自然资源和规划分局要会同各街道办事处开展排查"), ["natural_resources"]);
        assert_eq!(f("市公安局交通管理支队要严查超员"), ["traffic_police"]);
        assert_eq!(f("县人民政府教育督导室要开展督导"), ["education"]);
        assert_eq!(f("市广播电视局要清理违规广告"), ["culture_tourism"]);
    }

    #[test]
    fn the_companies_that_run_a_citys_transit_water_gas_and_heat_go_by_their_line() {
        let m = DepartmentMatcher::new(&default_departments());
        let f = |t: &str| m.find(t).into_iter().map(|d| d.function).collect::<Vec<_>>();
        assert_eq!(f("市轨道交通集团要会同市公安局地铁分局制定预案"), ["transport", "public_security"]);
        assert_eq!(f("市公交集团要对车辆防滑链进行全面检查"), ["transport"]);
        assert_eq!(f("市水务集团要修订停水应急预案"), ["water_resources"]);
        assert_eq!(f("县热力公司要加强供热管网巡检"), ["housing_construction"]);
    }

    #[test]
    fn the_offices_of_waste_tobacco_drugs_jobs_and_a_merged_bureau_go_by_their_line() {
        let m = DepartmentMatcher::new(&default_departments());
        let f = |t: &str| m.find(t).into_iter().map(|d| d.function).collect::<Vec<_>>();
        assert_eq!(f("市市政园林局要加快处理设施建设"), ["urban_management"]);
        assert_eq!(f("区执法局要严查混装混运"), ["urban_management"]);
        // A department's own enforcement bureau is no city administration.
        assert_eq!(f("厅执法局要实行挂牌督办"), Vec::<String>::new());
        assert_eq!(f("市垃圾分类办要完善考评机制"), ["urban_management"]);
        assert_eq!(f("市机关事务管理局要牵头推进公共机构分类"), ["general_office"]);
        assert_eq!(f("市烟草专卖局要清理校园周边零售点"), ["market_regulation"]);
        assert_eq!(f("各级公共就业服务机构要逐一联系"), ["human_resources"]);
        assert_eq!(f("人社、教育部门要联合举办招聘活动"), ["human_resources", "education"]);
        assert_eq!(f("县禁毒办要统筹各成员单位"), ["public_security"]);
        assert_eq!(f("市爱卫办要组织暗访"), ["health"]);
        assert_eq!(f("区住建交通局要督促物业服务企业"), ["housing_construction"]);
        assert_eq!(f("县委农办要会同县委督查局开展验收"), ["agriculture", "general_office"]);
        assert_eq!(f("乡镇农办要逐村核对"), ["agriculture"]);
        assert_eq!(f("Road & Bridge to clear the culverts"), ["transport"]);
        assert_eq!(f("Road and Bridge to clear the culverts"), ["transport"]);
        assert_eq!(f("the Department of Infrastructure will open the crossing"), ["transport"]);
        assert_eq!(f("Highways and Marine to launch the campaign"), ["transport"]);
        assert_eq!(f("Fuel Services Division to finalise the resupply"), ["energy"]);
        assert_eq!(f("Health and Social Services to plan medical travel"), ["health"]);
        assert_eq!(f("ECC Environmental Protection and Waste Management"), ["ecology_environment"]);
        assert_eq!(f("省公路局要加强质量抽检"), ["transport"]);
        assert_eq!(f("县公路管理局要设置警示标志"), ["transport"]);
        assert_eq!(f("市公路事业发展中心要开展巡查"), ["transport"]);
        assert_eq!(f("各公路段要落实养护责任"), ["transport"]);
        assert_eq!(f("省通信管理局会同省公安厅清理违法信息"), ["industry_information", "public_security"]);
    }
}
