//! Layouts read after unseen-16's first score: an emergency team's agreed actions, each opened
//! by its owners' initials and a dash ("8. MH / LT – …"), where the attendance list groups people
//! under the bodies they come from and the actions are due "By: 18:00 today". The minutes are
//! made up for the tests; expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

const STORM_TEAM: &str = "GALWAY COUNTY COUNCIL
SEVERE WEATHER ASSESSMENT TEAM – STORM HECTOR

Meeting notes – meeting no. 1
Date: Monday 9 November 2026, 10:00
Chair: Aine Walsh, Director of Services

Attendees

Galway County Council
- Aine Walsh (AW), Director of Services – Chair
- Brian Keane (BK), Senior Engineer, Roads
- Ciara Daly (CD), Civil Defence Officer

An Garda Síochána
- Supt. Donal Egan (DE), Salthill District

National Ambulance Service
- Eimear Flynn (EF), Area Operations Manager
- Fiona Joyce (FJ), Duty Officer

1. Forecast
- Gusts of 120 km/h are expected on Tuesday morning.

Agreed actions

1. DE / BK – Close the Salthill promenade from 04:00 on Tuesday until the all-clear; Council crews to place the barriers. By: 04:00, 10 November.
2. CD – Transport home care staff where roads are impassable to normal vehicles, on request from the ambulance service. Ongoing.
3. EF / FJ – Review the outpatient lists and contact patients to reschedule; the ambulance service to base two 4x4 ambulances in Clifden. By: 17:00 today.
4. DE/CD: Patrol the piers at Spiddal during the warning period.
5. CD – Open the rest centre. By: 18:00 today.
";

#[test]
fn initials_and_a_dash_open_an_agreed_action_and_its_first_owner_leads_it() {
    let drafts = drafts_of(STORM_TEAM, date(2026, 11, 9));
    assert_eq!(drafts.len(), 5, "{drafts:#?}");
    // DE is listed under An Garda Síochána, his post naming no line of work: the group says it.
    let promenade = find(&drafts, "Salthill promenade");
    assert_eq!(promenade.lead_function.as_deref(), Some("public_security"));
    assert_eq!(promenade.title, "Close the Salthill promenade from 04:00 on Tuesday until the all-clear");
    let piers = find(&drafts, "piers at Spiddal");
    assert_eq!(piers.lead_function.as_deref(), Some("public_security"));
    assert_eq!(piers.title, "Patrol the piers at Spiddal during the warning period");
    // CD is the Civil Defence Officer.
    assert_eq!(find(&drafts, "home care staff").lead_function.as_deref(), Some("emergency_management"));
}

#[test]
fn an_action_opened_by_initials_is_one_draft_whatever_it_asks_after_a_semicolon() {
    let drafts = drafts_of(STORM_TEAM, date(2026, 11, 9));
    let lists = find(&drafts, "outpatient lists");
    assert!(lists.text.contains("4x4 ambulances in Clifden"), "{lists:#?}");
    assert_eq!(lists.lead_function.as_deref(), Some("health"));
    assert!(drafts.iter().all(|d| !d.title.starts_with("The ambulance service")), "{drafts:#?}");
}

#[test]
fn a_request_asked_for_is_no_speaker_asking() {
    // "on request from the ambulance service" is a noun: the action before it stays whole.
    let drafts = drafts_of(STORM_TEAM, date(2026, 11, 9));
    let care = find(&drafts, "home care staff");
    assert!(care.text.starts_with("CD – Transport home care staff"), "{care:#?}");
    assert_eq!(care.title, "Transport home care staff where roads are impassable to normal vehicles");
}

#[test]
fn due_by_a_time_today_is_the_meeting_day_and_by_a_time_and_date_is_that_date() {
    let drafts = drafts_of(STORM_TEAM, date(2026, 11, 9));
    assert_eq!(find(&drafts, "outpatient lists").deadline, Some(date(2026, 11, 9)));
    assert_eq!(find(&drafts, "Salthill promenade").deadline, Some(date(2026, 11, 10)));
    assert_eq!(find(&drafts, "home care staff").deadline, None);
    // "By: 18:00 today" on its own says when: the short action before it is no heading.
    let centre = find(&drafts, "rest centre");
    assert_eq!(centre.title, "Open the rest centre");
    assert_eq!(centre.deadline, Some(date(2026, 11, 9)));
}

const RECOMMENDATIONS: &str = "NORTHGATE BUSES LIMITED
Health, Safety and Environment Committee
Date: Tuesday 6 October 2026, 10:00

Present:
Alan Kerr, Operations Director (Chair)
Lucy Barker, Head of Safety, Health and Environment
Karen Dodds, Driver Training Manager

4. Near-miss investigation
4.1 A vehicle drifted across the centre line at 05:52 on 14 September 2026.
4.2 The Committee accepted the investigation's recommendations, as follows:

R1 Remove every duty pattern that gives a driver less than 12 hours' rest between duties.
   Owner: Scheduling Manager          Target date: 29/11/2026

R2 Offer screening for sleep apnoea to all drivers, starting with those with repeated alerts.
   Owner: HR Director, with Occupational Health   Target date: 01/12/2026

4.3 RECOMMENDED to the Board – That GBP 40,000 be provided to refurbish the drivers' rest rooms.
4.4 Lucy Barker will analyse the lane departure alerts of the last six months by 13 November 2026.

5. Secondary employment
5.1 Karen Dodds reminded the Committee that second jobs count towards a driver's hours and must be declared.
5.2 Karen Dodds will add a fatigue session to the driver training course by 15 December 2026.
";

#[test]
fn recommendations_numbered_r1_with_labels_side_by_side_below_are_items() {
    let drafts = drafts_of(RECOMMENDATIONS, date(2026, 10, 6));
    let rest = find(&drafts, "12 hours' rest");
    assert!(rest.title.starts_with("Remove every duty pattern"), "{rest:#?}");
    assert_eq!(rest.deadline, Some(date(2026, 11, 29)));
    assert_eq!(rest.lead_function.as_deref(), Some("transport"));
    // The owner's "with" and the due date after a wide gap are both read.
    let apnoea = find(&drafts, "sleep apnoea");
    assert_eq!(apnoea.deadline, Some(date(2026, 12, 1)));
    assert_eq!(apnoea.lead_function.as_deref(), Some("human_resources"));
    assert_eq!(apnoea.cooperating_functions, ["health"]);
}

#[test]
fn a_list_announced_by_a_numbered_line_ends_at_a_line_numbered_as_deep() {
    // 5.1 is no item of the recommendations 4.2 announced: what a member reminded the
    // Committee of asks nothing.
    let drafts = drafts_of(RECOMMENDATIONS, date(2026, 10, 6));
    assert!(drafts.iter().all(|d| !d.text.contains("second jobs")), "{drafts:#?}");
    // A decision numbered as deep goes on with the decisions.
    find(&drafts, "GBP 40,000");
    assert_eq!(drafts.len(), 5, "{drafts:#?}");
}

#[test]
fn a_person_present_named_in_full_acts_in_the_line_of_their_post() {
    let drafts = drafts_of(RECOMMENDATIONS, date(2026, 10, 6));
    assert_eq!(find(&drafts, "lane departure").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "fatigue session").lead_function.as_deref(), Some("human_resources"));
}

const BOARD_NARRATIVE: &str = "LONDON BOROUGH OF HACKNEY
MINUTES OF THE BUILDING SAFETY BOARD
HELD AT 2.00 P.M. ON WEDNESDAY, 15 APRIL 2026

Officers present:
Martin Cole – Director of Housing Property Services
Nadia Hussain – Head of Building Safety

4. CLADDING REMEDIATION
4.1 The Regulator has written to request the safety case reports for four blocks, and Ms Hussain undertook to submit them by 30 April.
4.2 The new fire alarm at Kestrel House awaits commissioning, which Mr Cole undertook to complete by 29 May 2026.
4.3 Mine managers present undertook to carry out the requirements of this meeting without delay.
";

#[test]
fn an_officer_who_undertook_to_act_has_a_task_in_the_line_of_their_post() {
    let drafts = drafts_of(BOARD_NARRATIVE, date(2026, 4, 15));
    let case = find(&drafts, "submit them by 30 April");
    // "them" takes up what the sentence reported: the draft keeps it, and so does its title.
    assert!(case.text.starts_with("The Regulator has written"), "{}", case.text);
    assert!(case.title.contains("safety case reports"), "{}", case.title);
    assert_eq!(case.deadline, Some(date(2026, 4, 30)));
    // "Martin Cole – Director of Housing Property Services": the attendance line with a dash;
    // "Mr Cole" is he.
    let alarm = find(&drafts, "undertook to complete by 29 May");
    assert_eq!(alarm.lead_function.as_deref(), Some("housing_construction"));
    // A pledge to do all the meeting asked is no task.
    assert!(drafts.iter().all(|d| !d.text.contains("requirements of this meeting")), "{drafts:#?}");
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

const WATER_ZH: &str = "县农村饮水安全工作会议纪要

4月7日，县政府召开农村饮水安全工作会议。

要做好抗旱和汛期供水应急保障。当前正值春播用水高峰，部分水源出水量明显减少。县水务局要修订完善抗旱应急供水预案，提前落实拉水车辆。

会议要求，要聚焦问题短板，全面开展农村供水工程隐患排查。县水务局要组织各乡镇逐村逐户排查，4月底前完成。

各单位要站在保障群众饮水安全的高度，充分认识农村供水工作的极端重要性，切实把这项工作抓紧抓实抓细。
";

#[test]
fn a_short_heading_over_the_situation_and_the_unit_it_asks_goes_with_that_unit() {
    let drafts = drafts_of(WATER_ZH, date(2026, 4, 7));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let plan = find(&drafts, "抗旱应急供水预案");
    assert_eq!(plan.lead_function.as_deref(), Some("water_resources"));
    assert!(plan.text.starts_with("要做好抗旱和汛期供水应急保障"), "{plan:#?}");
    // A heading of two phrases, the second of up to sixteen characters, likewise.
    let survey = find(&drafts, "逐村逐户排查");
    assert!(survey.text.contains("全面开展农村供水工程隐患排查"), "{survey:#?}");
    assert_eq!(survey.deadline, Some(date(2026, 4, 30)));
}

#[test]
fn a_companys_equipment_department_answers_for_the_safety_of_its_machines() {
    let minutes = "大连冷链物流有限公司安全生产委员会会议纪要\n\n7月28日，公司召开安全生产委员会会议。会议要求：\n1、设备部要在8月底前完成液氨管道和阀门的全面检测。\n";
    let drafts = drafts_of(minutes, date(2026, 7, 28));
    assert_eq!(find(&drafts, "液氨管道").lead_function.as_deref(), Some("emergency_management"));
}

const WAREHOUSE: &str = "HOLLOWAY LOGISTICS LTD
Corby Distribution Centre

SITE HEALTH & SAFETY COMMITTEE – MINUTES
Date: Thursday 3 September 2026, 14:00

Present:
MH  Mark Hale, General Manager
SJ  Sara James, Health & Safety Manager
NK  Nina Kerr, HR Business Partner

7. ACTION LOG
Ref     | Action                                                   | Owner | Due
--------|----------------------------------------------------------|-------|--------
A1/09   | Offload and barrier off Aisle 7 bays 14-22               | SJ    | 11 Sep
A2/09   | Run the site induction for agency starters on nights      | NK    | 18 Sep
A3/09   | Mark out the pedestrian walkways in the goods-in yard     | MH    | 30 Sep

8. ANY OTHER BUSINESS
Nina Kerr will brief the night shift on the new rota by 10 September.
";

#[test]
fn initials_in_the_owner_cell_of_an_action_table_name_the_owner_written_before_the_name() {
    let drafts = drafts_of(WAREHOUSE, date(2026, 9, 3));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    // Named in full, she is the one the initials stand for.
    assert_eq!(find(&drafts, "new rota").lead_function.as_deref(), Some("human_resources"));
    // "SJ  Sara James, Health & Safety Manager": the initials before the name are hers.
    assert_eq!(find(&drafts, "Offload and barrier").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "site induction").lead_function.as_deref(), Some("human_resources"));
    assert_eq!(find(&drafts, "site induction").deadline, Some(date(2026, 9, 18)));
}

#[test]
fn a_warehouses_own_tasks_are_its_workplace_safety_whatever_the_company_moves() {
    // The general manager's post names no line of work: the site's does.
    let drafts = drafts_of(WAREHOUSE, date(2026, 9, 3));
    assert_eq!(find(&drafts, "pedestrian walkways").lead_function.as_deref(), Some("emergency_management"));
}

const COLD_GROUP: &str = "HENNEPIN COUNTY EMERGENCY MANAGEMENT
Extreme cold coordination group
Date: December 10, 2026

The Library confirmed that three libraries will stay open until 9 p.m. whenever an Extreme Cold Warning is in effect, and the group asked the Library to have signage and staffing schedules in place by December 18.

Following discussion of an incident last February, the group asked Metro Transit to issue a written operating instruction by December 15.

The Chair said that the figures could not be trusted, and members asked that the Housing Department reconcile the shelter register by December 20.
";

#[test]
fn the_group_asking_a_body_after_what_it_heard_gives_that_body_a_task() {
    let drafts = drafts_of(COLD_GROUP, date(2026, 12, 10));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let signage = find(&drafts, "signage and staffing");
    assert_eq!(signage.deadline, Some(date(2026, 12, 18)));
    assert!(!signage.text.contains("stay open"), "{signage:#?}");
    // Named without "the", by its name alone.
    assert_eq!(find(&drafts, "operating instruction").deadline, Some(date(2026, 12, 15)));
    let register = find(&drafts, "shelter register");
    assert_eq!(register.lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn a_us_countys_road_and_bridge_department_purchasing_and_municipal_development_have_their_lines() {
    let minutes = "BOONE COUNTY COMMISSION\nRegular session, February 17, 2026\n\nStaff were directed as follows:\na) The Road and Bridge Department is to pre-position barricades at the low-water crossings by March 15.\nb) The Purchasing Director is to issue a request for proposals for water-level sensors by March 6.\nc) The Public Information Officer is to hold a public meeting for residents before the end of March.\nd) The Department of Municipal Development is to install pedestrian lighting at the bus stops.\n";
    let drafts = drafts_of(minutes, date(2026, 2, 17));
    assert_eq!(find(&drafts, "barricades").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "water-level sensors").lead_function.as_deref(), Some("finance"));
    assert_eq!(find(&drafts, "public meeting").lead_function.as_deref(), Some("general_office"));
    assert_eq!(find(&drafts, "pedestrian lighting").lead_function.as_deref(), Some("urban_management"));
}

const TAXI_LICENSING: &str = "NORTH KESTEVEN DISTRICT COUNCIL
LICENSING COMMITTEE
Minutes of a meeting held on Thursday, 29 January 2026.

Officers in attendance:
Claire Eastgate – Licensing Manager

5. TAXI AND PRIVATE HIRE DRIVER SAFEGUARDING
The Committee considered the report on taxi and private hire driver safeguarding. Every taxi driver and private hire driver must complete the training; hackney carriage and private hire operators were consulted.
RESOLVED that the Licensing Manager circulate the revised taxi and private hire licensing policy to all operators by 31 March 2026.

6. LATE-NIGHT PREMISES
RESOLVED that the Licensing Manager review the conditions of the late-night premises licences in the town centre by 30 April 2026.
";

#[test]
fn a_councils_licensing_of_taxis_is_transports_work() {
    let drafts = drafts_of(TAXI_LICENSING, date(2026, 1, 29));
    assert_eq!(find(&drafts, "licensing policy").lead_function.as_deref(), Some("transport"));
    // Licensing premises, in minutes that are not about taxis throughout, stays with market
    // regulation.
    let fewer = TAXI_LICENSING
        .replace(
            "Every taxi driver and private hire driver must complete the training; hackney carriage and private hire operators were consulted.",
            "",
        )
        .replace("5. TAXI AND PRIVATE HIRE DRIVER SAFEGUARDING", "5. DRIVER SAFEGUARDING");
    let drafts = drafts_of(&fewer, date(2026, 1, 29));
    assert_eq!(find(&drafts, "premises licences").lead_function.as_deref(), Some("market_regulation"));
    assert_eq!(find(&drafts, "licensing policy").lead_function.as_deref(), Some("transport"));
}

const PORT: &str = "GLADSTONE PORTS CORPORATION LIMITED
MARINE OPERATIONS SAFETY COMMITTEE
Date: Tuesday 30 June 2026

Outcome: The Committee agreed the following actions.

4.1 Replace the snap-back zone markings at all berths.
Responsible: Manager Asset Maintenance
Timing: Completed by 31 August 2026

4.2 Deliver line-handling refresher training to every mooring crew member.
Responsible: Superintendent Mooring Services, supported by Learning and Development
Timing: By 30 September 2026
";

#[test]
fn a_ports_company_is_in_transport_and_labels_run_together_are_read_apart() {
    let drafts = drafts_of(PORT, date(2026, 6, 30));
    // The company's name ("… PORTS CORPORATION") says its line where no post does.
    assert_eq!(find(&drafts, "snap-back").lead_function.as_deref(), Some("transport"));
    let training = find(&drafts, "refresher training");
    // The two label lines run together are read as two, and who supports cooperates.
    assert_eq!(training.deadline, Some(date(2026, 9, 30)));
    assert_eq!(training.lead_function.as_deref(), Some("transport"));
    assert_eq!(training.cooperating_functions, ["human_resources"]);
}

const CABINET: &str = "LIVERPOOL CITY COUNCIL
CABINET
MINUTES of the meeting of the Cabinet held on Tuesday, 2 June 2026

4. E-SCOOTER HIRE SCHEME – SAFETY REVIEW AND NEXT STEPS

4.1 The Cabinet considered the report of the Director of Highways setting out the findings of the safety review of the rental scheme.

4.2 The Cabinet Member introduced the report. In 2025/26 there were 41 injury collisions involving rental e-scooters.

4.3 RESOLVED that:

(1) the Head of Parking Services be asked to introduce a further 120 mandatory parking bays.
";

#[test]
fn an_item_named_for_its_review_and_next_steps_reports_before_it_decides() {
    let drafts = drafts_of(CABINET, date(2026, 6, 2));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "120 mandatory parking bays");
}

#[test]
fn a_bodys_staff_who_will_act_have_a_task_and_ones_own_staff_none() {
    let minutes = "OHIO OVERDOSE RESPONSE COUNCIL\nMinutes of the meeting held on Wednesday, March 11, 2026\n\n6. OTHER BUSINESS\nThe Chair noted that the Governor's office has asked for a single picture of the state's response. RecoveryOhio staff will prepare a consolidated quarterly report to the Governor by July 15, 2026. My staff will stay in close contact with yours. Roughly 180 agency staff will join the site in November.\n";
    let drafts = drafts_of(minutes, date(2026, 3, 11));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(find(&drafts, "consolidated quarterly report").deadline, Some(date(2026, 7, 15)));
}
