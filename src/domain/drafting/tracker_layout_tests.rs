//! Layouts read after unseen-17's first score: an action tracker that reports on the last
//! meeting's actions before it sets new ones ("A12/03 – KO to … – CLOSED"), a table of actions
//! with a status column, a group that endorses or notes what it heard, and an attendance list
//! that writes each person's initials before their name ("JB  Jo Birch – Depot Manager, …").
//! The minutes are made up for the tests; expected values are written by hand.

use super::Confidence;
use super::fixtures::{date, drafts_of, find};

const TRACKER: &str = "Eastvale Trains Ltd
Level Crossing Safety Group

Minutes – Meeting 12/04
Date: 14 April 2026

Attendees
HW  Hannah Wood – Head of Operational Safety (Chair)
JB  Jo Birch – Depot Manager, Carnforth and Lancaster
TS  Insp. Tom Slater – British Transport Police, Preston
MO  Mia Owens – Customer Information Manager

1. Actions from meeting 12/03
A12/01 – JB to replace the whistle boards at Hest Bank – CLOSED (completed 02/03).
A12/02 – MO to update the crossing leaflet for schools – Complete.
A12/03 – JB to confirm funding for the Bolton-le-Sands barrier upgrade – CARRIED FORWARD to 12/05.
A12/04 – JB to review the vegetation clearance contract with the landowners (done).

2. Decisions
D1. The group endorsed the crossing risk dashboard for Period 2.
D2. The group noted the rise in near misses at Silverdale and asked Customer Information to add crossing warnings to the station screens by 29 May.

3. New actions
A12/05 – JB to brief every driver at Carnforth depot on the revised sounding points – due 30/04/26.
A12/06 – TS to run joint patrols with station staff at Hest Bank crossing on Saturday evenings – ongoing.
A12/07 – MO to publish the crossing closure dates – carried out by the press office, due 15/05/26.
A12/08 – Environmental team – complete the lineside litter survey at Carnforth by 15 May.
A12/09 – JB to fit new warning signs at Hest Bank – complete by 29 May.
";

#[test]
fn actions_the_tracker_reports_closed_done_or_carried_forward_are_no_new_drafts() {
    let drafts = drafts_of(TRACKER, date(2026, 4, 14));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    for old in ["whistle boards", "crossing leaflet", "barrier upgrade", "vegetation clearance"] {
        assert!(!texts.iter().any(|t| t.contains(old)), "{old}: {texts:#?}");
    }
    // A status is a few words at the end: "carried out by the press office" is no status.
    find(&drafts, "crossing closure dates");
    find(&drafts, "revised sounding points");
    // Nor is an action after a dash that opens with a status word ("– complete the … survey"),
    // nor a due date ("– complete by 29 May").
    find(&drafts, "lineside litter survey");
    assert_eq!(find(&drafts, "new warning signs").deadline, Some(date(2026, 5, 29)));
}

#[test]
fn a_group_endorsing_or_noting_asks_nothing_unless_it_also_asks_a_unit() {
    let drafts = drafts_of(TRACKER, date(2026, 4, 14));
    assert!(!drafts.iter().any(|d| d.text.contains("risk dashboard")), "{drafts:#?}");
    let screens = find(&drafts, "station screens");
    assert_eq!(screens.deadline, Some(date(2026, 5, 29)));
    assert_eq!(drafts.len(), 6, "{drafts:#?}");
}

#[test]
fn initials_written_before_a_name_and_a_dash_name_the_person_and_a_company_s_staff_work_in_its_line() {
    let drafts = drafts_of(TRACKER, date(2026, 4, 14));
    // JB's post names no line of work: he works for a train company, in transport.
    assert_eq!(find(&drafts, "revised sounding points").lead_function.as_deref(), Some("transport"));
    // "TS  Insp. Tom Slater – British Transport Police": a title with a stop, then the body.
    assert_eq!(find(&drafts, "joint patrols").lead_function.as_deref(), Some("public_security"));
}

const STATUS_TABLE: &str = "Harlow Data Services Ltd
Health and Safety Committee

Minutes of the meeting held on 3 March 2026

Attendees: Priya Nair (PN), Facilities Manager; Dan Otto (DO), Site Operations Lead

1. Actions from the last meeting

| No. | Action | Owner | Due | Status |
|---|---|---|---|---|
| 05/01 | Replace the fire blanket in the plant room kitchen | PN | 20 Feb 2026 | Closed – replaced 18 Feb |
| 05/02 | Retest the emergency lighting in Hall 2 | DO | 27 Feb 2026 | Open – awaiting parts |

2. New actions

| No. | Action | Owner | Due |
|---|---|---|---|
| 06/01 | Survey the cable trays in Hall 3 for combustible packaging | PN | 31 Mar 2026 |
| 06/02 | Renew the temporary order closing Dock Road; Essex Police to verify on completion | Harlow Highway Services | 20 Mar 2026 |
";

#[test]
fn a_row_whose_status_says_closed_is_no_draft_and_an_open_one_stays() {
    let drafts = drafts_of(STATUS_TABLE, date(2026, 3, 3));
    assert!(!drafts.iter().any(|d| d.text.contains("fire blanket")), "{drafts:#?}");
    find(&drafts, "emergency lighting in Hall 2");
    assert_eq!(find(&drafts, "cable trays").deadline, Some(date(2026, 3, 31)));
    // A row is one action, what follows its semicolon included; "Highway Services" keep roads.
    let order = find(&drafts, "closing Dock Road");
    assert!(order.text.contains("verify on completion"), "{order:#?}");
    assert_eq!(order.lead_function.as_deref(), Some("transport"));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
}

const STATE_COMMITTEE: &str = "NEVADA DEPARTMENT OF TRANSPORTATION
Work Zone Safety Committee

Minutes of the Meeting of June 9, 2026

District reports
District 2 reported that night closures on I-80 begin next month. The Chair asked District 2 to place queue-warning signs ahead of every night closure by June 26.

The Chair asked all district engineers to review the flagger stations on their long-term closures and report to the committee by July 10.

Mr. Ortiz asked Ms. Lane whether the signs could be rented rather than bought. The Chair asked every district engineer to lead by example on night shifts.

Next steps
- Publish a monthly work zone crash summary by district [Traffic Operations]
- Finalise the attenuator specification by July 31 [Office of Contracts, with Districts]
";

#[test]
fn the_chair_asking_a_body_by_name_or_posts_by_their_title_sets_a_task() {
    let drafts = drafts_of(STATE_COMMITTEE, date(2026, 6, 9));
    let signs = find(&drafts, "queue-warning signs");
    assert_eq!(signs.deadline, Some(date(2026, 6, 26)));
    assert_eq!(signs.title, "Place queue-warning signs ahead of every night closure");
    assert_eq!(find(&drafts, "flagger stations").deadline, Some(date(2026, 7, 10)));
    // A member's question asks no one to act.
    assert!(!drafts.iter().any(|d| d.text.contains("rented")), "{drafts:#?}");
    // Nor does the chair asking everyone for an attitude.
    assert!(!drafts.iter().any(|d| d.text.contains("by example")), "{drafts:#?}");
}

#[test]
fn owners_in_square_brackets_close_a_next_step_without_a_stop_before_them() {
    let drafts = drafts_of(STATE_COMMITTEE, date(2026, 6, 9));
    let summary = find(&drafts, "crash summary");
    assert!(!summary.text.contains('['), "{summary:#?}");
    assert_eq!(summary.title, "Publish a monthly work zone crash summary by district");
    let spec = find(&drafts, "attenuator specification");
    assert_eq!(spec.deadline, Some(date(2026, 7, 31)));
    assert!(!spec.text.contains("Districts]"), "{spec:#?}");
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
}

const HALLS: &str = "THE UNIVERSITY OF NORTHAMPTON

Residential Safety Committee

Minutes of the meeting held on Tuesday 8 September 2026

Present:
Jo Hale, Head of Residential Life
Sam Reid, Fire Safety Adviser
Watch Manager Lee Cole, Northamptonshire Fire and Rescue (NFRS)

Item 3: Evacuation drills
It was agreed that every new resident should take part in an evacuation drill in the first month of term. It was agreed that the estates team would survey the refuge points before the drills.
Actions:
- Residential Life to run a drill in every block and record the times (Jo Hale, by 9 October)
- Estates to replace the corroded sounders in Block C (Sam Reid, by 30 October)
- NFRS to deliver a cooking safety talk in Welcome Week (Watch Manager Cole)
";

#[test]
fn an_agreement_with_no_doer_over_a_list_of_actions_drafts_nothing_of_its_own() {
    let drafts = drafts_of(HALLS, date(2026, 9, 8));
    assert!(!drafts.iter().any(|d| d.text.contains("take part in an evacuation drill")), "{drafts:#?}");
    // An agreement that names who does the work is a task.
    find(&drafts, "survey the refuge points");
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
}

#[test]
fn a_university_s_own_staff_work_in_education_its_estates_in_buildings() {
    let drafts = drafts_of(HALLS, date(2026, 9, 8));
    assert_eq!(find(&drafts, "drill in every block").lead_function.as_deref(), Some("education"));
    assert_eq!(find(&drafts, "corroded sounders").lead_function.as_deref(), Some("housing_construction"));
    // "Northamptonshire Fire and Rescue (NFRS)": the short form stands for the fire service.
    assert_eq!(find(&drafts, "cooking safety talk").lead_function.as_deref(), Some("fire_rescue"));
}

#[test]
fn an_agreement_stands_as_a_requirement_where_the_minutes_list_no_actions() {
    let without_list = HALLS.split("Actions:").next().unwrap_or(HALLS);
    let drafts = drafts_of(without_list, date(2026, 9, 8));
    find(&drafts, "take part in an evacuation drill");
}

const RIVERSIDE: &str = "LONDON BOROUGH OF MERTON
Riverside Moorings Working Group

Minutes of the meeting held on 4 June 2026

RESOLVED: that the group asks the following.
ACTION: Environmental Health to fit carbon monoxide alarms on every residential boat by 31 July.
ACTION: Environmental Health to inspect the floating cafés' food storage by 15 July.
";

#[test]
fn environmental_health_is_health_s_work_but_food_premises_are_market_regulation_s() {
    let drafts = drafts_of(RIVERSIDE, date(2026, 6, 4));
    assert_eq!(find(&drafts, "carbon monoxide alarms").lead_function.as_deref(), Some("health"));
    assert_eq!(find(&drafts, "food storage").lead_function.as_deref(), Some("market_regulation"));
}

#[test]
fn public_works_keeps_roads_for_transport_and_drains_for_urban_management() {
    let minutes = "COUNTY OF KERN
PUBLIC SAFETY COMMITTEE
Minutes of the meeting held on Tuesday 14 July 2026

The Department of Public Works will clear standing water from all storm drain catch basins by July 31.
The Department of Public Works will repave the detour route on Edison Road by August 15.
The County Administrator's Office, with the Auditor-Controller, shall report the cost of the spraying by September 1.
";
    let drafts = drafts_of(minutes, date(2026, 7, 14));
    assert_eq!(find(&drafts, "catch basins").lead_function.as_deref(), Some("urban_management"));
    assert_eq!(find(&drafts, "detour route").lead_function.as_deref(), Some("transport"));
    // A county's administrator runs its offices; its auditor-controller keeps the accounts.
    let cost = find(&drafts, "cost of the spraying");
    assert_eq!(cost.lead_function.as_deref(), Some("general_office"));
    assert!(cost.cooperating_functions.contains(&"finance".to_string()), "{cost:#?}");
}

#[test]
fn a_task_due_at_the_next_meeting_is_due_on_the_day_the_minutes_set_for_it() {
    let minutes = "HACKNEY COUNCIL
CANAL SAFETY WORKING GROUP
Minutes of the meeting held on 2 June 2026

14/26  MOORINGS
The Boater Liaison Manager of the Canal & River Trust reported on moorings.
RESOLVED: That the Trust review the mooring signs at Broadway Market and report the outcome to the next meeting.
ACTION: Boater Liaison Manager, Canal & River Trust

15/26  DATE OF NEXT MEETING
RESOLVED: That the next meeting be held on Tuesday 8 September 2026 at 2.00pm.
";
    let drafts = drafts_of(minutes, date(2026, 6, 2));
    assert_eq!(find(&drafts, "mooring signs").deadline, Some(date(2026, 9, 8)));
    // The Canal & River Trust, which the minutes name before it and under it, is the canals'
    // navigation authority.
    assert_eq!(find(&drafts, "mooring signs").lead_function.as_deref(), Some("transport"));
    // Setting the date of the next meeting is no task.
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
}

#[test]
fn items_numbered_by_their_minute_go_on_after_a_short_list_of_resolutions() {
    let minutes = "HACKNEY COUNCIL
CANAL SAFETY WORKING GROUP
Minutes of the meeting held on 2 June 2026

12/26  FIRE
RESOLVED: (a) That the Brigade extend its home visits to liveaboard boats.
(b) That the Emergency Planning Manager map every access point to the towpath by 30 June 2026.
(b) That the Head of Streetscene survey the towpath lighting.
(b) That the Licensing Manager inspect the licensed vessels by 31 July 2026.

13/26  WATER SAFETY
RESOLVED: That the Community Safety Manager arrange joint patrols at Hackney Wick on summer weekends.
";
    let drafts = drafts_of(minutes, date(2026, 6, 2));
    find(&drafts, "joint patrols at Hackney Wick");
    // The year's number before the item's ("25/071"), as some boards write them.
    let minutes = "TRUST BOARD
Minutes of the meeting held on 10 June 2025

25/070 HANDOVER DELAYS
The Board agreed the following actions:
(a) The Chief Operating Officer will agree a rapid release protocol with the acute trusts.
(b) The Medical Director will extend structured harm reviews to every long wait.
(c) The Chief Nurse will ensure that a liaison officer is on duty at each site.

25/072 FINANCE REPORT
The Director of Finance will confirm funding for 20 additional shifts per day over the summer.
";
    let drafts = drafts_of(minutes, date(2025, 6, 10));
    find(&drafts, "20 additional shifts");
}

#[test]
fn a_person_listed_with_a_bullet_and_named_by_initial_and_surname_acts_in_their_post_s_line() {
    let minutes = "Linn County Community School District
District Safety Committee – Meeting Minutes

Wednesday, February 4, 2026, 3:45 p.m.

Present
- Rosa Diaz, Director of Transportation
- Paul Becker, Principal, Linn High School

Buses
- Follow-up: R. Diaz will write a radio protocol for drivers during lockdowns by February 20.
";
    let drafts = drafts_of(minutes, date(2026, 2, 4));
    let radio = find(&drafts, "radio protocol");
    assert_eq!(radio.lead_function.as_deref(), Some("transport"));
    assert_eq!(radio.deadline, Some(date(2026, 2, 20)));
}

#[test]
fn a_member_agreeing_that_a_body_will_do_the_work_undertakes_it_but_a_concession_asks_nothing() {
    let minutes = "STATE HIGHWAY SAFETY COMMITTEE
Minutes of the Meeting of May 12, 2026

Contractors
Mr. Hale said crews were seeing more near misses. He agreed that the Contractors Association would circulate the revised traffic control checklist to its members by May 29.
Ms. Ortega agreed that the depot team will repaint the parking bays by June 30.
He agreed that site managers must be allowed to ask for more time. She agreed that it would be sensible to wait for the audit.
He agreed that the Council would be asked to fund the signs.
She agreed that every one of the eleven recommendations in the Fire Brigade report will need funding.
";
    let drafts = drafts_of(minutes, date(2026, 5, 12));
    assert_eq!(find(&drafts, "traffic control checklist").deadline, Some(date(2026, 5, 29)));
    assert_eq!(find(&drafts, "parking bays").deadline, Some(date(2026, 6, 30)));
    assert!(!drafts.iter().any(|d| d.text.contains("more time") || d.text.contains("sensible")), "{drafts:#?}");
    assert!(
        !drafts.iter().any(|d| d.text.contains("fund the signs") || d.text.contains("need funding")),
        "{drafts:#?}"
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

#[test]
fn the_meeting_agreeing_that_a_body_will_act_is_read_as_before_not_as_a_member_s_undertaking() {
    let minutes = "Harbourside Chemicals Ltd
Health and Safety Committee
Minutes of the meeting held on 20 May 2026

The committee agreed that Procurement will check the confined space training records of every contractor.
";
    let drafts = drafts_of(minutes, date(2026, 5, 20));
    // The company's own department, which the table does not know, takes the company's line
    // (a chemical maker's: industrial safety), as a guess to check.
    let check = find(&drafts, "confined space training records");
    assert_eq!((check.lead_function.as_deref(), check.confidence), (Some("emergency_management"), Confidence::Guess));
}

#[test]
fn a_chinese_row_reported_done_is_no_draft_but_one_reported_under_way_stays() {
    let minutes = "某某公司安全生产例会纪要
时间：2026年4月9日

序号 | 工作事项 | 责任单位 | 完成时限 | 进展情况
1 | 更换仓库灭火器 | 安环部 | 4月5日 | 已完成
2 | 修复消防水池 | 设备部 | 4月30日 | 完成方案编制，正在施工
3 | 清理通道堆物 | 仓储部 | 4月8日 | 完成
";
    let drafts = drafts_of(minutes, date(2026, 4, 9));
    assert!(!drafts.iter().any(|d| d.text.contains("灭火器") || d.text.contains("通道堆物")), "{drafts:#?}");
    find(&drafts, "修复消防水池");
}
