//! English layouts read in issue 24's seventh round: action items numbered "Action 4.5.", items
//! with no modal under them and an "Owner:" of their own, motions carried ("RESOLVED that the
//! Office … plan and conduct …", "On motion by …, it was RESOLVED that …"), what members agreed
//! that a named office will do, and what the committee asked a body to do after noting its report.
//! Expected values are written by hand; no sentence is taken from the corpus.

use super::fixtures::{date, drafts_of, find};

const ACTIONS: &str = "RIVERTON COUNTY HARVEST SAFETY GROUP
Minutes of the Third Meeting

Date: 3 June 2026
Present: County Agriculture Bureau; County Health Commission; County Government Office

1. Minutes of the previous meeting
The minutes of the meeting of 6 May were confirmed without amendment.

2. Action items
The group agreed the following actions.

Action 2.1. The County Agriculture Bureau will check every grain dryer in the county. Owner: Agriculture Bureau. Due: 20 June.

Action 2.2. Each clinic to keep a stock of burn dressings and to confirm its referral route. Owner: County Health Commission. Due: 30 June.

Action 2.3. Used fuel drums to be collected at village points and sent for disposal. Owner: Ecology and Environment Sub-bureau. Due: 31 July.

3. Any other business

The chair reminded members that harvest is the busiest time of the year. Any fire at a drying site shall be reported to the County Government Office within one hour.

The meeting closed at 4 pm.
";

#[test]
fn an_action_numbered_with_its_label_is_an_item_even_without_a_modal() {
    let drafts = drafts_of(ACTIONS, date(2026, 6, 3));
    assert_eq!(find(&drafts, "grain dryer").deadline, Some(date(2026, 6, 20)));
    let clinic = find(&drafts, "burn dressings");
    assert_eq!(clinic.lead_function.as_deref(), Some("health"));
    assert_eq!(clinic.deadline, Some(date(2026, 6, 30)));
    assert!(!find(&drafts, "grain dryer").text.contains("burn dressings"), "{drafts:#?}");
}

#[test]
fn an_owner_line_naming_a_sub_bureau_gives_the_lead() {
    let drafts = drafts_of(ACTIONS, date(2026, 6, 3));
    assert_eq!(find(&drafts, "fuel drums").lead_function.as_deref(), Some("ecology_environment"));
}

#[test]
fn any_other_business_after_the_last_item_is_still_read() {
    let drafts = drafts_of(ACTIONS, date(2026, 6, 3));
    find(&drafts, "within one hour");
    assert!(drafts.iter().all(|d| !d.text.contains("confirmed without amendment")), "{drafts:#?}");
}

const MOTIONS: &str = "LAKE COUNTY DISASTER COUNCIL
MINUTES OF THE REGULAR MEETING
Tuesday, March 10, 2026

1. APPROVAL OF MINUTES

On motion by Supervisor Reyes, seconded by Chief Ortega, it was RESOLVED that the minutes of the February 10, 2026 meeting be approved as presented. Motion carried.

2. REPORT OF THE MANAGER

Mr. Hale reviewed the winter storms. He noted that the levee remains the main hazard. After discussion, members agreed that the Finance Department will set aside a reserve for sandbags by April 30.

3. FLOOD EXERCISE

Following discussion, on motion by Supervisor Reyes, seconded by Chief Ortega, it was

RESOLVED that the Office of Emergency Services plan and conduct a countywide flood evacuation exercise no later than September 30, 2026, in coordination with the Sheriff's Office; and

RESOLVED FURTHER that the County Office of Education ensure every school holds an evacuation drill by May 15, 2026.

Motion carried.

4. WATER

The Council noted the written report of the Lake Valley Municipal Water District and asked the District to inspect the valves on its storage tanks.

5. ADJOURNMENT

The meeting was adjourned at 11:40 a.m.
";

#[test]
fn a_resolution_on_a_line_of_its_own_asks_the_office_it_names() {
    let drafts = drafts_of(MOTIONS, date(2026, 3, 10));
    let exercise = find(&drafts, "flood evacuation exercise");
    assert_eq!(exercise.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(exercise.deadline, Some(date(2026, 9, 30)));
    assert_eq!(find(&drafts, "evacuation drill").lead_function.as_deref(), Some("education"));
}

#[test]
fn a_motion_approving_the_minutes_and_the_joint_before_a_resolution_ask_nothing() {
    let drafts = drafts_of(MOTIONS, date(2026, 3, 10));
    assert!(drafts.iter().all(|d| !d.text.contains("be approved as presented")), "{drafts:#?}");
    assert!(drafts.iter().all(|d| d.text.trim() != "And" && d.text.trim() != "and"), "{drafts:#?}");
}

#[test]
fn what_members_agreed_after_discussion_that_an_office_will_do_is_a_requirement() {
    let drafts = drafts_of(MOTIONS, date(2026, 3, 10));
    let reserve = find(&drafts, "reserve for sandbags");
    assert_eq!(reserve.lead_function.as_deref(), Some("finance"));
    assert_eq!(reserve.deadline, Some(date(2026, 4, 30)));
}

#[test]
fn what_the_council_asked_a_body_after_noting_its_report_is_a_requirement() {
    let drafts = drafts_of(MOTIONS, date(2026, 3, 10));
    find(&drafts, "inspect the valves");
}

const OWNERS: &str = "Minutes of the Joint Meeting on Pool Safety

4. Agreed actions

4.1 Water quality. The Health Commission will sample pool water at every water park once a fortnight.
ACTION: Health Commission

4.2 Lifeguards. The Culture and Tourism Bureau will check that every water park keeps a lifeguard on duty at each pool.
ACTION: Culture and Tourism / Public Security

5. Close
";

#[test]
fn an_action_label_over_names_only_says_who_acts_and_is_no_draft() {
    let drafts = drafts_of(OWNERS, date(2026, 8, 11));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "pool water").lead_function.as_deref(), Some("health"));
    assert!(drafts.iter().all(|d| !d.text.starts_with("Culture") && !d.text.starts_with("Health")), "{drafts:#?}");
}

#[test]
fn an_opinion_a_finding_and_a_call_to_make_every_effort_ask_nothing() {
    let minutes = "3. Assessment

The inspector said that rides were old. In his view every operator should be keeping a daily check sheet.

The internal audit found that the rule that trailers should be chocked was not followed.

The conference called on all levels to make every effort to ensure a safe holiday.

The Market Regulation Bureau shall inspect every large ride by August 28.
";
    let drafts = drafts_of(minutes, date(2026, 8, 11));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "every large ride");
}

/// A committee's report to council: "respectfully recommends:" over numbered items named in
/// title case, each with lettered recommendations "(a) That …" (issue 24, eleventh round).
const RECOMMENDS: &str = "CITY OF HARTWELL
COMMUNITY SERVICES COMMITTEE REPORT 26-004
Tuesday, April 14, 2026

THE COMMUNITY SERVICES COMMITTEE PRESENTS REPORT 26-004 AND RESPECTFULLY RECOMMENDS:

1. Special Event Permit - Canada Day Parade, Wednesday, July 1, 2026 (CS2026-019) (Ward 5)

(a) That the Hartwell Police Service be requested to provide paid-duty officers along the parade route;

(b) That Transportation Services implement temporary road closures of Colborne Street on the day of the event;

(c) That the Emergency Management Coordinator activate the Heat Response Plan should Environment Canada issue a heat warning.

2. 2025 Special Events Season Summary (CS2026-021) (City Wide)

That Report CS2026-021 be received for information.
";

#[test]
fn a_committees_recommendations_are_drafts_and_the_titles_of_its_items_are_not() {
    let drafts = drafts_of(RECOMMENDS, date(2026, 4, 14));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let police = find(&drafts, "paid-duty officers");
    assert_eq!(police.lead_function.as_deref(), Some("public_security"));
    assert!(police.title.starts_with("Provide paid-duty officers"), "{}", police.title);
    find(&drafts, "road closures");
    // "should Environment Canada issue …" is a condition of the plan's activation, one draft.
    assert!(find(&drafts, "Heat Response Plan").text.contains("heat warning"));
}

/// A board's motions "that X do …", "to authorize X to …", what a guest stated his body will
/// do, and the superintendent's directions listed after a colon (issue 24, eleventh round).
const BOARD: &str = "HARTWELL COUNTY BOARD OF EDUCATION
Regular Meeting, September 15, 2026

VI. REPORTS
Major Whitmire stated that the Sheriff's Office will continue targeted enforcement on State Route 61 through the end of October.

VII. ACTION ITEMS
Motion 2026-07: Motion by Mr. Lindquist, second by Capt. Medina, that the Hartwell County EMA schedule a full-scale tank car exercise no later than October 31, 2026. Motion carried unanimously.
Motion by Mr. Kimbrough, seconded by Mrs. Pruitt, to authorize the Superintendent to negotiate an agreement with a stop-arm camera vendor. Motion carried 6-1.
Moved by D. Lachance, seconded by S. Morin, that Recommendations 2026-03 to 2026-05 be forwarded to the Mine Manager. Carried.

VIII. SUPERINTENDENT'S DIRECTIONS
Dr. Whitaker summarized the directions she has given to staff following the discussion:
a. The Director of Transportation will relocate the Cedarcrest Road stop by September 21, 2026.
b. All bus drivers and monitors will complete refresher training by October 9, 2026.
";

#[test]
fn what_a_motion_moves_a_unit_to_do_and_the_directions_listed_are_drafts() {
    let drafts = drafts_of(BOARD, date(2026, 9, 15));
    for needle in [
        "targeted enforcement",
        "full-scale tank car exercise",
        "stop-arm camera",
        "Cedarcrest Road",
        "refresher training",
    ] {
        find(&drafts, needle);
    }
    assert_eq!(find(&drafts, "full-scale tank car exercise").deadline, Some(date(2026, 10, 31)));
    assert_eq!(find(&drafts, "refresher training").deadline, Some(date(2026, 10, 9)));
    // Passing recommendations on to someone asks no one to do anything.
    assert!(drafts.iter().all(|d| !d.text.contains("be forwarded")), "{drafts:#?}");
    assert_eq!(drafts.len(), 5, "{drafts:#?}");
}

/// Recommendations to an employer under numbered labels, and a committee's resolution that
/// endorses a plan and directs its staff.
const RECOMMENDATIONS_AND_DIRECTIONS: &str = "HARTWELL MINE JOINT HEALTH AND SAFETY COMMITTEE
Meeting of March 12, 2026

Recommendation 2026-05 (supervisor training): That the employer provide refresher training on gas testing to all shift bosses by June 30, 2026.

RISK AND RESILIENCE COMMITTEE
That the Committee:
1. To endorse the Heat-Health Action Plan 2026 subject to the amendments agreed at the meeting.
2. Directs staff to complete the replacement of backup batteries on all 21 sirens by 31 July 2026.
";

#[test]
fn a_numbered_recommendation_and_a_direction_to_staff_are_drafts_and_an_endorsement_is_not() {
    let drafts = drafts_of(RECOMMENDATIONS_AND_DIRECTIONS, date(2026, 3, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let training = find(&drafts, "refresher training");
    assert_eq!(training.deadline, Some(date(2026, 6, 30)));
    assert!(training.title.starts_with("The employer provide"), "{}", training.title);
    assert_eq!(find(&drafts, "backup batteries").deadline, Some(date(2026, 7, 31)));
}

#[test]
fn what_a_committee_requested_that_over_a_list_is_decided_item_by_item() {
    let minutes = "BOROUGH OF ELMSWORTH
COMMUNITIES COMMITTEE
Minutes of 3 February 2026

By consensus, the Committee further requested that:

- the Finance Director identify funding for new boilers at the two day centres in the spring budget review;
- Adult Social Care, with the Police Department's neighbourhood team, visit every known rough sleeper before the cold weather plan starts;
- the Communications Office add a \"Report a Pothole\" form to the council website.

The Chair thanked officers.
";
    let drafts = drafts_of(minutes, date(2026, 2, 3));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert_eq!(find(&drafts, "new boilers").lead_function.as_deref(), Some("finance"));
    assert_eq!(find(&drafts, "rough sleeper").lead_function.as_deref(), Some("civil_affairs"));
    find(&drafts, "Report a Pothole");
    let directed = "PARKS BOARD\nMinutes of 3 March 2026\n\nThe Board directed that:\n\n- the Parks Manager close the lake path until the railings are repaired;\n- the Finance Director report the cost of new railings to the April meeting.\n";
    let drafts = drafts_of(directed, date(2026, 3, 3));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    find(&drafts, "close the lake path");
}

#[test]
fn a_board_that_asks_a_body_in_its_list_of_directions_gives_that_body_a_task() {
    let minutes = "RIVERTON SCHOOL BOARD
Minutes of 9 September 2025

The Board gave the following direction to the Superintendent:

1. The Director of Facilities shall service every boiler before 1 October 2025.
2. The Board asks the County Health Department to train school nurses on treating heat illness before the next heat event.
";
    let drafts = drafts_of(minutes, date(2025, 9, 9));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "train school nurses").lead_function.as_deref(), Some("health"));
}

#[test]
fn a_passive_motion_that_names_who_leads_it_is_a_task() {
    let minutes = "HARBOUR BOARD
Minutes of 18 September 2025

MOTION 3: Ms. Grant moved, and Mr. Lowe seconded, that every fuel berth on the north quay be fitted with spill booms by December 31, 2025, with the Fire Department leading the installation.
Vote: 9 in favor, 0 opposed. Motion carried.

MOTION 4: Mr. Lowe moved, and Ms. Grant seconded, that the minutes of the August meeting be approved as written.
Motion carried.
";
    let drafts = drafts_of(minutes, date(2025, 9, 18));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    let booms = find(&drafts, "spill booms");
    assert_eq!(booms.deadline, Some(date(2025, 12, 31)));
    assert_eq!(booms.lead_function.as_deref(), Some("fire_rescue"));
}

/// A cabinet's resolution whose first clause notes a report and welcomes a plan, and the record
/// of the decision after its clauses, before the minutes go on to their next item.
const CABINET_NOTES_THEN_REQUESTS: &str = "Minutes of the Cabinet held on 14 October 2026

RESOLVED that the Cabinet:

(1) Notes the progress on the flood resilience programme set out in the report.

(2) Welcomes the draft Surface Water Management Plan.

(3) Requests the Director of Highways to clear every gully on the priority network by 30 November 2026.

Reasons for the decision: to ensure that the Council meets its duties as lead local flood authority.

Options considered and rejected: to defer the programme until the next financial year, to ensure that
costs are known.

14. Outstanding issues

There were no outstanding issues.
";

#[test]
fn what_a_resolution_notes_or_welcomes_and_the_reasons_for_it_ask_no_one() {
    let drafts = drafts_of(CABINET_NOTES_THEN_REQUESTS, date(2026, 10, 14));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(texts[0].contains("clear every gully"), "{texts:#?}");
    for framing in [
        "(4) Receives the annual report of the Flood Risk Partnership.",
        "(5) Acknowledges the work of the volunteer flood wardens.",
        "Reason for the decision: the Council must act as lead local flood authority.",
        "The meeting adjourned at 8:40 p.m.",
    ] {
        assert!(super::framing::is_framing(framing), "{framing}");
    }
}
