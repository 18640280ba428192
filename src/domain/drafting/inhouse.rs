//! A company's own departments in Chinese minutes ("安全监督部", "保卫部", "生产业务部",
//! "运维检修部"): names no table can list, since every company names its departments its own way,
//! but whose words say the line of work a clerk files them under — the safety department answers
//! for production safety, the security department for public order, the human-resources
//! department for its workers — or, for the departments that run the business itself
//! (production, equipment, operations, dispatch, marketing), the company's own line of work: a
//! power company's maintenance department works in energy, a port's production department in
//! transport. Read only where the department table named nothing.

use super::scan::is_cjk;

/// Words inside a department's name and the line of work they name; where several occur the
/// first in the name wins ("质量安全部" is the quality department, "安全质量部" the safety one).
const LINES: &[(&str, &str)] = &[
    ("安全", "emergency_management"),
    ("安环", "emergency_management"),
    ("安监", "emergency_management"),
    ("应急", "emergency_management"),
    ("人力", "human_resources"),
    ("人事", "human_resources"),
    ("劳资", "human_resources"),
    ("财务", "finance"),
    ("计财", "finance"),
    ("办公室", "general_office"),
    ("综合管理", "general_office"),
    ("综合部", "general_office"),
    ("行政", "general_office"),
    ("后勤", "general_office"),
    ("保卫", "public_security"),
    ("安保", "public_security"),
    ("保安", "public_security"),
    ("治安", "public_security"),
    ("消防", "fire_rescue"),
    ("气防", "fire_rescue"),
    ("质量", "market_regulation"),
    ("质检", "market_regulation"),
    ("品质", "market_regulation"),
    ("餐饮", "market_regulation"),
    ("食堂", "market_regulation"),
    ("物流", "transport"),
    ("储运", "transport"),
    ("运输", "transport"),
    ("车队", "transport"),
    ("环保", "ecology_environment"),
    ("环境", "ecology_environment"),
    ("信息", "industry_information"),
    ("工程", "housing_construction"),
    ("基建", "housing_construction"),
    ("医务", "health"),
    ("卫生", "health"),
    ("客房", "culture_tourism"),
];

/// Words of the departments that run the company's business: they work in its line of work.
const OPERATIONS: &[&str] = &[
    "生产",
    "设备",
    "运维",
    "运行",
    "检修",
    "运检",
    "输电",
    "变电",
    "配电",
    "调度",
    "营销",
    "业务",
    "技术",
    "工艺",
    "采购",
    "物资",
    "运营",
    "营运",
    "管网",
    "供应",
    "建设",
    "客户服务",
    "客服",
    "机电",
    "动力",
    "电气",
    "作业区",
    "车间",
];

/// The nouns a department's name ends with, longest first.
const ENDS: &[&str] = &[
    "作业区",
    "分公司",
    "项目部",
    "加油站",
    "车间",
    "中心",
    "电站",
    "场站",
    "片区",
    "油库",
    "工区",
    "分厂",
    "部",
    "科",
    "室",
    "队",
    "处",
    "站",
];

/// The company's own sites and branches ("玉门储能电站", "各场站", "第三项目部", "南康片区",
/// "赣州油库"): they run its business wherever their names say nothing else.
const SITES: &[&str] =
    &["作业区", "分公司", "项目部", "加油站", "车间", "电站", "场站", "片区", "油库", "工区", "分厂"];

/// Characters after an end noun that make it part of another word ("部门", "部署", "处置",
/// "室内", "队伍", "站位").
const NOT_AFTER: &[char] =
    &['门', '署', '分', '位', '件', '长', '队', '属', '委', '伍', '员', '置', '理', '罚', '岗', '内', '外', '城', '点'];

/// Words before a department's name in the same run of characters: the name starts after them
/// ("由安全监督部牵头", "会同设备工程部", "人力资源部和保卫部").
const BEFORE: &[&str] = &[
    "由", "请", "会同", "配合", "联合", "协同", "与", "和", "及", "同", "对", "向", "督促", "要求", "组织", "牵头",
    "负责", "的", "是", "要", "进", "到", "在", "入", "把", "将", "为", "、",
];

/// A department of the company named in a text: byte range and line of work.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct OwnDepartment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) function: &'static str,
}

/// The company departments `text` names, in order: those whose words name a line of work, and,
/// when the company's own line is known (`company`), those that run its business.
pub(super) fn own_departments(text: &str, company: Option<&'static str>) -> Vec<OwnDepartment> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let Some((at, end_noun)) = next_end(text, from) else {
            break;
        };
        let end = at + end_noun.len();
        from = end;
        if text[end..].chars().next().is_some_and(|c| NOT_AFTER.contains(&c)) {
            continue;
        }
        let start = name_start(text, at);
        let name = &text[start..end];
        let chars = name.chars().count();
        // "各场站" are the company's sites each; "各部门" is everyone.
        let everyone = name.starts_with('各') && !SITES.contains(&end_noun);
        if !(3..=9).contains(&chars) || everyone || name.starts_with(['全', '本', '该', '内', '外']) {
            continue;
        }
        let site = SITES.contains(&end_noun).then_some(company).flatten();
        if let Some(function) = line_of(name, company).or(site) {
            out.push(OwnDepartment { start, end, function });
        }
    }
    out
}

/// The first end noun at or after `from`, with its position.
fn next_end(text: &str, from: usize) -> Option<(usize, &'static str)> {
    text[from..]
        .char_indices()
        .find_map(|(i, _)| ENDS.iter().find(|e| text[from + i..].starts_with(**e)).map(|e| (from + i, *e)))
}

/// Where the name ending at `at` starts: after the words before it, at most ten characters back
/// and never across punctuation.
fn name_start(text: &str, at: usize) -> usize {
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev().take(10) {
        if !is_cjk(c) {
            break;
        }
        start = i;
    }
    let run = &text[start..at];
    BEFORE.iter().filter_map(|w| run.rfind(w).map(|i| start + i + w.len())).max().unwrap_or(start)
}

/// The line of work a department's name says: the first of its words that names one.
fn line_of(name: &str, company: Option<&'static str>) -> Option<&'static str> {
    let line = LINES.iter().filter_map(|&(w, f)| name.find(w).map(|i| (i, Some(f))));
    let operation = OPERATIONS.iter().filter_map(|w| name.find(w).map(|i| (i, company)));
    line.chain(operation).min_by_key(|&(i, _)| i).and_then(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named<'a>(text: &'a str, company: Option<&'static str>) -> Vec<(&'a str, &'static str)> {
        own_departments(text, company).into_iter().map(|d| (&text[d.start..d.end], d.function)).collect()
    }

    #[test]
    fn a_departments_words_name_its_line_of_work() {
        assert_eq!(
            named("由安全监督部牵头，保卫部配合，对堆场开展检查。", None),
            [("安全监督部", "emergency_management"), ("保卫部", "public_security")]
        );
        assert_eq!(
            named("人力资源部会同安全监察部完成核查。", None),
            [("人力资源部", "human_resources"), ("安全监察部", "emergency_management")]
        );
        // The first word of the name says which department it is.
        assert_eq!(named("质量安全部要抽检。", None), [("质量安全部", "market_regulation")]);
        assert_eq!(named("安全质量部要巡查。", None), [("安全质量部", "emergency_management")]);
    }

    #[test]
    fn departments_that_run_the_business_work_in_the_companys_line() {
        let text = "运维检修部要完成红外测温，营销部要会同调度控制中心修编方案。";
        assert_eq!(
            named(text, Some("energy")),
            [("运维检修部", "energy"), ("营销部", "energy"), ("调度控制中心", "energy")]
        );
        // Without the company's line they name no line of work.
        assert!(named(text, None).is_empty());
        // A grid company's line inspection, transmission, substation and distribution
        // departments (each name holds one of those words alone), and its equipment department.
        let grid = "线路运检室要对重点区段实行特巡，输电线路中心要清理导线异物，变电二次室要完成测温，\
                    配电抢修中心要备足物资，设备管理部要在3月31日前完成安装。";
        assert_eq!(
            named(grid, Some("energy")),
            [
                ("线路运检室", "energy"),
                ("输电线路中心", "energy"),
                ("变电二次室", "energy"),
                ("配电抢修中心", "energy"),
                ("设备管理部", "energy")
            ]
        );
    }

    #[test]
    fn the_companys_own_sites_work_in_its_line() {
        let text = "玉门储能电站要严格执行告警监盘制度，各场站要密切关注气象预警，第三项目部要完成围挡加固。";
        assert_eq!(
            named(text, Some("energy")),
            [("玉门储能电站", "energy"), ("各场站", "energy"), ("第三项目部", "energy")]
        );
        assert!(named("各部门要密切关注气象预警。", Some("energy")).is_empty());
    }

    #[test]
    fn words_that_only_end_like_a_department_are_none() {
        for text in [
            "各部门要全面部署安全检查。",
            "对安全隐患要立即处置。",
            "安全教育要进车间、进班组。",
            "把安全放在全部工作的首位。",
            "在公司三楼第一会议室召开会议。",
        ] {
            assert!(named(text, Some("energy")).is_empty(), "{text}: {:?}", named(text, Some("energy")));
        }
    }

    #[test]
    fn a_companys_own_departments_lead_the_requirements_they_are_given() {
        use super::super::fixtures::{date, drafts_of, find};
        const ITEMS: &str = "会议要求：\n\
            1．保卫部要严格堆场门禁管理，进场人员一律登记。\n\
            2．生产业务部要严格执行危险货物进港申报和审核制度。\n\
            3．由安全监督部牵头，8月31日前对堆场开展一次全面隐患排查。\n";
        let company =
            format!("日照华岚港务有限公司\n安全生产委员会会议纪要\n8月6日上午，公司召开安委会会议。\n{ITEMS}");
        let drafts = drafts_of(&company, date(2026, 8, 6));
        let lead = |needle| find(&drafts, needle).lead_function.as_deref();
        assert_eq!(lead("门禁管理"), Some("public_security"));
        assert_eq!(lead("进港申报"), Some("transport"));
        assert_eq!(lead("全面隐患排查"), Some("emergency_management"));
        // A government's minutes name no departments of a company.
        let government = format!("日照市安全生产委员会会议纪要\n8月6日上午，市安委会召开会议。\n{ITEMS}");
        let drafts = drafts_of(&government, date(2026, 8, 6));
        assert_ne!(find(&drafts, "进港申报").lead_function.as_deref(), Some("transport"));
    }

    #[test]
    fn an_equipment_department_works_in_its_companys_line() {
        use super::super::fixtures::{date, drafts_of, find};
        let minutes = "国网某某供电公司\n会议纪要\n时间：2026年3月10日上午9:00\n会议要求：\n\
            一、设备管理部要在3月31日前完成重点区段视频监拍装置安装。\n\
            二、输电运检中心要结合春检对导线悬挂异物开展一次集中清理。\n";
        let drafts = drafts_of(minutes, date(2026, 3, 10));
        assert_eq!(find(&drafts, "视频监拍").lead_function.as_deref(), Some("energy"));
        assert_eq!(find(&drafts, "悬挂异物").lead_function.as_deref(), Some("energy"));
    }
}
