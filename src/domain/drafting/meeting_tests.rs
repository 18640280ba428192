//! The fallbacks for a requirement that names no lead: the meeting's own line of work, and the
//! doers outside the table that keep the lead open; and the responsibility column of a task line.

use super::fixtures::{date, drafts_of, find};
use super::*;

const SCHOOL_BUS_ZH: &str = "县教育局召开校车安全工作会议\n\
6月3日，县教育局召开校车安全工作会议。\n\
会议要求：\n\
一、县教育局要对全县校车驾驶人开展一次安全培训。\n\
二、县教育局要督促各学校落实校车随车照管人员。\n\
三、要建立工作台账，每周更新一次。\n";

#[test]
fn a_requirement_naming_no_one_takes_the_line_of_work_the_meeting_names_most() {
    let drafts = drafts_of(SCHOOL_BUS_ZH, date(2025, 6, 3));
    let ledger = find(&drafts, "工作台账");
    assert_eq!(ledger.lead_function.as_deref(), Some("education"));
    assert_eq!(ledger.why.lead_basis, Some(LeadBasis::Meeting));
    assert!(ledger.confidence.needs_check());
}

#[test]
fn a_subject_outside_the_table_keeps_the_lead_open() {
    let minutes = format!("{SCHOOL_BUS_ZH}四、县融媒体中心要开设专栏，每周更新一次。\n");
    let drafts = drafts_of(&minutes, date(2025, 6, 3));
    assert_eq!(find(&drafts, "开设专栏").lead_function, None);
}

#[test]
fn an_english_action_opening_with_a_doer_outside_the_table_keeps_the_lead_open() {
    let minutes = "Minutes of the Site Safety Committee, 9 September 2024\n\
Actions agreed:\n\
1. The HSE Department to issue the permit rules to every contractor.\n\
2. The HSE Department to audit every permit weekly.\n\
3. Procurement to confirm the penalty clauses of every contract.\n\
4. A register of all blinds to be kept up to date.\n";
    let drafts = drafts_of(minutes, date(2024, 9, 9));
    assert_eq!(find(&drafts, "penalty clauses").lead_function, None);
    assert_eq!(find(&drafts, "register of all blinds").lead_function.as_deref(), Some("emergency_management"));
}

#[test]
fn minutes_naming_two_lines_of_work_equally_give_no_meeting_line() {
    let minutes = "会议要求：\n\
一、县教育局要对全县校车驾驶人开展一次安全培训。\n\
二、县卫生健康局要督促各医院落实值班制度。\n\
三、要建立工作台账，每周更新一次。\n";
    let drafts = drafts_of(minutes, date(2025, 6, 3));
    assert_eq!(find(&drafts, "工作台账").lead_function, None);
}

#[test]
fn a_unit_in_the_responsibility_column_of_a_task_line_leads() {
    let minutes = "四、会议议定事项（事项—责任部门—完成时限）\n\
1. 对全体员工开展专项培训并考试，不合格者不得上岗——安环部、人力资源部——7月31日前\n\
2. 编制隐患自查报告，报区应急管理局——安环部——7月底前\n";
    let drafts = drafts_of(minutes, date(2024, 7, 9));
    let training = find(&drafts, "专项培训");
    assert_eq!(training.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(training.cooperating_functions.first().map(String::as_str), Some("human_resources"));
    assert_eq!(training.deadline, Some(date(2024, 7, 31)));
    assert_eq!(find(&drafts, "隐患自查报告").lead_function.as_deref(), Some("emergency_management"));
}

const PLANT_ZH: &str = "某化工有限公司安全环保委员会会议纪要\n\
会议明确以下事项：\n\
一、生产部要从工艺源头推进废渣减量，每月报告进展。\n\
二、设备部要在月底前完成反应釜安全联锁的全面校验。\n\
三、储运部负责废渣转移管理，严格执行转移联单制度。\n\
四、财务部要保障整改所需资金，专款专用。\n";

#[test]
fn a_plant_production_or_equipment_department_leads_in_industry() {
    let drafts = drafts_of(PLANT_ZH, date(2026, 10, 20));
    assert_eq!(find(&drafts, "工艺源头").lead_function.as_deref(), Some("industry_information"));
}

#[test]
fn a_plant_department_guarding_a_chemical_process_leads_in_production_safety() {
    let drafts = drafts_of(PLANT_ZH, date(2026, 10, 20));
    assert_eq!(find(&drafts, "安全联锁").lead_function.as_deref(), Some("emergency_management"));
}

#[test]
fn a_plant_storage_and_transport_or_finance_department_leads_in_its_line() {
    let drafts = drafts_of(PLANT_ZH, date(2026, 10, 20));
    assert_eq!(find(&drafts, "转移联单").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "所需资金").lead_function.as_deref(), Some("finance"));
}

const HEALTH_ZH: &str = "省卫生健康委召开全省医疗机构消防安全工作会议\n\
10月28日下午，省卫生健康委召开全省医疗机构消防安全工作视频会议。\n\
会议要求：\n\
一、医疗机构要逐级签订消防安全责任书。\n\
二、要重点整治病房楼私拉乱接电线问题。\n\
三、要落实24小时值班制度。\n";

#[test]
fn a_requirement_naming_no_unit_is_the_convening_departments_work_over_its_topic() {
    let drafts = drafts_of(HEALTH_ZH, date(2025, 10, 28));
    assert_eq!(find(&drafts, "私拉乱接").lead_function.as_deref(), Some("health"));
    assert_eq!(find(&drafts, "私拉乱接").why.lead_basis, Some(LeadBasis::Meeting));
}

#[test]
fn a_duty_roster_stays_the_general_offices_under_a_convening_department() {
    let drafts = drafts_of(HEALTH_ZH, date(2025, 10, 28));
    assert_eq!(find(&drafts, "值班").lead_function.as_deref(), Some("general_office"));
}

#[test]
fn a_government_convening_decides_no_line_of_work() {
    let minutes = HEALTH_ZH.replace("省卫生健康委召开", "省政府办公厅召开");
    let drafts = drafts_of(&minutes, date(2025, 10, 28));
    assert_ne!(find(&drafts, "私拉乱接").lead_function.as_deref(), Some("general_office"));
    assert_ne!(find(&drafts, "私拉乱接").why.lead_basis, Some(LeadBasis::Meeting));
}

#[test]
fn the_police_asked_to_manage_traffic_is_the_traffic_polices_work() {
    let drafts = drafts_of("会议要求：\n一、区公安分局要引导重型柴油货车绕行城区。\n", date(2026, 7, 21));
    assert_eq!(find(&drafts, "绕行").lead_function.as_deref(), Some("traffic_police"));
}

#[test]
fn a_public_works_department_keeps_the_roads() {
    let minutes = "It was RESOLVED that:\n(a) the Department of Public Works shall sign detour routes around the two closed bridges by August 31.\n";
    let drafts = drafts_of(minutes, date(2026, 5, 12));
    assert_eq!(find(&drafts, "detour routes").lead_function.as_deref(), Some("transport"));
}

#[test]
fn a_source_line_names_the_convener_when_the_meeting_line_names_a_place() {
    let minutes = "濂溪区召开国家教育考试安全工作会议\n\
来源：濂溪区教育体育局\n\
会议要求：\n\
一、要在考前完成全体考务人员的培训。\n";
    let drafts = drafts_of(minutes, date(2026, 9, 8));
    assert_eq!(find(&drafts, "考务人员").lead_function.as_deref(), Some("education"));
}

#[test]
fn a_public_bodys_own_posts_work_in_the_line_its_name_on_the_first_line_says() {
    let board = "HARTWELL COUNTY BOARD OF EDUCATION
Regular Meeting, September 15, 2026

The Director of Facilities will complete a safety audit of all bus stops by October 30, 2026.
";
    let drafts = drafts_of(board, date(2026, 9, 15));
    assert_eq!(find(&drafts, "safety audit").lead_function.as_deref(), Some("education"));
    // A company's own departments keep their lead for a person to choose.
    let company = "Northbrook Water Services Ltd
Safety Committee, May 20, 2026

The Director of Facilities will complete a safety audit of all pump stations by June 30, 2026.
";
    let drafts = drafts_of(company, date(2026, 5, 20));
    assert_ne!(find(&drafts, "safety audit").lead_function.as_deref(), Some("education"));
    assert_eq!(super::meeting::body_line(company), None);
    assert_eq!(super::meeting::body_line(board), Some("education"));
    // A government's name over the department whose minutes these are.
    let territory = "GOVERNMENT OF THE NORTHWEST TERRITORIES
Department of Infrastructure – Highways and Marine Division
Record of decisions, December 9, 2025

The Regional Superintendent will award the remaining winter road contracts by December 19, 2025.
";
    let drafts = drafts_of(territory, date(2025, 12, 9));
    assert_eq!(find(&drafts, "winter road contracts").lead_function.as_deref(), Some("transport"));
    assert_eq!(super::meeting::body_line("GOVERNMENT OF THE NORTHWEST TERRITORIES\nRecord of decisions"), None);
}
