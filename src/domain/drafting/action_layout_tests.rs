//! English layouts read in issue 24's ninth round: an action list whose items carry their owner
//! and due date on a line of labels, "Agreed actions:" over bulleted "X to …" items, council
//! resolutions and motions that direct a unit, bodies named as proper names, a body named later
//! by its head noun alone, and a company's line of work. The minutes are made up for the tests;
//! expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

const ACTION_LIST: &str = "HARTWELL CITY SAFETY COMMITTEE

ACTION LIST

Action 1. Issue the revised lifting procedure to every depot.
Lead: Risk Management and Safety. With: Personnel Services. Due: by the end of next month.

Action 2. Repaint the crossing markings at the three depots.
Lead: Public Works. Due: May 15, 2025.

Action 3. Publish the holiday opening hours of the pools.
Lead: Parks and Recreation. Due: none (standing).

OTHER BUSINESS
None.
";

#[test]
fn every_item_of_an_action_list_is_a_draft_with_the_owner_and_date_its_labels_give() {
    let drafts = drafts_of(ACTION_LIST, date(2025, 4, 23));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let first = find(&drafts, "lifting procedure");
    assert_eq!(first.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(first.cooperating_functions, vec!["human_resources".to_string()]);
    assert_eq!(first.deadline, Some(date(2025, 5, 31)));
    assert_eq!(find(&drafts, "crossing markings").deadline, Some(date(2025, 5, 15)));
    find(&drafts, "holiday opening hours");
}

const AGREED: &str = "Riverside Freight Ltd
Health and Safety Committee - Minutes

3. Loading bay incidents
The committee discussed two near misses at the loading bay.

Agreed actions:
- Facilities to install a barrier at the bay door. Installation to be completed by 31 August 2025.
- HSEQ to run an evacuation drill for the night shift, together with the Fire Service, by 31 October 2025.

4. Any other business
None.
";

#[test]
fn bulleted_items_under_agreed_actions_are_drafts_and_a_company_name_gives_its_line() {
    let drafts = drafts_of(AGREED, date(2025, 8, 14));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let drill = find(&drafts, "evacuation drill");
    assert_eq!(drill.lead_function.as_deref(), Some("emergency_management"));
    assert!(drill.cooperating_functions.contains(&"fire_rescue".to_string()), "{drill:#?}");
    assert_eq!(drill.deadline, Some(date(2025, 10, 31)));
    assert_eq!(drill.title, "Run an evacuation drill for the night shift");
    assert_eq!(find(&drafts, "barrier").deadline, Some(date(2025, 8, 31)));
    assert_eq!(super::meeting::company_line(AGREED), Some("transport"));
    assert_eq!(super::meeting::company_line("Minutes of the Council\nRiverside Freight Ltd"), None);
}

const RESOLUTIONS: &str = "MINUTES OF THE REGULAR MEETING OF COUNCIL

5.1 Report on winter roads

Moved by Councillor Reid, seconded by Councillor Amos:

THAT Council receive the report for information; and

THAT Council direct the Fire Department, in cooperation with the school boards, to deliver a bus evacuation session before the end of the school year; and

THAT Council direct the Clerk to write to the Police Service by February 20, 2026.

CARRIED.

MOTION 6-A: Supervisor Lee moved, seconded by Supervisor Ortiz, to direct the Department of Transportation to clear the evacuation routes by June 30, 2026. Motion carried 5-0.
";

#[test]
fn a_resolution_or_motion_that_directs_a_unit_is_that_units_draft() {
    let drafts = drafts_of(RESOLUTIONS, date(2026, 2, 9));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert_eq!(find(&drafts, "evacuation session").lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(find(&drafts, "write to the Police").deadline, Some(date(2026, 2, 20)));
    let routes = find(&drafts, "evacuation routes");
    assert_eq!(routes.lead_function.as_deref(), Some("transport"));
    assert_eq!(routes.deadline, Some(date(2026, 6, 30)));
}

const PARTNERS: &str = "COMMUNITY SAFETY PARTNERSHIP

Present: West Midshire Fire Service; Dam Safety Regulator; Trading Standards.

3.1 Partner updates

The Service reported a rise in deliberate fires. The Service will carry out arson-reduction visits on the estates identified by 31 October.

Trading Standards will carry out test purchases at fireworks retailers by 3 November.

Mr Gill confirmed that the Highways team, working with the police, will finalise the road closures by 5 December.

The hospital trust agreed to share injury data with the partnership by 28 November.
";

#[test]
fn a_named_bodys_undertaking_is_a_draft_and_its_short_name_is_the_body_named_before() {
    let drafts = drafts_of(PARTNERS, date(2025, 10, 9));
    assert_eq!(find(&drafts, "arson-reduction").lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(find(&drafts, "test purchases").lead_function.as_deref(), Some("market_regulation"));
    assert_eq!(find(&drafts, "road closures").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "injury data").deadline, Some(date(2025, 11, 28)));
    assert!(!drafts.iter().any(|d| d.text.contains("rise in deliberate fires")), "{drafts:#?}");
}

const DASHED: &str = "24. ACTION LIST

Action 0 - Head of Sport and Events to brief the race marshals. Due: 17 April 2026.

The Committee agreed the following action list.

Action 1 - Communications team to deliver letters to all residents on the route. Owner: Head of Communications. Due: 31 March 2026.

Action 2 - Arrange street cleansing along the route. Owner: Street Scene Manager. Due: 26 April 2026.

After discussion the committee agreed on the following. Dispatch (Anita Shah) will stop assigning any load that breaks the driving window. Maintenance will install fatigue cameras in every cab by March 31.

RESOLVED that:

(1) the Committee notes the report and the incidents set out in it;

(2) the Parking Services Manager shall mark out parking bays in each car park by 31 May 2026;

(3) authority is delegated to the Head of Regulatory Services to suspend a permit where a serious breach occurs.
";

#[test]
fn dashed_action_items_posts_as_owners_and_one_word_departments_are_read_and_a_noted_report_is_not() {
    let drafts = drafts_of(DASHED, date(2026, 3, 3));
    assert_eq!(drafts.len(), 6, "{drafts:#?}");
    assert_eq!(find(&drafts, "race marshals").lead_function.as_deref(), Some("sports"));
    let letters = find(&drafts, "deliver letters");
    assert_eq!(letters.lead_function.as_deref(), Some("general_office"));
    assert_eq!(letters.deadline, Some(date(2026, 3, 31)));
    assert_eq!(find(&drafts, "street cleansing").lead_function.as_deref(), Some("urban_management"));
    find(&drafts, "stop assigning");
    assert_eq!(find(&drafts, "fatigue cameras").deadline, Some(date(2026, 3, 31)));
    assert_eq!(find(&drafts, "parking bays").lead_function.as_deref(), Some("urban_management"));
    assert!(!drafts.iter().any(|d| d.text.contains("notes the report") || d.text.contains("delegated")));
}

const TELEGRAPHIC: &str = "CAMPUS SAFETY COMMITTEE

CSS/26/34  Fire safety in halls
(a) Alarms. The alarms were tested in August.
(b) Drills. Drills were held in every hall.
(c) Signage. New signs were fitted.

CSS/26/35  Welcome Week

Security Services to publish the arrivals traffic plan, with Estates providing barriers, by 17 September.

PSP to carry out residential security assessments for election officials on request.

Readiness to fight fires. It was discussed at length.

4. WATER SUPPLY

Action 4.1 - Riverina Water to publish the Level 2 restrictions by Wednesday 28 January.
Responsible: Manager Customer and Communications. Due: 28 January.

AGREED (unanimously) that:

(a) the response of the Council to the flooding be noted;

(b) the Housing Options team assign a named caseworker to each displaced household;
";

#[test]
fn a_name_then_to_an_action_item_anywhere_and_a_list_agreed_unanimously_are_read_past_numbered_minutes() {
    let drafts = drafts_of(TELEGRAPHIC, date(2026, 1, 22));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    assert_eq!(find(&drafts, "arrivals traffic plan").deadline, Some(date(2026, 9, 17)));
    find(&drafts, "residential security assessments");
    // The body the action names leads; the post on the labels' line answers for it.
    let restrictions = find(&drafts, "Level 2 restrictions");
    assert_eq!(restrictions.lead_function.as_deref(), Some("water_resources"));
    assert_eq!(restrictions.deadline, Some(date(2026, 1, 28)));
    assert_eq!(find(&drafts, "named caseworker").lead_function.as_deref(), Some("housing_construction"));
}

/// Notes by agency whose actions carry their owners in brackets after the label (issue 24's
/// eleventh round).
const OWNER_LABELS: &str = "HARTWELL BOROUGH COUNCIL
SAFETY ADVISORY GROUP

Notes of the meeting held on Tuesday 9 June 2026 at 14:00

3. Updates by agency

3.1 Fire and Rescue Service (HFRS)

The Station Manager reported on the audit of the North Stand.

ACTION (HFRS): carry out a follow-up audit of the North Stand by 30 June.

ACTION (Building Control Manager, with HFRS): inspect the temporary seating before the first event.

Action (Senior EHO / Building Control Manager) - inspect the catering units at the open day.

Actions (Building Control Manager): test the crush barriers in Block C before the season opens.

4. Any other business

None.
";

#[test]
fn an_action_label_with_owners_in_brackets_is_a_draft_led_by_its_first_owner() {
    let drafts = drafts_of(OWNER_LABELS, date(2026, 6, 9));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    let audit = find(&drafts, "follow-up audit");
    assert_eq!(audit.lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(audit.deadline, Some(date(2026, 6, 30)));
    assert!(audit.title.starts_with("Carry out a follow-up audit"), "{}", audit.title);
    let seating = find(&drafts, "temporary seating");
    assert_eq!(seating.lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(seating.cooperating_functions, vec!["fire_rescue".to_string()]);
    let catering = find(&drafts, "catering units");
    assert_eq!(catering.lead_function.as_deref(), Some("market_regulation"));
    assert!(catering.cooperating_functions.contains(&"housing_construction".to_string()), "{catering:#?}");
    // The plural label is a label too: its owners lead, and the label is no part of the title.
    let barriers = find(&drafts, "crush barriers");
    assert_eq!(barriers.lead_function.as_deref(), Some("housing_construction"));
    assert!(barriers.title.starts_with("Test the crush barriers"), "{}", barriers.title);
}

/// A committee's resolutions numbered "(1) … (4)", each opening with what the committee asks.
const NUMBERED_RESOLUTIONS: &str = "HARTWELL COUNCIL

Minutes of a meeting of the Communities Committee
held on Monday, 12th October, 2026 in the Council Chamber

35 PLAY AREAS

RESOLVED:

That the Committee

(1) note the report;

(2) request the Head of Parks to replace the worn safety surfacing at the six play areas by 31 March;

(3) request the Head of Communications to publish the inspection results on the Council's website.
";

#[test]
fn numbered_resolutions_that_request_an_officer_are_drafts_and_noting_is_none() {
    let drafts = drafts_of(NUMBERED_RESOLUTIONS, date(2026, 12, 6));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    // The ordinal day of the header dates the meeting, so "31 March" is the next one after it.
    assert_eq!(find(&drafts, "safety surfacing").deadline, Some(date(2027, 3, 31)));
    assert_eq!(find(&drafts, "inspection results").lead_function.as_deref(), Some("general_office"));
}

/// Decisions in the paragraph, then an "Action:" line: the owners and, after a dash, when — or,
/// after a dash, the action itself.
const ACTION_AFTER_A_DECISION: &str = "HARTWELL REGIONAL EMERGENCY MANAGEMENT COMMITTEE

Date: Tuesday 12 May 2026

5. PREPAREDNESS

5.3 Stormwater. The Committee resolved that each coastal council will inspect and clear the tidal flap gates on stormwater outlets.
Action: Hartwell and Port Ness councils (LEMOs) – by Friday 29 May 2026, ahead of the first king tide.

5.4 Roofs. Heavy snow is forecast for the district.
Action: Head of Highways — monitor snow depth on the depot roofs after every storm and report to the Committee.
";

#[test]
fn an_action_line_of_names_and_when_dates_the_decision_above_and_one_with_a_verb_is_its_own() {
    let drafts = drafts_of(ACTION_AFTER_A_DECISION, date(2026, 5, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "flap gates").deadline, Some(date(2026, 5, 29)));
    let roofs = find(&drafts, "snow depth");
    assert_eq!(roofs.lead_function.as_deref(), Some("transport"));
    assert!(roofs.title.starts_with("Monitor snow depth"), "{}", roofs.title);
}

/// A corrective action plan: numbered actions ("CAP-01"), each with its owner and due date on a
/// line of labels separated by a bar.
const ACTION_PLAN: &str = "HARTWELL MARKETS FOOD SAFETY COMMITTEE
Special meeting, Monday, February 8, 2027

5. CORRECTIVE ACTION PLAN
The committee approved the following corrective action plan.

CAP-01  Complete the root cause investigation with the supplier and report conclusions to the committee.
        Owner: Quality Assurance | Due: February 19, 2027

CAP-02  Retrain all deli associates on hold-and-release procedures.
        Owner: Learning and Development | Due: March 31, 2027

6. OTHER MATTERS
None.
";

#[test]
fn each_numbered_action_of_an_approved_plan_is_a_draft_with_the_owner_and_date_its_labels_give() {
    let drafts = drafts_of(ACTION_PLAN, date(2027, 2, 8));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let cause = find(&drafts, "root cause");
    assert_eq!(cause.lead_function.as_deref(), Some("market_regulation"));
    assert_eq!(cause.deadline, Some(date(2027, 2, 19)));
    let training = find(&drafts, "hold-and-release");
    assert_eq!(training.lead_function.as_deref(), Some("human_resources"));
    assert_eq!(training.deadline, Some(date(2027, 3, 31)));
}

/// Report-outs function by function, each ending in numbered taskings "Tasking 26-03: X to …".
const TASKINGS: &str = "HARTWELL COUNTY EMERGENCY MANAGEMENT
Shelter Operations Planning Meeting
Date: Wednesday, May 20, 2026

ESF-6 Mass Care (American Red Cross)
Report: The Red Cross reported 74 trained shelter workers against a target of 120.
Tasking 26-03: American Red Cross to recruit and train at least 46 additional shelter workers by June 30, 2026.
Tasking 26-04: Community Assistance Division and the American Red Cross jointly to pre-position cots in the shelter supply trailers.
";

#[test]
fn a_numbered_tasking_that_names_who_is_to_act_is_a_draft_titled_by_its_action() {
    let drafts = drafts_of(TASKINGS, date(2026, 5, 20));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let workers = find(&drafts, "46 additional shelter workers");
    assert!(workers.title.starts_with("Recruit and train"), "{}", workers.title);
    assert_eq!(workers.lead_function.as_deref(), Some("civil_affairs"));
    assert_eq!(workers.deadline, Some(date(2026, 6, 30)));
    find(&drafts, "pre-position cots");
}

/// An action register: numbered actions ("A26/14 – …"), each over a line of labels; one carried
/// over from an earlier meeting and closed.
const REGISTER: &str = "HARTWELL LOCAL EMERGENCY MANAGEMENT COMMITTEE
Date: Tuesday 18 August 2026

8. ACTION REGISTER

A26/03 – Replace the EOC standby generator.
Responsible: Council Facilities | Due: 31/07/2026 | Status: Closed

A26/14 – Update the committee's contact directory and recirculate it to all member agencies.
Responsible: Local Emergency Management Officer | Due: 15/09/2026 | Status: New

A26/15 – Flow-test hydrants in Balmoral Village and fit reflective hydrant markers where missing.
Responsible: Fire and Rescue Service | Due: 30/09/2026 | Status: New
";

#[test]
fn each_open_action_of_a_register_is_a_draft_and_a_closed_one_is_none() {
    let drafts = drafts_of(REGISTER, date(2026, 8, 18));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert!(drafts.iter().all(|d| !d.text.contains("standby generator")), "{drafts:#?}");
    assert_eq!(find(&drafts, "contact directory").deadline, Some(date(2026, 9, 15)));
    let hydrants = find(&drafts, "Flow-test hydrants");
    assert_eq!(hydrants.lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(hydrants.deadline, Some(date(2026, 9, 30)));
}

#[test]
fn an_action_line_goes_on_past_its_semicolon_unless_a_unit_takes_the_rest() {
    let minutes = "Riverside Arts Centre – Health & Safety Committee
Notes of meeting, Tuesday 3 February 2026, 10am

3. Ladders
- ACTION: Priya to replace the two cracked stepladders before the end of February; from 1 March nobody uses a ladder that has no inspection tag.
- ACTION: Dee to book the annual ladder inspection; the Fire Department shall inspect the escape stairs.
";
    let drafts = drafts_of(minutes, date(2026, 2, 3));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let ladders = find(&drafts, "cracked stepladders");
    assert!(ladders.text.ends_with("nobody uses a ladder that has no inspection tag."), "{ladders:#?}");
    assert_eq!(ladders.deadline, Some(date(2026, 2, 28)));
    assert!(!find(&drafts, "annual ladder inspection").text.contains("escape stairs"));
    assert_eq!(find(&drafts, "escape stairs").lead_function.as_deref(), Some("fire_rescue"));
}
