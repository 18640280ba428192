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
