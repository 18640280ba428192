//! Layouts of minutes read as documents (issue 24, fourth round): memo notes with action points
//! and "→ Lead / With / Due" lines, action tables, minutes recorded speaker by speaker, lines
//! wrapped mid-sentence, a speaker requiring ("X要求，…"), and the date headers such minutes
//! carry. Expected values are written by hand from the minutes.

use super::fixtures::{date, drafts_of, find, strs};
use super::meeting_date_in;

const MEMO: &str = "MEETING NOTES

Subject : Year-end petitions — dispatch meeting
Date    : Tue 3 Nov 2026, 16:00–17:45
Chair   : Peng Wei, Executive Deputy District Mayor

1. WHERE WE STAND

- Petitions Bureau: 1,874 petitions received, 23 cases pending for more than 60 days.

2. ACTION POINTS

a) Wage arrears — run a special campaign on construction projects; projects with arrears may
   not pass completion acceptance.
   → Lead: HRSS. With: Housing and Urban-Rural Development Bureau.

b) Backlog — close all 23 cases pending over 60 days.
   → Lead: Petitions Bureau. Due: 30 Nov.

c) Every sub-district to send its list of stability risks.
   → To: Petitions Bureau. Due: 20 Nov.

3. CLOSING

The Chair asked that all units keep their heads clear.
";

#[test]
fn memo_action_points_take_lead_cooperating_units_and_due_date_from_their_arrow_lines() {
    assert_eq!(meeting_date_in(MEMO, date(2026, 12, 31)), Some(date(2026, 11, 3)));
    let drafts = drafts_of(MEMO, date(2026, 11, 3));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let wages = find(&drafts, "special campaign");
    assert_eq!(wages.lead_function.as_deref(), Some("human_resources"));
    assert!(wages.cooperating_functions.contains(&"housing_construction".to_string()), "{wages:#?}");
    // What follows the semicolon is a condition of the same action point.
    assert!(wages.text.contains("completion acceptance"), "{wages:#?}");
    let backlog = find(&drafts, "close all 23");
    assert_eq!((backlog.lead_function.as_deref(), backlog.deadline), (Some("petitions"), Some(date(2026, 11, 30))));
    let list = find(&drafts, "its list of");
    assert_eq!((list.lead_function.as_deref(), list.deadline), (Some("petitions"), Some(date(2026, 11, 20))));
    assert!(!drafts.iter().any(|d| d.text.contains("Lead:") || d.text.contains("heads clear")), "{drafts:#?}");
}

#[test]
fn time_limit_and_cooperating_lines_under_an_item_are_no_drafts_but_its_deadline_and_helpers() {
    let drafts = drafts_of(
        "Decisions\n\n1. The Provincial Department of Natural Resources shall ban illegal sand mining on the river.\n\
         Cooperating: Provincial Public Security Department.\nTime limit: by 30 November.\n",
        date(2024, 10, 22),
    );
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("natural_resources"));
    assert_eq!(drafts[0].cooperating_functions.first().map(String::as_str), Some("public_security"));
    assert_eq!(drafts[0].deadline, Some(date(2024, 11, 30)));
}

#[test]
fn an_action_table_yields_one_draft_a_row_with_its_owner_and_due_date() {
    let minutes = "4  ACTIONS AGREED\n\n\
        No. | Action                                   | Owner            | Due\n\
        ----|------------------------------------------|------------------|---------\n \
        1  | Retrain and re-certify all contractor    | HR Dept,         | 15 April\n    \
        | personnel; no pass, no site pass         | with HSE Dept    |\n \
        2  | Install lighter lockers at the east gate | Security Dept    | 20 April\n \
        3  | Submit the Q1 safety report to the Base  | HSE Dept         | Immediate\n\n\
        5  CLOSING REMARKS\n\nThe General Manager reminded members that safety is the lifeline of the Company.\n";
    let drafts = drafts_of(minutes, date(2025, 3, 27));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let retrain = find(&drafts, "re-certify");
    assert_eq!(retrain.lead_function.as_deref(), Some("human_resources"));
    assert_eq!(retrain.cooperating_functions, strs(&["emergency_management"]));
    assert_eq!(retrain.deadline, Some(date(2025, 4, 15)));
    assert!(retrain.text.contains("no site pass"), "{retrain:#?}");
    let lockers = find(&drafts, "lockers");
    assert_eq!(
        (lockers.lead_function.as_deref(), lockers.deadline),
        (Some("public_security"), Some(date(2025, 4, 20)))
    );
    assert_eq!(find(&drafts, "Q1 safety").deadline, None);
}

const MINE: &str = "Record of the January 2026 Safety Production Meeting

Held on 20 January 2026 at 8:00 in the dispatch centre conference room. Presided over by Mine
Manager Li Dezhi.

I. Reports

1. The Dispatch Centre reported that the mine produced 3.12 million tonnes of raw coal in 2025.

2. The Safety Supervision Department reported 214 hidden hazards found in December.

3. The Ventilation Section reported that gas emission at the 8102 face rose in January.

II. Remarks by leaders

Chief Engineer Wang Gang said that gas and water remain the two main threats. The Ventilation
Section must complete the additional gas drainage boreholes before the Spring Festival.

Deputy Mine Manager Xu Hong said the Security Department shall return all explosives and
detonators to the surface magazine by 14 February.

Party Secretary Zhou Bin said that the workers' interests come first. He asked the Finance
Department to pay all wages in full before the Spring Festival.

Vice Mayor Tang asked that the town be treated as part of the plan.
";

#[test]
fn minutes_recorded_speaker_by_speaker_yield_the_directives_speakers_give_units() {
    assert_eq!(meeting_date_in(MINE, date(2026, 12, 31)), Some(date(2026, 1, 20)));
    let drafts = drafts_of(MINE, date(2026, 1, 20));
    // Reports are no drafts, and a section after them is no closing.
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    // The wrapped line "… The Ventilation" / "Section must …" is one sentence.
    let boreholes = find(&drafts, "boreholes");
    assert!(boreholes.text.starts_with("The Ventilation Section must"), "{boreholes:#?}");
    assert_eq!(boreholes.lead_function.as_deref(), Some("emergency_management"));
    let detonators = find(&drafts, "detonators");
    assert_eq!(
        (detonators.lead_function.as_deref(), detonators.deadline),
        (Some("public_security"), Some(date(2026, 2, 14)))
    );
    assert_eq!(find(&drafts, "pay all wages").lead_function.as_deref(), Some("finance"));
    // Asking that something be considered asks no unit.
    assert!(!drafts.iter().any(|d| d.text.contains("the town")), "{drafts:#?}");
}

#[test]
fn a_speaker_requiring_introduces_requirements_and_a_count_of_them_announces_a_list() {
    let drafts = drafts_of(
        "会议纪要\n\n会议时间：2025年2月26日\n\n郭新民提出五点要求。\n\n在隐患排查方面，杨志远要求，省林业和草原局要会同省应急管理厅，3月15日前完成第一轮排查。\n\n\
         林少华要求，一要织密监测预警网络。省卫生健康委要指导各地加强发热病人监测。\n\n\
         周建国在讲话中要求，各级领导干部要以身作则、靠前指挥。",
        date(2025, 2, 26),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let check = find(&drafts, "第一轮排查");
    assert!(!check.text.contains("杨志远"), "{check:#?}");
    assert_eq!(check.lead_function.as_deref(), Some("forestry"));
    assert_eq!(check.deadline, Some(date(2025, 3, 15)));
    // The numbered heading after the introducer heads the requirement that follows.
    let watch = find(&drafts, "发热病人监测");
    assert!(watch.text.starts_with("织密监测预警网络"), "{watch:#?}");
    assert_eq!(watch.lead_function.as_deref(), Some("health"));
}

#[test]
fn a_chinese_date_header_under_a_title_that_starts_with_meeting_is_the_meeting_date() {
    let minutes = "会议纪要\n第3期\n\n会议时间：2024年7月30日（星期二）上午9:00\n会议地点：行政楼";
    assert_eq!(meeting_date_in(minutes, date(2026, 1, 1)), Some(date(2024, 7, 30)));
    assert_eq!(
        meeting_date_in("会议纪要\n\n9月22日上午，领导小组召开会议。", date(2026, 12, 31)),
        Some(date(2026, 9, 22))
    );
}

#[test]
fn you_shi_after_a_semicolon_names_who_does_the_requirement_before_it() {
    let drafts = drafts_of(
        "会议研究决定：\n\n1. 严格落实高温作业时间调整。日最高气温达到37℃以上时，12时至15时停止室外露天作业；由人力资源部会同各生产车间调整作息时间，合理安排倒班。",
        date(2024, 7, 30),
    );
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.contains("停止室外露天作业"), "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("human_resources"));
    // The unit's level before its name ("由县人力资源和社会保障局").
    let drafts = drafts_of(
        "会议研究决定：\n\n1. 严格落实高温作业时间调整。日最高气温达到37℃以上时，12时至15时停止室外露天作业；由县人力资源和社会保障局会同各乡镇督促用人单位调整作息时间。",
        date(2024, 7, 30),
    );
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("human_resources"), "{drafts:#?}");
}

#[test]
fn department_of_x_names_the_x_department_and_a_clause_after_a_semicolon_stays_with_its_item() {
    let drafts = drafts_of(
        "The meeting agreed the following.\n\n\
         (f) Guide smelting enterprises to upgrade their heavy metal treatment facilities; enterprises that still \
         fail to meet emission limits are to suspend production.\n    \
         Lead: Provincial Department of Industry and Information Technology.\n\n\
         (h) Allocate special rectification funds to cities in one batch.\n    \
         Lead: Provincial Department of Finance. Time limit: by 15 January.\n",
        date(2024, 10, 22),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let metals = find(&drafts, "heavy metal");
    assert!(metals.text.contains("suspend production"), "{metals:#?}");
    assert_eq!(metals.lead_function.as_deref(), Some("industry_information"));
    let funds = find(&drafts, "one batch");
    assert_eq!((funds.lead_function.as_deref(), funds.deadline), (Some("finance"), Some(date(2025, 1, 15))));
}

#[test]
fn a_speaker_requiring_a_unit_to_act_and_a_named_company_that_is_to_act_give_requirements() {
    let drafts = drafts_of(
        "Lu Yan also required the Provincial Meteorological Bureau to issue heat forecasts down to township level.\n\n\
         State Grid Zhejiang Electric Power is to intensify patrols of lines and transformers.\n\n\
         The next meeting is to be held in August.",
        date(2025, 7, 8),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "township level").lead_function.as_deref(), Some("meteorology"));
    assert!(find(&drafts, "transformers").text.starts_with("State Grid"), "{drafts:#?}");
}

#[test]
fn action_and_agreed_lines_and_numbered_resolutions_are_requirements_and_to_note_is_not() {
    let drafts = drafts_of(
        "Minutes of the Executive\n\nTuesday, 5 November 2024\n\n\
         3. Review of crowd data\n\nPolice Scotland presented footfall counts for August 2024.\n\n\
         Action: Roads Operations to prepare a temporary traffic order, with Police Scotland supporting, by 30 June.\n\n\
         Action: None.\n\n\
         Agreed: HSE to calibrate all portable four-gas detectors by 4 October.\n\n\
         Decision\nThe Executive resolved:\n\n\
         1. To note the report and the progress made since the last update.\n\n\
         2. That Housing Services, with the fire service, complete fire door inspections in all council blocks by 31 March 2025.\n",
        date(2024, 11, 5),
    );
    assert_eq!(
        meeting_date_in("Minutes of the Executive\n\nTuesday, 5 November 2024\n", date(2026, 1, 1)),
        Some(date(2024, 11, 5))
    );
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert_eq!(find(&drafts, "traffic order").deadline, Some(date(2025, 6, 30)));
    assert_eq!(find(&drafts, "four-gas").lead_function.as_deref(), Some("emergency_management"));
    let doors = find(&drafts, "fire door");
    assert!(doors.text.starts_with("Housing Services"), "{doors:#?}");
    assert_eq!(doors.lead_function.as_deref(), Some("housing_construction"));
    assert!(!drafts.iter().any(|d| d.text.contains("To note") || d.text.contains("None")), "{drafts:#?}");
}

#[test]
fn slogans_comparisons_and_what_members_agreed_they_think_are_no_drafts() {
    let zh = drafts_of(
        "会议要求：\n\n一、高峰日用气量要比平时高出40%左右。要把思想认识再提高。这种想法要不得。市住建局要在11月底前完成燃气管道排查。\n\n\
         二、各级领导干部要把高层建筑消防安全放在心上、抓在手上。",
        date(2024, 10, 22),
    );
    assert_eq!(zh.len(), 1, "{zh:#?}");
    assert!(zh[0].text.contains("燃气管道排查"), "{zh:#?}");
    let en = drafts_of(
        "Members agreed that residents should never charge a battery in a stairwell.\n\n\
         The Fire Department shall inspect every tower block by 31 March 2025.",
        date(2024, 3, 14),
    );
    assert_eq!(en.len(), 1, "{en:#?}");
    assert!(en[0].text.contains("tower block"), "{en:#?}");
}

#[test]
fn what_stands_under_a_heading_of_the_situation_reported_asks_nothing() {
    let minutes = "某某木业有限公司安全生产委员会会议纪要

【会议情况】

会上，安全环保部通报了近期粉尘涉爆专项治理要求；设备部汇报了除尘系统运行状况。检查组当场要求企业“立即整改、举一反三”。

【议定事项】

一、设备部要在3月31日前完成除尘系统整改。

二、生产部要严格执行粉尘清扫制度。
";
    let drafts = drafts_of(minutes, date(2026, 3, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    find(&drafts, "除尘系统整改");
    find(&drafts, "粉尘清扫制度");
    let english = "HARTWELL COUNCIL SAFETY GROUP

3. Background

The inspector said that clubs should not underestimate the demands of the first fixtures.

4. Actions

4.1 The Fire Service will audit the North Stand by 30 June.
";
    let drafts = drafts_of(english, date(2026, 6, 9));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "North Stand");
}

#[test]
fn what_the_meeting_decided_after_the_situation_reported_ends_the_report_without_a_heading() {
    let minutes = "HARTWELL COUNCIL SAFETY GROUP

3. Background

The inspector said that clubs should not underestimate the demands of the first fixtures.

The Committee resolved that the Fire Service will audit the North Stand by 30 June.
";
    let drafts = drafts_of(minutes, date(2026, 6, 9));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "North Stand");
}

/// A company's decisions under "二、会议决定", each item a heading, what a department does (no
/// "要" in it), and its labels in brackets parted by semicolons, under it or after it.
const DECIDED_WITH_BRACKETED_LABELS: &str = "4月2日，成都锦江宾馆有限责任公司召开消防安全专题会议。

一、情况通报

工程部通报了一季度消防检查情况。

二、会议决定

1. 整治厨房排油烟管道。工程部对厨房排油烟管道进行一次全面清洗，更换破损防火阀；厨房每日闭店后关闭燃气总阀。
（责任部门：工程部；完成时限：4月30日前）

2. 落实夜间巡查。保安部每晚两次巡查客房楼层，巡查记录存档备查。
（责任部门：保安部；监督部门：质检部）

3. 规范员工宿舍管理。宿舍内严禁使用大功率电器。（责任部门：人力资源部；长期坚持）
";

#[test]
fn what_a_meeting_decided_is_drafted_without_yao_and_its_bracketed_labels_give_owner_and_due_date() {
    let drafts = drafts_of(DECIDED_WITH_BRACKETED_LABELS, date(2026, 4, 2));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    // The department's own sentence stays in its item's draft, semicolon and all.
    assert!(texts[0].contains("工程部对厨房排油烟管道进行一次全面清洗，更换破损防火阀；厨房每日"), "{texts:#?}");
    assert!(texts[1].contains("保安部每晚两次巡查客房楼层"), "{texts:#?}");
    let leads: Vec<Option<&str>> = drafts.iter().map(|d| d.lead_function.as_deref()).collect();
    // The supervising department ("监督部门：质检部") does not lead.
    assert_eq!(leads, vec![Some("housing_construction"), Some("public_security"), Some("human_resources")]);
    assert_eq!(drafts[0].deadline, Some(date(2026, 4, 30)));
    assert_eq!(drafts[2].deadline, None);
    // What is no label in the brackets ("长期坚持") is no draft and no part of one.
    assert!(texts.iter().all(|t| !t.contains("长期坚持") && !t.contains("责任部门")), "{texts:#?}");
    // "会议议定" heads the decisions as "会议决定" does.
    assert!(super::structure::heads_decisions("二、会议议定"));
    // Brackets that hold no label, or nothing but a semicolon, are no labels.
    assert_eq!(super::items::label_parts("（见附件1；第4页）"), None);
    assert_eq!(super::items::label_parts("（；）"), None);
}
