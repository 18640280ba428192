//! English layouts read after unseen-13's first score: an action log whose entries are numbered
//! ("ACTION 2026/04 - …") and whose owners are initials the attendance list explains, and a
//! board's motions recorded as "Moved A, seconded B, that …". The minutes are made up for the
//! tests; expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

const ACTION_LOG: &str = "Eastmoor Community Health NHS Trust
Health and Safety Committee
Minutes of the meeting held on Tuesday 3 November 2026

Present:
Helen Marsh (HM), Director of Estates and Facilities (Chair)
Owen Blake (OB), Trust Fire Safety Adviser
Nadia Khan (NK), Head of Communications
Grace Lyle (GL), Chief Nurse

1. Fire door survey
The survey found nine doors that did not close.

ACTION 2026/21 - HM to replace the nine failed door closers by 30 November 2026; OB to inspect the doors once they are replaced.

ACTION 2026/22 - NK, with GL for the nursing directorate, to publish a fire safety leaflet for every ward.

ACTION 2026/23 - OB and GL to run a night-time evacuation drill on each ward before the end of the year.
";

#[test]
fn a_numbered_action_of_a_log_is_one_draft_led_by_the_initials_that_open_it() {
    let drafts = drafts_of(ACTION_LOG, date(2026, 11, 3));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let doors = find(&drafts, "door closers");
    // HM is the Director of Estates; OB, named after the semicolon, cooperates on the same action.
    assert_eq!(doors.lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(doors.cooperating_functions, ["fire_rescue"]);
    assert!(doors.text.contains("inspect the doors"), "{doors:#?}");
    assert_eq!(doors.deadline, Some(date(2026, 11, 30)));
    let drill = find(&drafts, "evacuation drill");
    assert_eq!(drill.lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(drill.cooperating_functions, ["health"]);
}

#[test]
fn initials_before_an_aside_lead_and_the_unit_named_in_the_aside_cooperates() {
    let drafts = drafts_of(ACTION_LOG, date(2026, 11, 3));
    let leaflet = find(&drafts, "leaflet");
    assert_eq!(leaflet.lead_function.as_deref(), Some("general_office"));
    assert!(leaflet.cooperating_functions.contains(&"health".to_string()), "{leaflet:#?}");
    assert_eq!(leaflet.title, "Publish a fire safety leaflet for every ward");
}

#[test]
fn a_name_in_an_attendance_list_ends_with_its_line() {
    // "… Trust Fire Safety Adviser" and "Nadia Khan (NK)" are two lines: "NK" is no short form
    // of a fire service.
    let bodies = super::organisations::acronyms(ACTION_LOG);
    assert!(bodies.iter().all(|b| b.name != "NK" && b.name != "GL"), "{bodies:#?}");
}

const BOARD: &str = "SALTCOVE HARBOUR AUTHORITY
Minutes of the Regular Meeting of the Board of Directors
Date: Wednesday, 8 April 2026

Present: Ann Reyes (Chair), Tom Pike, Lena Ortiz
Staff: Harbour Manager

4. Resolutions

Resolution 2026-05
Moved Pike, seconded Ortiz, that the Harbour Manager repaint the float edges in yellow by 15 May 2026. CARRIED.

Resolution 2026-06
Moved Ortiz, seconded Reyes, that $8,000 be released from the reserve and that the Harbour Manager replace the gangway lights by 30 June 2026. CARRIED.

Resolution 2026-07
Moved Reyes, seconded Pike, that the Board request the County Sheriff's Office to patrol the public launch on holiday weekends. CARRIED.

Resolution 2026-08
Moved Pike, seconded Reyes, that the Harbour Manager post the fuelling rules at the fuel dock; and that copies be given to every tenant. CARRIED.

Resolution 2026-09
Moved Ortiz, seconded Pike, that the Harbour Manager amend the tenancy agreement so that tenants must report every spill within 12 hours. CARRIED.

Moved Reyes, seconded Ortiz, that the minutes of 11 March 2026 be adopted. CARRIED.
";

#[test]
fn a_motion_moved_and_seconded_is_a_draft_from_the_clause_a_unit_acts_in() {
    let drafts = drafts_of(BOARD, date(2026, 4, 8));
    assert_eq!(drafts.len(), 5, "{drafts:#?}");
    assert_eq!(find(&drafts, "float edges").deadline, Some(date(2026, 5, 15)));
    // The money released is no task; the Harbour Manager's work is.
    let lights = find(&drafts, "gangway lights");
    assert!(lights.text.starts_with("The Harbour Manager replace"), "{lights:#?}");
    assert_eq!(lights.deadline, Some(date(2026, 6, 30)));
    // The clause after the semicolon is done to the rules posted, asking no one new.
    assert!(find(&drafts, "fuelling rules").text.contains("copies be given"));
    assert!(drafts.iter().all(|d| !d.text.contains("minutes of 11 March")), "{drafts:#?}");
}

#[test]
fn a_body_the_board_requests_to_act_leads_its_draft() {
    let drafts = drafts_of(BOARD, date(2026, 4, 8));
    let patrol = find(&drafts, "patrol the public launch");
    assert_eq!(patrol.lead_function.as_deref(), Some("public_security"));
    assert!(patrol.text.starts_with("The County Sheriff's Office"), "{patrol:#?}");
}

#[test]
fn what_the_work_is_for_names_no_one_who_does_it() {
    let drafts = drafts_of(BOARD, date(2026, 4, 8));
    let spill = find(&drafts, "tenancy agreement");
    assert!(spill.text.contains("report every spill"), "{spill:#?}");
    assert_eq!(spill.title, "The Harbour Manager amend the tenancy agreement");
    // "tenants must" is no subject asked to act: the harbour authority's line is the guess.
    assert_eq!(spill.lead_function.as_deref(), Some("transport"));
}

const FERRY: &str = "SOUND CROSSING FERRIES LIMITED
Safety Committee
Minutes of the meeting held on 9 March 2027

Present: Fleet Manager; Training Manager; Head of Finance

3. Actions agreed
(a) Revise the mooring procedure for the winter timetable by 30 April 2027.
(b) Run a muster drill on every vessel before the summer timetable.
(c) The Head of Finance to fund the new gangway nets.
";

#[test]
fn a_ferry_company_asks_without_naming_a_doer_is_in_transport() {
    let drafts = drafts_of(FERRY, date(2027, 3, 9));
    assert_eq!(find(&drafts, "mooring procedure").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "muster drill").lead_function.as_deref(), Some("transport"));
    assert_eq!(super::meeting::company_line("Harbour Bus Lines Ltd"), Some("transport"));
    assert_eq!(super::meeting::company_line("HILLS & NEPEAN BUSES PTY LTD"), Some("transport"));
    assert_eq!(super::meeting::company_line("Westway Airport Ltd"), Some("transport"));
    assert_eq!(super::meeting::company_line("PRAIRIE RIVER ELECTRIC COOPERATIVE, INC."), Some("energy"));
    // A word of the list inside another word says nothing ("Support" is no port).
    assert_eq!(super::meeting::company_line("Ryedale Home Support Ltd"), None);
    assert_eq!(super::meeting::company_line("Wearside Omnibus Company Limited"), Some("transport"));
    // A football association or a sports club is the sport's; "sport" is no part of "Transport".
    assert_eq!(super::meeting::company_line("CHESHIRE COUNTY FOOTBALL ASSOCIATION LIMITED"), Some("sports"));
    assert_eq!(super::meeting::company_line("Ashdown Sports Club Ltd"), Some("sports"));
    assert_eq!(super::meeting::company_line("Ashdown Transport Ltd"), None);
    // A post the table knows keeps its own line.
    assert_eq!(find(&drafts, "gangway nets").lead_function.as_deref(), Some("finance"));
}

#[test]
fn a_food_makers_health_and_safety_committee_meets_about_safety_not_food() {
    let line = super::meeting::company_line;
    assert_eq!(
        line("HARTWELL FOODS LTD – PORK DIVISION\nJOINT HEALTH AND SAFETY COMMITTEE"),
        Some("emergency_management")
    );
    assert_eq!(line("Hartwell Foods Ltd\nHealth & Safety Committee"), Some("emergency_management"));
    assert_eq!(line("HARTWELL FOODS LTD\nFOOD SAFETY AND QUALITY COMMITTEE"), Some("market_regulation"));
    // Another line of work stays its own: a ferry company's safety is still the ferries'.
    assert_eq!(line("Harbour Ferries Ltd\nHealth and Safety Committee"), Some("transport"));
}

const RECTIFICATION: &str = "恒通石油销售有限公司九江分公司
2026年9月份安全生产例会纪要

2026年10月9日上午，分公司召开9月份安全生产例会。现纪要如下：

一、下步工作安排

1. 湖口片区要立即更换失效的可燃气体报警器，10月20日前完成更换；更换完成前，相关储罐一律停止进油。

2. 设备保障部要组织全部油罐清洗作业人员的受限空间培训，10月31日前完成。

二、问题整改清单

（1）湖口片区城西加油站：修复卸油口防渗地坪。责任单位：湖口片区。完成时限：10月25日前。

（2）星子油库：更换锈蚀的消防水带。责任单位：星子油库。完成时限：10月15日前。
";

#[test]
fn an_item_with_its_own_owner_and_due_date_is_a_task_and_its_title_is_the_work_not_the_place() {
    let drafts = drafts_of(RECTIFICATION, date(2026, 10, 9));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    let floor = find(&drafts, "防渗地坪");
    assert_eq!(floor.title, "修复卸油口防渗地坪");
    assert_eq!(floor.deadline, Some(date(2026, 10, 25)));
    // The oil company's own branch and depot work in its line (hazardous chemicals).
    assert_eq!(floor.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "消防水带").deadline, Some(date(2026, 10, 15)));
    // The list's owners never fall on the requirement before the list.
    assert_eq!(find(&drafts, "受限空间培训").deadline, Some(date(2026, 10, 31)));
}

#[test]
fn what_holds_until_the_work_is_done_goes_with_it() {
    let drafts = drafts_of(RECTIFICATION, date(2026, 10, 9));
    let alarm = find(&drafts, "可燃气体报警器");
    assert!(alarm.text.contains("一律停止进油"), "{alarm:#?}");
    assert_eq!(alarm.title, "立即更换失效的可燃气体报警器");
    // The company's own branch ("湖口片区") is named as doing it: the company's line, not the
    // line of work gas alarms suggest.
    assert_eq!(alarm.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "受限空间培训").title, "组织全部油罐清洗作业人员的受限空间培训");
    // A unit nobody knows, before its modal, is no part of the title.
    assert_eq!(super::titles::make_title("数字化转型部要在月底前上线巡检系统。"), "在月底前上线巡检系统");
}

const SECTIONS: &str = "市教育局校园安全工作会议纪要

一、工作要求

1．加强校车安全管理
（1）各区教育局要在开学前完成校车驾驶员资格复核。
（2）市公安局交警支队要在上下学时段加强校门口交通疏导。
（3）各学校要每月开展一次校车安全演练。

2．完善食堂管理
各学校要落实食堂负责人陪餐制度，每周公示食材采购来源。

会议强调，各区各校要切实把师生安全放在第一位，以更高标准抓好各项工作。
";

#[test]
fn a_section_numbered_as_those_before_it_goes_on_after_the_last_item() {
    let drafts = drafts_of(SECTIONS, date(2026, 8, 20));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    find(&drafts, "陪餐制度");
    assert!(drafts.iter().all(|d| !d.text.contains("更高标准")), "{drafts:#?}");
}

#[test]
fn a_members_words_and_concessions_are_no_requirements() {
    let minutes = "SAFETY COMMITTEE
1. Trench collapse
The Operations Director accepted that supervisors must be given more time to plan each dig.
The Chair closed the item by saying that every one of us must respect an open trench.
The Site Manager will fence every open trench on Mill Road by 2 March 2026.
";
    let drafts = drafts_of(minutes, date(2026, 2, 24));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "fence every open trench");
}

const NEXT_STEPS: &str = "Oregon Department of Transportation – Region 4
MEETING SUMMARY
Date: Tuesday, May 12, 2026

Next steps

- Install rockfall warning signs at both ends of the canyon by Friday, May 29. (Maintenance – Ann Ruiz)
- Patrol the canyon twice a night until the slope is stabilised. (State Police – Sgt. Dale Moss; Maintenance to support)
- Review the slope survey (2019) with the geologists.
";

#[test]
fn next_steps_whose_owners_close_them_in_brackets_are_led_by_those_owners() {
    let drafts = drafts_of(NEXT_STEPS, date(2026, 5, 12));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let signs = find(&drafts, "warning signs");
    assert_eq!(signs.deadline, Some(date(2026, 5, 29)));
    // "Maintenance" names no line of work: the body whose summary this is (transport) is the guess.
    assert_eq!(signs.lead_function.as_deref(), Some("transport"));
    let patrol = find(&drafts, "twice a night");
    assert_eq!(patrol.lead_function.as_deref(), Some("public_security"));
    assert!(!patrol.text.contains("Sgt."), "{patrol:#?}");
    // A bracket that names no unit stays in the text.
    assert!(find(&drafts, "slope survey").text.contains("(2019)"));
}

#[test]
fn a_bracket_of_units_is_read_as_owner_and_cooperating_labels() {
    assert_eq!(
        super::items::owners_in_brackets(
            "- Agree a joint procedure. (Maintenance – Mike Salas, with UPRR – Greg Lamb)\n"
        ),
        "- Agree a joint procedure. Owner: Maintenance. With: UPRR.\n"
    );
    let initials = "1.1 Renew the markings. (DW/KM)\n";
    assert_eq!(super::items::owners_in_brackets(initials), initials);
    let not_an_item = "The report was noted. (Housing Services)\n";
    assert_eq!(super::items::owners_in_brackets(not_an_item), not_an_item);
    // Square brackets close an item with its owners whether a stop comes before them or not.
    assert_eq!(
        super::items::owners_in_brackets("- Publish a monthly crash dashboard [Traffic Operations, with Districts]\n"),
        "- Publish a monthly crash dashboard. Owner: Traffic Operations. With: Districts.\n"
    );
    // An aside in round brackets after no stop stays.
    let aside = "- Publish a monthly crash dashboard (Traffic Operations)\n";
    assert_eq!(super::items::owners_in_brackets(aside), aside);
}

const DECISIONS: &str = "WESTGALE RENEWABLES LIMITED
Operations Safety Review
Minutes of the meeting held on 14 October 2026

Ms Park cautioned that every gearbox should be inspected before the winter.
Members discussed whether the older turbines should be retired early.

Decisions
D1. Inspect the yaw brakes on all turbines at Fell Side.
Owner: Amy Park. Due: 30 Oct 2026.
D2. Replace the anemometers on T04 and T09.
Owner: Ian Shaw. Due: 13 Nov 2026.
";

#[test]
fn decisions_numbered_d1_d2_are_items_and_a_members_caution_is_none() {
    let drafts = drafts_of(DECISIONS, date(2026, 10, 14));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let brakes = find(&drafts, "yaw brakes");
    assert_eq!(brakes.title, "Inspect the yaw brakes on all turbines at Fell Side");
    assert_eq!(brakes.deadline, Some(date(2026, 10, 30)));
    // A renewables company's own work is in energy.
    assert_eq!(brakes.lead_function.as_deref(), Some("energy"));
    assert_eq!(find(&drafts, "anemometers").deadline, Some(date(2026, 11, 13)));
}

const MOTION_CLAUSES: &str = "COUNTY OF ELMVALE
ROADS COMMITTEE MINUTES
Wednesday, March 11, 2026

Moved by Councillor Iles, Seconded by Councillor Hart
That the minutes of the meeting of February 11, 2026 be adopted as circulated.

Recommendation:

Moved by Councillor Hart, Seconded by Councillor Iles

That Report RD-2026-04 be received;

That the Clerk prepare a by-law reducing the speed limit on County Road 9 for the Council meeting of March 30, 2026;

That the Treasurer include $300,000 for guardrail on County Road 9 in the draft 2027 budget.

Carried.

Moved by Councillor Hart, Seconded by Councillor Iles
That the meeting adjourn at 10:40 a.m.
";

#[test]
fn the_that_clauses_under_a_motion_are_its_resolutions_and_routine_ones_ask_nothing() {
    let drafts = drafts_of(MOTION_CLAUSES, date(2026, 3, 11));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "by-law").deadline, Some(date(2026, 3, 30)));
    assert_eq!(find(&drafts, "guardrail").lead_function.as_deref(), Some("finance"));
}

const CAPA: &str = "PRAIRIE GOLD BAKERIES, INC.
Food Safety Team Meeting
August 4, 2026

4. Findings of the swab review

CAPA-01: Replace the worn proofer door seals on Line 2.
Owner: Maintenance Manager. Target date: 08/14/2026.

CAPA-02: Add the proofer to the weekly environmental swab plan.
Owner: Quality Manager. Target date: Aug. 28, 2026.
";

#[test]
fn actions_numbered_capa_01_with_their_labels_below_are_items() {
    let drafts = drafts_of(CAPA, date(2026, 8, 4));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "door seals").deadline, Some(date(2026, 8, 14)));
    assert_eq!(find(&drafts, "swab plan").deadline, Some(date(2026, 8, 28)));
    assert_eq!(find(&drafts, "door seals").title, "Replace the worn proofer door seals on Line 2");
}

const COUNCIL_MOTIONS: &str = "TOWN OF MILLBROOK
Regular Meeting of Council
Monday, October 5, 2026

Resolution 2026-310
Moved by Councillor Ames
Seconded by Councillor Bell
THAT Council receive Report PW-2026-52, Watermain Break: Follow-up, for information;

AND THAT staff be directed to prepare a valve exercising program for the whole distribution system and report back to Council by December 7, 2026.

Amendment
Moved by Councillor Cole
Seconded by Councillor Ames
THAT the main motion be amended to add: \"AND THAT staff be directed to mail a notice to every household.\"
DEFEATED

Resolution 2026-311
Moved by Councillor Bell
Seconded by Councillor Cole
THAT staff be directed to:

1. flush the hydrants on the north loop by November 15, 2026; and

2. publish the flushing schedule on the Town website.
CARRIED

Resolution 2026-312
Moved by Councillor Cole
Seconded by Councillor Bell
THAT Council adjourn at 8:40 p.m.
";

#[test]
fn a_councils_motions_moved_and_seconded_on_lines_of_their_own_are_read_clause_by_clause() {
    let drafts = drafts_of(COUNCIL_MOTIONS, date(2026, 10, 5));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let valves = find(&drafts, "valve exercising");
    assert_eq!(valves.deadline, Some(date(2026, 12, 7)));
    assert!(valves.title.starts_with("Prepare a valve exercising program"), "{valves:#?}");
    assert!(valves.text.starts_with("Staff be directed"), "{valves:#?}");
    assert_eq!(find(&drafts, "hydrants on the north loop").deadline, Some(date(2026, 11, 15)));
    find(&drafts, "flushing schedule");
}

const RESOLVED_CLAUSES: &str = "LICENSING COMMITTEE
Minutes of the meeting held on 12 February 2026

7. STREET TRADING POLICY

RESOLVED – That

(i) the Licensing Manager inspect every street trading pitch in the town centre by 30 April 2026;

(ii) the Licensing Manager publish the revised pitch map on the Council's website;

(iii) the report be noted.
";

#[test]
fn clauses_numbered_i_ii_under_resolved_that_on_its_own_line_are_resolutions() {
    let drafts = drafts_of(RESOLVED_CLAUSES, date(2026, 2, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let pitches = find(&drafts, "every street trading pitch");
    assert_eq!(pitches.deadline, Some(date(2026, 4, 30)));
    assert!(pitches.text.starts_with("The Licensing Manager"), "{pitches:#?}");
    find(&drafts, "pitch map");
}

#[test]
fn clauses_numbered_in_square_brackets_under_resolved_that_are_resolutions() {
    let minutes = "RESOLVED: That:\n\
                   [1] the report be noted;\n\
                   [2] the Head of Prevention ensure that every referral assessed as high risk receives a home visit within 10 working days;\n\
                   [3] officers renew the data-sharing agreement with the health board by 31 December 2026; and\n\
                   [4] the Head of Prevention report progress to the meeting of the Committee on 19 January 2027.\n";
    let drafts = drafts_of(minutes, date(2026, 10, 6));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert!(find(&drafts, "every referral").text.starts_with("The Head of Prevention"), "{drafts:#?}");
    assert_eq!(find(&drafts, "data-sharing").deadline, Some(date(2026, 12, 31)));
    assert_eq!(find(&drafts, "report progress").deadline, Some(date(2027, 1, 19)));
}

const COMMISSION: &str = "CITY OF SANTA RIO
TRANSPORTATION SAFETY COMMISSION
Minutes of October 14, 2026

4. PRESENTATION
Commissioner Vega asked staff whether crashes were higher on state routes.
Commissioner Ruiz asked staff to map the crosswalks without lighting and bring the map to the November 18 meeting.

5. ACTION
Recommendations to City Council
1. Fund LED conversion of the streetlights on the ten deadliest corridors.
2. Direct the Police Department to expand speed enforcement at night.

6. ADJOURNMENT
";

#[test]
fn recommendations_to_council_are_items_and_a_member_asking_staff_to_act_is_a_task() {
    let drafts = drafts_of(COMMISSION, date(2026, 10, 14));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    find(&drafts, "crosswalks without lighting");
    find(&drafts, "LED conversion");
    assert_eq!(find(&drafts, "speed enforcement").lead_function.as_deref(), Some("public_security"));
}

const FARM: &str = "GOULBURN VALLEY FARM SUPPLIES LTD
Work Health and Safety Committee – Meeting Record No. 2026/04

Date: Tuesday 8 September 2026

3. ACTION REGISTER

ID  | Action                                                      | Responsible        | Due
A1  | Fence off the dam spillway used by the shearing team        | Station Foreman    | 30 Sep 2026
A2  | Add a shearing shed fire drill to the induction pack        | WHS Manager        | 31 Oct 2026
";

#[test]
fn a_farms_register_files_its_own_posts_under_agriculture_and_its_safety_manager_under_safety() {
    let drafts = drafts_of(FARM, date(2026, 9, 8));
    assert_eq!(find(&drafts, "dam spillway").lead_function.as_deref(), Some("agriculture"));
    assert_eq!(find(&drafts, "fire drill").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(super::meeting::company_line("Wimmera Farming Company Pty Ltd"), Some("agriculture"));
}

const DEPOT: &str = "HARTLEY RECYCLING SERVICES LTD
Minutes of the Depot Health and Safety Committee
Tuesday 12 January 2027

Present: P. Okafor (Contract Manager, chair); L. Brennan (SHEQ Manager); T. Varga (HR Advisor); R. Imrie (Transport Manager)

2. Sharps
Action: LB to issue cut-resistant gloves to all loaders by 26 February 2027.
Action: TV to confirm in writing that time spent at hospital will be paid.
Action: ATC to broadcast bird activity on the ATIS. Owner: RI.
";

#[test]
fn an_action_label_then_the_initials_of_someone_listed_by_initial_and_surname_names_the_owner() {
    let drafts = drafts_of(DEPOT, date(2027, 1, 12));
    assert_eq!(find(&drafts, "cut-resistant").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "at hospital").lead_function.as_deref(), Some("human_resources"));
    // Capitals that are nobody's initials ("ATC") leave the owner to the label after it.
    assert_eq!(find(&drafts, "ATIS").lead_function.as_deref(), Some("transport"));
    assert_eq!(super::meeting::company_line("Hartley Recycling Services Ltd"), Some("urban_management"));
}

const RESOLVED_COLON_CLAUSES: &str = "CABINET MEETING: 11 JULY 2024

15   CITY CENTRE LOW EMISSION ZONE

The Cabinet received a report seeking approval of the zone.

RESOLVED: that

(1)   the business case be approved;

(2)   the Director of Education, working with head teachers, extend the School Streets scheme to the twelve primary schools inside the zone by 2 September;

(3)   a public information campaign, including a letter to every registered keeper of a non-compliant van, begin no later than 2 December.

16   ANY OTHER BUSINESS

There was no other business.
";

#[test]
fn clauses_under_resolved_that_with_a_colon_on_its_own_line_are_resolutions() {
    let drafts = drafts_of(RESOLVED_COLON_CLAUSES, date(2024, 7, 11));
    assert!(drafts.iter().all(|d| d.title != "That"), "{drafts:#?}");
    let streets = find(&drafts, "School Streets");
    assert_eq!(streets.lead_function.as_deref(), Some("education"));
    assert_eq!(streets.deadline, Some(date(2024, 9, 2)));
    assert_eq!(find(&drafts, "registered keeper").deadline, Some(date(2024, 12, 2)));
}

/// A panel's motion with lettered clauses, the last of three numbered items of its minutes.
const POTHOLE_MOTION: &str = "Moved (Cr Te Whata/Cr O'Donnell):
That the Panel:
a) Notes the report.
b) Requests that staff clear all Priority 1 pothole repairs on arterial roads by 31 October 2026.
c) Requests the Mayor to write to the Minister of Transport seeking emergency works funding.
Motion carried
";

/// The panel's minutes: its heading, the motion, and what follows it.
fn panel_minutes(item: &str, after: &str) -> String {
    format!(
        "INFRASTRUCTURE SCRUTINY PANEL\nMinutes of a meeting held on Tuesday 15 September 2026\n\n{item}\n\n{POTHOLE_MOTION}\n{after}"
    )
}

/// Items numbered by bare numbers in capitals ("5 WINTER ROAD DEFECTS"), a motion's lettered
/// clauses inside one, and what the discussion after the motion asked.
#[test]
fn a_bare_numbered_item_in_capitals_after_a_motions_clauses_keeps_the_discussion_before_it() {
    let minutes = panel_minutes(
        "5 WINTER ROAD DEFECTS AND POTHOLE BACKLOG\nStaff reported 1,146 open potholes.",
        "Members discussed the rural roads. Transport staff will trial a jet-patching unit on rural sealed roads \
         and report the results to the Panel.\n\n6 ITEMS FOR NOTING\nThe Panel noted the quarterly performance report.\n\n\
         7 CLOSING\nThe meeting closed at 3.12 pm.\n",
    );
    let drafts = drafts_of(&minutes, date(2026, 9, 15));
    assert_eq!(find(&drafts, "arterial roads").deadline, Some(date(2026, 10, 31)));
    find(&drafts, "Minister of Transport");
    find(&drafts, "jet-patching");
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
}

const DASHBOARD_ACTION: &str =
    "Action: Transport to have a weekly pothole dashboard live on the Council website by 1 October 2026.";

fn actions_after_a_motion(action: &str) -> String {
    panel_minutes(
        "Winter road defects",
        &format!(
            "Members asked for a clear picture of progress that residents could follow.\n{action}\n\n\
             The Chairperson thanked the roading crews for their work over the winter.\n"
        ),
    )
}

#[test]
fn an_action_line_after_a_motions_last_clause_is_a_draft_of_its_own() {
    let drafts = drafts_of(&actions_after_a_motion(DASHBOARD_ACTION), date(2026, 9, 15));
    let dashboard = find(&drafts, "pothole dashboard");
    assert_eq!(dashboard.lead_function.as_deref(), Some("transport"));
    assert_eq!(dashboard.deadline, Some(date(2026, 10, 1)));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
}

#[test]
fn an_owners_line_after_a_motions_last_clause_names_no_action_of_its_own() {
    let drafts = drafts_of(&actions_after_a_motion("Action: Transport (all depots)"), date(2026, 9, 15));
    assert!(drafts.iter().all(|d| !d.text.contains("all depots")), "{drafts:#?}");
}
